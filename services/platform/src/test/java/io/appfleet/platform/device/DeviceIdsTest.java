package io.appfleet.platform.device;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceIdsTest {

    @Test
    void inventorysIdsAreValid() {
        assertThat(DeviceIds.problem("acc-sw-01")).isEmpty();
        assertThat(DeviceIds.problem("ams1.core-rtr.2")).isEmpty();
        assertThat(DeviceIds.problem("a")).isEmpty();
        assertThat(DeviceIds.problem("a".repeat(63))).isEmpty();
    }

    @Test
    void emptyOverLongAndBadCharactersAreRefusedWithTheRule() {
        assertThat(DeviceIds.problem(null)).contains("is required");
        assertThat(DeviceIds.problem("")).contains("is required");
        assertThat(DeviceIds.problem("a".repeat(64))).hasValueSatisfying(m -> assertThat(m).contains("at most 63"));
        assertThat(DeviceIds.problem("Acc-01")).isPresent();
        assertThat(DeviceIds.problem("-acc")).isPresent();
        assertThat(DeviceIds.problem("acc.")).isPresent();
        assertThat(DeviceIds.problem("acc_01")).isPresent();
        assertThat(DeviceIds.problem("acc 01")).isPresent();
    }

    @Test
    void theEchoedIdHasNoControlCharactersAndIsBounded() {
        assertThat(DeviceIds.problem("a\nb")).hasValueSatisfying(m -> assertThat(m).startsWith("'a?b'"));
        assertThat(DeviceIds.problem("x".repeat(500))).hasValueSatisfying(m -> assertThat(m)
                .startsWith("'" + "x".repeat(64) + "…'"));
    }
}
