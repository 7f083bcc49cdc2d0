-- Reconcile steps from fleet.events.v1: a device's history for the NOC page, kept for
-- appfleet.telemetry.events-retention (7 days, as the topic). The event id is the key, so a
-- replayed event is a conflict that changes nothing.
-- (Version 2.1, not 2: the ingest's own next migration may take 2.)
CREATE TABLE reconcile_event (
    event_id            text             PRIMARY KEY,
    device_id           text             NOT NULL,
    -- null for device steps (connect, read_state, configure_cpp)
    app_id              text,
    -- lowercase enum names without their prefix, as the metrics show them
    step                text             NOT NULL,
    outcome             text             NOT NULL,
    duration_seconds    double precision,
    attempt             integer          NOT NULL,
    error_code          text,
    error_message       text,
    deployment_name     text,
    deployment_revision bigint,
    reconcile_id        text,
    step_index          integer          NOT NULL DEFAULT 0,
    trigger             text,
    -- what was sent and what the device answered, redacted and cut by the adapter
    command             text,
    device_output       text,
    started_at          timestamptz,
    -- the event's finished_at (started_at, else when telemetry stored it, when the adapter gave none)
    finished_at         timestamptz      NOT NULL,
    stored_at           timestamptz      NOT NULL DEFAULT now()
);
-- A device's events, newest first.
CREATE INDEX reconcile_event_device ON reconcile_event (device_id, finished_at DESC, step_index DESC);
-- Retention deletes by time.
CREATE INDEX reconcile_event_finished_at ON reconcile_event (finished_at);
