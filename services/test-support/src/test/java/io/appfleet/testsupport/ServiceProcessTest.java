package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void secretsBecomeTheEnvironmentNamesSmallRyeConfigLooksUp() {
        assertEquals("QUARKUS_DATASOURCE_PASSWORD", ServiceProcess.envName("quarkus.datasource.password"));
        assertEquals("QUARKUS_DATASOURCE__INVENTORY__PASSWORD",
                ServiceProcess.envName("quarkus.datasource.\"inventory\".password"));
        assertEquals("MP_MESSAGING_OUTGOING_DEVICE_EVENTS_SASL_JAAS_CONFIG_TOKEN",
                ServiceProcess.envName("mp.messaging.outgoing.device-events.sasl.jaas.config.token"));
    }
}
