package io.appfleet.devicesim.iosxr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * XR bash on a simulated 6.x router (entered with {@code bash} from XR exec): root in the XR LXC,
 * in network namespace global-vrf, with the docker client. Only what the tutorial and the driver
 * use is understood; any other program answers as bash does when it has no such command. Lines
 * are split into words as bash splits them (quotes, backslashes, {@code $(…)}), so an operator's
 * {@code docker ps -a --format '{{.Names}} {{.Label "k"}}'} or {@code docker inspect -f … $(docker
 * ps -aq)} works, and containers keep their {@code --label}s.
 */
final class XrBash {

    /** The prompt of fixture iosxr-6x-docker-run-ps-1. */
    static final String PROMPT = "[xr-vm_node0_RP0_CPU0:~]$";

    /** docker run/create flags that take a value (the next word when not given with '='). */
    private static final Set<String> VALUE_FLAGS = Set.of("-v", "--volume", "--name", "-e", "--env", "--network", "--net",
            "-p", "--publish", "-w", "--workdir", "-u", "--user", "-h", "--hostname", "--restart", "--cap-add",
            "--cap-drop", "--entrypoint", "--mount", "--device", "-m", "--memory", "--cpus", "-l", "--label",
            "--log-driver", "--log-opt", "--dns", "--add-host", "--ipc", "--pid", "--uts", "--env-file",
            "--pids-limit", "--memory-swap", "--memory-reservation", "--kernel-memory", "-c", "--cpu-shares",
            "--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-quota", "--blkio-weight", "--shm-size", "--ulimit",
            "--security-opt", "--sysctl", "--tmpfs", "--stop-signal", "--oom-score-adj", "--group-add", "--dns-search",
            "--dns-opt", "--expose", "--link", "--volumes-from", "--cgroup-parent", "--ip", "--ip6", "--mac-address",
            "--network-alias", "--net-alias", "--label-file", "--userns", "-a", "--attach", "--detach-keys",
            "--health-cmd", "--health-interval", "--health-retries", "--health-timeout", "--storage-opt", "--runtime");

    private final DockerEngine docker;

    XrBash(DockerEngine docker) {
        this.docker = docker;
    }

    /** The output of one line ("\n" line ends). */
    String handle(String line) {
        if (line.strip().equals("netns_identify $$")) {
            return "tpnns\nglobal-vrf\n";
        }
        List<String> w;
        try {
            w = words(line.strip());
        } catch (IllegalArgumentException e) {
            return "bash: " + e.getMessage() + "\n";
        }
        if (w.isEmpty()) {
            return "";
        }
        String program = w.get(0);
        if (program.equals("whoami")) {
            return "root\n";
        }
        if (!program.equals("docker")) {
            return "bash: " + program + ": command not found\n";
        }
        if (w.size() < 2) {
            return "Usage: docker [OPTIONS] COMMAND [arg...]\n";
        }
        List<String> args = w.subList(2, w.size());
        return switch (w.get(1)) {
            case "ps" -> ps(args);
            case "inspect" -> inspect(args);
            case "images" -> docker.imagesTable();
            case "pull" -> args.size() == 1 ? docker.pull(args.get(0)) : usage("pull");
            case "run" -> create(args, true);
            case "create" -> create(args, false);
            case "start" -> args.size() == 1 ? docker.start(args.get(0)) : usage("start");
            case "stop" -> args.size() == 1 ? docker.stop(args.get(0)) : usage("stop");
            case "rm" -> remove(args);
            case "stats" -> args.size() == 2 && args.get(0).equals("--no-stream") ? docker.stats(args.get(1)) : usage("stats");
            default -> "docker: '" + w.get(1) + "' is not a docker command.\nSee 'docker --help'.\n";
        };
    }

    /**
     * Bash's word splitting, as far as a docker line needs it: blanks separate words, '…' is
     * literal, "…" keeps blanks (\\ \" \$ unescaped), a backslash escapes one character, and an
     * unquoted {@code $(…)} is replaced by the words of its command's output.
     */
    List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
                i++;
                continue;
            }
            if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(') {
                int close = line.indexOf(')', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `)'");
                }
                String out = handle(line.substring(i + 2, close));
                for (String sub : out.strip().split("\\s+")) {
                    if (!sub.isEmpty()) {
                        words.add(sub);
                    }
                }
                i = close + 1;
                continue;
            }
            w = w == null ? new StringBuilder() : w;
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `''");
                }
                w.append(line, i + 1, close);
                i = close + 1;
            } else if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && "\\\"$`".indexOf(line.charAt(i + 1)) >= 0) {
                        d = line.charAt(++i);
                    }
                    w.append(d);
                    i++;
                }
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `\"'");
                }
                i++;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(i + 1));
                i += 2;
            } else {
                w.append(c);
                i++;
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    /** docker ps [-a] [-q] [--no-trunc] [--format T]; short flags may be combined ("-aq"). */
    private String ps(List<String> args) {
        boolean all = false;
        boolean quiet = false;
        boolean noTrunc = false;
        String format = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--all")) {
                all = true;
            } else if (a.equals("--quiet")) {
                quiet = true;
            } else if (a.equals("--no-trunc")) {
                noTrunc = true;
            } else if (a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if (a.equals("--format")) {
                if (i + 1 >= args.size()) {
                    return "flag needs an argument: --format\nSee 'docker ps --help'.\n";
                }
                format = args.get(++i);
            } else if (a.matches("-[aq]+")) {
                all |= a.contains("a");
                quiet |= a.contains("q");
            } else {
                // --filter and the rest are docker's but not simulated: refused as an unknown flag.
                return "flag provided but not defined: " + a + "\nSee 'docker ps --help'.\n";
            }
        }
        return docker.ps(all, quiet, noTrunc, format);
    }

    /** docker inspect [--format T | -f T | --format=T] [--type container] name… */
    private String inspect(List<String> args) {
        String format = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if (a.equals("--format") || a.equals("-f") || a.equals("--type")) {
                if (i + 1 >= args.size()) {
                    return "flag needs an argument: " + a + "\nSee 'docker inspect --help'.\n";
                }
                String value = args.get(++i);
                if (!a.equals("--type")) {
                    format = value;
                }
            } else if (a.startsWith("-")) {
                return "flag provided but not defined: " + a + "\nSee 'docker inspect --help'.\n";
            } else {
                names.add(a);
            }
        }
        if (names.isEmpty()) {
            return "docker: \"inspect\" requires a minimum of 1 argument.\nSee 'docker inspect --help'.\n";
        }
        return docker.inspect(format, names);
    }

    private static String usage(String verb) {
        return "docker: \"" + verb + "\" requires a different number of arguments.\nSee 'docker " + verb + " --help'.\n";
    }

    private String remove(List<String> args) {
        boolean force = args.contains("-f") || args.contains("--force");
        List<String> names = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (names.size() != 1) {
            return usage("rm");
        }
        return docker.remove(names.get(0), force);
    }

    /** docker run/create [flags] image [command…]; the options kept are the flags after --name's. */
    private String create(List<String> args, boolean run) {
        String verb = run ? "run" : "create";
        String name = null;
        List<String> options = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-")) {
                break;
            }
            String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
            if (value == null && VALUE_FLAGS.contains(flag)) {
                if (i + 1 >= args.size()) {
                    return "flag needs an argument: " + flag + "\nSee 'docker " + verb + " --help'.\n";
                }
                value = args.get(++i);
            }
            if (flag.equals("--name")) {
                name = value;
            } else {
                if (flag.equals("--label") || flag.equals("-l")) {
                    int eq = value.indexOf('=');
                    labels.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
                }
                options.add(value == null || a.contains("=") ? a : flag + " " + value);
            }
        }
        if (i >= args.size()) {
            return "docker: \"" + verb + "\" requires a minimum of 1 argument.\nSee 'docker " + verb + " --help'.\n";
        }
        if (name == null) {
            // Docker would invent a name; the driver always names its containers, so this is refused here.
            return "docker: Error: the simulator needs --name.\n"; // wording not from a published capture
        }
        String image = args.get(i);
        String command = i + 1 < args.size() ? String.join(" ", args.subList(i + 1, args.size())) : null;
        return docker.create(name, image, command, options, labels, run, verb);
    }
}
