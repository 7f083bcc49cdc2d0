package io.appfleet.adapter.reconcile;

import io.appfleet.adapter.fleet.DeviceEntry;
import io.appfleet.adapter.fleet.FleetView;
import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.appfleet.adapter.reconcile.PassOutcome.Next;

/**
 * One reconcile pass of one device, level-triggered: read the device, diff it against the full
 * desired state, run the planned steps in order (stopping at the first failure), read back, and
 * publish the observed state and one event per step. The device itself is the record of what
 * earlier passes did, so a pass after a crash plans only what is still missing. The exception is
 * what no device shows, the content behind a package's file name: {@link DeviceMemory} keeps the
 * sha256 each install put on the device, and a spec whose package differs from it is planned as a
 * replacement. A desired app's config digest is recorded as applied only when the pass ends with
 * the app as desired (state, package), never because nothing was planned for it.
 */
public final class DevicePass {

    private static final Logger LOG = Logger.getLogger(DevicePass.class);

    private final FleetView view;
    private final DeviceSessions sessions;
    private final CircuitBreakers breakers;
    private final AdapterPublisher publisher;
    private final ReconcileMetrics metrics;
    private final String instanceId;

    public DevicePass(FleetView view, DeviceSessions sessions, CircuitBreakers breakers, AdapterPublisher publisher,
                      ReconcileMetrics metrics, String instanceId) {
        this.view = view;
        this.sessions = sessions;
        this.breakers = breakers;
        this.publisher = publisher;
        this.metrics = metrics;
        this.instanceId = instanceId;
    }

    /** State of one running pass, so the steps below stay small. */
    private final class Pass {
        final String reconcileId = UUID.randomUUID().toString();
        final DeviceEntry entry;
        final Device device;
        final DesiredDeviceState desired;
        final ReconcileTrigger trigger;
        final DeviceMemory memory;
        final String platform;
        int stepIndex;

        Pass(DeviceEntry entry, ReconcileTrigger trigger, DeviceMemory memory) {
            this.entry = entry;
            this.device = entry.device();
            this.desired = entry.desired();
            this.trigger = trigger;
            this.memory = memory;
            this.platform = device == null ? "unknown" : ReconcileMetrics.label(device.getPlatform().name(), "PLATFORM_");
        }

        long generation() {
            return desired == null ? 0 : desired.getGeneration();
        }

        ObservedDeviceState.Builder observed(Reachability reachability) {
            ObservedDeviceState.Builder b = ObservedDeviceState.newBuilder().setDeviceId(entry.device() != null
                    ? device.getId() : desired.getDeviceId()).setReachability(reachability)
                    .setObservedDesiredGeneration(generation()).setObservedAt(Timestamps.of(Instant.now()))
                    .setAdapterInstanceId(instanceId).setReconcileId(reconcileId);
            if (memory.lastReachableAt != null) {
                b.setLastReachableAt(Timestamps.of(memory.lastReachableAt));
            }
            String pin = device == null ? null : sessions.pinFor(device);
            if (pin != null) {
                b.setHostKeyFingerprint(pin);
            }
            return b;
        }

        void event(ReconcileStep kind, String appId, StepOutcome outcome, String output, Duration took,
                   Instant started, ErrorInfo error, String command) {
            ReconcileEvent.Builder e = ReconcileEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setDeviceId(device.getId()).setAppId(appId == null ? "" : appId).setStep(kind).setOutcome(outcome)
                    .setDuration(Timestamps.of(took)).setAttempt(memory.nextAttempt(generation(), kind + "/" + appId))
                    .setDesiredGeneration(generation()).setReconcileId(reconcileId)
                    .setStartedAt(Timestamps.of(started)).setFinishedAt(Timestamps.of(started.plus(took)))
                    .setCommand(command == null ? "" : UrlRedaction.redact(command))
                    .setStepIndex(stepIndex++).setTrigger(trigger)
                    .setAdapterInstanceId(instanceId);
            if (output != null) {
                output = UrlRedaction.redact(output);
                String cut = output.length() > StepResult.MAX_OUTPUT_CHARS ? output.substring(0, StepResult.MAX_OUTPUT_CHARS) : output;
                e.setDeviceOutput(cut).setDeviceOutputTruncated(cut.length() < output.length());
            }
            if (error != null) {
                e.setError(error);
            }
            if (appId != null && desired != null) {
                desired.getAppsList().stream().filter(a -> a.getAppId().equals(appId)).findFirst()
                        .ifPresent(a -> e.setDeploymentName(a.getDeploymentName()).setDeploymentRevision(a.getDeploymentRevision()));
            }
            publisher.event(e.build());
            metrics.step(platform, kind, outcome, took);
        }
    }

    PassOutcome run(DeviceEntry entry, ReconcileTrigger trigger, DeviceMemory memory) {
        Pass p = new Pass(entry, trigger, memory);
        if (p.device == null) {
            return unknownDevice(p);
        }
        if (p.device.getAdminState() == AdminState.ADMIN_STATE_DECOMMISSIONED) {
            sessions.forget(p.device.getId());
            breakers.forget(p.device.getId());
            publisher.observedGone(p.device.getId());
            return PassOutcome.of(Next.DROP, null);
        }
        Duration open = breakers.remainingOpen(p.device.getId());
        if (!open.isZero()) {
            return new PassOutcome(Next.WAIT, open, null);
        }
        DeviceDriver driver;
        try {
            driver = sessions.driverFor(p.device);
        } catch (DriverFactory.NotDrivable e) {
            ErrorInfo err = error("CREDENTIALS_UNAVAILABLE", e.getMessage(), false);
            p.event(ReconcileStep.RECONCILE_STEP_CONNECT, null, StepOutcome.STEP_OUTCOME_REFUSED, null, Duration.ZERO,
                    Instant.now(), err, null);
            return publish(p, PassOutcome.Next.PARK, p.observed(Reachability.REACHABILITY_UNKNOWN)
                    .setSync(SyncStatus.SYNC_STATUS_UNKNOWN).setHealth(HealthStatus.HEALTH_STATUS_UNKNOWN).setLastError(err));
        }
        try {
            return reconcile(p, driver);
        } catch (DeviceException e) {
            return sessionFailed(p, e);
        }
    }

    private PassOutcome reconcile(Pass p, DeviceDriver driver) throws DeviceException {
        String id = p.device.getId();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        try {
            driver.connect();
        } catch (DeviceException e) {
            p.event(ReconcileStep.RECONCILE_STEP_CONNECT, null, outcomeOf(e), null, Duration.ofNanos(System.nanoTime() - t0),
                    started, errorOf(e), null);
            throw e;
        }
        sessions.trustOnFirstUse(id, driver.hostKeyFingerprint());
        breakers.success(id);
        p.memory.lastReachableAt = Instant.now();
        HostingStatus hosting = read(p, driver::hostingStatus);
        List<InstalledApp> actual = read(p, driver::installedApps);
        CpuPolicerCounters cpp = p.device.getPlatform() == Platform.PLATFORM_IOSXE ? read(p, driver::cpuPolicerCounters)
                : CpuPolicerCounters.NONE;

        DesiredSpecs.Result read = DesiredSpecs.of(p.device, p.desired, p.entry.managedApps());
        DesiredSpecs.Result wanted = new DesiredSpecs.Result(p.memory.markReplacements(read.specs()), read.rejected(),
                read.policy(), read.prune());
        Map<String, ErrorInfo> appErrors = new HashMap<>();
        List<AppSpec> valid = validSpecs(p, driver, wanted, appErrors);
        boolean maintenance = p.device.getAdminState() == AdminState.ADMIN_STATE_MAINTENANCE;
        boolean observeOnly = p.desired == null || maintenance || !hosting.up();

        List<Step> plan = observeOnly ? List.of() : driver.plan(actual, valid, wanted.policy(), wanted.prune());
        boolean failed = false;
        boolean ranSteps = false;
        for (Step step : plan) {
            ranSteps = true;
            Instant s0 = Instant.now();
            StepResult r;
            try {
                r = driver.run(step);
            } catch (DeviceException e) {
                p.event(step.kind(), step.appId(), outcomeOf(e), null, Duration.between(s0, Instant.now()), s0, errorOf(e),
                        step.toString());
                throw e;
            }
            rememberPackage(p, step, r);
            ErrorInfo err = r.ok() ? null : stepError(r);
            p.event(step.kind(), step.appId(), r.outcome(), r.deviceOutput(), r.duration() == null
                    ? Duration.between(s0, Instant.now()) : r.duration(), s0, err, step.toString());
            if (err != null) {
                if (step.appId() != null) {
                    appErrors.put(step.appId(), err);
                }
                LOG.infof("device %s step %s: %s", id, UrlRedaction.redact(step.toString()), err.getMessage());
                failed = true;
                break;
            }
        }
        if (ranSteps) {
            actual = read(p, driver::installedApps);
            if (p.device.getPlatform() == Platform.PLATFORM_IOSXE && !wanted.policy().cppPolicerEnabled().isEmpty()) {
                cpp = read(p, driver::cpuPolicerCounters);
            }
        }
        if (!failed && !observeOnly) {
            recordAppliedDigests(p, wanted, actual);
            forgetRemovedApps(p, actual);
        }
        List<ObservedApp> apps = ObservedStates.apps(p.desired, wanted.specs(), actual, p.entry.managedApps(), appErrors,
                p.memory, failed, Instant.now());
        boolean cppSynced = ObservedStates.cppSynced(p.desired, cpp);
        ObservedDeviceState.Builder o = p.observed(Reachability.REACHABILITY_REACHABLE)
                .setHosting(io.appfleet.proto.fleet.v1.HostingStatus.newBuilder().setAvailable(hosting.up())
                        .setMessage(hosting.detail() == null ? "" : hosting.detail()))
                .addAllApps(apps).addAllCppPolicers(ObservedStates.cpp(cpp))
                .setOsVersion(p.device.getOsVersion());
        SyncStatus sync = p.desired == null ? SyncStatus.SYNC_STATUS_UNKNOWN : ObservedStates.deviceSync(apps, cppSynced);
        HealthStatus health = hosting.up() ? ObservedStates.deviceHealth(apps) : HealthStatus.HEALTH_STATUS_DEGRADED;
        o.setSync(!wanted.rejected().isEmpty() ? SyncStatus.SYNC_STATUS_OUT_OF_SYNC : sync).setHealth(health);
        ErrorInfo deviceError = appErrors.values().stream().findFirst().orElse(null);
        if (!hosting.up()) {
            deviceError = error("HOSTING_UNAVAILABLE", "app hosting is not available: " + hosting.detail(), true);
        } else if (deviceError == null && !wanted.rejected().isEmpty()) {
            deviceError = error("VALIDATION_FAILED", wanted.rejected().get(0).appId() + ": " + wanted.rejected().get(0).reason(), false);
        }
        if (deviceError != null) {
            o.setLastError(deviceError);
        }
        Next next = failed || !hosting.up() ? Next.RETRY : Next.RESYNC;
        return publish(p, next, o);
    }

    private interface DeviceRead<T> {
        T get() throws DeviceException;
    }

    /** A read of the device's state; one that fails is on record as a READ_STATE event, as a failed connect is. */
    private static <T> T read(Pass p, DeviceRead<T> read) throws DeviceException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        try {
            return read.get();
        } catch (DeviceException e) {
            p.event(ReconcileStep.RECONCILE_STEP_READ_STATE, null, outcomeOf(e), null, Duration.ofNanos(System.nanoTime() - t0),
                    started, errorOf(e), null);
            throw e;
        }
    }

    /**
     * Specs the driver accepts, each checked on its own so one invalid app is reported (once per
     * desired generation, as a REFUSED event) without holding back the others.
     */
    private List<AppSpec> validSpecs(Pass p, DeviceDriver driver, DesiredSpecs.Result wanted, Map<String, ErrorInfo> appErrors) {
        List<AppSpec> valid = new ArrayList<>();
        List<DesiredSpecs.Rejected> rejected = new ArrayList<>(wanted.rejected());
        for (AppSpec spec : wanted.specs()) {
            try {
                driver.plan(List.of(), List.of(spec), DevicePolicy.NONE, false);
                valid.add(spec);
            } catch (IllegalArgumentException e) {
                rejected.add(new DesiredSpecs.Rejected(spec.appId(), e.getMessage()));
            }
        }
        for (DesiredSpecs.Rejected r : rejected) {
            ErrorInfo err = error("VALIDATION_FAILED", r.reason(), false);
            appErrors.put(r.appId(), err);
            String key = "rejected/" + r.appId();
            if (!p.memory.attempts.containsKey(key) || p.memory.attemptsGeneration != p.generation()) {
                p.event(ReconcileStep.RECONCILE_STEP_CONFIGURE, r.appId(), StepOutcome.STEP_OUTCOME_REFUSED, null,
                        Duration.ZERO, Instant.now(), err, null);
                p.memory.nextAttempt(p.generation(), key);
            }
        }
        return valid;
    }

    /** What the step did to the app's package, as far as the device cannot show it (see {@link DeviceMemory}). */
    private static void rememberPackage(Pass p, Step step, StepResult r) {
        if (step.appId() == null) {
            return;
        }
        if (step.kind() == ReconcileStep.RECONCILE_STEP_INSTALL && r.outcome() == StepOutcome.STEP_OUTCOME_SUCCEEDED
                && step.app() != null && step.app().packageSource() != null) {
            p.memory.installed(step.appId(), step.app().packageSource().sha256());
        } else if (step.kind() == ReconcileStep.RECONCILE_STEP_UNINSTALL && r.ok()) {
            p.memory.uninstalled(step.appId());
        }
    }

    /**
     * A digest is applied once the device is as the app's spec says, read back after the steps:
     * in the desired state and not running a package known to be another. Not for an app the
     * planner left alone (an ERROR state, a state it does not know) nor for one refused as invalid:
     * no step made the device match those, so they must not read as in sync.
     */
    private void recordAppliedDigests(Pass p, DesiredSpecs.Result wanted, List<InstalledApp> actual) {
        Map<String, AppSpec> specs = new HashMap<>();
        wanted.specs().forEach(s -> specs.put(s.appId(), s));
        Map<String, ObservedAppState> states = new HashMap<>();
        actual.forEach(a -> states.put(a.appId(), a.state()));
        for (var app : p.desired.getAppsList()) {
            AppSpec spec = specs.get(app.getAppId());
            if (spec == null || p.memory.stale(spec) || !ObservedStates.stateMatches(spec.desiredState(),
                    states.getOrDefault(app.getAppId(), ObservedAppState.OBSERVED_APP_STATE_ABSENT))) {
                continue;
            }
            if (!app.getConfigDigest().isEmpty()) {
                p.memory.applied(app.getAppId(), app.getConfigDigest());
            }
            if (spec.packageSource() != null && spec.desiredState() != AppSpec.DesiredState.ABSENT) {
                p.memory.installed(app.getAppId(), spec.packageSource().sha256());
            }
        }
    }

    /** Managed apps that left the desired list and are now off the device are no longer appfleet's. */
    private void forgetRemovedApps(Pass p, List<InstalledApp> actual) {
        java.util.Set<String> stillDesired = new java.util.HashSet<>();
        p.desired.getAppsList().forEach(a -> stillDesired.add(a.getAppId()));
        actual.forEach(a -> stillDesired.add(a.appId()));
        java.util.Set<String> gone = new java.util.HashSet<>(p.entry.managedApps());
        gone.removeAll(stillDesired);
        if (!gone.isEmpty()) {
            view.forgetManaged(p.device.getId(), gone);
        }
    }

    private PassOutcome sessionFailed(Pass p, DeviceException e) {
        String id = p.device.getId();
        sessions.close(id);
        ErrorInfo err = errorOf(e);
        Reachability reach = switch (e.reason()) {
            case AUTH_FAILED -> Reachability.REACHABILITY_AUTH_FAILED;
            case HOST_KEY_MISMATCH -> Reachability.REACHABILITY_HOST_KEY_MISMATCH;
            default -> Reachability.REACHABILITY_UNREACHABLE;
        };
        Next next = switch (e.reason()) {
            case HOST_KEY_MISMATCH, AUTH_FAILED -> Next.PARK;
            default -> Next.RETRY;
        };
        if (e.reason() == DeviceException.Reason.UNREACHABLE || e.reason() == DeviceException.Reason.TIMEOUT) {
            breakers.failure(id);
        }
        LOG.infof("device %s: %s", id, UrlRedaction.redact(e.getMessage()));
        return publish(p, next, p.observed(reach).setSync(SyncStatus.SYNC_STATUS_UNKNOWN)
                .setHealth(HealthStatus.HEALTH_STATUS_UNKNOWN).setLastError(err));
    }

    /** Desired state for a device inventory does not know: reported, not retried. */
    private PassOutcome unknownDevice(Pass p) {
        if (p.desired == null) {
            return PassOutcome.of(Next.DROP, null);
        }
        // Deleted from inventory: nothing will talk to it, so do not hold a session open to it.
        sessions.close(p.desired.getDeviceId());
        ErrorInfo err = error("UNKNOWN_DEVICE", "desired state names device " + p.desired.getDeviceId()
                + ", which inventory does not know", false);
        return publish(p, Next.PARK, p.observed(Reachability.REACHABILITY_UNKNOWN).setSync(SyncStatus.SYNC_STATUS_UNKNOWN)
                .setHealth(HealthStatus.HEALTH_STATUS_UNKNOWN).setLastError(err));
    }

    private PassOutcome publish(Pass p, Next next, ObservedDeviceState.Builder observed) {
        ObservedDeviceState o = observed.build();
        publisher.observed(o);
        metrics.deviceStatus(o.getDeviceId(), o.getSync(), o.getHealth());
        metrics.pass(p.platform, next);
        if (next == Next.RETRY) {
            metrics.retry(p.platform);
        }
        return PassOutcome.of(next, o);
    }

    private static StepOutcome outcomeOf(DeviceException e) {
        return switch (e.reason()) {
            case TIMEOUT -> StepOutcome.STEP_OUTCOME_TIMED_OUT;
            case HOST_KEY_MISMATCH, REFUSED -> StepOutcome.STEP_OUTCOME_REFUSED;
            default -> StepOutcome.STEP_OUTCOME_FAILED;
        };
    }

    private static ErrorInfo errorOf(DeviceException e) {
        return switch (e.reason()) {
            case UNREACHABLE -> error("DEVICE_UNREACHABLE", e.getMessage(), true);
            case TIMEOUT -> error("TIMEOUT", e.getMessage(), true);
            case AUTH_FAILED -> error("AUTH_FAILED", e.getMessage(), false);
            case HOST_KEY_MISMATCH -> error("HOST_KEY_MISMATCH", e.getMessage()
                    + "; the adapter will not talk to this device until its new key is confirmed in inventory", false);
            case PROTOCOL -> error("PARSE_ERROR", e.getMessage(), true);
            case REFUSED -> error("COMMAND_REJECTED", e.getMessage(), false);
        };
    }

    /** Classifies a step the device refused, by what the driver says about it. */
    static ErrorInfo stepError(StepResult r) {
        String msg = r.message() == null || r.message().isBlank() ? r.outcome().name() : r.message();
        if (r.outcome() == StepOutcome.STEP_OUTCOME_TIMED_OUT) {
            return error("TIMEOUT", msg, true);
        }
        if (r.outcome() == StepOutcome.STEP_OUTCOME_REFUSED) {
            return error("VALIDATION_FAILED", msg, false);
        }
        String text = (msg + "\n" + (r.deviceOutput() == null ? "" : r.deviceOutput())).toLowerCase();
        if (text.contains("no space left") || text.contains("disk full")) {
            return error("DISK_FULL", msg, false);
        }
        if (text.contains("sha256") || text.contains("checksum") || text.contains("digest")) {
            return error("PACKAGE_CHECKSUM_MISMATCH", msg, false);
        }
        if (text.contains("resource") || text.contains("capacity") || text.contains("insufficient")) {
            return error("INSUFFICIENT_RESOURCES", msg, false);
        }
        if (text.contains("invalid '") && text.contains("request")) {
            return error("WRONG_STATE", msg, true);
        }
        return error("COMMAND_REJECTED", msg, false);
    }

    static ErrorInfo error(String code, String message, boolean retryable) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(message == null ? "" : UrlRedaction.redact(message))
                .setRetryable(retryable)
                .setOccurredAt(Timestamps.of(Instant.now())).build();
    }
}
