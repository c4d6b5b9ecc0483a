-- Dermalog schema v10: user accounts and the tamper-evident audit trail.
--
-- Accounts are never deleted (an audit row or a signature may name them); they are
-- deactivated. A user holds one or more roles: a small clinic's owner is often admin and
-- clinician at once.

CREATE TABLE app_user (
    id               TEXT PRIMARY KEY NOT NULL,
    username         TEXT NOT NULL COLLATE NOCASE UNIQUE
                     CHECK (length(username) BETWEEN 1 AND 50),
    display_name     TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    -- The name printed under a signature ("Dr Ana Silva, MD").
    signature_name   TEXT NOT NULL CHECK (length(signature_name) BETWEEN 1 AND 100),
    -- Credentials or professional registration number; may be empty for non-clinical staff.
    registration     TEXT NOT NULL DEFAULT '' CHECK (length(registration) <= 100),
    is_clinician     INTEGER NOT NULL CHECK (is_clinician IN (0, 1)),
    is_aesthetician  INTEGER NOT NULL CHECK (is_aesthetician IN (0, 1)),
    is_admin         INTEGER NOT NULL CHECK (is_admin IN (0, 1)),
    -- Argon2id in PHC string form: algorithm, parameters and salt travel with the hash.
    password_hash    TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (is_clinician + is_aesthetician + is_admin >= 1)
) STRICT;

INSERT INTO clinic_setting (id, key, value, note, created_at, updated_at, workstation_id)
VALUES ('00000000-0000-7000-8007-000000000010', 'clinic_name', '""',
        'Shown on the sign-in screen and printed summaries; set at first run.',
        '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'),
       ('00000000-0000-7000-8007-000000000011', 'idle_lock_minutes', '15',
        'The app locks after this many minutes without use and asks for the password again.',
        '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000');

-- One row per audited act. Each workstation keeps its own chain (seq 1, 2, …), so several
-- workstations can extend their chains without a global lock. `hash` is the SHA-256 of the
-- row's canonical JSON (RFC 8785 style, `prev_hash` included), not of database bytes, so it
-- survives a move to another engine.
CREATE TABLE audit_event (
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    at              TEXT NOT NULL,
    -- Null only for a failed sign-in under a name that matches no account.
    user_id         TEXT,
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT,
    patient_id      TEXT,
    old_value       TEXT CHECK (old_value IS NULL OR json_valid(old_value)),
    new_value       TEXT CHECK (new_value IS NULL OR json_valid(new_value)),
    reason          TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    PRIMARY KEY (workstation_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_user ON audit_event (user_id, at);
CREATE INDEX audit_event_patient ON audit_event (patient_id, at) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_action ON audit_event (action, at);

CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
