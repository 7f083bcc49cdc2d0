package io.appfleet.drivers.iosxe;

/** The "CPU:" block of resource and infra output; releases print it in percent, units, or both. */
public record CpuQuota(Long quotaPercent, Long availablePercent, Long quotaUnits, Long availableUnits) {
}
