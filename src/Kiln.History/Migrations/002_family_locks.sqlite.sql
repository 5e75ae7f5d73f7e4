-- SQLite only: PostgreSQL holds family locks as session advisory locks, which die with their connection.
-- Here a row is the lock; it is stale when its run has finished or its process (host, pid, start) is gone.
CREATE TABLE family_locks (
    family        TEXT PRIMARY KEY,
    run           TEXT NOT NULL,
    host          TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    process_start TEXT,
    acquired      BIGINT NOT NULL
);
