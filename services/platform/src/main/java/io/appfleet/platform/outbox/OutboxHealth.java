package io.appfleet.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the outbox backlog on {@code /q/health/ready}. A backlog is reported, not failed on: while
 * Kafka is down the service must stay ready to accept changes, which wait safely in the outbox.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox")
                .up()
                .withData("pendingEvents", relay.pendingEvents())
                .withData("relayActiveHere", relay.isLeader())
                .build();
    }
}
