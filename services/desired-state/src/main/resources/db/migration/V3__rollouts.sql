-- Rollouts: how a deployment's current revision reaches its devices, wave by wave.

-- One rollout per deployment: the latest revision's. A new revision replaces it.
CREATE TABLE rollout (
    deployment_name     text        PRIMARY KEY REFERENCES deployment (name) ON DELETE CASCADE,
    revision            bigint      NOT NULL,
    -- What devices not (or no longer) given the revision keep: the last revision that rolled
    -- out completely. NULL when there is none (a new deployment): they get nothing.
    stable_revision     bigint,
    state               text        NOT NULL CHECK (state IN ('Progressing', 'Paused', 'Succeeded', 'Aborted',
                                                              'RolledBack')),
    reason              text,
    current_wave        integer     NOT NULL CHECK (current_wave >= 1),   -- the highest open wave
    wave_count          integer     NOT NULL CHECK (wave_count >= 1),
    -- Since when every device of the open waves has been done (succeeded, or failed within the
    -- threshold); NULL while one is not. The next wave opens healthyFor after it.
    done_since          timestamptz,
    -- Failures an operator accepted by resuming a paused rollout: only failures beyond them count.
    failure_baseline    integer     NOT NULL DEFAULT 0,
    -- Waves and maxUnavailable no longer hold back devices (promote --full, automatic rollback).
    skip_gates          boolean     NOT NULL DEFAULT false,
    started_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

-- The rollout's devices: their wave, and whether and when they were given the revision.
CREATE TABLE rollout_device (
    deployment_name      text        NOT NULL REFERENCES rollout (deployment_name) ON DELETE CASCADE,
    device_id            text        NOT NULL,
    wave                 integer     NOT NULL CHECK (wave >= 1),
    rank                 integer     NOT NULL,    -- release order within the rollout
    released_at          timestamptz,
    -- The device's desired generation that carried the revision: observations of older
    -- generations say nothing about it.
    released_generation  bigint,
    PRIMARY KEY (deployment_name, device_id)
);

CREATE TABLE rollout_wave (
    deployment_name  text        NOT NULL REFERENCES rollout (deployment_name) ON DELETE CASCADE,
    wave             integer     NOT NULL,
    opened_at        timestamptz,
    done_at          timestamptz,
    PRIMARY KEY (deployment_name, wave)
);

-- What happened to rollouts, newest kept; outlives the deployment like its revisions.
CREATE TABLE rollout_event (
    id               bigserial   PRIMARY KEY,
    deployment_name  text        NOT NULL,
    revision         bigint      NOT NULL,
    type             text        NOT NULL,
    wave             integer,
    message          text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX rollout_event_deployment_idx ON rollout_event (deployment_name, id);
