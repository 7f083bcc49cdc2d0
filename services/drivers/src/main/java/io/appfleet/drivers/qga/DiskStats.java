package io.appfleet.drivers.qga;

import java.util.List;

/** guest-get-diskstats: one entry per block device (/proc/diskstats in the guest). */
public record DiskStats(List<Disk> disks) implements QgaReply {

    public record Disk(String name, Long major, Long minor, Counters stats) {
    }

    /** Every member is optional in the schema (older kernels have no discard/flush columns); ticks are ms. */
    public record Counters(Long readSectors, Long readIos, Long readMerges, Long readTicks,
                           Long writeSectors, Long writeIos, Long writeMerges, Long writeTicks,
                           Long discardSectors, Long discardIos, Long discardMerges, Long discardTicks,
                           Long flushIos, Long flushTicks, Long iosPgr, Long totalTicks, Long weightTicks) {
    }
}
