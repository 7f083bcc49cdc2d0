-- Devices as inventory knows them. Enumerations are text with CHECKs so the database refuses
-- what the API would refuse, even for a hand-written UPDATE.
CREATE TABLE device (
    id                        text        PRIMARY KEY,
    platform                  text        NOT NULL CHECK (platform IN ('iosxe', 'iosxr', 'infix')),
    os_version                text        NOT NULL,
    host                      text        NOT NULL,
    port                      integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    transport                 text        NOT NULL CHECK (transport IN ('ssh-cli', 'restconf')),
    credentials_ref           text,
    sealed_credentials        bytea,      -- fleet.v1.SealedCredentials; never the plaintext
    labels                    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    site                      text,
    cpu_units                 integer     NOT NULL DEFAULT 0 CHECK (cpu_units >= 0),
    memory_mib                integer     NOT NULL DEFAULT 0 CHECK (memory_mib >= 0),
    storage_mib               integer     NOT NULL DEFAULT 0 CHECK (storage_mib >= 0),
    admin_state               text        NOT NULL CHECK (admin_state IN ('managed', 'maintenance', 'decommissioned')),
    ssh_host_key_fingerprint  text,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    generation                bigint      NOT NULL CHECK (generation >= 1)
);

-- Label selectors test containment and key presence.
CREATE INDEX device_labels_idx ON device USING gin (labels);
CREATE INDEX device_site_idx ON device (site);
CREATE INDEX device_platform_idx ON device (platform);
