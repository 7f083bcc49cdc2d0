package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.AppSpec;
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
import io.appfleet.drivers.ssh.PromptAnswer;
import io.appfleet.proto.fleet.v1.StepOutcome;
import org.apache.sshd.client.SshClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_FAILED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_REFUSED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_SUCCEEDED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_TIMED_OUT;

/**
 * IOS-XE app hosting over the CLI (16.12 and 17.x). One instance per device; the
 * {@link SshClient} is shared by all drivers of the process. The session opens on first use and
 * is reused until it fails, when the next call opens a new one.
 */
public final class IosxeDriver implements DeviceDriver {

    /** Verb → the states in which its effect is already present (a wrong-state reply then means "done"). */
    private static final Map<String, Set<String>> DONE_STATES = Map.of(
            "install", Set.of("DEPLOYED", "ACTIVATED", "RUNNING", "STOPPED"),
            "activate", Set.of("ACTIVATED", "RUNNING", "STOPPED"),
            "start", Set.of("RUNNING"),
            "stop", Set.of("STOPPED", "ACTIVATED", "DEPLOYED"),
            "deactivate", Set.of("DEPLOYED"),
            "uninstall", Set.of());
    /** Verbs whose effect is "the app is not there or not running", so a missing app means done. */
    private static final Set<String> DONE_WHEN_MISSING = Set.of("stop", "deactivate", "uninstall");
    private static final Set<String> TRANSIENT = Set.of("INSTALLING", "UNINSTALLING");
    /**
     * What {@code copy} asks: the destination name (Enter keeps the one on the line) and, when the
     * file exists, whether to overwrite it (Enter confirms; only a file with the wrong digest gets
     * here, the right one is never copied again).
     */
    private static final List<PromptAnswer> COPY_ANSWERS = List.of(
            PromptAnswer.enter("Destination filename \\[[^\\]\r\n]*\\]\\?"), PromptAnswer.CONFIRM);
    /** Slowest transfer a copy is given time for (a WAN link to a branch switch writing USB flash). */
    static final long MIN_COPY_BYTES_PER_SEC = 256 * 1024;
    /** Slowest flash read a verify is given time for. */
    static final long MIN_VERIFY_BYTES_PER_SEC = 4 * 1024 * 1024;
    static final Duration MAX_COPY_TIMEOUT = Duration.ofMinutes(60);
    static final Duration MAX_VERIFY_TIMEOUT = Duration.ofMinutes(10);

    private final DeviceTarget target;
    private final CliConnection cli;
    private final Duration asyncTimeout;
    private final Duration pollInterval;
    /** Last CPP reading: null unknown, NONE when the device has no CPP. */
    private CpuPolicerCounters lastCpp;
    /**
     * {@code show running-config | section app-hosting} as read with the last list, so the
     * planner can compare each installed app's block with the desired one; null when unknown
     * or changed since (the planner then reconfigures nothing).
     */
    private String lastAppConfig;

    public IosxeDriver(DeviceTarget target, SshClient client) {
        this(target, client, Duration.ofMinutes(10), Duration.ofSeconds(2));
    }

    /**
     * @param asyncTimeout how long a 17.x background install/uninstall may take
     * @param pollInterval how often {@code show app-hosting list} is read meanwhile
     */
    public IosxeDriver(DeviceTarget target, SshClient client, Duration asyncTimeout, Duration pollInterval) {
        this.target = target;
        this.cli = new CliConnection(client, target);
        this.asyncTimeout = asyncTimeout;
        this.pollInterval = pollInterval;
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
        String out = exec(IosxeCommands.SHOW_IOX);
        try {
            List<String> down = IoxServiceParser.parse(out).components().stream()
                    .filter(c -> !c.status().equalsIgnoreCase("Running") && !c.status().equalsIgnoreCase("Not Supported"))
                    .map(c -> c.name() + ": " + c.status())
                    .toList();
            return down.isEmpty() ? new HostingStatus(true, "IOx running") : new HostingStatus(false, String.join(", ", down));
        } catch (ParseException e) {
            return new HostingStatus(false, "cannot read '" + IosxeCommands.SHOW_IOX + "': " + e.getMessage());
        }
    }

    @Override
    public synchronized List<InstalledApp> installedApps() throws DeviceException {
        String out = exec(IosxeCommands.SHOW_LIST);
        try {
            List<InstalledApp> apps = AppListParser.parse(out).apps().stream()
                    .map(a -> new InstalledApp(a.appId(), IosxeStates.observed(a.state()), a.state()))
                    .toList();
            lastAppConfig = null;
            if (apps.isEmpty()) {
                lastAppConfig = ""; // nothing installed: no block to compare, no need to read one
                return apps;
            }
            String config = exec(RunningAppConfig.SHOW);
            lastAppConfig = isCliError(config) ? null : config;
            Map<String, String> paths = packagePaths();
            return apps.stream().map(a -> new InstalledApp(a.appId(), a.state(), a.rawState(), paths.get(a.appId())))
                    .toList();
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + IosxeCommands.SHOW_LIST + "' of " + target.id()
                    + ": " + e.getMessage());
        }
    }

    /**
     * The package each app was installed from ("Path" of {@code show app-hosting detail}, one
     * command for all apps), so the planner sees a package that changed. An answer that cannot be
     * read leaves every path unknown rather than failing the pass: the planner then replaces
     * nothing, as it reconfigures nothing without the running config.
     */
    private Map<String, String> packagePaths() throws DeviceException {
        String out = exec(IosxeCommands.SHOW_DETAIL);
        if (isCliError(out)) {
            return Map.of();
        }
        try {
            Map<String, String> paths = new HashMap<>();
            for (AppDetails.App a : AppDetailParser.parse(out).apps()) {
                if (a.appId() != null && a.packagePath() != null && !a.packagePath().isBlank()) {
                    paths.put(a.appId(), a.packagePath().strip());
                }
            }
            return paths;
        } catch (ParseException e) {
            return Map.of();
        }
    }

    @Override
    public synchronized List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune) {
        return IosxePlanner.plan(actual, desired, policy, prune, lastCpp, lastAppConfig);
    }

    @Override
    public synchronized StepResult run(Step step) throws DeviceException {
        long started = System.nanoTime();
        StepTranscript t = new StepTranscript();
        try {
            Outcome o = switch (step.kind()) {
                case RECONCILE_STEP_CONFIGURE -> configureApp(t, requireApp(step));
                case RECONCILE_STEP_UNCONFIGURE -> {
                    lastAppConfig = null;
                    yield configure(t, IosxeCommands.appUnconfig(step.appId()));
                }
                case RECONCILE_STEP_COPY_PACKAGE -> copyPackage(t, requireSource(step));
                case RECONCILE_STEP_VERIFY_PACKAGE -> verifyPackage(t, requireSource(step));
                case RECONCILE_STEP_INSTALL -> install(t, step.appId(), requireApp(step).packagePath());
                case RECONCILE_STEP_ACTIVATE -> lifecycle(t, "activate", step.appId());
                case RECONCILE_STEP_START -> lifecycle(t, "start", step.appId());
                case RECONCILE_STEP_STOP -> lifecycle(t, "stop", step.appId());
                case RECONCILE_STEP_DEACTIVATE -> lifecycle(t, "deactivate", step.appId());
                case RECONCILE_STEP_UNINSTALL -> lifecycle(t, "uninstall", step.appId());
                case RECONCILE_STEP_WAIT_STATE -> waitSettled(t, step.appId());
                case RECONCILE_STEP_CONFIGURE_CPP -> configureCpp(t, step.details());
                default -> new Outcome(STEP_OUTCOME_REFUSED, "IOS-XE driver has no step " + step.kind());
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
        return step.app();
    }

    private static AppSpec requireSource(Step step) {
        AppSpec app = requireApp(step);
        if (app.packageSource() == null || app.packagePath() == null) {
            throw new IllegalArgumentException("step " + step.kind() + " needs packageSource and packagePath");
        }
        return app;
    }

    private record Outcome(StepOutcome outcome, String message) {
    }

    /**
     * Time for a command that moves or reads {@code sizeBytes}: the normal command timeout plus the
     * size at {@code bytesPerSec}, at most {@code max}; an unknown size (0) gets {@code max}.
     */
    static Duration transferTimeout(Duration base, long sizeBytes, long bytesPerSec, Duration max) {
        if (sizeBytes <= 0) {
            return max;
        }
        Duration d = base.plusSeconds(sizeBytes / bytesPerSec + 1);
        return d.compareTo(max) > 0 ? max : d;
    }

    private String sendLong(StepTranscript t, String line, Duration timeout, List<PromptAnswer> answers)
            throws DeviceException {
        String reply = cli.command(line, timeout, answers);
        t.add(line, reply);
        return reply;
    }

    /** {@code verify /sha256} of the destination, or a failed outcome when the reply cannot be read. */
    private VerifyReply verify(StepTranscript t, String command, long sizeBytes) throws DeviceException {
        Duration timeout = transferTimeout(target.commandTimeout(), sizeBytes, MIN_VERIFY_BYTES_PER_SEC, MAX_VERIFY_TIMEOUT);
        String reply = sendLong(t, command, timeout, List.of());
        return VerifyReplyParser.parse(command, reply);
    }

    /**
     * Downloads the package to its destination unless a file with the expected digest is already
     * there (then the step is SKIPPED_ALREADY_DONE and no {@code copy} is sent).
     */
    private Outcome copyPackage(StepTranscript t, AppSpec app) throws DeviceException {
        AppSpec.PackageSource src = app.packageSource();
        String dest = app.packagePath();
        String verifyCommand = IosxeCommands.verifySha256(dest);
        String copyCommand = IosxeCommands.copy(src.url(), dest);
        try {
            VerifyReply before = verify(t, verifyCommand, src.sizeBytes());
            if (before.outcome() == VerifyReply.Outcome.DIGEST && before.sha256().equals(src.sha256())) {
                return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, dest + " is already there with sha256 " + src.sha256());
            }
        } catch (ParseException e) {
            return new Outcome(STEP_OUTCOME_FAILED, "unrecognised reply to '" + verifyCommand + "': " + e.getMessage());
        }
        Duration timeout = transferTimeout(target.commandTimeout(), src.sizeBytes(), MIN_COPY_BYTES_PER_SEC, MAX_COPY_TIMEOUT);
        String reply = sendLong(t, copyCommand, timeout, COPY_ANSWERS);
        CopyReply c;
        try {
            c = CopyReplyParser.parse(copyCommand, reply);
        } catch (ParseException e) {
            return new Outcome(STEP_OUTCOME_FAILED, "unrecognised reply to '" + copyCommand + "': " + e.getMessage());
        }
        return switch (c.outcome()) {
            case COPIED -> new Outcome(STEP_OUTCOME_SUCCEEDED, "copied " + c.bytesCopied() + " bytes to " + dest);
            case NO_SPACE -> new Outcome(STEP_OUTCOME_FAILED, "no space for " + dest + " on " + target.id() + ": " + c.message());
            case SOURCE_NOT_FOUND -> new Outcome(STEP_OUTCOME_FAILED, "the device cannot fetch the package: " + c.message());
            case ERROR -> new Outcome(STEP_OUTCOME_FAILED, "copy to " + dest + " failed: " + c.message());
        };
    }

    /**
     * Checks the file's digest on the device. A file with the wrong digest is deleted, so the
     * next pass copies it again rather than installing or skipping over it.
     */
    private Outcome verifyPackage(StepTranscript t, AppSpec app) throws DeviceException {
        AppSpec.PackageSource src = app.packageSource();
        String dest = app.packagePath();
        String verifyCommand = IosxeCommands.verifySha256(dest);
        String deleteCommand = IosxeCommands.deleteForce(dest);
        VerifyReply v;
        try {
            v = verify(t, verifyCommand, src.sizeBytes());
        } catch (ParseException e) {
            return new Outcome(STEP_OUTCOME_FAILED, "unrecognised reply to '" + verifyCommand + "': " + e.getMessage());
        }
        return switch (v.outcome()) {
            case DIGEST -> {
                if (v.sha256().equals(src.sha256())) {
                    yield new Outcome(STEP_OUTCOME_SUCCEEDED, dest + " has sha256 " + src.sha256());
                }
                String reply = send(t, deleteCommand);
                String deleted = isCliError(reply) ? "; deleting it failed: " + firstLine(reply) : "; the file was deleted";
                yield new Outcome(STEP_OUTCOME_FAILED, "sha256 mismatch for " + dest + ": expected " + src.sha256()
                        + ", device has " + v.sha256() + deleted);
            }
            case MISSING -> new Outcome(STEP_OUTCOME_FAILED, dest + " is not on " + target.id() + ": " + v.message());
            case ERROR -> new Outcome(STEP_OUTCOME_FAILED, "cannot verify " + dest + ": " + v.message());
        };
    }


    private String send(StepTranscript t, String line) throws DeviceException {
        String reply = exec(line);
        t.add(line, reply);
        return reply;
    }

    /**
     * Sends the block unless the running one is already so (the planner's own comparison); lines
     * no longer desired are removed first, so a replay after a crash sends nothing twice.
     */
    private Outcome configureApp(StepTranscript t, AppSpec app) throws DeviceException {
        AppConfigDiff diff = AppConfigDiff.of(app, send(t, RunningAppConfig.SHOW));
        if (diff.none()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, app.appId() + " is already configured so");
        }
        lastAppConfig = null;
        return configure(t, AppConfigDiff.commands(app, diff));
    }

    /** Enters config mode, sends the lines, leaves; stops at the first line the device refuses. */
    private Outcome configure(StepTranscript t, List<String> lines) throws DeviceException {
        send(t, IosxeCommands.CONFIGURE_TERMINAL);
        try {
            for (String line : lines) {
                String reply = send(t, line);
                if (isCliError(reply)) {
                    return new Outcome(STEP_OUTCOME_FAILED, "device refused '" + line + "': " + firstLine(reply));
                }
            }
            return new Outcome(STEP_OUTCOME_SUCCEEDED, "configured");
        } finally {
            if (cli.isOpen()) {
                send(t, IosxeCommands.END);
            }
        }
    }

    private static boolean isCliError(String reply) {
        return reply.lines().anyMatch(l -> l.stripLeading().startsWith("%"));
    }

    private static String firstLine(String reply) {
        return reply.lines().filter(l -> l.stripLeading().startsWith("%")).findFirst().orElse(reply).strip();
    }

    private Outcome install(StepTranscript t, String appId, String packagePath) throws DeviceException {
        String command = IosxeCommands.install(appId, packagePath);
        // A second install of an installed app is the one replay that must never reach the device.
        Optional<String> before = stateOf(appId, t);
        if (before.isPresent() && DONE_STATES.get("install").contains(before.get())) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is already " + before.get());
        }
        if (before.isPresent() && before.get().equals("INSTALLING")) {
            return awaitState(t, appId, "install", "DEPLOYED");
        }
        return afterVerb(t, "install", appId, command, "DEPLOYED");
    }

    private static final Map<String, String> TARGET_STATE = Map.of(
            "activate", "ACTIVATED", "start", "RUNNING", "stop", "STOPPED", "deactivate", "DEPLOYED");

    private Outcome lifecycle(StepTranscript t, String verb, String appId) throws DeviceException {
        return afterVerb(t, verb, appId, IosxeCommands.verb(verb, appId), TARGET_STATE.get(verb));
    }

    /** Sends a lifecycle verb and judges the reply; {@code expected} is null for uninstall (gone). */
    private Outcome afterVerb(StepTranscript t, String verb, String appId, String command, String expected) throws DeviceException {
        String reply = send(t, command);
        LifecycleReply r;
        try {
            r = LifecycleReplyParser.parse(command, reply);
        } catch (ParseException e) {
            return new Outcome(STEP_OUTCOME_FAILED, "unrecognised reply to '" + command + "': " + e.getMessage());
        }
        return switch (r.outcome()) {
            case OK -> expected == null || expected.equals(r.state())
                    ? new Outcome(STEP_OUTCOME_SUCCEEDED, firstLine(r.message()))
                    : readBack(t, appId, expected);
            case IN_PROGRESS -> awaitState(t, appId, verb, expected);
            case WRONG_STATE -> DONE_STATES.get(verb).contains(r.state())
                    ? new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is already " + r.state())
                    : new Outcome(STEP_OUTCOME_FAILED, "cannot " + verb + " " + appId + " in state " + r.state());
            case NOT_FOUND -> DONE_WHEN_MISSING.contains(verb)
                    ? new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is not on the device")
                    : new Outcome(STEP_OUTCOME_FAILED, appId + " is not on the device");
            case REJECTED, ERROR -> new Outcome(STEP_OUTCOME_FAILED, firstLine(r.message()));
        };
    }

    /** The reply named no state: read the list to learn whether the verb took effect. */
    private Outcome readBack(StepTranscript t, String appId, String expected) throws DeviceException {
        Optional<String> now = stateOf(appId, t);
        if (now.isPresent() && now.get().equals(expected)) {
            return new Outcome(STEP_OUTCOME_SUCCEEDED, appId + " is " + expected);
        }
        return new Outcome(STEP_OUTCOME_FAILED, appId + " is " + now.orElse("absent") + ", expected " + expected);
    }

    /**
     * 17.x installs and uninstalls in the background: poll the list until the app leaves the
     * transient state. {@code expected} null means the app should be gone.
     */
    private Outcome awaitState(StepTranscript t, String appId, String verb, String expected) throws DeviceException {
        Optional<String> now = pollUntilSettled(t, appId);
        if (now.isPresent() && TRANSIENT.contains(now.get())) {
            return new Outcome(STEP_OUTCOME_TIMED_OUT, appId + " still " + now.get() + " after " + asyncTimeout);
        }
        if (expected == null ? now.isEmpty() : now.isPresent() && now.get().equals(expected)) {
            return new Outcome(STEP_OUTCOME_SUCCEEDED, verb + " of " + appId + " finished");
        }
        return new Outcome(STEP_OUTCOME_FAILED, verb + " of " + appId + " ended with the app "
                + now.orElse("absent") + (expected == null ? "" : ", expected " + expected));
    }

    private Outcome waitSettled(StepTranscript t, String appId) throws DeviceException {
        Optional<String> now = pollUntilSettled(t, appId);
        if (now.isPresent() && TRANSIENT.contains(now.get())) {
            return new Outcome(STEP_OUTCOME_TIMED_OUT, appId + " still " + now.get() + " after " + asyncTimeout);
        }
        return new Outcome(STEP_OUTCOME_SUCCEEDED, appId + " is " + now.orElse("absent"));
    }

    private Optional<String> pollUntilSettled(StepTranscript t, String appId) throws DeviceException {
        long deadline = System.nanoTime() + asyncTimeout.toNanos();
        while (true) {
            Optional<String> now = stateOf(appId, t);
            if (now.isEmpty() || !TRANSIENT.contains(now.get()) || System.nanoTime() >= deadline) {
                return now;
            }
            try {
                Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(Reason.TIMEOUT, "interrupted waiting for " + appId + " on " + target.id());
            }
        }
    }

    private Optional<String> stateOf(String appId, StepTranscript t) throws DeviceException {
        String out = send(t, IosxeCommands.SHOW_LIST);
        try {
            return AppListParser.parse(out).apps().stream()
                    .filter(a -> a.appId().equals(appId)).map(AppList.App::state).findFirst();
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + IosxeCommands.SHOW_LIST + "' of " + target.id()
                    + ": " + e.getMessage());
        }
    }

    /** details is "<class> enable|disable", as the planner writes it. */
    private Outcome configureCpp(StepTranscript t, String details) throws DeviceException {
        String[] parts = details == null ? new String[0] : details.strip().split(" ");
        if (parts.length != 2 || !(parts[1].equals("enable") || parts[1].equals("disable"))) {
            throw new IllegalArgumentException("CONFIGURE_CPP details must be '<class> enable|disable'");
        }
        String cls = parts[0];
        boolean enable = parts[1].equals("enable");
        CpuPolicerCounters cpp = cpuPolicerCounters();
        if (cpp == CpuPolicerCounters.NONE) {
            return new Outcome(STEP_OUTCOME_REFUSED, target.id() + " has no CPP policers");
        }
        Optional<CpuPolicerCounters.ClassCounters> now = cpp.byClass(cls);
        if (now.isEmpty()) {
            return new Outcome(STEP_OUTCOME_FAILED, "CPP class " + cls + " is not in the policer table of " + target.id());
        }
        if (now.get().enabled() == enable) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, cls + " policer already " + (enable ? "enabled" : "disabled"));
        }
        long rate = enable ? now.get().defaultRate() : now.get().setRate();
        Outcome o = configure(t, IosxeCommands.cppPolicer(cls, enable, rate));
        lastCpp = null; // changed: read again before the next plan relies on it
        return o;
    }

    @Override
    public synchronized AppUsage appUsage(String appId) throws DeviceException {
        String out = exec(IosxeCommands.utilization(appId));
        try {
            AppUtilization u = AppUtilizationParser.parse(out);
            return new AppUsage(appId,
                    u.cpu() == null ? null : u.cpu().allocationUnits(), u.cpu() == null ? null : u.cpu().usedPercent(),
                    u.memory() == null ? null : u.memory().allocationMb(), u.memory() == null ? null : u.memory().usedKb(),
                    u.disk() == null ? null : u.disk().allocationMb(), u.disk() == null ? null : u.disk().usedMb());
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read utilization of " + appId + " on " + target.id()
                    + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized CpuPolicerCounters cpuPolicerCounters() throws DeviceException {
        String out = exec(IosxeCommands.SHOW_CPP);
        if (out.lines().findFirst().map(l -> l.stripLeading().startsWith("%")).orElse(true)) {
            // Routers (ISR, C8000V) have no such command: no CPP to report or enforce.
            lastCpp = CpuPolicerCounters.NONE;
            return lastCpp;
        }
        try {
            lastCpp = CppCounters.of(CpuPolicerStatsParser.parse(out));
            return lastCpp;
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read CPP policer stats of " + target.id() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        cli.close();
    }

    /** Sums the per-queue table into one entry per CPP class. */
    static final class CppCounters {
        private CppCounters() {
        }

        static CpuPolicerCounters of(CpuPolicerStats stats) {
            List<CpuPolicerCounters.ClassCounters> out = new ArrayList<>();
            for (CpuPolicerStats.ClassQueues c : stats.classes()) {
                List<CpuPolicerStats.Queue> qs = stats.queues().stream()
                        .filter(q -> q.policerIndex() == c.policerIndex()).collect(Collectors.toList());
                if (qs.isEmpty()) {
                    continue; // the class's queues are not in this capture: unknown, not "disabled"
                }
                boolean frames = qs.stream().allMatch(q -> q.dropFrames() != null);
                out.add(new CpuPolicerCounters.ClassCounters(c.cppClass(), c.policerIndex(),
                        qs.stream().anyMatch(CpuPolicerStats.Queue::enabled),
                        qs.stream().mapToLong(CpuPolicerStats.Queue::defaultRate).max().orElse(0),
                        qs.stream().mapToLong(CpuPolicerStats.Queue::setRate).max().orElse(0),
                        qs.stream().mapToLong(CpuPolicerStats.Queue::dropBytes).sum(),
                        frames ? qs.stream().mapToLong(CpuPolicerStats.Queue::dropFrames).sum() : null));
            }
            return new CpuPolicerCounters(IosxeCommands.CPP_LOCATION, out);
        }
    }
}
