-- History review, clinic-wide search and reports.
--
-- 1. Indexes for session search at clinic size: newest-first over a date range, and the
--    child rows a filter starts from (area, device type and model, product name, reaction
--    grade).
-- 2. Report counts kept per month: reports over years of sessions read a few thousand
--    count rows instead of joining millions of child rows. The session save keeps them in
--    the same transaction (core `reports::counts`), from the facts defined once here in the
--    view `session_report_fact`; a rebuild from that view must always give the same table
--    (tested).

CREATE INDEX session_started ON session (started_at, id);
CREATE INDEX session_clinician ON session (clinician_name COLLATE NOCASE, started_at);
CREATE INDEX treated_area_area ON treated_area (area_id, session_id);
CREATE INDEX treated_area_device ON treated_area (device_kind, session_id);
CREATE INDEX treated_area_model ON treated_area (device_model_id, session_id)
    WHERE device_model_id IS NOT NULL;
CREATE INDEX product_applied_name ON product_applied (name COLLATE NOCASE, session_id);
CREATE INDEX reaction_type_grade ON reaction (reaction_type_id, grade, session_id);
CREATE INDEX reaction_session_grade ON reaction (session_id, reaction_type_id, grade);

-- The groups a session belongs to, one row per (dimension, key). Every session is in
-- 'all'; it is in a device, model and serum group for each distinct one it used (names as
-- typed are grouped ignoring case; a session without a serum is in the serum group ''); its depth
-- band is that of its deepest area; its Fitzpatrick group is the patient's type ('' when
-- not assessed). Keys are stable codes or ids; the report names them.
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

-- A session's reactions count once per type, at the highest grade recorded at any time
-- point (immediate, 24 h, 72 h...), so follow-up entries do not count the reaction twice.
CREATE VIEW session_report_worst AS
    SELECT r.session_id, r.reaction_type_id, max(r.grade) AS grade
    FROM reaction r GROUP BY r.session_id, r.reaction_type_id;

-- One row per session and group (reaction_type_id '' and grade -1: the session itself),
-- plus one per group and reaction type. Month of the start, UTC.
CREATE VIEW session_report_fact AS
    SELECT k.session_id, substr(s.started_at, 1, 7) AS month, k.dimension, k.key,
           '' AS reaction_type_id, -1 AS grade
    FROM session_report_key k JOIN session s ON s.id = k.session_id
    UNION ALL
    SELECT k.session_id, substr(s.started_at, 1, 7), k.dimension, k.key,
           w.reaction_type_id, w.grade
    FROM session_report_key k JOIN session s ON s.id = k.session_id
    JOIN session_report_worst w ON w.session_id = k.session_id;

CREATE TABLE report_count (
    dimension        TEXT NOT NULL,
    month            TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    key              TEXT NOT NULL,
    reaction_type_id TEXT NOT NULL,
    grade            INTEGER NOT NULL,
    sessions         INTEGER NOT NULL CHECK (sessions >= 0),
    PRIMARY KEY (dimension, month, key, reaction_type_id, grade)
) STRICT, WITHOUT ROWID;

INSERT INTO report_count (dimension, month, key, reaction_type_id, grade, sessions)
SELECT dimension, month, key, reaction_type_id, grade, count(*)
FROM session_report_fact
GROUP BY dimension, month, key, reaction_type_id, grade;
