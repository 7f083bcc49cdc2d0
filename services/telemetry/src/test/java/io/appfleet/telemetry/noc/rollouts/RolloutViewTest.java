package io.appfleet.telemetry.noc.rollouts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.telemetry.fleet.FleetFixtures;
import io.appfleet.telemetry.fleet.FleetView;

class RolloutViewTest {

    @Test
    void wavesCarryTheirProgressInPercent() {
        FleetView view = new FleetView();
        view.putRollout("web", FleetFixtures.rollout("web", RolloutState.ROLLOUT_STATE_PROGRESSING, 2, 1));
        RolloutView r = RolloutView.of(view.rollout("web").orElseThrow());
        assertThat(r.state()).isEqualTo("progressing");
        assertThat(r.devices()).as("succeeded + failed + progressing + pending").isEqualTo(20);
        assertThat(r.percentSucceeded()).isEqualTo(25);
        RolloutView.WaveView w2 = r.waves().get(1);
        // 8 devices, 6 released, 3 succeeded, 1 failed, 2 in progress
        assertThat(w2.percentReleased()).isEqualTo(75);
        assertThat(w2.percentSucceeded()).isEqualTo(37);
        assertThat(w2.percentFailed()).isEqualTo(12);
        assertThat(w2.percentInProgress()).isEqualTo(26);
        assertThat(r.waves().get(0).percentSucceeded()).isEqualTo(100);
        assertThat(r.waves().get(2).percentReleased()).isZero();
    }

    @Test
    void percentOfNothingIsZeroAndNeverAbove100() {
        assertThat(RolloutView.percent(0, 0)).isZero();
        assertThat(RolloutView.percent(5, 4)).isEqualTo(100);
        assertThat(RolloutView.percent(1, 3)).isEqualTo(33);
    }
}
