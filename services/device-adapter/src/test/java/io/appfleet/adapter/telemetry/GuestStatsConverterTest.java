package io.appfleet.adapter.telemetry;

import io.appfleet.drivers.qga.GuestInfo;
import io.appfleet.drivers.qga.QgaCommand;
import io.appfleet.drivers.qga.QgaError;
import io.appfleet.drivers.qga.QgaParsers;
import io.appfleet.drivers.qga.QgaReply;
import io.appfleet.drivers.qga.QgaResult;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestStats;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** On replies of the real qemu-ga 7.2 (src/test/resources/qga). */
class GuestStatsConverterTest {

    private static final GuestInfo INFO = (GuestInfo) reply("guest-info", "guest-info.json");

    @Test
    void onlyListedAndEnabledCommandsAreCalled() {
        assertThat(GuestStatsConverter.callable(INFO)).extracting(QgaCommand::name).containsExactly(
                "guest-get-cpustats", "guest-network-get-interfaces", "guest-get-memory-blocks",
                "guest-get-memory-block-info", "guest-get-osinfo", "guest-get-host-name");
    }

    @Test
    void aFullRoundBecomesOneGuestStatsInBaseUnits() {
        GuestStats s = GuestStatsConverter.convert("vm1", INFO, List.of(
                ok("guest-get-cpustats", "cpustats.json"), ok("guest-get-diskstats", "diskstats.json"),
                ok("guest-network-get-interfaces", "interfaces.json"), ok("guest-get-memory-blocks", "memory-blocks.json"),
                ok("guest-get-memory-block-info", "memory-block-info.json"), ok("guest-get-osinfo", "osinfo.json"),
                ok("guest-get-host-name", "host-name.json")));

        assertThat(s.getAppId()).isEqualTo("vm1");
        assertThat(s.getAgentVersion()).isEqualTo("7.2.22");
        assertThat(s.getCpusList()).extracting(GuestCpuStats::getCpu).containsExactly(0, 1);
        GuestCpuStats cpu0 = s.getCpus(0);
        assertThat(cpu0.getUserMsTotal()).isEqualTo(25241850L);
        assertThat(cpu0.getNiceMsTotal()).isEqualTo(11130L);
        assertThat(cpu0.getSystemMsTotal()).isEqualTo(3188050L);
        assertThat(cpu0.getIdleMsTotal()).isEqualTo(23554580L);
        assertThat(cpu0.getIowaitMsTotal()).isEqualTo(41760L);
        assertThat(cpu0.getStealMsTotal()).isEqualTo(19860L);
        assertThat(cpu0.getSoftirqMsTotal()).isEqualTo(82620L);
        assertThat(cpu0.hasGuestMsTotal()).as("0 was reported, so it is set").isTrue();

        GuestDiskStats vda = s.getDisksList().stream().filter(d -> d.getName().equals("vda")).findFirst().orElseThrow();
        assertThat(vda.getMajor()).isEqualTo(254);
        assertThat(vda.getReadBytesTotal()).as("sectors of 512 bytes").isEqualTo(13697874L * 512);
        assertThat(vda.getWriteBytesTotal()).isEqualTo(1214252960L * 512);
        assertThat(vda.getDiscardBytesTotal()).isEqualTo(793230536L * 512);
        assertThat(vda.getReadIosTotal()).isEqualTo(505354L);
        assertThat(vda.getWriteIosTotal()).isEqualTo(3474340L);
        assertThat(vda.getReadTimeMsTotal()).isEqualTo(315919L);
        assertThat(vda.getWriteTimeMsTotal()).isEqualTo(11599218L);
        assertThat(vda.getIoTimeMsTotal()).isEqualTo(783944L);
        assertThat(vda.getFlushIosTotal()).isEqualTo(1252213L);
        assertThat(vda.getIosInProgress()).isZero();

        assertThat(s.getInterfacesList()).extracting(GuestNetworkInterface::getName).containsExactly("lo", "ifb0", "eth0");
        GuestNetworkInterface eth0 = s.getInterfaces(2);
        assertThat(eth0.getHardwareAddress()).isEqualTo("02:fc:00:00:00:01");
        assertThat(eth0.getIpAddressesList()).extracting(a -> a.getAddress() + "/" + a.getPrefix() + " " + a.getType())
                .containsExactly("192.0.2.2/24 ipv4", "fd00::2/64 ipv6");
        assertThat(eth0.getStatistics().getRxBytesTotal()).isEqualTo(533144848L);
        assertThat(eth0.getStatistics().getTxPacketsTotal()).isEqualTo(16314L);
        assertThat(s.getInterfaces(1).hasStatistics()).as("ifb0 reports no counters").isFalse();
        assertThat(s.getInterfaces(1).getIpAddressesList()).isEmpty();

        assertThat(s.getMemoryBlocksTotal()).isEqualTo(4);
        assertThat(s.getMemoryBlocksOnline()).isEqualTo(3);
        assertThat(s.getMemoryBlockSizeBytes()).isEqualTo(134217728L);
        assertThat(s.getOsInfo().getId()).isEqualTo("debian");
        assertThat(s.getOsInfo().getPrettyName()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(s.getOsInfo().getKernelRelease()).isEqualTo("6.18.44-fc-v1252");
        assertThat(s.getOsInfo().getVariant()).as("absent on Debian").isEmpty();
        assertThat(s.getHostName()).isEqualTo("vm-probe-1");
        assertThat(s.hasLoad()).isFalse();
    }

    @Test
    void disabledAndMissingCommandsAreListedAndTheirGroupsLeftAbsent() {
        GuestStats s = GuestStatsConverter.convert("vm1", INFO, List.of(ok("guest-get-cpustats", "cpustats.json")));
        // guest-info says: diskstats disabled (qemu-ga -b), load unknown to 7.2.
        assertThat(s.getDisabledCommandsList()).containsExactly("guest-get-diskstats");
        assertThat(s.getUnsupportedCommandsList()).containsExactly("guest-get-load");
        assertThat(s.getDisksList()).isEmpty();
        assertThat(s.hasLoad()).isFalse();
        assertThat(s.hasMemoryBlocksTotal()).as("not asked, so unknown rather than 0").isFalse();
        assertThat(s.getCpusCount()).isEqualTo(2);
    }

    @Test
    void errorsAtCallTimeCountAsWellAndAGuestErrorOnlyDropsItsGroup() {
        // An agent whose guest-info still lists everything as enabled, and then refuses at call time.
        GuestInfo all = new GuestInfo("7.2.22", GuestStatsConverter.POLLED.stream()
                .map(c -> new GuestInfo.SupportedCommand(c.name(), true, true)).toList());
        List<QgaResult<?>> results = new ArrayList<>();
        results.add(error("guest-get-diskstats", "diskstats-disabled.json"));
        results.add(error("guest-get-load", "load-not-found.json"));
        results.add(QgaResult.ofError("guest-get-memory-blocks", new QgaError(QgaError.GENERIC_ERROR, "open failed")));
        results.add(ok("guest-get-cpustats", "cpustats.json"));

        GuestStats s = GuestStatsConverter.convert("vm1", all, results);
        assertThat(s.getDisabledCommandsList()).containsExactly("guest-get-diskstats");
        assertThat(s.getUnsupportedCommandsList()).containsExactly("guest-get-load");
        assertThat(s.hasMemoryBlocksTotal()).isFalse();
        assertThat(s.getCpusCount()).isEqualTo(2);

        // Listed as disabled and refused again at call time: named once.
        assertThat(GuestStatsConverter.convert("vm1", INFO, List.of(error("guest-get-diskstats", "diskstats-disabled.json")))
                .getDisabledCommandsList()).containsExactly("guest-get-diskstats");
    }

    private static QgaResult<?> ok(String command, String file) {
        return new QgaResult.Ok<>(command, reply(command, file));
    }

    private static QgaResult<?> error(String command, String file) {
        return QgaResult.ofError(command, (QgaError) reply(command, file));
    }

    private static QgaReply reply(String command, String file) {
        try (InputStream in = GuestStatsConverterTest.class.getResourceAsStream("/qga/" + file)) {
            return QgaParsers.parse(command, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
