package io.appfleet.telemetry.ingest;

import java.time.Instant;
import java.util.List;

/**
 * One TelemetrySample as stored: one raw row. Its natural key is (device, source, sampledAt), so a
 * replayed sample has the same key and changes nothing.
 *
 * @param source what kind of sample, bounded per device: {@code app/<app>}, {@code cpp} or
 *               {@code cpp/<location>}, {@code guest/<app>}, {@code hosting}; with the device, a stream
 * @param epoch  what the sample's counters restart with: {@code <boot_id>} or, for app samples,
 *               {@code <boot_id>|<instance_id>}
 * @param values one per reported value, all with this sample's device, time and epoch
 */
public record FlatSample(String deviceId, String source, Instant sampledAt, String epoch, List<Measurement> values) {

    /** sampled_at in microseconds since the epoch, PostgreSQL's precision. */
    public long sampledAtMicros() {
        return sampledAt.getEpochSecond() * 1_000_000L + sampledAt.getNano() / 1_000;
    }
}
