package io.appfleet.telemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.telemetry.ingest.SampleFlattener;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.Jcmd;
import io.appfleet.testsupport.ProcessCpu;
import io.appfleet.testsupport.ServiceProcess;

/**
 * Benchmark, not a timed test (issue 7: at least 50,000 samples/s ingested into rollups, end-to-end
 * lag p99 under 5 s, on the 2-core machine). The packaged telemetry service runs as its own process
 * against test-support's real broker and PostgreSQL; the samples are shaped as the device-adapter
 * sends them (see {@link BenchFleet}: per device and round a CPP sample of 10 classes, two app
 * utilization samples, one QGA guest sample) for 10,000 devices, with the adapter's producer settings
 * and CloudEvents headers. It measures, in one run:
 * <ol>
 * <li>(a) the raw Kafka consume rate: a plain consumer (no group, byte arrays) reading the same
 * backlog from the start, and once more parsing every value as a TelemetrySample;</li>
 * <li>(b) the ingest rate: the backlog is on the topic before the service starts; the clock runs from
 * the service's first offset commit to the commit of the last record (offsets are committed only
 * after the batch's PostgreSQL transaction), read from outside through the group's committed offsets
 * every few milliseconds;</li>
 * <li>(c) end-to-end lag: samples produced at a steady rate below capacity with sampled_at set when
 * each is produced, each record's lag = when its offset was first seen committed - its sampled_at;
 * p50/p90/p99/max.</li>
 * </ol>
 * CPU time per process (service, broker, PostgreSQL, this JVM, others) and per service thread group
 * comes from /proc. It fails on wrong results (rows missing in the rollups), never on time.
 *
 * <p>Only runs with {@code -Dappfleet.bench=true}. Options, all {@code -Dappfleet.bench.*}: devices
 * (10000), records (2000000: the backlog), interval-seconds (60, the adapter's default polling
 * interval: sampled_at steps per device and round), reboot-every (0: no reboots; N = every N-th round
 * of a device follows a reboot), lag-rate (20000 records/s), lag-seconds (30), partitions (12), heap
 * (1g), jfr (false; true records the backlog's ingest in the service with JFR's profile settings), sql-log
 * (false; true logs every statement of the benchmark's database with its duration and sums them per kind),
 * service-config (key=value,... settings to try). Figures are printed and written to
 * target/benchmarks/telemetry-ingest.txt.
 */
@EnabledIfSystemProperty(named = "appfleet.bench", matches = "true")
class TelemetryIngestBenchmarkIT {

    private static final int DEVICES = Integer.getInteger("appfleet.bench.devices", 10_000);
    private static final int RECORDS = Integer.getInteger("appfleet.bench.records", 2_000_000);
    private static final int INTERVAL_SECONDS = Integer.getInteger("appfleet.bench.interval-seconds", 60);
    private static final int REBOOT_EVERY = Integer.getInteger("appfleet.bench.reboot-every", 0);
    private static final int LAG_RATE = Integer.getInteger("appfleet.bench.lag-rate", 20_000);
    private static final int LAG_SECONDS = Integer.getInteger("appfleet.bench.lag-seconds", 30);
    private static final int PARTITIONS = Integer.getInteger("appfleet.bench.partitions", 12);
    private static final String HEAP = System.getProperty("appfleet.bench.heap", "1g");
    private static final boolean JFR = Boolean.getBoolean("appfleet.bench.jfr");
    private static final boolean SQL_LOG = Boolean.getBoolean("appfleet.bench.sql-log");
    private static final Duration WAIT = Duration.ofSeconds(120 + RECORDS / 2_000);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final StringBuilder report = new StringBuilder();
    private final String topic = Topic.TELEMETRY.topicName();

    @Test
    void ingestThroughputAndLag() throws Exception {
        FleetInfra infra = FleetInfra.shared();
        String bootstrap = infra.kafka().bootstrapServers();
        String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        String database = "telemetry_bench_" + run;
        String group = "telemetry-bench-" + run;
        infra.postgres().createDatabase(database);
        if (SQL_LOG) {
            try (Connection c = infra.postgres().connect(database); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + database + " SET log_min_duration_statement = 0");
            }
        }
        TopicAdmin.ensureTopics(bootstrap, List.of(Topic.TELEMETRY), PARTITIONS, (short) 1, 60_000);
        Files.createDirectories(Path.of("target", "benchmarks"));
        BenchFleet fleet = new BenchFleet("tb" + run + "-", DEVICES, REBOOT_EVERY);
        int rounds = (RECORDS + DEVICES * BenchFleet.RECORDS_PER_ROUND - 1) / (DEVICES * BenchFleet.RECORDS_PER_ROUND);
        Duration span = Duration.ofSeconds((long) rounds * INTERVAL_SECONDS);
        assertThat(span).as("the backlog's samples must be within the raw retention (2 h): fewer records or a"
                + " shorter interval").isLessThan(Duration.ofMinutes(100));
        head("telemetry ingest benchmark: %,d devices, backlog of %,d rounds x %d records = %,d records over %d min of"
                + " sample time (interval %d s), %d partitions, service -Xmx%s, settings tried: %s", DEVICES, rounds,
                DEVICES * BenchFleet.RECORDS_PER_ROUND, rounds * DEVICES * BenchFleet.RECORDS_PER_ROUND,
                span.toMinutes(), INTERVAL_SECONDS, partitionCount(bootstrap), HEAP,
                serviceConfig().isEmpty() ? "none" : serviceConfig());

        // 1. The backlog, on the topic before the service starts.
        Map<Integer, Long> before = endOffsets(bootstrap);
        long t0 = System.nanoTime();
        Produced backlog = produceBacklog(bootstrap, fleet, rounds, Instant.now().minus(span).minusSeconds(60));
        Map<Integer, Long> afterBacklog = endOffsets(bootstrap);
        long backlogRecords = sum(afterBacklog) - sum(before);
        assertThat(backlogRecords).isEqualTo(backlog.records());
        line("backlog produced in %.1f s: %,d records, %,d values, %.0f bytes per record (protobuf), %.1f MiB",
                (System.nanoTime() - t0) / 1e9, backlog.records(), backlog.values(),
                backlog.bytes() / (double) backlog.records(), backlog.bytes() / 1048576.0);

        // (a) A plain consumer over the same records.
        ProcessCpu brokerOnly = new ProcessCpu().role("Kafka broker", () -> LongStream.of(infra.kafka().pid()))
                .role("benchmark JVM", () -> LongStream.of(ProcessHandle.current().pid()));
        ProcessCpu.Snapshot a0 = brokerOnly.take();
        RawRead raw = rawConsume(bootstrap, before, afterBacklog, false);
        ProcessCpu.Snapshot a1 = brokerOnly.take();
        RawRead parsed = rawConsume(bootstrap, before, afterBacklog, true);
        line("(a) raw Kafka consume, plain consumer, byte arrays: %,d records in %.2f s = **%,.0f records/s** (%.0f"
                + " MiB/s); with TelemetrySample.parseFrom on each: %.2f s = %,.0f records/s", raw.records(),
                raw.seconds(), raw.records() / raw.seconds(), raw.bytes() / 1048576.0 / raw.seconds(),
                parsed.seconds(), parsed.records() / parsed.seconds());
        line("    CPU s of the plain consume: %s", ProcessCpu.Snapshot.format(a1.since(a0)));

        Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError"));
        try (CommitWatch watch = new CommitWatch(bootstrap, group, 20);
                ServiceProcess service = ServiceProcess.forModule("telemetry-bench", moduleDir)
                        .config("kafka.bootstrap.servers", bootstrap)
                        .config("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database))
                        .config("quarkus.datasource.username", infra.postgres().username())
                        .config("quarkus.datasource.password", infra.postgres().password())
                        .config("appfleet.kafka.partitions", Integer.toString(PARTITIONS))
                        .config("appfleet.telemetry.group-id", group)
                        .config(serviceConfig())
                        .jvmArgs(jvm.toArray(String[]::new))
                        .build()) {
            // (b) The service ingests the backlog.
            ProcessCpu.Snapshot c0 = null;
            long logFrom = SQL_LOG ? Files.size(infra.postgres().logFile()) : 0;
            long start = System.nanoTime();
            service.start();
            long pg = infra.postgres().pid();
            ProcessCpu cpu = new ProcessCpu()
                    .role("telemetry service", () -> LongStream.of(service.pid()))
                    .role("Kafka broker", () -> LongStream.of(infra.kafka().pid()))
                    .role("PostgreSQL", () -> pg < 0 ? LongStream.empty()
                            : LongStream.concat(LongStream.of(pg), ProcessHandle.of(pg)
                                    .map(h -> h.descendants().mapToLong(ProcessHandle::pid)).orElse(LongStream.empty())))
                    .role("benchmark JVM", () -> LongStream.of(ProcessHandle.current().pid()));
            String load = ProcessCpu.loadAverage();
            c0 = cpu.take();
            Map<String, Double> threads0 = ThreadCpu.read(service.pid());
            service.awaitReady(Duration.ofSeconds(120));
            double readySeconds = (System.nanoTime() - start) / 1e9;
            long readyMicros = BenchClock.nowMicros();
            if (JFR) {
                Jcmd.run(service.pid(), "JFR.start", "name=ingest", "settings=profile");
            }
            AssertionError notAll = null;
            long lastMicros;
            try {
                lastMicros = watch.awaitCommitted(afterBacklog, WAIT);
            } catch (AssertionError e) {
                notAll = e;
                lastMicros = BenchClock.nowMicros();
            }
            ProcessCpu.Snapshot c1 = cpu.take();
            Map<String, Double> threads1 = ThreadCpu.read(service.pid());
            if (notAll != null) {
                long done = sum(watch.committedNow()) - sum(before);
                long firstMicros = watch.firstCommitAfter(before);
                line("(b) NOT ALL COMMITTED within %s (load before: %s): %,d of %,d records after %.1f s from ready ="
                        + " %,.0f records/s (%,.0f values/s) from the first commit", WAIT, load, done, backlog.records(),
                        (lastMicros - readyMicros) / 1e6, (done - committedRecordsAt(watch, before, firstMicros))
                                / ((lastMicros - firstMicros) / 1e6),
                        backlog.values() / (double) backlog.records() * (done - committedRecordsAt(watch, before,
                                firstMicros)) / ((lastMicros - firstMicros) / 1e6));
                line("    CPU s from start: %s", ProcessCpu.Snapshot.format(c1.since(c0)));
                line("    service threads, CPU s: %s", ThreadCpu.delta(threads0, threads1, 10));
                if (JFR) {
                    Path jfr = Path.of("target", "benchmarks", "telemetry-ingest.jfr").toAbsolutePath();
                    Jcmd.run(service.pid(), "JFR.stop", "name=ingest", "filename=" + jfr);
                    line("    flight recording of the ingest: %s", jfr);
                }
                Files.writeString(Path.of("target", "benchmarks", "telemetry-ingest.txt"), report.toString(),
                        StandardCharsets.UTF_8);
                throw notAll;
            }
            Path jfr = null;
            if (JFR) {
                jfr = Path.of("target", "benchmarks", "telemetry-ingest.jfr").toAbsolutePath();
                Jcmd.run(service.pid(), "JFR.stop", "name=ingest", "filename=" + jfr);
            }
            long firstMicros = watch.firstCommitAfter(before);
            long committedAtFirst = committedRecordsAt(watch, before, firstMicros);
            double fromFirst = (lastMicros - firstMicros) / 1e6;
            double fromReady = (lastMicros - readyMicros) / 1e6;
            line("(b) ingest of the backlog (load before: %s): service ready after %.1f s; first commit %.2f s after"
                    + " ready (%,d records in it); last record committed %.2f s after ready", load, readySeconds,
                    (firstMicros - readyMicros) / 1e6, committedAtFirst, fromReady);
            line("    **%,.0f records/s** from the first commit to the last (%,d records in %.2f s) = %,.0f values/s;"
                    + " %,.0f records/s from ready; ratio to the raw consume rate %.3f",
                    (backlog.records() - committedAtFirst) / fromFirst, backlog.records() - committedAtFirst, fromFirst,
                    (backlog.values() * (1 - committedAtFirst / (double) backlog.records())) / fromFirst,
                    backlog.records() / fromReady,
                    ((backlog.records() - committedAtFirst) / fromFirst) / (raw.records() / raw.seconds()));
            long halfMicros = watch.whenCommitted(before, backlog.records() / 2);
            long half = committedRecordsAt(watch, before, halfMicros);
            line("    second half (JIT warm): %,.0f records/s (%,d records in %.2f s)",
                    (backlog.records() - half) / ((lastMicros - halfMicros) / 1e6), backlog.records() - half,
                    (lastMicros - halfMicros) / 1e6);
            line("    CPU s from start to the last commit: %s", ProcessCpu.Snapshot.format(c1.since(c0)));
            line("    service threads, CPU s: %s", ThreadCpu.delta(threads0, threads1, 10));
            if (SQL_LOG) {
                line("    PostgreSQL statement time (log_min_duration_statement = 0): %s",
                        statementTimes(infra.postgres().logFile(), logFrom));
            }
            if (jfr != null) {
                line("    flight recording of the ingest: %s", jfr);
            }

            // (c) Steady rate below capacity: lag from sampled_at (set when produced) to committed.
            TimeUnit.SECONDS.sleep(2);
            Map<Integer, Long> lagStart = endOffsets(bootstrap);
            String lagLoad = ProcessCpu.loadAverage();
            ProcessCpu.Snapshot l0 = cpu.take();
            Map<String, Double> lt0 = ThreadCpu.read(service.pid());
            LagRun lag = produceSteady(bootstrap, fleet, lagStart);
            Map<Integer, Long> lagEnd = endOffsets(bootstrap);
            watch.awaitCommitted(lagEnd, WAIT);
            ProcessCpu.Snapshot l1 = cpu.take();
            Map<String, Double> lt1 = ThreadCpu.read(service.pid());
            long[] lags = lag.lagsMicros(watch);
            Arrays.sort(lags);
            line("(c) steady rate (load before: %s): %,d records at %,.0f records/s for %.1f s (target %,d/s); lag"
                    + " sampled_at -> committed: p50 %.3f s, p90 %.3f s, **p99 %.3f s**, max %.3f s", lagLoad,
                    lag.records(), lag.records() / lag.seconds(), lag.seconds(), LAG_RATE, pct(lags, 50), pct(lags, 90),
                    pct(lags, 99), lags[lags.length - 1] / 1e6);
            line("    CPU s over the steady run: %s", ProcessCpu.Snapshot.format(l1.since(l0)));
            line("    service threads, CPU s: %s", ThreadCpu.delta(lt0, lt1, 8));

            // Scrape of /q/metrics with the fleet's sample metrics in it.
            scrape(service);

            // Nothing lost: every value is in the 1-minute rollups.
            long expectedValues = backlog.values() + lag.values();
            long stored = storedValues(infra, database, fleet);
            line("check: %,d values in rollup_1m for the benchmark's devices, %,d produced", stored, expectedValues);
            assertThat(stored).as("values in the 1-minute rollups").isEqualTo(expectedValues);
            line("service log: %s", service.logFile());
        }
        String text = report.toString();
        System.out.println();
        System.out.print(text);
        Files.writeString(Path.of("target", "benchmarks", "telemetry-ingest.txt"), text, StandardCharsets.UTF_8);
    }

    // --- producing --------------------------------------------------------------------------------------

    private record Produced(long records, long values, long bytes) {
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        // The device-adapter's settings (AdapterPublisher.producerConfig).
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(String topic, TelemetrySample s, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, s.getDeviceId(), value);
        new CloudEventHeaders(UUID.randomUUID().toString(), "io.appfleet.adapter.telemetry.sampled",
                "/appfleet/device-adapter/bench", Instant.now(), s.getDeviceId()).writeTo(r.headers(), true);
        return r;
    }

    private Produced produceBacklog(String bootstrap, BenchFleet fleet, int rounds, Instant from) throws Exception {
        long values = 0;
        long bytes = 0;
        long records = 0;
        AtomicReference<Exception> failed = new AtomicReference<>();
        long stepNanos = Duration.ofSeconds(INTERVAL_SECONDS).toNanos() / fleet.devices();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (int r = 0; r < rounds; r++) {
                Instant roundStart = from.plusSeconds((long) r * INTERVAL_SECONDS);
                for (int d = 0; d < fleet.devices(); d++) {
                    // The poller spreads its devices over the interval.
                    for (TelemetrySample s : fleet.round(d, roundStart.plusNanos(stepNanos * d))) {
                        byte[] v = s.toByteArray();
                        values += SampleFlattener.flatten(s).size();
                        bytes += v.length;
                        records++;
                        producer.send(record(topic, s, v), (md, e) -> {
                            if (e != null) {
                                failed.set(e);
                            }
                        });
                    }
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return new Produced(records, values, bytes);
    }

    /** Records of the steady run: where each landed and its sampled_at. */
    private static final class LagRun {
        private final Map<Integer, long[]> sampledAt = new HashMap<>();
        private final Map<Integer, Long> start;
        private long records;
        private long values;
        private double seconds;

        LagRun(Map<Integer, Long> start, int partitions, long expected) {
            this.start = start;
            for (int p = 0; p < partitions; p++) {
                long[] a = new long[(int) (expected * 2 / partitions + 1000)];
                Arrays.fill(a, -1);
                sampledAt.put(p, a);
            }
        }

        synchronized void landed(int partition, long offset, long micros) {
            sampledAt.get(partition)[(int) (offset - start.getOrDefault(partition, 0L))] = micros;
        }

        long records() {
            return records;
        }

        long values() {
            return values;
        }

        double seconds() {
            return seconds;
        }

        synchronized long[] lagsMicros(CommitWatch watch) {
            long[] out = new long[(int) records];
            int n = 0;
            for (Map.Entry<Integer, long[]> e : sampledAt.entrySet()) {
                long base = start.getOrDefault(e.getKey(), 0L);
                long[] a = e.getValue();
                for (int i = 0; i < a.length && a[i] >= 0; i++) {
                    long committed = watch.committedAt(e.getKey(), base + i);
                    assertThat(committed).as("commit seen for %d@%d", e.getKey(), base + i).isPositive();
                    out[n++] = committed - a[i];
                }
            }
            assertThat(n).isEqualTo(records);
            return out;
        }
    }

    private LagRun produceSteady(String bootstrap, BenchFleet fleet, Map<Integer, Long> start) throws Exception {
        long total = (long) LAG_RATE * LAG_SECONDS;
        LagRun run = new LagRun(start, partitionCount(bootstrap), total);
        AtomicReference<Exception> failed = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long sent = 0;
            int device = 0;
            while (sent < total) {
                long due = t0 + (long) (sent * 1e9 / LAG_RATE);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long micros = BenchClock.nowMicros();
                for (TelemetrySample s : fleet.round(device, BenchClock.ofMicros(micros))) {
                    byte[] v = s.toByteArray();
                    run.values += SampleFlattener.flatten(s).size();
                    producer.send(record(topic, s, v), (md, e) -> {
                        if (e != null) {
                            failed.set(e);
                        } else {
                            run.landed(md.partition(), md.offset(), micros);
                            acked.incrementAndGet();
                        }
                    });
                    sent++;
                }
                device = (device + 1) % fleet.devices();
            }
            producer.flush();
            run.records = sent;
            run.seconds = (System.nanoTime() - t0) / 1e9;
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        assertThat(acked.get()).isEqualTo(run.records);
        return run;
    }

    // --- reading ----------------------------------------------------------------------------------------

    private record RawRead(long records, long bytes, double seconds) {
    }

    private RawRead rawConsume(String bootstrap, Map<Integer, Long> from, Map<Integer, Long> to, boolean parse)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long records = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            to.forEach((part, end) -> parts.add(new TopicPartition(topic, part)));
            consumer.assign(parts);
            for (TopicPartition tp : parts) {
                consumer.seek(tp, from.getOrDefault(tp.partition(), 0L));
            }
            long expected = sum(to) - sum(from);
            long t0 = System.nanoTime();
            long deadline = t0 + WAIT.toNanos();
            while (records < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= to.get(r.partition())) {
                        continue;
                    }
                    records++;
                    bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                    if (parse) {
                        TelemetrySample.parseFrom(r.value());
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(records).isEqualTo(expected);
            return new RawRead(records, bytes, seconds);
        }
    }

    private Map<Integer, Long> endOffsets(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<Integer, Long> out = new LinkedHashMap<>();
            consumer.endOffsets(parts, Duration.ofSeconds(30)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    private static long committedRecordsAt(CommitWatch watch, Map<Integer, Long> before, long atMicros) {
        long n = 0;
        for (Map.Entry<Integer, Long> e : watch.committedAsOf(atMicros).entrySet()) {
            n += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return n;
    }

    private void scrape(ServiceProcess service) throws Exception {
        List<Double> ms = new ArrayList<>();
        long size = 0;
        long lines = 0;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            ms.add((System.nanoTime() - t) / 1e6);
            assertThat(r.statusCode()).isEqualTo(200);
            size = r.body().length();
            lines = r.body().lines().filter(l -> !l.startsWith("#")).count();
        }
        line("scrape of /q/metrics: %,d samples, %.1f MiB; five scrapes took %s ms", lines, size / 1048576.0,
                ms.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList());
    }

    /** Server-side time per kind of statement, from the PostgreSQL log after {@code from}. */
    private static String statementTimes(Path log, long from) throws Exception {
        Map<String, double[]> byKind = new LinkedHashMap<>();
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("duration: ([\\d.]+) ms\\s+(?:statement|execute [^:]*): (.*)");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            String line;
            while ((line = f.readLine()) != null) {
                java.util.regex.Matcher m = p.matcher(line);
                if (m.find()) {
                    String[] w = m.group(2).split("\\s+");
                    String kind = (w[0] + " " + (w.length > 2 ? w[1] + " " + w[2] : "")).strip();
                    double[] t = byKind.computeIfAbsent(kind, k -> new double[2]);
                    t[0] += Double.parseDouble(m.group(1));
                    t[1]++;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        byKind.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(8)
                .forEach(e -> out.append(out.length() == 0 ? "" : "; ").append(e.getKey()).append(String.format(
                        Locale.ROOT, " %.1f s (%.0f)", e.getValue()[0] / 1000, e.getValue()[1])));
        return out.toString();
    }

    private static long storedValues(FleetInfra infra, String database, BenchFleet fleet) throws Exception {
        try (Connection c = infra.postgres().connect(database); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(samples), 0) FROM telemetry.rollup_1m WHERE device_id LIKE '"
                        + fleet.deviceId(0).substring(0, fleet.deviceId(0).length() - 5) + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static long sum(Map<Integer, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private int partitionCount(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }

    private static Map<String, String> serviceConfig() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : System.getProperty("appfleet.bench.service-config", "").split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return out;
    }





    private void head(String format, Object... args) {
        report.append(String.format(Locale.ROOT, "telemetry ingest, %s, %d cores, load %s%n",
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16),
                Runtime.getRuntime().availableProcessors(), ProcessCpu.loadAverage()));
        line(format, args);
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        report.append(s).append('\n');
        System.out.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8)
                + "] " + s);
    }
}
