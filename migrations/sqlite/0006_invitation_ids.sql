-- Invitations get a plain id, so an owner can name one to revoke it (issue 5); the token is
-- still kept only as its hash. SQLite cannot add a primary key to a table, so it is rebuilt.
CREATE TABLE invitations_with_ids (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'facilitator', 'owner')),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_by INTEGER REFERENCES users (id),
    accepted_at TEXT
);
INSERT INTO invitations_with_ids (token_hash, organization_id, role, created_by, created_at,
    expires_at, accepted_by, accepted_at)
SELECT token_hash, organization_id, role, created_by, created_at, expires_at, accepted_by,
    accepted_at FROM invitations ORDER BY created_at;
DROP TABLE invitations;
ALTER TABLE invitations_with_ids RENAME TO invitations;
CREATE INDEX invitations_by_organization ON invitations (organization_id, expires_at);
