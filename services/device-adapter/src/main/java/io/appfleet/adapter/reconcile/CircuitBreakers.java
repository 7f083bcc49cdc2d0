package io.appfleet.adapter.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One breaker per device. After {@code threshold} consecutive connection failures the breaker
 * opens: passes and telemetry polls skip the device without dialling it until the open period
 * ends, and the period doubles (up to {@code maxOpen}) each time a trial connection fails again.
 * A thousand unreachable devices then cost a trickle of connection attempts, not a storm.
 */
public final class CircuitBreakers {

    private record State(int failures, long openUntilNanos, Duration lastOpen) {
    }

    private final int threshold;
    private final Duration firstOpen;
    private final Duration maxOpen;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreakers(int threshold, Duration firstOpen, Duration maxOpen) {
        this.threshold = threshold;
        this.firstOpen = firstOpen;
        this.maxOpen = maxOpen;
    }

    /** How long the device's breaker stays open from now; zero when a connection may be tried. */
    public Duration remainingOpen(String deviceId) {
        State s = states.get(deviceId);
        if (s == null || s.openUntilNanos == 0) {
            return Duration.ZERO;
        }
        long left = s.openUntilNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    public boolean isOpen(String deviceId) {
        return !remainingOpen(deviceId).isZero();
    }

    public void success(String deviceId) {
        states.remove(deviceId);
    }

    /** @return true when this failure opened (or re-opened) the breaker */
    public boolean failure(String deviceId) {
        State next = states.compute(deviceId, (k, s) -> {
            int failures = s == null ? 1 : s.failures + 1;
            if (failures < threshold) {
                return new State(failures, 0, s == null ? null : s.lastOpen);
            }
            Duration open = s == null || s.lastOpen == null ? firstOpen : min(s.lastOpen.multipliedBy(2), maxOpen);
            return new State(failures, System.nanoTime() + open.toNanos(), open);
        });
        return next.openUntilNanos != 0;
    }

    public void forget(String deviceId) {
        states.remove(deviceId);
    }

    public long openCount() {
        long now = System.nanoTime();
        return states.values().stream().filter(s -> s.openUntilNanos != 0 && s.openUntilNanos - now > 0).count();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
