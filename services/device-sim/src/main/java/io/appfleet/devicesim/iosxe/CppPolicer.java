package io.appfleet.devicesim.iosxe;

/**
 * The {@code system-cpp-police-sys-data} class (PlcIdx 10) of {@code system-cpp-policy}. While
 * the policer is on and an app is RUNNING, the app's punted traffic (a fixed offered load) is
 * cut to the policer rate and the excess counts as drops. Counters advance lazily from elapsed
 * time when read, so no timer runs per device.
 */
public final class CppPolicer {

    /** Packets per second the simulated app traffic offers to the sys-data queues. */
    static final long OFFERED_PPS = 1000;
    static final long FRAME_BYTES = 512;

    private final int defaultRate;
    private boolean enabled = true;
    private int rate;
    private long acceptFrames;
    private long dropFrames;
    private long lastUpdateMs;
    private double carry;

    public CppPolicer(int defaultRate, long nowMs) {
        this.defaultRate = defaultRate;
        this.rate = defaultRate;
        this.lastUpdateMs = nowMs;
    }

    /** Brings counters up to {@code nowMs}; {@code trafficFlows} is whether an app was RUNNING. */
    public synchronized void advance(long nowMs, boolean trafficFlows) {
        long elapsed = Math.max(0, nowMs - lastUpdateMs);
        lastUpdateMs = nowMs;
        if (!trafficFlows || elapsed == 0) {
            return;
        }
        double seconds = elapsed / 1000.0;
        long accepted = enabled ? Math.min(rate, OFFERED_PPS) : OFFERED_PPS;
        acceptFrames += (long) (accepted * seconds);
        if (enabled && OFFERED_PPS > rate) {
            carry += (OFFERED_PPS - rate) * seconds;
            long whole = (long) carry;
            dropFrames += whole;
            carry -= whole;
        }
    }

    public synchronized void police(int pps) {
        enabled = true;
        rate = pps;
    }

    /** {@code no police}: CoPP off for every queue of the class. */
    public synchronized void noPolice() {
        enabled = false;
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    public synchronized int rate() {
        return rate;
    }

    public int defaultRate() {
        return defaultRate;
    }

    public synchronized long acceptFrames() {
        return acceptFrames;
    }

    public synchronized long dropFrames() {
        return dropFrames;
    }

    public synchronized long dropBytes() {
        return dropFrames * FRAME_BYTES;
    }

    public synchronized long acceptBytes() {
        return acceptFrames * FRAME_BYTES;
    }
}
