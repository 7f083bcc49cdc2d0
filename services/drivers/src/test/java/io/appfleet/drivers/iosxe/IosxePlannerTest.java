package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.CpuPolicerCounters.ClassCounters;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IosxePlannerTest {

    static AppSpec app(String id, DesiredState state) {
        return new AppSpec(id, state, "usbflash0:" + id + ".tar", null, List.of(), null);
    }

    static InstalledApp on(String id, String raw) {
        return new InstalledApp(id, IosxeStates.observed(raw), raw);
    }

    static List<String> kinds(List<Step> steps) {
        return steps.stream().map(s -> s.kind().name().replace("RECONCILE_STEP_", "") + " " + s.appId()).toList();
    }

    static List<String> expected(String id, String steps) {
        return steps.isBlank() ? List.of() : Arrays.stream(steps.split(" ")).map(k -> k + " " + id).toList();
    }

    /** Every starting state (ABSENT = not listed) × every desired state. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "ABSENT,       RUNNING, CONFIGURE INSTALL ACTIVATE START",
            "INSTALLING,   RUNNING, WAIT_STATE ACTIVATE START",
            "DEPLOYED,     RUNNING, CONFIGURE ACTIVATE START",
            "ACTIVATED,    RUNNING, START",
            "RUNNING,      RUNNING, ''",
            "STOPPED,      RUNNING, START",
            "UNINSTALLING, RUNNING, WAIT_STATE CONFIGURE INSTALL ACTIVATE START",
            "ERROR,        RUNNING, ''",
            "ABSENT,       STOPPED, CONFIGURE INSTALL ACTIVATE",
            "INSTALLING,   STOPPED, WAIT_STATE ACTIVATE",
            "DEPLOYED,     STOPPED, CONFIGURE ACTIVATE",
            "ACTIVATED,    STOPPED, ''",
            "RUNNING,      STOPPED, STOP",
            "STOPPED,      STOPPED, ''",
            "UNINSTALLING, STOPPED, WAIT_STATE CONFIGURE INSTALL ACTIVATE",
            "ERROR,        STOPPED, ''",
            "ABSENT,       ABSENT,  ''",
            "INSTALLING,   ABSENT,  WAIT_STATE UNINSTALL UNCONFIGURE",
            "DEPLOYED,     ABSENT,  UNINSTALL UNCONFIGURE",
            "ACTIVATED,    ABSENT,  DEACTIVATE UNINSTALL UNCONFIGURE",
            "RUNNING,      ABSENT,  STOP DEACTIVATE UNINSTALL UNCONFIGURE",
            "STOPPED,      ABSENT,  DEACTIVATE UNINSTALL UNCONFIGURE",
            "UNINSTALLING, ABSENT,  WAIT_STATE UNCONFIGURE",
            "ERROR,        ABSENT,  STOP DEACTIVATE UNINSTALL UNCONFIGURE",
    })
    void plansFromEveryStateToEveryDesiredState(String from, DesiredState to, String steps) {
        List<InstalledApp> actual = from.equals("ABSENT") ? List.of() : List.of(on("iperf", from.equals("ERROR") ? "CRASHED" : from));
        List<Step> plan = IosxePlanner.plan(actual, List.of(app("iperf", to)), DevicePolicy.NONE, false, null);
        assertThat(kinds(plan)).containsExactlyElementsOf(expected("iperf", steps));
    }

    @Test
    void configureAndInstallCarryTheSpec() {
        AppSpec spec = app("iperf", DesiredState.RUNNING);
        List<Step> plan = IosxePlanner.plan(List.of(), List.of(spec), DevicePolicy.NONE, false, null);
        assertThat(plan.get(0).app()).isEqualTo(spec);
        assertThat(plan.get(1).app()).isEqualTo(spec);
        assertThat(plan.get(1).details()).isEqualTo("usbflash0:iperf.tar");
    }

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static AppSpec fromUrl(String id, DesiredState state) {
        return app(id, state).withPackageSource(new AppSpec.PackageSource("http://10.0.0.9:8080/" + id + ".tar", SHA, 4096));
    }

    /** With a package source, only a real install copies and verifies; every other start needs no file. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "ABSENT,       RUNNING, COPY_PACKAGE VERIFY_PACKAGE CONFIGURE INSTALL ACTIVATE START",
            "UNINSTALLING, RUNNING, WAIT_STATE COPY_PACKAGE VERIFY_PACKAGE CONFIGURE INSTALL ACTIVATE START",
            "ABSENT,       STOPPED, COPY_PACKAGE VERIFY_PACKAGE CONFIGURE INSTALL ACTIVATE",
            "INSTALLING,   RUNNING, WAIT_STATE ACTIVATE START",
            "DEPLOYED,     RUNNING, CONFIGURE ACTIVATE START",
            "STOPPED,      RUNNING, START",
            "RUNNING,      RUNNING, ''",
            "RUNNING,      ABSENT,  STOP DEACTIVATE UNINSTALL UNCONFIGURE",
            "ABSENT,       ABSENT,  ''",
    })
    void copiesAndVerifiesOnlyBeforeAnInstall(String from, DesiredState to, String steps) {
        List<InstalledApp> actual = from.equals("ABSENT") ? List.of() : List.of(on("iperf", from));
        List<Step> plan = IosxePlanner.plan(actual, List.of(fromUrl("iperf", to)), DevicePolicy.NONE, false, null);
        assertThat(kinds(plan)).containsExactlyElementsOf(expected("iperf", steps));
    }

    @Test
    void copyAndVerifyCarryTheSpecAndSayWhatTheyMove() {
        AppSpec spec = fromUrl("iperf", DesiredState.RUNNING);
        List<Step> plan = IosxePlanner.plan(List.of(), List.of(spec), DevicePolicy.NONE, false, null);
        assertThat(plan.get(0).app()).isEqualTo(spec);
        assertThat(plan.get(1).app()).isEqualTo(spec);
        assertThat(plan.get(0).details()).isEqualTo("http://10.0.0.9:8080/iperf.tar to usbflash0:iperf.tar");
        assertThat(plan.get(1).details()).isEqualTo("usbflash0:iperf.tar sha256 " + SHA);
    }

    @Test
    void aSourceNeedsADestinationAndACliSafeUrlBeforeAnyStep() {
        AppSpec.PackageSource src = new AppSpec.PackageSource("http://h/a.tar", SHA, 1);
        AppSpec noDestination = new AppSpec("a", DesiredState.RUNNING, null, null, List.of(), null, null, src);
        assertThatThrownBy(() -> IosxePlanner.plan(List.of(), List.of(noDestination), DevicePolicy.NONE, false, null))
                .hasMessageStartingWith("packagePath");
        AppSpec query = app("a", DesiredState.RUNNING)
                .withPackageSource(new AppSpec.PackageSource("http://h/a.tar?token=x", SHA, 1));
        assertThatThrownBy(() -> IosxePlanner.plan(List.of(), List.of(query), DevicePolicy.NONE, false, null))
                .hasMessageStartingWith("packageSource.url").hasMessageNotContaining("token");
    }

    @Test
    void pruneOffLeavesUnmanagedAppsAlone() {
        List<InstalledApp> actual = List.of(on("guestshell", "RUNNING"), on("iperf", "RUNNING"));
        assertThat(IosxePlanner.plan(actual, List.of(app("iperf", DesiredState.RUNNING)), DevicePolicy.NONE, false, null)).isEmpty();
    }

    @Test
    void pruneOnRemovesUnmanagedAppsFirst() {
        List<InstalledApp> actual = List.of(on("old", "RUNNING"), on("spare", "DEPLOYED"));
        List<Step> plan = IosxePlanner.plan(actual, List.of(app("iperf", DesiredState.RUNNING)), DevicePolicy.NONE, true, null);
        assertThat(kinds(plan)).containsExactly(
                "STOP old", "DEACTIVATE old", "UNINSTALL old", "UNCONFIGURE old",
                "UNINSTALL spare", "UNCONFIGURE spare",
                "CONFIGURE iperf", "INSTALL iperf", "ACTIVATE iperf", "START iperf");
    }

    @Test
    void removalsComeBeforeInstallsWhateverTheOrderOfTheManifest() {
        List<InstalledApp> actual = List.of(on("old", "STOPPED"));
        List<Step> plan = IosxePlanner.plan(actual, List.of(app("iperf", DesiredState.RUNNING), app("old", DesiredState.ABSENT)),
                DevicePolicy.NONE, false, null);
        assertThat(kinds(plan)).startsWith("DEACTIVATE old", "UNINSTALL old", "UNCONFIGURE old");
    }

    @Test
    void refusesDuplicatesAndAnInstallWithoutPackage() {
        assertThatThrownBy(() -> IosxePlanner.plan(List.of(), List.of(app("a", DesiredState.RUNNING), app("a", DesiredState.STOPPED)),
                DevicePolicy.NONE, false, null)).hasMessageContaining("desired twice");
        AppSpec noPackage = new AppSpec("a", DesiredState.RUNNING, null, null, List.of(), null);
        assertThatThrownBy(() -> IosxePlanner.plan(List.of(), List.of(noPackage), DevicePolicy.NONE, false, null))
                .hasMessageStartingWith("packagePath");
        // Already installed: no package needed.
        assertThat(IosxePlanner.plan(List.of(on("a", "STOPPED")), List.of(noPackage), DevicePolicy.NONE, false, null)).hasSize(1);
    }

    static final String SYS_DATA = "system-cpp-police-sys-data";
    static final DevicePolicy DISABLE_SYS_DATA = new DevicePolicy(Map.of(SYS_DATA, false));

    static CpuPolicerCounters cpp(boolean enabled) {
        return new CpuPolicerCounters(List.of(new ClassCounters(SYS_DATA, 10, enabled, 250, 250, 0, 0L)));
    }

    @Test
    void plansCppOnlyWhenThePolicerIsOnOrUnknown() {
        assertThat(kinds(IosxePlanner.plan(List.of(), List.of(), DISABLE_SYS_DATA, false, cpp(true))))
                .containsExactly("CONFIGURE_CPP null");
        assertThat(IosxePlanner.plan(List.of(), List.of(), DISABLE_SYS_DATA, false, cpp(true)).get(0).details())
                .isEqualTo(SYS_DATA + " disable");
        assertThat(IosxePlanner.plan(List.of(), List.of(), DISABLE_SYS_DATA, false, cpp(false))).isEmpty();
        assertThat(IosxePlanner.plan(List.of(), List.of(), DISABLE_SYS_DATA, false, null)).hasSize(1);
        assertThat(IosxePlanner.plan(List.of(), List.of(), DISABLE_SYS_DATA, false, CpuPolicerCounters.NONE)).isEmpty();
        assertThat(IosxePlanner.plan(List.of(), List.of(), DevicePolicy.NONE, false, cpp(true))).isEmpty();
    }

    // --- reconfigure ---------------------------------------------------------------------------

    static AppSpec probe(DesiredState state, List<String> runOpts, int cpu) {
        return new AppSpec("probe", state, "usbflash0:probe.tar", new AppSpec.Resources(null, cpu, 256, null), runOpts,
                AppSpec.Network.management());
    }

    /** The block as show running-config prints it after the driver sent {@code spec}'s. */
    static String runningConfigOf(AppSpec spec) {
        StringBuilder sb = new StringBuilder("app-hosting appid guestshell\n app-vnic management guest-interface 0\n");
        String open = null;
        for (String line : IosxeCommands.appConfig(spec)) {
            if (line.equals("exit")) {
                open = open == null ? null : open.equals("top") ? null : "top";
                continue;
            }
            if (line.startsWith("app-hosting appid")) {
                sb.append(line).append('\n');
                open = "top";
            } else {
                boolean child = !"top".equals(open);
                sb.append(child ? "  " : " ").append(line).append('\n');
                if (!child && (line.startsWith("app-vnic") || line.startsWith("app-resource"))) {
                    open = line;
                }
            }
        }
        return sb.toString();
    }

    static final AppSpec OLD = probe(DesiredState.RUNNING, List.of("--cap-add=NET_ADMIN", "-e MODE=a"), 1000);

    static List<String> plan(String from, AppSpec desired, String runningConfig) {
        return kinds(IosxePlanner.plan(List.of(on("probe", from)), List.of(desired), DevicePolicy.NONE, false, null,
                runningConfig));
    }

    /** Changed run-opts, resources or vNIC: back to DEPLOYED, configure, and up again from where the app is. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "RUNNING,   RUNNING, STOP DEACTIVATE CONFIGURE ACTIVATE START",
            "STOPPED,   RUNNING, DEACTIVATE CONFIGURE ACTIVATE START",
            "ACTIVATED, RUNNING, DEACTIVATE CONFIGURE ACTIVATE START",
            "DEPLOYED,  RUNNING, CONFIGURE ACTIVATE START",
            "RUNNING,   STOPPED, STOP DEACTIVATE CONFIGURE ACTIVATE",
            "STOPPED,   STOPPED, DEACTIVATE CONFIGURE ACTIVATE",
            "ACTIVATED, STOPPED, DEACTIVATE CONFIGURE ACTIVATE",
            "DEPLOYED,  STOPPED, CONFIGURE ACTIVATE",
            "INSTALLING, RUNNING, WAIT_STATE CONFIGURE ACTIVATE START",
    })
    void aChangedBlockIsAppliedThroughDeactivateAndActivate(String from, DesiredState to, String steps) {
        String running = runningConfigOf(OLD);
        List<AppSpec> changes = List.of(
                probe(to, List.of("--cap-add=NET_ADMIN", "-e MODE=b"), 1000),
                probe(to, List.of("--cap-add=NET_ADMIN"), 1000),
                probe(to, List.of("--cap-add=NET_ADMIN", "-e MODE=a"), 2000),
                new AppSpec("probe", to, "usbflash0:probe.tar", new AppSpec.Resources(null, 1000, 256, null),
                        List.of("--cap-add=NET_ADMIN", "-e MODE=a"),
                        new AppSpec.Network(AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, 1, "10.0.0.2", "255.255.255.0", null)));
        for (AppSpec changed : changes) {
            assertThat(plan(from, changed, running)).as(changed.toString()).containsExactlyElementsOf(expected("probe", steps));
        }
        List<Step> full = IosxePlanner.plan(List.of(on("probe", from)), List.of(changes.get(0)), DevicePolicy.NONE, false,
                null, running);
        assertThat(full).filteredOn(s -> s.kind().name().endsWith("_CONFIGURE")).singleElement()
                .satisfies(s -> assertThat(s.app()).isEqualTo(changes.get(0)));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "RUNNING,   RUNNING, ''",
            "STOPPED,   RUNNING, START",
            "ACTIVATED, RUNNING, START",
            "DEPLOYED,  RUNNING, ACTIVATE START",
            "RUNNING,   STOPPED, STOP",
            "ACTIVATED, STOPPED, ''",
            "DEPLOYED,  STOPPED, ACTIVATE",
    })
    void anUnchangedBlockPlansNoReconfigureAndIsNotSentAgain(String from, DesiredState to, String steps) {
        AppSpec same = probe(to, OLD.runOpts(), 1000);
        assertThat(plan(from, same, runningConfigOf(OLD))).containsExactlyElementsOf(expected("probe", steps));
    }

    @Test
    void linesTheDeviceAddsItselfAreNoDifference() {
        String running = runningConfigOf(OLD)
                .replace("  memory 256\n", "  memory 256\n  vcpu 1\n")   // a profile value the spec leaves to the device
                .replace(" app-resource docker\n", " app-resource docker\n  prepend-pkg-opts\n")
                + " start\n!\n";
        assertThat(plan("RUNNING", OLD, running)).isEmpty();
        AppSpec noOpts = new AppSpec("probe", DesiredState.RUNNING, "usbflash0:probe.tar",
                new AppSpec.Resources(null, 1000, 256, null), List.of(), AppSpec.Network.management());
        // An empty docker sub-mode the device keeps: nothing of ours is in it.
        assertThat(plan("RUNNING", noOpts, runningConfigOf(noOpts) + " app-resource docker\n")).isEmpty();
    }

    @Test
    void unknownOrMissingRunningConfigLeavesAnActiveAppAlone() {
        AppSpec changed = probe(DesiredState.RUNNING, List.of("-e MODE=b"), 1000);
        assertThat(plan("RUNNING", changed, null)).isEmpty();
        assertThat(plan("RUNNING", changed, "app-hosting appid other\n app-vnic management guest-interface 0\n")).isEmpty();
        assertThat(plan("STOPPED", changed, "")).containsExactly("START probe");
        // DEPLOYED always gets its block when it is not known to be there.
        assertThat(plan("DEPLOYED", changed, null)).containsExactly("CONFIGURE probe", "ACTIVATE probe", "START probe");
    }

    @Test
    void theDiffRemovesWhatIsNoLongerDesiredBeforeSendingTheBlock() {
        AppSpec fewer = probe(DesiredState.RUNNING, List.of("--cap-add=NET_ADMIN"), 2000);
        AppConfigDiff diff = AppConfigDiff.of(fewer, runningConfigOf(OLD));
        assertThat(diff.missing()).containsExactly("cpu 2000");
        assertThat(diff.removals()).containsExactly("app-resource docker", "no run-opts 2", "exit");
        assertThat(AppConfigDiff.commands(fewer, diff)).containsExactly("app-hosting appid probe",
                "app-resource docker", "no run-opts 2", "exit",
                "app-vnic management guest-interface 0", "exit",
                "app-resource docker", "run-opts 1 \"--cap-add=NET_ADMIN\"", "exit",
                "app-resource profile custom", "cpu 2000", "memory 256", "exit", "exit");

        AppSpec vpg = new AppSpec("probe", DesiredState.RUNNING, "usbflash0:probe.tar",
                new AppSpec.Resources(null, 1000, 256, null), OLD.runOpts(),
                new AppSpec.Network(AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, 1, "10.0.0.2", "255.255.255.0", "10.0.0.1"));
        assertThat(AppConfigDiff.of(vpg, runningConfigOf(OLD)).removals())
                .containsExactly("no app-vnic management guest-interface 0");
        AppSpec readdressed = new AppSpec("probe", DesiredState.RUNNING, "usbflash0:probe.tar",
                new AppSpec.Resources(null, 1000, 256, null), OLD.runOpts(),
                new AppSpec.Network(AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, 1, "10.0.0.3", "255.255.255.0", null));
        assertThat(AppConfigDiff.of(readdressed, runningConfigOf(vpg)).removals()).containsExactly(
                "no app-vnic gateway0 virtualportgroup 1 guest-interface 0", "no app-default-gateway 10.0.0.1 guest-interface 0");
        assertThat(AppConfigDiff.of(vpg, runningConfigOf(vpg)).none()).isTrue();
        assertThat(AppConfigDiff.of(vpg, runningConfigOf(vpg).replace("profile custom", "profile default")).removals())
                .containsExactly("no app-resource profile default");
    }
    // --- package change (upgrade) ---------------------------------------------------------------

    static final String SHA2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    /** probe from probe-v2.tar, as the device-adapter names the file after the URL. */
    static AppSpec v2(DesiredState state) {
        return new AppSpec("probe", state, "usbflash0:probe-v2.tar", new AppSpec.Resources(null, 1000, 256, null),
                List.of("--cap-add=NET_ADMIN"), AppSpec.Network.management())
                .withPackageSource(new AppSpec.PackageSource("http://10.0.0.9:8080/probe-v2.tar", SHA2, 4096));
    }

    static InstalledApp onFrom(String raw, String packagePath) {
        return new InstalledApp("probe", IosxeStates.observed(raw), raw, packagePath);
    }

    static List<String> planFrom(String raw, String packagePath, AppSpec desired, String runningConfig) {
        List<InstalledApp> actual = raw.equals("ABSENT") ? List.of() : List.of(onFrom(raw, packagePath));
        return kinds(IosxePlanner.plan(actual, List.of(desired), DevicePolicy.NONE, false, null, runningConfig));
    }

    /** Installed from another file: down to gone, then the install of the new package, from wherever the app is. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "RUNNING,      RUNNING, STOP DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START",
            "STOPPED,      RUNNING, DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START",
            "ACTIVATED,    RUNNING, DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START",
            "DEPLOYED,     RUNNING, UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START",
            "INSTALLING,   RUNNING, WAIT_STATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START",
            "UNINSTALLING, RUNNING, WAIT_STATE COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START",
            "CRASHED,      RUNNING, ''",
            "RUNNING,      STOPPED, STOP DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE",
            "STOPPED,      STOPPED, DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE",
            "DEPLOYED,     STOPPED, UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE",
    })
    void anotherPackageIsReplacedFromWhereverTheAppIs(String from, DesiredState to, String steps) {
        AppSpec want = v2(to);
        // The block is already as desired: the package is all that changed, so no CONFIGURE.
        assertThat(planFrom(from, "usbflash0:probe-v1.tar", want, runningConfigOf(want)))
                .containsExactlyElementsOf(expected("probe", steps));
    }

    @Test
    void aReplacementConfiguresOnlyABlockNotKnownToBeAsDesired() {
        AppSpec want = v2(DesiredState.RUNNING);
        assertThat(planFrom("RUNNING", "usbflash0:probe-v1.tar", want, null)).containsExactlyElementsOf(expected("probe",
                "STOP DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE CONFIGURE INSTALL ACTIVATE START"));
        List<Step> changed = IosxePlanner.plan(List.of(onFrom("RUNNING", "usbflash0:probe-v1.tar")), List.of(want),
                DevicePolicy.NONE, false, null, runningConfigOf(OLD));
        assertThat(changed).filteredOn(s -> s.kind().name().endsWith("_CONFIGURE")).singleElement()
                .satisfies(s -> assertThat(s.details()).isEqualTo("app-hosting appid block changed"));
        assertThat(changed).filteredOn(s -> s.kind().name().endsWith("_INSTALL")).singleElement()
                .satisfies(s -> {
                    assertThat(s.app()).isEqualTo(want);
                    assertThat(s.details()).isEqualTo("usbflash0:probe-v2.tar");
                });
        assertThat(changed.get(0).details()).contains("usbflash0:probe-v2.tar");
    }

    @Test
    void theSamePathOrAnUnknownOneIsNoPackageChange() {
        AppSpec want = v2(DesiredState.RUNNING);
        String running = runningConfigOf(want);
        assertThat(planFrom("RUNNING", "usbflash0:probe-v2.tar", want, running)).isEmpty();
        assertThat(planFrom("RUNNING", "usbflash0:/probe-v2.tar", want, running)).isEmpty();
        assertThat(planFrom("RUNNING", " usbflash0:probe-v2.tar ", want, running)).isEmpty();
        // 16.x layouts print no Path, and an unreadable detail leaves it unknown: nothing to go on.
        assertThat(planFrom("RUNNING", null, want, running)).isEmpty();
        assertThat(planFrom("STOPPED", null, want, running)).containsExactly("START probe");
        // Other file systems and other names are other files.
        assertThat(planFrom("RUNNING", "flash:probe-v2.tar", want, running)).startsWith("STOP probe", "DEACTIVATE probe");
        assertThat(IosxePlanner.samePath("usbflash0:a.tar", "usbflash0:A.tar")).isFalse();
    }

    /** Same file name, other content: only the caller knows, and the plan is the same as for another path. */
    @Test
    void theCallersWordReplacesAPackageTheDeviceCannotTellApart() {
        AppSpec want = v2(DesiredState.RUNNING).withReplacePackage(true);
        String running = runningConfigOf(want);
        assertThat(planFrom("RUNNING", "usbflash0:probe-v2.tar", want, running)).containsExactlyElementsOf(expected("probe",
                "STOP DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START"));
        assertThat(planFrom("RUNNING", null, want, running)).startsWith("STOP probe");
        assertThat(planFrom("DEPLOYED", null, want, running)).startsWith("UNINSTALL probe");
        // Nothing installed: the flag changes nothing, the plain install it is.
        assertThat(planFrom("ABSENT", null, want, running)).containsExactlyElementsOf(expected("probe",
                "COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START"));
    }

    /**
     * A pass cut short after any step: the device is where that step left it, and the next pass
     * plans exactly the steps still to do. Only COPY and VERIFY come back while the app is absent:
     * they read the file's digest first, and a copy already done skips itself, so no change is
     * sent to the device twice.
     */
    @Test
    void aReplacementCutShortAnywhereIsFinishedWithoutRepeatingAStep() {
        AppSpec want = v2(DesiredState.RUNNING);
        String running = runningConfigOf(want);
        String v1 = "usbflash0:probe-v1.tar";
        String v2 = "usbflash0:probe-v2.tar";
        List<String> full = planFrom("RUNNING", v1, want, running);
        assertThat(full).containsExactlyElementsOf(expected("probe",
                "STOP DEACTIVATE UNINSTALL COPY_PACKAGE VERIFY_PACKAGE INSTALL ACTIVATE START"));
        // (state, path) after each step of the full plan has taken effect on the device.
        String[][] after = {
                {"STOPPED", v1}, {"DEPLOYED", v1}, {"ABSENT", null}, {"ABSENT", null}, {"ABSENT", null},
                {"DEPLOYED", v2}, {"ACTIVATED", v2}, {"RUNNING", v2}};
        for (int done = 1; done <= full.size(); done++) {
            List<String> rest = full.subList(done, full.size());
            List<String> next = planFrom(after[done - 1][0], after[done - 1][1], want, running);
            boolean absent = after[done - 1][0].equals("ABSENT");
            List<String> expectNext = absent && !rest.contains("COPY_PACKAGE probe")
                    ? concat(List.of("COPY_PACKAGE probe", "VERIFY_PACKAGE probe").subList(0, rest.contains("VERIFY_PACKAGE probe") ? 1 : 2), rest)
                    : rest;
            assertThat(next).as("after %s", full.get(done - 1)).containsExactlyElementsOf(expectNext);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
