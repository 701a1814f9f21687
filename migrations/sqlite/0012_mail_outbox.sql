-- Email waiting to be sent (issue 20, item 4; docs/operations.md, "Email"): password resets and
-- invitations are written here by the request and sent by the outbox's thread, so mail survives
-- a restart and a failed delivery is tried again later. A row holds the link the email carries
-- (a secret) only until it is sent or given up: then it is deleted.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('password-reset', 'invitation')),
    recipient TEXT NOT NULL,
    path TEXT NOT NULL,
    organization TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    hours INTEGER NOT NULL,
    -- Tries so far. A try claims the row by moving `next_attempt_at` past its backoff first, so
    -- a process that dies while sending leaves the mail to be tried again then.
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- When the link in it stops working: the mail is given up then, sent or not.
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
