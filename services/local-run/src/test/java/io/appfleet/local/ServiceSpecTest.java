package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ServiceSpecTest {

    @Test
    void inventoryIsTheFirstServiceOnThePortBase() {
        ServiceSpec inventory = ServiceSpec.KNOWN.get(0);
        assertEquals("inventory", inventory.name());
        assertEquals(8081, inventory.port(8081));
        assertEquals(9000, inventory.port(9000));
        assertEquals(Paths.get("/repo/services/inventory/target/quarkus-app/quarkus-run.jar"),
                inventory.jar(Paths.get("/repo")));
        assertEquals("/api/v1/devices", inventory.apiPath());
    }

    @Test
    void theAdapterFollowsOnPortBasePlusTwo() {
        ServiceSpec adapter = ServiceSpec.select(List.of("device-adapter")).get(0);
        assertEquals(8083, adapter.port(8081));
        assertEquals(Paths.get("/repo/services/device-adapter/target/quarkus-app/quarkus-run.jar"),
                adapter.jar(Paths.get("/repo")));
        assertEquals(false, adapter.database());
        assertEquals(true, ServiceSpec.KNOWN.get(0).database());
        assertEquals(3, ServiceSpec.maxPortOffset());
        // Started in this order, stopped in reverse: telemetry first, inventory last.
        assertEquals(List.of("inventory", "desired-state", "device-adapter", "telemetry"),
                ServiceSpec.KNOWN.stream().map(ServiceSpec::name).toList());
    }

    @Test
    void telemetryIsOnPortBasePlusThreeWithTheNocPage() {
        ServiceSpec telemetry = ServiceSpec.select(List.of("telemetry")).get(0);
        assertEquals(8084, telemetry.port(8081));
        assertEquals(true, telemetry.database());
        assertEquals(false, telemetry.apiAuth());
        assertEquals("/noc", telemetry.pagePath());
        assertEquals(null, ServiceSpec.KNOWN.get(0).pagePath());
    }

    @Test
    void desiredStateIsOnPortBasePlusOneWithItsOwnSchemaAndTheOnlyOneWithApiAuth() {
        ServiceSpec desired = ServiceSpec.select(List.of("desired-state")).get(0);
        assertEquals(8082, desired.port(8081));
        assertEquals(Paths.get("/repo/services/desired-state/target/quarkus-app/quarkus-run.jar"),
                desired.jar(Paths.get("/repo")));
        assertEquals("/api/v1/deployments", desired.apiPath());
        assertTrue(desired.database());
        assertEquals(List.of("desired-state"), ServiceSpec.KNOWN.stream().filter(ServiceSpec::apiAuth)
                .map(ServiceSpec::name).toList());
    }

    @Test
    void namesAndPortsAreUnique() {
        assertEquals(ServiceSpec.KNOWN.size(), ServiceSpec.KNOWN.stream().map(ServiceSpec::name).distinct().count());
        assertEquals(ServiceSpec.KNOWN.size(), ServiceSpec.KNOWN.stream().mapToInt(s -> s.port(0)).distinct().count());
    }

    @Test
    void selectKeepsTableOrderAndRejectsUnknownNames() {
        assertEquals(ServiceSpec.KNOWN, ServiceSpec.select(List.of()));
        assertEquals(List.of("inventory"),
                ServiceSpec.select(List.of(" inventory", "inventory")).stream().map(ServiceSpec::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceSpec.select(List.of("inventory", "billing")));
        assertTrue(e.getMessage().contains("[billing]") && e.getMessage().contains("known: inventory"),
                e.getMessage());
    }

    @Test
    void theLauncherScriptKnowsTheSameServices() throws Exception {
        Path script = repoRoot().resolve("deploy/local/appfleet");
        Matcher m = Pattern.compile("(?m)^KNOWN_SERVICES=\\(([^)]*)\\)").matcher(Files.readString(script));
        assertTrue(m.find(), "KNOWN_SERVICES=(...) in " + script);
        assertEquals(ServiceSpec.KNOWN.stream().map(ServiceSpec::name).toList(),
                Arrays.asList(m.group(1).trim().split("\\s+")));
        assertTrue(Files.isExecutable(script), script + " is executable");
    }

    static Path repoRoot() {
        // Surefire runs in services/local-run.
        return Paths.get("").toAbsolutePath().getParent().getParent();
    }
}
