-- One migration for the work of issues 12 and 13 that runs side by side: the school year an
-- assessment describes and what its private link may still do after a move (13), the earlier
-- values of changed answers (12), action plans (12), read-only share links (12), password
-- resets and emailed invitations (13), and who made an organization on the web (13).

-- The school year the assessment describes, as "2026-27"; empty when not given.
ALTER TABLE assessments ADD COLUMN school_year TEXT NOT NULL DEFAULT '';
-- What the private link may do: 'edit', or 'read' (the default once an organization holds it).
ALTER TABLE assessments ADD COLUMN link_access TEXT NOT NULL DEFAULT 'edit'
    CHECK (link_access IN ('edit', 'read'));

-- Answers are never silently overwritten: the value a save replaces is kept here, written in
-- the same transaction as the save.
CREATE TABLE answer_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    choice TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- When the replaced value had been saved, and when it was replaced.
    answered_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX answer_history_by_assessment ON answer_history (assessment_id, element_id);

-- An action plan belongs to one assessment or to one team session's agreed placement.
CREATE TABLE action_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER UNIQUE REFERENCES assessments (id) ON DELETE CASCADE,
    session_id INTEGER UNIQUE REFERENCES team_sessions (id) ON DELETE CASCADE,
    -- Grows with every change: what a stale form is detected against.
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((assessment_id IS NULL) <> (session_id IS NULL))
);

CREATE TABLE plan_priorities (
    plan_id INTEGER NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, element_id)
);

CREATE TABLE plan_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    element_id TEXT NOT NULL,
    description TEXT NOT NULL,
    -- The owner is a member (owner_user_id) or a name typed in (owner_name).
    owner_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    owner_name TEXT NOT NULL DEFAULT '',
    -- A calendar date, YYYY-MM-DD; empty when none was given.
    due_date TEXT NOT NULL DEFAULT '',
    target_stage TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'not-started'
        CHECK (status IN ('not-started', 'in-progress', 'done', 'blocked')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX plan_actions_by_plan ON plan_actions (plan_id);

-- Read-only links to an assessment's or a session's results, report and plan. Only the hash of
-- the token is kept; a revoked link stays listed until deleted, and opens nothing.
CREATE TABLE share_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    assessment_id INTEGER REFERENCES assessments (id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES team_sessions (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((assessment_id IS NULL) <> (session_id IS NULL))
);
CREATE INDEX share_links_by_assessment ON share_links (assessment_id);
CREATE INDEX share_links_by_session ON share_links (session_id);

-- Password resets by email: single use, expiring, only the token's hash kept.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);

-- The address an invitation was emailed to; empty for a copy-a-link invitation.
ALTER TABLE invitations ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- Who made an organization on the web; NULL when an operator made it on the command line.
ALTER TABLE organizations ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
