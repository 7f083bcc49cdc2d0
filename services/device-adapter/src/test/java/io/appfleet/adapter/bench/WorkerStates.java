package io.appfleet.adapter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A poor man's profile of the adapter's reconcile workers: thread dumps taken with jcmd at an
 * interval, each worker classified by what its stack says it is doing (waiting for a device's
 * reply, in an SSH handshake, held by the rate limiter, publishing to Kafka, idle, or running
 * code). The shares say what limits the rollout without a profiler attached.
 */
final class WorkerStates implements AutoCloseable {

    static final List<String> KINDS = List.of("waiting for a device reply (CLI)", "waiting for a device reply (RESTCONF)",
            "SSH/TLS connect, key exchange, login", "held by the rate limiter", "publishing to Kafka",
            "idle (queue empty)", "running adapter code (CPU)", "other");

    private final long pid;
    private final Thread sampler;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private volatile boolean running = true;
    private int dumps;
    private String lastError;

    WorkerStates(long pid, long intervalMs) {
        this.pid = pid;
        KINDS.forEach(k -> counts.put(k, 0L));
        sampler = new Thread(() -> {
            while (running) {
                sampleOnce();
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "worker-states");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleOnce() {
        String dump;
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            lastError = e.toString();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<String> kinds = new ArrayList<>();
        for (String block : dump.split("\n\n")) {
            String b = block.strip();
            if (b.startsWith("\"reconcile-")) {
                kinds.add(classify(b));
            }
        }
        if (kinds.isEmpty()) {
            lastError = "no reconcile threads in the dump";
            return;
        }
        synchronized (this) {
            dumps++;
            kinds.forEach(k -> counts.merge(k, 1L, Long::sum));
        }
    }

    static String classify(String stack) {
        int at = stack.indexOf("\tat ");
        String frames = at < 0 ? "" : stack.substring(at);
        if (frames.contains("WorkQueue.take")) {
            return "idle (queue empty)";
        }
        if (frames.contains("RateLimiter.acquire")) {
            return "held by the rate limiter";
        }
        if (frames.contains("CliConnection.connect") || frames.contains("SshLogin") || frames.contains("InfixDriver.connect")
                || frames.contains("sun.security.ssl.SSLSocketImpl.startHandshake") || frames.contains("HttpClientImpl.sendAsync")
                && frames.contains("connect")) {
            return "SSH/TLS connect, key exchange, login";
        }
        if (frames.contains("KafkaProducer") || frames.contains("AdapterPublisher")) {
            return "publishing to Kafka";
        }
        boolean runnable = stack.contains("java.lang.Thread.State: RUNNABLE");
        if (frames.contains("CliConnection.command") || frames.contains("CliConnection.shellCommand")) {
            return runnable && !frames.contains("Object.wait") && !frames.contains("Unsafe.park")
                    ? "running adapter code (CPU)" : "waiting for a device reply (CLI)";
        }
        if (frames.contains("InfixDriver") && (frames.contains("HttpClientImpl.send") || frames.contains("CompletableFuture"))) {
            return "waiting for a device reply (RESTCONF)";
        }
        if (frames.contains("Thread.sleep") && frames.contains("Driver")) {
            return "waiting for a device reply (CLI)"; // a driver polling an asynchronous install
        }
        if (runnable) {
            return "running adapter code (CPU)";
        }
        return "other";
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized int dumps() {
        return dumps;
    }

    /** Share of worker samples per kind, in KINDS order. */
    synchronized Map<String, Double> shares() {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, total == 0 ? 0 : (double) v / total));
        return out;
    }

    String lastError() {
        return lastError;
    }
}
