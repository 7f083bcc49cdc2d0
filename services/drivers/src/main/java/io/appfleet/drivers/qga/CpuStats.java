package io.appfleet.drivers.qga;

import java.util.List;

/** guest-get-cpustats: one entry per CPU. */
public record CpuStats(List<Cpu> cpus) implements QgaReply {

    /**
     * Counters since boot (the schema says milliseconds). {@code type} is the union discriminator ("linux");
     * the members from iowait on are optional in the schema and stay null when a guest omits them.
     */
    public record Cpu(String type, Integer cpu, Long user, Long nice, Long system, Long idle, Long iowait,
                      Long irq, Long softirq, Long steal, Long guest, Long guestnice) {
    }
}
