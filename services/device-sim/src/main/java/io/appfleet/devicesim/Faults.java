package io.appfleet.devicesim;

import java.util.Random;

/**
 * Faults injected into one simulated device. All fields are volatile: tests set them from their
 * own thread while SSH session threads read them. One-shot faults ({@link #dropNextCommands},
 * {@link #stallNextCommands}, the flags) come first; {@link #rates} adds probabilistic ones,
 * drawn from a seeded {@link Random} so that a test run is reproducible.
 */
public final class Faults {

    private volatile long latencyMs;
    private volatile int dropSessions;
    private volatile int stalls;
    private volatile boolean wrongStateReplies;
    private volatile boolean installFailure;
    private volatile String installFailureOf;
    private volatile long installDelayMs = -1;
    private volatile FaultRates rates = FaultRates.NONE;
    /** Guarded by this. */
    private Random random = new Random(0);

    /** Delay before every command's reply. */
    public Faults latencyMs(long ms) {
        this.latencyMs = ms;
        return this;
    }

    public long latencyMs() {
        return latencyMs;
    }

    /** The next {@code count} commands close the channel after echoing part of their reply. */
    public Faults dropNextCommands(int count) {
        this.dropSessions = count;
        return this;
    }

    /** True (and consumes one) when the current command must drop the session. */
    public synchronized boolean takeDrop() {
        if (dropSessions > 0) {
            dropSessions--;
            return true;
        }
        return roll(rates.dropSessionRate());
    }

    /**
     * The next {@code count} commands get no reply at all while the session stays open, as from a
     * device whose CLI hangs: only the client's own timeout ends the wait.
     */
    public Faults stallNextCommands(int count) {
        this.stalls = count;
        return this;
    }

    /** True (and consumes one) when the current command must hang. */
    public synchronized boolean takeStall() {
        if (stalls > 0) {
            stalls--;
            return true;
        }
        return roll(rates.stallRate());
    }

    /**
     * Probabilistic faults from now on, drawn from {@code new Random(seed)}: the same seed and the
     * same sequence of commands give the same faults.
     */
    public synchronized Faults rates(FaultRates r, long seed) {
        this.rates = r == null ? FaultRates.NONE : r;
        this.random = new Random(seed);
        return this;
    }

    public FaultRates rates() {
        return rates;
    }

    /** True when the current lifecycle verb must be refused: the flag, or a draw against wrongStateRate. */
    public synchronized boolean takeWrongState() {
        return wrongStateReplies || roll(rates.wrongStateRate());
    }

    /** True when the current install must fail: the flag, or a draw against installFailureRate. */
    public synchronized boolean takeInstallFailure() {
        return installFailure || roll(rates.installFailureRate());
    }

    /** As {@link #takeInstallFailure()}, and also when the package is one {@link #installFailureOf} names. */
    public synchronized boolean takeInstallFailure(String packagePath) {
        String bad = installFailureOf;
        return (bad != null && packagePath != null && packagePath.contains(bad)) || takeInstallFailure();
    }

    /** True when a running app must crash before the current command is answered. */
    public synchronized boolean takeCrash() {
        return roll(rates.crashRate());
    }

    private synchronized boolean roll(double rate) {
        // No draw at rate 0: setting one rate does not shift the sequence of the others' draws.
        return rate > 0 && random.nextDouble() < rate;
    }

    /** Lifecycle verbs answer "Invalid '<verb>' request. X is in <state>" even when allowed. */
    public Faults wrongStateReplies(boolean on) {
        this.wrongStateReplies = on;
        return this;
    }

    public boolean wrongStateReplies() {
        return wrongStateReplies;
    }

    /** Installs fail as on a 9300 without SSD ("Installing apps on system flash is not allowed."). */
    public Faults installFailure(boolean on) {
        this.installFailure = on;
        return this;
    }

    public boolean installFailure() {
        return installFailure;
    }

    /** Installs of packages whose path contains {@code packageName} fail as {@link #installFailure} does; null: none. */
    public Faults installFailureOf(String packageName) {
        this.installFailureOf = packageName;
        return this;
    }

    /** Overrides how long a 17.x install stays INSTALLING; negative keeps the device default. */
    public Faults installDelayMs(long ms) {
        this.installDelayMs = ms;
        return this;
    }

    public long installDelayMs() {
        return installDelayMs;
    }

    public void clear() {
        latencyMs = 0;
        dropSessions = 0;
        stalls = 0;
        wrongStateReplies = false;
        installFailure = false;
        installFailureOf = null;
        installDelayMs = -1;
        rates = FaultRates.NONE;
    }
}
