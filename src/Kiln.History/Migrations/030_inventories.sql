-- An image's inventory, taken at the end of its bake's provisioning: packages and the file manifest (never file
-- contents) as JSON, keyed by the run that made the image and by the image's name. It goes with its run.
CREATE TABLE IF NOT EXISTS inventories (
    run      TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    image    TEXT NOT NULL,
    recorded BIGINT NOT NULL,
    body     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inventories_image ON inventories (image, recorded);
