package io.appfleet.drivers.iosxe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One "app-hosting-oper-data app X" entry while its lines are read. */
final class SdwanSection {

    private final String appId;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final Map<String, Object> utilization = new LinkedHashMap<>();
    private final Map<String, Object> other = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> blocks = new LinkedHashMap<>();
    final List<SdwanOperData.NicStats> nics = new ArrayList<>();
    final List<SdwanOperData.Device> devices = new ArrayList<>();
    final List<SdwanOperData.Vnic> vnics = new ArrayList<>();

    SdwanSection(String appId) {
        this.appId = appId;
    }

    void leaf(String path, Object value) {
        if (path.startsWith("details ")) {
            details.put(path.substring("details ".length()).strip(), value);
        } else if (path.startsWith("utilization ")) {
            utilization.put(path.substring("utilization ".length()).strip(), value);
        } else {
            other.put(path, value);
        }
    }

    SdwanOperData.App build() {
        Object state = details.get("state");
        return new SdwanOperData.App(appId, state == null ? null : state.toString(), details, utilization, blocks,
                List.copyOf(nics), List.copyOf(devices), List.copyOf(vnics), other);
    }
}
