package io.appfleet.desired.gitops;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One manifest file read from a commit's tree.
 *
 * @param path repository-relative path with {@code /} separators, e.g. {@code apps/perfsonar.yaml}
 * @param content the blob's bytes, as committed
 */
public record ManifestFile(String path, byte[] content) {

    public ManifestFile {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestFile other && path.equals(other.path) && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "ManifestFile[" + path + ", " + content.length + " bytes]";
    }
}
