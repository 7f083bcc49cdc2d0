package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OwnedTempDirTest {

    private static final String PREFIX = "appfleet-owned-test-";

    @Test
    void sweepsOnlyOldDirsWhoseOwnerIsGone() throws Exception {
        FileTime old = FileTime.from(Instant.now().minusSeconds(600));
        OwnedTempDir mine = OwnedTempDir.create(PREFIX);
        Path abandoned = Files.createTempDirectory(PREFIX);
        Path young = Files.createTempDirectory(PREFIX);
        Path unmarked = Files.createTempDirectory(PREFIX);
        try {
            Files.setLastModifiedTime(mine.path().resolve(".appfleet-owner.lock"), old);
            Files.setLastModifiedTime(Files.createFile(abandoned.resolve(".appfleet-owner.lock")), old);
            Files.createFile(young.resolve(".appfleet-owner.lock"));
            Files.setLastModifiedTime(unmarked, old);

            List<Path> seen = new ArrayList<>();
            OwnedTempDir.sweepStale(PREFIX, seen::add);

            assertEquals(List.of(abandoned), seen);
            assertFalse(Files.exists(abandoned), "an old unlocked dir is a dead owner's leftover");
            assertTrue(Files.exists(mine.path()), "this JVM's own dir is never probed nor deleted");
            assertTrue(Files.exists(young), "a dir about to be locked is left alone");
            assertTrue(Files.exists(unmarked), "a dir without a lock file is not ours to judge");
        } finally {
            mine.close();
            ChildProcesses.deleteRecursively(young);
            ChildProcesses.deleteRecursively(unmarked);
        }
        assertFalse(Files.exists(mine.path()));
    }
}
