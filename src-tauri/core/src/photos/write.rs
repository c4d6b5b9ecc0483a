//! Adding a photo to a session and removing one from view.

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::json;
use uuid::Uuid;

use super::{files, process, read, Photo, PhotoInput, RemovePhotoInput};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::sessions::SessionStatus;

const ARCHIVED: &str = "This patient is archived. Restore the patient before adding photos.";

/// Adds the image in `bytes` to `input.session_id` as `by`. The session must be a draft of
/// an active patient; `area_id`, when given, must be an area of the clinic's list. The file
/// is processed ([`process::process`]) and stored before the row is committed. Adding the
/// same picture to the same session again returns the photo already there.
pub fn add(db: &Db, by: &Actor, input: &PhotoInput, bytes: &[u8]) -> Result<Photo> {
    // Cheap checks first, so a wrong session does not cost a 12-megapixel decode.
    db.read(|conn| check_target(conn, input).map(|_| ()))?;
    let processed = process::process(bytes)?;
    files::store(db, &processed.sha256, &processed.image)?;
    files::store(db, &processed.thumb_sha256, &processed.thumb)?;
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let patient_id = check_target(tx, input)?;
        let existing: Option<String> = tx
            .prepare_cached(
                "SELECT p.id FROM photo p LEFT JOIN photo_removal r ON r.photo_id = p.id
                 WHERE p.session_id = ?1 AND p.sha256 = ?2 AND r.photo_id IS NULL",
            )?
            .query_row(
                params![input.session_id.to_string(), processed.sha256],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            let photo = read::one(tx, &id)?;
            let change = Change::new(Action::Create, "photo", photo.id)
                .patient(patient_id)
                .reason("retry: already in this session");
            return Ok((photo, change));
        }
        let id = Uuid::now_v7();
        tx.prepare_cached(
            "INSERT INTO photo (id, session_id, patient_id, area_id, phase, view, media_type,
                 width, height, sha256, byte_size, thumb_sha256, added_at, added_by,
                 workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            id.to_string(),
            input.session_id.to_string(),
            patient_id.to_string(),
            input.area_id.map(|a| a.to_string()),
            input.phase.as_str(),
            input.view.as_str(),
            processed.media_type,
            processed.width,
            processed.height,
            processed.sha256,
            processed.image.len() as i64,
            processed.thumb_sha256,
            ts(by.now),
            by.user_id.to_string(),
            ws,
        ])?;
        let photo = read::one(tx, &id.to_string())?;
        let change = Change::new(Action::Create, "photo", id)
            .patient(patient_id)
            .new_value(&json!({
                "session_id": input.session_id,
                "area_id": input.area_id,
                "phase": input.phase,
                "view": input.view,
                "sha256": processed.sha256,
            }));
        Ok((photo, change))
    })
}

/// The session's patient, when photos may be added to it.
fn check_target(conn: &rusqlite::Connection, input: &PhotoInput) -> Result<Uuid> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT patient_id, status FROM session WHERE id = ?1")?
        .query_row(params![input.session_id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((patient, status)) = row else {
        return Err(Error::NotFound {
            entity: "session",
            id: input.session_id.to_string(),
        });
    };
    if SessionStatus::parse(&status)? == SessionStatus::Signed {
        return Err(Error::Locked);
    }
    let patient_id = crate::db::parse_id("session.patient_id", &patient)?;
    crate::patients::require_active(conn, patient_id, ARCHIVED)?;
    if let Some(area) = input.area_id {
        let known: Option<i64> = conn
            .prepare_cached("SELECT 1 FROM area WHERE id = ?1")?
            .query_row(params![area.to_string()], |r| r.get(0))
            .optional()?;
        if known.is_none() {
            return Err(Error::invalid(
                "area_id",
                "Choose an area of the clinic's list.",
            ));
        }
    }
    Ok(patient_id)
}

/// Removes a photo from view as `by`; the photo and its files stay. On a signed session the
/// removal is an addendum: a reason is required and the signature stays valid.
pub fn remove(db: &Db, by: &Actor, input: &RemovePhotoInput) -> Result<Photo> {
    let reason = input.reason.trim();
    if reason.chars().count() > 500 {
        return Err(Error::invalid(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let photo = read::one(tx, &input.photo_id.to_string())?;
        if photo.removal.is_some() {
            return Err(Error::Conflict("This photo has already been removed.".into()));
        }
        let signed = photo.session_status == SessionStatus::Signed;
        if signed && reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "This session is signed: give a reason. The photo stays in the record, marked removed.",
            ));
        }
        let name = remover_name(tx, by)?;
        tx.prepare_cached(
            "INSERT INTO photo_removal (photo_id, removed_at, removed_by, removed_by_name,
                 reason, after_signing, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            photo.id.to_string(),
            ts(by.now),
            by.user_id.to_string(),
            name,
            reason,
            signed,
            ws,
        ])?;
        let after = read::one(tx, &photo.id.to_string())?;
        let action = if signed {
            Action::Addendum
        } else {
            Action::Archive
        };
        // The reason is free text and may name the patient: the audit row keeps only ids.
        let change = Change::new(action, "photo", photo.id)
            .patient(photo.patient_id)
            .new_value(&json!({ "session_id": photo.session_id, "after_signing": signed }));
        Ok((after, change))
    })
}

fn remover_name(tx: &Transaction<'_>, by: &Actor) -> Result<String> {
    tx.prepare_cached("SELECT signature_name FROM app_user WHERE id = ?1")?
        .query_row(params![by.user_id.to_string()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "user",
            id: by.user_id.to_string(),
        })
}
