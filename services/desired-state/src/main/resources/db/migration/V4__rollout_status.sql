-- What fleet.rollouts.v1 last said about each deployment's rollout: the generation of its last
-- record and a digest of its content, so a record is published only when the rollout's state or
-- counts changed, and the generation keeps increasing across revisions and a delete (no foreign
-- key: the row outlives the deployment, as its revisions do).
CREATE TABLE rollout_status (
    deployment_name  text    PRIMARY KEY,
    generation       bigint  NOT NULL,
    -- SHA-256 (hex) of the record without generation and updated_at; 'deleted' after the tombstone
    digest           text    NOT NULL
);
