package io.appfleet.devicesim.iosxr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * XR bash on a simulated 6.x router (entered with {@code bash} from XR exec): root in the XR LXC,
 * in network namespace global-vrf, with the docker client. Only what the tutorial and the driver
 * use is understood; any other program answers as bash does when it has no such command.
 */
final class XrBash {

    /** The prompt of fixture iosxr-6x-docker-run-ps-1. */
    static final String PROMPT = "[xr-vm_node0_RP0_CPU0:~]$";

    /** docker run/create flags that take a value (the next word when not given with '='). */
    private static final Set<String> VALUE_FLAGS = Set.of("-v", "--volume", "--name", "-e", "--env", "--network", "--net",
            "-p", "--publish", "-w", "--workdir", "-u", "--user", "-h", "--hostname", "--restart", "--cap-add",
            "--cap-drop", "--entrypoint", "--mount", "--device", "-m", "--memory", "--cpus", "-l", "--label",
            "--log-driver", "--log-opt", "--dns", "--add-host", "--ipc", "--pid", "--uts", "--env-file");

    private final DockerEngine docker;

    XrBash(DockerEngine docker) {
        this.docker = docker;
    }

    /** The output of one line ("\n" line ends). */
    String handle(String line) {
        List<String> w = Arrays.asList(line.strip().split("\\s+"));
        String program = w.get(0);
        if (line.strip().equals("netns_identify $$")) {
            return "tpnns\nglobal-vrf\n";
        }
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
            case "ps" -> docker.ps(args.contains("-a") || args.contains("--all"));
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
        return docker.create(name, image, command, options, run, verb);
    }
}
