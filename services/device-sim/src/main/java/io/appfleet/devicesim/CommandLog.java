package io.appfleet.devicesim;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every command line a device ran, in order, so tests can assert what the product actually had
 * the device do (for example that no lifecycle step was repeated). A line that stalls or whose
 * session is cut before it runs is not in the log.
 */
public final class CommandLog {

    /** One received line; {@code channel} is "shell" or "exec". */
    public record Entry(Instant at, String channel, String line) {
    }

    // Lock-free queue: shell and exec sessions of one device append concurrently.
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    public void add(String channel, String line) {
        entries.add(new Entry(Instant.now(), channel, line));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The command lines only, in order. */
    public List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    public void clear() {
        entries.clear();
    }
}
