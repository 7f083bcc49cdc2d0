package io.appfleet.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared real Kafka and PostgreSQL ({@link FleetInfra#shared()}).
 *
 * <p>Register it once per module so Quarkus starts the application once for all test classes:
 * <pre>{@code
 * @WithTestResource(value = FleetInfraTestResource.class, scope = TestResourceScope.GLOBAL)
 * }</pre>
 * ({@code @QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)} is the older
 * equivalent.) {@link #stop()} leaves the infrastructure running: it lives until the JVM exits.
 */
public class FleetInfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        FleetInfra infra = FleetInfra.shared();
        EmbeddedPostgresServer pg = infra.postgres();
        return Map.of(
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", pg.username(),
                "quarkus.datasource.password", pg.password(),
                // Dev Services would try Docker; the real services above replace them.
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Shared for the whole JVM; FleetInfra's shutdown hook stops it.
    }
}
