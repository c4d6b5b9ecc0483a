-- Dermalog schema v11: signatures and addenda. A signed session is locked: these triggers
-- refuse any change to it or its children, whoever writes (the app checks first; the
-- triggers hold even for raw SQL).

CREATE TABLE session_signature (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    signer_id        TEXT NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    -- As printed at the moment of signing; a later rename does not change a signature.
    signer_name      TEXT NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 100),
    signer_registration TEXT NOT NULL DEFAULT '',
    meaning          TEXT NOT NULL CHECK (meaning IN ('author', 'review', 'cosign')),
    signed_at        TEXT NOT NULL,
    -- SHA-256 (hex) of the session's canonical JSON content, children included.
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (session_id, signer_id, meaning)
) STRICT;
CREATE UNIQUE INDEX session_signature_one_author ON session_signature (session_id)
    WHERE meaning = 'author';

-- Corrections, follow-up observations and review comments on a signed session. The original
-- stays as signed; an addendum only adds.
CREATE TABLE session_addendum (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    kind             TEXT NOT NULL CHECK (kind IN ('correction', 'follow_up', 'comment')),
    author_id        TEXT NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    author_name      TEXT NOT NULL CHECK (length(author_name) BETWEEN 1 AND 100),
    created_at       TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    text             TEXT NOT NULL DEFAULT '',
    -- A correction's corrected values: [{"field": "...", "value": "..."}].
    corrections      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(corrections)),
    -- A follow-up's reactions: [{"reaction_type_id", "grade", "time_point", "area_id", "note"}].
    reactions        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reactions)),
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (kind <> 'correction' OR length(reason) > 0)
) STRICT;
CREATE INDEX session_addendum_session ON session_addendum (session_id, created_at);

CREATE TRIGGER session_signature_append_only_update BEFORE UPDATE ON session_signature
BEGIN SELECT RAISE(ABORT, 'signatures cannot be changed'); END;
CREATE TRIGGER session_signature_append_only_delete BEFORE DELETE ON session_signature
BEGIN SELECT RAISE(ABORT, 'signatures cannot be removed'); END;
CREATE TRIGGER session_addendum_append_only_update BEFORE UPDATE ON session_addendum
BEGIN SELECT RAISE(ABORT, 'addenda cannot be changed'); END;
CREATE TRIGGER session_addendum_append_only_delete BEFORE DELETE ON session_addendum
BEGIN SELECT RAISE(ABORT, 'addenda cannot be removed'); END;

CREATE TRIGGER session_signed_locked_update BEFORE UPDATE ON session
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER session_signed_locked_delete BEFORE DELETE ON session
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
-- A session becomes signed only with its author's signature in place.
CREATE TRIGGER session_signed_needs_author BEFORE UPDATE OF status ON session
WHEN NEW.status = 'signed' AND NOT EXISTS (
    SELECT 1 FROM session_signature s WHERE s.session_id = NEW.id AND s.meaning = 'author')
BEGIN SELECT RAISE(ABORT, 'a session is signed only by its author signature'); END;
CREATE TRIGGER session_signed_born_draft BEFORE INSERT ON session
WHEN NEW.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a session is saved as a draft and then signed'); END;

-- The children of a signed session: nothing added, changed or removed.
CREATE TRIGGER treated_area_signed_locked_insert BEFORE INSERT ON treated_area
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER treated_area_signed_locked_update BEFORE UPDATE ON treated_area
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER treated_area_signed_locked_delete BEFORE DELETE ON treated_area
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER product_applied_signed_locked_insert BEFORE INSERT ON product_applied
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER product_applied_signed_locked_update BEFORE UPDATE ON product_applied
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER product_applied_signed_locked_delete BEFORE DELETE ON product_applied
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER reaction_signed_locked_insert BEFORE INSERT ON reaction
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER reaction_signed_locked_update BEFORE UPDATE ON reaction
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER reaction_signed_locked_delete BEFORE DELETE ON reaction
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER screening_result_signed_locked_insert BEFORE INSERT ON screening_result
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER screening_result_signed_locked_update BEFORE UPDATE ON screening_result
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
CREATE TRIGGER screening_result_signed_locked_delete BEFORE DELETE ON screening_result
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;
