package io.appfleet.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A temporary directory that holds an OS file lock for as long as its owner lives.
 *
 * <p>A test JVM killed with SIGKILL never runs its shutdown hooks, so its temporary data dirs (and, for PostgreSQL,
 * a daemonized postmaster) would pile up in /tmp. A lock held by a dead process is released by the OS, so the next
 * start can tell such leftovers from directories in use and clean them.
 */
final class OwnedTempDir implements AutoCloseable {

    private static final String LOCK_FILE = ".appfleet-owner.lock";
    /*
     * Directories owned by this JVM. Probing their lock file would be harmful, not just useless: closing any channel
     * on a file drops all of the process's POSIX locks on it. Kept in a system property (strings only) so that copies
     * of this class in other class loaders (Quarkus tests) see the same list.
     */
    private static final String OWNED_PROPERTY = "appfleet.testsupport.owned-temp-dirs";
    // The lock file exists a moment before it is locked: leave young ones alone.
    private static final Duration MIN_AGE = Duration.ofMinutes(1);

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private OwnedTempDir(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    static OwnedTempDir create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix).toAbsolutePath();
            updateOwned(dir, true);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            return new OwnedTempDir(dir, channel, channel.lock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "*", e);
        }
    }

    Path path() {
        return path;
    }

    /** Releases the lock and deletes the directory. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the directory goes anyway
        }
        ChildProcesses.deleteRecursively(path);
        updateOwned(path, false);
    }

    /**
     * Deletes {@code <tmp>/<prefix>*} directories whose owner died, after {@code beforeDelete} (e.g. stopping a
     * process the dead owner left running) has seen each. Never throws.
     */
    static void sweepStale(String prefix, Consumer<Path> beforeDelete) {
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && isStale(dir)) {
                    try {
                        beforeDelete.accept(dir);
                    } catch (RuntimeException ignored) {
                        // still delete what can be deleted
                    }
                    ChildProcesses.deleteRecursively(dir);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Cleaning leftovers is a courtesy; it must never fail a start.
        }
    }

    private static boolean isStale(Path dir) throws IOException {
        if (isOwnedHere(dir)) {
            return false;
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        // Without a lock file nobody can tell whether it is in use: leave it alone.
        if (!Files.exists(lockFile)
                || Files.getLastModifiedTime(lockFile).toInstant().isAfter(Instant.now().minus(MIN_AGE))) {
            return false;
        }
        return isUnlocked(lockFile);
    }

    /**
     * True if no process holds a lock on {@code lockFile}. Only for files this JVM does not lock itself: probing
     * closes a channel, which would drop this process's own lock on the same file.
     */
    static boolean isUnlocked(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false; // another live process owns it
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // owned by this JVM
        } catch (IOException e) {
            return false;
        }
    }

    private static void updateOwned(Path dir, boolean add) {
        Properties props = System.getProperties();
        synchronized (props) {
            Set<String> owned = new LinkedHashSet<>();
            String current = props.getProperty(OWNED_PROPERTY, "");
            for (String entry : current.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    owned.add(entry);
                }
            }
            if (add) {
                owned.add(dir.toString());
            } else {
                owned.remove(dir.toString());
            }
            props.setProperty(OWNED_PROPERTY, String.join(File.pathSeparator, owned));
        }
    }

    private static boolean isOwnedHere(Path dir) {
        String owned = System.getProperty(OWNED_PROPERTY, "");
        for (String entry : owned.split(File.pathSeparator)) {
            if (entry.equals(dir.toAbsolutePath().toString())) {
                return true;
            }
        }
        return false;
    }
}
