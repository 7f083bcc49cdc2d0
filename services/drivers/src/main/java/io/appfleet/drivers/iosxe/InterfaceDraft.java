package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.AppDetails.NetworkInterface;

/** One "ethN:" block of a detail listing while its lines are read. */
final class InterfaceDraft {

    private final String name;
    private String mac;
    private String ipv4;
    private String ipv6;
    private String network;
    private String multicast;
    private String mirroring;

    InterfaceDraft(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    boolean set(String key, String v) {
        switch (key) {
            case "MAC address" -> mac = v;
            case "IPv4 address" -> ipv4 = v;
            case "IPv6 address" -> ipv6 = v;
            case "Network name" -> network = v;
            case "Multicast" -> multicast = v;
            case "Mirroring" -> mirroring = v;
            default -> {
                return false;
            }
        }
        return true;
    }

    NetworkInterface build() {
        return new NetworkInterface(name, mac, ipv4, ipv6, network, multicast, mirroring);
    }
}
