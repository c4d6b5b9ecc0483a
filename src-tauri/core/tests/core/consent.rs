//! Consent on real databases: seeded templates hash to their text, a new version leaves
//! signed consents on the text they signed, pictures are checked and stored re-encoded,
//! revocation happens once and dates rule what is in force, and SQL refuses the rest.

use std::io::Cursor;

use chrono::{NaiveDate, TimeZone, Utc};
use dermalog_core::audit::{self, Action, AuditQuery};
use dermalog_core::consent::{
    self, ConsentInput, ConsentKind, ConsentMethod, ConsentTemplate, PhotoScope,
    RevokeConsentInput, SignerRelation, TemplateVersionInput,
};
use dermalog_core::patients;
use dermalog_core::Error;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::fixtures::*;

const SIGNER: &str = "Margaret Byron-Lovelace";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn template(t: &TestDb, kind: ConsentKind) -> ConsentTemplate {
    consent::templates(&t.db)
        .expect("templates")
        .into_iter()
        .find(|x| x.kind == kind)
        .expect("seeded template")
}

fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("png");
    out
}

/// A canvas signature: a dark wavy stroke on a transparent background.
fn signature_image() -> RgbaImage {
    let mut img = RgbaImage::new(400, 120);
    for x in 20..380u32 {
        let y = (60.0 + 30.0 * (f64::from(x) / 25.0).sin()) as u32;
        for dy in 0..3 {
            img.put_pixel(x, y + dy, Rgba([20, 20, 60, 255]));
        }
    }
    img
}

/// A small JPEG with an APP1 `Exif` segment right after SOI, holding a TIFF whose IFD0
/// points (tag 0x8825) to a GPS IFD with GPSLatitudeRef = "N".
fn jpeg_with_gps() -> Vec<u8> {
    let img = RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .expect("jpeg");
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    // IFD0 at 8: one entry (GPS IFD pointer, LONG, 1, offset 26), then no next IFD.
    tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD at 26: one entry (GPSLatitudeRef, ASCII, 2, "N\0"), then no next IFD.
    tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let length = u16::try_from(segment.len() + 2).expect("short segment");
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(length.to_be_bytes());
    out.extend(segment);
    out.extend(&plain[2..]);
    out
}

/// A drawn consent on the current version of `kind`'s template.
fn drawn(t: &TestDb, patient: Uuid, kind: ConsentKind, scopes: &[PhotoScope]) -> ConsentInput {
    let current = template(t, kind).current;
    ConsentInput {
        patient_id: patient,
        template_version_id: current.id,
        text_sha256: current.text_sha256,
        scopes: scopes.to_vec(),
        signer_name: SIGNER.into(),
        signer_relation: SignerRelation::Guardian,
        method: ConsentMethod::Drawn,
        signature_png: Some(png(&DynamicImage::ImageRgba8(signature_image()))),
        scan: None,
    }
}

#[test]
fn seeded_templates_hash_to_their_exact_text() {
    let t = fresh();
    let all = consent::templates(&t.db).expect("templates");
    let kinds: Vec<ConsentKind> = all.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [ConsentKind::Treatment, ConsentKind::Photo]);
    for x in &all {
        assert_eq!((x.current.version, x.history.len()), (1, 0));
    }
    assert!(all[0].current.text.contains("isotretinoin"));
    assert!(all[1].current.text.contains("Marketing"));
    let stored: Vec<(String, String)> = t
        .raw()
        .prepare("SELECT text, text_sha256 FROM consent_template_version")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(stored.len(), 2);
    for (text, sha256) in stored {
        assert_eq!(
            hex_sha256(text.as_bytes()),
            sha256,
            "seeded hash of its text"
        );
    }
}

#[test]
fn a_new_version_leaves_signed_consents_on_the_text_they_signed() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let v1 = template(&t, ConsentKind::Treatment);
    let signed = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Treatment, &[]),
    )
    .expect("consent on v1");
    assert_eq!(signed.witness_name, "Dr T. Tester");
    assert_eq!(signed.signer_relation, SignerRelation::Guardian);

    let edit = |title: &str, text: &str| TemplateVersionInput {
        template_id: v1.id,
        title: title.into(),
        text: text.into(),
    };
    let same = edit(&v1.current.title, &v1.current.text);
    assert!(matches!(
        consent::save_template_version(&t.db, &by(now()), same),
        Err(Error::Conflict(_))
    ));
    assert_eq!(
        invalid_fields(consent::save_template_version(
            &t.db,
            &by(now()),
            edit("", "too short")
        )),
        ["title", "text"]
    );
    let v2_text = format!(
        "{}\n\nNew: tell us about any recent vaccinations.",
        v1.current.text
    );
    let v2 = consent::save_template_version(&t.db, &by(now()), edit("Consent, v2", &v2_text))
        .expect("version 2");
    assert_eq!(v2.current.version, 2);
    assert_eq!(v2.current.text_sha256, hex_sha256(v2_text.as_bytes()));
    assert_eq!(v2.history.len(), 1);
    assert_eq!(
        (v2.history[0].id, v2.history[0].version),
        (v1.current.id, 1)
    );

    let doc = consent::consent_document(&t.db, signed.id).expect("document");
    assert_eq!(
        doc.text, v1.current.text,
        "the text as signed, not version 2"
    );
    assert_eq!(doc.consent.template_version, 1);
    assert_eq!(doc.consent.text_sha256, v1.current.text_sha256);
    let stored = doc.signature_png.expect("signature");
    assert_eq!(Some(hex_sha256(&stored)), doc.consent.signature_sha256);
    let pixels = image::load_from_memory(&stored)
        .expect("decodes")
        .to_rgba8();
    assert_eq!(pixels, signature_image(), "re-encoded, same pixels");

    let mut old = drawn(&t, p.id, ConsentKind::Treatment, &[]);
    old.template_version_id = v1.current.id;
    old.text_sha256 = v1.current.text_sha256.clone();
    assert!(
        matches!(
            consent::record_consent(&t.db, &by(now()), old),
            Err(Error::Conflict(_))
        ),
        "version 1 is superseded: a screen still showing it must reload"
    );
}

#[test]
fn a_stale_text_hash_is_refused_and_nothing_is_stored() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = drawn(&t, p.id, ConsentKind::Treatment, &[]);
    input.text_sha256 = hex_sha256(b"the text as it was when the screen opened");
    match consent::record_consent(&t.db, &by(now()), input) {
        Err(Error::Conflict(m)) => {
            assert_eq!(
                m,
                "The consent text changed while it was open; read it again."
            )
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert!(consent::patient_consents(&t.db, p.id)
        .expect("list")
        .is_empty());
}

#[test]
fn a_drawn_signature_must_be_an_inked_png() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let with = |bytes: Vec<u8>| {
        let mut input = drawn(&t, p.id, ConsentKind::Treatment, &[]);
        input.signature_png = Some(bytes);
        consent::record_consent(&t.db, &by(now()), input)
    };
    let blank = DynamicImage::ImageRgba8(RgbaImage::new(400, 120));
    match with(png(&blank)) {
        Err(Error::Invalid(errs)) => {
            assert_eq!(errs.len(), 1);
            assert_eq!(errs[0].field, "signature_png");
            assert!(errs[0].message.contains("empty"), "{}", errs[0].message);
        }
        other => panic!("an untouched canvas is refused, got {other:?}"),
    }
    let white = RgbaImage::from_pixel(400, 120, Rgba([255, 255, 255, 255]));
    assert_eq!(
        invalid_fields(with(png(&DynamicImage::ImageRgba8(white)))),
        ["signature_png"]
    );
    let mut as_jpeg = Vec::new();
    DynamicImage::ImageRgba8(signature_image())
        .to_rgb8()
        .write_to(&mut Cursor::new(&mut as_jpeg), ImageFormat::Jpeg)
        .expect("jpeg");
    assert_eq!(
        invalid_fields(with(as_jpeg)),
        ["signature_png"],
        "not a PNG"
    );
    assert_eq!(
        invalid_fields(with(b"\x89PNG\r\n\x1a\nbroken".to_vec())),
        ["signature_png"]
    );
    let mut none = drawn(&t, p.id, ConsentKind::Treatment, &[]);
    none.signature_png = None;
    assert_eq!(
        invalid_fields(consent::record_consent(&t.db, &by(now()), none)),
        ["signature_png"]
    );
    assert!(consent::patient_consents(&t.db, p.id)
        .expect("list")
        .is_empty());
}

#[test]
fn a_paper_consent_needs_a_scan_and_keeps_no_exif() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::ClinicalRecord]);
    input.method = ConsentMethod::Paper;
    input.signature_png = None;
    assert_eq!(
        invalid_fields(consent::record_consent(&t.db, &by(now()), input.clone())),
        ["scan"]
    );
    input.scan = Some(b"%PDF-1.7 not an image".to_vec());
    assert_eq!(
        invalid_fields(consent::record_consent(&t.db, &by(now()), input.clone())),
        ["scan"]
    );

    let original = jpeg_with_gps();
    assert!(contains(&original, b"Exif") && contains(&original, &[0x88, 0x25]));
    image::load_from_memory(&original).expect("the test's JPEG is valid");
    input.scan = Some(original);
    let saved = consent::record_consent(&t.db, &by(now()), input).expect("paper consent");
    assert!(saved.has_scan && !saved.has_signature);
    assert_eq!(saved.scan_media_type.as_deref(), Some("image/jpeg"));
    let doc = consent::consent_document(&t.db, saved.id).expect("document");
    let stored = doc.scan.expect("scan");
    assert!(!contains(&stored, b"Exif"), "the EXIF block is gone");
    assert!(!contains(&stored, b"MM\x00\x2a"), "and its TIFF with it");
    assert_eq!(Some(hex_sha256(&stored)), saved.scan_sha256);
    let decoded = image::load_from_memory(&stored).expect("stored scan decodes");
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
}

#[test]
fn a_consent_is_revoked_once_from_a_date_and_the_status_follows() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let c = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Treatment, &[]),
    )
    .expect("consent");
    let revoke = |on: NaiveDate, reason: &str| RevokeConsentInput {
        consent_id: c.id,
        reason: reason.into(),
        effective_on: on,
    };
    let later = Utc
        .with_ymd_and_hms(2026, 12, 10, 9, 0, 0)
        .single()
        .expect("time");
    assert_eq!(
        invalid_fields(consent::revoke_consent(
            &t.db,
            &by(later),
            revoke(day(2026, 11, 19), "Moved away")
        )),
        ["effective_on"],
        "before the day it was signed"
    );
    assert_eq!(
        invalid_fields(consent::revoke_consent(
            &t.db,
            &by(later),
            revoke(day(2026, 12, 11), "Moved away")
        )),
        ["effective_on"],
        "in the future"
    );
    assert_eq!(
        invalid_fields(consent::revoke_consent(
            &t.db,
            &by(later),
            revoke(day(2026, 12, 1), "  ")
        )),
        ["reason"]
    );
    let revoked = consent::revoke_consent(
        &t.db,
        &by(later),
        revoke(day(2026, 12, 1), "Withdrawn by phone"),
    )
    .expect("revoke");
    let r = revoked.revoked.expect("revocation");
    assert_eq!(
        (r.effective_on, r.revoked_by, r.revoked_at),
        (day(2026, 12, 1), USER_ID, later)
    );
    assert!(matches!(
        consent::revoke_consent(&t.db, &by(later), revoke(day(2026, 12, 2), "Again")),
        Err(Error::Conflict(_))
    ));

    let status = |on| consent::consent_status(&t.db, p.id, on).expect("status");
    assert_eq!(status(day(2026, 11, 19)).treatment, None, "not yet signed");
    assert_eq!(
        status(day(2026, 11, 20)).treatment.map(|x| x.id),
        Some(c.id)
    );
    assert_eq!(
        status(day(2026, 11, 30)).treatment.map(|x| x.id),
        Some(c.id)
    );
    assert_eq!(
        status(day(2026, 12, 1)).treatment,
        None,
        "revoked from that day"
    );
    let listed = consent::patient_consents(&t.db, p.id).expect("list");
    assert_eq!(listed.len(), 1, "kept on file");
    assert!(listed[0].revoked.is_some());
}

#[test]
fn photo_use_follows_the_scopes_of_photo_consents_in_force() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let today = now().date_naive();
    let allowed = |scope| consent::photo_use_allowed(&t.db, p.id, scope, today).expect("allowed");
    assert!(!allowed(PhotoScope::ClinicalRecord), "no photo consent yet");
    assert_eq!(
        invalid_fields(consent::record_consent(
            &t.db,
            &by(now()),
            drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::Teaching])
        )),
        ["scopes"],
        "the clinical record is always included"
    );
    assert_eq!(
        invalid_fields(consent::record_consent(
            &t.db,
            &by(now()),
            drawn(
                &t,
                p.id,
                ConsentKind::Treatment,
                &[PhotoScope::ClinicalRecord]
            )
        )),
        ["scopes"],
        "a treatment consent has no photo uses"
    );
    consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::ClinicalRecord]),
    )
    .expect("clinical record only");
    assert!(allowed(PhotoScope::ClinicalRecord));
    assert!(!allowed(PhotoScope::Teaching), "teaching was not ticked");
    let both = [
        PhotoScope::Teaching,
        PhotoScope::ClinicalRecord,
        PhotoScope::Teaching,
    ];
    let second = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Photo, &both),
    )
    .expect("teaching too");
    assert_eq!(
        second.scopes,
        [PhotoScope::ClinicalRecord, PhotoScope::Teaching]
    );
    assert!(allowed(PhotoScope::Teaching));
    assert!(!allowed(PhotoScope::Marketing));
    let status = consent::consent_status(&t.db, p.id, today).expect("status");
    assert_eq!(status.treatment, None);
    assert_eq!(
        status.photo_scopes,
        [PhotoScope::ClinicalRecord, PhotoScope::Teaching]
    );
}

#[test]
fn raw_sql_cannot_delete_or_rewrite_a_consent() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let c = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Treatment, &[]),
    )
    .expect("consent");
    let raw = t.raw();
    let id = c.id.to_string();
    let refused = |sql: &str| {
        let e = raw.execute(sql, [&id]).expect_err(sql);
        assert!(e.to_string().contains("consent"), "{sql}: {e}");
    };
    refused("DELETE FROM patient_consent WHERE id = ?1");
    refused("UPDATE patient_consent SET signer_name = 'Someone Else' WHERE id = ?1");
    refused(
        "UPDATE patient_consent SET signer_name = 'Someone Else', revoked_at = 'x',
             revoked_on = '2026-11-20', revoked_by = witness_id, revoke_reason = 'x'
         WHERE id = ?1",
    );
    refused(
        "DELETE FROM consent_template_version
         WHERE id = (SELECT template_version_id FROM patient_consent WHERE id = ?1)",
    );
    refused(
        "UPDATE consent_template_version SET text = text || '.'
         WHERE id = (SELECT template_version_id FROM patient_consent WHERE id = ?1)",
    );
    let revoke = RevokeConsentInput {
        consent_id: c.id,
        reason: "Withdrawn".into(),
        effective_on: now().date_naive(),
    };
    consent::revoke_consent(&t.db, &by(now()), revoke).expect("the one change allowed");
    refused("UPDATE patient_consent SET revoke_reason = 'rewritten' WHERE id = ?1");
    let doc = consent::consent_document(&t.db, c.id).expect("intact");
    assert_eq!(doc.consent.signer_name, SIGNER);
}

#[test]
fn a_document_altered_underneath_is_reported_as_damage() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let c = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Treatment, &[]),
    )
    .expect("consent");
    let raw = t.raw();
    raw.execute_batch("DROP TRIGGER patient_consent_revoked_once")
        .expect("a forger drops the guard");
    let other = png(&DynamicImage::ImageRgba8(RgbaImage::from_pixel(
        50,
        20,
        Rgba([0, 0, 0, 255]),
    )));
    raw.execute(
        "UPDATE patient_consent SET signature_png = ?2 WHERE id = ?1",
        rusqlite::params![c.id.to_string(), other],
    )
    .expect("tamper");
    assert!(matches!(
        consent::consent_document(&t.db, c.id),
        Err(Error::CorruptData(_))
    ));
}

#[test]
fn an_archived_patient_gets_no_new_consent() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    patients::set_archived(&t.db, p.id, true, &by(now())).expect("archive");
    let r = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Treatment, &[]),
    );
    assert_eq!(invalid_fields(r), ["patient_id"]);
    assert!(consent::patient_consents(&t.db, p.id)
        .expect("list")
        .is_empty());
}

#[test]
fn recording_and_revoking_are_audited_without_the_signer_name() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let c = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::ClinicalRecord]),
    )
    .expect("consent");
    let revoke = RevokeConsentInput {
        consent_id: c.id,
        reason: "Withdrawn at the front desk".into(),
        effective_on: now().date_naive(),
    };
    consent::revoke_consent(&t.db, &by(now()), revoke).expect("revoke");
    let q = AuditQuery {
        patient_id: Some(p.id),
        ..AuditQuery::default()
    };
    let rows: Vec<_> = audit::list(&t.db, &q)
        .expect("audit")
        .into_iter()
        .filter(|e| e.entity == "consent")
        .collect();
    let actions: Vec<Action> = rows.iter().map(|e| e.action).collect();
    assert_eq!(actions, [Action::Archive, Action::Create], "newest first");
    for e in &rows {
        assert_eq!(e.entity_id.as_deref(), Some(c.id.to_string().as_str()));
        assert_eq!(e.user_id, Some(USER_ID));
        let all = format!("{:?} {:?} {:?}", e.old_value, e.new_value, e.reason);
        assert!(!all.contains("Byron"), "no signer name in the audit: {all}");
    }
    let created = rows[1].new_value.as_deref().expect("new value");
    assert!(
        created.contains("clinical_record") && created.contains(&c.template_version_id.to_string())
    );
}
