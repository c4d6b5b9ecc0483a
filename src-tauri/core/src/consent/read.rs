//! Reading consents: a patient's list, what is in force on a day, and the printable record
//! with its text and pictures checked against their hashes.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{
    Consent, ConsentDocument, ConsentKind, ConsentMethod, ConsentStatus, PhotoScope, Revocation,
    SignerRelation,
};
use crate::db::{parse_date, parse_id, parse_ts, Db};
use crate::digest::sha256_hex;
use crate::error::{Error, Result};

const SELECT: &str = "SELECT c.id, c.patient_id, c.kind, v.template_id, c.template_version_id,
        v.version, v.title, c.text_sha256, c.scopes, c.signer_name, c.signer_relation, c.method,
        c.signed_at, c.witness_id, c.witness_name, c.signature_png IS NOT NULL,
        c.signature_sha256, c.scan IS NOT NULL, c.scan_media_type, c.scan_sha256, c.revoked_at,
        c.revoked_on, c.revoked_by, c.revoke_reason
    FROM patient_consent c JOIN consent_template_version v ON v.id = c.template_version_id";

/// Every consent of the patient, revoked ones included, newest first.
pub fn patient_consents(db: &Db, patient_id: Uuid) -> Result<Vec<Consent>> {
    db.read(|conn| {
        crate::patients::exists(conn, patient_id)?;
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE c.patient_id = ?1 ORDER BY c.signed_at DESC, c.id DESC"
        ))?;
        let mut rows = stmt.query(params![patient_id.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(row(r)?);
        }
        Ok(out)
    })
}

/// What the patient has consented to on `on`: the newest treatment consent in force that
/// day (signed that day or before, not revoked from that day or before) and every photo use
/// allowed by the photo consents in force.
pub fn consent_status(db: &Db, patient_id: Uuid, on: NaiveDate) -> Result<ConsentStatus> {
    let mut status = ConsentStatus {
        treatment: None,
        photo_scopes: Vec::new(),
    };
    for c in patient_consents(db, patient_id)? {
        if !c.in_force_on(on) {
            continue;
        }
        match c.kind {
            ConsentKind::Treatment if status.treatment.is_none() => status.treatment = Some(c),
            ConsentKind::Treatment => {}
            ConsentKind::Photo => status.photo_scopes.extend(c.scopes),
        }
    }
    status.photo_scopes.sort();
    status.photo_scopes.dedup();
    Ok(status)
}

/// True when a photo consent in force on `on` allows `scope`: an export of the patient's
/// photographs for teaching or marketing asks this first and is refused on `false`.
pub fn photo_use_allowed(
    db: &Db,
    patient_id: Uuid,
    scope: PhotoScope,
    on: NaiveDate,
) -> Result<bool> {
    Ok(consent_status(db, patient_id, on)?
        .photo_scopes
        .contains(&scope))
}

/// The printable consent record: the consent, the full text of the version signed, and the
/// drawn signature or the scan. Every hash is checked again; a mismatch is
/// [`Error::CorruptData`], so a record altered after signing is never printed as signed.
pub fn consent_document(db: &Db, consent_id: Uuid) -> Result<ConsentDocument> {
    db.read(|conn| {
        let consent = load(conn, consent_id)?;
        let text = signed_text(conn, &consent)?;
        let (signature_png, scan) = pictures(conn, &consent)?;
        Ok(ConsentDocument {
            consent,
            text,
            signature_png,
            scan,
        })
    })
}

/// [`consent_document`] without its picture (which [`consent_picture`] gives): what the
/// window reads as JSON, so the picture is neither read nor hashed twice.
pub fn consent_record(db: &Db, consent_id: Uuid) -> Result<ConsentDocument> {
    db.read(|conn| {
        let consent = load(conn, consent_id)?;
        let text = signed_text(conn, &consent)?;
        Ok(ConsentDocument {
            consent,
            text,
            signature_png: None,
            scan: None,
        })
    })
}

/// The consent's drawn signature or scan, checked against its hash; `None` if it has neither.
pub fn consent_picture(db: &Db, consent_id: Uuid) -> Result<Option<Vec<u8>>> {
    db.read(|conn| {
        let consent = load(conn, consent_id)?;
        let (signature_png, scan) = pictures(conn, &consent)?;
        Ok(signature_png.or(scan))
    })
}

fn damaged(what: &str) -> Error {
    Error::CorruptData(format!("{what} does not match its hash"))
}

/// The text of the version `consent` signed, checked against both stored hashes.
fn signed_text(conn: &Connection, consent: &Consent) -> Result<String> {
    let (text, version_sha256): (String, String) = conn
        .prepare_cached(
            "SELECT v.text, v.text_sha256 FROM consent_template_version v WHERE v.id = ?1",
        )?
        .query_row(params![consent.template_version_id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let text_sha256 = sha256_hex(text.as_bytes());
    if text_sha256 != version_sha256 || text_sha256 != consent.text_sha256 {
        return Err(damaged("the consent text"));
    }
    Ok(text)
}

/// A consent's drawn signature and paper scan (at most one of them is there).
type Pictures = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The consent's signature and scan, each checked against its stored hash.
fn pictures(conn: &Connection, consent: &Consent) -> Result<Pictures> {
    let (signature_png, scan): Pictures = conn
        .prepare_cached("SELECT signature_png, scan FROM patient_consent WHERE id = ?1")?
        .query_row(params![consent.id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if signature_png.as_deref().map(sha256_hex) != consent.signature_sha256 {
        return Err(damaged("patient_consent.signature_png"));
    }
    if scan.as_deref().map(sha256_hex) != consent.scan_sha256 {
        return Err(damaged("patient_consent.scan"));
    }
    Ok((signature_png, scan))
}

/// One consent, without its pictures.
pub(super) fn load(conn: &Connection, id: Uuid) -> Result<Consent> {
    conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row(params![id.to_string()], |r| Ok(row(r)))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "consent",
            id: id.to_string(),
        })?
}

fn row(r: &Row<'_>) -> Result<Consent> {
    let id = |i: usize, column: &str| -> Result<Uuid> { parse_id(column, &r.get::<_, String>(i)?) };
    let scopes: String = r.get(8)?;
    let revoked = match r.get::<_, Option<String>>(20)? {
        None => None,
        Some(at) => {
            let missing = || Error::CorruptData("patient_consent revocation is incomplete".into());
            Some(Revocation {
                revoked_at: parse_ts("patient_consent.revoked_at", &at)?,
                effective_on: parse_date(
                    "patient_consent.revoked_on",
                    &r.get::<_, Option<String>>(21)?.ok_or_else(missing)?,
                )?,
                revoked_by: parse_id(
                    "patient_consent.revoked_by",
                    &r.get::<_, Option<String>>(22)?.ok_or_else(missing)?,
                )?,
                reason: r.get::<_, Option<String>>(23)?.ok_or_else(missing)?,
            })
        }
    };
    Ok(Consent {
        id: id(0, "patient_consent.id")?,
        patient_id: id(1, "patient_consent.patient_id")?,
        kind: ConsentKind::parse(&r.get::<_, String>(2)?)?,
        template_id: id(3, "consent_template_version.template_id")?,
        template_version_id: id(4, "patient_consent.template_version_id")?,
        template_version: r.get(5)?,
        template_title: r.get(6)?,
        text_sha256: r.get(7)?,
        scopes: serde_json::from_str(&scopes)
            .map_err(|_| Error::CorruptData("patient_consent.scopes is not a list".into()))?,
        signer_name: r.get(9)?,
        signer_relation: SignerRelation::parse(&r.get::<_, String>(10)?)?,
        method: ConsentMethod::parse(&r.get::<_, String>(11)?)?,
        signed_at: parse_ts("patient_consent.signed_at", &r.get::<_, String>(12)?)?,
        witness_id: id(13, "patient_consent.witness_id")?,
        witness_name: r.get(14)?,
        has_signature: r.get(15)?,
        signature_sha256: r.get(16)?,
        has_scan: r.get(17)?,
        scan_media_type: r.get(18)?,
        scan_sha256: r.get(19)?,
        revoked,
    })
}
