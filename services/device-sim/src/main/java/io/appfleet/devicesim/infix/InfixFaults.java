package io.appfleet.devicesim.infix;

import io.appfleet.devicesim.FaultRates;

import java.util.Random;

/**
 * Faults injected into one simulated Infix device. Volatile or synchronized: tests set them
 * while server threads read them. Out-of-band crashes are {@link InfixDevice#crash}.
 * {@link #rates} adds probabilistic faults per request, drawn from a seeded {@link Random}:
 * dropSessionRate (the request is carried out, then the connection closes with no reply),
 * stallRate (no reply until the client gives up), installFailureRate (a config write is
 * answered 500), crashRate (a running container exits). wrongStateRate does not apply:
 * RESTCONF container actions have no state refusals (start of a running container is a no-op).
 */
public final class InfixFaults {

    private volatile long latencyMs;
    private int failStatus;
    private int failCount;
    private boolean failWritesOnly;
    private volatile FaultRates rates = FaultRates.NONE;
    private Random random = new Random(0);

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

    /** Probabilistic faults from now on, drawn from {@code new Random(seed)}. */
    public synchronized InfixFaults rates(FaultRates r, long seed) {
        this.rates = r == null ? FaultRates.NONE : r;
        this.random = new Random(seed);
        return this;
    }

    public FaultRates rates() {
        return rates;
    }

    synchronized boolean takeDrop() {
        return roll(rates.dropSessionRate());
    }

    synchronized boolean takeStall() {
        return roll(rates.stallRate());
    }

    synchronized boolean takeCrash() {
        return roll(rates.crashRate());
    }

    /** Only config writes (PUT, PATCH) draw: that is where a container is created or replaced. */
    synchronized boolean takeInstallFailure(String method) {
        return (method.equals("PUT") || method.equals("PATCH")) && roll(rates.installFailureRate());
    }

    private boolean roll(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    public synchronized void clear() {
        rates = FaultRates.NONE;
        latencyMs = 0;
        failStatus = 0;
        failCount = 0;
        failWritesOnly = false;
    }
}
