package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.ssh.CliInput;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The XR bash lines of the 6.x docker profile, built only from validated values. A bash line is
 * more dangerous than an XR CLI line: the shell expands {@code $}, backticks, globs and
 * redirects, and {@code ; | &} chain commands. So run options and the command are held to a
 * whitelist of characters (letters, digits, space and {@code _ . / : = , @ % + -}) rather than a
 * blacklist, and the image reference to docker's own grammar.
 *
 * <p>Containers run as the xrdocs 6.1.2 tutorial runs them: detached with a TTY, named after the
 * app, with the XR network namespace mounted and SYS_ADMIN so the app can enter it. Before 6.3.1
 * only global-vrf exists; from 6.3.1 all VRFs are mounted. Each is labelled with the digest of
 * its spec ({@link ContainerSpec}), the only record on the device of what it was created with.
 */
public final class DockerCommands {

    /** Starts XR bash from XR exec. */
    public static final String BASH = "bash";
    public static final String PS = "docker ps -a";
    public static final String IMAGES = "docker images";
    /**
     * Every container's {@link ContainerSpec#LABEL} (read by {@link DockerLabels}), all containers
     * in one line: {@code ps --format} rather than {@code inspect $(docker ps -aq)}, which fails
     * with a usage error when there is no container. The quotes are this constant's own, never
     * a spec value's.
     */
    public static final String LABELS = "docker ps -a --format '{{.ID}} {{.Names}} {{.Label \"" + ContainerSpec.LABEL + "\"}}'";
    /** Prints the shell's network namespace names ("tpnns", "global-vrf"). */
    public static final String NETNS = "netns_identify $$";

    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    /** [registry[:port]/]name[/name…][:tag]; digests are not taken (docker images cannot show one to compare). */
    private static final Pattern IMAGE = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\\d{1,5})?/)?" + PATH_COMPONENT
            + "(?:/" + PATH_COMPONENT + ")*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9 _./:=,@%+-]+");
    private static final Pattern NAME_OPT = Pattern.compile("(?:^|\\s)--name(?:[=\\s]|$)");
    /** --label/-l setting appfleet's own key, in any spelling docker takes ("--label=k=v", "-l k"). */
    private static final Pattern SPEC_LABEL_OPT = Pattern.compile("(?:^|\\s)(?:--label|-l)(?:=|\\s+)"
            + Pattern.quote(ContainerSpec.LABEL) + "(?:=|\\s|$)");

    private DockerCommands() {
    }

    /** The image reference of {@code packagePath} ("ubuntu", "ubuntu:16.04", "docker://reg:5000/a/b:1"). */
    public static String image(String packagePath) {
        CliInput.text("packagePath", packagePath);
        String ref = packagePath.startsWith("docker://") ? packagePath.substring("docker://".length()) : packagePath;
        if (ref.length() > 255 || ref.contains("..") || !IMAGE.matcher(ref).matches()) {
            throw new IllegalArgumentException("packagePath must be a docker image reference like ubuntu:16.04");
        }
        return ref;
    }

    /**
     * The image as {@code docker images} lists it, "repository:tag": the default tag is latest
     * and Docker Hub's own prefixes are not shown.
     */
    public static String imageKey(String ref) {
        String r = ref.startsWith("docker.io/") ? ref.substring("docker.io/".length()) : ref;
        r = r.startsWith("library/") ? r.substring("library/".length()) : r;
        int slash = r.lastIndexOf('/');
        return r.indexOf(':', slash + 1) < 0 ? r + ":latest" : r;
    }

    public static String pull(String packagePath) {
        return "docker pull " + image(packagePath);
    }

    /** Creates and starts the container (detached). */
    public static String run(AppSpec app, String osVersion) {
        return "docker run -itd" + containerArgs(app, osVersion);
    }

    /** Creates the container without starting it, for an app desired STOPPED. */
    public static String create(AppSpec app, String osVersion) {
        return "docker create -it" + containerArgs(app, osVersion);
    }

    public static String start(String appId) {
        return "docker start " + CliInput.appId("appId", appId);
    }

    public static String stop(String appId) {
        return "docker stop " + CliInput.appId("appId", appId);
    }

    public static String remove(String appId) {
        return "docker rm -f " + CliInput.appId("appId", appId);
    }

    public static String stats(String appId) {
        return "docker stats --no-stream " + CliInput.appId("appId", appId);
    }

    /** The netns mount of the release: only global-vrf before 6.3.1, every VRF from then on. */
    static String netnsMount(String osVersion) {
        return atLeast(osVersion, 6, 3, 1) ? "/var/run/netns:/var/run/netns"
                : "/var/run/netns/global-vrf:/var/run/netns/global-vrf";
    }

    /** The options every container of the release gets, before the spec's own; part of {@link ContainerSpec#digest}. */
    static List<String> fixedOptions(String osVersion) {
        return List.of("-v " + netnsMount(osVersion), "--cap-add=SYS_ADMIN");
    }

    private static String containerArgs(AppSpec app, String osVersion) {
        StringBuilder sb = new StringBuilder(" --name ").append(CliInput.appId("appId", app.appId()));
        fixedOptions(osVersion).forEach(o -> sb.append(' ').append(o));
        for (int i = 0; i < app.runOpts().size(); i++) {
            String opt = safe("runOpts[" + i + "]", app.runOpts().get(i));
            if (NAME_OPT.matcher(opt).find()) {
                throw new IllegalArgumentException("runOpts[" + i + "] must not set --name: the container is named after the app");
            }
            if (SPEC_LABEL_OPT.matcher(opt).find()) {
                throw new IllegalArgumentException("runOpts[" + i + "] must not set the label " + ContainerSpec.LABEL
                        + ": appfleet records the container's spec in it");
            }
        }
        if (app.packagePath() == null) {
            throw new IllegalArgumentException("packagePath (the image) must be set to create " + app.appId());
        }
        // The digest is hex, so the label passes the same whitelist as the spec's own words.
        sb.append(' ').append(safe("label", ContainerSpec.labelOption(app, osVersion)));
        app.runOpts().forEach(o -> sb.append(' ').append(o.strip()));
        sb.append(' ').append(image(app.packagePath()));
        if (app.command() != null) {
            sb.append(' ').append(safe("command", app.command()).strip());
        }
        return sb.toString();
    }

    private static String safe(String field, String value) {
        CliInput.text(field, value);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " may hold only letters, digits, spaces and _ . / : = , @ % + -"
                    + " (it is a bash word list: no quotes, $, `, ;, |, &, redirects or globs)");
        }
        return value;
    }

    /** Validates everything the planner will later turn into bash lines, so a bad spec fails at plan time. */
    static void validate(AppSpec app) {
        CliInput.appId("appId", app.appId());
        if (app.packagePath() != null) {
            containerArgs(app, "6.1.2");
        } else {
            for (int i = 0; i < app.runOpts().size(); i++) {
                safe("runOpts[" + i + "]", app.runOpts().get(i));
            }
            if (app.command() != null) {
                safe("command", app.command());
            }
        }
    }

    /** Whether a dotted release ("6.3.1", "6.5.3") is at least major.minor.patch; unknown parts count as 0. */
    static boolean atLeast(String version, int... wanted) {
        String[] parts = version == null ? new String[0] : version.strip().split("[^0-9]+");
        for (int i = 0; i < wanted.length; i++) {
            int have = i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0;
            if (have != wanted[i]) {
                return have > wanted[i];
            }
        }
        return true;
    }
}
