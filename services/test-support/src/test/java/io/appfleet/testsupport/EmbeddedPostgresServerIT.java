package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerIT {

    @Test
    void createsDatabasesAndKeepsCommittedRowsAcrossAKill() throws Exception {
        long t0 = System.nanoTime();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(null);
        System.out.printf("EmbeddedPostgresServer ready in %d ms on port %d%n", (System.nanoTime() - t0) / 1_000_000,
                pg.port());
        try (pg) {
            pg.createDatabase("appfleet_it");
            pg.createDatabase("appfleet_it"); // idempotent
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("appfleet_it"), pg.username(), pg.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE device (id text PRIMARY KEY, labels jsonb NOT NULL)");
                s.execute("INSERT INTO device VALUES ('sw-ams-001', '{\"site\":\"ams\"}')");
                try (ResultSet rs = s.executeQuery("SELECT labels->>'site', version() FROM device")) {
                    assertTrue(rs.next());
                    assertEquals("ams", rs.getString(1));
                    assertTrue(rs.getString(2).startsWith("PostgreSQL 17."), rs.getString(2));
                }
            }

            pg.kill();
            assertFalse(pg.isRunning());
            pg.restart();
            assertTrue(pg.isRunning());
            try (Connection c = pg.connect("appfleet_it"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM device")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "a committed row survives a killed server");
            }
            assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("x\"; DROP DATABASE postgres; --"));
        }
        assertFalse(Files.exists(pg.dataDir()), "temporary data dir is deleted on close");
    }
}
