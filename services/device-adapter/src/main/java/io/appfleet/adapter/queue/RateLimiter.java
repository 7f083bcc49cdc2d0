package io.appfleet.adapter.queue;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket shared by all workers: at most {@code perSecond} reconcile passes start per
 * second, with bursts up to {@code burst}. A fleet-wide change then reaches the network as a
 * steady stream, not as thousands of simultaneous logins.
 */
public final class RateLimiter {

    /** Time as the limiter sees it; tests drive it by hand. */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };

        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double perNano;
    private final double burst;
    private final Ticker ticker;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, int burst) {
        this(perSecond, burst, Ticker.SYSTEM);
    }

    RateLimiter(double perSecond, int burst, Ticker ticker) {
        if (!(perSecond > 0 && Double.isFinite(perSecond)) || burst < 1) {
            throw new IllegalArgumentException("rate limit needs perSecond > 0 and burst >= 1");
        }
        this.perNano = perSecond / TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.ticker = ticker;
        this.tokens = burst;
        this.last = ticker.nanoTime();
    }

    /** Takes one token, waiting as long as needed. */
    public void acquire() throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            refill();
            tokens -= 1;
            // A negative balance is this caller's place in line: it waits for its own token.
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / perNano);
        }
        if (waitNanos > 0) {
            ticker.sleepNanos(waitNanos);
        }
    }

    private void refill() {
        long now = ticker.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}
