-- Sessions live on the server: the cookie carries only a session id, and every request looks its row up, so
-- logout, deleting a user or changing their role or password ends their sessions at once, on every worker.
CREATE TABLE IF NOT EXISTS kiln_sessions (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    seen_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS kiln_sessions_user ON kiln_sessions (user_name);
-- Failed logins and token checks per user name and per client address, shared by every worker.
CREATE TABLE IF NOT EXISTS kiln_login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until_ms BIGINT NOT NULL,
    last_ms BIGINT NOT NULL
);
-- The Data Protection key ring of a PostgreSQL cluster (SQLite installations keep theirs under KILN_HOME).
CREATE TABLE IF NOT EXISTS kiln_data_protection_keys (
    name TEXT PRIMARY KEY,
    xml TEXT NOT NULL
);
-- `ADMIN` cannot sit next to `admin`: user names are unique regardless of case (names are ASCII).
CREATE UNIQUE INDEX IF NOT EXISTS kiln_users_name_nocase ON kiln_users (lower(name));
