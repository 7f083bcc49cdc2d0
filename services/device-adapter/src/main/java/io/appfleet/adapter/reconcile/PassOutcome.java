package io.appfleet.adapter.reconcile;

import io.appfleet.proto.fleet.v1.ObservedDeviceState;

import java.time.Duration;

/**
 * How a pass ended and what the queue does next. {@code observed} is what was published (null
 * when nothing was).
 */
public record PassOutcome(Next next, Duration delay, ObservedDeviceState observed) {

    public enum Next {
        /** Done: the device is as desired (or as close as it can be without a change); resync later. */
        RESYNC,
        /** A transient failure: retry after the device's backoff. */
        RETRY,
        /** The breaker is open: come back when it half-opens ({@code delay}). */
        WAIT,
        /** Cannot proceed until its inputs change (host key, credentials, bad desired state); resync slowly. */
        PARK,
        /** The device left this adapter (decommissioned, deleted): forget it. */
        DROP
    }

    static PassOutcome of(Next next, ObservedDeviceState observed) {
        return new PassOutcome(next, Duration.ZERO, observed);
    }
}
