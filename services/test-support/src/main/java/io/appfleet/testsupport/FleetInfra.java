package io.appfleet.testsupport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One real Kafka broker and one PostgreSQL server shared by everything in this JVM (all ITs of a module run), with
 * the database {@value #DATABASE} created. Started on first use, both at once; closed by a JVM shutdown hook that also
 * deletes their temporary directories.
 *
 * <p>Tests that stop or kill the broker or the database must {@code restart()} it before they end: the next test
 * class gets the same instance.
 */
public final class FleetInfra {

    /** The database the services use. */
    public static final String DATABASE = "appfleet";

    private static FleetInfra shared;
    private static RuntimeException startFailure;

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;

    private FleetInfra(EmbeddedKafka kafka, EmbeddedPostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * The JVM's instance, started on the first call. If starting failed once, later calls fail at once with the same
     * cause instead of spending another minute on each test class.
     */
    public static synchronized FleetInfra shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw new IllegalStateException("FleetInfra failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        try {
            shared = startBoth();
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
        FleetInfra infra = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(infra::closeQuietly, "appfleet-fleet-infra-shutdown"));
        return infra;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    private static FleetInfra startBoth() {
        // Each takes a few seconds, mostly waiting on its own child process: starting them together saves that much.
        CompletableFuture<EmbeddedPostgresServer> pg = CompletableFuture.supplyAsync(() -> {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null);
            try {
                server.createDatabase(DATABASE);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        });
        CompletableFuture<EmbeddedKafka> broker = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(null));
        EmbeddedPostgresServer postgres = null;
        EmbeddedKafka kafka = null;
        RuntimeException failure = null;
        try {
            postgres = pg.join();
        } catch (CompletionException e) {
            failure = unwrap(e);
        }
        try {
            kafka = broker.join();
        } catch (CompletionException e) {
            RuntimeException cause = unwrap(e);
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            throw failure;
        }
        return new FleetInfra(kafka, postgres);
    }

    private static RuntimeException unwrap(CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
    }

    private void closeQuietly() {
        try {
            kafka.close();
        } catch (RuntimeException ignored) {
            // The JVM is exiting; PostgreSQL must still be stopped below.
        }
        try {
            postgres.close();
        } catch (RuntimeException ignored) {
            // same
        }
    }
}
