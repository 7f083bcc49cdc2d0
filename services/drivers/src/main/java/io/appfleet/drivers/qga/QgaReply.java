package io.appfleet.drivers.qga;

/**
 * What {@link QgaParsers#parse} makes of a saved reply: one of the typed results, or the agent's error.
 * Sealed so a printer (fleetctl parse qga) can list every shape.
 */
public sealed interface QgaReply
        permits GuestInfo, CpuStats, DiskStats, NetworkInterfaces, GuestLoad, MemoryBlocks, MemoryBlockInfo, OsInfo, HostName,
        QgaError {
}
