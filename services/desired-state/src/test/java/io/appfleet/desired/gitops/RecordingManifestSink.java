package io.appfleet.desired.gitops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Stands in for the deployment core in GitOps tests: records every call and answers like the core would for
 * content it accepts (applied when a path's bytes changed, unchanged otherwise, pruned for paths gone with prune).
 * A file whose text holds {@code REJECT-ME} is rejected. It can be told to fail, or to block, to exercise retries
 * and coalescing. Enabled only by {@link GitOpsTestProfile}, so it never replaces the real sink elsewhere.
 */
@Alternative
@ApplicationScoped
public class RecordingManifestSink implements ManifestSink {

    /** One call of {@link #sync}. */
    public record Call(GitCommit commit, List<ManifestFile> files, boolean prune) {

        List<String> paths() {
            return files.stream().map(ManifestFile::path).toList();
        }

        String text(String path) {
            return files.stream().filter(f -> f.path().equals(path)).findFirst().map(ManifestFile::text).orElse(null);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> applied = new HashMap<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered;

    @Override
    public synchronized SyncReport sync(GitCommit commit, List<ManifestFile> files, boolean prune) {
        calls.add(new Call(commit, List.copyOf(files), prune));
        CountDownLatch in = entered;
        if (in != null) {
            in.countDown();
        }
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected: database unavailable");
        }
        List<SyncReport.FileResult> results = new ArrayList<>();
        for (ManifestFile f : files) {
            String text = f.text();
            if (text.contains("REJECT-ME")) {
                results.add(SyncReport.FileResult.rejected(f.path(), "spec.app.id: injected rejection"));
                continue;
            }
            String before = applied.put(f.path(), text);
            results.add(new SyncReport.FileResult(f.path(), text.equals(before) ? SyncReport.Outcome.UNCHANGED
                    : SyncReport.Outcome.APPLIED, name(f.path()), null));
        }
        List<String> pruned = new ArrayList<>();
        if (prune) {
            List<String> present = files.stream().map(ManifestFile::path).toList();
            for (String path : List.copyOf(applied.keySet())) {
                if (!present.contains(path)) {
                    applied.remove(path);
                    pruned.add(name(path));
                }
            }
        }
        return new SyncReport(results, pruned);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> callsFor(String sha) {
        return calls.stream().filter(c -> c.commit().sha().equals(sha)).toList();
    }

    public void failNext(int times) {
        failuresToInject.set(times);
    }

    /** Makes the next calls wait until {@link #open()}; {@code entered} counts down when one is waiting. */
    public CountDownLatch block() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        return entered;
    }

    public void open() {
        CountDownLatch g = gate;
        gate = null;
        entered = null;
        if (g != null) {
            g.countDown();
        }
    }

    private static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.lastIndexOf('.'));
    }
}
