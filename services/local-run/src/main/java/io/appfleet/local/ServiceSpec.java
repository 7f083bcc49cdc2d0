package io.appfleet.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.appfleet.testsupport.ServiceProcess;

/**
 * One service of the local run: where its module is, which port it gets ({@code --http-port-base} + offset), the
 * path its API lives under, and any settings of its own on top of the shared Kafka/PostgreSQL ones.
 *
 * @param name       name on the command line ({@code --services}) and in progress lines
 * @param moduleDir  Maven module, relative to the repository root
 * @param portOffset added to {@code --http-port-base}
 * @param apiPath    the resource listed in the summary
 * @param database   whether it gets the PostgreSQL settings (the adapter keeps no database, so it never sees them);
 *                   each such service keeps its own schema in the one database
 * @param apiAuth    whether its API needs credentials: it gets auth switched on and the hash of the run's operator
 *                   token ({@link OperatorToken})
 * @param config     extra Quarkus config of this service in the local run
 * @param pagePath   a web page for people it serves (the NOC page), or null
 */
public record ServiceSpec(String name, String moduleDir, int portOffset, String apiPath, boolean database,
        boolean apiAuth, Map<String, String> config, String pagePath) {

    /**
     * The services {@code up} knows, in start order (stopped in reverse). Keep deploy/local/appfleet's
     * KNOWN_SERVICES in step (ServiceSpecTest checks it).
     */
    public static final List<ServiceSpec> KNOWN = List.of(
            new ServiceSpec("inventory", "services/inventory", 0, "/api/v1/devices", true, false, Map.of(), null),
            new ServiceSpec("desired-state", "services/desired-state", 1, "/api/v1/deployments", true, true,
                    Map.of(), null),
            new ServiceSpec("device-adapter", "services/device-adapter", 2, "/api/v1/devices/{id}/refresh", false,
                    false, Map.of(), null),
            new ServiceSpec("telemetry", "services/telemetry", 3, "/api/v1/noc/summary", true, false, Map.of(),
                    "/noc"));

    /** The highest port offset of {@link #KNOWN}: the port base must leave room for it. */
    public static int maxPortOffset() {
        return KNOWN.stream().mapToInt(ServiceSpec::portOffset).max().orElse(0);
    }

    public ServiceSpec {
        config = Map.copyOf(config);
    }

    public int port(int portBase) {
        return portBase + portOffset;
    }

    public Path jar(Path repoRoot) {
        return ServiceProcess.quarkusRunJar(repoRoot.resolve(moduleDir));
    }

    /**
     * The known services named in {@code names} (all of them when empty), in table order.
     *
     * @throws IllegalArgumentException naming the unknown ones and the known ones
     */
    public static List<ServiceSpec> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return KNOWN;
        }
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                wanted.add(trimmed);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : wanted) {
            if (KNOWN.stream().noneMatch(s -> s.name().equals(name))) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown service(s) " + unknown + "; known: "
                    + KNOWN.stream().map(ServiceSpec::name).collect(Collectors.joining(", ")));
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("--services names no service");
        }
        return KNOWN.stream().filter(s -> wanted.contains(s.name())).collect(Collectors.toList());
    }
}
