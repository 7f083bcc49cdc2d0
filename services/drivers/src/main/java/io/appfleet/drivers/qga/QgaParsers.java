package io.appfleet.drivers.qga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appfleet.drivers.parse.ParseException;

import static io.appfleet.drivers.qga.JsonFields.bool;
import static io.appfleet.drivers.qga.JsonFields.counter;
import static io.appfleet.drivers.qga.JsonFields.integer;
import static io.appfleet.drivers.qga.JsonFields.list;
import static io.appfleet.drivers.qga.JsonFields.number;
import static io.appfleet.drivers.qga.JsonFields.object;
import static io.appfleet.drivers.qga.JsonFields.optionalList;
import static io.appfleet.drivers.qga.JsonFields.text;

/**
 * Turns agent replies into records. Used by the live client and for saved replies
 * ({@code fleetctl parse qga <command> <file>}), so both read a reply the same way.
 * Member names follow the QAPI schema (kebab-case); key order does not matter.
 */
public final class QgaParsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QgaParsers() {
    }

    /**
     * Parses one saved reply, {@code {"return": …}} or {@code {"error": …}}.
     *
     * @return the typed result of the command, or {@link QgaError} when the agent answered with an error
     * @throws ParseException for an unknown command, invalid JSON, or a reply of the wrong shape
     */
    public static QgaReply parse(String command, String jsonReply) {
        QgaCommand<?> cmd = QgaCommand.byName(command).orElseThrow(() -> new ParseException(
                "unknown QGA command '" + command + "', known: " + QgaCommand.ALL));
        JsonNode reply;
        try {
            reply = JSON.readTree(jsonReply);
        } catch (JsonProcessingException e) {
            throw new ParseException("reply is not JSON: " + e.getOriginalMessage());
        }
        return parseReply(cmd, reply);
    }

    /** A parsed reply object: its error, or its "return" read as the command's result. */
    static QgaReply parseReply(QgaCommand<?> command, JsonNode reply) {
        object(reply, "reply");
        if (reply.has("error")) {
            return error(reply.get("error"));
        }
        if (!reply.has("return")) {
            throw new ParseException("reply has neither \"return\" nor \"error\"");
        }
        return command.parseReturn(reply.get("return"));
    }

    static QgaError error(JsonNode error) {
        object(error, "error");
        return new QgaError(text(error, "class"), text(error, "desc"));
    }

    static GuestInfo guestInfo(JsonNode r) {
        object(r, command("guest-info"));
        return new GuestInfo(text(r, "version"), optionalList(r, "supported_commands",
                c -> new GuestInfo.SupportedCommand(text(object(c, "command"), "name"), bool(c, "enabled"),
                        bool(c, "success-response"))));
    }

    static CpuStats cpuStats(JsonNode r) {
        return new CpuStats(list(r, command("guest-get-cpustats"), c -> {
            object(c, "cpu entry");
            return new CpuStats.Cpu(text(c, "type"), integer(c, "cpu"), counter(c, "user"), counter(c, "nice"),
                    counter(c, "system"), counter(c, "idle"), counter(c, "iowait"), counter(c, "irq"),
                    counter(c, "softirq"), counter(c, "steal"), counter(c, "guest"), counter(c, "guestnice"));
        }));
    }

    static DiskStats diskStats(JsonNode r) {
        return new DiskStats(list(r, command("guest-get-diskstats"), d -> {
            object(d, "disk entry");
            JsonNode s = d.get("stats");
            DiskStats.Counters counters = s == null || s.isNull() ? null : diskCounters(object(s, "stats"));
            return new DiskStats.Disk(text(d, "name"), counter(d, "major"), counter(d, "minor"), counters);
        }));
    }

    private static DiskStats.Counters diskCounters(JsonNode s) {
        return new DiskStats.Counters(
                counter(s, "read-sectors"), counter(s, "read-ios"), counter(s, "read-merges"), counter(s, "read-ticks"),
                counter(s, "write-sectors"), counter(s, "write-ios"), counter(s, "write-merges"), counter(s, "write-ticks"),
                counter(s, "discard-sectors"), counter(s, "discard-ios"), counter(s, "discard-merges"),
                counter(s, "discard-ticks"), counter(s, "flush-ios"), counter(s, "flush-ticks"),
                counter(s, "ios-pgr"), counter(s, "total-ticks"), counter(s, "weight-ticks"));
    }

    static NetworkInterfaces networkInterfaces(JsonNode r) {
        return new NetworkInterfaces(list(r, command("guest-network-get-interfaces"), i -> {
            object(i, "interface entry");
            JsonNode s = i.get("statistics");
            NetworkInterfaces.Statistics stats = s == null || s.isNull() ? null : interfaceStatistics(object(s, "statistics"));
            return new NetworkInterfaces.Interface(text(i, "name"), text(i, "hardware-address"),
                    optionalList(i, "ip-addresses", a -> new NetworkInterfaces.IpAddress(
                            text(object(a, "ip address"), "ip-address"), text(a, "ip-address-type"), integer(a, "prefix"))),
                    stats);
        }));
    }

    private static NetworkInterfaces.Statistics interfaceStatistics(JsonNode s) {
        return new NetworkInterfaces.Statistics(
                counter(s, "rx-bytes"), counter(s, "rx-packets"), counter(s, "rx-errs"), counter(s, "rx-dropped"),
                counter(s, "tx-bytes"), counter(s, "tx-packets"), counter(s, "tx-errs"), counter(s, "tx-dropped"));
    }

    static GuestLoad load(JsonNode r) {
        object(r, command("guest-get-load"));
        return new GuestLoad(number(r, "load1m"), number(r, "load5m"), number(r, "load15m"));
    }

    static MemoryBlocks memoryBlocks(JsonNode r) {
        return new MemoryBlocks(list(r, command("guest-get-memory-blocks"), b -> new MemoryBlocks.Block(
                counter(object(b, "memory block"), "phys-index"), bool(b, "online"), bool(b, "can-offline"))));
    }

    static MemoryBlockInfo memoryBlockInfo(JsonNode r) {
        object(r, command("guest-get-memory-block-info"));
        return new MemoryBlockInfo(counter(r, "size"));
    }

    static HostName hostName(JsonNode r) {
        object(r, command("guest-get-host-name"));
        return new HostName(text(r, "host-name"));
    }

    static OsInfo osInfo(JsonNode r) {
        object(r, command("guest-get-osinfo"));
        return new OsInfo(text(r, "id"), text(r, "name"), text(r, "pretty-name"), text(r, "version"),
                text(r, "version-id"), text(r, "variant"), text(r, "variant-id"), text(r, "kernel-release"),
                text(r, "kernel-version"), text(r, "machine"));
    }

    private static String command(String name) {
        return "return value of " + name;
    }
}
