package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimFleetPlanTest {

    @Test
    void theDefaultFleetIs120IosXe40IosXrAnd40Infix() {
        SimFleetPlan p = SimFleetPlan.mixed(SimFleetPlan.DEFAULT_DEVICES, SimFleetPlan.DEFAULT_BASE_ADDRESS);
        assertEquals(new SimFleetPlan(120, 40, 40, "127.21.0.1"), p);
        assertEquals("200 devices (120 IOS-XE, 40 IOS-XR, 40 Infix) from 127.21.0.1", p.describe());
    }

    @Test
    void anyCountKeepsTheProportionsAndAddsUp() {
        assertEquals(new SimFleetPlan(18, 6, 6, "127.21.0.1"), SimFleetPlan.mixed(30, "127.21.0.1"));
        assertEquals(new SimFleetPlan(1, 0, 0, "127.21.0.1"), SimFleetPlan.mixed(1, "127.21.0.1"));
        assertEquals(new SimFleetPlan(3, 1, 1, "127.21.0.1"), SimFleetPlan.mixed(5, "127.21.0.1"));
        for (int n = 1; n <= 1000; n++) {
            assertEquals(n, SimFleetPlan.mixed(n, "127.21.0.1").total());
        }
    }

    @Test
    void theSpecNamesOnlyPlatformsWithDevices() {
        String yaml = SimFleetPlan.mixed(1, "127.30.0.1").specYaml();
        assertTrue(yaml.contains("baseAddress: 127.30.0.1\n"), yaml);
        assertTrue(yaml.contains("  iosxe: {count: 1}\n"), yaml);
        assertTrue(!yaml.contains("iosxr") && !yaml.contains("infix"), yaml);
        assertTrue(SimFleetPlan.mixed(200, "127.21.0.1").specYaml()
                .endsWith("  iosxe: {count: 120}\n  iosxr: {count: 40}\n  infix: {count: 40}\n"));
    }

    @Test
    void badCountsAndAddressesAreRefusedWithTheOption() {
        assertEquals("--devices must be between 1 and 100000, got -1",
                assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(-1, "127.21.0.1")).getMessage());
        assertEquals("--devices must be between 1 and 100000, got 0",
                assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(0, "127.21.0.1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(10, "10.0.0.1"))
                .getMessage().contains("loopback"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(10, "127.0.0.0"))
                .getMessage().contains("loopback"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(10, "127.1.2.300"))
                .getMessage().contains("127.1.2.300"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(10, "localhost"))
                .getMessage().contains("IPv4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimFleetPlan.mixed(10, "127.255.255.250"))
                .getMessage().contains("leaves no room for 10 devices"));
        assertEquals(5, SimFleetPlan.mixed(5, "127.255.255.250").total());
    }
}
