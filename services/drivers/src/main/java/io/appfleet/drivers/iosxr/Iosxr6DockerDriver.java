package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceException.Reason;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.StepTranscript;
import io.appfleet.drivers.parse.ParseException;
import io.appfleet.drivers.ssh.CliConnection;
import io.appfleet.drivers.ssh.ShellPrompt;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.StepOutcome;

import java.time.Duration;
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
 * The IOS-XR 6.x profile of {@link IosxrDriver}: no appmgr and no XR CLI for containers, so every
 * command runs in XR bash ({@code bash} from exec, prompt {@code [xr-vm_node0_RP0_CPU0:~]$}),
 * where docker talks to the XR docker daemon. Each new bash first checks with
 * {@code netns_identify $$} that it sits in global-vrf, the namespace the xrdocs tutorial runs
 * docker from; a bash anywhere else is a protocol error, not something to act from.
 *
 * <p>Like the appmgr profile, every step reads {@code docker ps -a} (or {@code docker images})
 * before acting and reports SKIPPED_ALREADY_DONE when its effect is there, then reads back.
 * Docker's errors come back typed ({@link DockerReply}) in the step's message.
 */
final class Iosxr6DockerDriver {

    private final DeviceTarget target;
    private final CliConnection cli;
    /** Image keys from the last {@link #installedApps()}, for {@link #plan}; null unknown. */
    private Set<String> lastImages;
    /** Container name → spec label from the last {@link #installedApps()}, for {@link #plan}; null unknown. */
    private Map<String, String> lastLabels;

    Iosxr6DockerDriver(DeviceTarget target, CliConnection cli) {
        this.target = target;
        this.cli = cli;
    }

    private record Outcome(StepOutcome outcome, String message) {
    }

    /** One line in XR bash, entering it (and checking its namespace) when the session is at the XR CLI. */
    private String bash(StepTranscript t, String line) throws DeviceException {
        if (!cli.inShell()) {
            String ns = cli.shellCommand(DockerCommands.BASH, ShellPrompt.XR_BASH, DockerCommands.NETNS);
            if (t != null) {
                t.add(DockerCommands.NETNS, ns);
            }
            checkNamespace(ns);
        }
        String reply = cli.shellCommand(DockerCommands.BASH, ShellPrompt.XR_BASH, line);
        if (t != null) {
            t.add(line, reply);
        }
        return reply;
    }

    private void checkNamespace(String output) throws DeviceException {
        String ns;
        try {
            ns = NetnsIdentify.parse(output).namespace();
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read the XR bash network namespace of " + target.id()
                    + ": " + e.getMessage());
        }
        if (!"global-vrf".equals(ns)) {
            throw new DeviceException(Reason.PROTOCOL, "XR bash on " + target.id() + " is in network namespace "
                    + ns + ", not global-vrf");
        }
    }

    HostingStatus hostingStatus() throws DeviceException {
        String out = bash(null, DockerCommands.PS);
        try {
            DockerPs.parse(out);
            return new HostingStatus(true, "docker running (XR bash, global-vrf)");
        } catch (ParseException e) {
            return new HostingStatus(false, "cannot read '" + DockerCommands.PS + "': " + e.getMessage());
        }
    }

    List<InstalledApp> installedApps() throws DeviceException {
        List<InstalledApp> apps = ps(null).containers().stream()
                .map(c -> new InstalledApp(c.names().get(0), observed(c), c.status(), c.image()))
                .toList();
        lastImages = images(null);
        // One more read per pass, for all containers: docker ps does not show what they were created with.
        // No container, nothing to read (a fresh router is one round trip quicker).
        lastLabels = apps.isEmpty() ? Map.of() : labels(null).byName();
        return apps;
    }

    /** Up is RUNNING; Exited, Created and the rest of docker's states are STOPPED (they can be started). */
    static ObservedAppState observed(DockerPs.Container c) {
        return c.running() ? ObservedAppState.OBSERVED_APP_STATE_RUNNING : ObservedAppState.OBSERVED_APP_STATE_STOPPED;
    }

    List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune) {
        return Iosxr6DockerPlanner.plan(actual, desired, prune, lastImages, lastLabels, target.osVersion());
    }

    StepResult run(Step step) throws DeviceException {
        long started = System.nanoTime();
        StepTranscript t = new StepTranscript();
        Outcome o;
        try {
            o = switch (step.kind()) {
                case RECONCILE_STEP_INSTALL -> pull(t, requireApp(step));
                case RECONCILE_STEP_START -> start(t, step.appId(), step.app());
                case RECONCILE_STEP_ACTIVATE -> create(t, requireApp(step));
                case RECONCILE_STEP_STOP -> stop(t, step.appId(), recreating(step));
                case RECONCILE_STEP_UNINSTALL -> remove(t, step.appId(), recreating(step));
                default -> new Outcome(STEP_OUTCOME_REFUSED, "IOS-XR 6.x (docker) driver has no step " + step.kind());
            };
        } catch (IllegalArgumentException e) {
            // Validation refused a value: nothing was sent.
            o = new Outcome(STEP_OUTCOME_REFUSED, e.getMessage());
        }
        return new StepResult(step, o.outcome(), t.text(target.login().password()),
                Duration.ofNanos(System.nanoTime() - started), o.message());
    }

    private static AppSpec requireApp(Step step) {
        if (step.app() == null || step.app().packagePath() == null) {
            throw new IllegalArgumentException("step " + step.kind() + " of " + step.appId()
                    + " needs the app spec with its image (packagePath)");
        }
        return step.app();
    }

    /**
     * The desired spec when the step takes a container down to recreate it (the planner gives
     * those STOP and UNINSTALL steps the app, which is not ABSENT); null for a plain stop or removal.
     */
    private static AppSpec recreating(Step step) {
        AppSpec app = step.app();
        return app != null && app.desiredState() != AppSpec.DesiredState.ABSENT && app.packagePath() != null ? app : null;
    }

    private DockerLabels labels(StepTranscript t) throws DeviceException {
        String out = bash(t, DockerCommands.LABELS);
        try {
            return DockerLabels.parse(out);
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + DockerCommands.LABELS + "' of " + target.id()
                    + " (docker 1.8 or later is needed): " + e.getMessage());
        }
    }

    /**
     * Whether the container is already the one {@code app} asks for, so a recreate's STOP or
     * UNINSTALL has nothing to do (a replay after the new container was created). Reads the labels
     * only when the image alone does not decide.
     */
    private boolean alreadyRecreated(StepTranscript t, DockerPs.Container c, AppSpec app) throws DeviceException {
        if (ContainerSpec.otherImage(app, c.image())) {
            return false;
        }
        return !ContainerSpec.mustRecreate(app, c.image(), labels(t).of(app.appId()), target.osVersion());
    }

    private DockerPs ps(StepTranscript t) throws DeviceException {
        String out = bash(t, DockerCommands.PS);
        try {
            return DockerPs.parse(out);
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + DockerCommands.PS + "' of " + target.id()
                    + ": " + e.getMessage());
        }
    }

    private Optional<DockerPs.Container> container(StepTranscript t, String appId) throws DeviceException {
        return ps(t).containers().stream().filter(c -> c.names().contains(appId)).findFirst();
    }

    private Set<String> images(StepTranscript t) throws DeviceException {
        String out = bash(t, DockerCommands.IMAGES);
        try {
            Set<String> keys = new LinkedHashSet<>();
            DockerImages.parse(out).images().forEach(i -> keys.add(i.key()));
            return keys;
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read '" + DockerCommands.IMAGES + "' of " + target.id()
                    + ": " + e.getMessage());
        }
    }

    /** "docker run of probe failed (NO_SUCH_IMAGE): Error: …". */
    private static Outcome failed(String what, DockerReply r) {
        return new Outcome(STEP_OUTCOME_FAILED, what + " failed (" + r.outcome() + ")"
                + (r.message() == null ? "" : ": " + r.message()));
    }

    private Outcome pull(StepTranscript t, AppSpec app) throws DeviceException {
        String line = DockerCommands.pull(app.packagePath());
        String image = DockerCommands.image(app.packagePath());
        String key = DockerCommands.imageKey(image);
        if (images(t).contains(key)) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, "image " + key + " is already pulled");
        }
        DockerReply r = DockerReplies.parse(bash(t, line));
        lastImages = null;
        if (r.outcome() == DockerReply.Outcome.OK && images(t).contains(key)) {
            return new Outcome(STEP_OUTCOME_SUCCEEDED, "image " + key + " pulled");
        }
        return failed("docker pull of " + image, r.outcome() == DockerReply.Outcome.OK
                ? new DockerReply(DockerReply.Outcome.NO_SUCH_IMAGE, image + " is not in 'docker images' after the pull") : r);
    }

    /** docker start of an existing container; docker run (create and start) when there is none. */
    private Outcome start(StepTranscript t, String appId, AppSpec app) throws DeviceException {
        // Built first: a spec that fails validation is refused before anything is sent.
        String runLine = app != null && app.packagePath() != null ? DockerCommands.run(app, target.osVersion()) : null;
        Optional<DockerPs.Container> before = container(t, appId);
        if (before.isPresent() && before.get().running()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is already " + before.get().status());
        }
        String line;
        if (before.isPresent()) {
            line = DockerCommands.start(appId);
        } else if (runLine != null) {
            line = runLine;
        } else {
            return new Outcome(STEP_OUTCOME_FAILED, appId + " has no container and the step has no image to run");
        }
        DockerReply r = DockerReplies.parse(bash(t, line));
        Optional<DockerPs.Container> after = container(t, appId);
        if (after.isPresent() && after.get().running()) {
            // NAME_IN_USE: another pass created it between our read and our run; it is up all the same.
            return new Outcome(r.outcome() == DockerReply.Outcome.OK ? STEP_OUTCOME_SUCCEEDED
                    : STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is " + after.get().status());
        }
        return failed((before.isPresent() ? "docker start of " : "docker run of ") + appId, r.outcome() == DockerReply.Outcome.OK
                ? new DockerReply(DockerReply.Outcome.ERROR, appId + " is "
                        + after.map(DockerPs.Container::status).orElse("absent") + " after it") : r);
    }

    /** docker create: the container exists, stopped, for an app desired STOPPED. */
    private Outcome create(StepTranscript t, AppSpec app) throws DeviceException {
        String line = DockerCommands.create(app, target.osVersion());
        if (container(t, app.appId()).isPresent()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, app.appId() + " already has a container");
        }
        DockerReply r = DockerReplies.parse(bash(t, line));
        if (container(t, app.appId()).isPresent()) {
            return new Outcome(r.outcome() == DockerReply.Outcome.OK ? STEP_OUTCOME_SUCCEEDED
                    : STEP_OUTCOME_SKIPPED_ALREADY_DONE, app.appId() + " created");
        }
        return failed("docker create of " + app.appId(), r.outcome() == DockerReply.Outcome.OK
                ? new DockerReply(DockerReply.Outcome.ERROR, "no container " + app.appId() + " after it") : r);
    }

    /** @param recreating the desired spec when the stop is the first step of a recreate, else null */
    private Outcome stop(StepTranscript t, String appId, AppSpec recreating) throws DeviceException {
        String line = DockerCommands.stop(appId);
        Optional<DockerPs.Container> before = container(t, appId);
        if (before.isEmpty()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " has no container");
        }
        if (!before.get().running()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is already " + before.get().status());
        }
        if (recreating != null && alreadyRecreated(t, before.get(), recreating)) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " already runs the desired image and options");
        }
        DockerReply r = DockerReplies.parse(bash(t, line));
        Optional<DockerPs.Container> after = container(t, appId);
        if (after.map(c -> !c.running()).orElse(true)) {
            return new Outcome(r.outcome() == DockerReply.Outcome.OK ? STEP_OUTCOME_SUCCEEDED
                    : STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " is " + after.map(DockerPs.Container::status).orElse("absent"));
        }
        return failed("docker stop of " + appId, r.outcome() == DockerReply.Outcome.OK
                ? new DockerReply(DockerReply.Outcome.ERROR, appId + " is still " + after.get().status()) : r);
    }

    /** @param recreating the desired spec when the removal is part of a recreate, else null */
    private Outcome remove(StepTranscript t, String appId, AppSpec recreating) throws DeviceException {
        String line = DockerCommands.remove(appId);
        Optional<DockerPs.Container> before = container(t, appId);
        if (before.isEmpty()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " has no container");
        }
        if (recreating != null && alreadyRecreated(t, before.get(), recreating)) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " already has the desired image and options");
        }
        DockerReply r = DockerReplies.parse(bash(t, line));
        if (container(t, appId).isEmpty()) {
            // NO_SUCH_CONTAINER: it went between our read and the rm; gone all the same.
            return new Outcome(r.outcome() == DockerReply.Outcome.OK ? STEP_OUTCOME_SUCCEEDED
                    : STEP_OUTCOME_SKIPPED_ALREADY_DONE, appId + " removed");
        }
        return failed("docker rm -f of " + appId, r.outcome() == DockerReply.Outcome.OK
                ? new DockerReply(DockerReply.Outcome.ERROR, appId + " still has a container") : r);
    }

    AppUsage appUsage(String appId) throws DeviceException {
        String line = DockerCommands.stats(appId);
        String out = bash(null, line);
        DockerReply r = DockerReplies.parse(out);
        if (r.outcome() != DockerReply.Outcome.OK) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read stats of " + appId + " on " + target.id()
                    + " (" + r.outcome() + "): " + r.message());
        }
        try {
            AppStats s = DockerStats.parse(out);
            long mib = 1024L * 1024L;
            return new AppUsage(appId, null, s.cpuPercent().doubleValue(), s.memoryLimitBytes() / mib,
                    s.memoryUsedBytes() / 1024, null, null);
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read stats of " + appId + " on " + target.id()
                    + ": " + e.getMessage());
        }
    }
}
