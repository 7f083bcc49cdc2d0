package io.appfleet.desired.targeting;

import io.appfleet.desired.manifest.AppDeployment.App;
import io.appfleet.desired.manifest.AppDeployment.AppState;
import io.appfleet.desired.manifest.AppDeployment.NetworkMode;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;

/**
 * What a platform cannot run at all, whatever its free capacity: said at apply time as the
 * device's Unschedulable reason instead of as a failing install on the device later.
 */
public final class PlatformFit {

    private PlatformFit() {
    }

    /** Why {@code app} cannot be placed on {@code device}, or null when the platform can run it. */
    public static String problem(Device device, App app, AppState state) {
        if (state == AppState.ABSENT) {
            return null;
        }
        Platform p = device.getPlatform();
        if (p == Platform.PLATFORM_IOSXE && app.image() != null) {
            return "IOS-XE installs IOx packages: give spec.app.package, not an image";
        }
        if (p == Platform.PLATFORM_INFIX && app.id().length() < 2) {
            return "Infix container names have at least 2 characters; app id '" + app.id() + "' is too short";
        }
        if (app.network() != null && app.network().mode() != null) {
            NetworkMode mode = app.network().mode();
            boolean iosxeOnly = mode == NetworkMode.APPGIGABIT_TRUNK || mode == NetworkMode.APPGIGABIT_VLAN_ACCESS
                    || mode == NetworkMode.VIRTUAL_PORT_GROUP;
            if (iosxeOnly && p != Platform.PLATFORM_IOSXE) {
                return "network mode " + mode.json() + " exists only on IOS-XE";
            }
            if (mode == NetworkMode.HOST_INTERFACES && p != Platform.PLATFORM_INFIX) {
                return "network mode host-interfaces exists only on Infix";
            }
        }
        return null;
    }
}
