package io.appfleet.drivers.qga;

/** guest-get-load (QEMU 10.0+): load averages over 1, 5 and 15 minutes. */
public record GuestLoad(Double load1m, Double load5m, Double load15m) implements QgaReply {
}
