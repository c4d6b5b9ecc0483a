//! Reading photos: the patient's gallery, one photo's bytes, and what a signature covers.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};
use uuid::Uuid;

use super::{files, Photo, PhotoPhase, PhotoRemoval, PhotoSize, PhotoView};
use crate::db::{parse_id, parse_ts, Db};
use crate::error::{Error, Result};
use crate::sessions::{DeviceKind, SessionStatus};

const SELECT: &str = "
    SELECT p.id, p.patient_id, p.session_id, s.started_at, s.status, p.area_id, a.name,
           p.phase, p.view, p.width, p.height, p.byte_size, p.media_type, p.sha256, p.added_at,
           u.display_name,
           (SELECT ta.needle_depth_um FROM treated_area ta
             WHERE ta.session_id = p.session_id AND ta.area_id = p.area_id
             ORDER BY ta.position LIMIT 1),
           (SELECT ta.device_kind FROM treated_area ta
             WHERE ta.session_id = p.session_id AND ta.area_id = p.area_id
             ORDER BY ta.position LIMIT 1),
           r.removed_at, r.removed_by_name, r.reason, r.after_signing
      FROM photo p
      JOIN session s ON s.id = p.session_id
      JOIN app_user u ON u.id = p.added_by
      LEFT JOIN area a ON a.id = p.area_id
      LEFT JOIN photo_removal r ON r.photo_id = p.id";

/// Every photo of `patient_id`, removed ones included (marked), newest session first.
pub fn list(db: &Db, patient_id: Uuid) -> Result<Vec<Photo>> {
    db.read(|conn| {
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE p.patient_id = ?1 ORDER BY s.started_at DESC, p.session_id, p.id"
        ))?;
        let mut rows = stmt.query(params![patient_id.to_string()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(from_row(conn, row)?);
        }
        Ok(out)
    })
}

/// One photo by id.
pub(crate) fn one(conn: &Connection, id: &str) -> Result<Photo> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?;
    let mut rows = stmt.query(params![id])?;
    match rows.next()? {
        Some(row) => from_row(conn, row),
        None => Err(Error::NotFound {
            entity: "photo",
            id: id.to_string(),
        }),
    }
}

fn from_row(conn: &Connection, r: &Row<'_>) -> Result<Photo> {
    let session_id = parse_id("photo.session_id", &r.get::<_, String>(2)?)?;
    let area_id = r
        .get::<_, Option<String>>(5)?
        .map(|a| parse_id("photo.area_id", &a))
        .transpose()?;
    let removal = match r.get::<_, Option<String>>(18)? {
        Some(at) => Some(PhotoRemoval {
            removed_at: parse_ts("photo_removal.removed_at", &at)?,
            removed_by_name: r.get(19)?,
            reason: r.get(20)?,
            after_signing: r.get(21)?,
        }),
        None => None,
    };
    Ok(Photo {
        id: parse_id("photo.id", &r.get::<_, String>(0)?)?,
        patient_id: parse_id("photo.patient_id", &r.get::<_, String>(1)?)?,
        session_id,
        session_started_at: parse_ts("session.started_at", &r.get::<_, String>(3)?)?,
        session_status: SessionStatus::parse(&r.get::<_, String>(4)?)?,
        area_id,
        area_name: r.get(6)?,
        phase: PhotoPhase::parse(&r.get::<_, String>(7)?)?,
        view: PhotoView::parse(&r.get::<_, String>(8)?)?,
        width: r.get(9)?,
        height: r.get(10)?,
        bytes: u64::try_from(r.get::<_, i64>(11)?).unwrap_or_default(),
        media_type: r.get(12)?,
        sha256: r.get(13)?,
        added_at: parse_ts("photo.added_at", &r.get::<_, String>(14)?)?,
        added_by_name: r.get(15)?,
        depth_mm: r.get::<_, Option<i64>>(16)?.map(|um| um as f64 / 1000.0),
        device_kind: r
            .get::<_, Option<String>>(17)?
            .map(|k| DeviceKind::parse(&k))
            .transpose()?,
        serums: serums(conn, session_id, area_id)?,
        removal,
    })
}

/// The session's serums that reached the area (given for it, or for the whole session).
fn serums(conn: &Connection, session_id: Uuid, area_id: Option<Uuid>) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, lot FROM product_applied
          WHERE session_id = ?1 AND role = 'serum'
            AND (area_id IS NULL OR ?2 IS NULL OR area_id = ?2)
          ORDER BY position",
    )?;
    let rows = stmt.query_map(
        params![session_id.to_string(), area_id.map(|a| a.to_string())],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (name, lot) = row?;
        out.push(match lot {
            Some(lot) if !lot.is_empty() => format!("{name} (lot {lot})"),
            _ => name,
        });
    }
    Ok(out)
}

/// The bytes and media type of photo `photo_id` of patient `patient_id`. A photo of another
/// patient is reported as not found, exactly like a photo that does not exist.
pub fn read_image(
    db: &Db,
    patient_id: Uuid,
    photo_id: Uuid,
    size: PhotoSize,
) -> Result<(Vec<u8>, String)> {
    let row: Option<(String, String, String)> = db.read(|conn| {
        Ok(conn
            .prepare_cached(
                "SELECT sha256, thumb_sha256, media_type FROM photo
                  WHERE id = ?1 AND patient_id = ?2",
            )?
            .query_row(params![photo_id.to_string(), patient_id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    })?;
    let Some((sha, thumb, media_type)) = row else {
        return Err(Error::NotFound {
            entity: "photo",
            id: photo_id.to_string(),
        });
    };
    Ok(match size {
        PhotoSize::Full => (files::load(db, &sha)?, media_type),
        PhotoSize::Thumb => (files::load(db, &thumb)?, "image/jpeg".to_string()),
    })
}

/// What a signature of the session covers of its photos: each photo's hash, phase, view and
/// area, in a fixed order; `None` when it has none (so sessions without photos hash as
/// before photos existed). Photos cannot be added to a signed session and rows are never
/// changed, so this is the same at signing and at every later check.
pub(crate) fn signed_digest(conn: &Connection, session_id: Uuid) -> Result<Option<Value>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sha256, phase, view, area_id FROM photo WHERE session_id = ?1
          ORDER BY sha256, phase, view, area_id",
    )?;
    let rows = stmt.query_map(params![session_id.to_string()], |r| {
        Ok(json!({
            "sha256": r.get::<_, String>(0)?,
            "phase": r.get::<_, String>(1)?,
            "view": r.get::<_, String>(2)?,
            "area_id": r.get::<_, Option<String>>(3)?,
        }))
    })?;
    let photos = rows.collect::<rusqlite::Result<Vec<Value>>>()?;
    Ok((!photos.is_empty()).then_some(Value::Array(photos)))
}
