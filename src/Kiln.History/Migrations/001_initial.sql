-- Times are Unix milliseconds (BIGINT) in both dialects: exact ordering and range queries, and no driver
-- converting time zones behind our back. "user" is quoted: it is a reserved word in PostgreSQL.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    family      TEXT,
    job         TEXT,
    arguments   TEXT NOT NULL,
    "user"      TEXT NOT NULL,
    cloud       TEXT NOT NULL,
    host        TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    started     BIGINT NOT NULL,
    finished    BIGINT,
    outcome     TEXT NOT NULL,
    error       TEXT,
    image       TEXT,
    result_json TEXT,
    -- The last log seq handed out: bumping it takes the run's row lock, so concurrent appenders get disjoint seqs.
    log_seq     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX runs_started ON runs (started);
CREATE INDEX runs_family_started ON runs (family, started);
CREATE INDEX runs_outcome_started ON runs (outcome, started);
CREATE INDEX runs_job_started ON runs (job, started);

CREATE TABLE steps (
    run         TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    started     BIGINT NOT NULL,
    duration_ms BIGINT,
    outcome     TEXT NOT NULL,
    error       TEXT,
    PRIMARY KEY (run, name)
);

CREATE TABLE resources (
    run     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    state   TEXT NOT NULL,
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    PRIMARY KEY (run, kind, id)
);
-- `kiln gc` looks for resources still live.
CREATE INDEX resources_state ON resources (state);

CREATE TABLE log (
    run    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq    BIGINT NOT NULL,
    time   BIGINT NOT NULL,
    stream TEXT NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (run, seq)
);
