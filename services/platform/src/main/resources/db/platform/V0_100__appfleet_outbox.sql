-- The transactional outbox (shared by every service, one table in each service's own schema).
-- A row is written in the same transaction as the state change it announces; the relay sends it
-- to Kafka after commit, in seq order, and deletes it once the broker has acknowledged it.
CREATE TABLE outbox_event (
    seq         bigserial   PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,      -- becomes ce_id: consumers can deduplicate on it
    topic       text        NOT NULL,
    record_key  text        NOT NULL,             -- the device id: keeps one device's records in order
    payload     bytea,                            -- protobuf; NULL is a tombstone
    ce_type     text        NOT NULL,
    ce_source   text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
