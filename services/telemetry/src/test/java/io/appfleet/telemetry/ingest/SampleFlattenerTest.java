package io.appfleet.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestInterfaceStatistics;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.TelemetrySample;

class SampleFlattenerTest {

    private static TelemetrySample.Builder sample() {
        return TelemetrySample.newBuilder().setDeviceId("sw-1").setBootId("boot-7").setCollectedBy("adapter-1")
                .setSampledAt(Timestamp.newBuilder().setSeconds(1_796_380_000L).setNanos(123_456_789));
    }

    private static Map<String, Measurement> byName(List<Measurement> ms) {
        return ms.stream().collect(Collectors.toMap(m -> m.series() + " " + m.metric(), m -> m));
    }

    @Test
    void appUtilizationAsTheAdapterSendsItGivesGaugesOnlyForWhatIsReported() throws Exception {
        // The IOS-XE collector's shape: cpu, memory and disk, no counters, no instance id.
        List<Measurement> ms = SampleFlattener.flatten(sample().setAppUtilization(AppUtilization.newBuilder()
                .setAppId("perfsonar").setCpuPercent(12.5).setMemoryUsedBytes(262_144L * 1024)
                .setMemoryAllocatedBytes(1024L * 1024 * 1024)).build());
        Map<String, Measurement> m = byName(ms);
        assertThat(m.keySet()).containsExactlyInAnyOrder("app/perfsonar cpu_percent", "app/perfsonar memory_used_bytes",
                "app/perfsonar memory_allocated_bytes");
        Measurement cpu = m.get("app/perfsonar cpu_percent");
        assertThat(cpu.counter()).isFalse();
        assertThat(cpu.value()).isEqualTo(12.5);
        assertThat(cpu.deviceId()).isEqualTo("sw-1");
        assertThat(cpu.sampledAt()).as("microseconds, as PostgreSQL keeps them")
                .isEqualTo(Instant.ofEpochSecond(1_796_380_000L, 123_456_000));
    }

    @Test
    void appCountersCarryTheBootAndInstanceAsTheirEpoch() throws Exception {
        List<Measurement> ms = SampleFlattener.flatten(sample().setAppUtilization(AppUtilization.newBuilder()
                .setAppId("vpg").setInstanceId("ctr-42").setNetRxBytesTotal(-1L).setNetTxPacketsTotal(9)).build());
        Measurement rx = byName(ms).get("app/vpg net_rx_bytes_total");
        assertThat(rx.counter()).isTrue();
        assertThat(rx.epoch()).isEqualTo("boot-7|ctr-42");
        assertThat(rx.counterValue()).isEqualTo(-1L);
        assertThat(rx.value()).as("unsigned").isEqualTo(1.8446744073709552e19);
        assertThat(byName(ms).get("app/vpg net_tx_packets_total").counterValue()).isEqualTo(9);
    }

    @Test
    void cppStatsGiveOneSeriesPerClassWithItsDropCounters() throws Exception {
        List<Measurement> ms = SampleFlattener.flatten(sample().setCppPolicerStats(CppPolicerStats.newBuilder()
                .setLocation("switch 1 active")
                .addClasses(CppClassStats.newBuilder().setClassName("system-cpp-police-sys-data").setPolicerIndex(10)
                        .setEnabled(true).setRatePps(100).setDropBytesTotal(5000).setDropFramesTotal(40))
                .addClasses(CppClassStats.newBuilder().setPolicerIndex(21).setLevel(2).setDropBytesTotal(0)))
                .build());
        Map<String, Measurement> m = byName(ms);
        assertThat(m).containsKeys("cpp/switch 1 active/system-cpp-police-sys-data drop_frames_total",
                "cpp/switch 1 active/system-cpp-police-sys-data drop_bytes_total",
                "cpp/switch 1 active/system-cpp-police-sys-data rate_pps",
                "cpp/switch 1 active/policer-21 drop_bytes_total");
        assertThat(m).doesNotContainKey("cpp/switch 1 active/policer-21 drop_frames_total");
        assertThat(m.get("cpp/switch 1 active/system-cpp-police-sys-data drop_frames_total").epoch()).isEqualTo("boot-7");
    }

    @Test
    void guestStatsSumVcpusAndKeepOneSeriesPerDiskAndInterface() throws Exception {
        List<Measurement> ms = SampleFlattener.flatten(sample().setGuestStats(GuestStats.newBuilder().setAppId("vm1")
                .addCpus(GuestCpuStats.newBuilder().setCpu(0).setUserMsTotal(100).setSystemMsTotal(10).setIdleMsTotal(1000))
                .addCpus(GuestCpuStats.newBuilder().setCpu(1).setUserMsTotal(50).setSystemMsTotal(5).setIdleMsTotal(900))
                .addDisks(GuestDiskStats.newBuilder().setName("vda").setReadBytesTotal(4096).setWriteBytesTotal(512))
                .addInterfaces(GuestNetworkInterface.newBuilder().setName("eth0")
                        .setStatistics(GuestInterfaceStatistics.newBuilder().setRxBytesTotal(777)))
                .addInterfaces(GuestNetworkInterface.newBuilder().setName("old0")) // no statistics on old agents
                .setMemoryBlocksOnline(8).setMemoryBlockSizeBytes(128L * 1024 * 1024)).build());
        Map<String, Measurement> m = byName(ms);
        assertThat(m.get("guest/vm1 cpu_user_ms_total").counterValue()).isEqualTo(150);
        assertThat(m.get("guest/vm1 vcpus").value()).isEqualTo(2);
        assertThat(m.get("guest/vm1/disk/vda read_bytes_total").counterValue()).isEqualTo(4096);
        assertThat(m.get("guest/vm1/if/eth0 rx_bytes_total").counterValue()).isEqualTo(777);
        assertThat(m.get("guest/vm1 memory_online_bytes").value()).isEqualTo(1024.0 * 1024 * 1024);
        assertThat(m.keySet()).noneMatch(k -> k.contains("old0"));
    }

    @Test
    void badSamplesAreRefusedWithAReason() {
        assertThatThrownBy(() -> SampleFlattener.flatten(sample().build()))
                .isInstanceOf(InvalidSample.class).hasMessageContaining("no payload");
        assertThatThrownBy(() -> SampleFlattener.flatten(sample().clearSampledAt()
                .setAppUtilization(AppUtilization.newBuilder().setAppId("a")).build()))
                .hasMessage("sample has no sampled_at");
        assertThatThrownBy(() -> SampleFlattener.flatten(sample()
                .setAppUtilization(AppUtilization.newBuilder().setCpuPercent(1)).build()))
                .hasMessage("app_id is empty");
        assertThatThrownBy(() -> SampleFlattener.flatten(sample()
                .setAppUtilization(AppUtilization.newBuilder().setAppId("a/b")).build()))
                .hasMessageContaining("contains a control character or '/'");
        assertThatThrownBy(() -> SampleFlattener.flatten(sample().setCppPolicerStats(CppPolicerStats.newBuilder()).build()))
                .hasMessage("cpp_policer_stats has no classes");
    }
}
