package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough IOS-XE replies for the driver tests, with the wordings of device-protocols.md 1a:
 * 17.x background install/uninstall that stay transient for one list read, wrong-state replies
 * without '%', and the CPP table of fixture 1. The full simulator lives in services/device-sim.
 */
final class MiniIosxe implements Function<String, String> {

    final Map<String, String> apps = new LinkedHashMap<>();
    boolean sysDataPolicerOn = true;
    /** Lines refused in config mode. */
    String refuseConfig;
    private final Map<String, String> pending = new LinkedHashMap<>();

    private static final Pattern VERB = Pattern.compile("app-hosting (install|activate|start|stop|deactivate|uninstall) appid (\\S+).*");

    @Override
    public synchronized String apply(String line) {
        if (line.equals(refuseConfig)) {
            return "                    ^\n% Invalid input detected at '^' marker.";
        }
        if (line.equals("show app-hosting list")) {
            String out = list();
            // Background work finishes after one read of the list.
            pending.forEach((app, next) -> {
                if (next == null) {
                    apps.remove(app);
                } else {
                    apps.put(app, next);
                }
            });
            pending.clear();
            return out;
        }
        if (line.equals("show iox-service")) {
            return "IOx Infrastructure Summary:\n---------------------------\nIOx service (CAF) 1.10.0.1 : Running\n"
                    + "IOx service (HA)          : Not Supported\nIOx service (IOxman)      : Running\n"
                    + "Libvirtd   1.3.4          : Running\nDockerd    v18.03.0       : Running";
        }
        if (line.startsWith("show app-hosting utilization appid ")) {
            return Fixtures.text("iosxe-show-app-hosting-utilization-1.txt").stripTrailing();
        }
        if (line.startsWith("show platform hardware fed active qos queue stats internal cpu policer")) {
            String table = Fixtures.text("iosxe-cpp-policer-stats-1.txt");
            table = table.substring(table.indexOf('\n') + 1);
            return sysDataPolicerOn ? table : table.replaceAll("(?m)^(\\d+\\s+10\\s+.*?)Yes", "$1No ");
        }
        if (line.equals("no police rate 250 pps")) {
            sysDataPolicerOn = false;
            return "";
        }
        Matcher m = VERB.matcher(line);
        if (m.matches()) {
            return verb(m.group(1), m.group(2), line);
        }
        return "";
    }

    private String list() {
        if (apps.isEmpty()) {
            return "No App found";
        }
        StringBuilder sb = new StringBuilder("App id                                   State\n" + "-".repeat(57) + "\n");
        apps.forEach((id, st) -> sb.append(String.format("%-40s %s%n", id, st)));
        return sb.toString().stripTrailing();
    }

    private String verb(String verb, String app, String line) {
        String state = apps.get(app);
        if (verb.equals("install")) {
            String pkg = line.substring(line.indexOf(" package ") + 9);
            apps.put(app, "INSTALLING");
            pending.put(app, "DEPLOYED");
            return "Installing package '" + pkg + "' for '" + app + "'. Use 'show app-hosting list' for progress.";
        }
        if (state == null) {
            return verb.equals("uninstall") ? "% Error: No App found with name '" + app + "'"
                    : "% Error: The application: " + app + ", does not exist";
        }
        Map<String, String> from = Map.of("activate", "DEPLOYED", "start", "ACTIVATED|STOPPED", "stop", "RUNNING",
                "deactivate", "ACTIVATED|STOPPED", "uninstall", "DEPLOYED");
        if (!state.matches(from.get(verb))) {
            return "Invalid '" + verb + "' request. " + app + " is in " + state;
        }
        if (verb.equals("uninstall")) {
            apps.put(app, "UNINSTALLING");
            pending.put(app, null);
            return "Uninstalling '" + app + "'. Use 'show app-hosting list' for progress.";
        }
        String next = Map.of("activate", "ACTIVATED", "start", "RUNNING", "stop", "STOPPED", "deactivate", "DEPLOYED").get(verb);
        apps.put(app, next);
        String past = Map.of("activate", "activated", "start", "started", "stop", "stopped", "deactivate", "deactivated").get(verb);
        return app + " " + past + " successfully\nCurrent state is: " + next;
    }
}
