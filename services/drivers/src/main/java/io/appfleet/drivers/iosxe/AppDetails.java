package io.appfleet.drivers.iosxe;

import java.util.List;
import java.util.Map;

/**
 * {@code show app-hosting detail [appid X]}. Values the device leaves empty are null. Lines we
 * have no field for are kept in {@code other} under "Section/Key" so newer releases lose nothing.
 */
public record AppDetails(List<App> apps) {

    public record App(String appId, String owner, String state, String packageName, String version, String type,
                      String description, String author, String packagePath, String urlPath,
                      String activatedProfile, Resources resources, List<ResourceProfile> platformProfiles,
                      List<AttachedDevice> attachedDevices, List<NetworkInterface> networkInterfaces,
                      Health health, List<PortForward> portForwarding, Map<String, String> other) {
    }

    public record Resources(Long memoryMb, Long diskMb, Long cpuUnits, Long cpuPercent, Long vcpu) {
    }

    public record ResourceProfile(String name, long cpuUnits, long cpuPercent, long memoryMb, long diskMb) {
    }

    public record AttachedDevice(String type, String name, String alias) {
    }

    public record NetworkInterface(String name, String macAddress, String ipv4Address, String ipv6Address,
                                   String networkName, String multicast, String mirroring) {
    }

    public record Health(String status, String lastProbeError, String lastProbeOutput) {
    }

    public record PortForward(long tableEntry, String service, String sourcePort, String destinationPort) {
    }
}
