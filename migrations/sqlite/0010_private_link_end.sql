-- An organization's owners may end the private link of an assessment it holds, for good
-- (docs/assessment.md): its token hash is replaced by the hash of a token nobody was given, and
-- this says when. NULL: the link still works.
ALTER TABLE assessments ADD COLUMN link_ended_at TEXT;
