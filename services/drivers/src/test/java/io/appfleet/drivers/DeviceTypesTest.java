package io.appfleet.drivers;

import io.appfleet.drivers.DeviceTarget.Login;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceTypesTest {

    @Test
    void targetNeverPrintsThePasswordAndFillsDefaults() {
        DeviceTarget t = new DeviceTarget("sw1", "10.0.0.1", 22, "17.15.4", new Login("admin", "hunter2-secret"), null);
        assertThat(t.toString()).contains("admin").doesNotContain("hunter2-secret");
        assertThat(t.login().toString()).isEqualTo("Login[username=admin, password=****]");
        assertThat(t.commandTimeout()).isEqualTo(DeviceTarget.DEFAULT_COMMAND_TIMEOUT);
        assertThat(t.connectTimeout()).isEqualTo(DeviceTarget.DEFAULT_CONNECT_TIMEOUT);
        assertThat(t.osMajor()).isEqualTo(17);
        assertThat(t.withPinnedHostKey("SHA256:x").pinnedHostKeyFingerprint()).isEqualTo("SHA256:x");
        assertThat(new DeviceTarget("a", "h", 22, "16.12.4", t.login(), null).osMajor()).isEqualTo(16);
        assertThat(new DeviceTarget("a", "h", 22, null, t.login(), null).osMajor()).isZero();
        assertThatThrownBy(() -> new DeviceTarget("a", "h", 0, null, t.login(), null)).hasMessageContaining("port");
    }

    @Test
    void stepResultTruncatesLongOutput() {
        Step step = new Step(ReconcileStep.RECONCILE_STEP_START, "iperf", "");
        StepResult r = new StepResult(step, StepOutcome.STEP_OUTCOME_SUCCEEDED, "x".repeat(10_000), Duration.ZERO, "ok");
        assertThat(r.deviceOutput()).hasSizeLessThan(StepResult.MAX_OUTPUT_CHARS + 50).endsWith("[5904 more characters]");
        assertThat(r.ok()).isTrue();
        assertThat(step.toString()).isEqualTo("START iperf");
    }

    @Test
    void exceptionCarriesItsReason() {
        DeviceException e = new DeviceException(DeviceException.Reason.TIMEOUT, "no prompt");
        assertThat(e.reason()).isEqualTo(DeviceException.Reason.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("TIMEOUT: no prompt");
    }

    @Test
    void packageSourceIsCheckedWhenBuiltAndTheOldSpecFormKeepsNoSource() {
        String sha = "a".repeat(64);
        AppSpec.PackageSource src = new AppSpec.PackageSource("https://repo.example.com/iperf.tar", sha, 1024);
        AppSpec old = new AppSpec("iperf", AppSpec.DesiredState.RUNNING, "usbflash0:iperf.tar", null, null, null);
        assertThat(old.packageSource()).isNull();
        assertThat(old.withPackageSource(src).packageSource()).isEqualTo(src);
        assertThatThrownBy(() -> new AppSpec.PackageSource("ftp://h/x.tar", sha, 1)).hasMessageContaining("http or https");
        assertThatThrownBy(() -> new AppSpec.PackageSource("http:///x.tar", sha, 1)).hasMessageContaining("host");
        assertThatThrownBy(() -> new AppSpec.PackageSource(null, sha, 1)).hasMessageContaining("url");
        assertThatThrownBy(() -> new AppSpec.PackageSource("http://h/x.tar", "A".repeat(64), 1)).hasMessageContaining("sha256");
        assertThatThrownBy(() -> new AppSpec.PackageSource("http://h/x.tar", "a".repeat(63), 1)).hasMessageContaining("sha256");
        assertThatThrownBy(() -> new AppSpec.PackageSource("http://h/x.tar", sha, -1)).hasMessageContaining("sizeBytes");
    }
}
