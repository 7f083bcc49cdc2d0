package io.appfleet.devicesim.iosxe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Exec-mode commands ({@code host#}). Returns null for a line it does not know. */
final class ExecCommands {

    private static final Pattern VERB = Pattern.compile(
            "app-hosting (activate|start|stop|deactivate|uninstall) appid (\\S+)");
    private static final Pattern INSTALL = Pattern.compile("app-hosting install appid (\\S+) package (\\S+)");
    private static final Pattern CPP = Pattern.compile(
            "show platform hardware fed (?:switch (?:active|\\d+) )?(?:active )?qos queue stats internal cpu policer");

    private ExecCommands() {
    }

    static String handle(IosxeCli cli, String line, String[] w) {
        String l = line.replaceAll("\\s+", " ");
        AppHosting hosting = cli.device.appHosting();
        if (l.equals("configure terminal") || l.equals("conf t")) {
            cli.mode = Mode.CONFIG;
            return "Enter configuration commands, one per line.  End with CNTL/Z.\n";
        }
        if (w[0].equals("terminal") && w.length == 3 && w[1].equals("length") && w[2].matches("\\d+")) {
            cli.terminalLength = Integer.parseInt(w[2]);
            return "";
        }
        Matcher m;
        if ((m = INSTALL.matcher(l)).matches()) {
            return hosting.install(m.group(1), m.group(2)) + "\n";
        }
        if ((m = VERB.matcher(l)).matches()) {
            String app = m.group(2);
            String reply = switch (m.group(1)) {
                case "activate" -> hosting.activate(app);
                case "start" -> hosting.start(app);
                case "stop" -> hosting.stop(app);
                case "deactivate" -> hosting.deactivate(app);
                default -> hosting.uninstall(app);
            };
            return reply + "\n";
        }
        if (w[0].equals("show")) {
            return show(cli, l);
        }
        return null;
    }

    private static String show(IosxeCli cli, String l) {
        AppHosting hosting = cli.device.appHosting();
        switch (l) {
            case "show app-hosting list":
                return AppHostingRenderer.list(hosting);
            case "show app-hosting detail":
                return AppHostingRenderer.detail(hosting, null);
            case "show app-hosting resource":
                return AppHostingRenderer.resource(hosting);
            case "show iox-service":
                return AppHostingRenderer.ioxService();
            case "show running-config | section app-hosting":
                return AppHostingRenderer.runningConfigAppHosting(hosting);
            default:
                break;
        }
        if (l.startsWith("show app-hosting detail appid ") && l.split(" ").length == 5) {
            return AppHostingRenderer.detail(hosting, l.split(" ")[4]);
        }
        if (l.startsWith("show app-hosting utilization appid ") && l.split(" ").length == 5) {
            return AppHostingRenderer.utilization(hosting, l.split(" ")[4]);
        }
        if (CPP.matcher(l).matches()) {
            return CppPolicerRenderer.render(cli.device.cppPolicer());
        }
        if (l.equals("show policy-map system-cpp-policy")) {
            CppPolicer p = cli.device.cppPolicer();
            return "  Policy Map system-cpp-policy\n    Class system-cpp-police-sys-data\n"
                    + (p.enabled() ? "      police rate " + p.rate() + " pps\n" : "");
        }
        return null;
    }
}
