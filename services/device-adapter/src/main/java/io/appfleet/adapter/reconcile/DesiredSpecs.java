package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.proto.fleet.v1.AppNetwork;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.GuestInterface;
import io.appfleet.proto.fleet.v1.NetworkMode;
import io.appfleet.proto.fleet.v1.Platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a device's desired state (the Kafka contract) into what the drivers take: one
 * {@link AppSpec} per app and a {@link DevicePolicy}. An app that cannot be turned into a spec is
 * set aside with the reason, so one bad app does not block the others on the device.
 */
public final class DesiredSpecs {

    /** Label naming the IOS-XE filesystem that holds app packages (default usbflash0:). */
    public static final String STORAGE_LABEL = "appfleet.io/app-storage";
    static final String DEFAULT_IOSXE_STORAGE = "usbflash0:";
    static final String IOSXR_APP_HOST = "/misc/app_host/";

    /** An app left out, and why (reported on the device's observed state and as an event). */
    public record Rejected(String appId, String reason) {
    }

    public record Result(List<AppSpec> specs, List<Rejected> rejected, DevicePolicy policy, boolean prune) {
    }

    private DesiredSpecs() {
    }

    /**
     * @param managedApps apps appfleet put on the device earlier: one that the desired state no
     *                    longer names is to be removed
     */
    public static Result of(Device device, DesiredDeviceState desired, Set<String> managedApps) {
        List<AppSpec> specs = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        List<DesiredApp> apps = desired == null ? List.of() : desired.getAppsList();
        for (DesiredApp app : apps) {
            if (seen.put(app.getAppId(), Boolean.TRUE) != null) {
                rejected.add(new Rejected(app.getAppId(), "appId " + app.getAppId() + " is desired twice"));
                continue;
            }
            try {
                specs.add(toSpec(device, app));
            } catch (IllegalArgumentException e) {
                rejected.add(new Rejected(app.getAppId(), e.getMessage()));
            }
        }
        for (String id : new java.util.TreeSet<>(managedApps)) {
            if (!seen.containsKey(id)) {
                specs.add(new AppSpec(id, AppSpec.DesiredState.ABSENT, null, null, List.of(), null));
            }
        }
        Map<String, Boolean> cpp = new LinkedHashMap<>();
        if (desired != null) {
            for (CppPolicerSetting s : desired.getSettings().getCppPolicersList()) {
                cpp.put(s.getClassName(), s.getEnabled());
            }
        }
        return new Result(List.copyOf(specs), List.copyOf(rejected), new DevicePolicy(cpp),
                desired != null && desired.getPruneUnmanaged());
    }

    static AppSpec toSpec(Device device, DesiredApp app) {
        if (app.getAppId().isEmpty()) {
            throw new IllegalArgumentException("an app has no appId");
        }
        AppSpec.DesiredState state = switch (app.getState()) {
            case DESIRED_APP_STATE_RUNNING -> AppSpec.DesiredState.RUNNING;
            case DESIRED_APP_STATE_STOPPED -> AppSpec.DesiredState.STOPPED;
            case DESIRED_APP_STATE_ABSENT -> AppSpec.DesiredState.ABSENT;
            default -> throw new IllegalArgumentException("app " + app.getAppId() + " has no state (RUNNING, STOPPED or ABSENT)");
        };
        if (state == AppSpec.DesiredState.ABSENT) {
            return new AppSpec(app.getAppId(), state, null, null, List.of(), null);
        }
        List<String> runOpts = new ArrayList<>(app.getRunOptsList());
        // Environment as docker -e options, in a stable order so the configuration compares equal.
        new TreeMap<>(app.getEnvMap()).forEach((k, v) -> runOpts.add("-e " + k + "=" + v));
        AppSpec spec = new AppSpec(app.getAppId(), state, artifactPath(device, app), resources(app.getResources()), runOpts,
                network(device.getPlatform(), app), app.getCommand().isBlank() ? null : app.getCommand());
        return device.getPlatform() == Platform.PLATFORM_IOSXE && app.hasPackage()
                ? spec.withPackageSource(packageSource(app)) : spec;
    }

    /** IOS-XE copies the package from its URL and checks its digest before installing. */
    private static AppSpec.PackageSource packageSource(DesiredApp app) {
        if (app.getPackage().getSha256().isEmpty()) {
            throw new IllegalArgumentException("app " + app.getAppId() + ": package.sha256 is required to copy the package");
        }
        try {
            return new AppSpec.PackageSource(app.getPackage().getUrl(), app.getPackage().getSha256(),
                    app.getPackage().getSizeBytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("app " + app.getAppId() + ": " + e.getMessage());
        }
    }

    /** Where the driver finds what to run: a file on the device, or an image reference. */
    static String artifactPath(Device device, DesiredApp app) {
        if (app.hasImage()) {
            if (app.getImage().getReference().isBlank()) {
                throw new IllegalArgumentException("app " + app.getAppId() + " has an empty image reference");
            }
            return app.getImage().getReference();
        }
        if (!app.hasPackage() || app.getPackage().getUrl().isBlank()) {
            throw new IllegalArgumentException("app " + app.getAppId() + " has neither a package nor an image");
        }
        String url = app.getPackage().getUrl();
        if (device.getPlatform() == Platform.PLATFORM_INFIX) {
            return url; // Infix fetches http(s) images itself
        }
        String file = fileName(app.getAppId(), url);
        if (device.getPlatform() == Platform.PLATFORM_IOSXR) {
            return IOSXR_APP_HOST + file;
        }
        String storage = device.getLabelsOrDefault(STORAGE_LABEL, DEFAULT_IOSXE_STORAGE);
        return (storage.endsWith(":") ? storage : storage + ":") + file;
    }

    /** Messages never quote the URL: it may carry a user, a password or a token. */
    private static String fileName(String appId, String url) {
        String path;
        try {
            path = new URI(url).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("app " + appId + ": package.url is not a valid URL");
        }
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException("app " + appId + ": package.url names no file");
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static AppSpec.Resources resources(AppResources r) {
        if (r.getVcpu() == 0 && r.getCpuUnits() == 0 && r.getMemoryMib() == 0 && r.getDiskMib() == 0) {
            return null;
        }
        return new AppSpec.Resources(orNull(r.getVcpu()), orNull(r.getCpuUnits()), orNull(r.getMemoryMib()),
                orNull(r.getDiskMib()));
    }

    private static Integer orNull(int v) {
        return v == 0 ? null : v;
    }

    /**
     * The app's vNIC, or null for the platform's default attachment. A mode the platform cannot
     * give the app is an invalid app, never silently the default: the device would be reported
     * in sync with a network it does not have.
     */
    private static AppSpec.Network network(Platform platform, DesiredApp app) {
        AppNetwork n = app.getNetwork();
        if (n.equals(AppNetwork.getDefaultInstance())) {
            return null; // no network asked for (proto3 cannot tell an empty message from none)
        }
        String mode = n.getMode() == NetworkMode.UNRECOGNIZED ? String.valueOf(n.getModeValue())
                : n.getMode().name().replace("NETWORK_MODE_", "");
        String where = platform.name().replace("PLATFORM_", "").replace("IOSXE", "IOS-XE").replace("IOSXR", "IOS-XR");
        return switch (n.getMode()) {
            case NETWORK_MODE_UNSPECIFIED -> throw invalid(app, "network.mode must be set");
            case UNRECOGNIZED -> throw invalid(app, "network mode " + mode + " is unknown to this adapter");
            case NETWORK_MODE_APPGIGABIT_VLAN_ACCESS, NETWORK_MODE_HOST_INTERFACES ->
                    throw invalid(app, "network mode " + mode + " is not supported by this adapter");
            // IOS-XR and Infix apps share the host's network namespace unless told otherwise.
            case NETWORK_MODE_HOST -> {
                if (platform == Platform.PLATFORM_IOSXE) {
                    throw invalid(app, "network mode HOST is not supported on " + where);
                }
                yield null;
            }
            case NETWORK_MODE_MANAGEMENT, NETWORK_MODE_APPGIGABIT_TRUNK, NETWORK_MODE_VIRTUAL_PORT_GROUP -> {
                // IOS-XR apps get their network from their docker run options only.
                if (platform == Platform.PLATFORM_IOSXR) {
                    throw invalid(app, "network mode " + mode + " is not supported on " + where);
                }
                yield switch (n.getMode()) {
                    case NETWORK_MODE_MANAGEMENT -> AppSpec.Network.management();
                    case NETWORK_MODE_APPGIGABIT_TRUNK -> vnic(app, AppSpec.Network.Mode.APPGIG_TRUNK, null);
                    default -> vnic(app, AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, n.getVirtualPortGroup());
                };
            }
        };
    }

    /** The first guest interface's static IPv4 settings (none: DHCP or unnumbered). */
    private static AppSpec.Network vnic(DesiredApp app, AppSpec.Network.Mode mode, Integer virtualPortGroup) {
        AppNetwork n = app.getNetwork();
        GuestInterface first = n.getInterfacesCount() > 0 ? n.getInterfaces(0) : GuestInterface.getDefaultInstance();
        String mask;
        try {
            mask = netmask(first.getIpv4PrefixLength());
        } catch (IllegalArgumentException e) {
            throw invalid(app, e.getMessage());
        }
        return new AppSpec.Network(mode, virtualPortGroup, blankToNull(first.getIpv4Address()), mask,
                blankToNull(first.getIpv4Gateway()));
    }

    private static IllegalArgumentException invalid(DesiredApp app, String why) {
        return new IllegalArgumentException("app " + app.getAppId() + ": " + why);
    }

    static String netmask(int prefix) {
        if (prefix <= 0) {
            return null;
        }
        if (prefix > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + prefix + " is over 32");
        }
        long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
