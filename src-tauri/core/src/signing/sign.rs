//! Signing a session: the author's signature locks it; review and co-sign follow.

use rusqlite::params;
use serde_json::json;
use uuid::Uuid;

use super::{signed_hash, Meaning, SignInput};
use crate::accounts::{self, Role};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::sessions::{read::load, Session, SessionStatus};

/// Signs `input.session_id` as `by`, who re-enters their password (a wrong one is audited as
/// a failed sign-in and refused). Only clinicians sign. An author signature needs a draft
/// and locks it; review and co-sign need the author's signature first and another
/// clinician. Signing twice with the same meaning is refused.
pub fn sign(db: &Db, by: &Actor, input: SignInput) -> Result<Session> {
    if !accounts::check_password(db, by.user_id, &input.password, by.now)? {
        return Err(Error::invalid("password", "That password is not right."));
    }
    let signer = accounts::get(db, by.user_id)?;
    if !signer.has(Role::Clinician) {
        return Err(Error::Forbidden("Only clinicians sign sessions.".into()));
    }
    db.write_audited(by, |tx| {
        let session = load(tx, input.session_id)?;
        let author = session
            .signatures
            .iter()
            .find(|s| s.meaning == Meaning::Author);
        match (input.meaning, author) {
            (Meaning::Author, None) if session.status == SessionStatus::Draft => {}
            (Meaning::Author, _) => {
                return Err(Error::Conflict("This session is already signed.".into()))
            }
            (_, None) => {
                return Err(Error::Conflict(
                    "The treating clinician signs first; review and co-sign follow.".into(),
                ))
            }
            (_, Some(a)) if a.signer_id == by.user_id => {
                return Err(Error::Conflict(
                    "A review or co-signature comes from another clinician than the author.".into(),
                ))
            }
            _ => {}
        }
        if session
            .signatures
            .iter()
            .any(|s| s.meaning == input.meaning && s.signer_id == by.user_id)
        {
            return Err(Error::Conflict(
                "You have already signed this session with that meaning.".into(),
            ));
        }
        let hash = signed_hash(tx, &session)?;
        let id = Uuid::now_v7();
        tx.prepare_cached(
            "INSERT INTO session_signature (id, session_id, signer_id, signer_name,
                 signer_registration, meaning, signed_at, content_hash, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            id.to_string(),
            session.id.to_string(),
            signer.id.to_string(),
            signer.signature_name,
            signer.registration,
            input.meaning.code(),
            ts(by.now),
            hash,
            db.workstation_id().to_string()
        ])?;
        if input.meaning == Meaning::Author {
            tx.prepare_cached(
                "UPDATE session SET status = 'signed', updated_at = ?2, workstation_id = ?3
                 WHERE id = ?1",
            )?
            .execute(params![
                session.id.to_string(),
                ts(by.now),
                db.workstation_id().to_string()
            ])?;
        }
        let after = load(tx, session.id)?;
        let change = Change::new(Action::Sign, "session", session.id)
            .patient(session.patient_id)
            .new_value(&json!({
                "signature_id": id,
                "meaning": input.meaning,
                "signer_name": signer.signature_name,
                "content_hash": hash,
            }));
        Ok((after, change))
    })
}
