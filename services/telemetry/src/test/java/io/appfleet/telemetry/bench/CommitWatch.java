package io.appfleet.telemetry.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a consumer group's committed offsets from outside, every few milliseconds: the service
 * commits a batch's offsets only after its PostgreSQL transaction, so the first reading where a
 * record's offset is below the committed one is when the record was in the database (to within
 * the polling period plus one request).
 */
final class CommitWatch implements AutoCloseable {

    /** A committed offset seen at a wall-clock time (epoch microseconds). */
    record Seen(long atMicros, long offset) {
    }

    private final Admin admin;
    private final String group;
    private final long periodMillis;
    private final Map<Integer, List<Seen>> byPartition = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    CommitWatch(String bootstrap, String group, long periodMillis) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
        this.group = group;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "commit-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long now = BenchClock.nowMicros();
                synchronized (this) {
                    offsets.forEach((tp, om) -> {
                        if (om == null) {
                            return;
                        }
                        List<Seen> seen = byPartition.computeIfAbsent(tp.partition(), k -> new ArrayList<>());
                        if (seen.isEmpty() || seen.get(seen.size() - 1).offset() != om.offset()) {
                            seen.add(new Seen(now, om.offset()));
                        }
                    });
                    notifyAll();
                }
                TimeUnit.MILLISECONDS.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failure = new IllegalStateException("cannot read the offsets of group " + group, e);
                return;
            }
        }
    }

    /** Waits until every partition's committed offset reached {@code ends}; returns when that was seen (µs). */
    synchronized long awaitCommitted(Map<Integer, Long> ends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (failure != null) {
                throw failure;
            }
            long last = 0;
            boolean all = true;
            for (Map.Entry<Integer, Long> e : ends.entrySet()) {
                if (e.getValue() == 0) {
                    continue;
                }
                List<Seen> seen = byPartition.get(e.getKey());
                Seen reached = null;
                if (seen != null) {
                    for (Seen s : seen) {
                        if (s.offset() >= e.getValue()) {
                            reached = s;
                            break;
                        }
                    }
                }
                if (reached == null) {
                    all = false;
                    break;
                }
                last = Math.max(last, reached.atMicros());
            }
            if (all) {
                return last;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not all committed within " + timeout + ": expected " + ends + ", committed "
                        + committedNow());
            }
            wait(Math.max(1, Math.min(500, left / 1_000_000)));
        }
    }

    /** The first time (µs) any partition showed a committed offset above {@code starts}. */
    synchronized long firstCommitAfter(Map<Integer, Long> starts) {
        long first = Long.MAX_VALUE;
        for (Map.Entry<Integer, List<Seen>> e : byPartition.entrySet()) {
            long start = starts.getOrDefault(e.getKey(), 0L);
            for (Seen s : e.getValue()) {
                if (s.offset() > start) {
                    first = Math.min(first, s.atMicros());
                    break;
                }
            }
        }
        return first;
    }

    /** When (µs) the record at {@code offset} of {@code partition} was first seen committed, or -1. */
    synchronized long committedAt(int partition, long offset) {
        List<Seen> seen = byPartition.get(partition);
        if (seen == null) {
            return -1;
        }
        int lo = 0;
        int hi = seen.size() - 1;
        long found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (seen.get(mid).offset() > offset) {
                found = seen.get(mid).atMicros();
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /** The first time (µs) at least {@code records} past {@code starts} were seen committed, over all partitions. */
    synchronized long whenCommitted(Map<Integer, Long> starts, long records) {
        List<long[]> events = new ArrayList<>(); // time, partition, offset
        byPartition.forEach((p, seen) -> seen.forEach(x -> events.add(new long[] {x.atMicros(), p, x.offset()})));
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        Map<Integer, Long> current = new HashMap<>();
        long n = 0;
        for (long[] e : events) {
            int p = (int) e[1];
            long base = starts.getOrDefault(p, 0L);
            long before = Math.max(base, current.getOrDefault(p, base));
            long after = Math.max(base, e[2]);
            current.put(p, after);
            n += after - before;
            if (n >= records) {
                return e[0];
            }
        }
        return -1;
    }

    /** Per partition, the committed offset as last seen at or before {@code micros}. */
    synchronized Map<Integer, Long> committedAsOf(long micros) {
        Map<Integer, Long> out = new HashMap<>();
        byPartition.forEach((p, seen) -> {
            for (Seen s : seen) {
                if (s.atMicros() <= micros) {
                    out.put(p, s.offset());
                }
            }
        });
        return out;
    }

    synchronized Map<Integer, Long> committedNow() {
        Map<Integer, Long> out = new HashMap<>();
        byPartition.forEach((p, s) -> out.put(p, s.get(s.size() - 1).offset()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
