-- Organizations in a hierarchy (a school in a district, a district in a state), memberships with
-- roles, and assessments that belong to an organization.
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'district', 'school', 'network')),
    parent_id INTEGER REFERENCES organizations (id),
    created_at TEXT NOT NULL
);

CREATE TABLE memberships (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'facilitator', 'owner')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

ALTER TABLE assessments ADD COLUMN organization_id INTEGER REFERENCES organizations (id);
CREATE INDEX assessments_by_organization ON assessments (organization_id);
