-- The NOC's fleet-wide CPP reads (top droppers, the summary's drop totals) looked at every CPP rollup row of the
-- window and unpacked all its values in SQL: 10,000 devices' 15 minutes took minutes. A CPP rollup row now also
-- carries, beside its packed data, what those reads need in columns PostgreSQL reads natively:
--   drop_seconds   the seconds its drop counters' increases cover (a CPP sample reads every class at once, so one
--                  figure for the row); NULL on rows of other streams
--   drop_metric    the metric ids (drop_frames_total, drop_bytes_total of a class) whose increase is above 0,
--   drop_increase  and those increases; both NULL when nothing dropped (most rows)
-- The partial index finds the few rows that dropped; the seconds of their streams come by primary key.
ALTER TABLE sample_rollup_1m
    ADD COLUMN drop_seconds  double precision,
    ADD COLUMN drop_metric   integer[],
    ADD COLUMN drop_increase double precision[];
ALTER TABLE sample_rollup_1h
    ADD COLUMN drop_seconds  double precision,
    ADD COLUMN drop_metric   integer[],
    ADD COLUMN drop_increase double precision[];
CREATE INDEX sample_rollup_1m_dropped ON sample_rollup_1m (bucket) WHERE drop_metric IS NOT NULL;
CREATE INDEX sample_rollup_1h_dropped ON sample_rollup_1h (bucket) WHERE drop_metric IS NOT NULL;
