package io.appfleet.telemetry.fleet;

import java.util.Set;

import io.appfleet.platform.labels.LabelSelector;

/**
 * Which devices a list shows; a null field matches every device. Values are the lowercase names of
 * the metrics ({@link FleetNames}); {@code site} is inventory's site ({@code unknown} for none);
 * {@code selector} sees the device's labels plus {@code site}, as deployment selectors do.
 */
public record DeviceFilter(String platform, String site, LabelSelector selector, String sync, String health,
        String reachability) {

    public static final DeviceFilter ALL = new DeviceFilter(null, null, null, null, null, null);

    /**
     * Parses query parameters (null or blank: no filter).
     *
     * @throws InvalidQueryException naming the parameter and the values it accepts
     */
    public static DeviceFilter of(String platform, String site, String selector, String sync, String health,
            String reachability) {
        LabelSelector s = null;
        if (selector != null && !selector.isBlank()) {
            try {
                s = LabelSelector.parse(selector);
            } catch (LabelSelector.InvalidSelectorException e) {
                throw new InvalidQueryException("selector", e.getMessage());
            }
        }
        return new DeviceFilter(one("platform", platform, FleetNames.platforms()), blankToNull(site), s,
                one("sync", sync, FleetNames.syncs()), one("health", health, FleetNames.healths()),
                one("reachability", reachability, FleetNames.reachabilities()));
    }

    boolean matches(FleetView.DeviceEntry d) {
        FleetView.ObservedEntry o = d.observed();
        return (platform == null || platform.equals(d.inventory().platform()))
                && (site == null || site.equals(d.inventory().siteLabel()))
                && (selector == null || selector.matches(d.inventory().selectorLabels()))
                && (sync == null || sync.equals(o == null ? FleetNames.UNKNOWN : o.sync()))
                && (health == null || health.equals(o == null ? FleetNames.UNKNOWN : o.health()))
                && (reachability == null || reachability.equals(o == null ? FleetNames.UNKNOWN : o.reachability()));
    }

    private static String one(String field, String value, Set<String> accepted) {
        String v = blankToNull(value);
        if (v != null && !accepted.contains(v)) {
            throw new InvalidQueryException(field, "unknown value '" + v + "'; one of " + String.join(", ", accepted));
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
