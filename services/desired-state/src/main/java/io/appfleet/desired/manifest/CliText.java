package io.appfleet.desired.manifest;

import io.appfleet.drivers.ssh.CliInput;

/**
 * The gate for every manifest value that ends up on a device CLI line (run options, environment,
 * command, image reference, version). It is the drivers' own rule ({@code CliInput.textProblem}), so
 * the two cannot disagree: a device CLI has no quoting to rely on, so instead of escaping we refuse
 * line breaks, {@code ;}, quotes of every kind and control or invisible characters. Refusing at apply time gives the
 * operator a 400 naming the field instead of an app that fails on every device.
 */
public final class CliText {

    /** Longest free-text value a driver sends (one run-opts line). */
    public static final int MAX = CliInput.MAX_TEXT;

    private CliText() {
    }

    /** Why {@code value} cannot go on a CLI line, or null when it can. Empty is allowed here; callers decide. */
    public static String problem(String value) {
        String problem = CliInput.textProblem(value);
        if (problem == null || value.length() > MAX) {
            return problem;
        }
        return problem + "; a device CLI line cannot carry it safely";
    }
}
