package io.appfleet.drivers.qga;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A command without arguments and how to read its "return" value. A class with constants rather than an
 * enum because each command has its own result type.
 */
public final class QgaCommand<T extends QgaReply> {

    public static final QgaCommand<GuestInfo> INFO = new QgaCommand<>("guest-info", QgaParsers::guestInfo);
    public static final QgaCommand<CpuStats> CPU_STATS = new QgaCommand<>("guest-get-cpustats", QgaParsers::cpuStats);
    public static final QgaCommand<DiskStats> DISK_STATS = new QgaCommand<>("guest-get-diskstats", QgaParsers::diskStats);
    public static final QgaCommand<NetworkInterfaces> NETWORK_INTERFACES =
            new QgaCommand<>("guest-network-get-interfaces", QgaParsers::networkInterfaces);
    public static final QgaCommand<GuestLoad> LOAD = new QgaCommand<>("guest-get-load", QgaParsers::load);
    public static final QgaCommand<MemoryBlocks> MEMORY_BLOCKS =
            new QgaCommand<>("guest-get-memory-blocks", QgaParsers::memoryBlocks);
    public static final QgaCommand<MemoryBlockInfo> MEMORY_BLOCK_INFO =
            new QgaCommand<>("guest-get-memory-block-info", QgaParsers::memoryBlockInfo);
    public static final QgaCommand<OsInfo> OS_INFO = new QgaCommand<>("guest-get-osinfo", QgaParsers::osInfo);
    public static final QgaCommand<HostName> HOST_NAME = new QgaCommand<>("guest-get-host-name", QgaParsers::hostName);

    public static final List<QgaCommand<?>> ALL = List.of(INFO, CPU_STATS, DISK_STATS, NETWORK_INTERFACES, LOAD,
            MEMORY_BLOCKS, MEMORY_BLOCK_INFO, OS_INFO, HOST_NAME);

    private static final Map<String, QgaCommand<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(QgaCommand::name, c -> c));

    private final String name;
    private final Function<JsonNode, T> parser;

    private QgaCommand(String name, Function<JsonNode, T> parser) {
        this.name = name;
        this.parser = parser;
    }

    public static Optional<QgaCommand<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(Objects.requireNonNull(name, "name")));
    }

    /** The wire name, e.g. "guest-get-cpustats". */
    public String name() {
        return name;
    }

    /** Reads the value of "return". Throws {@link io.appfleet.drivers.parse.ParseException} on a wrong shape. */
    T parseReturn(JsonNode value) {
        return parser.apply(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
