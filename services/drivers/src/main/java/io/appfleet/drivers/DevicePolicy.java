package io.appfleet.drivers;

import java.util.Map;

/**
 * Device-wide settings from the manifests' {@code devicePolicy}: CPP policer class name to
 * whether its policer should be enabled. Classes not named are left as they are.
 */
public record DevicePolicy(Map<String, Boolean> cppPolicerEnabled) {

    public static final DevicePolicy NONE = new DevicePolicy(Map.of());

    public DevicePolicy {
        cppPolicerEnabled = cppPolicerEnabled == null ? Map.of() : Map.copyOf(cppPolicerEnabled);
    }
}
