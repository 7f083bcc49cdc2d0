package io.appfleet.drivers.qga;

/** guest-get-host-name: the guest's own host name. */
public record HostName(String hostName) implements QgaReply {
}
