-- Dermalog schema v13: before/after photos. The image files live beside the database
-- (`<db>.photos/`), named by the SHA-256 of their bytes; a row is committed only after its
-- files are on disk. Photo rows are never changed or deleted: removing a photo adds a
-- `photo_removal` row, and on a signed session that removal is an addendum with a reason.

CREATE TABLE photo (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    -- Denormalised from the session so the patient's gallery is one index range.
    patient_id       TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    -- Optional: the treated area shown (a reference area id).
    area_id          TEXT REFERENCES area (id) ON DELETE RESTRICT,
    phase            TEXT NOT NULL
                     CHECK (phase IN ('baseline', 'before', 'after', 'follow_up')),
    view             TEXT NOT NULL CHECK (view IN ('frontal', 'oblique_left', 'oblique_right',
                                                   'lateral_left', 'lateral_right', 'close_up')),
    media_type       TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    width            INTEGER NOT NULL CHECK (width > 0),
    height           INTEGER NOT NULL CHECK (height > 0),
    -- SHA-256 (hex) of the stored image (metadata stripped) and of its thumbnail; also the
    -- files' names. With an encrypted database the files hold these bytes encrypted.
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    byte_size        INTEGER NOT NULL CHECK (byte_size > 0),
    thumb_sha256     TEXT NOT NULL CHECK (length(thumb_sha256) = 64),
    added_at         TEXT NOT NULL,
    added_by         TEXT NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;
CREATE INDEX photo_patient ON photo (patient_id, session_id);
CREATE INDEX photo_session ON photo (session_id);
CREATE INDEX photo_files ON photo (sha256, thumb_sha256);

CREATE TRIGGER photo_append_only_update BEFORE UPDATE ON photo
BEGIN SELECT RAISE(ABORT, 'photos cannot be changed'); END;
CREATE TRIGGER photo_append_only_delete BEFORE DELETE ON photo
BEGIN SELECT RAISE(ABORT, 'photos cannot be removed'); END;
-- A signed session's photos are signed with it: nothing is added afterwards.
CREATE TRIGGER photo_signed_locked_insert BEFORE INSERT ON photo
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

CREATE TABLE photo_removal (
    photo_id         TEXT PRIMARY KEY NOT NULL REFERENCES photo (id) ON DELETE RESTRICT,
    removed_at       TEXT NOT NULL,
    removed_by       TEXT NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    -- The remover's name as printed at that moment, like an addendum's author.
    removed_by_name  TEXT NOT NULL CHECK (length(removed_by_name) BETWEEN 1 AND 100),
    reason           TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    -- 1 when the session was signed: the removal is an addendum and needs a reason.
    after_signing    INTEGER NOT NULL CHECK (after_signing IN (0, 1)),
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (after_signing = 0 OR length(reason) > 0)
) STRICT;

CREATE TRIGGER photo_removal_append_only_update BEFORE UPDATE ON photo_removal
BEGIN SELECT RAISE(ABORT, 'photo removals cannot be changed'); END;
CREATE TRIGGER photo_removal_append_only_delete BEFORE DELETE ON photo_removal
BEGIN SELECT RAISE(ABORT, 'photo removals cannot be removed'); END;
