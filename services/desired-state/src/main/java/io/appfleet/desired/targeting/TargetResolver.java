package io.appfleet.desired.targeting;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

    /**
     * The labels a selector sees: the device's labels plus {@code site} from the site field. A view, not a copy:
     * a selector only looks labels up, and copying each device's labels for every deployment tested against it
     * was a tenth of a large apply's CPU time.
     */
    public static Map<String, String> labelsOf(Device d) {
        if (d.getSite().isEmpty() || d.getLabelsMap().containsKey("site")) {
            return d.getLabelsMap();
        }
        return new WithSite(d.getLabelsMap(), d.getSite());
    }

    /** Read-only labels with {@code site} added. */
    private static final class WithSite extends AbstractMap<String, String> {
        private final Map<String, String> labels;
        private final String site;
        private Set<Map.Entry<String, String>> entries;

        WithSite(Map<String, String> labels, String site) {
            this.labels = labels;
            this.site = site;
        }

        @Override
        public String get(Object key) {
            return "site".equals(key) ? site : labels.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return "site".equals(key) || labels.containsKey(key);
        }

        @Override
        public int size() {
            return labels.size() + 1;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            if (entries == null) {
                Map<String, String> all = new HashMap<>(labels);
                all.put("site", site);
                entries = Collections.unmodifiableMap(all).entrySet();
            }
            return entries;
        }
    }
}
