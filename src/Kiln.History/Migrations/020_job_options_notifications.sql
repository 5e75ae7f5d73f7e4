-- Job options a run was started with (never the secure ones), for the runs filter `option.NAME=VALUE`.
CREATE TABLE IF NOT EXISTS run_options (
    run   TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name  TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run, name)
);
CREATE INDEX IF NOT EXISTS run_options_name_value ON run_options (name, value);

-- The notification outbox: one row per (run, event, destination), written by the worker that ran the job (or the
-- survivor that finished it) and delivered by whichever worker claims it first. The destination's URL is not
-- stored (it may be a secret): `destination` is its place in the job's notify list, resolved at delivery.
CREATE TABLE IF NOT EXISTS kiln_notifications (
    id               TEXT PRIMARY KEY,
    run_id           TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    job              TEXT NOT NULL,
    event            TEXT NOT NULL,
    destination      INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    display          TEXT NOT NULL,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    status_code      INTEGER NULL,
    last_error       TEXT NULL,
    next_ms          BIGINT NOT NULL,
    claimed_by       TEXT NULL,
    claimed_until_ms BIGINT NULL,
    created_ms       BIGINT NOT NULL,
    delivered_ms     BIGINT NULL,
    UNIQUE (run_id, event, destination)
);
CREATE INDEX IF NOT EXISTS kiln_notifications_due ON kiln_notifications (state, next_ms);
CREATE INDEX IF NOT EXISTS kiln_notifications_run ON kiln_notifications (run_id);
