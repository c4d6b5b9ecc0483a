//! Recording a consent, and revoking one.

use rusqlite::params;
use serde_json::json;
use uuid::Uuid;

use super::{
    images, read, templates, Consent, ConsentInput, ConsentKind, ConsentMethod, PhotoScope,
    RevokeConsentInput,
};
use crate::accounts;
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::text;
use crate::validate::{Check, NAME_MAX};

const REASON_MAX: usize = 500;
const ARCHIVED: &str = "This patient is archived: restore them before recording a consent.";

/// Records a consent given now, witnessed by `by` (whose printed name is kept as it is at
/// this moment). Refused with [`Error::Conflict`] when `input.text_sha256` is not the hash of
/// the version's stored text, or the version is no longer the template's current one: the
/// signer read something else than what would be recorded. The signature or scan is
/// checked and stored re-encoded (see the module's invariants).
pub fn record_consent(db: &Db, by: &Actor, input: ConsentInput) -> Result<Consent> {
    let signable = db.read(|conn| {
        crate::patients::require_active(conn, input.patient_id, ARCHIVED)?;
        templates::version(conn, input.template_version_id)
    })?;
    unchanged(&signable, &input.text_sha256)?;
    let (kind, version) = (signable.kind, signable.version);
    let witness = accounts::get(db, by.user_id)?;
    let mut c = Check::default();
    let signer_name = c.required_line("signer_name", "Signer's name", &input.signer_name, NAME_MAX);
    let scopes = scopes(&mut c, kind, &input.scopes);
    let mut signature = None;
    let mut scan = None;
    match input.method {
        ConsentMethod::Drawn => {
            if input.scan.is_some() {
                c.fail("scan", "A consent signed on screen has no scan.");
            }
            match &input.signature_png {
                Some(png) => signature = images::signature(&mut c, png),
                None => c.fail("signature_png", "Please sign in the box."),
            }
        }
        ConsentMethod::Paper => {
            if input.signature_png.is_some() {
                c.fail(
                    "signature_png",
                    "A paper consent has its signature on the scan.",
                );
            }
            match &input.scan {
                Some(bytes) => scan = images::scan(&mut c, bytes),
                None => c.fail("scan", "Attach a scan of the signed paper consent."),
            }
        }
    }
    c.finish()?;
    let scopes_json =
        serde_json::to_string(&scopes).map_err(|e| Error::CorruptData(e.to_string()))?;
    db.write_audited(by, |tx| {
        crate::patients::require_active(tx, input.patient_id, ARCHIVED)?;
        // A version saved since the read above supersedes the one shown.
        unchanged(&templates::version(tx, version.id)?, &input.text_sha256)?;
        let id = Uuid::now_v7();
        tx.prepare_cached(
            "INSERT INTO patient_consent (id, patient_id, template_version_id, kind,
                 text_sha256, scopes, signer_name, signer_relation, method, signed_at,
                 witness_id, witness_name, signature_png, signature_sha256, scan,
                 scan_media_type, scan_sha256, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18)",
        )?
        .execute(params![
            id.to_string(),
            input.patient_id.to_string(),
            version.id.to_string(),
            kind.code(),
            version.text_sha256,
            scopes_json,
            signer_name,
            input.signer_relation.code(),
            input.method.code(),
            ts(by.now),
            witness.id.to_string(),
            witness.signature_name,
            signature.as_ref().map(|s| s.bytes.as_slice()),
            signature.as_ref().map(|s| s.sha256.as_str()),
            scan.as_ref().map(|s| s.bytes.as_slice()),
            scan.as_ref().map(|s| s.media_type),
            scan.as_ref().map(|s| s.sha256.as_str()),
            db.workstation_id().to_string()
        ])?;
        let consent = read::load(tx, id)?;
        // Ids and choices only: the signer's name, the text and the pictures stay out of
        // the audit trail.
        let change = Change::new(Action::Create, "consent", id)
            .patient(input.patient_id)
            .new_value(&json!({
                "consent_id": id,
                "kind": kind,
                "template_version_id": version.id,
                "version": version.version,
                "scopes": scopes,
                "method": input.method,
            }));
        Ok((consent, change))
    })
}

/// Revokes a consent from `input.effective_on` (not before the day it was signed, not after
/// today), by `by`, with a reason. The consent itself stays on file; a consent already
/// revoked is refused.
pub fn revoke_consent(db: &Db, by: &Actor, input: RevokeConsentInput) -> Result<Consent> {
    db.write_audited(by, |tx| {
        let before = read::load(tx, input.consent_id)?;
        if before.revoked.is_some() {
            return Err(Error::Conflict("This consent is already revoked.".into()));
        }
        let mut c = Check::default();
        let reason = text::clean(&input.reason);
        let length = reason.chars().count();
        if length == 0 {
            c.fail("reason", "Say why the consent is revoked.");
        } else if length > REASON_MAX {
            c.fail(
                "reason",
                format!("The reason can be at most {REASON_MAX} characters."),
            );
        }
        if text::has_note_control(&reason) {
            c.fail(
                "reason",
                "The reason contains an invisible control character.",
            );
        }
        if input.effective_on < before.signed_at.date_naive() {
            c.fail(
                "effective_on",
                "A consent cannot be revoked from before the day it was signed.",
            );
        } else if input.effective_on > by.now.date_naive() {
            c.fail(
                "effective_on",
                "The revocation date cannot be in the future.",
            );
        }
        c.finish()?;
        tx.prepare_cached(
            "UPDATE patient_consent SET revoked_at = ?2, revoked_on = ?3, revoked_by = ?4,
                 revoke_reason = ?5, workstation_id = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            input.consent_id.to_string(),
            ts(by.now),
            input.effective_on.format("%Y-%m-%d").to_string(),
            by.user_id.to_string(),
            reason,
            db.workstation_id().to_string()
        ])?;
        let after = read::load(tx, input.consent_id)?;
        let change = Change::new(Action::Archive, "consent", input.consent_id)
            .patient(before.patient_id)
            .new_value(&json!({
                "consent_id": input.consent_id,
                "kind": before.kind,
                "effective_on": input.effective_on,
            }))
            .reason(reason);
        Ok((after, change))
    })
}

/// Refuses a consent on a text other than the one the signer read: the hash the UI sent is
/// not the stored text's, or a newer version of the template has been saved since.
fn unchanged(signable: &templates::Signable, shown_sha256: &str) -> Result<()> {
    if signable.is_current && signable.version.text_sha256 == shown_sha256 {
        Ok(())
    } else {
        Err(Error::Conflict(
            "The consent text changed while it was open; read it again.".into(),
        ))
    }
}

/// The scopes in a fixed order, each once; a treatment consent has none, a photo consent
/// always includes the clinical record.
fn scopes(c: &mut Check, kind: ConsentKind, given: &[PhotoScope]) -> Vec<PhotoScope> {
    let mut scopes = given.to_vec();
    scopes.sort();
    scopes.dedup();
    match kind {
        ConsentKind::Treatment if !scopes.is_empty() => {
            c.fail("scopes", "A treatment consent has no photo uses.");
        }
        ConsentKind::Photo if !scopes.contains(&PhotoScope::ClinicalRecord) => {
            c.fail(
                "scopes",
                "A photo consent always includes use in the clinical record.",
            );
        }
        _ => {}
    }
    scopes
}
