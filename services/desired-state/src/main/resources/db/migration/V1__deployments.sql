-- AppDeployments, their revisions, and what desired-state last published per device.

-- The current revision of every live deployment. priority is the creation order: on a device
-- older deployments are admitted first and win app-id conflicts.
CREATE TABLE deployment (
    name              text        PRIMARY KEY,
    app_id            text        NOT NULL,
    current_revision  bigint      NOT NULL CHECK (current_revision >= 1),
    spec              jsonb       NOT NULL,           -- canonical manifest (ManifestJson)
    digest            text        NOT NULL,           -- SHA-256 of the canonical manifest
    priority          bigserial   NOT NULL UNIQUE,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX deployment_app_id_idx ON deployment (app_id);

-- Every accepted change. Kept when the deployment is deleted, so history and revision numbers
-- continue if the name comes back.
CREATE TABLE deployment_revision (
    name         text        NOT NULL,
    revision     bigint      NOT NULL CHECK (revision >= 1),
    action       text        NOT NULL CHECK (action IN ('apply', 'rollback', 'delete')),
    spec         jsonb,                               -- NULL for a delete
    digest       text,
    source       text        NOT NULL CHECK (source IN ('api', 'webhook', 'git')),
    commit_sha   text,
    source_path  text,                                -- the manifest's file in the repository (git, webhook)
    principal    text        NOT NULL,
    rollback_of  bigint,                              -- the revision a rollback restored
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (name, revision)
);

-- The last fleet.desired.v1 record per device. generation continues across restarts and
-- tombstones; content_digest (over the state without generation, time and source revision)
-- decides whether a recomputation changed anything. state is NULL after a tombstone.
CREATE TABLE device_desired (
    device_id       text        PRIMARY KEY,
    generation      bigint      NOT NULL CHECK (generation >= 1),
    content_digest  text        NOT NULL,
    state           bytea,                            -- fleet.v1.DesiredDeviceState as published
    updated_at      timestamptz NOT NULL
);

-- What became of each deployment on each device it targets (status and paging).
CREATE TABLE deployment_target (
    deployment_name  text        NOT NULL REFERENCES deployment (name) ON DELETE CASCADE,
    device_id        text        NOT NULL,
    phase            text        NOT NULL CHECK (phase IN ('Applied', 'Pending', 'Unschedulable', 'Conflict')),
    revision         bigint,                          -- the revision the device was given
    reason           text,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (deployment_name, device_id)
);
CREATE INDEX deployment_target_device_idx ON deployment_target (device_id);
CREATE INDEX deployment_target_phase_idx ON deployment_target (deployment_name, phase);
