package io.appfleet.desired.targeting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the inventory view has caught up and the first pass over the fleet is done:
 * before that a selector would be resolved against a partial fleet (and answer "matches nothing").
 */
@Readiness
@ApplicationScoped
public class InventoryReadiness implements HealthCheck {

    @Inject
    InventoryView view;

    @Inject
    InventoryConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("inventory-view")
                .status(consumer.ready())
                .withData("devices", view.size())
                .withData("caughtUp", view.caughtUp())
                .withData("deadLettered", consumer.deadLettered())
                .build();
    }
}
