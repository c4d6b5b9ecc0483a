-- Clinical guidance v1: device models with their depth limits, depth guidance per area
-- (optionally per indication), and clinic settings such as the minimum interval between
-- sessions. All of it is seeded here and editable by the clinic: ranges are data, not code.
-- Depths are whole micrometres, like treated_area.needle_depth_um.

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

-- Which model was used; NULL when the clinic recorded only free text (device_model).
ALTER TABLE treated_area ADD COLUMN device_model_id TEXT REFERENCES device_model (id) ON DELETE RESTRICT;

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
CREATE UNIQUE INDEX depth_guidance_area_indication
    ON depth_guidance (area_id, coalesce(indication_id, ''));

CREATE TABLE clinic_setting (
    id              TEXT PRIMARY KEY NOT NULL,
    key             TEXT NOT NULL UNIQUE,
    value           TEXT NOT NULL CHECK (json_valid(value)),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- Seeds ---------------------------------------------------------------------------------

INSERT INTO clinic_setting (id, key, value, note, created_at, updated_at, workstation_id)
VALUES ('00000000-0000-7000-8007-000000000001', 'min_interval_days', '28',
        'Warn when an area is treated again sooner than this (courses are usually 4-6 weeks apart; some trials used 2 weeks, so this only warns).',
        '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000');

-- Generic models: clinics replace or extend them with the devices they own.
WITH v(n, kind, model, lo, hi, step, evaluated, speeds, needles, note) AS (VALUES
    (1, 'derma_pen', 'Motorised pen, 0.1 mm steps',    200, 3000, 100, NULL, 5, NULL,
        'Typical adjustable pen.'),
    (2, 'derma_pen', 'Motorised pen, 0.25 mm steps',   250, 2500, 250, NULL, 5, NULL,
        'Pens that click in quarter millimetres.'),
    (3, 'derma_pen', 'Authorised pen, evaluated to 1.5 mm', 250, 2500, 250, 1500, 5, NULL,
        'Goes to 2.5 mm but was evaluated by the regulator only to 1.5 mm.'),
    (4, 'derma_roller', 'Roller 0.5 mm',  500,  500, NULL, NULL, NULL, 192, 'Fixed needle length.'),
    (5, 'derma_roller', 'Roller 1.0 mm', 1000, 1000, NULL, NULL, NULL, 192, 'Fixed needle length.'),
    (6, 'derma_roller', 'Roller 1.5 mm', 1500, 1500, NULL, NULL, NULL, 192, 'Fixed needle length.'),
    (7, 'stamp', 'Adjustable stamp', 250, 2000, 250, NULL, NULL, NULL, ''),
    (8, 'rf_microneedling', 'RF microneedling handpiece', 500, 3500, 100, NULL, NULL, NULL, '')
)
INSERT INTO device_model (id, kind, manufacturer, model, min_depth_um, max_depth_um,
    depth_step_um, evaluated_max_um, speed_levels, needles_per_cartridge, note,
    created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8005-' || printf('%012d', n), kind, 'Generic', model, lo, hi, step,
       evaluated, speeds, needles, note, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v;

-- Depth guidance from the clinic's domain reference (typical range, upper use).
WITH v(n, area, indication, lo, hi, upper, source) AS (VALUES
    (1,  'periorbital', NULL,  200,  300,  500, 'Periorbital / under-eye'),
    (2,  'forehead',    NULL,  250,  500,  750, 'Forehead'),
    (3,  'nose',        NULL,  250,  500,  750, 'Nose'),
    (4,  'perioral',    NULL,  250,  500,  750, 'Upper lip / perioral'),
    (5,  'cheek_left',  NULL,  500, 1000, 1500, 'Cheeks'),
    (6,  'cheek_right', NULL,  500, 1000, 1500, 'Cheeks'),
    (7,  'chin',        NULL,  500, 1000, 1500, 'Chin'),
    (8,  'jawline',     NULL,  500, 1000, 1500, 'Jawline'),
    (9,  'full_face',   NULL,  500, 1000, 1500, 'Cheeks, chin, jawline'),
    (10, 'neck',        NULL,  250,  500, 1000, 'Neck'),
    (11, 'scalp',       NULL,  500, 1500, 1500, 'Scalp (hair loss)'),
    (12, 'abdomen',     NULL, 1000, 2500, 2500, 'Stretch marks / body'),
    (13, 'thighs',      NULL, 1000, 2500, 2500, 'Stretch marks / body'),
    (14, 'buttocks',    NULL, 1000, 2500, 2500, 'Stretch marks / body'),
    (15, 'back',        NULL, 1000, 2500, 2500, 'Stretch marks / body'),
    (16, 'arms',        NULL, 1000, 2500, 2500, 'Stretch marks / body'),
    (17, 'cheek_left',  'acne_scars',     1000, 1500, 2000, 'Facial acne scars'),
    (18, 'cheek_right', 'acne_scars',     1000, 1500, 2000, 'Facial acne scars'),
    (19, 'chin',        'acne_scars',     1000, 1500, 2000, 'Facial acne scars'),
    (20, 'jawline',     'acne_scars',     1000, 1500, 2000, 'Facial acne scars'),
    (21, 'full_face',   'acne_scars',     1000, 1500, 2000, 'Facial acne scars'),
    (22, 'cheek_left',  'atrophic_scars', 1000, 1500, 2000, 'Cheeks: scars up to 2.0 mm'),
    (23, 'cheek_right', 'atrophic_scars', 1000, 1500, 2000, 'Cheeks: scars up to 2.0 mm')
)
INSERT INTO depth_guidance (id, area_id, indication_id, typical_min_um, typical_max_um,
    upper_use_um, source, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8006-' || printf('%012d', v.n), a.id, i.id, v.lo, v.hi, v.upper,
       v.source, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v
JOIN area a ON a.code = v.area
LEFT JOIN indication i ON i.code = v.indication;

-- Fitzpatrick IV-VI treated deeper than 1.5 mm: warn of post-inflammatory hyperpigmentation.
INSERT INTO clinic_setting (id, key, value, note, created_at, updated_at, workstation_id)
VALUES
    ('00000000-0000-7000-8007-000000000002', 'pih_min_fitzpatrick', '4',
     'Warn of PIH risk for this Fitzpatrick type and darker…',
     '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'),
    ('00000000-0000-7000-8007-000000000003', 'pih_depth_um', '1500',
     '…when the needle goes deeper than this (micrometres).',
     '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000');
