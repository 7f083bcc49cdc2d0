package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppStatsTest {

    @Test
    void stats1() {
        AppStats s = (AppStats) IosxrParsers.parse("show appmgr application name xrv9k_aws_ha stats    ",
                Fixtures.text("iosxr-show-appmgr-application-stats-1.txt"));
        assertThat(s.appId()).isEqualTo("xrv9k_aws_ha");
        assertThat(s.cpuPercent()).isEqualByComparingTo("1.90");
        assertThat(s.memoryUsedBytes()).isEqualTo(76_451_676L);      // 72.91 MiB
        assertThat(s.memoryLimitBytes()).isEqualTo(16_159_814_451L); // 15.05 GiB
        assertThat(s.memoryPercent()).isEqualByComparingTo(new BigDecimal("0.47"));
        assertThat(s.netRxBytes()).isZero();
        assertThat(s.netTxBytes()).isZero();
        assertThat(s.blockReadBytes()).isZero();
        assertThat(s.blockWriteBytes()).isZero();
        assertThat(s.pids()).isZero();
    }

    @Test
    void stats2() {
        AppStats s = (AppStats) IosxrParsers.parse("show appmgr application name bgpfs2acl stats",
                Fixtures.text("iosxr-show-appmgr-application-stats-2.txt"));
        assertThat(s.appId()).isEqualTo("bgpfs2acl");
        assertThat(s.cpuPercent()).isEqualByComparingTo("0.01");
        assertThat(s.memoryUsedBytes()).isEqualTo(20_237_517L);      // 19.3 MiB
        assertThat(s.memoryLimitBytes()).isEqualTo(33_157_147_525L); // 30.88 GiB
    }

    @Test
    void dockerSizesUseBinaryForMemoryAndDecimalForIo() {
        String out = "Application Stats: x\n CPU Percentage: 0.00%\n Memory Usage: 19.11MiB / 7.293GiB\n"
                + " Memory Percentage: 0.26%\n Network IO: 1.2kB / 3.4MB\n Block IO: 0B / 12.5GB\n PIDs: 7\n";
        AppStats s = AppStats.parse(out);
        assertThat(s.memoryUsedBytes()).isEqualTo(20_038_287L);
        assertThat(s.memoryLimitBytes()).isEqualTo(7_830_799_122L);
        assertThat(s.netRxBytes()).isEqualTo(1_200L);
        assertThat(s.netTxBytes()).isEqualTo(3_400_000L);
        assertThat(s.blockWriteBytes()).isEqualTo(12_500_000_000L);
        assertThat(s.pids()).isEqualTo(7);
    }

    @Test
    void truncatedGarbageAndEmpty() {
        String full = Fixtures.text("iosxr-show-appmgr-application-stats-2.txt");
        String truncated = full.substring(0, full.indexOf("   Network IO"));
        assertThatThrownBy(() -> AppStats.parse(truncated)).isInstanceOf(ParseException.class)
                .hasMessageContaining("Network IO");
        assertThatThrownBy(() -> AppStats.parse(full.replace("19.3MiB", "19.3 apples")))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 5");
        assertThatThrownBy(() -> AppStats.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> AppStats.parse("hello\n")).isInstanceOf(ParseException.class)
                .hasMessageContaining("line 1");
    }
}
