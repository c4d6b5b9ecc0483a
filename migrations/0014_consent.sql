-- Dermalog schema v14: consent. Consent texts are versioned templates; a patient's consent
-- names the exact version signed and carries the SHA-256 of its text, so a new version never
-- changes what was signed before. Versions only add; consents are never removed and change
-- only once, when revoked. The triggers hold even for raw SQL.

CREATE TABLE consent_template (
    id               TEXT PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('treatment', 'photo')),
    -- The template's name in lists; each version carries the title printed on it.
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    created_at       TEXT NOT NULL,
    workstation_id   TEXT NOT NULL REFERENCES workstation (id) ON DELETE RESTRICT
) STRICT;

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
CREATE INDEX patient_consent_patient ON patient_consent (patient_id, signed_at);

CREATE TRIGGER consent_template_kept BEFORE DELETE ON consent_template
BEGIN SELECT RAISE(ABORT, 'consent templates cannot be removed'); END;
CREATE TRIGGER consent_template_kind_fixed BEFORE UPDATE OF id, kind ON consent_template
BEGIN SELECT RAISE(ABORT, 'a consent template keeps its kind'); END;
CREATE TRIGGER consent_template_version_append_only_update
BEFORE UPDATE ON consent_template_version
BEGIN SELECT RAISE(ABORT, 'consent template versions cannot be changed'); END;
CREATE TRIGGER consent_template_version_append_only_delete
BEFORE DELETE ON consent_template_version
BEGIN SELECT RAISE(ABORT, 'consent template versions cannot be removed'); END;
CREATE TRIGGER consent_template_version_in_order BEFORE INSERT ON consent_template_version
WHEN NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM consent_template_version
                     WHERE template_id = NEW.template_id)
BEGIN SELECT RAISE(ABORT, 'consent template versions are numbered in order'); END;

CREATE TRIGGER patient_consent_kept BEFORE DELETE ON patient_consent
BEGIN SELECT RAISE(ABORT, 'consents cannot be removed; revoke them instead'); END;
CREATE TRIGGER patient_consent_as_signed BEFORE INSERT ON patient_consent
WHEN NEW.revoked_at IS NOT NULL OR NOT EXISTS (
    SELECT 1 FROM consent_template_version v JOIN consent_template t ON t.id = v.template_id
    WHERE v.id = NEW.template_version_id AND v.text_sha256 = NEW.text_sha256
      AND t.kind = NEW.kind)
BEGIN SELECT RAISE(ABORT, 'a consent is recorded unrevoked, as its template version says'); END;
-- The one change a consent admits: its revocation, once. workstation_id, like on every
-- table, names the workstation that wrote last.
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

INSERT INTO consent_template (id, kind, title, created_at, workstation_id) VALUES
    ('00000000-0000-7000-800f-000000000001', 'treatment', 'Microneedling treatment consent',
     '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000'),
    ('00000000-0000-7000-800f-000000000002', 'photo', 'Photo consent',
     '2026-11-20T00:00:00Z', '00000000-0000-7000-8000-000000000000');

-- The hashes were computed from these exact texts; a test recomputes them.
INSERT INTO consent_template_version (id, template_id, version, title, text, text_sha256,
    created_at, created_by, workstation_id) VALUES
('00000000-0000-7000-8010-000000000001', '00000000-0000-7000-800f-000000000001', 1,
'Consent to microneedling treatment',
'Microneedling uses a pen or roller with very fine, sterile needles to make many tiny, controlled punctures in the skin. The skin heals these and makes new collagen, which can improve acne scars, texture, fine lines and pores. Results build up over several sessions and cannot be guaranteed.

After treatment your skin will be red, swollen and tight, like a mild sunburn. This is expected and usually settles within 1 to 3 days. Pinpoint bleeding during treatment and dry or flaking skin for a few days afterwards are also common.

Possible risks:
- Bruising, especially around the eyes or if you bleed easily.
- Infection, including a flare of cold sores if you have had them before.
- Darker patches of skin after the inflammation (post-inflammatory hyperpigmentation). This is more likely in darker skin types and after sun exposure, and it can take months to fade.
- Spots, small white bumps (milia), itching or irritation.
- Rarely, firm lumps in the skin (granulomas) when a serum not meant for use on broken skin is applied. Only products suitable for microneedling will be used.
- Very rarely, scarring.

I confirm that I have told my practitioner about my health and medicines, including whether I have:
- an active skin infection, cold sore, open wound or inflamed acne in the area to be treated;
- taken isotretinoin (for example Roaccutane) in the last 6 months;
- a pregnancy, or am breastfeeding;
- a tendency to keloid or raised scars;
- taken blood-thinning medicines (anticoagulants), or a bleeding disorder.
I will tell the clinic before each session if any of this changes.

I will follow the aftercare advice I am given: sun protection, no make-up for 24 hours, gentle cleansing and no picking of the treated skin. I will contact the clinic straight away if I notice signs of infection such as increasing pain, warmth, pus, spreading redness or fever.

I have been able to ask questions and they have been answered. I understand that I can withdraw my consent and stop treatment at any time, including during a session, without giving a reason.

I consent to microneedling treatment as discussed with my practitioner.',
'2dd09cd4e14d2cc128e9e6286ef86151fc5f55ab20835dbdc225c383b889668d',
'2026-11-20T00:00:00Z', NULL, '00000000-0000-7000-8000-000000000000'),
('00000000-0000-7000-8010-000000000002', '00000000-0000-7000-800f-000000000002', 1,
'Consent to clinical photographs',
'The clinic takes photographs of the treated areas before, during and after your treatment, to plan it and to follow your results.

Clinical record: your photographs are always part of your confidential clinical record. Only the staff caring for you see them, and they are kept for as long as the clinic must keep your record.

Teaching: only if you tick this box, your photographs may be shown to doctors, nurses and practitioners in training, for example at professional courses or in professional journals.

Marketing: only if you tick this box, your photographs may be used in the clinic''s own publicity, for example on its website, in leaflets or on social media.

Photographs used for teaching or marketing will not show your name and, wherever possible, will not show your whole face, tattoos or other features that could identify you.

Your photographs are stored encrypted. Information that cameras and phones add to picture files, such as the place and time a photograph was taken, is removed before they are stored.

Saying no to teaching or marketing does not affect your treatment in any way.

You may withdraw this consent at any time, wholly or for teaching or marketing only, by telling the clinic. Your photographs will not be used for a withdrawn purpose after that; material already printed or published cannot always be recalled.

I consent to photographs being taken and used for the purposes I have ticked.',
'1d4f97130e05ff649be1bc99d3fb6f58192ff804b13c573909eb390afec19ea2',
'2026-11-20T00:00:00Z', NULL, '00000000-0000-7000-8000-000000000000');
