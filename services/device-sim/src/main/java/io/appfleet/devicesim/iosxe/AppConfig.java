package io.appfleet.devicesim.iosxe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code app-hosting appid X} block of the running-config. Kept as the lines the user typed
 * (for show running-config) plus the few values the simulator acts on (resources).
 */
public final class AppConfig {

    final String appId;
    final List<String> vnicLines = new ArrayList<>();
    final Map<Integer, String> runOpts = new TreeMap<>();
    boolean dockerBlock;
    boolean profileCustom;
    Integer cpuUnits;
    Integer memoryMb;
    Integer persistDiskMb;
    Integer vcpu;

    AppConfig(String appId) {
        this.appId = appId;
    }

    public String appId() {
        return appId;
    }

    public Integer cpuUnits() {
        return cpuUnits;
    }

    public Integer memoryMb() {
        return memoryMb;
    }

    /** Lines as {@code show running-config} prints them, indented one space per level. */
    List<String> render() {
        List<String> out = new ArrayList<>();
        out.add("app-hosting appid " + appId);
        vnicLines.forEach(l -> out.add(" " + l));
        if (dockerBlock || !runOpts.isEmpty()) {
            out.add(" app-resource docker");
            runOpts.forEach((n, v) -> out.add("  run-opts " + n + " " + v));
        }
        if (profileCustom) {
            out.add(" app-resource profile custom");
            if (cpuUnits != null) {
                out.add("  cpu " + cpuUnits);
            }
            if (memoryMb != null) {
                out.add("  memory " + memoryMb);
            }
            if (persistDiskMb != null) {
                out.add("  persist-disk " + persistDiskMb);
            }
            if (vcpu != null) {
                out.add("  vcpu " + vcpu);
            }
        }
        return out;
    }
}
