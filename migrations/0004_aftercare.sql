-- Aftercare v1: the clinic's handout text and the expected downtime by needle depth, both
-- clinic-editable. The handout is printed per session from these rows.

-- One row: the handout the clinic hands out (the name printed on it, a title, the advice as
-- paragraphs separated by blank lines; lines starting "- " print as a list).
CREATE TABLE aftercare_template (
    id              TEXT PRIMARY KEY NOT NULL,
    clinic_name     TEXT NOT NULL DEFAULT '' CHECK (length(clinic_name) <= 100),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

-- Expected downtime: the band with the smallest max_depth_um at or above the deepest needle
-- depth of the session applies.
CREATE TABLE downtime_band (
    id              TEXT PRIMARY KEY NOT NULL,
    max_depth_um    INTEGER NOT NULL UNIQUE CHECK (max_depth_um BETWEEN 1 AND 3500),
    downtime        TEXT NOT NULL CHECK (length(downtime) BETWEEN 1 AND 200),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

INSERT INTO aftercare_template (id, clinic_name, title, body, created_at, updated_at, workstation_id)
VALUES ('00000000-0000-7000-800b-000000000001', '', 'After your microneedling treatment',
'Your skin will look and feel like a mild sunburn: redness and swelling usually fade within hours to about three days. Small pinpoint scabs can form after 24-72 hours and are gone within a week.

- Avoid sun, tanning beds and UV light. Use a broad-spectrum sunscreen, SPF 30 or higher, whenever you are outside.
- No make-up for 24 hours; after that, non-comedogenic products only.
- Wash twice a day with lukewarm water and a mild, fragrance-free cleanser.
- No scrubs, exfoliants or retinoids for one week.
- No heat, sauna or workouts for 48 hours.
- Do not pick or scratch scabs. Drink plenty of water.

Call us straight away if you notice signs of infection: increasing pain, warmth, pus, spreading redness or fever.',
'2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000');

WITH v(n, depth, downtime) AS (VALUES
    (1, 500,  'about 2-3 days'),
    (2, 1500, 'about 4-5 days'),
    (3, 3500, 'about 6-7 days')
)
INSERT INTO downtime_band (id, max_depth_um, downtime, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-800c-' || printf('%012d', n), depth, downtime,
       '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'
FROM v;
