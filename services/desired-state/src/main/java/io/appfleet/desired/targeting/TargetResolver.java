package io.appfleet.desired.targeting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.appfleet.desired.manifest.AppDeployment.Targets;
import io.appfleet.desired.manifest.ManifestValidator;
import io.appfleet.platform.labels.LabelSelector;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.Device;

/**
 * Resolves {@code spec.targets} against the inventory: (platforms ∩ selector) ∪ devices.
 * Platforms alone mean every device of those platforms; a selector alone means every platform.
 * Decommissioned devices are never targeted. A device's {@code site} counts as the label
 * {@code site} when its labels do not set one, as {@code device.proto} promises selectors.
 */
public final class TargetResolver {

    private TargetResolver() {
    }

    public static Resolution resolve(Targets targets, Collection<Device> fleet, Function<String, Device> lookup) {
        TreeSet<String> devices = new TreeSet<>();
        int matches = -1;
        boolean usesSelector = !targets.platforms().isEmpty() || targets.selector() != null;
        if (usesSelector) {
            matches = 0;
            Set<String> platforms = new HashSet<>(targets.platforms());
            LabelSelector selector = targets.selector() == null ? LabelSelector.EVERYTHING
                    : ManifestValidator.toLabelSelector(targets.selector());
            for (Device d : fleet) {
                if (targetable(d) && (platforms.isEmpty() || platforms.contains(Platforms.name(d.getPlatform())))
                        && selector.matches(labelsOf(d))) {
                    devices.add(d.getId());
                    matches++;
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        List<String> decommissioned = new ArrayList<>();
        for (String id : targets.devices()) {
            Device d = lookup.apply(id);
            if (d == null) {
                unknown.add(id);
            } else if (!targetable(d)) {
                decommissioned.add(id);
            } else {
                devices.add(id);
            }
        }
        return new Resolution(devices, matches, List.copyOf(unknown), List.copyOf(decommissioned));
    }

    public static boolean targetable(Device d) {
        return d.getAdminState() != AdminState.ADMIN_STATE_DECOMMISSIONED;
    }

    /** The labels a selector sees: the device's labels plus {@code site} from the site field. */
    public static Map<String, String> labelsOf(Device d) {
        if (d.getSite().isEmpty() || d.getLabelsMap().containsKey("site")) {
            return d.getLabelsMap();
        }
        Map<String, String> labels = new HashMap<>(d.getLabelsMap());
        labels.put("site", d.getSite());
        return labels;
    }
}
