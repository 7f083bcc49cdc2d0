package io.appfleet.drivers.iosxe;

import java.util.List;
import java.util.Map;

/**
 * {@code show sdwan app-hosting oper-data}: the oper YANG tree as confd prints it. Leaves keep
 * their YANG path below the list entry ("package-information application type") as map keys;
 * whole numbers are Long, {@code ""} is the empty string.
 */
public record SdwanOperData(List<App> apps, Map<String, Map<String, Object>> resources,
                            List<Map<String, Object>> notifications, Map<String, Object> globals) {

    public record App(String appId, String state, Map<String, Object> details, Map<String, Object> utilization,
                      Map<String, Map<String, Object>> blocks, List<NicStats> nicStats, List<Device> devices,
                      List<Vnic> vnics, Map<String, Object> other) {
    }

    public record NicStats(String name, String alias, long rxPackets, long rxBytes, long rxErrors, long txPackets,
                           long txBytes, long txErrors) {
    }

    public record Device(String name, String type, String alias) {
    }

    public record Vnic(String macAddress, String attachedInterface, String ipv4Address, String networkName,
                       String ipv6Address) {
    }
}
