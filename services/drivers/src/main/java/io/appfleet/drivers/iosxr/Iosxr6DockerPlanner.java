package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DesiredApps;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.ssh.CliInput;
import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;

/**
 * Plans the IOS-XR 6.x lifecycle, plain docker from XR bash: INSTALL ({@code docker pull}, only
 * when the image is not listed by {@code docker images}) → START ({@code docker run -itd} when
 * there is no container, {@code docker start} when it exited); an app desired STOPPED that has no
 * container gets ACTIVATE ({@code docker create}) instead, so it exists without running. Back with
 * STOP ({@code docker stop}) and UNINSTALL ({@code docker rm -f}, the image stays cached). Pure.
 *
 * <p>An app is a container named after it: Up is RUNNING, anything else (Exited, Created) STOPPED,
 * no container ABSENT. Removals come first, then the desired apps in the order given.
 *
 * <p>Image change (an upgrade): a container keeps the image it was created from, so a container
 * whose image ({@code docker ps} IMAGE, {@link InstalledApp#packagePath()}) is not the desired one
 * is recreated: INSTALL (pull, unless listed), STOP when running, UNINSTALL ({@code rm -f}), then
 * START ({@code docker run}) or ACTIVATE ({@code docker create}). The pull comes first, so an
 * image the registry does not have leaves the old container running. Images compare as
 * {@code docker images} names them (tag latest by default, Docker Hub prefixes dropped); docker
 * shows the image id instead when the tag has since moved to another image, which then reads as
 * another image too. Each step starts from the current state: once removed, the app is ABSENT and
 * the plain run follows.
 *
 * <p>Run options, command or environment changed: docker cannot change them in place either, so
 * a container whose {@link ContainerSpec#LABEL} label is not the desired spec's digest is
 * recreated the same way (without the pull when the image is listed). A container without the
 * label keeps running as it is ({@link ContainerSpec#mustRecreate} says why). The STOP and
 * UNINSTALL of a recreate carry the desired spec, so the driver skips them when the container is
 * already the desired one (a replayed plan does not take the new container down).
 */
public final class Iosxr6DockerPlanner {

    private Iosxr6DockerPlanner() {
    }

    /**
     * @param images {@code docker images} as {@link DockerImages.Image#key()}s, or null when unknown
     * @throws IllegalArgumentException for an invalid spec or a duplicate app id, before any step runs
     */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune, Set<String> images) {
        return plan(actual, desired, prune, images, null, null);
    }

    /**
     * @param images {@code docker images} as {@link DockerImages.Image#key()}s, or null when unknown
     * @param specLabels container name → its {@link ContainerSpec#LABEL} ("" none), or null when not read
     *                   (then only an image change recreates)
     * @param osVersion  the device's release, which the spec digest covers (its netns mount)
     * @throws IllegalArgumentException for an invalid spec or a duplicate app id, before any step runs
     */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune, Set<String> images,
                                  Map<String, String> specLabels, String osVersion) {
        DesiredApps apps = DesiredApps.check(actual, desired, DockerCommands::validate);
        List<Step> steps = new ArrayList<>();
        for (DesiredApps.Removal r : apps.removals(prune, id -> CliInput.APP_ID.matcher(id).matches())) {
            if (r.state() == ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                // docker stop lets the app end cleanly; rm -f alone would kill it.
                steps.add(new Step(RECONCILE_STEP_STOP, r.appId(), "docker stop"));
            }
            if (r.state() != ObservedAppState.OBSERVED_APP_STATE_ABSENT) {
                steps.add(new Step(RECONCILE_STEP_UNINSTALL, r.appId(), "docker rm -f", r.spec()));
            }
        }
        for (AppSpec app : desired) {
            if (app.desiredState() != DesiredState.ABSENT) {
                InstalledApp onDevice = apps.installed(app.appId());
                String label = specLabels == null ? null : specLabels.get(app.appId());
                boolean recreate = onDevice != null && ContainerSpec.mustRecreate(app, onDevice.packagePath(), label, osVersion);
                steps.addAll(bringUp(app, onDevice, apps.stateOf(app.appId()),
                        app.desiredState() == DesiredState.RUNNING, images, recreate));
            }
        }
        return List.copyOf(steps);
    }

    private static List<Step> bringUp(AppSpec app, InstalledApp onDevice, ObservedAppState now, boolean run,
                                      Set<String> images, boolean recreate) {
        String id = app.appId();
        List<Step> s = new ArrayList<>();
        switch (now) {
            case OBSERVED_APP_STATE_ABSENT -> {
                if (app.packagePath() == null) {
                    throw new IllegalArgumentException("packagePath (the image) must be set to run " + id);
                }
                pull(s, app, images);
                create(s, app, run);
            }
            case OBSERVED_APP_STATE_STOPPED -> {
                if (recreate) {
                    recreate(s, app, onDevice, false, run, images);
                } else if (run) {
                    s.add(new Step(RECONCILE_STEP_START, id, "docker start", app));
                }
            }
            case OBSERVED_APP_STATE_RUNNING -> {
                if (recreate) {
                    recreate(s, app, onDevice, true, run, images);
                } else if (!run) {
                    s.add(new Step(RECONCILE_STEP_STOP, id, "docker stop"));
                }
            }
            default -> {
                // ERROR or unknown: report, do not guess.
            }
        }
        return s;
    }

    private static void pull(List<Step> s, AppSpec app, Set<String> images) {
        String image = DockerCommands.image(app.packagePath());
        if (images == null || !images.contains(DockerCommands.imageKey(image))) {
            s.add(new Step(RECONCILE_STEP_INSTALL, app.appId(), "docker pull " + image, app));
        }
    }

    private static void create(List<Step> s, AppSpec app, boolean run) {
        String image = DockerCommands.image(app.packagePath());
        s.add(run ? new Step(RECONCILE_STEP_START, app.appId(), "docker run " + image, app)
                : new Step(RECONCILE_STEP_ACTIVATE, app.appId(), "docker create " + image, app));
    }

    private static void recreate(List<Step> s, AppSpec app, InstalledApp onDevice, boolean running, boolean run,
                                 Set<String> images) {
        String id = app.appId();
        String why = ContainerSpec.reason(app, onDevice.packagePath());
        pull(s, app, images);
        if (running) {
            s.add(new Step(RECONCILE_STEP_STOP, id, "docker stop, " + why, app));
        }
        s.add(new Step(RECONCILE_STEP_UNINSTALL, id, "docker rm -f, " + why, app));
        create(s, app, run);
    }
}
