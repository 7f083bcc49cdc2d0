package io.appfleet.drivers.qga;

import java.util.List;

/** guest-get-memory-blocks (Linux): the guest's hot-pluggable memory blocks. */
public record MemoryBlocks(List<Block> blocks) implements QgaReply {

    public record Block(Long physIndex, Boolean online, Boolean canOffline) {
    }
}
