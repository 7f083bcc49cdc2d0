package io.appfleet.adapter.bench;

import com.google.protobuf.MessageLite;
import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The benchmark's side of the Kafka contract: publishes inventory and desired state without
 * waiting record by record (as inventory's relay and desired-state would), and follows
 * fleet.observed.v1 and fleet.events.v1, stamping each record with the moment this JVM read it.
 * What it keeps is per device and small (times, counts), so 10,000 devices cost little here.
 */
final class FleetWatch implements AutoCloseable {

    /** What is known about one benchmark device. Guarded by itself. */
    static final class Track {
        final String id;
        final String platform;
        long reachableNanos;
        long convergedNanos;
        int steps;
        int failedSteps;
        final Map<ReconcileStep, Integer> stepKinds = new HashMap<>();
        final Map<ReconcileStep, Long> stepNanos = new HashMap<>();
        // Drift: the app stopped out of band, when the stop was sent and confirmed, and what repaired it.
        String driftApp;
        Instant driftSentAt;
        long driftStoppedNanos;
        long repairedNanos;
        final Set<String> repairPasses = new java.util.HashSet<>();
        final Map<String, Long> runningSeenByPass = new HashMap<>();
        final List<ReconcileStep> repairSteps = new ArrayList<>();

        Track(String id, String platform) {
            this.id = id;
            this.platform = platform;
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicReference<Exception> firstSendFailure = new AtomicReference<>();
    private final AtomicLong observedRecords = new AtomicLong();
    private final AtomicLong eventRecords = new AtomicLong();
    private volatile long targetGeneration = Long.MAX_VALUE;
    private volatile Set<String> targetApps = Set.of();

    FleetWatch(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "adapter-bench-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topic.OBSERVED.topicName(), Topic.EVENTS.topicName()));
        reader = new Thread(this::read, "fleet-watch");
        reader.setDaemon(true);
        reader.start();
    }

    void track(String deviceId, String platform) {
        tracks.put(deviceId, new Track(deviceId, platform));
    }

    Track track(String deviceId) {
        return tracks.get(deviceId);
    }

    Collection<Track> tracks() {
        return tracks.values();
    }

    /** From now on a device counts as converged on an observed record of this generation, Synced, Healthy, these apps running. */
    void expect(long generation, Set<String> apps) {
        targetApps = Set.copyOf(apps);
        targetGeneration = generation;
    }

    void send(Topic topic, String key, MessageLite value, String type) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.topicName(), key, value.toByteArray());
        new CloudEventHeaders(UUID.randomUUID().toString(), type, "/appfleet/bench", Instant.now(), key).writeTo(r.headers(), true);
        producer.send(r, (md, e) -> {
            if (e != null) {
                sendFailures.incrementAndGet();
                firstSendFailure.compareAndSet(null, e);
            }
        });
    }

    /** Waits until every record sent so far is acknowledged; fails if any was refused. */
    void flush() {
        producer.flush();
        if (sendFailures.get() > 0) {
            throw new IllegalStateException(sendFailures.get() + " records were not accepted by the broker",
                    firstSendFailure.get());
        }
    }

    /** The out-of-band stop of {@code app} on the device is about to be sent: watch for its repair from now. */
    void driftSending(String deviceId, String app) {
        Track t = tracks.get(deviceId);
        synchronized (t) {
            t.driftApp = app;
            t.driftSentAt = Instant.now();
        }
    }

    /** The device confirmed the stop at {@code nanos}; the repair time counts from here. */
    void driftConfirmed(String deviceId, long nanos) {
        Track t = tracks.get(deviceId);
        synchronized (t) {
            t.driftStoppedNanos = nanos;
        }
    }

    long observedRecords() {
        return observedRecords.get();
    }

    long eventRecords() {
        return eventRecords.get();
    }

    private void read() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (r.value() == null) {
                        continue;
                    }
                    Track t = tracks.get(r.key());
                    if (t == null) {
                        continue;
                    }
                    if (r.topic().equals(Topic.OBSERVED.topicName())) {
                        observedRecords.incrementAndGet();
                        observed(t, ObservedDeviceState.parseFrom(r.value()), now);
                    } else {
                        eventRecords.incrementAndGet();
                        event(t, ReconcileEvent.parseFrom(r.value()));
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    System.err.println("fleet-watch: " + e);
                }
            }
        }
    }

    private void observed(Track t, ObservedDeviceState o, long now) {
        synchronized (t) {
            if (t.reachableNanos == 0 && o.getReachability() == Reachability.REACHABILITY_REACHABLE) {
                t.reachableNanos = now;
            }
            if (t.convergedNanos == 0 && o.getObservedDesiredGeneration() >= targetGeneration
                    && o.getSync() == SyncStatus.SYNC_STATUS_SYNCED && o.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY
                    && targetApps.stream().allMatch(a -> running(o, a))) {
                t.convergedNanos = now;
            }
            if (t.driftApp != null && t.repairedNanos == 0 && running(o, t.driftApp)) {
                t.runningSeenByPass.put(o.getReconcileId(), now);
                checkRepaired(t);
            }
        }
    }

    private void event(Track t, ReconcileEvent e) {
        synchronized (t) {
            boolean failed = e.getOutcome() != StepOutcome.STEP_OUTCOME_SUCCEEDED
                    && e.getOutcome() != StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE;
            // A pass's events and its observed record are on different topics and may arrive in either
            // order: every step of the target generation before the drift phase is the rollout's.
            if (e.getDesiredGeneration() == targetGeneration && t.driftApp == null) {
                t.steps++;
                t.stepKinds.merge(e.getStep(), 1, Integer::sum);
                t.stepNanos.merge(e.getStep(), e.getDuration().getSeconds() * 1_000_000_000L + e.getDuration().getNanos(), Long::sum);
                if (failed) {
                    t.failedSteps++;
                }
            }
            if (t.driftApp != null && t.repairedNanos == 0 && e.getAppId().equals(t.driftApp)) {
                Instant started = Instant.ofEpochSecond(e.getStartedAt().getSeconds(), e.getStartedAt().getNanos());
                if (!started.isBefore(t.driftSentAt)) {
                    t.repairSteps.add(e.getStep());
                    if (e.getStep() == ReconcileStep.RECONCILE_STEP_START && !failed) {
                        t.repairPasses.add(e.getReconcileId());
                        checkRepaired(t);
                    }
                }
            }
        }
    }

    /** Repaired: a pass started the app after the stop, and that pass's observed record shows it running. */
    private static void checkRepaired(Track t) {
        for (String pass : t.repairPasses) {
            Long seen = t.runningSeenByPass.get(pass);
            if (seen != null) {
                t.repairedNanos = seen;
                return;
            }
        }
    }

    private static boolean running(ObservedDeviceState o, String appId) {
        for (ObservedApp a : o.getAppsList()) {
            if (a.getAppId().equals(appId)) {
                return a.getState() == ObservedAppState.OBSERVED_APP_STATE_RUNNING;
            }
        }
        return false;
    }

    /** How many tracked devices satisfy {@code p} (read under each track's lock). */
    long count(Predicate<Track> p) {
        long n = 0;
        for (Track t : tracks.values()) {
            synchronized (t) {
                if (p.test(t)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close(Duration.ofSeconds(10));
    }
}
