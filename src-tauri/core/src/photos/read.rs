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
        let id = patient_id.to_string();
        // One query for every photo's serums, not one per photo.
        let serums = serums(conn, "patient_id = ?1", &id)?;
        let mut rows = stmt.query(params![id])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(from_row(&serums, row)?);
        }
        Ok(out)
    })
}

/// One photo by id.
pub(crate) fn one(conn: &Connection, id: &str) -> Result<Photo> {
    let serums = serums(conn, "id = ?1", id)?;
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?;
    let mut rows = stmt.query(params![id])?;
    match rows.next()? {
        Some(row) => from_row(&serums, row),
        None => Err(Error::NotFound {
            entity: "photo",
            id: id.to_string(),
        }),
    }
}

fn from_row(serums: &[Serum], r: &Row<'_>) -> Result<Photo> {
    let session = r.get::<_, String>(2)?;
    let area = r.get::<_, Option<String>>(5)?;
    let session_id = parse_id("photo.session_id", &session)?;
    let area_id = area
        .as_deref()
        .map(|a| parse_id("photo.area_id", a))
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
        serums: serums
            .iter()
            .filter(|s| s.reaches(&session, area.as_deref()))
            .map(|s| s.label.clone())
            .collect(),
        removal,
    })
}

/// A serum given in a session, for the captions under its photos.
struct Serum {
    session_id: String,
    area_id: Option<String>,
    /// "Name (lot L)".
    label: String,
}

impl Serum {
    /// Given in `session`, on `area` or on the whole session (a photo of no area shows all).
    fn reaches(&self, session: &str, area: Option<&str>) -> bool {
        self.session_id == session
            && (self.area_id.is_none() || area.is_none() || self.area_id.as_deref() == area)
    }
}

/// The serums of the sessions of the photos `photo_filter` picks (with `?1` bound to `arg`),
/// in form order.
fn serums(conn: &Connection, photo_filter: &str, arg: &str) -> Result<Vec<Serum>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT session_id, area_id, name, lot FROM product_applied
          WHERE role = 'serum'
            AND session_id IN (SELECT session_id FROM photo WHERE {photo_filter})
          ORDER BY session_id, position"
    ))?;
    let rows = stmt.query_map(params![arg], |r| {
        let (name, lot): (String, Option<String>) = (r.get(2)?, r.get(3)?);
        Ok(Serum {
            session_id: r.get(0)?,
            area_id: r.get(1)?,
            label: match lot {
                Some(lot) if !lot.is_empty() => format!("{name} (lot {lot})"),
                _ => name,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
