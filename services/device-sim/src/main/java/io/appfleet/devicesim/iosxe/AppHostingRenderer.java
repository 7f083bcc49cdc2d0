package io.appfleet.devicesim.iosxe;

import java.util.Collection;
import java.util.List;

/**
 * Show output of the app-hosting commands, in the layouts of the fixtures
 * (services/drivers/src/test/resources/fixtures/iosxe-show-app-hosting-*.txt) so the product's
 * parsers read simulator and device alike.
 */
final class AppHostingRenderer {

    private AppHostingRenderer() {
    }

    /** 57 dashes on 17.x, 54 on 16.x, as in the fixtures. */
    static String list(AppHosting hosting) {
        Collection<AppHosting.App> apps = hosting.apps();
        if (apps.isEmpty()) {
            return "No App found\n";
        }
        int dashes = hosting.platform().major() >= 17 ? 57 : 54;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-41s%s%n", "App id", "State"));
        sb.append("-".repeat(dashes)).append('\n');
        for (AppHosting.App a : apps) {
            sb.append(String.format("%-41s%s%n", a.appId, a.state));
        }
        return sb.toString();
    }

    static String detail(AppHosting hosting, String appIdOrNull) {
        List<AppHosting.App> apps = appIdOrNull == null
                ? List.copyOf(hosting.apps())
                : hosting.find(appIdOrNull) == null ? List.of() : List.of(hosting.find(appIdOrNull));
        if (apps.isEmpty()) {
            return appIdOrNull == null ? "No App found\n" : "% Error: The application: " + appIdOrNull + ", does not exist\n";
        }
        StringBuilder sb = new StringBuilder();
        for (AppHosting.App a : apps) {
            boolean activated = a.state == AppState.ACTIVATED || a.state == AppState.RUNNING || a.state == AppState.STOPPED;
            String name = a.appId;
            sb.append("App id                 : ").append(a.appId).append('\n');
            sb.append("Owner                  : iox\n");
            sb.append("State                  : ").append(a.state).append('\n');
            sb.append("Application\n");
            sb.append("   Type                 : docker\n");
            sb.append("   Name                 : ").append(name).append('\n');
            sb.append("   Version              : 1.0.0\n");
            sb.append("   Description          : \n");
            sb.append("   Author               : appfleet-sim\n");
            sb.append("   Path                 : ").append(a.packagePath).append('\n');
            sb.append("   URL Path             : \n");
            sb.append("Activated profile name : ").append(activated ? "custom" : "").append('\n');
            sb.append('\n');
            sb.append("Resource reservation\n");
            sb.append("  Memory               : ").append(a.memoryMb).append(" MB\n");
            sb.append("  Disk                 : ").append(a.diskMb).append(" MB\n");
            sb.append("  CPU                  : ").append(a.cpuUnits).append(" units\n");
            sb.append("  VCPU                 : ").append(a.vcpu).append('\n');
            sb.append("Attached devices\n");
            sb.append("  Type              Name               Alias\n");
            sb.append("---------------------------------------------\n");
            sb.append("  serial/shell     iox_console_shell   serial0\n");
            sb.append("  serial/aux       iox_console_aux     serial1\n");
            sb.append("  serial/syslog    iox_syslog          serial2\n");
            sb.append("  serial/trace     iox_trace           serial3\n");
            sb.append('\n');
            sb.append("Network interfaces\n");
            sb.append("  ---------------------------------------\n");
            sb.append("eth0:\n");
            sb.append("  MAC address         : ").append(mac(a.appId)).append('\n');
            sb.append("  Network name        : mgmt-bridge-v21\n");
            sb.append('\n');
            // The Docker block of public Cat9k 17.x captures (the layout genieparser also reads);
            // not in device-protocols.md. Run-opts are shown joined, without their quotes.
            sb.append("Docker\n");
            sb.append("------\n");
            sb.append("Run-time information\n");
            sb.append("  Command              :\n");
            sb.append("  Entry-point          :\n");
            sb.append("  Run options in use   : ").append(runOptions(a)).append('\n');
            sb.append("  Package run options  :\n");
            sb.append("Application health information\n");
            sb.append("  Status               : 0\n");
            sb.append("  Last probe error     :\n");
            sb.append("  Last probe output    :\n");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String runOptions(AppHosting.App a) {
        return String.join(" ", a.runOpts.stream()
                .map(o -> o.length() >= 2 && o.startsWith("\"") && o.endsWith("\"") ? o.substring(1, o.length() - 1) : o)
                .toList());
    }

    /** Lower-case, as genie's MAC regex requires; stable per app id. */
    private static String mac(String appId) {
        int h = appId.hashCode();
        return String.format("52:54:dd:%02x:%02x:%02x", (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
    }

    /**
     * Usage numbers are a deterministic function of app id and running time: plausible, and the
     * same for the same inputs so tests can compare.
     */
    static String utilization(AppHosting hosting, String appId) {
        AppHosting.App a = hosting.find(appId);
        if (a == null) {
            return "% Error: The application: " + appId + ", does not exist\n";
        }
        boolean running = a.state == AppState.RUNNING;
        long seconds = running ? Math.max(0, (hosting.now() - a.runningSince) / 1000) : 0;
        double cpuUsed = running ? 1.0 + Math.floorMod(appId.hashCode() + seconds, 700) / 100.0 : 0.0;
        long memUsedKb = running ? Math.min(a.memoryMb * 1024L, 40_000L + Math.floorMod(appId.hashCode(), 20_000)) : 0;
        double diskUsed = a.diskMb == 0 ? 0.0 : a.diskMb * 0.42;
        StringBuilder sb = new StringBuilder();
        sb.append("Application: ").append(appId).append('\n');
        sb.append("CPU Utilization:\n");
        sb.append("  CPU Allocation: ").append(a.cpuUnits).append(" units\n");
        sb.append(String.format("  CPU Used:       %.2f %%%n", cpuUsed));
        sb.append("  CPU Cores:      0-").append(Math.max(0, hosting.platform().vcpus() - 1)).append('\n');
        sb.append('\n');
        sb.append("Memory Utilization:\n");
        sb.append("  Memory Allocation: ").append(a.memoryMb).append(" MB\n");
        sb.append("  Memory Used:       ").append(memUsedKb).append(" KB\n");
        sb.append("Disk Utilization:\n");
        sb.append("  Disk Allocation: ").append(a.diskMb).append(" MB\n");
        sb.append(String.format("  Disk Used:       %.2f MB%n", diskUsed));
        return sb.toString();
    }

    static String resource(AppHosting hosting) {
        IosxePlatform p = hosting.platform();
        StringBuilder sb = new StringBuilder();
        sb.append("CPU:\n");
        sb.append("  Quota: ").append(p.cpuUnits()).append("(Units)\n");
        sb.append("  Available: ").append(p.cpuUnits() - hosting.reservedCpu()).append("(Units)\n");
        sb.append("VCPU:\n");
        sb.append("  Count: ").append(p.vcpus()).append('\n');
        sb.append("Memory:\n");
        sb.append("  Quota: ").append(p.memoryMb()).append("(MB)\n");
        sb.append("  Available: ").append(p.memoryMb() - hosting.reservedMemory()).append("(MB)\n");
        sb.append("Storage space:\n");
        sb.append("  Total: ").append(p.storageMb()).append("(MB)\n");
        sb.append("  Available: ").append(p.storageMb() - 400 - hosting.reservedDisk()).append("(MB)\n");
        return sb.toString();
    }

    static String ioxService() {
        return """
                IOx service (CAF) 1.10.0.1 : Running
                IOx service (HA)          : Not Supported\s
                IOx service (IOxman)      : Running
                IOx service (Sec storage) : Not Supported
                Libvirtd 1.3.4            : Running
                Dockerd v19.03.13-ce      : Running
                """;
    }

    static String runningConfigAppHosting(AppHosting hosting) {
        StringBuilder sb = new StringBuilder();
        for (AppConfig c : hosting.configs()) {
            c.render().forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }
}
