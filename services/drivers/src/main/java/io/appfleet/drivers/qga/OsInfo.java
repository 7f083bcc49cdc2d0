package io.appfleet.drivers.qga;

/** guest-get-osinfo: uname plus os-release on POSIX guests. Every member is optional. */
public record OsInfo(String id, String name, String prettyName, String version, String versionId,
                     String variant, String variantId, String kernelRelease, String kernelVersion,
                     String machine) implements QgaReply {
}
