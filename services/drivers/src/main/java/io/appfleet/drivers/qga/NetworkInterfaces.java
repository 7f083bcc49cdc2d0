package io.appfleet.drivers.qga;

import java.util.List;

/** guest-network-get-interfaces. */
public record NetworkInterfaces(List<Interface> interfaces) implements QgaReply {

    /** ipAddresses is empty when the guest lists none; hardwareAddress and statistics may be null. */
    public record Interface(String name, String hardwareAddress, List<IpAddress> ipAddresses, Statistics statistics) {
    }

    /** ipAddressType is "ipv4" or "ipv6". */
    public record IpAddress(String ipAddress, String ipAddressType, Integer prefix) {
    }

    /** Since QEMU 2.11; counters since the interface came up. */
    public record Statistics(Long rxBytes, Long rxPackets, Long rxErrs, Long rxDropped,
                             Long txBytes, Long txPackets, Long txErrs, Long txDropped) {
    }
}
