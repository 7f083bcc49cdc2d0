package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.platform.auth.ApiTokens;

class OperatorTokenTest {

    @Test
    void aNewTokenEveryRunInAnOwnerOnlyFileAndOnlyItsHashForTheService(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/operator-token");
        OperatorToken first = OperatorToken.create(file);
        String token = Files.readString(file).strip();
        assertTrue(ApiTokens.wellFormed(token), "an aft_ token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(ApiTokens.sha256Hex(token), first.sha256());
        assertEquals("Bearer " + token, first.authorization());
        assertEquals(List.of("-Dappfleet.auth.tokens.local-operator.sha256=" + ApiTokens.sha256Hex(token),
                "-Dappfleet.auth.tokens.local-operator.role=operator"), first.jvmArgs());
        assertFalse(String.join(" ", first.jvmArgs()).contains(token));
        assertFalse(first.toString().contains(token), first.toString());
        assertEquals("export APPFLEET_TOKEN=$(cat " + file + ")", first.exportLine());

        // A group- or world-readable leftover is replaced, not reused.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OperatorToken second = OperatorToken.create(file);
        assertNotEquals(first.sha256(), second.sha256());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aPathWithSpacesOrQuotesIsOneShellWord() {
        assertEquals("/tmp/a-b_c.d/x", OperatorToken.shellWord("/tmp/a-b_c.d/x"));
        assertEquals("'/tmp/my run/x'", OperatorToken.shellWord("/tmp/my run/x"));
        assertEquals("'/tmp/it'\\''s/x'", OperatorToken.shellWord("/tmp/it's/x"));
    }
}
