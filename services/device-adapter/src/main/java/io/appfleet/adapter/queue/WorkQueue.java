package io.appfleet.adapter.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The controller work queue (as client-go's): keys, not events. A key added while it waits is
 * stored once; a key added while a worker processes it is processed once more afterwards, never
 * by two workers at once. {@link #addRateLimited} re-adds a key after its own backoff, which
 * grows with each consecutive failure until {@link #forget}.
 *
 * @param <T> why a key was queued; the first reason of a waiting key is kept
 */
public final class WorkQueue<T> {

    /** A key handed to a worker, with why it was queued. */
    public record Item<T>(String key, T reason) {
    }

    private record Delayed<T>(String key, T reason, long dueNanos) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    /** Keys that need processing (ready, or processing and to be run again), with their reason. */
    private final Map<String, T> dirty = new HashMap<>();
    private final Set<String> processing = new HashSet<>();
    private final PriorityQueue<Delayed<T>> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    /** Earliest due time per waiting key, so re-adding an already waiting key is cheap. */
    private final Map<String, Long> waitingDue = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Backoff backoff;
    private boolean shutDown;

    public WorkQueue(Backoff backoff) {
        this.backoff = backoff;
    }

    public void add(String key, T reason) {
        lock.lock();
        try {
            if (shutDown || dirty.containsKey(key)) {
                return;
            }
            dirty.put(key, reason);
            if (!processing.contains(key)) {
                ready.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key once {@code delay} has passed; an earlier pending add wins. */
    public void addAfter(String key, T reason, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key, reason);
            return;
        }
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            long due = System.nanoTime() + delay.toNanos();
            Long pending = waitingDue.get(key);
            if (pending != null && pending - due <= 0) {
                return;
            }
            waitingDue.put(key, due);
            waiting.add(new Delayed<>(key, reason, due));
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a failure of {@code key} and re-adds it after the backoff for that count. */
    public Duration addRateLimited(String key, T reason) {
        Duration delay;
        lock.lock();
        try {
            delay = backoff.delay(failures.merge(key, 1, Integer::sum));
        } finally {
            lock.unlock();
        }
        addAfter(key, reason, delay);
        return delay;
    }

    /** Consecutive failures of {@code key} since the last {@link #forget}. */
    public int failures(String key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /** The key succeeded: its next failure starts the backoff from the beginning. */
    public void forget(String key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops every trace of {@code key} (waiting, ready, delayed, failures). A worker that holds
     * it finishes normally; its {@link #done} does not bring it back.
     */
    public void remove(String key) {
        lock.lock();
        try {
            // containsKey, not remove() != null: a key may wait with a null reason.
            if (dirty.containsKey(key)) {
                dirty.remove(key);
                ready.remove(key);
            }
            if (waitingDue.remove(key) != null) {
                waiting.removeIf(d -> d.key.equals(key));
            }
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next key to process, waiting up to {@code timeout}; empty on timeout or shutdown. The
     * caller must call {@link #done} with the key when it has finished.
     */
    public Optional<Item<T>> take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (shutDown) {
                    return Optional.empty();
                }
                promoteDue();
                String key = ready.pollFirst();
                if (key != null) {
                    processing.add(key);
                    return Optional.of(new Item<>(key, dirty.remove(key)));
                }
                long now = System.nanoTime();
                long wait = deadline - now;
                if (wait <= 0) {
                    return Optional.empty();
                }
                Delayed<T> next = waiting.peek();
                if (next != null) {
                    wait = Math.min(wait, Math.max(0, next.dueNanos - now));
                }
                changed.awaitNanos(Math.max(wait, 1));
            }
        } finally {
            lock.unlock();
        }
    }

    public void done(String key) {
        lock.lock();
        try {
            // Only the holder's done may queue the key again, else a stray call could put a
            // waiting key in line twice and hand it to two workers.
            if (processing.remove(key) && dirty.containsKey(key)) {
                ready.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** True while a worker holds {@code key}. */
    public boolean isProcessing(String key) {
        lock.lock();
        try {
            return processing.contains(key);
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to run now (the queue depth a dashboard shows). */
    public int readyCount() {
        lock.lock();
        try {
            promoteDue();
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keys waiting for a backoff or a resync time. */
    public int delayedCount() {
        lock.lock();
        try {
            return waitingDue.size();
        } finally {
            lock.unlock();
        }
    }

    public int processingCount() {
        lock.lock();
        try {
            return processing.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker; {@link #take} returns empty from now on. */
    public void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void promoteDue() {
        long now = System.nanoTime();
        Delayed<T> d;
        while ((d = waiting.peek()) != null && d.dueNanos - now <= 0) {
            waiting.poll();
            Long due = waitingDue.get(d.key);
            if (due == null || due != d.dueNanos) {
                continue; // superseded by an earlier add, or removed
            }
            waitingDue.remove(d.key);
            if (!dirty.containsKey(d.key)) {
                dirty.put(d.key, d.reason);
                if (!processing.contains(d.key)) {
                    ready.addLast(d.key);
                }
            }
        }
    }
}
