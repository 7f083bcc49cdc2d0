package io.appfleet.platform.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The configured API tokens ({@code appfleet.auth.tokens.<name>.sha256} and {@code .role}), checked against a
 * presented token. The presented token's hash is compared with every configured hash in constant time and without
 * stopping at a match, so the time taken says nothing about which hash, or how much of one, matched.
 */
public final class ApiTokenRegistry {

    /** One configured token: its name (the principal), hash and role. */
    public record Entry(String name, Role role, byte[] sha256) {
    }

    /** The raw configuration of one token, as read from {@code appfleet.auth.tokens.<name>.*}. */
    public record Settings(String sha256, String role) {
    }

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String PREFIX = "appfleet.auth.tokens.";

    private final List<Entry> entries;
    private final BiPredicate<byte[], byte[]> equal;

    private ApiTokenRegistry(List<Entry> entries, BiPredicate<byte[], byte[]> equal) {
        this.entries = List.copyOf(entries);
        this.equal = equal;
    }

    /**
     * Validates the configuration; the message of the exception names the property that is wrong, never a hash of
     * another entry.
     */
    public static ApiTokenRegistry of(Map<String, Settings> configured) {
        // MessageDigest.isEqual takes the same time for every input of the same length.
        return of(configured, MessageDigest::isEqual);
    }

    /** With the byte comparison given: tests count the comparisons. */
    static ApiTokenRegistry of(Map<String, Settings> configured, BiPredicate<byte[], byte[]> equal) {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> nameByHash = new TreeMap<>();
        for (Map.Entry<String, Settings> e : new TreeMap<>(configured).entrySet()) {
            String name = e.getKey();
            Settings settings = e.getValue();
            String hex = settings.sha256() == null ? "" : settings.sha256().trim();
            if (!HEX_64.matcher(hex).matches()) {
                throw new IllegalArgumentException(PREFIX + name + ".sha256: expected the 64 hex digits of the token's"
                        + " SHA-256 (fleetctl token hash prints them)" + (hex.startsWith(ApiTokens.PREFIX)
                                ? "; it looks like the token itself, which must not be configured" : ""));
            }
            Role role;
            try {
                role = Role.parse(settings.role());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(PREFIX + name + ".role: " + ex.getMessage());
            }
            String other = nameByHash.putIfAbsent(hex.toLowerCase(), name);
            if (other != null) {
                throw new IllegalArgumentException(PREFIX + name + ".sha256: the same token is configured as '"
                        + other + "'; give every user or system its own token");
            }
            entries.add(new Entry(name, role, HexFormat.of().parseHex(hex)));
        }
        return new ApiTokenRegistry(entries, equal);
    }

    /** The configured token the presented one hashes to, if any. */
    public Optional<Entry> match(String token) {
        if (!ApiTokens.wellFormed(token)) {
            return Optional.empty();
        }
        byte[] presented = ApiTokens.sha256(token);
        Entry found = null;
        for (Entry entry : entries) {
            if (equal.test(presented, entry.sha256()) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
