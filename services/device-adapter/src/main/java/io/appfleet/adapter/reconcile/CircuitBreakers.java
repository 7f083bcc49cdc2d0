package io.appfleet.adapter.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One breaker per device. After {@code threshold} consecutive connection failures the breaker
 * opens: passes and telemetry polls skip the device without dialling it until the open period
 * ends, and the period doubles (up to {@code maxOpen}) each time a trial connection fails again.
 * A thousand unreachable devices then cost a trickle of connection attempts, not a storm.
 */
public final class CircuitBreakers {

    /**
     * {@code lastOpen} is null until the breaker first opens; {@code openUntilNanos} means
     * nothing before that (any long, 0 included, is a valid {@link System#nanoTime()}).
     */
    private record State(int failures, long openUntilNanos, Duration lastOpen) {
        boolean openAt(long now) {
            return lastOpen != null && openUntilNanos - now > 0;
        }
    }

    private final int threshold;
    private final Duration firstOpen;
    private final Duration maxOpen;
    private final LongSupplier nanoClock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreakers(int threshold, Duration firstOpen, Duration maxOpen) {
        this(threshold, firstOpen, maxOpen, System::nanoTime);
    }

    CircuitBreakers(int threshold, Duration firstOpen, Duration maxOpen, LongSupplier nanoClock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be at least 1, got " + threshold);
        }
        if (firstOpen.isNegative() || firstOpen.isZero() || maxOpen.compareTo(firstOpen) < 0) {
            throw new IllegalArgumentException("breaker needs 0 < open <= max-open, got " + firstOpen + " and " + maxOpen);
        }
        this.threshold = threshold;
        this.firstOpen = firstOpen;
        this.maxOpen = maxOpen;
        this.nanoClock = nanoClock;
    }

    /** How long the device's breaker stays open from now; zero when a connection may be tried. */
    public Duration remainingOpen(String deviceId) {
        State s = states.get(deviceId);
        long now = nanoClock.getAsLong();
        return s != null && s.openAt(now) ? Duration.ofNanos(s.openUntilNanos - now) : Duration.ZERO;
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
                return new State(failures, 0, null);
            }
            Duration open = s == null || s.lastOpen == null ? firstOpen : min(s.lastOpen.multipliedBy(2), maxOpen);
            return new State(failures, nanoClock.getAsLong() + open.toNanos(), open);
        });
        return next.lastOpen != null;
    }

    public void forget(String deviceId) {
        states.remove(deviceId);
    }

    public long openCount() {
        long now = nanoClock.getAsLong();
        return states.values().stream().filter(s -> s.openAt(now)).count();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
