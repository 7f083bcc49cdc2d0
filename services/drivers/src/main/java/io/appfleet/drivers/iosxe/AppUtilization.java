package io.appfleet.drivers.iosxe;

import java.util.Map;

/** {@code show app-hosting utilization appid X}. The device gives memory used in KB, allocation in MB. */
public record AppUtilization(String appId, Cpu cpu, Memory memory, Disk disk, Map<String, String> other) {

    public record Cpu(Long allocationUnits, Double usedPercent, String cores) {
    }

    public record Memory(Long allocationMb, Long usedKb) {
    }

    public record Disk(Long allocationMb, Double usedMb) {
    }
}
