package io.appfleet.drivers.qga;

/** guest-get-memory-block-info (Linux): the size of one memory block, bytes. */
public record MemoryBlockInfo(Long size) implements QgaReply {
}
