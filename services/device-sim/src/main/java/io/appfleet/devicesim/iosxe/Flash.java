package io.appfleet.devicesim.iosxe;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The device's file systems ({@code usbflash0:}, {@code flash:}) as far as app hosting needs them:
 * each file's name, size and SHA-256, never its bytes (thousands of devices share one JVM), and
 * a capacity from which free space follows. Thread-safe: sessions of one device copy concurrently.
 */
public final class Flash {

    /** One stored file. */
    public record File(String name, long size, String sha256, long modifiedMs) {
    }

    /** A device path split into file system and name ({@code usbflash0:apps/x.tar}). */
    public record Path(String fs, String name) {
        /** Null when {@code text} is not {@code <fs>:<name>}. */
        public static Path parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String name = text.substring(colon + 1);
            while (name.startsWith("/")) {
                name = name.substring(1);
            }
            return new Path(text.substring(0, colon), name);
        }

        @Override
        public String toString() {
            return fs + ":" + name;
        }
    }

    private static final class FileSystem {
        long capacity;
        final Map<String, File> files = new LinkedHashMap<>();

        FileSystem(long capacity) {
            this.capacity = capacity;
        }

        long used() {
            return files.values().stream().mapToLong(File::size).sum();
        }
    }

    /** A Cat9k front-panel USB stick and the internal flash, as in the IOx guides. */
    static final long USBFLASH0_BYTES = 4L * 1024 * 1024 * 1024;
    static final long FLASH_BYTES = 1_600L * 1024 * 1024;

    private final Map<String, FileSystem> fileSystems = new LinkedHashMap<>();
    private final LongSupplier clockMs;

    public Flash(LongSupplier clockMs) {
        this.clockMs = clockMs;
        fileSystems.put("usbflash0", new FileSystem(USBFLASH0_BYTES));
        fileSystems.put("flash", new FileSystem(FLASH_BYTES));
    }

    public synchronized boolean hasFileSystem(String fs) {
        return fileSystems.containsKey(fs);
    }

    public synchronized Optional<File> file(Path p) {
        FileSystem f = fileSystems.get(p.fs());
        return f == null ? Optional.empty() : Optional.ofNullable(f.files.get(p.name()));
    }

    /** Free bytes of {@code fs}; 0 for an unknown file system. */
    public synchronized long freeBytes(String fs) {
        FileSystem f = fileSystems.get(fs);
        return f == null ? 0 : Math.max(0, f.capacity - f.used());
    }

    /**
     * Stores a file (replacing one of the same name) if it fits; false, and nothing changed,
     * when it does not.
     */
    public synchronized boolean store(Path p, long size, String sha256) {
        FileSystem f = fileSystems.get(p.fs());
        if (f == null) {
            return false;
        }
        File old = f.files.get(p.name());
        long free = f.capacity - f.used() + (old == null ? 0 : old.size());
        if (size > free) {
            return false;
        }
        f.files.put(p.name(), new File(p.name(), size, sha256, clockMs.getAsLong()));
        return true;
    }

    public synchronized boolean delete(Path p) {
        FileSystem f = fileSystems.get(p.fs());
        return f != null && f.files.remove(p.name()) != null;
    }

    /**
     * Fault (full disk): every file system has {@code bytes} free from now on, and less as files
     * are added. Setting a larger value again is "the operator freed space".
     */
    public synchronized void freeBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("free bytes must not be negative");
        }
        for (FileSystem f : fileSystems.values()) {
            f.capacity = f.used() + bytes;
        }
    }

    private static final DateTimeFormatter DIR_TIME =
            DateTimeFormatter.ofPattern("MMM d yyyy HH:mm:ss xxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** {@code dir <fs>:} in the IOS layout; null for an unknown file system. */
    public synchronized String dir(String fs) {
        FileSystem f = fileSystems.get(fs);
        if (f == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("Directory of " + fs + ":/\n\n");
        int inode = 11;
        for (File file : f.files.values()) {
            sb.append(String.format(Locale.ROOT, "%6d  -rw- %12d  %s  %s%n", inode++, file.size(),
                    DIR_TIME.format(Instant.ofEpochMilli(file.modifiedMs())), file.name()));
        }
        if (f.files.isEmpty()) {
            sb.append("No files in directory\n");
        }
        sb.append('\n').append(f.capacity).append(" bytes total (").append(Math.max(0, f.capacity - f.used()))
                .append(" bytes free)\n");
        return sb.toString().replace("\r\n", "\n");
    }
}
