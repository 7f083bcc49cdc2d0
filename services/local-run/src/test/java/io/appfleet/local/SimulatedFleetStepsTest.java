package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class SimulatedFleetStepsTest {

    @Test
    void eachSimulatedDeviceGetsTheRoleOfItsPlatformUnlessItHasOne() throws Exception {
        JsonNode fleet = DesiredStateApi.parse("""
                {"devices": [
                  {"id": "xe-1", "platform": "iosxe", "labels": {"source": "device-sim", "model": "sim-iosxe"},
                   "credentials": {"username": "admin", "password": "admin"}},
                  {"id": "xr-1", "platform": "iosxr", "labels": {"source": "device-sim"}},
                  {"id": "ix-1", "platform": "infix"},
                  {"id": "xe-2", "platform": "iosxe", "labels": {"role": "distribution"}}
                ]}""");
        JsonNode out = DesiredStateApi.parse(new String(SimulatedFleetSteps.withRoles(fleet)));
        assertEquals(List.of("access", "pe", "cpe", "distribution"),
                out.path("devices").findValues("labels").stream().map(l -> l.path("role").asText()).toList());
        assertEquals("device-sim", out.path("devices").get(0).path("labels").path("source").asText());
        assertEquals("admin", out.path("devices").get(0).path("credentials").path("password").asText());
        assertFalse(fleet.path("devices").get(0).path("labels").has("role"), "the simulator's own JSON is untouched");
        assertEquals(List.of(new SimDevice("xe-1", "iosxe"), new SimDevice("xr-1", "iosxr"),
                new SimDevice("ix-1", "infix"), new SimDevice("xe-2", "iosxe")),
                SimulatedFleetSteps.devices(fleet, Path.of("sim-devices.json")));
    }
}
