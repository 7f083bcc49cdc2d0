package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.Network;
import io.appfleet.drivers.AppSpec.Resources;
import io.appfleet.drivers.ssh.CliInput;

import java.util.ArrayList;
import java.util.List;

/**
 * The IOS-XE CLI lines appfleet sends, built only from validated values (see {@link CliInput}):
 * a value that fails validation throws IllegalArgumentException naming the field, before any
 * line reaches the device.
 */
public final class IosxeCommands {

    public static final String SHOW_LIST = "show app-hosting list";
    /** Every app's details, the package it was installed from among them ("Path"). */
    public static final String SHOW_DETAIL = "show app-hosting detail";
    public static final String SHOW_IOX = "show iox-service";
    /** The FED the CPP counters are read from: the active one (of a stack, or the only one). */
    public static final String CPP_LOCATION = "active";
    public static final String SHOW_CPP = "show platform hardware fed " + CPP_LOCATION + " qos queue stats internal cpu policer";
    public static final String CONFIGURE_TERMINAL = "configure terminal";
    public static final String END = "end";
    public static final String EXIT = "exit";

    private IosxeCommands() {
    }

    public static String install(String appId, String packagePath) {
        return "app-hosting install appid " + CliInput.appId("appId", appId) + " package "
                + CliInput.devicePath("packagePath", packagePath);
    }

    /** Downloads {@code url} to the device file {@code destination} (answers to its questions: see the driver). */
    public static String copy(String url, String destination) {
        return "copy " + CliInput.url("packageSource.url", url) + " " + CliInput.devicePath("packagePath", destination);
    }

    public static String verifySha256(String path) {
        return "verify /sha256 " + CliInput.devicePath("packagePath", path);
    }

    /** Deletes without the "Delete filename?" / "[confirm]" questions. */
    public static String deleteForce(String path) {
        return "delete /force " + CliInput.devicePath("packagePath", path);
    }

    /** activate, start, stop, deactivate or uninstall. */
    public static String verb(String verb, String appId) {
        if (!List.of("activate", "start", "stop", "deactivate", "uninstall").contains(verb)) {
            throw new IllegalArgumentException("verb must be one of activate, start, stop, deactivate, uninstall");
        }
        return "app-hosting " + verb + " appid " + CliInput.appId("appId", appId);
    }

    public static String utilization(String appId) {
        return "show app-hosting utilization appid " + CliInput.appId("appId", appId);
    }

    /**
     * The {@code app-hosting appid} block (without configure terminal / end). Sub-modes are left
     * with an explicit {@code exit} rather than relying on IOS falling back to the parent mode.
     */
    public static List<String> appConfig(AppSpec app) {
        String appId = CliInput.appId("appId", app.appId());
        List<String> lines = new ArrayList<>();
        lines.add("app-hosting appid " + appId);
        Network net = app.network();
        if (net != null) {
            if (net.mode() == null) {
                throw new IllegalArgumentException("network.mode must be set");
            }
            switch (net.mode()) {
                case MANAGEMENT -> lines.add("app-vnic management guest-interface 0");
                case APPGIG_TRUNK -> lines.add("app-vnic AppGigabitEthernet trunk");
                case VIRTUAL_PORT_GROUP -> {
                    int group = CliInput.number("network.virtualPortGroup", net.virtualPortGroup(), 0, 4095);
                    lines.add("app-vnic gateway0 virtualportgroup " + group + " guest-interface 0");
                    if (net.guestIpAddress() != null) {
                        lines.add("guest-ipaddress " + CliInput.ipv4("network.guestIpAddress", net.guestIpAddress())
                                + " netmask " + CliInput.ipv4("network.netmask", net.netmask()));
                    }
                    lines.add(EXIT);
                    if (net.defaultGateway() != null) {
                        lines.add("app-default-gateway " + CliInput.ipv4("network.defaultGateway", net.defaultGateway())
                                + " guest-interface 0");
                    }
                }
            }
            if (net.mode() != AppSpec.Network.Mode.VIRTUAL_PORT_GROUP) {
                lines.add(EXIT);
            }
        }
        if (!app.runOpts().isEmpty()) {
            lines.add("app-resource docker");
            int i = 1;
            for (String opt : app.runOpts()) {
                // Quoted on the device so an option with spaces stays one entry; the validator has
                // already refused any quote inside it, so it cannot end the string early.
                lines.add("run-opts " + i + " \"" + CliInput.text("runOpts[" + (i - 1) + "]", opt) + "\"");
                i++;
            }
            lines.add(EXIT);
        }
        Resources r = app.resources();
        if (r != null && (r.cpuUnits() != null || r.memoryMb() != null || r.diskMb() != null || r.vcpu() != null)) {
            lines.add("app-resource profile custom");
            if (r.cpuUnits() != null) {
                lines.add("cpu " + CliInput.number("resources.cpuUnits", r.cpuUnits(), 1, 1_000_000));
            }
            if (r.memoryMb() != null) {
                lines.add("memory " + CliInput.number("resources.memoryMb", r.memoryMb(), 1, 1_048_576));
            }
            if (r.diskMb() != null) {
                lines.add("persist-disk " + CliInput.number("resources.diskMb", r.diskMb(), 1, 10_485_760));
            }
            if (r.vcpu() != null) {
                lines.add("vcpu " + CliInput.number("resources.vcpu", r.vcpu(), 1, 256));
            }
            lines.add(EXIT);
        }
        lines.add(EXIT);
        return lines;
    }

    public static List<String> appUnconfig(String appId) {
        return List.of("no app-hosting appid " + CliInput.appId("appId", appId));
    }

    /**
     * The policy-map lines that disable ({@code no police rate <r> pps}, as the IOx guide asks) or
     * restore ({@code police rate <r> pps}) one system CPP class.
     */
    public static List<String> cppPolicer(String cppClass, boolean enable, long ratePps) {
        if (ratePps < 1 || ratePps > 10_000_000) {
            throw new IllegalArgumentException("ratePps must be from 1 to 10000000");
        }
        return List.of(
                "policy-map system-cpp-policy",
                "class " + CliInput.cppClass("cppClass", cppClass),
                (enable ? "" : "no ") + "police rate " + ratePps + " pps",
                EXIT,
                EXIT);
    }

    /** Validates everything the planner will later turn into lines, so a bad spec fails at plan time. */
    static void validate(AppSpec app) {
        appConfig(app);
        if (app.packagePath() != null) {
            install(app.appId(), app.packagePath());
        }
        if (app.packageSource() != null) {
            if (app.packagePath() == null) {
                throw new IllegalArgumentException("packagePath (the destination on the device) must be set with packageSource");
            }
            copy(app.packageSource().url(), app.packagePath());
        }
    }
}
