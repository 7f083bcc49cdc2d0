package io.appfleet.telemetry.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** The repository's deploy/, helm/ and docs/ files, seen from services/telemetry (where surefire and failsafe run). */
final class Repo {

    private Repo() {
    }

    static Path root() {
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/prometheus")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with deploy/prometheus and mvnw) above " + dir);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The regular files of a directory whose names end with one of the suffixes, sorted by name. */
    static List<Path> files(String relativeDir, String... suffixes) {
        Path dir = path(relativeDir);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(x -> f.getFileName().toString().endsWith(x)))
                    .sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + List.of(suffixes) + " files in " + dir);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
