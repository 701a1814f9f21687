-- Live team sessions (issue 11): a facilitator's session over a pathway's elements, the
-- participants who joined with a code (no account), their private ratings, and per element
-- the reveal and the agreed placement. Individual ratings stay in team_ratings: the store
-- answers only counts per choice, and notes without who wrote them (docs/team-sessions.md).
CREATE TABLE team_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    opened_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    school_year TEXT NOT NULL,
    audience TEXT NOT NULL,
    content_version TEXT NOT NULL,
    -- Six digits while the session is open; NULL once closed, so the code can serve again.
    join_code TEXT,
    joining_open INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    -- Grows with every change anyone can see (a join, a rating's count, a reveal, a decision):
    -- live-update events carry it, and clients fetch the board when it moves.
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE UNIQUE INDEX team_sessions_by_code ON team_sessions (join_code)
    WHERE join_code IS NOT NULL;
CREATE INDEX team_sessions_by_organization ON team_sessions (organization_id, state);

CREATE TABLE team_session_elements (
    session_id INTEGER NOT NULL REFERENCES team_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    element_id TEXT NOT NULL,
    revealed_at TEXT,
    -- Revealed counting participants who did not answer as "no rating".
    count_missing INTEGER NOT NULL DEFAULT 0,
    outcome TEXT CHECK (outcome IN ('agreed', 'no-agreement')),
    agreed_stage TEXT,
    rationale TEXT NOT NULL DEFAULT '',
    dissent TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    PRIMARY KEY (session_id, element_id),
    UNIQUE (session_id, position)
);

CREATE TABLE team_participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES team_sessions (id) ON DELETE CASCADE,
    -- "Participant 4" when no display name was given: the order of joining.
    number INTEGER NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    -- The participant's private link token is never stored: only its hash.
    token_hash TEXT NOT NULL UNIQUE,
    joined_at TEXT NOT NULL,
    UNIQUE (session_id, number)
);

CREATE TABLE team_ratings (
    participant_id INTEGER NOT NULL REFERENCES team_participants (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES team_sessions (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    choice TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (participant_id, element_id)
);
CREATE INDEX team_ratings_by_element ON team_ratings (session_id, element_id);
