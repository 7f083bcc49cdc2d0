package io.appfleet.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line: on a terminal rewritten in place ({@code \r} and erase-to-end, cut to the terminal's
 * width so it never wraps), elsewhere (a log, CI) as a plain line at most every {@code plainEvery}.
 */
final class ProgressPrinter {

    private static final String PREFIX = "appfleet: ";

    private final PrintWriter out;
    private final boolean tty;
    private final int columns;
    private final Duration plainEvery;
    private long lastPlain = Long.MIN_VALUE;
    private boolean lineOpen;

    ProgressPrinter(PrintWriter out, boolean tty, int columns, Duration plainEvery) {
        this.out = out;
        this.tty = tty;
        this.columns = columns;
        this.plainEvery = plainEvery;
    }

    /** Shows {@code line} now on a terminal; elsewhere only if it changed and the last plain line is old enough. */
    synchronized void update(String line) {
        if (tty) {
            out.print("\r" + fit(PREFIX + line) + "\u001b[K");
            out.flush();
            lineOpen = true;
            return;
        }
        long now = System.nanoTime();
        if (lastPlain == Long.MIN_VALUE || now - lastPlain >= plainEvery.toNanos()) {
            out.println(PREFIX + line);
            out.flush();
            lastPlain = now;
        }
    }

    /** Shows {@code line} as the last progress line, always, and ends it. */
    synchronized void finish(String line) {
        if (tty) {
            out.print("\r" + fit(PREFIX + line) + "\u001b[K\n");
        } else {
            out.println(PREFIX + line);
        }
        out.flush();
        lineOpen = false;
    }

    /** Ends an open terminal line, so whatever is printed next starts on a line of its own. */
    synchronized void breakLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }

    String fit(String line) {
        return columns > 1 && line.length() >= columns ? line.substring(0, columns - 1) : line;
    }

    /** The width of the controlling terminal ({@code stty size}), or 0 when it cannot be told. */
    static int terminalColumns() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return 0;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectErrorStream(true).start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return 0;
            }
            String[] parts = answer.split("\\s+");
            return parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
