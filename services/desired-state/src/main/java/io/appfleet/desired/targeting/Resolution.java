package io.appfleet.desired.targeting;

import java.util.List;
import java.util.SortedSet;

/**
 * The devices a deployment targets right now. {@code selectorMatches} counts the devices matched
 * by platforms and selector (before the explicit list is added); it is -1 when the deployment
 * names neither. Unknown and decommissioned explicit devices are reported, not targeted.
 */
public record Resolution(SortedSet<String> devices, int selectorMatches, List<String> unknownDevices,
        List<String> decommissionedDevices) {

    public boolean usesSelector() {
        return selectorMatches >= 0;
    }

    public boolean contains(String deviceId) {
        return devices.contains(deviceId);
    }
}
