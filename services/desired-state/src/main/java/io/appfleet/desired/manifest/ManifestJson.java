package io.appfleet.desired.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The canonical JSON of a manifest: fixed property order, map entries sorted by key, optional
 * parts left out. Two manifests that mean the same (whatever their YAML layout, comments or key
 * order) have the same canonical JSON and so the same {@link #digest}: re-applying one makes no
 * new revision.
 */
public final class ManifestJson {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ManifestJson() {
    }

    public static String toJson(AppDeployment manifest) {
        try {
            return CANONICAL.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize manifest " + manifest.name(), e);
        }
    }

    public static JsonNode toTree(AppDeployment manifest) {
        return CANONICAL.valueToTree(manifest);
    }

    /** Lowercase hex SHA-256 of the canonical JSON. */
    public static String digest(AppDeployment manifest) {
        return sha256(toJson(manifest));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
