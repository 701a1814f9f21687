-- Bounded growth (issue 15, items 3 and 14; docs/security.md, "Limits"): what one client can add
-- to the database is capped, and what expires is purged on a schedule.

-- An audit entry that repeats one already written (same event, person, address, organization
-- and detail) within the hour is counted on that entry instead of written again: a flood of the
-- same action adds no rows. `last_at`: when the latest repeat happened (NULL: never repeated).
ALTER TABLE audit_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at TEXT;
-- The retention purge reads only the entries it deletes, not the whole log (holding the write
-- lock meanwhile).
CREATE INDEX audit_log_by_time ON audit_log (at);

-- The open sessions one facilitator holds, counted before another opens.
CREATE INDEX team_sessions_by_opener ON team_sessions (opened_by, state);

-- Housekeeping deletes share links revoked long ago.
CREATE INDEX share_links_revoked ON share_links (revoked_at) WHERE revoked_at IS NOT NULL;
