-- Raw samples: one row per value of a TelemetrySample, kept briefly (appfleet.telemetry.raw-retention).
-- The primary key is the sample's natural key, so a replayed sample is a conflict that changes nothing.
CREATE TABLE raw_sample (
    device_id        text             NOT NULL,
    series           text             NOT NULL,
    metric           text             NOT NULL,
    sampled_at       timestamptz      NOT NULL,
    counter          boolean          NOT NULL,
    -- gauges and counters alike, as a number (a counter above 2^53 loses its last digits here)
    value            double precision NOT NULL,
    -- counters only: the exact unsigned 64-bit value's bits, the baseline of the next rate after a restart
    counter_value    bigint,
    -- counters: <boot_id>|<instance_id>; a change means the counter began again
    epoch            text             NOT NULL,
    -- counters: increase since the previous reading of the same epoch and the seconds in between;
    -- null for a first reading, after a reboot or restart, and for late or duplicate samples
    increase         double precision,
    interval_seconds double precision,
    reset            boolean          NOT NULL DEFAULT false,
    gap              boolean          NOT NULL DEFAULT false,
    ingested_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, series, metric, sampled_at)
);
-- Retention deletes by time.
CREATE INDEX raw_sample_sampled_at ON raw_sample (sampled_at);

-- 1-minute rollups (appfleet.telemetry.minute-retention). Only newly inserted raw rows are added, so
-- replays leave them as they are.
CREATE TABLE rollup_1m (
    device_id    text             NOT NULL,
    series       text             NOT NULL,
    metric       text             NOT NULL,
    bucket       timestamptz      NOT NULL,
    counter      boolean          NOT NULL,
    samples      integer          NOT NULL,
    -- gauges
    value_sum    double precision,
    value_min    double precision,
    value_max    double precision,
    value_avg    double precision GENERATED ALWAYS AS (value_sum / samples) STORED,
    -- counters: increases of the readings in this minute and the seconds they cover
    increase     double precision NOT NULL DEFAULT 0,
    rate_seconds double precision NOT NULL DEFAULT 0,
    rate_avg     double precision GENERATED ALWAYS AS (CASE WHEN rate_seconds > 0 THEN increase / rate_seconds END) STORED,
    resets       integer          NOT NULL DEFAULT 0,
    gaps         integer          NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, series, metric, bucket)
);
CREATE INDEX rollup_1m_bucket ON rollup_1m (bucket);
