-- Courses v1: protocol templates (what a typical course treats, how deep, how often), the
-- courses patients follow, and where each area sits on the clickable face / body map.

-- Map position: which outline (face or body) and where on it, in percent of its width and
-- height. NULL for areas not on a map (custom areas until the clinic places them).
ALTER TABLE area ADD COLUMN map_view TEXT CHECK (map_view IS NULL OR map_view IN ('face', 'body'));
ALTER TABLE area ADD COLUMN map_x REAL CHECK (map_x IS NULL OR map_x BETWEEN 0 AND 100);
ALTER TABLE area ADD COLUMN map_y REAL CHECK (map_y IS NULL OR map_y BETWEEN 0 AND 100);

WITH v(code, view, x, y) AS (VALUES
    ('forehead',    'face', 50, 18),
    ('periorbital', 'face', 50, 38),
    ('nose',        'face', 50, 52),
    ('cheek_left',  'face', 72, 58),
    ('cheek_right', 'face', 28, 58),
    ('perioral',    'face', 50, 68),
    ('chin',        'face', 50, 84),
    ('jawline',     'face', 22, 78),
    ('full_face',   'face', 88, 10),
    ('neck',        'body', 50, 14),
    ('decolletage', 'body', 50, 24),
    ('scalp',       'body', 50, 3),
    ('hands',       'body', 14, 52),
    ('arms',        'body', 20, 34),
    ('abdomen',     'body', 50, 42),
    ('back',        'body', 80, 30),
    ('buttocks',    'body', 80, 50),
    ('thighs',      'body', 42, 64)
)
UPDATE area SET map_view = (SELECT view FROM v WHERE v.code = area.code),
                map_x = (SELECT x FROM v WHERE v.code = area.code),
                map_y = (SELECT y FROM v WHERE v.code = area.code)
WHERE code IN (SELECT code FROM v);

-- A protocol template: a typical course for one indication.
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

-- A patient's treatment plan. Progress (session n of N, next due date) is derived from the
-- sessions that name the course; a course ends when its sessions are done or it is stopped.
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
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT,
    CHECK (stopped_on IS NULL OR stopped_on >= started_on)
) STRICT;
CREATE INDEX course_patient ON course (patient_id);

ALTER TABLE session ADD COLUMN course_id TEXT REFERENCES course (id) ON DELETE RESTRICT;
CREATE INDEX session_course ON session (course_id, started_at) WHERE course_id IS NOT NULL;

-- Seeds ---------------------------------------------------------------------------------

WITH v(n, name, indication, target, interval, serum, note) AS (VALUES
    (1, 'Acne scars, face',       'acne_scars',    6, 35, 'Hyaluronic acid serum',
        'At least four treatments, 4-6 weeks apart.'),
    (2, 'Fine lines, face',       'fine_lines',    4, 28, 'Hyaluronic acid serum', ''),
    (3, 'Hair loss, scalp',       'hair_loss',     6, 28, 'PRP (platelet-rich plasma)', ''),
    (4, 'Stretch marks, abdomen', 'stretch_marks', 6, 42, 'Hyaluronic acid serum', '')
)
INSERT INTO protocol (id, name, indication, target_sessions, interval_days, serum, note,
    sort_order, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-800d-' || printf('%012d', n), name, indication, target, interval,
       serum, note, n, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v;

-- All on the generic pen with 0.25 mm steps (seeded device 2).
WITH v(n, protocol, position, area, depth, passes, pattern) AS (VALUES
    (1,  1, 0, 'cheek_left',  1500, 3, 'crosshatch'),
    (2,  1, 1, 'cheek_right', 1500, 3, 'crosshatch'),
    (3,  1, 2, 'chin',        1000, 3, 'crosshatch'),
    (4,  2, 0, 'forehead',     500, 2, 'crosshatch'),
    (5,  2, 1, 'periorbital',  250, 2, 'horizontal'),
    (6,  2, 2, 'perioral',     500, 2, 'vertical'),
    (7,  3, 0, 'scalp',       1000, 3, 'crosshatch'),
    (8,  4, 0, 'abdomen',     2000, 3, 'crosshatch')
)
INSERT INTO protocol_area (id, protocol_id, position, area_id, device_kind, device_model_id,
    needle_depth_um, passes, pattern)
SELECT '00000000-0000-7000-800e-' || printf('%012d', v.n),
       '00000000-0000-7000-800d-' || printf('%012d', v.protocol), v.position, a.id, 'derma_pen',
       '00000000-0000-7000-8005-000000000002', v.depth, v.passes, v.pattern
FROM v JOIN area a ON a.code = v.area;

INSERT INTO clinic_setting (id, key, value, note, created_at, updated_at, workstation_id)
VALUES ('00000000-0000-7000-8007-000000000004', 'due_soon_days', '7',
        'List a course as due this many days before its next session is due.',
        '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000');
