package io.appfleet.desired.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.manifest.AppDeployment.Wave;

class WavePlanTest {

    private static Wave pct(int p) {
        return new Wave(p, null);
    }

    private static Wave count(int n) {
        return new Wave(null, n);
    }

    @Test
    void percentagesRoundUpAndTheFirstWaveIsNeverEmpty() {
        assertThat(WavePlan.cumulativeSizes(List.of(pct(1), pct(10), pct(100)), 10_000)).containsExactly(100, 1000, 10_000);
        assertThat(WavePlan.cumulativeSizes(List.of(pct(1), pct(10), pct(100)), 9)).containsExactly(1, 1, 9);
        assertThat(WavePlan.cumulativeSizes(List.of(pct(34), pct(67), pct(100)), 3)).containsExactly(2, 3, 3);
    }

    @Test
    void countsAreCappedAndTheLastWaveTakesEveryDevice() {
        assertThat(WavePlan.cumulativeSizes(List.of(count(1), count(3)), 9)).containsExactly(1, 9);
        assertThat(WavePlan.cumulativeSizes(List.of(count(5), pct(50)), 4)).containsExactly(4, 4);
        assertThat(WavePlan.cumulativeSizes(List.of(pct(10)), 0)).containsExactly(0);
    }

    @Test
    void assignmentIsStableSpreadAndRanked() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(String.format("sw-%03d", i));
        }
        List<WavePlan.Slot> a = WavePlan.assign("probe", ids, List.of(pct(10), pct(50), pct(100)));
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        List<WavePlan.Slot> b = WavePlan.assign("probe", reversed, List.of(pct(10), pct(50), pct(100)));
        assertThat(a).as("the order of the input does not matter").isEqualTo(b);
        Map<Integer, Long> perWave = a.stream().collect(Collectors.groupingBy(WavePlan.Slot::wave, Collectors.counting()));
        assertThat(perWave).containsEntry(1, 10L).containsEntry(2, 40L).containsEntry(3, 50L);
        assertThat(a).extracting(WavePlan.Slot::rank).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 100).boxed().toList());
        List<String> wave1 = a.stream().filter(s -> s.wave() == 1).map(WavePlan.Slot::deviceId).toList();
        assertThat(wave1).as("a spread sample, not the first ten by name").isNotEqualTo(ids.subList(0, 10));
        List<WavePlan.Slot> other = WavePlan.assign("other-app", ids, List.of(pct(10), pct(100)));
        assertThat(other.stream().filter(s -> s.wave() == 1).map(WavePlan.Slot::deviceId).toList())
                .as("another deployment canaries on other devices").isNotEqualTo(wave1);
        Map<String, Integer> waveOf = a.stream().collect(Collectors.toMap(WavePlan.Slot::deviceId, WavePlan.Slot::wave));
        assertThat(waveOf.values().stream().collect(Collectors.groupingBy(Function.identity()))).hasSize(3);
    }
}
