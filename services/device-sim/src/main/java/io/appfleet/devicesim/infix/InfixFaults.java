package io.appfleet.devicesim.infix;

/**
 * Faults injected into one simulated Infix device. Volatile or synchronized: tests set them
 * while server threads read them. Out-of-band crashes are {@link InfixDevice#crash}.
 */
public final class InfixFaults {

    private volatile long latencyMs;
    private int failStatus;
    private int failCount;
    private boolean failWritesOnly;

    /** Delay before every reply. */
    public InfixFaults latencyMs(long ms) {
        this.latencyMs = ms;
        return this;
    }

    public long latencyMs() {
        return latencyMs;
    }

    /** The next {@code count} authenticated requests answer {@code status} (500, 503) with an error body. */
    public synchronized InfixFaults failNext(int status, int count) {
        this.failStatus = status;
        this.failCount = count;
        this.failWritesOnly = false;
        return this;
    }

    /** As {@link #failNext}, counting only writes (PUT, PATCH, DELETE, POST); reads pass. */
    public synchronized InfixFaults failNextWrites(int status, int count) {
        failNext(status, count);
        this.failWritesOnly = true;
        return this;
    }

    /** The status the current request must fail with (consuming one), or 0. */
    synchronized int takeFailure(String method) {
        if (failCount <= 0 || (failWritesOnly && method.equals("GET"))) {
            return 0;
        }
        failCount--;
        return failStatus;
    }

    public synchronized void clear() {
        latencyMs = 0;
        failStatus = 0;
        failCount = 0;
        failWritesOnly = false;
    }
}
