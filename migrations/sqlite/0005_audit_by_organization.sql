-- The audit log per organization (issue 5): events about an organization (membership and role
-- changes, invitations, exports, moves and deletions of its assessments) name it, so its owners
-- can read its log. Account events (sign-in, sign-out…) stay unnamed; an organization's log
-- shows those of its current members from the day they joined.
ALTER TABLE audit_log ADD COLUMN organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE;
CREATE INDEX audit_log_by_organization ON audit_log (organization_id, id);
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);
