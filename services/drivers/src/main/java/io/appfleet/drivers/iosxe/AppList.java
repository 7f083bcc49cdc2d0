package io.appfleet.drivers.iosxe;

import java.util.List;

/** {@code show app-hosting list}. */
public record AppList(List<App> apps) {

    public record App(String appId, String state) {
    }
}
