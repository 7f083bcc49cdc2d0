package io.appfleet.platform.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two API roles. A JWT carries them in its {@code groups} claim, an API token has one configured. That an
 * operator may also read is configured once per service ({@code quarkus.http.auth.roles-mapping.operator=viewer}), so
 * a token never needs to list both.
 */
public enum Role {

    /** Reads: every GET. */
    VIEWER("viewer"),
    /** Writes and rollout control: every POST, PUT, PATCH and DELETE. */
    OPERATOR("operator");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The name in {@code groups} claims, configuration and {@code @RolesAllowed}. */
    public String id() {
        return id;
    }

    /** Reads a role name (case-insensitive); the message of the exception names the ones allowed. */
    public static Role parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a role is required; use one of " + names());
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.id.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
