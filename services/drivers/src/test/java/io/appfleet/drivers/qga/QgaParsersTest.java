package io.appfleet.drivers.qga;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saved replies; the shapes are from qemu-ga 7.2 on Debian 12 (shortened) and from the QAPI schema. */
class QgaParsersTest {

    @Test
    void guestInfo() {
        QgaReply reply = QgaParsers.parse("guest-info", """
                {"return": {"version": "7.2.22", "supported_commands": [
                  {"enabled": true, "name": "guest-get-cpustats", "success-response": true},
                  {"enabled": false, "name": "guest-get-devices", "success-response": true},
                  {"enabled": true, "name": "guest-shutdown", "success-response": false},
                  {"name": "guest-sync", "enabled": true}]}}
                """);
        GuestInfo info = (GuestInfo) reply;
        assertThat(info.version()).isEqualTo("7.2.22");
        assertThat(info.supportedCommands()).hasSize(4);
        assertThat(info.isEnabled("guest-get-cpustats")).isTrue();
        assertThat(info.isEnabled("guest-get-devices")).isFalse();
        assertThat(info.isEnabled("guest-get-load")).isFalse();
        assertThat(info.command("guest-shutdown").orElseThrow().successResponse()).isFalse();
        assertThat(info.command("guest-sync").orElseThrow().successResponse()).as("agents before 1.7").isNull();
    }

    @Test
    void cpuStatsKeepsOmittedCountersNull() {
        CpuStats stats = (CpuStats) QgaParsers.parse("guest-get-cpustats", """
                {"return": [{"cpu": 0, "guestnice": 0, "idle": 1039550, "steal": 51180, "iowait": 2910,
                 "system": 210650, "guest": 0, "nice": 0, "irq": 0, "type": "linux", "user": 2048280, "softirq": 2960},
                 {"type": "linux", "cpu": 1, "user": 1, "nice": 2, "system": 3, "idle": 4}]}""");
        assertThat(stats.cpus().get(0)).isEqualTo(new CpuStats.Cpu("linux", 0, 2048280L, 0L, 210650L, 1039550L,
                2910L, 0L, 2960L, 51180L, 0L, 0L));
        CpuStats.Cpu second = stats.cpus().get(1);
        assertThat(second.idle()).isEqualTo(4L);
        assertThat(second.iowait()).isNull();
        assertThat(second.steal()).isNull();
        assertThat(second.guestnice()).isNull();
    }

    @Test
    void diskStats() {
        DiskStats stats = (DiskStats) QgaParsers.parse("guest-get-diskstats", """
                {"return": [{"name": "vda", "stats": {"discard-sectors": 0, "write-ios": 120, "read-ios": 300,
                 "write-sectors": 4000, "read-sectors": 9000, "read-ticks": 55, "write-ticks": 66, "ios-pgr": 0,
                 "total-ticks": 200, "weight-ticks": 300, "read-merges": 7, "write-merges": 8}, "minor": 0, "major": 253},
                 {"name": "sr0", "major": 11, "minor": 0}]}""");
        DiskStats.Disk vda = stats.disks().get(0);
        assertThat(vda.name()).isEqualTo("vda");
        assertThat(vda.major()).isEqualTo(253L);
        assertThat(vda.stats().readSectors()).isEqualTo(9000L);
        assertThat(vda.stats().writeIos()).isEqualTo(120L);
        assertThat(vda.stats().flushIos()).as("kernel without flush columns").isNull();
        assertThat(stats.disks().get(1).stats()).isNull();
    }

    @Test
    void networkInterfaces() {
        NetworkInterfaces nics = (NetworkInterfaces) QgaParsers.parse("guest-network-get-interfaces", """
                {"return": [{"name": "lo", "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8},
                 {"ip-address-type": "ipv6", "ip-address": "::1", "prefix": 128}], "statistics": {"tx-packets": 203045,
                 "tx-errs": 0, "rx-bytes": 308420483, "rx-dropped": 0, "rx-packets": 203045, "rx-errs": 0,
                 "tx-bytes": 308420483, "tx-dropped": 0}, "hardware-address": "00:00:00:00:00:00"},
                 {"name": "ifb0", "hardware-address": "ae:ac:bb:a8:9b:ab"}]}""");
        NetworkInterfaces.Interface lo = nics.interfaces().get(0);
        assertThat(lo.ipAddresses()).containsExactly(new NetworkInterfaces.IpAddress("127.0.0.1", "ipv4", 8),
                new NetworkInterfaces.IpAddress("::1", "ipv6", 128));
        assertThat(lo.statistics()).isEqualTo(new NetworkInterfaces.Statistics(308420483L, 203045L, 0L, 0L,
                308420483L, 203045L, 0L, 0L));
        NetworkInterfaces.Interface ifb = nics.interfaces().get(1);
        assertThat(ifb.ipAddresses()).isEmpty();
        assertThat(ifb.statistics()).isNull();
    }

    @Test
    void loadMemoryBlocksAndOsInfo() {
        assertThat(QgaParsers.parse("guest-get-load", "{\"return\":{\"load1m\":0.5,\"load5m\":1,\"load15m\":0.25}}"))
                .isEqualTo(new GuestLoad(0.5, 1.0, 0.25));
        assertThat(QgaParsers.parse("guest-get-memory-blocks",
                "{\"return\": [{\"online\": true, \"can-offline\": true, \"phys-index\": 188}, {\"phys-index\": 0, \"online\": false}]}"))
                .isEqualTo(new MemoryBlocks(java.util.List.of(new MemoryBlocks.Block(188L, true, true),
                        new MemoryBlocks.Block(0L, false, null))));
        OsInfo os = (OsInfo) QgaParsers.parse("guest-get-osinfo", """
                {"return": {"name": "Debian GNU/Linux", "kernel-release": "6.18.44-fc-v657", "version": "12 (bookworm)",
                 "pretty-name": "Debian GNU/Linux 12 (bookworm)", "version-id": "12",
                 "kernel-version": "#1 SMP PREEMPT_DYNAMIC @0", "machine": "x86_64", "id": "debian"}}""");
        assertThat(os).isEqualTo(new OsInfo("debian", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)",
                "12 (bookworm)", "12", null, null, "6.18.44-fc-v657", "#1 SMP PREEMPT_DYNAMIC @0", "x86_64"));
    }

    @Test
    void memoryBlockSizeAndHostName() {
        // As qemu-ga 7.2 answers them.
        assertThat(QgaParsers.parse("guest-get-memory-block-info", "{\"return\": {\"size\": 134217728}}"))
                .isEqualTo(new MemoryBlockInfo(134217728L));
        assertThat(QgaParsers.parse("guest-get-host-name", "{\"return\": {\"host-name\": \"vm-probe-1\"}}"))
                .isEqualTo(new HostName("vm-probe-1"));
        assertThatThrownBy(() -> QgaParsers.parse("guest-get-memory-block-info", "{\"return\": [1]}"))
                .isInstanceOf(io.appfleet.drivers.parse.ParseException.class);
    }

    @Test
    void errorReplyBecomesQgaError() {
        assertThat(QgaParsers.parse("guest-get-load",
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command guest-get-load has not been found\"}}"))
                .isEqualTo(new QgaError("CommandNotFound", "The command guest-get-load has not been found"));
        QgaError disabled = (QgaError) QgaParsers.parse("guest-get-osinfo", "{\"error\": {\"class\": \"CommandDisabled\","
                + " \"desc\": \"disabled\", \"data\": {\"name\": \"guest-get-osinfo\"}}}");
        assertThat(disabled.meansUnsupported()).isTrue();
        assertThat(new QgaError("GenericError", "x").meansUnsupported()).isFalse();
        // qemu-ga 7.2's answer for a command blocked with -b, captured from the real agent:
        QgaError blocked = (QgaError) QgaParsers.parse("guest-get-osinfo",
                "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Command guest-get-osinfo has been disabled\"}}");
        assertThat(blocked.meansUnsupported()).isTrue();
        assertThat(blocked.meansDisabled()).isTrue();
        assertThat(disabled.meansDisabled()).isTrue();
        assertThat(new QgaError("CommandNotFound", "The command guest-get-load has not been found").meansDisabled()).isFalse();
    }

    @Test
    void badInputIsAParseException() {
        assertThatThrownBy(() -> QgaParsers.parse("guest-frobnicate", "{\"return\": {}}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("unknown QGA command");
        assertThatThrownBy(() -> QgaParsers.parse("guest-get-load", "{\"return\": "))
                .isInstanceOf(ParseException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> QgaParsers.parse("guest-get-load", "{\"something\": 1}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> QgaParsers.parse("guest-get-cpustats", "{\"return\": [{\"cpu\": 0, \"idle\": \"lots\"}]}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("'idle'");
        assertThatThrownBy(() -> QgaParsers.parse("guest-get-cpustats",
                "{\"return\": [{\"cpu\": 0, \"idle\": 18446744073709551615}]}"))
                .as("uint64 beyond long is refused, not wrapped to a negative count")
                .isInstanceOf(ParseException.class);
    }
}
