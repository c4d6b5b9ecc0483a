-- Dermalog schema v1: patients, microneedling sessions and their children, and the
-- clinic-editable reference lists they draw on. Released migrations are never edited;
-- changes go in a new numbered file.
--
-- Conventions: every row has a UUID v7 text id, created_at/updated_at as UTC RFC 3339 text,
-- and the id of the workstation that last wrote it. Calendar dates are *_on (YYYY-MM-DD),
-- booleans 0/1, lists JSON text. Clinical rows are archived, never cascaded away.

CREATE TABLE workstation (
    id          TEXT PRIMARY KEY NOT NULL,
    label       TEXT NOT NULL,
    is_local    INTEGER NOT NULL CHECK (is_local IN (0, 1)),
    created_at  TEXT NOT NULL
) STRICT;
-- Exactly one workstation is "this installation"; rows merged in later keep their own.
CREATE UNIQUE INDEX workstation_one_local ON workstation (is_local) WHERE is_local = 1;

-- Rows seeded by migrations carry this workstation id.
INSERT INTO workstation (id, label, is_local, created_at)
VALUES ('00000000-0000-7000-8000-000000000000', 'seed data', 0, '2026-11-20T00:00:00Z');

-- Reference lists (seeded here, editable by the clinic) ------------------------------

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
) STRICT;

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

-- A grading scale: grades min_grade..max_grade, one label each (JSON array of strings).
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

-- Clinical records --------------------------------------------------------------------

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
) STRICT;
CREATE INDEX patient_family_key ON patient (family_key, given_key);
CREATE INDEX patient_given_key ON patient (given_key);
CREATE INDEX patient_date_of_birth ON patient (date_of_birth);

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
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (ended_at IS NULL OR ended_at > started_at)
) STRICT;
CREATE INDEX session_patient_started ON session (patient_id, started_at);

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
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (session_id, position)
) STRICT;
CREATE INDEX treated_area_cartridge_lot ON treated_area (cartridge_lot) WHERE cartridge_lot IS NOT NULL;

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
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    UNIQUE (session_id, position)
) STRICT;
CREATE INDEX product_applied_lot ON product_applied (lot) WHERE lot IS NOT NULL;

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

-- Seeds ---------------------------------------------------------------------------------
-- Fixed ids so later migrations and other workstations can refer to the same rows.

WITH v(sort_order, code, name, region, snomed) AS (VALUES
    (1,  'forehead',     'Forehead',                 'face',  '52795006'),
    (2,  'periorbital',  'Periorbital / under-eye',  'face',  NULL),
    (3,  'nose',         'Nose',                     'face',  '45206002'),
    (4,  'cheek_left',   'Cheek, left',              'face',  '60819002'),
    (5,  'cheek_right',  'Cheek, right',             'face',  '60819002'),
    (6,  'perioral',     'Upper lip / perioral',     'face',  NULL),
    (7,  'chin',         'Chin',                     'face',  '30291003'),
    (8,  'jawline',      'Jawline',                  'face',  NULL),
    (9,  'full_face',    'Full face',                'face',  '89545001'),
    (10, 'neck',         'Neck',                     'body',  '45048000'),
    (11, 'decolletage',  'Décolletage',              'body',  NULL),
    (12, 'scalp',        'Scalp',                    'scalp', '41695006'),
    (13, 'hands',        'Hands',                    'body',  '85562004'),
    (14, 'arms',         'Arms',                     'body',  NULL),
    (15, 'abdomen',      'Abdomen',                  'body',  NULL),
    (16, 'back',         'Back',                     'body',  '77568009'),
    (17, 'buttocks',     'Buttocks',                 'body',  NULL),
    (18, 'thighs',       'Thighs',                   'body',  NULL)
)
INSERT INTO area (id, code, name, region, snomed_code, sort_order, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8001-' || printf('%012d', sort_order), code, name, region, snomed,
       sort_order, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v;

WITH v(sort_order, code, name, responds) AS (VALUES
    (1,  'acne_scars',        'Acne scars',                               1),
    (2,  'atrophic_scars',    'Other atrophic scars',                     1),
    (3,  'fine_lines',        'Fine lines',                               1),
    (4,  'wrinkles',          'Wrinkles',                                 1),
    (5,  'enlarged_pores',    'Enlarged pores',                           1),
    (6,  'hyperpigmentation', 'Hyperpigmentation / melasma / sun damage', 1),
    (7,  'stretch_marks',     'Stretch marks (striae)',                   1),
    (8,  'hair_loss',         'Hair loss (alopecia)',                     1),
    (9,  'skin_laxity',       'Loss of elasticity / loose skin',          1),
    (10, 'dull_texture',      'Dull texture',                             1),
    (11, 'rosacea',           'Rosacea (outside flares)',                 1),
    (12, 'raised_scars',      'Raised (hypertrophic) scars / keloids',    0)
)
INSERT INTO indication (id, code, name, responds, sort_order, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8002-' || printf('%012d', sort_order), code, name, responds,
       sort_order, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v;

WITH v(n, code, name, lo, hi, labels) AS (VALUES
    (1, 'cea',      'Clinician Erythema Assessment', 0, 4,
        '["none","almost clear","mild","moderate","severe"]'),
    (2, 'draize',   'Edema (Draize-type)',           0, 4,
        '["none","very slight","slight","moderate","severe"]'),
    (3, 'bleeding', 'Bleeding / bruising',           0, 2,
        '["none","pinpoint","more than expected"]'),
    (4, 'severity', 'Severity (none to severe)',     0, 3,
        '["none","mild","moderate","severe"]'),
    (5, 'ctcae',    'Adverse event (CTCAE grade)',   1, 4,
        '["mild","moderate","severe","life-threatening"]'),
    (6, 'pain_nrs', 'Pain (0–10)',                   0, 10,
        '["0","1","2","3","4","5","6","7","8","9","10"]')
)
INSERT INTO reaction_scale (id, code, name, min_grade, max_grade, labels, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8003-' || printf('%012d', n), code, name, lo, hi, labels,
       '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'
FROM v;

WITH v(sort_order, code, name, scale) AS (VALUES
    (1,  'erythema',          'Erythema / redness', 'cea'),
    (2,  'edema',             'Edema / swelling',   'draize'),
    (3,  'pinpoint_bleeding', 'Pinpoint bleeding',  'bleeding'),
    (4,  'bruising',          'Bruising',           'bleeding'),
    (5,  'pain',              'Pain / discomfort',  'pain_nrs'),
    (6,  'irritation',        'Irritation',         'severity'),
    (7,  'dryness',           'Dryness',            'severity'),
    (8,  'flaking',           'Flaking / peeling',  'severity'),
    (9,  'itching',           'Itching',            'severity'),
    (10, 'acne_flare',        'Acne flare',         'severity'),
    (11, 'pih',               'Post-inflammatory hyperpigmentation', 'severity'),
    (12, 'infection',         'Infection',          'ctcae'),
    (13, 'other',             'Other',              'severity')
)
INSERT INTO reaction_type (id, code, name, default_scale_id, sort_order, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8004-' || printf('%012d', v.sort_order), v.code, v.name, s.id,
       v.sort_order, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v
JOIN reaction_scale s ON s.code = v.scale;
