package io.appfleet.adapter.reconcile;

import io.appfleet.adapter.fleet.DeviceEntry;
import io.appfleet.adapter.fleet.FleetListener;
import io.appfleet.adapter.fleet.FleetView;
import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.adapter.queue.RateLimiter;
import io.appfleet.adapter.queue.WorkQueue;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The controller: a work queue of device ids and a fixed pool of workers. Whatever happens (a
 * desired or inventory change, a resync timer, a refresh request, a retry) only queues the id;
 * a worker then runs one {@link DevicePass} over the device's full state. The queue guarantees
 * that no device is worked on by two workers, and the rate limiter bounds how many passes start
 * per second across the fleet.
 */
public final class Reconciler implements FleetListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final Duration CATCH_UP_WAIT = Duration.ofMillis(200);

    /** Tuning, with the defaults sized for thousands of devices per instance. */
    public record Settings(int workers, Duration resyncInterval, Duration parkedInterval, RateLimiter rateLimiter) {
    }

    private final FleetView view;
    private final WorkQueue<ReconcileTrigger> queue;
    private final DevicePass pass;
    private final DeviceSessions sessions;
    private final CircuitBreakers breakers;
    private final ReconcileMetrics metrics;
    private final Settings settings;
    private final Map<String, DeviceMemory> memories = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public Reconciler(FleetView view, WorkQueue<ReconcileTrigger> queue, DeviceSessions sessions, CircuitBreakers breakers,
                      AdapterPublisher publisher, ReconcileMetrics metrics, String instanceId, Settings settings) {
        this.view = view;
        this.queue = queue;
        this.sessions = sessions;
        this.breakers = breakers;
        this.metrics = metrics;
        this.settings = settings;
        this.pass = new DevicePass(view, sessions, breakers, publisher, metrics, instanceId);
    }

    public void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = new Thread(this::work, "reconcile-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        LOG.infof("reconciler started with %d workers", settings.workers());
    }

    @Override
    public void deviceChanged(String deviceId, ReconcileTrigger trigger) {
        queue.add(deviceId, trigger);
    }

    /** A person asked for a fresh look at the device (REST refresh). */
    public boolean refresh(String deviceId) {
        if (view.get(deviceId).map(DeviceEntry::device).isEmpty()) {
            return false;
        }
        queue.add(deviceId, ReconcileTrigger.RECONCILE_TRIGGER_MANUAL);
        return true;
    }

    @Override
    public void devicesReleased(Set<String> deviceIds) {
        for (String id : deviceIds) {
            queue.remove(id);
        }
        // The next owner must not overlap with a pass still running here.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (String id : deviceIds) {
            while (queue.isProcessing(id) && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(20));
            }
            forget(id);
        }
    }

    private void work() {
        while (running) {
            Optional<WorkQueue.Item<ReconcileTrigger>> item;
            try {
                if (!view.caughtUp()) {
                    Thread.sleep(CATCH_UP_WAIT.toMillis());
                    continue;
                }
                item = queue.take(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (item.isEmpty()) {
                continue;
            }
            String id = item.get().key();
            ReconcileTrigger trigger = item.get().reason() == null ? ReconcileTrigger.RECONCILE_TRIGGER_RESYNC : item.get().reason();
            try {
                if (!view.caughtUp()) {
                    // A new assignment since the take: the device's observed record may still be unread,
                    // and a pass now would start its memory from nothing (an old package taken for the
                    // desired one).
                    queue.addAfter(id, trigger, CATCH_UP_WAIT);
                    continue;
                }
                settings.rateLimiter().acquire();
                Optional<DeviceEntry> entry = view.get(id);
                if (entry.isEmpty()) {
                    forget(id); // released, or deleted from inventory and desired state
                    continue;
                }
                DeviceMemory memory = memories.computeIfAbsent(id, k -> DeviceMemory.recalled(entry.get().recalled()));
                PassOutcome outcome = pass.run(entry.get(), trigger, memory);
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("pass of %s (%s): %s, sync %s, health %s", id, trigger, outcome.next(),
                            outcome.observed() == null ? "-" : outcome.observed().getSync(),
                            outcome.observed() == null ? "-" : outcome.observed().getHealth());
                }
                schedule(id, outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug must not kill the worker or lose the device: log it and retry with backoff.
                LOG.errorf(e, "pass of %s failed unexpectedly: %s", id, e.getMessage());
                queue.addRateLimited(id, ReconcileTrigger.RECONCILE_TRIGGER_RETRY);
            } finally {
                queue.done(id);
            }
        }
    }

    private void schedule(String id, PassOutcome outcome) {
        switch (outcome.next()) {
            case RESYNC -> {
                queue.forget(id);
                queue.addAfter(id, ReconcileTrigger.RECONCILE_TRIGGER_RESYNC, jitter(settings.resyncInterval()));
            }
            case RETRY -> {
                queue.addRateLimited(id, ReconcileTrigger.RECONCILE_TRIGGER_RETRY);
            }
            case WAIT -> queue.addAfter(id, ReconcileTrigger.RECONCILE_TRIGGER_RETRY, outcome.delay());
            case PARK -> queue.addAfter(id, ReconcileTrigger.RECONCILE_TRIGGER_RESYNC, jitter(settings.parkedInterval()));
            case DROP -> forget(id);
        }
    }

    private void forget(String id) {
        queue.remove(id);
        memories.remove(id);
        sessions.forget(id);
        breakers.forget(id);
        metrics.forget(id);
    }

    /**
     * Spreads resyncs over the last 20 % of the interval so devices queued together do not stay in step. Only below
     * the interval, never above: the interval is the longest a device goes without a look, so an app stopped out of
     * band is repaired within it (plus the pass), as operators are promised.
     */
    static Duration jitter(Duration d) {
        long ms = d.toMillis();
        long spread = ms / 5;
        return Duration.ofMillis(ms - spread + ThreadLocalRandom.current().nextLong(spread + 1));
    }

    public int queueDepth() {
        return queue.readyCount();
    }

    public int delayed() {
        return queue.delayedCount();
    }

    public int inFlight() {
        return queue.processingCount();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        queue.shutDown();
        for (Thread t : workers) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
