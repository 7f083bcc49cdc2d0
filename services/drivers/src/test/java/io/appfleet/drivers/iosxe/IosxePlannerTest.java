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
}
