package io.appfleet.devicesim.iosxe;

import io.appfleet.devicesim.Faults;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The app-hosting state machine of one device (IOxMan): install → DEPLOYED → activate →
 * ACTIVATED → start → RUNNING → stop → STOPPED → deactivate → DEPLOYED → uninstall. Replies use
 * the wordings in docs/device-protocols.md §1a. Time-driven changes (17.x install finishing)
 * are applied lazily when the state is read, so an idle device costs no timer or thread.
 */
public final class AppHosting {

    /** One installed app. */
    public static final class App {
        final String appId;
        final String packagePath;
        /** The digest of the package file when it was installed (what the app runs); null when unknown. */
        String packageSha256;
        AppState state;
        long installDoneAt;
        boolean installFails;
        int cpuUnits;
        int memoryMb;
        int vcpu;
        int diskMb;
        /** The run-opts the container was activated with ("Run options in use"); a later config change waits for the next activate. */
        List<String> runOpts = List.of();
        long runningSince;

        App(String appId, String packagePath) {
            this.appId = appId;
            this.packagePath = packagePath;
        }

        public String appId() {
            return appId;
        }

        public AppState state() {
            return state;
        }

        /** The package the app was installed from, as given to install. */
        public String packagePath() {
            return packagePath;
        }

        /** The sha256 of that file when the app was installed from it, or null when no such file was on flash. */
        public String packageSha256() {
            return packageSha256;
        }
    }

    /** Defaults when an app has no {@code app-resource profile custom}: the "default" profile. */
    static final int DEFAULT_CPU_UNITS = 1000;
    static final int DEFAULT_MEMORY_MB = 256;
    static final int DEFAULT_DISK_MB = 10;

    private final boolean asyncInstall;
    private final long defaultInstallMs;
    private final Faults faults;
    private final LongSupplier clockMs;
    private final IosxePlatform platform;
    private final Map<String, AppConfig> config = new LinkedHashMap<>();
    private final Map<String, App> apps = new LinkedHashMap<>();
    /** Where packages are looked up when {@link #requireStagedPackages} is on; null: never checked. */
    private final Flash flash;
    private volatile boolean requireStagedPackages;

    public AppHosting(IosxePlatform platform, long installMs, Faults faults, LongSupplier clockMs) {
        this(platform, installMs, faults, clockMs, null);
    }

    public AppHosting(IosxePlatform platform, long installMs, Faults faults, LongSupplier clockMs, Flash flash) {
        this.flash = flash;
        this.platform = platform;
        this.asyncInstall = platform.asyncInstall();
        this.defaultInstallMs = installMs;
        this.faults = faults;
        this.clockMs = clockMs;
    }

    public IosxePlatform platform() {
        return platform;
    }

    void requireStagedPackages(boolean on) {
        if (on && flash == null) {
            throw new IllegalStateException("no flash to look packages up on");
        }
        requireStagedPackages = on;
    }

    // --- configuration -------------------------------------------------------------------------

    synchronized AppConfig configure(String appId) {
        return config.computeIfAbsent(appId, AppConfig::new);
    }

    synchronized void unconfigure(String appId) {
        config.remove(appId);
    }

    synchronized AppConfig config(String appId) {
        return config.get(appId);
    }

    synchronized Collection<AppConfig> configs() {
        return List.copyOf(config.values());
    }

    // --- exec verbs ----------------------------------------------------------------------------

    public synchronized String install(String appId, String packagePath) {
        refresh();
        App existing = apps.get(appId);
        if (existing != null) {
            return wrongState("install", existing);
        }
        if (requireStagedPackages) {
            Flash.Path p = Flash.Path.parse(packagePath);
            if (p == null || flash.file(p).isEmpty()) {
                // Wording not from a published capture: shaped like the other IOxMan errors.
                return "% Error: Package file " + packagePath + " does not exist";
            }
        }
        boolean fails = faults.takeInstallFailure(packagePath);
        if (!asyncInstall) {
            if (fails) {
                return "Install failed: Installing apps on system flash is not allowed.";
            }
            App app = new App(appId, packagePath);
            app.packageSha256 = stagedSha256(packagePath);
            app.state = AppState.DEPLOYED;
            apps.put(appId, app);
            return appId + " installed successfully\nCurrent state is: DEPLOYED";
        }
        App app = new App(appId, packagePath);
        app.packageSha256 = stagedSha256(packagePath);
        app.state = AppState.INSTALLING;
        long delay = faults.installDelayMs() >= 0 ? faults.installDelayMs() : defaultInstallMs;
        app.installDoneAt = clockMs.getAsLong() + delay;
        app.installFails = fails;
        apps.put(appId, app);
        return "Installing package '" + packagePath + "' for '" + appId + "'. Use 'show app-hosting list' for progress.";
    }

    private String stagedSha256(String packagePath) {
        Flash.Path p = flash == null ? null : Flash.Path.parse(packagePath);
        return p == null ? null : flash.file(p).map(Flash.File::sha256).orElse(null);
    }

    public synchronized String activate(String appId) {
        App app = find(appId);
        if (app == null) {
            return missing(appId);
        }
        if (app.state != AppState.DEPLOYED || faults.takeWrongState()) {
            return wrongState("activate", app);
        }
        AppConfig c = config.get(appId);
        int cpu = c != null && c.cpuUnits != null ? c.cpuUnits : DEFAULT_CPU_UNITS;
        int mem = c != null && c.memoryMb != null ? c.memoryMb : DEFAULT_MEMORY_MB;
        int vcpu = c != null && c.vcpu != null ? c.vcpu : 1;
        int disk = c != null && c.persistDiskMb != null ? c.persistDiskMb : DEFAULT_DISK_MB;
        int cpuFree = platform.cpuUnits() - reservedCpu();
        int memFree = platform.memoryMb() - reservedMemory();
        if (cpu > cpuFree || mem > memFree) {
            // Wording not captured from a device: shaped like the other IOxMan errors.
            return "% Error: Activation failed: Insufficient resources for " + appId + ". Requested cpu " + cpu
                    + " units, memory " + mem + " MB; available cpu " + cpuFree + " units, memory " + memFree + " MB";
        }
        app.cpuUnits = cpu;
        app.memoryMb = mem;
        app.vcpu = vcpu;
        app.diskMb = disk;
        app.runOpts = c == null ? List.of() : List.copyOf(c.runOpts.values());
        app.state = AppState.ACTIVATED;
        return ok(appId, "activated", app);
    }

    public synchronized String start(String appId) {
        App app = find(appId);
        if (app == null) {
            return missing(appId);
        }
        if ((app.state != AppState.ACTIVATED && app.state != AppState.STOPPED) || faults.takeWrongState()) {
            return wrongState("start", app);
        }
        app.state = AppState.RUNNING;
        app.runningSince = clockMs.getAsLong();
        return ok(appId, "started", app);
    }

    public synchronized String stop(String appId) {
        App app = find(appId);
        if (app == null) {
            return missing(appId);
        }
        if (app.state != AppState.RUNNING || faults.takeWrongState()) {
            return wrongState("stop", app);
        }
        app.state = AppState.STOPPED;
        return ok(appId, "stopped", app);
    }

    public synchronized String deactivate(String appId) {
        App app = find(appId);
        if (app == null) {
            return missing(appId);
        }
        if ((app.state != AppState.ACTIVATED && app.state != AppState.STOPPED) || faults.takeWrongState()) {
            return wrongState("deactivate", app);
        }
        app.state = AppState.DEPLOYED;
        app.cpuUnits = 0;
        app.memoryMb = 0;
        app.vcpu = 0;
        app.diskMb = 0;
        app.runOpts = List.of();
        return ok(appId, "deactivated", app);
    }

    public synchronized String uninstall(String appId) {
        App app = find(appId);
        if (app == null) {
            return "% Error: No App found with name '" + appId + "'";
        }
        if (app.state != AppState.DEPLOYED || faults.takeWrongState()) {
            return wrongState("uninstall", app);
        }
        apps.remove(appId);
        // 17.x announces a background uninstall; the simulator finishes it at once.
        return asyncInstall
                ? "Uninstalling '" + appId + "'. Use 'show app-hosting list' for progress."
                : appId + " uninstalled successfully";
    }

    /** Drift: the app dies on its own (RUNNING → STOPPED). Returns false if it was not running. */
    public synchronized boolean crash(String appId) {
        App app = find(appId);
        if (app == null || app.state != AppState.RUNNING) {
            return false;
        }
        app.state = AppState.STOPPED;
        return true;
    }

    // --- reads ---------------------------------------------------------------------------------

    public synchronized Collection<App> apps() {
        refresh();
        return List.copyOf(apps.values());
    }

    public synchronized App find(String appId) {
        refresh();
        return apps.get(appId);
    }

    public synchronized AppState state(String appId) {
        App app = find(appId);
        return app == null ? null : app.state;
    }

    public synchronized boolean anyRunning() {
        refresh();
        return apps.values().stream().anyMatch(a -> a.state == AppState.RUNNING);
    }

    synchronized int reservedCpu() {
        return apps.values().stream().mapToInt(a -> a.cpuUnits).sum();
    }

    synchronized int reservedMemory() {
        return apps.values().stream().mapToInt(a -> a.memoryMb).sum();
    }

    synchronized int reservedVcpu() {
        return apps.values().stream().mapToInt(a -> a.vcpu).sum();
    }

    synchronized int reservedDisk() {
        return apps.values().stream().mapToInt(a -> a.diskMb).sum();
    }

    long now() {
        return clockMs.getAsLong();
    }

    private void refresh() {
        long now = clockMs.getAsLong();
        apps.values().removeIf(a -> a.state == AppState.INSTALLING && now >= a.installDoneAt && a.installFails);
        for (App a : apps.values()) {
            if (a.state == AppState.INSTALLING && now >= a.installDoneAt) {
                a.state = AppState.DEPLOYED;
            }
        }
    }

    private static String ok(String appId, String verb, App app) {
        return appId + " " + verb + " successfully\nCurrent state is: " + app.state;
    }

    private static String missing(String appId) {
        return "% Error: The application: " + appId + ", does not exist";
    }

    // No "%" prefix: this is how the device prints it, and parsers must not rely on one.
    private static String wrongState(String verb, App app) {
        return "Invalid '" + verb + "' request. " + app.appId + " is in " + app.state;
    }
}
