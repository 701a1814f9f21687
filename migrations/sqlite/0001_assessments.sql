-- Self-assessments (issue 4). The resume token is never stored: only its BLAKE2b hash.
CREATE TABLE assessments (
    -- AUTOINCREMENT: an id is never given again after a delete, so nothing keyed by it (the
    -- rendered-results cache, audit entries) can ever point at another assessment.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    audience TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    content_version TEXT NOT NULL,
    -- Grows by one with every saved answer: what rendered results are cached against.
    revision INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE answers (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    choice TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, element_id)
);

-- The content files each version was made with, so old assessments render with their version.
CREATE TABLE content_snapshots (
    version TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    files TEXT NOT NULL,
    created_at TEXT NOT NULL
);
