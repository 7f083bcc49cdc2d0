package io.appfleet.adapter;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device driver for unit tests of the adapter's own classes: an in-memory app table, a planner
 * that starts, stops and removes apps, and hooks to make a call slow, block or fail. The real
 * drivers are tested against the simulators; this one only stands in for them as a collaborator.
 */
public final class FakeDriver implements DeviceDriver {

    /** Runs inside a driver call; may block or throw like a device would. */
    @FunctionalInterface
    public interface Hook {
        void run() throws DeviceException, InterruptedException;
    }

    private final Map<String, InstalledApp> apps = new LinkedHashMap<>();
    public final Set<String> invalidApps = ConcurrentHashMap.newKeySet();
    /** Apps whose steps the device refuses (a FAILED result quoting the step, as real drivers do). */
    public final Set<String> failingApps = ConcurrentHashMap.newKeySet();
    public final List<Step> ran = new CopyOnWriteArrayList<>();
    public final AtomicInteger connects = new AtomicInteger();
    private boolean connected;
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();
    public volatile HostingStatus hosting = new HostingStatus(true, "");
    public volatile CpuPolicerCounters cpp = CpuPolicerCounters.NONE;
    public volatile String fingerprint = "SHA256:fake-key";
    public volatile Hook onConnect = () -> { };
    public volatile Hook onRead = () -> { };
    /**
     * Plans installs as the package platforms do: an absent app gets INSTALL before its START, an
     * installed one the caller says to replace ({@link AppSpec#replacePackage()}) gets UNINSTALL,
     * INSTALL, START, and an app in ERROR is left alone. Off: absent apps are only started.
     */
    public volatile boolean installs;
    /** Step kinds the device refuses, for every app. */
    public final Set<ReconcileStep> failingSteps = ConcurrentHashMap.newKeySet();
    /** The desired specs of every plan, in order (validation plans of one spec included). */
    public final List<List<AppSpec>> planned = new CopyOnWriteArrayList<>();

    public synchronized FakeDriver with(String appId, ObservedAppState state) {
        apps.put(appId, new InstalledApp(appId, state, state.name().replace("OBSERVED_APP_STATE_", "")));
        return this;
    }

    public synchronized ObservedAppState state(String appId) {
        InstalledApp a = apps.get(appId);
        return a == null ? null : a.state();
    }

    // Synchronized like the real drivers: one call at a time per device session.
    @Override
    public synchronized void connect() throws DeviceException {
        connects.incrementAndGet();
        call(onConnect);
        connected = true;
    }

    @Override
    public synchronized boolean isConnected() {
        return connected;
    }

    /** The device dropped the session: the next call logs in again. */
    public synchronized void dropSession() {
        connected = false;
    }

    @Override
    public String hostKeyFingerprint() {
        return fingerprint;
    }

    @Override
    public HostingStatus hostingStatus() {
        return hosting;
    }

    @Override
    public synchronized List<InstalledApp> installedApps() throws DeviceException {
        reads.incrementAndGet();
        call(onRead);
        return List.copyOf(apps.values());
    }

    @Override
    public synchronized List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune) {
        List<Step> steps = new ArrayList<>();
        planned.add(List.copyOf(desired));
        for (AppSpec s : desired) {
            if (invalidApps.contains(s.appId())) {
                throw new IllegalArgumentException("app " + s.appId() + " is not valid for this device");
            }
            ObservedAppState now = actual.stream().filter(a -> a.appId().equals(s.appId())).map(InstalledApp::state)
                    .findFirst().orElse(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
            if (installs && s.desiredState() == AppSpec.DesiredState.RUNNING) {
                if (now == ObservedAppState.OBSERVED_APP_STATE_ERROR) {
                    continue;
                }
                boolean absent = now == ObservedAppState.OBSERVED_APP_STATE_ABSENT;
                if (!absent && s.replacePackage()) {
                    steps.add(new Step(ReconcileStep.RECONCILE_STEP_UNINSTALL, s.appId(), "to replace the package", s));
                    absent = true;
                }
                if (absent) {
                    steps.add(new Step(ReconcileStep.RECONCILE_STEP_INSTALL, s.appId(), s.packagePath(), s));
                }
                if (absent || now != ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                    steps.add(new Step(ReconcileStep.RECONCILE_STEP_START, s.appId(), "", s));
                }
                continue;
            }
            switch (s.desiredState()) {
                case RUNNING -> {
                    if (now != ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                        // Details quote the package like the real planners do (copy <url>, PUT container <url>).
                        steps.add(new Step(ReconcileStep.RECONCILE_STEP_START, s.appId(), "from " + s.packagePath(), s));
                    }
                }
                case STOPPED -> {
                    if (now == ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                        steps.add(new Step(ReconcileStep.RECONCILE_STEP_STOP, s.appId(), "", s));
                    }
                }
                case ABSENT -> {
                    if (now != ObservedAppState.OBSERVED_APP_STATE_ABSENT) {
                        steps.add(new Step(ReconcileStep.RECONCILE_STEP_UNINSTALL, s.appId(), "", s));
                    }
                }
            }
        }
        return steps;
    }

    @Override
    public synchronized StepResult run(Step step) {
        ran.add(step);
        if (failingApps.contains(step.appId()) || failingSteps.contains(step.kind())) {
            return new StepResult(step, StepOutcome.STEP_OUTCOME_FAILED, "device> " + step.details() + "\n% Error",
                    Duration.ofMillis(1), "unrecognised reply to '" + step.details() + "'");
        }
        switch (step.kind()) {
            case RECONCILE_STEP_START -> with(step.appId(), ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            case RECONCILE_STEP_STOP -> with(step.appId(), ObservedAppState.OBSERVED_APP_STATE_STOPPED);
            case RECONCILE_STEP_UNINSTALL -> apps.remove(step.appId());
            case RECONCILE_STEP_INSTALL -> with(step.appId(), ObservedAppState.OBSERVED_APP_STATE_DEPLOYED);
            default -> throw new IllegalStateException("the fake does not run " + step.kind());
        }
        return new StepResult(step, StepOutcome.STEP_OUTCOME_SUCCEEDED, "ok", Duration.ofMillis(1), null);
    }

    @Override
    public AppUsage appUsage(String appId) {
        return new AppUsage(appId, 500L, 12.5, 256L, 2048L, 100L, 1.5);
    }

    @Override
    public CpuPolicerCounters cpuPolicerCounters() {
        return cpp;
    }

    @Override
    public synchronized void close() {
        closes.incrementAndGet();
        connected = false;
    }

    private static void call(Hook hook) throws DeviceException {
        try {
            hook.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "interrupted");
        }
    }
}
