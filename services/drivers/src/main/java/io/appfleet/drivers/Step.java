package io.appfleet.drivers;

import io.appfleet.proto.fleet.v1.ReconcileStep;

/**
 * One planned device change. {@code details} is for people (events, dry-run); {@code app} is the
 * spec the step needs to build its commands (CONFIGURE, INSTALL) and null where none is needed.
 * Device-wide steps (CONFIGURE_CPP) have a null appId.
 */
public record Step(ReconcileStep kind, String appId, String details, AppSpec app) {

    public Step(ReconcileStep kind, String appId, String details) {
        this(kind, appId, details, null);
    }

    @Override
    public String toString() {
        return kind.name().replace("RECONCILE_STEP_", "") + (appId == null ? "" : " " + appId)
                + (details == null || details.isEmpty() ? "" : " (" + details + ")");
    }
}
