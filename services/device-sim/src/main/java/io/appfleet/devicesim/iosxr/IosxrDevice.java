package io.appfleet.devicesim.iosxr;

import io.appfleet.devicesim.Faults;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IOS-XR side of a simulated device. On 6.x releases there is no App Manager, only docker
 * from XR bash ({@link #docker()}); from 7.x on, the rest of this class: App Manager's installed RPM packages (each adds a
 * docker source named after the RPM's name part), the committed {@code appmgr application}
 * configuration and the containers it runs. A container starts when its activation is committed,
 * as on a real router. Replies are the texts {@code io.appfleet.drivers.iosxr.LifecycleReplies}
 * reads; success prints nothing but the exec timestamp.
 */
public final class IosxrDevice {

    /** RPM N-V-R.A; the docker source an RPM provides is N. */
    private static final Pattern NVRA = Pattern.compile("^(.+)-([^-]+)-([^-]+)\\.([A-Za-z0-9_]+)$");
    private static final Pattern RPM_PATH = Pattern.compile("^/(misc/app_host|misc/disk1|harddisk:)/([A-Za-z0-9_.+-]+)\\.rpm$");

    /** One activated application and its container. */
    static final class App {
        final String name;
        final String source;
        final String runOpts;
        final String runCmd;
        final String containerId;
        final long createdMs;
        /** The package that provided the source when the container was created. */
        String pkg;
        long stateSinceMs;
        boolean running;
        int exitCode;

        App(String name, String source, String runOpts, String runCmd, long now) {
            this.name = name;
            this.source = source;
            this.runOpts = runOpts;
            this.runCmd = runCmd;
            this.containerId = randomHex(64);
            this.createdMs = now;
        }
    }

    /** One uncommitted change of a config session: activate (source set) or remove (source null). */
    record Change(String app, String source, String runOpts, String runCmd) {
    }

    private final String osVersion;
    private final Faults faults;
    private final LongSupplier clockMs;
    private final Set<String> packages = new LinkedHashSet<>();
    private final Map<String, App> apps = new LinkedHashMap<>();
    /** The docker daemon of a 6.x release; null from 7.x on, where appmgr runs the containers. */
    private final DockerEngine docker;

    public IosxrDevice(String osVersion, Faults faults, LongSupplier clockMs) {
        this.osVersion = osVersion;
        this.faults = faults;
        this.clockMs = clockMs;
        this.docker = isDockerRelease(osVersion) ? new DockerEngine(faults, clockMs) : null;
    }

    /** 6.x: before appmgr (7.x). */
    static boolean isDockerRelease(String osVersion) {
        String major = osVersion == null ? "" : osVersion.strip().split("[^0-9]", 2)[0];
        return !major.isEmpty() && major.length() < 4 && Integer.parseInt(major) < 7;
    }

    /** The 6.x docker daemon reached from XR bash; null on 7.x and later (appmgr). */
    public DockerEngine docker() {
        return docker;
    }

    public boolean hasAppmgr() {
        return docker == null;
    }

    public String osVersion() {
        return osVersion;
    }

    /** The source a package provides: the RPM name without version, release and arch. */
    static String sourceOf(String packageName) {
        Matcher m = NVRA.matcher(packageName);
        return m.matches() ? m.group(1) : packageName;
    }

    public synchronized String install(String path) {
        Matcher m = RPM_PATH.matcher(path);
        if (!m.matches() || path.contains("..")) {
            return "% Error: File " + path + " does not exist\n";
        }
        if (faults.takeInstallFailure()) {
            return "% Error: Failed to install package " + m.group(2) + ": rpm transaction failed\n";
        }
        String pkg = m.group(2);
        if (packages.contains(pkg)) {
            return "% Error: Package " + pkg + " is already installed\n";
        }
        // One package per docker source: the activation names the source, not the package, so a
        // second version would leave which image runs undefined. Wording not from a capture.
        String other = packageOfSource(sourceOf(pkg));
        if (other != null) {
            return "% Error: Failed to install package " + pkg + ": source " + sourceOf(pkg)
                    + " is already provided by package " + other + "\n";
        }
        packages.add(pkg);
        return "";
    }

    private String packageOfSource(String source) {
        return packages.stream().filter(p -> sourceOf(p).equals(source)).findFirst().orElse(null);
    }

    /** The package whose image the application's container runs, or null when it is not activated. */
    public synchronized String packageOf(String name) {
        App a = apps.get(name);
        return a == null ? null : a.pkg;
    }

    public synchronized String uninstall(String pkg) {
        if (!packages.contains(pkg)) {
            return "% Error: Package " + pkg + " is not installed\n";
        }
        String source = sourceOf(pkg);
        for (App a : apps.values()) {
            if (a.source.equals(source)) {
                return "% Error: Package " + pkg + " is in use by application " + a.name + "\n";
            }
        }
        packages.remove(pkg);
        return "";
    }

    /** start, stop or kill. */
    public synchronized String lifecycle(String verb, String name) {
        App a = apps.get(name);
        if (a == null) {
            return "% Error: Application " + name + " does not exist\n";
        }
        if (faults.takeWrongState()) {
            return "% Error: Application " + name + " is in " + (a.running ? "running" : "exited") + " state\n";
        }
        long now = clockMs.getAsLong();
        switch (verb) {
            case "start" -> {
                if (a.running) {
                    return "% Error: Application " + name + " is already running\n";
                }
                a.running = true;
                a.stateSinceMs = now;
            }
            case "stop", "kill" -> {
                if (!a.running) {
                    return "% Error: Application " + name + " is not running\n";
                }
                a.running = false;
                a.exitCode = verb.equals("kill") ? 137 : 0;
                a.stateSinceMs = now;
            }
            default -> throw new IllegalArgumentException(verb);
        }
        return "";
    }

    /**
     * Applies a config session's changes all or nothing (XR's pseudo-atomic commit). Returns the
     * error text, or "" when committed.
     */
    public synchronized String commit(List<Change> changes) {
        Set<String> sources = new LinkedHashSet<>();
        packages.forEach(p -> sources.add(sourceOf(p)));
        for (Change c : changes) {
            if (c.source() != null && !sources.contains(c.source())) {
                return "% Failed to commit one or more configuration items during a pseudo-atomic operation. "
                        + "All changes made have been reverted. Please issue 'show configuration failed [inheritance]' "
                        + "from this session to view the errors\n";
            }
        }
        long now = clockMs.getAsLong();
        for (Change c : changes) {
            if (c.source() == null) {
                apps.remove(c.app());
            } else {
                App old = apps.get(c.app());
                if (old != null && old.source.equals(c.source()) && java.util.Objects.equals(old.runOpts, c.runOpts())
                        && java.util.Objects.equals(old.runCmd, c.runCmd())) {
                    continue; // same configuration: nothing changes
                }
                App a = new App(c.app(), c.source(), c.runOpts(), c.runCmd(), now);
                a.pkg = packageOfSource(c.source());
                a.running = true;
                a.stateSinceMs = now;
                apps.put(c.app(), a);
            }
        }
        return "";
    }

    /** Drift: the container exits on its own (or someone stopped it out of band). */
    public synchronized boolean crash(String name) {
        if (docker != null) {
            return docker.crash(name);
        }
        App a = apps.get(name);
        if (a == null || !a.running) {
            return false;
        }
        a.running = false;
        a.exitCode = 139;
        a.stateSinceMs = clockMs.getAsLong();
        return true;
    }

    public synchronized boolean isRunning(String name) {
        if (docker != null) {
            return docker.isRunning(name);
        }
        App a = apps.get(name);
        return a != null && a.running;
    }

    public synchronized List<String> packages() {
        return List.copyOf(packages);
    }

    public synchronized List<String> applications() {
        return List.copyOf(apps.keySet());
    }

    synchronized String packagesTable() {
        StringBuilder sb = new StringBuilder("Package\n").append("-".repeat(60)).append('\n');
        packages.forEach(p -> sb.append(p).append('\n'));
        return sb.toString();
    }

    synchronized String applicationTable() {
        StringBuilder sb = new StringBuilder("Name            Type   Config State Status\n")
                .append("--------------- ------ ------------ ----------------------------------------\n");
        long now = clockMs.getAsLong();
        for (App a : apps.values()) {
            sb.append(String.format("%-15s %-6s %-12s %s%n", a.name, "Docker", "Activated", status(a, now)));
        }
        return sb.toString().replace("\r", "");
    }

    /**
     * {@code show running-config appmgr}: the committed activations, nested as XR prints its
     * config (wording not from a published capture: device-protocols.md gives the config lines
     * only). An empty section is XR's "% No such configuration item(s)".
     */
    synchronized String runningConfig() {
        if (apps.isEmpty()) {
            return "% No such configuration item(s)\n";
        }
        StringBuilder sb = new StringBuilder("appmgr\n");
        for (App a : apps.values()) {
            sb.append(" application ").append(a.name).append('\n')
                    .append("  activate type docker source ").append(a.source);
            if (a.runOpts != null) {
                sb.append(" docker-run-opts \"").append(a.runOpts).append('"');
            }
            if (a.runCmd != null) {
                sb.append(" docker-run-cmd \"").append(a.runCmd).append('"');
            }
            sb.append("\n !\n");
        }
        return sb.append("!\n").toString();
    }

    /** null when the application is not configured. */
    synchronized String infoDetail(String name) {
        App a = apps.get(name);
        if (a == null) {
            return null;
        }
        long now = clockMs.getAsLong();
        String created = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(a.createdMs));
        return "Application: " + a.name + "\n"
                + "  Type: Docker\n"
                + "  Source: " + a.source + "\n"
                + "  Config State: Activated\n"
                + "  Docker Information:\n"
                + "    Container ID: " + a.containerId + "\n"
                + "    Container name: " + a.name + "\n"
                + "    Labels: \n"
                + "    Image: " + a.source + ":latest\n"
                + "    Command: \"" + (a.runCmd == null ? "/docker-entrypoint.sh" : a.runCmd) + "\"\n"
                + "    Created at: " + created + "\n"
                + "    Running for: " + ago(now - a.createdMs) + "\n"
                + "    Status: " + status(a, now) + "\n"
                + "    Size: 4.98MB (virtual 314MB)\n"
                + "    Ports: \n"
                + "    Mounts: /misc/app_host/appmgr/config/" + a.name + "/hosts\n"
                + "    Networks: host\n"
                + "    LocalVolumes: 0\n";
    }

    /** null when the application is not configured. Docker's sizes; a stopped container uses nothing. */
    synchronized String stats(String name) {
        App a = apps.get(name);
        if (a == null) {
            return null;
        }
        return "Application Stats: " + a.name + "\n"
                + "   CPU Percentage: " + (a.running ? "1.90%" : "0.00%") + "\n"
                + "   Memory Usage: " + (a.running ? "72.91MiB" : "0B") + " / 15.05GiB\n"
                + "   Memory Percentage: " + (a.running ? "0.47%" : "0.00%") + "\n"
                + "   Network IO: " + (a.running ? "1.2kB / 648B" : "0B / 0B") + "\n"
                + "   Block IO: " + (a.running ? "4.1MB / 0B" : "0B / 0B") + "\n"
                + "   PIDs: " + (a.running ? "3" : "0") + "\n";
    }

    private static String status(App a, long now) {
        long ms = now - a.stateSinceMs;
        return a.running ? "Up " + duration(ms) : "Exited (" + a.exitCode + ") " + ago(ms);
    }

    /** Docker's HumanDuration: "Less than a second", "10 seconds", "About a minute", "5 minutes", … */
    static String duration(long ms) {
        long s = ms / 1000;
        if (s < 1) {
            return "Less than a second";
        }
        if (s < 60) {
            return s + " seconds";
        }
        long m = s / 60;
        if (m == 1) {
            return "About a minute";
        }
        if (m < 60) {
            return m + " minutes";
        }
        long h = m / 60;
        return h == 1 ? "About an hour" : h + " hours";
    }

    private static String ago(long ms) {
        return duration(ms) + " ago";
    }

    private static String randomHex(int n) {
        StringBuilder sb = new StringBuilder(n);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }
}
