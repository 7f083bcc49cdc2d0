package io.appfleet.adapter.health;

import io.appfleet.adapter.DeviceAdapter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the adapter holds partitions and has read them to the end: before that its picture
 * of the fleet is partial, and a pass could remove an app whose desired record it has not read.
 */
@Readiness
@ApplicationScoped
public class AdapterReadiness implements HealthCheck {

    @Inject
    DeviceAdapter adapter;

    @Override
    public HealthCheckResponse call() {
        var consumer = adapter.consumer();
        var reconciler = adapter.reconciler();
        boolean started = consumer != null && reconciler != null;
        boolean assigned = started && !consumer.assignedPartitions().isEmpty();
        boolean caughtUp = assigned && consumer.caughtUp();
        return HealthCheckResponse.named("device-adapter")
                .status(caughtUp)
                .withData("partitionsAssigned", started ? consumer.assignedPartitions().size() : 0)
                .withData("caughtUp", caughtUp)
                .withData("queueDepth", started ? reconciler.queueDepth() : 0)
                .withData("delayed", started ? reconciler.delayed() : 0)
                .withData("inFlight", started ? reconciler.inFlight() : 0)
                .build();
    }
}
