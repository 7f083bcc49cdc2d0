-- Where the git poller stands, one row per source (repository URL + branch + path). A restart compares the
-- remote head with last_commit and applies nothing when they are equal; a failed sync leaves last_commit as it
-- was, so the next poll tries the same commit again.
CREATE TABLE git_sync (
    source          text        PRIMARY KEY,      -- '<repository url>#<branch>:<path>'; URLs never hold credentials
    last_commit     text,                         -- 40-hex SHA of the last commit handed to the deployment core
    synced_at       timestamptz,
    report          jsonb,                        -- per-file outcome of last_commit (applied/unchanged/rejected, reason), pruned names
    last_failure_at timestamptz,
    last_failure    text,                         -- why the last failed poll failed
    updated_at      timestamptz NOT NULL DEFAULT now()
);
