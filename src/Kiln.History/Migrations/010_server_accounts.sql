-- The server's own tables, beside the run history: users, API tokens (hash only), cancel requests that any
-- worker can see.
CREATE TABLE IF NOT EXISTS kiln_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiln_tokens (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_ms BIGINT NOT NULL,
    last_used_ms BIGINT NULL
);
CREATE TABLE IF NOT EXISTS kiln_cancel_requests (
    run_id TEXT PRIMARY KEY,
    requested_by TEXT NOT NULL,
    requested_ms BIGINT NOT NULL
);
