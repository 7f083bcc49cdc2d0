package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceException.Reason;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.StepTranscript;
import io.appfleet.drivers.parse.ParseException;
import io.appfleet.drivers.ssh.CliConnection;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.StepOutcome;
import org.apache.sshd.client.SshClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_FAILED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_REFUSED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_SUCCEEDED;

/**
 * IOS-XR over the CLI, in the profile of the device's release: 6.x has no appmgr and runs docker
 * from XR bash ({@link Iosxr6DockerDriver}, to which every call is handed); 7.x and later use App
 * Manager, the rest of this class. One instance per device; the {@link SshClient} is shared
 * by all drivers of the process. The session opens on first use and is reused until it fails,
 * when the next call opens a new one.
 *
 * <p>Every step reads the device before acting ({@code show appmgr packages installed} or
 * {@code show appmgr application-table}) and reports SKIPPED_ALREADY_DONE when its effect is
 * there, so a replayed plan never re-installs or re-activates; after acting it reads back.
 * {@code show running-config appmgr} gives the committed options of each activation, so a
 * changed spec is reconfigured (see {@link IosxrPlanner}).
 */
public final class IosxrDriver implements DeviceDriver {

    private final DeviceTarget target;
    private final CliConnection cli;
    /** Package names from the last {@link #installedApps()}, for {@link #plan}; null unknown. */
    private Set<String> lastPackages;
    /** Committed activations from the last {@link #installedApps()}, for {@link #plan}; null unknown. */
    private Map<String, AppmgrCommand> lastApplied;
    /** The XR 6.x profile (docker from XR bash), or null on 7.x and later, which have appmgr. */
    private final Iosxr6DockerDriver docker;
    /** appId → docker source, learnt before DEACTIVATE removes it, for the UNINSTALL that follows. */
    private final Map<String, String> sources = new HashMap<>();

    public IosxrDriver(DeviceTarget target, SshClient client) {
        this.target = target;
        this.cli = new CliConnection(client, target);
        this.docker = isDockerRelease(target) ? new Iosxr6DockerDriver(target, cli) : null;
    }

    /**
     * XR before 7 has no appmgr, only docker from XR bash. An unknown version (osMajor 0) keeps
     * appmgr: guessing the older profile would send bash lines to a router that may not want them.
     */
    static boolean isDockerRelease(DeviceTarget target) {
        int major = target.osMajor();
        return major > 0 && major < 7;
    }

    @Override
    public synchronized void connect() throws DeviceException {
        cli.connect();
    }

    @Override
    public synchronized boolean isConnected() {
        return cli.isOpen();
    }

    @Override
    public synchronized String hostKeyFingerprint() {
        return cli.hostKeyFingerprint();
    }

    private String exec(String line) throws DeviceException {
        return cli.command(line);
    }

    @Override
    public synchronized HostingStatus hostingStatus() throws DeviceException {
        if (docker != null) {
            return docker.hostingStatus();
        }
        String out = exec(IosxrCommands.SHOW_TABLE);
        try {
            ApplicationTable.parse(out);
            return new HostingStatus(true, "appmgr running");
        } catch (ParseException e) {
            return new HostingStatus(false, "cannot read '" + IosxrCommands.SHOW_TABLE + "': " + e.getMessage());
        }
    }

    @Override
    public synchronized List<InstalledApp> installedApps() throws DeviceException {
        if (docker != null) {
            return docker.installedApps();
        }
        List<InstalledApp> apps = table(null).apps().stream()
                .map(a -> new InstalledApp(a.appId(), observed(a), a.configState() + " / " + a.status()))
                .toList();
        lastPackages = packages(null);
        lastApplied = applied(null);
        return apps;
    }

    /** Activated and up is RUNNING, activated and exited (or created, paused…) STOPPED; any other config state ERROR. */
    static ObservedAppState observed(ApplicationTable.App a) {
        if (!a.configState().equalsIgnoreCase("Activated")) {
            return ObservedAppState.OBSERVED_APP_STATE_ERROR;
        }
        return a.running() ? ObservedAppState.OBSERVED_APP_STATE_RUNNING : ObservedAppState.OBSERVED_APP_STATE_STOPPED;
    }

    @Override
    public synchronized List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy,
                                        boolean prune) {
        // IOS-XR has no CPP policer to enforce: the device policy does not apply here.
        if (docker != null) {
            return docker.plan(actual, desired, prune);
        }
        return IosxrPlanner.plan(actual, desired, prune, lastPackages, lastApplied);
    }

    @Override
    public synchronized StepResult run(Step step) throws DeviceException {
        if (docker != null) {
            return docker.run(step);
        }
        long started = System.nanoTime();
        StepTranscript t = new StepTranscript();
        try {
            Outcome o = switch (step.kind()) {
                case RECONCILE_STEP_INSTALL -> install(t, requireApp(step));
                case RECONCILE_STEP_ACTIVATE -> activate(t, requireApp(step));
                case RECONCILE_STEP_START -> startStop(t, "start", step.appId());
                case RECONCILE_STEP_STOP -> startStop(t, "stop", step.appId());
                case RECONCILE_STEP_DEACTIVATE -> deactivate(t, step.appId(), step.app());
                case RECONCILE_STEP_UNINSTALL -> uninstall(t, step.appId(), step.app());
                default -> new Outcome(STEP_OUTCOME_REFUSED, "IOS-XR driver has no step " + step.kind());
            };
            return result(step, o, t, started);
        } catch (IllegalArgumentException e) {
            // Validation refused a value: nothing was sent.
            return result(step, new Outcome(STEP_OUTCOME_REFUSED, e.getMessage()), t, started);
        }
    }

    private StepResult result(Step step, Outcome o, StepTranscript t, long started) {
        String password = target.login().password();
        String output = t.text(password);
        return new StepResult(step, o.outcome(), output, Duration.ofNanos(System.nanoTime() - started), o.message());
    }

    private static AppSpec requireApp(Step step) {
        if (step.app() == null) {
            throw new IllegalArgumentException("step " + step.kind() + " needs the app spec");
        }
        if (step.app().packagePath() == null) {
            throw new IllegalArgumentException("packagePath must be set for " + step.kind() + " of " + step.appId());
        }
        return step.app();
    }

    private record Outcome(StepOutcome outcome, String message) {
    }


    private String send(StepTranscript t, String line) throws DeviceException {
        String reply = exec(line);
        if (t != null) {
            t.add(line, reply);
        }
        return reply;
    }

    private ApplicationTable table(StepTranscript t) throws DeviceException {
        String out = send(t, IosxrCommands.SHOW_TABLE);
        try {
            return ApplicationTable.parse(out);
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + IosxrCommands.SHOW_TABLE + "' of "
                    + target.id() + ": " + e.getMessage());
        }
    }

    private Optional<ApplicationTable.App> app(StepTranscript t, String appId) throws DeviceException {
        return table(t).apps().stream().filter(a -> a.appId().equals(appId)).findFirst();
    }

    private Set<String> packages(StepTranscript t) throws DeviceException {
        String out = send(t, IosxrCommands.SHOW_PACKAGES);
        try {
            Set<String> names = new LinkedHashSet<>();
            InstalledPackages.parse(out).packages().forEach(p -> names.add(p.fullName()));
            return names;
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + IosxrCommands.SHOW_PACKAGES + "' of "
                    + target.id() + ": " + e.getMessage());
        }
    }

    /** The committed activations, or null when the router does not show them (the caller then cannot compare). */
    private Map<String, AppmgrCommand> applied(StepTranscript t) throws DeviceException {
        String out = send(t, IosxrCommands.SHOW_RUNNING);
        try {
            return AppmgrConfig.parse(out).activations();
        } catch (ParseException e) {
            return null;
        }
    }

    /** Judges a lifecycle reply; null when it is OK (or IN_PROGRESS), else the outcome to report. */
    private static LifecycleReply judge(String command, String reply) {
        try {
            return LifecycleReplies.parse(command, reply);
        } catch (ParseException e) {
            return new LifecycleReply(LifecycleReply.Outcome.ERROR, null,
                    "unrecognised reply to '" + command + "': " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    private Outcome install(StepTranscript t, AppSpec app) throws DeviceException {
        String command = IosxrCommands.packageInstall(app.packagePath());
        String pkg = IosxrCommands.packageName(app.packagePath());
        if (packages(t).contains(pkg)) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, "package " + pkg + " is already installed");
        }
        LifecycleReply r = judge(command, send(t, command));
        if (r.outcome() == LifecycleReply.Outcome.WRONG_STATE || r.outcome() == LifecycleReply.Outcome.OK
                || r.outcome() == LifecycleReply.Outcome.IN_PROGRESS) {
            boolean there = packages(t).contains(pkg);
            lastPackages = null;
            if (there) {
                return new Outcome(STEP_OUTCOME_SUCCEEDED, "package " + pkg + " installed");
            }
            return new Outcome(STEP_OUTCOME_FAILED, "package " + pkg + " is not installed after install"
                    + (r.message() == null ? "" : ": " + firstLine(r.message())));
        }
        return new Outcome(STEP_OUTCOME_FAILED, "install of " + pkg + " failed: " + firstLine(r.message()));
    }

    private Outcome activate(StepTranscript t, AppSpec app) throws DeviceException {
        String line = IosxrCommands.activate(app);
        if (app(t, app.appId()).isPresent()) {
            Map<String, AppmgrCommand> applied = applied(t);
            if (applied != null && applied.containsKey(app.appId())
                    && !IosxrCommands.sameActivation(app, applied.get(app.appId()))) {
                return new Outcome(STEP_OUTCOME_FAILED, app.appId()
                        + " is activated with other options; it must be deactivated first");
            }
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, app.appId() + " is already activated");
        }
        Outcome committed = configure(t, line);
        if (committed != null) {
            return committed;
        }
        return app(t, app.appId()).isPresent()
                ? new Outcome(STEP_OUTCOME_SUCCEEDED, app.appId() + " activated")
                : new Outcome(STEP_OUTCOME_FAILED, app.appId() + " is not in the application table after commit");
    }

    /**
     * configure, the line, commit, end. Returns null when committed, else the failure (the
     * session's changes are then dropped with {@code abort}).
     */
    private Outcome configure(StepTranscript t, String line) throws DeviceException {
        send(t, IosxrCommands.CONFIGURE);
        boolean inConfig = true;
        try {
            String reply = send(t, line);
            if (reply.lines().anyMatch(l -> l.stripLeading().startsWith("%"))) {
                return new Outcome(STEP_OUTCOME_FAILED, "device refused '" + line + "': "
                        + reply.lines().filter(l -> l.stripLeading().startsWith("%")).findFirst().orElse("").strip());
            }
            LifecycleReply r = judge(IosxrCommands.COMMIT, send(t, IosxrCommands.COMMIT));
            if (r.outcome() != LifecycleReply.Outcome.OK) {
                return new Outcome(STEP_OUTCOME_FAILED, "commit failed: " + firstLine(r.message()));
            }
            send(t, IosxrCommands.END);
            inConfig = false;
            return null;
        } finally {
            if (inConfig && cli.isOpen()) {
                send(t, IosxrCommands.ABORT);
            }
        }
    }

    private Outcome startStop(StepTranscript t, String verb, String appId) throws DeviceException {
        String command = IosxrCommands.verb(verb, appId);
        boolean wantRunning = verb.equals("start");
        Optional<ApplicationTable.App> before = app(t, appId);
        if (before.isEmpty()) {
            return wantRunning
                    ? new Outcome(STEP_OUTCOME_FAILED, appId + " is not activated")
                    : new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is not on the device");
        }
        if (before.get().running() == wantRunning) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is already " + before.get().status());
        }
        LifecycleReply r = judge(command, send(t, command));
        Optional<ApplicationTable.App> after = app(t, appId);
        boolean done = wantRunning ? after.map(ApplicationTable.App::running).orElse(false)
                : after.map(a -> !a.running()).orElse(true);
        if (done) {
            return new Outcome(r.outcome() == LifecycleReply.Outcome.OK ? STEP_OUTCOME_SUCCEEDED
                    : STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is " + after.map(ApplicationTable.App::status).orElse("absent"));
        }
        return new Outcome(STEP_OUTCOME_FAILED, "cannot " + verb + " " + appId
                + (r.message() == null ? "" : ": " + firstLine(r.message())));
    }

    /**
     * {@code app} is the spec of an app that stays (a reconfiguration) or goes (desired ABSENT),
     * null when pruned. For one that stays, an activation that already has the spec's options is
     * the reconfiguration done, so a replay does not take the app down again.
     */
    private Outcome deactivate(StepTranscript t, String appId, AppSpec app) throws DeviceException {
        String line = IosxrCommands.deactivate(appId);
        if (app(t, appId).isEmpty()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is not activated");
        }
        if (app != null && app.desiredState() != AppSpec.DesiredState.ABSENT && app.packagePath() != null) {
            Map<String, AppmgrCommand> applied = applied(t);
            if (applied != null && IosxrCommands.sameActivation(app, applied.get(appId))) {
                return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is already activated as desired");
            }
        }
        rememberSource(t, appId);
        Outcome committed = configure(t, line);
        if (committed != null) {
            return committed;
        }
        return app(t, appId).isEmpty()
                ? new Outcome(STEP_OUTCOME_SUCCEEDED, appId + " deactivated")
                : new Outcome(STEP_OUTCOME_FAILED, appId + " is still in the application table after commit");
    }

    private void rememberSource(StepTranscript t, String appId) throws DeviceException {
        String out = send(t, IosxrCommands.infoDetail(appId));
        try {
            ApplicationInfo.parse(out).apps().stream().filter(a -> appId.equals(a.appId()) && a.source() != null)
                    .findFirst().ifPresent(a -> sources.put(appId, a.source()));
        } catch (ParseException e) {
            // The source only helps find the package later; an unreadable info is no reason to stop.
        }
    }

    private Outcome uninstall(StepTranscript t, String appId, AppSpec app) throws DeviceException {
        Set<String> installed = packages(t);
        if (app != null && app.desiredState() != AppSpec.DesiredState.ABSENT && app.packagePath() != null) {
            return uninstallOtherVersions(t, app, installed);
        }
        String pkg;
        if (app != null && app.packagePath() != null) {
            pkg = IosxrCommands.packageName(app.packagePath());
        } else {
            String source = sources.get(appId);
            if (source == null) {
                return new Outcome(STEP_OUTCOME_REFUSED, "the package of " + appId
                        + " is unknown (no packagePath, source not seen); uninstall it by hand");
            }
            pkg = installed.stream().filter(p -> IosxrCommands.sourceOfPackage(p).equals(source)).findFirst().orElse(null);
            if (pkg == null) {
                return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, "no installed package provides " + source);
            }
        }
        if (!installed.contains(pkg)) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, "package " + pkg + " is not installed");
        }
        String command = IosxrCommands.packageUninstall(pkg);
        LifecycleReply r = judge(command, send(t, command));
        lastPackages = null;
        if (!packages(t).contains(pkg)) {
            sources.remove(appId);
            return new Outcome(r.outcome() == LifecycleReply.Outcome.OK ? STEP_OUTCOME_SUCCEEDED
                    : STEP_OUTCOME_SKIPPED_ALREADY_DONE, "package " + pkg + " uninstalled");
        }
        return new Outcome(STEP_OUTCOME_FAILED, "uninstall of " + pkg + " failed"
                + (r.message() == null ? "" : ": " + firstLine(r.message())));
    }

    /**
     * For an app that stays: removes the installed versions of its package other than the
     * desired one ({@link IosxrPlanner#otherVersions}), read from the device now, so a replay
     * after they went (or once the desired one is installed) is SKIPPED_ALREADY_DONE.
     */
    private Outcome uninstallOtherVersions(StepTranscript t, AppSpec app, Set<String> installed) throws DeviceException {
        List<String> others = IosxrPlanner.otherVersions(app, installed);
        if (others.isEmpty()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, "no other version of "
                    + IosxrCommands.source(app.packagePath()) + " than " + IosxrCommands.packageName(app.packagePath())
                    + " is installed");
        }
        lastPackages = null;
        for (String pkg : others) {
            String command = IosxrCommands.packageUninstall(pkg);
            LifecycleReply r = judge(command, send(t, command));
            if (packages(t).contains(pkg)) {
                return new Outcome(STEP_OUTCOME_FAILED, "uninstall of " + pkg + " failed"
                        + (r.message() == null ? "" : ": " + firstLine(r.message())));
            }
        }
        return new Outcome(STEP_OUTCOME_SUCCEEDED, "uninstalled " + String.join(", ", others));
    }

    @Override
    public synchronized AppUsage appUsage(String appId) throws DeviceException {
        if (docker != null) {
            return docker.appUsage(appId);
        }
        String out = exec(IosxrCommands.stats(appId));
        try {
            AppStats s = AppStats.parse(out);
            long mib = 1024L * 1024L;
            return new AppUsage(appId, null, s.cpuPercent() == null ? null : s.cpuPercent().doubleValue(),
                    s.memoryLimitBytes() / mib, s.memoryUsedBytes() / 1024, null, null);
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read stats of " + appId + " on " + target.id()
                    + ": " + e.getMessage());
        }
    }

    @Override
    public CpuPolicerCounters cpuPolicerCounters() {
        return CpuPolicerCounters.NONE;
    }

    @Override
    public synchronized void close() {
        cli.close();
    }

}
