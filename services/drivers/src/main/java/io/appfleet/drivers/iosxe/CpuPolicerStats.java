package io.appfleet.drivers.iosxe;

import java.util.List;

/**
 * {@code show platform hardware fed [switch N] active|standby qos queue stats internal cpu policer}.
 * Tables the output does not have (partial captures, older releases) are empty lists.
 */
public record CpuPolicerStats(List<Queue> queues, List<PolicerStat> policers, List<PolicerStat> secondLevelPolicers,
                              List<PolicerMapping> policerMapping, List<SecondLevelQueue> secondLevelConfig,
                              List<ClassQueues> classes) {

    /** dropFrames is null on releases before 16.9, which have no Drop(Frames) column. */
    public record Queue(long qid, long policerIndex, String name, boolean enabled, long defaultRate, long setRate,
                        long dropBytes, Long dropFrames) {
    }

    public record PolicerStat(long index, long acceptBytes, long acceptFrames, long dropBytes, long dropFrames) {
    }

    public record PolicerMapping(long level2Index, List<Long> level1Indexes, long defaultRate, long setRate) {
    }

    /** level2Index is null where the device prints "-" (queue not under a second-level policer). */
    public record SecondLevelQueue(long qid, long level1Index, Long level2Index, String name, boolean enabled) {
    }

    public record ClassQueues(long policerIndex, String cppClass, List<String> queues) {
    }
}
