package io.appfleet.devicesim.iosxe;

/**
 * Configuration commands of each config mode. Returns null when the line is not a command of
 * {@code m}, so {@link IosxeCli} can try the parent mode. A recognised line switches
 * {@code cli.mode} to {@code m} (or to the sub-mode it enters).
 */
final class ConfigCommands {

    private ConfigCommands() {
    }

    static String handle(IosxeCli cli, Mode m, String line, String[] w) {
        return switch (m) {
            case CONFIG -> config(cli, w);
            case APP_HOSTING -> appHosting(cli, line, w);
            case APP_VNIC -> vnic(cli, line, w);
            case APP_DOCKER -> docker(cli, line, w);
            case APP_PROFILE -> profile(cli, w);
            case POLICY_MAP -> policyMap(cli, w);
            case POLICY_CLASS -> policyClass(cli, w);
            default -> null;
        };
    }

    private static String config(IosxeCli cli, String[] w) {
        AppHosting hosting = cli.device.appHosting();
        if (w.length == 3 && w[0].equals("app-hosting") && w[1].equals("appid")) {
            String out = cli.pendingAppBlockError("");
            hosting.configure(w[2]);
            cli.context = w[2];
            cli.mode = Mode.APP_HOSTING;
            return out;
        }
        if (w.length == 4 && w[0].equals("no") && w[1].equals("app-hosting") && w[2].equals("appid")) {
            hosting.unconfigure(w[3]);
            cli.mode = Mode.CONFIG;
            cli.context = null;
            return "";
        }
        if (w.length == 1 && w[0].equals("iox")) {
            cli.mode = Mode.CONFIG;
            return "";
        }
        if (w.length == 2 && w[0].equals("policy-map") && w[1].equals("system-cpp-policy")) {
            cli.mode = Mode.POLICY_MAP;
            cli.context = null;
            return "";
        }
        return null;
    }

    private static String appHosting(IosxeCli cli, String line, String[] w) {
        AppConfig c = cli.device.appHosting().configure(cli.context);
        if (w[0].equals("no") && w.length >= 2) {
            String out = noAppHosting(cli, c, line.substring(line.indexOf(w[1])), w);
            if (out != null) {
                cli.mode = Mode.APP_HOSTING;
            }
            return out;
        }
        if (w[0].equals("app-vnic") || w[0].equals("app-default-gateway")) {
            // Kept verbatim for show running-config; the simulator does not model networking.
            synchronized (cli.device.appHosting()) {
                c.vnicLines.add(line);
            }
            cli.mode = w[0].equals("app-vnic") ? Mode.APP_VNIC : Mode.APP_HOSTING;
            return "";
        }
        if (w.length == 2 && w[0].equals("app-resource") && w[1].equals("docker")) {
            synchronized (cli.device.appHosting()) {
                c.dockerBlock = true;
            }
            cli.mode = Mode.APP_DOCKER;
            return "";
        }
        if (w.length == 3 && w[0].equals("app-resource") && w[1].equals("profile") && w[2].equals("custom")) {
            synchronized (cli.device.appHosting()) {
                c.profileCustom = true;
            }
            cli.mode = Mode.APP_PROFILE;
            return "";
        }
        return null;
    }

    /**
     * The no forms of the block's lines. As on IOS, they may be accepted while the app is active:
     * the block is read at the next activate (see {@link AppHosting#activate}), so the app keeps
     * the settings it was activated with until then. Removing something that is not there is
     * accepted silently. No form grammar follows the IOS convention; not from a published capture.
     */
    private static String noAppHosting(IosxeCli cli, AppConfig c, String rest, String[] w) {
        synchronized (cli.device.appHosting()) {
            if (w[1].equals("app-vnic")) {
                int at = c.vnicLines.indexOf(rest);
                if (at >= 0) {
                    c.vnicLines.remove(at);
                    while (at < c.vnicLines.size() && c.vnicLines.get(at).startsWith(" ")) {
                        c.vnicLines.remove(at); // its addressing goes with it
                    }
                }
                return "";
            }
            if (w[1].equals("app-default-gateway")) {
                c.vnicLines.remove(rest);
                return "";
            }
            if (w.length == 3 && w[1].equals("app-resource") && w[2].equals("docker")) {
                c.dockerBlock = false;
                c.runOpts.clear();
                return "";
            }
            if (w.length >= 3 && w.length <= 4 && w[1].equals("app-resource") && w[2].equals("profile")) {
                if (w.length == 3 || w[3].equals("custom")) {
                    c.profileCustom = false;
                    c.cpuUnits = null;
                    c.memoryMb = null;
                    c.persistDiskMb = null;
                    c.vcpu = null;
                }
                return "";
            }
        }
        return null;
    }

    private static String vnic(IosxeCli cli, String line, String[] w) {
        if (w.length >= 2 && w[0].equals("no") && w[1].equals("guest-ipaddress")) {
            AppConfig c = cli.device.appHosting().configure(cli.context);
            synchronized (cli.device.appHosting()) {
                c.vnicLines.removeIf(l -> l.startsWith(" guest-ipaddress"));
            }
            cli.mode = Mode.APP_VNIC;
            return "";
        }
        if (w[0].equals("guest-ipaddress")) {
            AppConfig c = cli.device.appHosting().configure(cli.context);
            synchronized (cli.device.appHosting()) {
                c.vnicLines.add(" " + line);
            }
            cli.mode = Mode.APP_VNIC;
            return "";
        }
        return null;
    }

    private static String docker(IosxeCli cli, String line, String[] w) {
        if (w.length == 3 && w[0].equals("no") && w[1].equals("run-opts") && w[2].matches("\\d{1,5}")) {
            AppConfig c = cli.device.appHosting().configure(cli.context);
            synchronized (cli.device.appHosting()) {
                c.runOpts.remove(Integer.parseInt(w[2]));
            }
            cli.mode = Mode.APP_DOCKER;
            return "";
        }
        if (w.length >= 3 && w[0].equals("run-opts") && w[1].matches("\\d+")) {
            String value = line.substring(line.indexOf(w[1], "run-opts".length()) + w[1].length()).strip();
            AppConfig c = cli.device.appHosting().configure(cli.context);
            synchronized (cli.device.appHosting()) {
                c.runOpts.put(Integer.parseInt(w[1]), value);
            }
            cli.mode = Mode.APP_DOCKER;
            return "";
        }
        return null;
    }

    private static String profile(IosxeCli cli, String[] w) {
        if (w.length == 2 && w[0].equals("no")) {
            AppConfig c = cli.device.appHosting().configure(cli.context);
            synchronized (cli.device.appHosting()) {
                switch (w[1]) {
                    case "cpu" -> c.cpuUnits = null;
                    case "memory" -> c.memoryMb = null;
                    case "vcpu" -> c.vcpu = null;
                    case "persist-disk" -> c.persistDiskMb = null;
                    default -> {
                        return null;
                    }
                }
            }
            cli.mode = Mode.APP_PROFILE;
            return "";
        }
        if (w.length != 2 || !w[1].matches("\\d{1,7}")) {
            return null;
        }
        int v = Integer.parseInt(w[1]);
        AppConfig c = cli.device.appHosting().configure(cli.context);
        synchronized (cli.device.appHosting()) {
            switch (w[0]) {
                case "cpu" -> c.cpuUnits = v;
                case "memory" -> c.memoryMb = v;
                case "vcpu" -> c.vcpu = v;
                case "persist-disk" -> c.persistDiskMb = v;
                default -> {
                    return null;
                }
            }
        }
        cli.mode = Mode.APP_PROFILE;
        return "";
    }

    private static String policyMap(IosxeCli cli, String[] w) {
        if (w.length == 2 && w[0].equals("class") && w[1].startsWith("system-cpp-")) {
            cli.context = w[1];
            cli.mode = Mode.POLICY_CLASS;
            return "";
        }
        return null;
    }

    /** Only the sys-data class is modelled; police lines in other classes are accepted and ignored. */
    private static String policyClass(IosxeCli cli, String[] w) {
        boolean sysData = "system-cpp-police-sys-data".equals(cli.context);
        CppPolicer p = cli.device.cppPolicer();
        if (w.length == 4 && w[0].equals("police") && w[1].equals("rate") && w[2].matches("\\d+") && w[3].equals("pps")) {
            if (sysData) {
                p.police(Integer.parseInt(w[2]));
            }
            cli.mode = Mode.POLICY_CLASS;
            return "";
        }
        if (w[0].equals("no") && w.length >= 2 && w[1].equals("police")) {
            if (sysData) {
                p.noPolice();
            }
            cli.mode = Mode.POLICY_CLASS;
            return "";
        }
        return null;
    }
}
