package io.appfleet.drivers;

import java.util.List;
import java.util.Objects;

/**
 * One app as desired on one device. {@code packagePath} is where the package already sits on the
 * device (IOS-XE {@code usbflash0:perfsonar.tar}, IOS-XR 7.x appmgr {@code /misc/app_host/x.rpm})
 * or an image reference for platforms that pull (Infix, IOS-XR 6.x docker).
 * {@code resources} and {@code network} may be null: the device's defaults then apply.
 * {@code command} (null: the image's own) overrides the container's command where the platform
 * has one (IOS-XR {@code docker-run-cmd}, the command after the image of {@code docker run}).
 */
public record AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                      List<String> runOpts, Network network, String command) {

    public enum DesiredState { RUNNING, STOPPED, ABSENT }

    public AppSpec {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(desiredState, "desiredState");
        runOpts = runOpts == null ? List.of() : List.copyOf(runOpts);
    }

    /** Without a command override. */
    public AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                   List<String> runOpts, Network network) {
        this(appId, desiredState, packagePath, resources, runOpts, network, null);
    }

    /** Null fields are left to the device's default profile. */
    public record Resources(Integer vcpu, Integer cpuUnits, Integer memoryMb, Integer diskMb) {
    }

    /**
     * The app's vNIC. MANAGEMENT uses the management port; VIRTUAL_PORT_GROUP is the routed
     * {@code gateway0 virtualportgroup N} form with a static guest address; APPGIG_TRUNK is the
     * Cat9k front-panel L2 trunk (the form that keeps app traffic away from the CPP policers).
     */
    public record Network(Mode mode, Integer virtualPortGroup, String guestIpAddress, String netmask,
                          String defaultGateway) {

        public enum Mode { MANAGEMENT, VIRTUAL_PORT_GROUP, APPGIG_TRUNK }

        public static Network management() {
            return new Network(Mode.MANAGEMENT, null, null, null, null);
        }
    }
}
