package io.appfleet.telemetry.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestInterfaceStatistics;
import io.appfleet.proto.fleet.v1.GuestLoad;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.TelemetrySample;

/**
 * A simulated fleet's telemetry, shaped as the device-adapter's poller sends it: per device and
 * polling round one CPP policer sample (the classes of a Catalyst 9300's default CoPP policy, with
 * accept and drop counters), one app utilization sample for each of two container apps (docker-style,
 * with network and block I/O counters) and one QGA guest-stats sample of a KVM app (2 vCPUs, a disk,
 * an interface). Counters grow by a random amount per round; every {@code rebootEvery}-th round of a
 * device is after a reboot (new boot id, counters from 0).
 */
public final class BenchFleet {

    /** Records per device and round: CPP, two apps, one guest. */
    public static final int RECORDS_PER_ROUND = 4;

    public static final String[] CPP_CLASSES = {"system-cpp-police-data", "system-cpp-police-sys-data",
        "system-cpp-police-routing-control", "system-cpp-police-topology-control", "system-cpp-police-l2-control",
        "system-cpp-police-sw-forward", "system-cpp-police-multicast", "system-cpp-police-protocol-snooping",
        "system-cpp-police-dot1x-auth", "system-cpp-police-forus"};
    public static final String[] APPS = {"perfsonar", "iperf"};
    static final String GUEST_APP = "vmprobe";

    private final String prefix;
    private final int devices;
    private final int rebootEvery;
    private final long[][] counters;
    private final int[] boots;
    private final int[] rounds;
    private final SplittableRandom random = new SplittableRandom(42);

    /** Counter slots per device: CPP 4 per class, apps 6 each, guest 8 CPU + 5 disk + 6 interface. */
    private static final int CPP_BASE = 0;
    private static final int APP_BASE = CPP_BASE + 4 * CPP_CLASSES.length;
    private static final int GUEST_BASE = APP_BASE + 6 * APPS.length;
    private static final int SLOTS = GUEST_BASE + 19;

    public BenchFleet(String prefix, int devices, int rebootEvery) {
        this.prefix = prefix;
        this.devices = devices;
        this.rebootEvery = rebootEvery;
        this.counters = new long[devices][SLOTS];
        this.boots = new int[devices];
        this.rounds = new int[devices];
    }

    int devices() {
        return devices;
    }

    String deviceId(int device) {
        return prefix + String.format(Locale.ROOT, "%05d", device);
    }

    /** The four samples of one device's next polling round, all read at {@code at}. */
    public TelemetrySample[] round(int device, Instant at) {
        long[] c = counters[device];
        int round = ++rounds[device];
        if (rebootEvery > 0 && round % rebootEvery == 0) {
            boots[device]++;
            java.util.Arrays.fill(c, 0);
        }
        for (int i = 0; i < SLOTS; i++) {
            c[i] += 1 + random.nextInt(i % 4 == 1 ? 50 : 20_000);
        }
        String id = deviceId(device);
        String boot = "boot-" + boots[device];
        Timestamp ts = Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
        TelemetrySample.Builder base = TelemetrySample.newBuilder().setDeviceId(id).setSampledAt(ts)
                .setCollectedBy("bench-adapter").setBootId(boot);

        CppPolicerStats.Builder cpp = CppPolicerStats.newBuilder();
        for (int k = 0; k < CPP_CLASSES.length; k++) {
            int s = CPP_BASE + 4 * k;
            cpp.addClasses(CppClassStats.newBuilder().setClassName(CPP_CLASSES[k]).setPolicerIndex(k + 1).setLevel(1)
                    .setEnabled(true).setDefaultRatePps(1000).setRatePps(1000).setConformBytesTotal(c[s] * 64)
                    .setConformFramesTotal(c[s]).setDropBytesTotal(c[s + 1] * 64).setDropFramesTotal(c[s + 1]));
        }
        TelemetrySample[] out = new TelemetrySample[RECORDS_PER_ROUND];
        out[0] = base.clone().setCppPolicerStats(cpp).build();
        for (int a = 0; a < APPS.length; a++) {
            int s = APP_BASE + 6 * a;
            out[1 + a] = base.clone().setAppUtilization(AppUtilization.newBuilder().setAppId(APPS[a])
                    .setInstanceId("ctr-" + boots[device]).setCpuPercent(random.nextInt(0, 10_000) / 100.0)
                    .setMemoryUsedBytes(100_000_000L + random.nextInt(50_000_000)).setMemoryAllocatedBytes(536_870_912L)
                    .setDiskUsedBytes(40_000_000L + random.nextInt(1_000_000)).setDiskAllocatedBytes(1_073_741_824L)
                    .setDiskReadBytesTotal(c[s] * 512).setDiskWriteBytesTotal(c[s + 1] * 512)
                    .setNetRxBytesTotal(c[s + 2] * 100).setNetTxBytesTotal(c[s + 3] * 100)
                    .setNetRxPacketsTotal(c[s + 2]).setNetTxPacketsTotal(c[s + 3])).build();
        }
        int g = GUEST_BASE;
        GuestStats.Builder guest = GuestStats.newBuilder().setAppId(GUEST_APP).setAgentVersion("8.2.0");
        for (int cpu = 0; cpu < 2; cpu++) {
            int s = g + 4 * cpu;
            guest.addCpus(GuestCpuStats.newBuilder().setCpu(cpu).setUserMsTotal(c[s]).setNiceMsTotal(0)
                    .setSystemMsTotal(c[s + 1]).setIdleMsTotal(c[s + 2]).setIowaitMsTotal(c[s + 3] / 10)
                    .setIrqMsTotal(0).setSoftirqMsTotal(c[s + 3] / 100).setStealMsTotal(0));
        }
        guest.addDisks(GuestDiskStats.newBuilder().setName("vda").setMajor(252).setMinor(0)
                .setReadBytesTotal(c[g + 8] * 512).setReadIosTotal(c[g + 8] / 8).setWriteBytesTotal(c[g + 9] * 512)
                .setWriteIosTotal(c[g + 9] / 8).setIoTimeMsTotal(c[g + 10]).setIosInProgress(random.nextInt(4)));
        guest.addInterfaces(GuestNetworkInterface.newBuilder().setName("eth0").setHardwareAddress("52:54:00:12:34:56")
                .setStatistics(GuestInterfaceStatistics.newBuilder().setRxBytesTotal(c[g + 11] * 100)
                        .setRxPacketsTotal(c[g + 11]).setRxErrorsTotal(0).setRxDroppedTotal(c[g + 12] / 1000)
                        .setTxBytesTotal(c[g + 13] * 100).setTxPacketsTotal(c[g + 13]).setTxErrorsTotal(0)
                        .setTxDroppedTotal(0)));
        guest.setMemoryBlocksOnline(16).setMemoryBlocksTotal(16).setMemoryBlockSizeBytes(134_217_728L)
                .setLoad(GuestLoad.newBuilder().setLoad1M(random.nextInt(400) / 100.0)
                        .setLoad5M(0.5).setLoad15M(0.4));
        out[3] = base.clone().setGuestStats(guest).build();
        return out;
    }
}
