//! Consent on real databases: seeded templates hash to their text, a new version leaves
//! signed consents on the text they signed (pictures: `consent_pictures`), revocation happens once and dates rule what is in force, and SQL refuses the rest.

use std::io::Cursor;

use chrono::NaiveDate;
use dermalog_core::audit::{self, Action, AuditQuery};
use dermalog_core::consent::{
    self, Consent, ConsentInput, ConsentKind, ConsentMethod, ConsentTemplate, PhotoScope,
    RevokeConsentInput, SignerRelation, TemplateVersionInput,
};
use dermalog_core::patients;
use dermalog_core::Error;
use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::fixtures::*;

pub(super) const SIGNER: &str = "Margaret Byron-Lovelace";

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub(super) fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn template(t: &TestDb, kind: ConsentKind) -> ConsentTemplate {
    consent::templates(&t.db)
        .expect("templates")
        .into_iter()
        .find(|x| x.kind == kind)
        .expect("seeded template")
}

pub(super) fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("png");
    out
}

/// A canvas signature: a dark wavy stroke on a transparent background.
pub(super) fn signature_image() -> RgbaImage {
    let mut img = RgbaImage::new(400, 120);
    for x in 20..380u32 {
        let y = (60.0 + 30.0 * (f64::from(x) / 25.0).sin()) as u32;
        for dy in 0..3 {
            img.put_pixel(x, y + dy, Rgba([20, 20, 60, 255]));
        }
    }
    img
}

/// A drawn treatment consent, recorded for `patient`.
pub(super) fn signed_treatment(t: &TestDb, patient: Uuid) -> Consent {
    consent::record_consent(
        &t.db,
        &by(now()),
        drawn(t, patient, ConsentKind::Treatment, &[]),
    )
    .expect("consent")
}

/// A drawn consent on the current version of `kind`'s template.
pub(super) fn drawn(
    t: &TestDb,
    patient: Uuid,
    kind: ConsentKind,
    scopes: &[PhotoScope],
) -> ConsentInput {
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
    let signed = signed_treatment(&t, p.id);
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
fn raw_sql_cannot_delete_or_rewrite_a_consent() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let c = signed_treatment(&t, p.id);
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
    let c = signed_treatment(&t, p.id);
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
