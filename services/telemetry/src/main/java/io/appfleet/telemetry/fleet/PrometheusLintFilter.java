package io.appfleet.telemetry.fleet;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps telemetry's whole scrape clean for {@code promtool check metrics}, which the fleet metrics
 * are checked with: Quarkus' HTTP and Netty binders register meters without a description (no
 * HELP line), Micrometer's {@code process.cpu.time} is in nanoseconds (an abbreviated, non-base
 * unit; {@code process_cpu_usage} stays) and {@code system.cpu.count} ends in {@code _count} like a
 * summary's part; Vert.x's {@code http.server.connections} is a long task timer, whose
 * {@code _active_count} and {@code _duration_sum} samples the simpleclient writes outside their
 * family, without HELP ({@code http_server_active_connections} still counts the connections). The
 * values of the other meters are not changed.
 */
@Singleton
public class PrometheusLintFilter {

    @Produces
    @Singleton
    MeterFilter promtoolClean() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return switch (id.getName()) {
                    case "process.cpu.time", "http.server.connections" -> MeterFilterReply.DENY;
                    default -> MeterFilterReply.NEUTRAL;
                };
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                Meter.Id out = id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                if (out.getDescription() == null && out.syntheticAssociation() == null) {
                    out = new Meter.Id(out.getName(), Tags.of(out.getTagsAsIterable()), out.getBaseUnit(),
                            out.getName().replace('.', ' '), out.getType());
                }
                return out;
            }
        };
    }
}
