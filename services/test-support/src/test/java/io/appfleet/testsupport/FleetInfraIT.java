package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class FleetInfraIT {

    @Test
    void testResourceHandsQuarkusTheSharedKafkaAndDatabase() throws Exception {
        long t0 = System.nanoTime();
        Map<String, String> config = new FleetInfraTestResource().start();
        System.out.printf("FleetInfra (Kafka + PostgreSQL in parallel) ready in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertSame(FleetInfra.shared(), FleetInfra.shared(), "one instance per JVM");
        assertEquals(FleetInfra.shared().kafka().bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));

        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertEquals(FleetInfra.DATABASE, rs.getString(1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.get("kafka.bootstrap.servers")))) {
            assertFalse(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty());
        }
        new FleetInfraTestResource().stop(); // must not stop the shared instance
        assertEquals(FleetInfra.shared().kafka().bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals(true, FleetInfra.shared().kafka().isRunning());
    }
}
