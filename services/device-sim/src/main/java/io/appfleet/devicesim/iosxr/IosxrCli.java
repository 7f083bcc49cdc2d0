package io.appfleet.devicesim.iosxr;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One CLI session on a simulated IOS-XR 7.x router: {@code RP/0/RP0/CPU0:host#}, exec commands
 * that echo a timestamp first, and a config session ({@code configure}) whose changes only take
 * effect at {@code commit} ({@code abort} drops them). Both the one-line form
 * {@code appmgr application X activate …} and the sub-modes {@code appmgr} / {@code application X}
 * / {@code activate …} are understood.
 *
 * <p>On a 6.x release there is no appmgr: its commands get XR's "% Invalid input" like any unknown
 * command, and {@code bash} starts XR bash ({@code [xr-vm_node0_RP0_CPU0:~]$}, see {@link XrBash})
 * until {@code exit} returns to exec. That {@code bash} echoes the exec timestamp first follows the
 * other exec commands; it is not from a published capture.
 */
public final class IosxrCli {

    /** What one line produced: output text ("\n" line ends) and whether the session ends. */
    public record Result(String output, boolean closeSession) {
        static Result of(String output) {
            return new Result(output, false);
        }
    }

    private enum Mode {
        EXEC(""), BASH(""), CONFIG("(config)"), APPMGR("(config-appmgr)"), APPLICATION("(config-appmgr-app)");

        final String suffix;

        Mode(String suffix) {
            this.suffix = suffix;
        }
    }

    static final String NODE = "RP/0/RP0/CPU0:";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss.SSS 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String QUOTED = "[\"\u201C]([^\"\u201C\u201D]*)[\"\u201D]";
    private static final Pattern ACTIVATE = Pattern.compile(
            "activate type (\\S+) source (\\S+)(?: docker-run-opts " + QUOTED + ")?(?: docker-run-cmd " + QUOTED + ")?");
    private static final Pattern INSTALL = Pattern.compile("appmgr package install rpm (\\S+)");
    private static final Pattern UNINSTALL = Pattern.compile("appmgr package uninstall package (\\S+)");
    private static final Pattern VERB = Pattern.compile("appmgr application (start|stop|kill) name (\\S+)");
    private static final Pattern INFO = Pattern.compile("show appmgr application name (\\S+) info(?: detail)?");
    private static final Pattern STATS = Pattern.compile("show appmgr application name (\\S+) stats");

    private final String hostname;
    private final IosxrDevice device;
    private Mode mode = Mode.EXEC;
    private String application;
    private final List<IosxrDevice.Change> pending = new ArrayList<>();
    private int terminalLength = 24;
    /** XR bash of a 6.x router; null on 7.x, whose appmgr replaced docker from bash here. */
    private final XrBash bash;

    public IosxrCli(String hostname, IosxrDevice device) {
        this.hostname = hostname;
        this.device = device;
        this.bash = device.docker() == null ? null : new XrBash(device.docker());
    }

    public String prompt() {
        return mode == Mode.BASH ? XrBash.PROMPT : NODE + hostname + mode.suffix + "#";
    }

    /** The current mode's name, or null once {@code exit} ended the session. */
    public String mode() {
        return mode == null ? null : mode.name();
    }

    public void closed() {
        mode = null;
    }

    public int terminalLength() {
        return terminalLength;
    }

    public Result handle(String rawLine) {
        String line = rawLine.strip().replaceAll("\\s+", " ");
        if (line.isEmpty() || line.startsWith("!")) {
            return Result.of("");
        }
        if (mode == Mode.BASH) {
            if (line.equals("exit") || line.equals("logout")) {
                mode = Mode.EXEC; // back to XR exec, session open
                return Result.of("");
            }
            return Result.of(bash.handle(line));
        }
        if (mode == Mode.EXEC) {
            if (line.equals("exit") || line.equals("logout")) {
                return new Result("", true);
            }
            String out = exec(line);
            return Result.of(out != null ? out : invalid());
        }
        String out = config(line);
        return Result.of(out != null ? out : invalid());
    }

    private static String timestamp() {
        return TIMESTAMP.format(Instant.now()) + "\n";
    }

    private String invalid() {
        return " ".repeat(prompt().length()) + "^\n% Invalid input detected at '^' marker.\n";
    }

    private String exec(String l) {
        Matcher m;
        if (l.matches("terminal (length|width) \\d+")) {
            if (l.startsWith("terminal length")) {
                terminalLength = Integer.parseInt(l.substring("terminal length ".length()));
            }
            return "";
        }
        if (l.equals("configure") || l.equals("config") || l.equals("configure terminal") || l.equals("conf t")) {
            mode = Mode.CONFIG;
            pending.clear();
            return timestamp();
        }
        if (l.equals("bash") && bash != null) {
            mode = Mode.BASH;
            return timestamp();
        }
        if (l.equals("show version")) {
            return timestamp() + "Cisco IOS XR Software, Version " + device.osVersion() + "\n";
        }
        if (!device.hasAppmgr()) {
            return null; // 6.x: every appmgr command is unknown to the parser
        }
        if (l.equals("show running-config appmgr")) {
            return timestamp() + device.runningConfig();
        }
        if (l.equals("show appmgr packages installed")) {
            return timestamp() + device.packagesTable();
        }
        if (l.equals("show appmgr application-table")) {
            return timestamp() + device.applicationTable();
        }
        if ((m = INFO.matcher(l)).matches()) {
            String info = device.infoDetail(m.group(1));
            return timestamp() + (info != null ? info : "% Error: Application " + m.group(1) + " does not exist\n");
        }
        if ((m = STATS.matcher(l)).matches()) {
            String stats = device.stats(m.group(1));
            return timestamp() + (stats != null ? stats : "% Error: Application " + m.group(1) + " does not exist\n");
        }
        if ((m = INSTALL.matcher(l)).matches()) {
            return timestamp() + device.install(m.group(1));
        }
        if ((m = UNINSTALL.matcher(l)).matches()) {
            return timestamp() + device.uninstall(m.group(1));
        }
        if ((m = VERB.matcher(l)).matches()) {
            return timestamp() + device.lifecycle(m.group(1), m.group(2));
        }
        return null;
    }

    private String config(String l) {
        Matcher m;
        switch (l) {
            case "commit" -> {
                String error = device.commit(List.copyOf(pending));
                if (error.isEmpty()) {
                    pending.clear(); // on failure the changes stay in the session until abort
                }
                return timestamp() + error;
            }
            case "abort" -> {
                pending.clear();
                mode = Mode.EXEC;
                return "";
            }
            case "end" -> {
                // A real router asks whether to commit uncommitted changes; the simulator drops them.
                pending.clear();
                mode = Mode.EXEC;
                return "";
            }
            case "exit" -> {
                mode = switch (mode) {
                    case APPLICATION -> Mode.APPMGR;
                    case APPMGR -> Mode.CONFIG;
                    default -> Mode.EXEC;
                };
                if (mode == Mode.EXEC) {
                    pending.clear();
                }
                return "";
            }
            case "appmgr" -> {
                if (!device.hasAppmgr()) {
                    return null;
                }
                mode = Mode.APPMGR;
                return "";
            }
            default -> {
            }
        }
        // The full path works from any config mode, as in XR.
        String rest = l;
        boolean no = false;
        if (rest.startsWith("no ")) {
            no = true;
            rest = rest.substring(3);
        }
        if (!device.hasAppmgr()) {
            return null;
        } else if (rest.startsWith("appmgr application ")) {
            rest = rest.substring("appmgr ".length());
        } else if (mode == Mode.APPLICATION && !no && rest.startsWith("activate ")) {
            return activate(application, rest);
        } else if (!(mode == Mode.APPMGR || mode == Mode.APPLICATION) || !rest.startsWith("application ")) {
            return null;
        }
        // rest: "application X [activate …]"
        String[] w = rest.split(" ", 3);
        if (w.length < 2 || !w[1].matches("[A-Za-z0-9_.-]{1,64}")) {
            return null;
        }
        if (no) {
            if (w.length != 2) {
                return null;
            }
            pending.add(new IosxrDevice.Change(w[1], null, null, null));
            return "";
        }
        if (w.length == 2) {
            mode = Mode.APPLICATION;
            application = w[1];
            return "";
        }
        return activate(w[1], w[2]);
    }

    private String activate(String app, String text) {
        Matcher m = ACTIVATE.matcher(text);
        if (!m.matches() || !m.group(1).equals("docker")) {
            return null;
        }
        pending.add(new IosxrDevice.Change(app, m.group(2), m.group(3), m.group(4)));
        return "";
    }
}
