-- index audit_event_action
CREATE INDEX audit_event_action ON audit_event (action, at);

-- index audit_event_at
CREATE INDEX audit_event_at ON audit_event (at);

-- index audit_event_patient
CREATE INDEX audit_event_patient ON audit_event (patient_id, at) WHERE patient_id IS NOT NULL;

-- index audit_event_user
CREATE INDEX audit_event_user ON audit_event (user_id, at);

-- index course_next_due
CREATE INDEX course_next_due ON course (
    CASE WHEN last_session_at IS NULL THEN started_on
         ELSE date(substr(last_session_at, 1, 10), '+' || interval_days || ' days') END
) WHERE sessions_done < target_sessions;

-- index course_patient
CREATE INDEX course_patient ON course (patient_id);

-- index depth_guidance_area_indication
CREATE UNIQUE INDEX depth_guidance_area_indication
    ON depth_guidance (area_id, coalesce(indication_id, ''));

-- index fitzpatrick_assessment_patient
CREATE INDEX fitzpatrick_assessment_patient ON fitzpatrick_assessment (patient_id);

-- index history_entry_patient
CREATE INDEX history_entry_patient ON history_entry (patient_id);

-- index import_batch_imported_at
CREATE INDEX import_batch_imported_at ON import_batch (imported_at);

-- index import_patient_batch
CREATE INDEX import_patient_batch ON import_patient (batch_id);

-- index import_session_batch
CREATE INDEX import_session_batch ON import_session (batch_id);

-- index patient_consent_patient
CREATE INDEX patient_consent_patient ON patient_consent (patient_id, signed_at);

-- index patient_date_of_birth
CREATE INDEX patient_date_of_birth ON patient (date_of_birth);

-- index patient_family_given
CREATE INDEX patient_family_given ON patient (family_key, given_key, id);

-- index patient_given_family
CREATE INDEX patient_given_family ON patient (given_key, family_key, id);

-- index photo_files
CREATE INDEX photo_files ON photo (sha256, thumb_sha256);

-- index photo_patient
CREATE INDEX photo_patient ON photo (patient_id, session_id);

-- index photo_session
CREATE INDEX photo_session ON photo (session_id);

-- index product_applied_lot
CREATE INDEX product_applied_lot ON product_applied (lot) WHERE lot IS NOT NULL;

-- index product_applied_name
CREATE INDEX product_applied_name ON product_applied (name COLLATE NOCASE, session_id);

-- index reaction_session_grade
CREATE INDEX reaction_session_grade ON reaction (session_id, reaction_type_id, grade);

-- index reaction_type_grade
CREATE INDEX reaction_type_grade ON reaction (reaction_type_id, grade, session_id);

-- index session_addendum_session
CREATE INDEX session_addendum_session ON session_addendum (session_id, created_at);

-- index session_clinician
CREATE INDEX session_clinician ON session (clinician_name COLLATE NOCASE, started_at);

-- index session_course
CREATE INDEX session_course ON session (course_id, started_at) WHERE course_id IS NOT NULL;

-- index session_patient_started
CREATE INDEX session_patient_started ON session (patient_id, started_at);

-- index session_signature_one_author
CREATE UNIQUE INDEX session_signature_one_author ON session_signature (session_id)
    WHERE meaning = 'author';

-- index session_started
CREATE INDEX session_started ON session (started_at, id);

-- index treated_area_area
CREATE INDEX treated_area_area ON treated_area (area_id, session_id);

-- index treated_area_cartridge_lot
CREATE INDEX treated_area_cartridge_lot ON treated_area (cartridge_lot) WHERE cartridge_lot IS NOT NULL;

-- index treated_area_device
CREATE INDEX treated_area_device ON treated_area (device_kind, session_id);

-- index treated_area_model
CREATE INDEX treated_area_model ON treated_area (device_model_id, session_id)
    WHERE device_model_id IS NOT NULL;

-- index workstation_one_local
CREATE UNIQUE INDEX workstation_one_local ON workstation (is_local) WHERE is_local = 1;

-- table aftercare_template
CREATE TABLE aftercare_template (
    id              TEXT PRIMARY KEY NOT NULL,
    clinic_name     TEXT NOT NULL DEFAULT '' CHECK (length(clinic_name) <= 100),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table app_user
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

-- table area
CREATE TABLE area (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    region          TEXT NOT NULL CHECK (region IN ('face', 'body', 'scalp')),
    snomed_code     TEXT,
    sort_order      INTEGER NOT NULL,
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
, includes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(includes)), map_view TEXT CHECK (map_view IS NULL OR map_view IN ('face', 'body')), map_x REAL CHECK (map_x IS NULL OR map_x BETWEEN 0 AND 100), map_y REAL CHECK (map_y IS NULL OR map_y BETWEEN 0 AND 100)) STRICT;

-- table audit_event
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

-- table clinic_setting
CREATE TABLE clinic_setting (
    id              TEXT PRIMARY KEY NOT NULL,
    key             TEXT NOT NULL UNIQUE,
    value           TEXT NOT NULL CHECK (json_valid(value)),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table consent_template
CREATE TABLE consent_template (
    id               TEXT PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('treatment', 'photo')),
    -- The template's name in lists; each version carries the title printed on it.
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    created_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table consent_template_version
CREATE TABLE consent_template_version (
    id               TEXT PRIMARY KEY NOT NULL,
    template_id      TEXT NOT NULL REFERENCES consent_template (id) ON DELETE RESTRICT,
    version          INTEGER NOT NULL CHECK (version >= 1),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    text             TEXT NOT NULL CHECK (length(text) BETWEEN 20 AND 20000),
    -- SHA-256 (hex) of the exact UTF-8 text.
    text_sha256      TEXT NOT NULL CHECK (length(text_sha256) = 64),
    created_at       TEXT NOT NULL,
    -- NULL for the versions seeded here.
    created_by       TEXT REFERENCES app_user (id) ON DELETE RESTRICT,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (template_id, version)
) STRICT;

-- table contraindication_rule
CREATE TABLE contraindication_rule (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    description     TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    reads           TEXT NOT NULL
                    CHECK (reads IN ('condition', 'medication', 'allergy', 'treatment', 'pregnancy')),
    terms           TEXT NOT NULL CHECK (json_valid(terms) AND json_array_length(terms) > 0),
    timing          TEXT NOT NULL CHECK (timing IN ('current', 'within', 'ever')),
    window_count    INTEGER CHECK (window_count IS NULL OR window_count BETWEEN 1 AND 1000),
    window_unit     TEXT CHECK (window_unit IS NULL OR window_unit IN ('days', 'weeks', 'months')),
    in_area         INTEGER NOT NULL DEFAULT 0 CHECK (in_area IN (0, 1)),
    indications     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(indications)),
    severity        TEXT NOT NULL CHECK (severity IN ('block', 'warn')),
    advice          TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order      INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK ((timing = 'within') = (window_count IS NOT NULL AND window_unit IS NOT NULL))
) STRICT;

-- table course
CREATE TABLE course (
    id               TEXT PRIMARY KEY NOT NULL,
    patient_id       TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    protocol_id      TEXT REFERENCES protocol (id) ON DELETE RESTRICT,
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    indication       TEXT,
    target_sessions  INTEGER NOT NULL CHECK (target_sessions BETWEEN 1 AND 30),
    interval_days    INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 365),
    started_on       TEXT NOT NULL,
    stopped_on       TEXT,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT, sessions_done INTEGER NOT NULL DEFAULT 0 CHECK (sessions_done >= 0), last_session_at TEXT,
    CHECK (stopped_on IS NULL OR stopped_on >= started_on)
) STRICT;

-- table depth_guidance
CREATE TABLE depth_guidance (
    id              TEXT PRIMARY KEY NOT NULL,
    area_id         TEXT NOT NULL REFERENCES area (id) ON DELETE RESTRICT,
    -- NULL: any indication. A row for a specific indication wins when the session treats it.
    indication_id   TEXT REFERENCES indication (id) ON DELETE RESTRICT,
    typical_min_um  INTEGER NOT NULL CHECK (typical_min_um > 0),
    typical_max_um  INTEGER NOT NULL CHECK (typical_max_um >= typical_min_um),
    upper_use_um    INTEGER NOT NULL CHECK (upper_use_um >= typical_max_um AND upper_use_um <= 3500),
    source          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table device_model
CREATE TABLE device_model (
    id                    TEXT PRIMARY KEY NOT NULL,
    kind                  TEXT NOT NULL
                          CHECK (kind IN ('derma_pen', 'derma_roller', 'stamp', 'rf_microneedling')),
    manufacturer          TEXT NOT NULL CHECK (length(manufacturer) BETWEEN 1 AND 100),
    model                 TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 100),
    min_depth_um          INTEGER NOT NULL CHECK (min_depth_um > 0),
    max_depth_um          INTEGER NOT NULL CHECK (max_depth_um >= min_depth_um AND max_depth_um <= 3500),
    -- NULL: any depth between min and max; else depths are min + k * step.
    depth_step_um         INTEGER CHECK (depth_step_um IS NULL OR depth_step_um > 0),
    -- The deepest setting a regulator evaluated, where narrower than max; NULL if none.
    evaluated_max_um      INTEGER
                          CHECK (evaluated_max_um IS NULL
                                 OR evaluated_max_um BETWEEN min_depth_um AND max_depth_um),
    speed_levels          INTEGER CHECK (speed_levels IS NULL OR speed_levels BETWEEN 1 AND 20),
    needles_per_cartridge INTEGER
                          CHECK (needles_per_cartridge IS NULL OR needles_per_cartridge BETWEEN 1 AND 1000),
    note                  TEXT NOT NULL DEFAULT '',
    archived              INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    workstation_id        TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (manufacturer, model)
) STRICT;

-- table downtime_band
CREATE TABLE downtime_band (
    id              TEXT PRIMARY KEY NOT NULL,
    max_depth_um    INTEGER NOT NULL UNIQUE CHECK (max_depth_um BETWEEN 1 AND 3500),
    downtime        TEXT NOT NULL CHECK (length(downtime) BETWEEN 1 AND 200),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table fitzpatrick_assessment
CREATE TABLE fitzpatrick_assessment (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    fitzpatrick     INTEGER NOT NULL CHECK (fitzpatrick BETWEEN 1 AND 6),
    assessed_on     TEXT,
    created_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table history_entry
CREATE TABLE history_entry (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    term_id         TEXT NOT NULL REFERENCES history_term (id) ON DELETE RESTRICT,
    -- Where on the body, when it matters (a cold sore on the lip, filler in the cheeks).
    area_id         TEXT REFERENCES area (id) ON DELETE RESTRICT,
    started_on      TEXT,
    ended_on        TEXT,
    note            TEXT NOT NULL DEFAULT '',
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (started_on IS NULL OR ended_on IS NULL OR ended_on >= started_on)
) STRICT;

-- table history_term
CREATE TABLE history_term (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('condition', 'medication', 'allergy', 'treatment', 'pregnancy')),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    sort_order      INTEGER NOT NULL,
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table import_batch
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

-- table import_patient
CREATE TABLE import_patient (
    external_id      TEXT PRIMARY KEY NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
    patient_id       TEXT NOT NULL UNIQUE REFERENCES patient (id) ON DELETE RESTRICT,
    -- SHA-256 (hex) of the row's values as validated.
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    batch_id         TEXT NOT NULL REFERENCES import_batch (id) ON DELETE RESTRICT,
    -- The physical line of patients.csv where the row started.
    line             INTEGER NOT NULL CHECK (line >= 1)
) STRICT;

-- table import_session
CREATE TABLE import_session (
    external_id      TEXT PRIMARY KEY NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    session_id       TEXT NOT NULL UNIQUE REFERENCES session (id) ON DELETE RESTRICT,
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    batch_id         TEXT NOT NULL REFERENCES import_batch (id) ON DELETE RESTRICT,
    line             INTEGER NOT NULL CHECK (line >= 1)
) STRICT;

-- table indication
CREATE TABLE indication (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    -- 0 where microneedling is known not to help (raised scars, keloids): shown as a caution.
    responds        INTEGER NOT NULL DEFAULT 1 CHECK (responds IN (0, 1)),
    sort_order      INTEGER NOT NULL,
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table patient
CREATE TABLE patient (
    id                      TEXT PRIMARY KEY NOT NULL,
    given_name              TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name             TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    -- NFC + Unicode lowercase of the names, for prefix search that ignores case.
    given_key               TEXT NOT NULL,
    family_key              TEXT NOT NULL,
    date_of_birth           TEXT NOT NULL,
    sex_at_birth            TEXT NOT NULL
                            CHECK (sex_at_birth IN ('female', 'male', 'intersex', 'unknown')),
    mrn                     TEXT UNIQUE,
    mrn_key                 TEXT UNIQUE,
    phone                   TEXT,
    email                   TEXT,
    fitzpatrick             INTEGER CHECK (fitzpatrick BETWEEN 1 AND 6),
    fitzpatrick_assessed_on TEXT,
    indications             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(indications)),
    notes                   TEXT NOT NULL DEFAULT '',
    archived                INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    workstation_id          TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
, session_count INTEGER NOT NULL DEFAULT 0 CHECK (session_count >= 0), last_session_at TEXT) STRICT;

-- table patient_consent
CREATE TABLE patient_consent (
    id                  TEXT PRIMARY KEY NOT NULL,
    patient_id          TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    template_version_id TEXT NOT NULL
                        REFERENCES consent_template_version (id) ON DELETE RESTRICT,
    kind                TEXT NOT NULL CHECK (kind IN ('treatment', 'photo')),
    -- Copied from the version: what the signer was shown.
    text_sha256         TEXT NOT NULL CHECK (length(text_sha256) = 64),
    -- Photo uses agreed to, a JSON array; a treatment consent has none.
    scopes              TEXT NOT NULL DEFAULT '[]'
                        CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
    signer_name         TEXT NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 100),
    signer_relation     TEXT NOT NULL CHECK (signer_relation IN ('self', 'guardian')),
    method              TEXT NOT NULL CHECK (method IN ('drawn', 'paper')),
    signed_at           TEXT NOT NULL,
    -- The signed-in user who saw it signed, and their printed name at that moment.
    witness_id          TEXT NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    witness_name        TEXT NOT NULL CHECK (length(witness_name) BETWEEN 1 AND 100),
    -- Re-encoded by core, so only pixels are kept; the hashes are of these bytes.
    signature_png       BLOB,
    signature_sha256    TEXT CHECK (signature_sha256 IS NULL OR length(signature_sha256) = 64),
    scan                BLOB,
    scan_media_type     TEXT CHECK (scan_media_type IN ('image/jpeg', 'image/png')),
    scan_sha256         TEXT CHECK (scan_sha256 IS NULL OR length(scan_sha256) = 64),
    revoked_at          TEXT,
    revoked_on          TEXT,
    revoked_by          TEXT REFERENCES app_user (id) ON DELETE RESTRICT,
    revoke_reason       TEXT CHECK (revoke_reason IS NULL OR length(revoke_reason) BETWEEN 1 AND 500),
    workstation_id      TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (method <> 'drawn' OR (signature_png IS NOT NULL AND scan IS NULL)),
    CHECK (method <> 'paper' OR (scan IS NOT NULL AND signature_png IS NULL)),
    CHECK ((signature_png IS NULL) = (signature_sha256 IS NULL)),
    CHECK ((scan IS NULL) = (scan_sha256 IS NULL) AND (scan IS NULL) = (scan_media_type IS NULL)),
    CHECK (kind <> 'treatment' OR scopes = '[]'),
    CHECK (kind <> 'photo' OR scopes LIKE '%"clinical_record"%'),
    -- A revocation is whole: when, from which day, by whom and why.
    CHECK ((revoked_at IS NULL) = (revoked_on IS NULL)
       AND (revoked_at IS NULL) = (revoked_by IS NULL)
       AND (revoked_at IS NULL) = (revoke_reason IS NULL))
) STRICT;

-- table photo
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

-- table photo_removal
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

-- table product
CREATE TABLE product (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_key        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('glide', 'serum', 'post_care', 'anaesthetic', 'cartridge')),
    intradermal     TEXT NOT NULL CHECK (intradermal IN ('yes', 'no', 'unknown')),
    note            TEXT NOT NULL DEFAULT '',
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    sort_order      INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table product_applied
CREATE TABLE product_applied (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    position         INTEGER NOT NULL CHECK (position >= 0),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role             TEXT NOT NULL CHECK (role IN ('glide', 'serum', 'post_care', 'anaesthetic')),
    lot              TEXT,
    expiry_on        TEXT,
    amount           TEXT,
    -- Optional: which of the session's treated areas it went on (a reference area id).
    area_id          TEXT REFERENCES area (id) ON DELETE RESTRICT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT, product_id TEXT REFERENCES product (id) ON DELETE RESTRICT,
    UNIQUE (session_id, position)
) STRICT;

-- table protocol
CREATE TABLE protocol (
    id               TEXT PRIMARY KEY NOT NULL,
    name             TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    indication       TEXT,
    target_sessions  INTEGER NOT NULL CHECK (target_sessions BETWEEN 1 AND 30),
    interval_days    INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 365),
    -- The serum the protocol uses, by catalogue name (free text when not catalogued).
    serum            TEXT,
    note             TEXT NOT NULL DEFAULT '',
    archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    sort_order       INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table protocol_area
CREATE TABLE protocol_area (
    id               TEXT PRIMARY KEY NOT NULL,
    protocol_id      TEXT NOT NULL REFERENCES protocol (id) ON DELETE RESTRICT,
    position         INTEGER NOT NULL CHECK (position >= 0),
    area_id          TEXT NOT NULL REFERENCES area (id) ON DELETE RESTRICT,
    device_kind      TEXT NOT NULL
                     CHECK (device_kind IN ('derma_pen', 'derma_roller', 'stamp', 'rf_microneedling')),
    device_model_id  TEXT REFERENCES device_model (id) ON DELETE RESTRICT,
    needle_depth_um  INTEGER NOT NULL CHECK (needle_depth_um > 0 AND needle_depth_um <= 3500),
    passes           INTEGER NOT NULL CHECK (passes BETWEEN 1 AND 12),
    pattern          TEXT CHECK (pattern IN ('vertical', 'horizontal', 'diagonal', 'crosshatch')),
    UNIQUE (protocol_id, position)
) STRICT;

-- table reaction
CREATE TABLE reaction (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    position         INTEGER NOT NULL CHECK (position >= 0),
    reaction_type_id TEXT NOT NULL REFERENCES reaction_type (id) ON DELETE RESTRICT,
    scale_id         TEXT NOT NULL REFERENCES reaction_scale (id) ON DELETE RESTRICT,
    grade            INTEGER NOT NULL,
    time_point       TEXT NOT NULL
                     CHECK (time_point IN ('immediate', 'h24', 'h72', 'day7', 'next_visit')),
    area_id          TEXT REFERENCES area (id) ON DELETE RESTRICT,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (session_id, position)
) STRICT;

-- table reaction_scale
CREATE TABLE reaction_scale (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    min_grade       INTEGER NOT NULL,
    max_grade       INTEGER NOT NULL,
    labels          TEXT NOT NULL CHECK (json_valid(labels)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (max_grade >= min_grade),
    CHECK (json_array_length(labels) = max_grade - min_grade + 1)
) STRICT;

-- table reaction_type
CREATE TABLE reaction_type (
    id               TEXT PRIMARY KEY NOT NULL,
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    default_scale_id TEXT NOT NULL REFERENCES reaction_scale (id) ON DELETE RESTRICT,
    sort_order       INTEGER NOT NULL,
    archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- table report_count
CREATE TABLE report_count (
    dimension        TEXT NOT NULL,
    month            TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    key              TEXT NOT NULL,
    reaction_type_id TEXT NOT NULL,
    grade            INTEGER NOT NULL,
    sessions         INTEGER NOT NULL CHECK (sessions >= 0),
    PRIMARY KEY (dimension, month, key, reaction_type_id, grade)
) STRICT, WITHOUT ROWID;

-- table screening_result
CREATE TABLE screening_result (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    rule_id          TEXT NOT NULL REFERENCES contraindication_rule (id) ON DELETE RESTRICT,
    rule_version     INTEGER NOT NULL,
    severity         TEXT NOT NULL CHECK (severity IN ('block', 'warn')),
    flagged          INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    evidence         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    message          TEXT NOT NULL DEFAULT '',
    override_reason  TEXT,
    -- Who passed the block or acknowledged the warning, and when (the treating clinician
    -- until user accounts exist).
    decided_by       TEXT,
    decided_at       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (session_id, rule_id),
    CHECK (override_reason IS NULL OR (severity = 'block' AND flagged = 1))
) STRICT;

-- table session
CREATE TABLE session (
    id               TEXT PRIMARY KEY NOT NULL,
    patient_id       TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    started_at       TEXT NOT NULL,
    ended_at         TEXT,
    clinician_name   TEXT NOT NULL CHECK (length(clinician_name) BETWEEN 1 AND 100),
    indications      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(indications)),
    numbing_product  TEXT,
    numbing_minutes  INTEGER CHECK (numbing_minutes BETWEEN 0 AND 180),
    skin_prep        TEXT,
    pain_score       INTEGER CHECK (pain_score BETWEEN 0 AND 10),
    notes            TEXT NOT NULL DEFAULT '',
    aftercare_given  INTEGER NOT NULL DEFAULT 0 CHECK (aftercare_given IN (0, 1)),
    next_session_on  TEXT,
    -- Only drafts exist until signing lands; 'signed' is reserved so that change needs no
    -- rebuild of this table.
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT, course_id TEXT REFERENCES course (id) ON DELETE RESTRICT,
    CHECK (ended_at IS NULL OR ended_at > started_at)
) STRICT;

-- table session_addendum
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

-- table session_signature
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

-- table treated_area
CREATE TABLE treated_area (
    id               TEXT PRIMARY KEY NOT NULL,
    session_id       TEXT NOT NULL REFERENCES session (id) ON DELETE RESTRICT,
    position         INTEGER NOT NULL CHECK (position >= 0),
    area_id          TEXT NOT NULL REFERENCES area (id) ON DELETE RESTRICT,
    device_kind      TEXT NOT NULL
                     CHECK (device_kind IN ('derma_pen', 'derma_roller', 'stamp', 'rf_microneedling')),
    device_model     TEXT,
    -- Depth in micrometres: exact for the 0.1 / 0.25 mm steps devices use.
    needle_depth_um  INTEGER NOT NULL CHECK (needle_depth_um > 0 AND needle_depth_um <= 3500),
    passes           INTEGER NOT NULL CHECK (passes BETWEEN 1 AND 12),
    speed_level      INTEGER CHECK (speed_level BETWEEN 1 AND 20),
    pattern          TEXT CHECK (pattern IN ('vertical', 'horizontal', 'diagonal', 'crosshatch')),
    needle_count     INTEGER CHECK (needle_count BETWEEN 1 AND 1000),
    cartridge_lot    TEXT,
    endpoint         TEXT,
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT, device_model_id TEXT REFERENCES device_model (id) ON DELETE RESTRICT,
    UNIQUE (session_id, position)
) STRICT;

-- table workstation
CREATE TABLE workstation (
    id          TEXT PRIMARY KEY NOT NULL,
    label       TEXT NOT NULL,
    is_local    INTEGER NOT NULL CHECK (is_local IN (0, 1)),
    created_at  TEXT NOT NULL
) STRICT;

-- trigger audit_event_append_only_delete
CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;

-- trigger audit_event_append_only_update
CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;

-- trigger consent_template_kept
CREATE TRIGGER consent_template_kept BEFORE DELETE ON consent_template
BEGIN SELECT RAISE(ABORT, 'consent templates cannot be removed'); END;

-- trigger consent_template_kind_fixed
CREATE TRIGGER consent_template_kind_fixed BEFORE UPDATE OF id, kind ON consent_template
BEGIN SELECT RAISE(ABORT, 'a consent template keeps its kind'); END;

-- trigger consent_template_version_append_only_delete
CREATE TRIGGER consent_template_version_append_only_delete
BEFORE DELETE ON consent_template_version
BEGIN SELECT RAISE(ABORT, 'consent template versions cannot be removed'); END;

-- trigger consent_template_version_append_only_update
CREATE TRIGGER consent_template_version_append_only_update
BEFORE UPDATE ON consent_template_version
BEGIN SELECT RAISE(ABORT, 'consent template versions cannot be changed'); END;

-- trigger consent_template_version_in_order
CREATE TRIGGER consent_template_version_in_order BEFORE INSERT ON consent_template_version
WHEN NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM consent_template_version
                     WHERE template_id = NEW.template_id)
BEGIN SELECT RAISE(ABORT, 'consent template versions are numbered in order'); END;

-- trigger import_batch_append_only_delete
CREATE TRIGGER import_batch_append_only_delete BEFORE DELETE ON import_batch
BEGIN SELECT RAISE(ABORT, 'import records cannot be removed'); END;

-- trigger import_batch_append_only_update
CREATE TRIGGER import_batch_append_only_update BEFORE UPDATE ON import_batch
BEGIN SELECT RAISE(ABORT, 'import records cannot be changed'); END;

-- trigger import_patient_append_only_delete
CREATE TRIGGER import_patient_append_only_delete BEFORE DELETE ON import_patient
BEGIN SELECT RAISE(ABORT, 'import records cannot be removed'); END;

-- trigger import_patient_append_only_update
CREATE TRIGGER import_patient_append_only_update BEFORE UPDATE ON import_patient
BEGIN SELECT RAISE(ABORT, 'import records cannot be changed'); END;

-- trigger import_session_append_only_delete
CREATE TRIGGER import_session_append_only_delete BEFORE DELETE ON import_session
BEGIN SELECT RAISE(ABORT, 'import records cannot be removed'); END;

-- trigger import_session_append_only_update
CREATE TRIGGER import_session_append_only_update BEFORE UPDATE ON import_session
BEGIN SELECT RAISE(ABORT, 'import records cannot be changed'); END;

-- trigger patient_consent_as_signed
CREATE TRIGGER patient_consent_as_signed BEFORE INSERT ON patient_consent
WHEN NEW.revoked_at IS NOT NULL OR NOT EXISTS (
    SELECT 1 FROM consent_template_version v JOIN consent_template t ON t.id = v.template_id
    WHERE v.id = NEW.template_version_id AND v.text_sha256 = NEW.text_sha256
      AND t.kind = NEW.kind)
BEGIN SELECT RAISE(ABORT, 'a consent is recorded unrevoked, as its template version says'); END;

-- trigger patient_consent_kept
CREATE TRIGGER patient_consent_kept BEFORE DELETE ON patient_consent
BEGIN SELECT RAISE(ABORT, 'consents cannot be removed; revoke them instead'); END;

-- trigger patient_consent_revoked_once
CREATE TRIGGER patient_consent_revoked_once BEFORE UPDATE ON patient_consent
WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.patient_id IS NOT OLD.patient_id
  OR NEW.template_version_id IS NOT OLD.template_version_id
  OR NEW.kind IS NOT OLD.kind
  OR NEW.text_sha256 IS NOT OLD.text_sha256
  OR NEW.scopes IS NOT OLD.scopes
  OR NEW.signer_name IS NOT OLD.signer_name
  OR NEW.signer_relation IS NOT OLD.signer_relation
  OR NEW.method IS NOT OLD.method
  OR NEW.signed_at IS NOT OLD.signed_at
  OR NEW.witness_id IS NOT OLD.witness_id
  OR NEW.witness_name IS NOT OLD.witness_name
  OR NEW.signature_png IS NOT OLD.signature_png
  OR NEW.signature_sha256 IS NOT OLD.signature_sha256
  OR NEW.scan IS NOT OLD.scan
  OR NEW.scan_media_type IS NOT OLD.scan_media_type
  OR NEW.scan_sha256 IS NOT OLD.scan_sha256
BEGIN SELECT RAISE(ABORT, 'a consent cannot be changed, only revoked once'); END;

-- trigger photo_append_only_delete
CREATE TRIGGER photo_append_only_delete BEFORE DELETE ON photo
BEGIN SELECT RAISE(ABORT, 'photos cannot be removed'); END;

-- trigger photo_append_only_update
CREATE TRIGGER photo_append_only_update BEFORE UPDATE ON photo
BEGIN SELECT RAISE(ABORT, 'photos cannot be changed'); END;

-- trigger photo_removal_append_only_delete
CREATE TRIGGER photo_removal_append_only_delete BEFORE DELETE ON photo_removal
BEGIN SELECT RAISE(ABORT, 'photo removals cannot be removed'); END;

-- trigger photo_removal_append_only_update
CREATE TRIGGER photo_removal_append_only_update BEFORE UPDATE ON photo_removal
BEGIN SELECT RAISE(ABORT, 'photo removals cannot be changed'); END;

-- trigger photo_signed_locked_insert
CREATE TRIGGER photo_signed_locked_insert BEFORE INSERT ON photo
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger product_applied_signed_locked_delete
CREATE TRIGGER product_applied_signed_locked_delete BEFORE DELETE ON product_applied
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger product_applied_signed_locked_insert
CREATE TRIGGER product_applied_signed_locked_insert BEFORE INSERT ON product_applied
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger product_applied_signed_locked_update
CREATE TRIGGER product_applied_signed_locked_update BEFORE UPDATE ON product_applied
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger reaction_signed_locked_delete
CREATE TRIGGER reaction_signed_locked_delete BEFORE DELETE ON reaction
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger reaction_signed_locked_insert
CREATE TRIGGER reaction_signed_locked_insert BEFORE INSERT ON reaction
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger reaction_signed_locked_update
CREATE TRIGGER reaction_signed_locked_update BEFORE UPDATE ON reaction
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger screening_result_signed_locked_delete
CREATE TRIGGER screening_result_signed_locked_delete BEFORE DELETE ON screening_result
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger screening_result_signed_locked_insert
CREATE TRIGGER screening_result_signed_locked_insert BEFORE INSERT ON screening_result
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger screening_result_signed_locked_update
CREATE TRIGGER screening_result_signed_locked_update BEFORE UPDATE ON screening_result
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger session_addendum_append_only_delete
CREATE TRIGGER session_addendum_append_only_delete BEFORE DELETE ON session_addendum
BEGIN SELECT RAISE(ABORT, 'addenda cannot be removed'); END;

-- trigger session_addendum_append_only_update
CREATE TRIGGER session_addendum_append_only_update BEFORE UPDATE ON session_addendum
BEGIN SELECT RAISE(ABORT, 'addenda cannot be changed'); END;

-- trigger session_signature_append_only_delete
CREATE TRIGGER session_signature_append_only_delete BEFORE DELETE ON session_signature
BEGIN SELECT RAISE(ABORT, 'signatures cannot be removed'); END;

-- trigger session_signature_append_only_update
CREATE TRIGGER session_signature_append_only_update BEFORE UPDATE ON session_signature
BEGIN SELECT RAISE(ABORT, 'signatures cannot be changed'); END;

-- trigger session_signed_born_draft
CREATE TRIGGER session_signed_born_draft BEFORE INSERT ON session
WHEN NEW.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a session is saved as a draft and then signed'); END;

-- trigger session_signed_locked_delete
CREATE TRIGGER session_signed_locked_delete BEFORE DELETE ON session
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger session_signed_locked_update
CREATE TRIGGER session_signed_locked_update BEFORE UPDATE ON session
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger session_signed_needs_author
CREATE TRIGGER session_signed_needs_author BEFORE UPDATE OF status ON session
WHEN NEW.status = 'signed'
    AND NOT EXISTS (SELECT 1 FROM session_signature s
                    WHERE s.session_id = NEW.id AND s.meaning = 'author')
    AND NOT EXISTS (SELECT 1 FROM import_session i WHERE i.session_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a session is signed only by its author signature'); END;

-- trigger treated_area_signed_locked_delete
CREATE TRIGGER treated_area_signed_locked_delete BEFORE DELETE ON treated_area
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger treated_area_signed_locked_insert
CREATE TRIGGER treated_area_signed_locked_insert BEFORE INSERT ON treated_area
WHEN (SELECT status FROM session WHERE id = NEW.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- trigger treated_area_signed_locked_update
CREATE TRIGGER treated_area_signed_locked_update BEFORE UPDATE ON treated_area
WHEN (SELECT status FROM session WHERE id = OLD.session_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed session is locked'); END;

-- view session_report_fact
CREATE VIEW session_report_fact AS
    SELECT k.session_id, substr(s.started_at, 1, 7) AS month, k.dimension, k.key,
           '' AS reaction_type_id, -1 AS grade
    FROM session_report_key k JOIN session s ON s.id = k.session_id
    UNION ALL
    SELECT k.session_id, substr(s.started_at, 1, 7), k.dimension, k.key,
           w.reaction_type_id, w.grade
    FROM session_report_key k JOIN session s ON s.id = k.session_id
    JOIN session_report_worst w ON w.session_id = k.session_id;

-- view session_report_key
CREATE VIEW session_report_key AS
    SELECT s.id AS session_id, 'all' AS dimension, '' AS key FROM session s
    UNION ALL
    SELECT DISTINCT t.session_id, 'device_kind', t.device_kind FROM treated_area t
    UNION ALL
    SELECT DISTINCT t.session_id, 'device_model',
           CASE WHEN t.device_model_id IS NOT NULL THEN 'id:' || t.device_model_id
                WHEN trim(coalesce(t.device_model, '')) <> ''
                    THEN 'text:' || lower(trim(t.device_model))
                ELSE '' END
    FROM treated_area t
    UNION ALL
    SELECT DISTINCT p.session_id, 'serum',
           CASE WHEN p.product_id IS NOT NULL THEN 'id:' || p.product_id
                ELSE 'text:' || lower(trim(p.name)) END
    FROM product_applied p WHERE p.role = 'serum'
    UNION ALL
    SELECT s.id, 'serum', '' FROM session s
    WHERE NOT EXISTS (SELECT 1 FROM product_applied p WHERE p.session_id = s.id AND p.role = 'serum')
    UNION ALL
    SELECT t.session_id, 'depth_band',
           CASE WHEN max(t.needle_depth_um) <= 500 THEN 'to_0_5'
                WHEN max(t.needle_depth_um) <= 1000 THEN 'to_1_0'
                WHEN max(t.needle_depth_um) <= 1500 THEN 'to_1_5'
                WHEN max(t.needle_depth_um) <= 2000 THEN 'to_2_0'
                ELSE 'over_2_0' END
    FROM treated_area t GROUP BY t.session_id
    UNION ALL
    SELECT s.id, 'fitzpatrick', coalesce(CAST(p.fitzpatrick AS TEXT), '')
    FROM session s JOIN patient p ON p.id = s.patient_id;

-- view session_report_worst
CREATE VIEW session_report_worst AS
    SELECT r.session_id, r.reaction_type_id, max(r.grade) AS grade
    FROM reaction r GROUP BY r.session_id, r.reaction_type_id;
