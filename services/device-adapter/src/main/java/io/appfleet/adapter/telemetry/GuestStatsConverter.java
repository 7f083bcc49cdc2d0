package io.appfleet.adapter.telemetry;

import io.appfleet.drivers.qga.CpuStats;
import io.appfleet.drivers.qga.DiskStats;
import io.appfleet.drivers.qga.GuestInfo;
import io.appfleet.drivers.qga.GuestLoad;
import io.appfleet.drivers.qga.HostName;
import io.appfleet.drivers.qga.MemoryBlockInfo;
import io.appfleet.drivers.qga.MemoryBlocks;
import io.appfleet.drivers.qga.NetworkInterfaces;
import io.appfleet.drivers.qga.OsInfo;
import io.appfleet.drivers.qga.QgaCommand;
import io.appfleet.drivers.qga.QgaResult;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestInterfaceStatistics;
import io.appfleet.proto.fleet.v1.GuestIpAddress;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestOsInfo;
import io.appfleet.proto.fleet.v1.GuestStats;

import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * What the agent answered, as {@link GuestStats}: the values in the contract's units (sectors become bytes),
 * every group the agent did not give left absent, and each polled command it lacks or disables named.
 */
public final class GuestStatsConverter {

    /** Linux counts 512-byte sectors in /proc/diskstats whatever the device's block size. */
    static final long SECTOR_BYTES = 512;

    /** The commands a telemetry round asks, after guest-info. */
    public static final List<QgaCommand<?>> POLLED = List.of(QgaCommand.CPU_STATS, QgaCommand.DISK_STATS,
            QgaCommand.NETWORK_INTERFACES, QgaCommand.MEMORY_BLOCKS, QgaCommand.MEMORY_BLOCK_INFO, QgaCommand.LOAD,
            QgaCommand.OS_INFO, QgaCommand.HOST_NAME);

    private GuestStatsConverter() {
    }

    /** The polled commands this agent lists as enabled: only these are worth a round trip. */
    public static List<QgaCommand<?>> callable(GuestInfo info) {
        return POLLED.stream().filter(c -> info.isEnabled(c.name())).toList();
    }

    /**
     * @param info    the agent's guest-info of this round
     * @param results the answers to {@link #callable} commands; an error the agent gave at call time still
     *                counts (CommandDisabled, or qemu-ga's "has been disabled" CommandNotFound)
     */
    public static GuestStats convert(String appId, GuestInfo info, List<QgaResult<?>> results) {
        GuestStats.Builder b = GuestStats.newBuilder().setAppId(appId);
        if (info.version() != null) {
            b.setAgentVersion(info.version());
        }
        for (QgaCommand<?> c : POLLED) {
            var listed = info.command(c.name());
            if (listed.isEmpty()) {
                b.addUnsupportedCommands(c.name());
            } else if (!Boolean.TRUE.equals(listed.get().enabled())) {
                b.addDisabledCommands(c.name());
            }
        }
        for (QgaResult<?> r : results) {
            if (r instanceof QgaResult.Ok<?> ok) {
                apply(b, ok.result());
            } else if (r instanceof QgaResult.Unsupported<?> u && u.disabled()) {
                addOnce(b.getDisabledCommandsList(), u.command(), b::addDisabledCommands);
            } else if (r instanceof QgaResult.Unsupported<?> u) {
                addOnce(b.getUnsupportedCommandsList(), u.command(), b::addUnsupportedCommands);
            }
            // Failed (GenericError and the like): the command failed inside the guest this time; its group stays absent.
        }
        return b.build();
    }

    private static void addOnce(List<String> present, String command, java.util.function.Consumer<String> add) {
        if (!present.contains(command)) {
            add.accept(command);
        }
    }

    private static void apply(GuestStats.Builder b, Object value) {
        if (value instanceof CpuStats s) {
            s.cpus().stream().filter(c -> c.cpu() != null).forEach(c -> b.addCpus(cpu(c)));
        } else if (value instanceof DiskStats s) {
            s.disks().forEach(d -> b.addDisks(disk(d)));
        } else if (value instanceof NetworkInterfaces s) {
            s.interfaces().forEach(i -> b.addInterfaces(nic(i)));
        } else if (value instanceof MemoryBlocks s) {
            b.setMemoryBlocksTotal(s.blocks().size());
            b.setMemoryBlocksOnline((int) s.blocks().stream().filter(m -> Boolean.TRUE.equals(m.online())).count());
        } else if (value instanceof MemoryBlockInfo s) {
            set(s.size(), b::setMemoryBlockSizeBytes);
        } else if (value instanceof GuestLoad s) {
            b.setLoad(io.appfleet.proto.fleet.v1.GuestLoad.newBuilder()
                    .setLoad1M(orZero(s.load1m())).setLoad5M(orZero(s.load5m())).setLoad15M(orZero(s.load15m())));
        } else if (value instanceof OsInfo s) {
            b.setOsInfo(os(s));
        } else if (value instanceof HostName s) {
            b.setHostName(orEmpty(s.hostName()));
        }
    }

    private static GuestCpuStats cpu(CpuStats.Cpu c) {
        GuestCpuStats.Builder g = GuestCpuStats.newBuilder().setCpu(c.cpu())
                .setUserMsTotal(orZero(c.user())).setNiceMsTotal(orZero(c.nice()))
                .setSystemMsTotal(orZero(c.system())).setIdleMsTotal(orZero(c.idle()));
        set(c.iowait(), g::setIowaitMsTotal);
        set(c.irq(), g::setIrqMsTotal);
        set(c.softirq(), g::setSoftirqMsTotal);
        set(c.steal(), g::setStealMsTotal);
        set(c.guest(), g::setGuestMsTotal);
        set(c.guestnice(), g::setGuestniceMsTotal);
        return g.build();
    }

    private static GuestDiskStats disk(DiskStats.Disk d) {
        GuestDiskStats.Builder g = GuestDiskStats.newBuilder().setName(orEmpty(d.name()))
                .setMajor((int) orZero(d.major())).setMinor((int) orZero(d.minor()));
        DiskStats.Counters s = d.stats();
        if (s != null) {
            set(sectors(s.readSectors()), g::setReadBytesTotal);
            set(s.readIos(), g::setReadIosTotal);
            set(sectors(s.writeSectors()), g::setWriteBytesTotal);
            set(s.writeIos(), g::setWriteIosTotal);
            set(s.readTicks(), g::setReadTimeMsTotal);
            set(s.writeTicks(), g::setWriteTimeMsTotal);
            set(s.iosPgr(), g::setIosInProgress);
            set(s.totalTicks(), g::setIoTimeMsTotal);
            set(sectors(s.discardSectors()), g::setDiscardBytesTotal);
            set(s.discardIos(), g::setDiscardIosTotal);
            set(s.flushIos(), g::setFlushIosTotal);
        }
        return g.build();
    }

    private static GuestNetworkInterface nic(NetworkInterfaces.Interface i) {
        GuestNetworkInterface.Builder g = GuestNetworkInterface.newBuilder().setName(orEmpty(i.name()))
                .setHardwareAddress(orEmpty(i.hardwareAddress()).toLowerCase(Locale.ROOT));
        for (NetworkInterfaces.IpAddress a : i.ipAddresses()) {
            g.addIpAddresses(GuestIpAddress.newBuilder().setAddress(orEmpty(a.ipAddress()))
                    .setType(orEmpty(a.ipAddressType())).setPrefix(a.prefix() == null ? 0 : a.prefix()));
        }
        NetworkInterfaces.Statistics s = i.statistics();
        if (s != null) {
            g.setStatistics(GuestInterfaceStatistics.newBuilder()
                    .setRxBytesTotal(orZero(s.rxBytes())).setRxPacketsTotal(orZero(s.rxPackets()))
                    .setRxErrorsTotal(orZero(s.rxErrs())).setRxDroppedTotal(orZero(s.rxDropped()))
                    .setTxBytesTotal(orZero(s.txBytes())).setTxPacketsTotal(orZero(s.txPackets()))
                    .setTxErrorsTotal(orZero(s.txErrs())).setTxDroppedTotal(orZero(s.txDropped())));
        }
        return g.build();
    }

    private static GuestOsInfo os(OsInfo o) {
        return GuestOsInfo.newBuilder().setId(orEmpty(o.id())).setName(orEmpty(o.name()))
                .setPrettyName(orEmpty(o.prettyName())).setVersion(orEmpty(o.version()))
                .setVersionId(orEmpty(o.versionId())).setVariant(orEmpty(o.variant()))
                .setVariantId(orEmpty(o.variantId())).setKernelRelease(orEmpty(o.kernelRelease()))
                .setKernelVersion(orEmpty(o.kernelVersion())).setMachine(orEmpty(o.machine())).build();
    }

    private static Long sectors(Long n) {
        return n == null ? null : n * SECTOR_BYTES;
    }

    private static void set(Long v, LongConsumer setter) {
        if (v != null) {
            setter.accept(v);
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
