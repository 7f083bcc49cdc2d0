package io.appfleet.drivers.infix;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Operational state of Infix containers (`GET /restconf/data/infix-containers:containers`).
 * Statd fills it from `podman ps`/`inspect` (ids, image, running, status, cmdline), cgroups
 * (resource-limit) and `podman stats` (resource-usage); leaves it could not read are absent
 * and stay null here (the fixture has no resource data at all).
 */
public record ContainersState(List<App> apps) {

    /**
     * One container. Units are the model's: memory and IO in KiB, CPU usage in percent,
     * CPU limit in millicores.
     */
    public record App(String appId, String containerId, String image, String imageId, Boolean running,
                      String status, String cmdline, String command, String hostname, Boolean enabled,
                      Long memoryKib, BigDecimal cpuPercent, Long memoryLimitKib, Long cpuLimitMillicores,
                      Long blockReadKib, Long blockWriteKib, Long netRxKib, Long netTxKib, Long pids,
                      ContainerNetwork network) {
    }

    public static ContainersState parse(String json) {
        List<App> apps = new ArrayList<>();
        for (ContainerList.Entry e : ContainerList.entries(YangJson.read(json))) {
            apps.add(app(e.node(), e.path()));
        }
        return new ContainersState(List.copyOf(apps));
    }

    private static App app(JsonNode c, String p) {
        JsonNode usage = YangJson.object(c, "resource-usage", p);
        JsonNode limit = YangJson.object(c, "resource-limit", p);
        String up = p + "/resource-usage";
        JsonNode blockIo = YangJson.object(usage, "block-io", up);
        JsonNode netIo = YangJson.object(usage, "net-io", up);
        return new App(YangJson.requiredString(c, "name", p), YangJson.string(c, "id", p),
                YangJson.string(c, "image", p), YangJson.string(c, "image-id", p), YangJson.bool(c, "running", p),
                YangJson.string(c, "status", p), YangJson.string(c, "cmdline", p), YangJson.string(c, "command", p),
                YangJson.string(c, "hostname", p), YangJson.bool(c, "enabled", p),
                YangJson.integer(usage, "memory", up), YangJson.decimal(usage, "cpu", up),
                YangJson.integer(limit, "memory", p + "/resource-limit"),
                YangJson.integer(limit, "cpu", p + "/resource-limit"),
                YangJson.integer(blockIo, "read", up + "/block-io"), YangJson.integer(blockIo, "write", up + "/block-io"),
                YangJson.integer(netIo, "received", up + "/net-io"), YangJson.integer(netIo, "sent", up + "/net-io"),
                YangJson.integer(usage, "pids", up), ContainerNetwork.from(c, p));
    }
}
