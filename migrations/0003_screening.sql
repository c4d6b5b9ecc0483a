-- Screening v1: the patient's medical history, the contraindication rules that read it, the
-- stored result of screening each session, and the clinic's product catalogue. Rules, terms
-- and products are seeded here and editable by the clinic; nothing is a constant in code.

-- Which areas an area includes ("full face" includes the cheeks…): two areas overlap when
-- they are the same or one includes the other. A JSON list of area codes.
ALTER TABLE area ADD COLUMN includes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(includes));
UPDATE area SET includes = '["forehead","periorbital","nose","cheek_left","cheek_right","perioral","chin","jawline"]'
WHERE code = 'full_face';

-- The words a medical history is written in, shared by history entries and rules.
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

-- One fact of a patient's history: a condition (onset..resolved), a medication
-- (started..stopped), an allergy, a past treatment (on started_on), or a pregnancy /
-- breastfeeding status (from..until). Open-ended when ended_on is NULL. An entry made in
-- error is archived, never deleted.
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
CREATE INDEX history_entry_patient ON history_entry (patient_id);

-- Every Fitzpatrick type a patient was assessed as, kept when the current one changes.
CREATE TABLE fitzpatrick_assessment (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL REFERENCES patient (id) ON DELETE RESTRICT,
    fitzpatrick     INTEGER NOT NULL CHECK (fitzpatrick BETWEEN 1 AND 6),
    assessed_on     TEXT,
    created_at      TEXT NOT NULL,
    workstation_id  TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;
CREATE INDEX fitzpatrick_assessment_patient ON fitzpatrick_assessment (patient_id);
INSERT INTO fitzpatrick_assessment (id, patient_id, fitzpatrick, assessed_on, created_at, workstation_id)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a'
             || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
       id, fitzpatrick, fitzpatrick_assessed_on, updated_at, workstation_id
FROM (SELECT hex(randomblob(16)) AS h, * FROM patient WHERE fitzpatrick IS NOT NULL);

-- A contraindication rule: fires when the patient's history holds one of `terms` (of kind
-- `reads`) at the right time relative to the session date:
--   current: ongoing on that day;
--   within:  ongoing, or ended less than window_count window_unit before it;
--   ever:    started on or before it.
-- in_area: an entry with an area counts only when a treated area overlaps it.
-- indications: the rule applies only to sessions treating one of them (empty: all).
-- Editing a rule raises its version; each screening result records the version it used.
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

-- The screening of one session: one row per active rule at the time of the save, clear or
-- flagged, with the rule version and the history entries it saw (JSON). A block is passed
-- only with a written override reason; a warning is acknowledged by saving with it shown.
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

-- The clinic's product catalogue. A session's product row may point at its entry.
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
ALTER TABLE product_applied ADD COLUMN product_id TEXT REFERENCES product (id) ON DELETE RESTRICT;

-- Seeds ---------------------------------------------------------------------------------

WITH v(n, code, kind, name) AS (VALUES
    (1,  'skin_infection',      'condition',  'Skin infection'),
    (2,  'open_wound',          'condition',  'Open wound'),
    (3,  'acne_breakout',       'condition',  'Active acne breakout'),
    (4,  'cold_sore',           'condition',  'Cold sore (HSV), active'),
    (5,  'hsv_history',         'condition',  'Cold sores (HSV) in the past'),
    (6,  'keloid_tendency',     'condition',  'Keloid / hypertrophic scar tendency'),
    (7,  'rosacea',             'condition',  'Rosacea'),
    (8,  'eczema_flare',        'condition',  'Eczema flare'),
    (9,  'psoriasis_flare',     'condition',  'Psoriasis flare'),
    (10, 'bleeding_disorder',   'condition',  'Bleeding disorder'),
    (11, 'diabetes_uncontrolled','condition', 'Diabetes, uncontrolled'),
    (12, 'immunosuppression',   'condition',  'Immunosuppression'),
    (13, 'chemo_radiotherapy',  'condition',  'Chemotherapy / radiotherapy'),
    (14, 'sunburn',             'condition',  'Sunburn'),
    (20, 'isotretinoin',        'medication', 'Isotretinoin (oral)'),
    (21, 'retinoid_topical',    'medication', 'Topical retinoid (tretinoin, adapalene…)'),
    (22, 'warfarin',            'medication', 'Warfarin'),
    (23, 'heparin',             'medication', 'Heparin'),
    (24, 'clopidogrel',         'medication', 'Clopidogrel'),
    (25, 'aspirin',             'medication', 'Aspirin'),
    (26, 'doac',                'medication', 'Other anticoagulant (apixaban, rivaroxaban…)'),
    (27, 'immunosuppressant',   'medication', 'Immunosuppressant'),
    (28, 'antiviral',           'medication', 'Antiviral prophylaxis (aciclovir, valaciclovir…)'),
    (40, 'nickel',              'allergy',    'Nickel / metal'),
    (41, 'local_anaesthetic',   'allergy',    'Local anaesthetic (lidocaine…)'),
    (50, 'laser',               'treatment',  'Laser'),
    (51, 'ipl',                 'treatment',  'IPL'),
    (52, 'chemical_peel',       'treatment',  'Chemical peel'),
    (53, 'neurotoxin',          'treatment',  'Neurotoxin (botulinum toxin)'),
    (54, 'filler',              'treatment',  'Dermal filler'),
    (60, 'pregnant',            'pregnancy',  'Pregnant'),
    (61, 'breastfeeding',       'pregnancy',  'Breastfeeding')
)
INSERT INTO history_term (id, code, kind, name, sort_order, created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8008-' || printf('%012d', n), code, kind, name, n,
       '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'
FROM v;

-- From the domain reference: block by default for infection, acne, cold sore in the area,
-- keloid tendency when treating scars, pregnancy; warn for the rest.
WITH v(n, code, description, reads, terms, timing, wcount, wunit, in_area, indications, severity, advice) AS (VALUES
    (1,  'infection_in_area', 'Active skin infection or open wound in the treated area',
         'condition', '["skin_infection","open_wound"]', 'current', NULL, NULL, 1, '[]', 'block',
         'Treat once it has healed.'),
    (2,  'acne_in_area', 'Active acne breakout in the treated area',
         'condition', '["acne_breakout"]', 'current', NULL, NULL, 1, '[]', 'block',
         'Needling spreads bacteria: wait until the breakout has settled.'),
    (3,  'cold_sore_in_area', 'Active cold sore (HSV) in the treated area',
         'condition', '["cold_sore"]', 'current', NULL, NULL, 1, '[]', 'block',
         'Wait until it has healed.'),
    (4,  'keloid_scar_treatment', 'Keloid tendency while treating scars',
         'condition', '["keloid_tendency"]', 'ever', NULL, NULL, 0,
         '["acne_scars","atrophic_scars","raised_scars"]', 'block',
         'Needling can trigger keloids in prone skin.'),
    (5,  'pregnancy', 'Pregnancy',
         'pregnancy', '["pregnant"]', 'current', NULL, NULL, 0, '[]', 'block',
         'Postpone until after pregnancy.'),
    (6,  'isotretinoin_recent', 'Oral isotretinoin taken in the last 6 months',
         'medication', '["isotretinoin"]', 'within', 6, 'months', 0, '[]', 'warn',
         'Evidence for waiting is weak; record the discussion.'),
    (7,  'rosacea', 'Rosacea',
         'condition', '["rosacea"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Treat only outside flares, gently.'),
    (8,  'eczema_psoriasis_flare', 'Eczema or psoriasis flare',
         'condition', '["eczema_flare","psoriasis_flare"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Avoid flaring skin.'),
    (9,  'bleeding_disorder', 'Bleeding disorder',
         'condition', '["bleeding_disorder"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Expect more bleeding and bruising; consider shallower depths.'),
    (10, 'anticoagulants', 'Anticoagulant or antiplatelet medication',
         'medication', '["warfarin","heparin","clopidogrel","aspirin","doac"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Expect more bleeding and bruising; do not stop prescribed medication without the prescriber.'),
    (11, 'diabetes_uncontrolled', 'Uncontrolled diabetes',
         'condition', '["diabetes_uncontrolled"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Slower healing and more infection risk.'),
    (12, 'immunosuppression', 'Immunosuppression',
         'condition', '["immunosuppression"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'More infection risk.'),
    (13, 'immunosuppressant', 'Immunosuppressant medication',
         'medication', '["immunosuppressant"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'More infection risk.'),
    (14, 'chemo_radiotherapy', 'Chemotherapy or radiotherapy',
         'condition', '["chemo_radiotherapy"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Ask the oncology team.'),
    (15, 'breastfeeding', 'Breastfeeding',
         'pregnancy', '["breastfeeding"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Avoid serums not known to be safe while breastfeeding.'),
    (16, 'metal_allergy', 'Metal (nickel) allergy',
         'allergy', '["nickel"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Check the needle material.'),
    (17, 'anaesthetic_allergy', 'Local anaesthetic allergy',
         'allergy', '["local_anaesthetic"]', 'current', NULL, NULL, 0, '[]', 'warn',
         'Do not use the numbing cream it reacts to.'),
    (18, 'laser_ipl_recent', 'Laser or IPL less than 2 weeks ago',
         'treatment', '["laser","ipl"]', 'within', 2, 'weeks', 1, '[]', 'warn',
         'Let the skin recover first.'),
    (19, 'sunburn_recent', 'Sunburn less than 2 weeks ago',
         'condition', '["sunburn"]', 'within', 2, 'weeks', 1, '[]', 'warn',
         'Let the skin recover first.'),
    (20, 'peel_recent', 'Chemical peel less than 30 days ago',
         'treatment', '["chemical_peel"]', 'within', 30, 'days', 1, '[]', 'warn',
         'Let the skin recover first.'),
    (21, 'neurotoxin_recent', 'Neurotoxin less than 3 months ago',
         'treatment', '["neurotoxin"]', 'within', 3, 'months', 1, '[]', 'warn',
         'Needling may spread it; avoid the injected area.'),
    (22, 'filler_recent', 'Dermal filler less than 6 months ago',
         'treatment', '["filler"]', 'within', 6, 'months', 1, '[]', 'warn',
         'Avoid the filled area.'),
    (23, 'hsv_history', 'History of cold sores (HSV)',
         'condition', '["hsv_history","cold_sore"]', 'ever', NULL, NULL, 0, '[]', 'warn',
         'Document antiviral prophylaxis taken about 24 h before.'),
    (24, 'retinoid_recent', 'Topical retinoid stopped less than 7 days ago',
         'medication', '["retinoid_topical"]', 'within', 7, 'days', 0, '[]', 'warn',
         'Stop retinoids 3-7 days before needling.')
)
INSERT INTO contraindication_rule (id, code, description, reads, terms, timing, window_count,
    window_unit, in_area, indications, severity, advice, source, sort_order,
    created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-8009-' || printf('%012d', n), code, description, reads, terms, timing,
       wcount, wunit, in_area, indications, severity, advice, 'Dermalog domain reference v1', n,
       '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'
FROM v;

-- Intradermal approval: 'no' where regulators or reports advise against (vitamin C granulomas
-- under motorised pens; no exosome product is approved), 'unknown' until the clinic checks
-- the product it actually buys.
WITH v(n, name, kind, intradermal, note) AS (VALUES
    (1,  'Hyaluronic acid serum',       'serum',       'unknown', ''),
    (2,  'Hyaluronic glide gel',        'glide',       'unknown', ''),
    (3,  'PRP (platelet-rich plasma)',  'serum',       'unknown', 'Autologous.'),
    (4,  'Vitamin C serum',             'serum',       'no',      'Granulomatous reactions reported under motorised pens.'),
    (5,  'Growth factor serum',         'serum',       'unknown', ''),
    (6,  'Tranexamic acid serum',       'serum',       'unknown', ''),
    (7,  'Peptide serum',               'serum',       'unknown', ''),
    (8,  'Exosome serum',               'serum',       'no',      'No exosome product is approved by regulators.'),
    (9,  'Tretinoin',                   'serum',       'no',      ''),
    (10, 'Post-procedure balm',         'post_care',   'no',      'Apply on the surface after treatment.'),
    (11, 'Mineral sunscreen SPF 50',    'post_care',   'no',      ''),
    (12, 'Lidocaine 4 % cream',         'anaesthetic', 'no',      'Topical numbing only.'),
    (13, 'Pen cartridge, 12 needles',   'cartridge',   'yes',     ''),
    (14, 'Pen cartridge, 36 needles',   'cartridge',   'yes',     '')
)
INSERT INTO product (id, name, name_key, kind, intradermal, note, sort_order,
    created_at, updated_at, workstation_id)
SELECT '00000000-0000-7000-800a-' || printf('%012d', n), name, lower(name), kind, intradermal,
       note, n, '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z',
       '00000000-0000-7000-8000-000000000000'
FROM v;

-- Old product rows that name a catalogue product point at it.
UPDATE product_applied SET product_id =
    (SELECT p.id FROM product p WHERE p.name_key = lower(product_applied.name))
WHERE product_id IS NULL;
