package io.appfleet.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.appfleet.platform.auth.ApiTokens;

/**
 * The run's operator API token for desired-state: new on every run, written to a file only its owner can read, and
 * given to the service only as its SHA-256 (as {@code fleetctl token generate} would configure it). The token itself
 * is never printed: the run prints the file's path, and callers read it from there.
 */
final class OperatorToken {

    /** The principal the service sees for calls made with this token (revisions show it). */
    static final String NAME = "local-operator";
    static final String FILE_NAME = "operator-token";

    private final String token;
    private final Path file;

    private OperatorToken(String token, Path file) {
        this.token = token;
        this.file = file;
    }

    /** A new token in {@code file} (replacing an older run's), readable by its owner only. */
    static OperatorToken create(Path file) throws IOException {
        String token = ApiTokens.generate();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the closest it offers.
            Files.createFile(file);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being written", e);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(token);
            w.write('\n');
        }
        return new OperatorToken(token, file);
    }

    Path file() {
        return file;
    }

    /** What {@code appfleet.auth.tokens.<name>.sha256} is set to. */
    String sha256() {
        return ApiTokens.sha256Hex(token);
    }

    /**
     * The service's settings for this token, as JVM options: a config key with "token" in it would go to the child's
     * environment (ServiceProcess keeps secrets there), where the dash of the name cannot be written. The hash is no
     * secret.
     */
    List<String> jvmArgs() {
        return List.of("-Dappfleet.auth.tokens." + NAME + ".sha256=" + sha256(),
                "-Dappfleet.auth.tokens." + NAME + ".role=operator");
    }

    /** The {@code Authorization} header value. */
    String authorization() {
        return "Bearer " + token;
    }

    /** The line a user pastes to call the API with this token. */
    String exportLine() {
        return "export APPFLEET_TOKEN=$(cat " + shellWord(file.toString()) + ")";
    }

    /** {@code s} as one shell word: as is when it is plain, else in single quotes. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return "OperatorToken[" + NAME + ", file=" + file + "]";
    }
}
