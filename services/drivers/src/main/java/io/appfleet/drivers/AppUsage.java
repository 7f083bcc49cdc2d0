package io.appfleet.drivers;

/** One app's utilization; any figure the platform does not report is null. */
public record AppUsage(String appId, Long cpuAllocationUnits, Double cpuUsedPercent, Long memoryAllocationMb,
                       Long memoryUsedKb, Long diskAllocationMb, Double diskUsedMb) {
}
