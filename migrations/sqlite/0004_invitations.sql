-- Invitation links to join an organization with a role; only the token's hash is kept.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'facilitator', 'owner')),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_by INTEGER REFERENCES users (id),
    accepted_at TEXT
);
