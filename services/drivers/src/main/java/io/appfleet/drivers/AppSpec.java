package io.appfleet.drivers;

import java.util.List;
import java.util.Objects;

/**
 * One app as desired on one device. {@code packagePath} is where the package already sits on the
 * device (IOS-XE {@code usbflash0:perfsonar.tar}) or an image reference for platforms that pull.
 * {@code resources} and {@code network} may be null: the device's defaults then apply.
 */
public record AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                      List<String> runOpts, Network network) {

    public enum DesiredState { RUNNING, STOPPED, ABSENT }

    public AppSpec {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(desiredState, "desiredState");
        runOpts = runOpts == null ? List.of() : List.copyOf(runOpts);
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
