package io.appfleet.inventory.device;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * {@code fleet_inventory_devices{platform,admin_state}}: how many devices inventory holds. The
 * label set is fixed (3 platforms x 3 admin states), so the series count never grows with the
 * fleet. Refreshed on a schedule, not per scrape, so a scrape never waits on the database.
 */
@ApplicationScoped
public class DeviceCountMetrics {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Inject
    EntityManager em;

    @Inject
    public DeviceCountMetrics(MeterRegistry registry) {
        for (String platform : DeviceValidator.PLATFORMS) {
            for (String state : DeviceValidator.ADMIN_STATES) {
                AtomicLong value = new AtomicLong();
                counts.put(platform + "/" + state, value);
                Gauge.builder("fleet.inventory.devices", value, AtomicLong::get)
                        .description("Devices in inventory by platform and admin state")
                        .tag("platform", platform).tag("admin_state", state)
                        .register(registry);
            }
        }
    }

    @Scheduled(every = "${appfleet.inventory.metrics-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    @SuppressWarnings("unchecked")
    void refresh() {
        List<Object[]> rows = em.createNativeQuery(
                "SELECT platform, admin_state, count(*) FROM device GROUP BY platform, admin_state").getResultList();
        counts.values().forEach(v -> v.set(0));
        for (Object[] row : rows) {
            AtomicLong value = counts.get(row[0] + "/" + row[1]);
            if (value != null) {
                value.set(((Number) row[2]).longValue());
            }
        }
    }
}
