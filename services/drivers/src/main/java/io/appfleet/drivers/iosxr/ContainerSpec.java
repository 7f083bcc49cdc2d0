package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a 6.x container was created with, in a form the device keeps. Docker cannot change a
 * container's options in place and {@code docker ps -a} does not show them, so appfleet labels
 * each container it creates with a digest of everything it controls ({@code --label
 * io.appfleet.spec=<hex>}) and compares that label with the digest of the desired spec.
 * Environment variables reach docker as {@code -e NAME=value} run options and are covered with them.
 *
 * <p>The digest is over a versioned canonical text: the fixed options of the release (the netns
 * mount and SYS_ADMIN), the words of the run options in order (bash splits them into words, so
 * spacing and how they are cut into entries do not matter), the image as {@code docker images} names it, and the command. It must
 * stay stable across appfleet releases: a different digest for the same spec recreates every
 * container of the fleet (a unit test pins one value).
 */
public final class ContainerSpec {

    /** The label key; only appfleet sets it (run options may not). */
    public static final String LABEL = "io.appfleet.spec";
    /** 16 hex digits (64 bits): a digest to tell specs apart, not a security boundary. */
    static final int HEX_DIGITS = 16;
    private static final String VERSION = "appfleet-docker-spec/1";

    private ContainerSpec() {
    }

    /** The label value for {@code app} on a release ({@code osVersion} picks the netns mount). */
    public static String digest(AppSpec app, String osVersion) {
        StringBuilder canonical = new StringBuilder(VERSION).append('\n');
        for (String fixed : DockerCommands.fixedOptions(osVersion)) {
            canonical.append("fixed ").append(fixed).append('\n');
        }
        // One line of words: "-e A=1", "--net host" and "-e A=1 --net host" reach docker as the same words.
        canonical.append("opts ").append(String.join(" ", app.runOpts().stream().map(ContainerSpec::words).toList()))
                .append('\n');
        canonical.append("image ").append(DockerCommands.imageKey(DockerCommands.image(app.packagePath()))).append('\n');
        canonical.append("command ").append(app.command() == null ? "" : words(app.command())).append('\n');
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The {@code docker run}/{@code create} option that labels the container. */
    static String labelOption(AppSpec app, String osVersion) {
        return "--label " + LABEL + "=" + digest(app, osVersion);
    }

    private static String words(String text) {
        return String.join(" ", List.of(text.strip().split("\\s+")));
    }

    /**
     * Whether a container must be recreated to become {@code app}: it was created from another
     * image, or its label names another spec. A container without the label (created by hand or
     * by an appfleet before labels) whose image matches is taken at its word: nothing on the
     * device says its options differ, and recreating every unlabeled container of a fleet on
     * upgrade would restart every app for nothing. An unknown image (null) is no change either.
     *
     * @param image the container's image as {@code docker ps} shows it, null when unknown
     * @param label its {@link #LABEL} value, null or empty when it has none (or it was not read)
     */
    static boolean mustRecreate(AppSpec app, String image, String label, String osVersion) {
        if (app.packagePath() == null) {
            return false; // no image desired: nothing to recreate from (the planner says so when it matters)
        }
        return otherImage(app, image) || label != null && !label.isEmpty() && !label.equals(digest(app, osVersion));
    }

    /** Why {@link #mustRecreate} holds, for step details: "to run probe:2.0" or "to apply the changed run options". */
    static String reason(AppSpec app, String image) {
        return otherImage(app, image) ? "to run " + DockerCommands.image(app.packagePath())
                : "to apply the changed run options or command";
    }

    /** The container runs another image than the desired one; false when either is unknown. */
    static boolean otherImage(AppSpec app, String image) {
        if (image == null || image.isBlank() || app.packagePath() == null) {
            return false;
        }
        String have = image.strip();
        have = have.startsWith("docker://") ? have.substring("docker://".length()) : have;
        return !DockerCommands.imageKey(have).equals(DockerCommands.imageKey(DockerCommands.image(app.packagePath())));
    }
}
