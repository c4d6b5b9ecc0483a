-- Dermalog schema v12: CSV import of patients and past sessions.
--
-- Every import is one batch (who, when, the files' SHA-256, what it created). Each imported
-- patient and session is recorded against its external id (its id in the system it comes
-- from) with a hash of the values it was imported with: re-importing the same row creates
-- nothing, a changed row is a conflict (core refuses it; nothing is overwritten). These rows
-- are provenance, so they are append-only.
--
-- Imported sessions are history signed in another system: they are stored signed (locked by
-- the triggers of schema v11) without a Dermalog signature, which no Dermalog user gave. The
-- rule "signed only with the author's signature" therefore admits one other proof: the
-- session's import record.

CREATE TABLE import_batch (
    id               TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    imported_at      TEXT NOT NULL,
    patients_sha256  TEXT CHECK (patients_sha256 IS NULL OR length(patients_sha256) = 64),
    sessions_sha256  TEXT CHECK (sessions_sha256 IS NULL OR length(sessions_sha256) = 64),
    patients         INTEGER NOT NULL CHECK (patients >= 0),
    sessions         INTEGER NOT NULL CHECK (sessions >= 0),
    areas            INTEGER NOT NULL CHECK (areas >= 0),
    products         INTEGER NOT NULL CHECK (products >= 0),
    reactions        INTEGER NOT NULL CHECK (reactions >= 0),
    -- Patients and sessions already imported with the same values.
    skipped          INTEGER NOT NULL CHECK (skipped >= 0),
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;
CREATE INDEX import_batch_imported_at ON import_batch (imported_at);

CREATE TABLE import_patient (
    external_id      TEXT PRIMARY KEY NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
    patient_id       TEXT NOT NULL UNIQUE REFERENCES patient (id) ON DELETE RESTRICT,
    -- SHA-256 (hex) of the row's values as validated.
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    batch_id         TEXT NOT NULL REFERENCES import_batch (id) ON DELETE RESTRICT,
    -- The physical line of patients.csv where the row started.
    line             INTEGER NOT NULL CHECK (line >= 1)
) STRICT;
CREATE INDEX import_patient_batch ON import_patient (batch_id);

-- external_id: the session id of sessions.csv, or 'auto:<patient external id>@<start>' for
-- files without one.
CREATE TABLE import_session (
    external_id      TEXT PRIMARY KEY NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    session_id       TEXT NOT NULL UNIQUE REFERENCES session (id) ON DELETE RESTRICT,
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    batch_id         TEXT NOT NULL REFERENCES import_batch (id) ON DELETE RESTRICT,
    line             INTEGER NOT NULL CHECK (line >= 1)
) STRICT;
CREATE INDEX import_session_batch ON import_session (batch_id);

CREATE TRIGGER import_batch_append_only_update BEFORE UPDATE ON import_batch
BEGIN SELECT RAISE(ABORT, 'import records cannot be changed'); END;
CREATE TRIGGER import_batch_append_only_delete BEFORE DELETE ON import_batch
BEGIN SELECT RAISE(ABORT, 'import records cannot be removed'); END;
CREATE TRIGGER import_patient_append_only_update BEFORE UPDATE ON import_patient
BEGIN SELECT RAISE(ABORT, 'import records cannot be changed'); END;
CREATE TRIGGER import_patient_append_only_delete BEFORE DELETE ON import_patient
BEGIN SELECT RAISE(ABORT, 'import records cannot be removed'); END;
CREATE TRIGGER import_session_append_only_update BEFORE UPDATE ON import_session
BEGIN SELECT RAISE(ABORT, 'import records cannot be changed'); END;
CREATE TRIGGER import_session_append_only_delete BEFORE DELETE ON import_session
BEGIN SELECT RAISE(ABORT, 'import records cannot be removed'); END;

DROP TRIGGER session_signed_needs_author;
CREATE TRIGGER session_signed_needs_author BEFORE UPDATE OF status ON session
WHEN NEW.status = 'signed'
    AND NOT EXISTS (SELECT 1 FROM session_signature s
                    WHERE s.session_id = NEW.id AND s.meaning = 'author')
    AND NOT EXISTS (SELECT 1 FROM import_session i WHERE i.session_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a session is signed only by its author signature'); END;
