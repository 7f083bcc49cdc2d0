package io.appfleet.drivers.iosxe;

import java.util.List;

/** {@code show iox-service}: each IOx component with the version the device prints and its status. */
public record IoxService(List<Component> components) {

    public record Component(String name, String version, String status) {
    }
}
