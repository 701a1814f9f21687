-- Team-session safeguards (issue 20, docs/team-sessions.md).
-- The fewest people who must have answered an element before its totals are shown anywhere
-- (board, phones, placement, exports), chosen when the session is opened: at least 3, so that
-- no total is one person's rating, or two people's with the facilitator's own subtracted.
ALTER TABLE team_sessions ADD COLUMN min_raters INTEGER NOT NULL DEFAULT 3;
-- Why a closed session closed: NULL by its facilitator, 'expired' by the housekeeping once it
-- had been open longer than the operator's limit (--session-max-open-days).
ALTER TABLE team_sessions ADD COLUMN closed_reason TEXT;
-- A keyed hash of the address a participant joined from (never the address itself): joins per
-- address and session are bounded in the join's transaction, and the board counts them.
ALTER TABLE team_participants ADD COLUMN address_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX team_participants_by_address ON team_participants (session_id, address_hash);
