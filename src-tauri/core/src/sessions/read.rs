//! Reading sessions. A session's children are loaded in three queries whatever the number
//! of sessions (no query per session), so a 200-session history stays one round of I/O.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{
    DeviceKind, NeedlePattern, ProductApplied, ProductRole, Reaction, Session, SessionStatus,
    TimePoint, TreatedArea,
};
use crate::db::{parse_date, parse_id, parse_ts, Db};
use crate::error::{Error, Result};
use crate::validate::Check;

const SESSION_COLUMNS: &str = "id, patient_id, started_at, ended_at, clinician_name, \
    indications, numbing_product, numbing_minutes, skin_prep, pain_score, notes, \
    aftercare_given, next_session_on, status, created_at, updated_at, course_id, \
    CASE WHEN course_id IS NULL THEN NULL ELSE \
        (SELECT count(*) FROM session o WHERE o.course_id = session.course_id \
            AND (o.started_at < session.started_at \
                 OR (o.started_at = session.started_at AND o.id <= session.id))) END, \
    (SELECT target_sessions FROM course c WHERE c.id = session.course_id)";

/// One session with its children.
pub fn get(db: &Db, id: Uuid) -> Result<Session> {
    db.read(|conn| load(conn, id))
}

pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Session> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM session WHERE id = ?1");
    let session = conn
        .prepare_cached(&sql)?
        .query_row(params![id.to_string()], |r| Ok(session_from_row(r)))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "session",
            id: id.to_string(),
        })??;
    let mut sessions = vec![session];
    attach_children(
        conn,
        "session_id = ?1",
        &id.to_string(),
        &mut sessions,
        false,
    )?;
    sessions.pop().ok_or_else(|| Error::NotFound {
        entity: "session",
        id: id.to_string(),
    })
}

/// Every session of a patient, newest first, each with its children.
pub fn list_for_patient(db: &Db, patient_id: Uuid) -> Result<Vec<Session>> {
    db.read(|conn| {
        crate::patients::exists(conn, patient_id)?;
        newest(conn, patient_id, None)
    })
}

/// A patient's newest sessions and how many they have in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecentSessions {
    /// At most the number asked for, newest first, each with its children.
    pub sessions: Vec<Session>,
    /// All of the patient's sessions.
    pub total: u32,
}

/// The most sessions [`recent_for_patient`] returns at once.
pub const RECENT_MAX: u32 = 50;

/// The newest `limit` sessions of a patient (newest first, with their children) and their
/// total: what a patient page needs for its first screen, without reading a long history.
/// `limit` is 1 to [`RECENT_MAX`].
pub fn recent_for_patient(db: &Db, patient_id: Uuid, limit: u32) -> Result<RecentSessions> {
    if !(1..=RECENT_MAX).contains(&limit) {
        let mut v = Check::default();
        v.fail("limit", format!("Ask for 1 to {RECENT_MAX} sessions."));
        v.finish()?;
    }
    db.read(|conn| {
        crate::patients::exists(conn, patient_id)?;
        let total: u32 = conn
            .prepare_cached("SELECT count(*) FROM session WHERE patient_id = ?1")?
            .query_row(params![patient_id.to_string()], |r| r.get(0))?;
        let sessions = newest(conn, patient_id, Some(limit))?;
        Ok(RecentSessions { sessions, total })
    })
}

/// A patient's sessions, newest first, all or the newest `limit`.
fn newest(conn: &Connection, patient_id: Uuid, limit: Option<u32>) -> Result<Vec<Session>> {
    // An integer, so writing it into the SQL is safe; the UI asks with one value, so the
    // statement cache holds one more statement, not one per call.
    let limit = limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
    let order = "ORDER BY started_at DESC, id DESC";
    let sql = format!("SELECT {SESSION_COLUMNS} FROM session WHERE patient_id = ?1 {order}{limit}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![patient_id.to_string()])?;
    let mut sessions = Vec::new();
    while let Some(r) = rows.next()? {
        sessions.push(session_from_row(r)?);
    }
    attach_children(
        conn,
        &format!("session_id IN (SELECT id FROM session WHERE patient_id = ?1 {order}{limit})"),
        &patient_id.to_string(),
        &mut sessions,
        true,
    )?;
    Ok(sessions)
}

fn session_from_row(r: &Row<'_>) -> Result<Session> {
    let indications: String = r.get(5)?;
    Ok(Session {
        id: parse_id("session.id", &r.get::<_, String>(0)?)?,
        patient_id: parse_id("session.patient_id", &r.get::<_, String>(1)?)?,
        started_at: parse_ts("session.started_at", &r.get::<_, String>(2)?)?,
        ended_at: r
            .get::<_, Option<String>>(3)?
            .map(|t| parse_ts("session.ended_at", &t))
            .transpose()?,
        clinician_name: r.get(4)?,
        indications: serde_json::from_str(&indications)
            .map_err(|_| Error::CorruptData("session.indications is not a list".into()))?,
        numbing_product: r.get(6)?,
        numbing_minutes: r.get(7)?,
        skin_prep: r.get(8)?,
        pain_score: r.get(9)?,
        notes: r.get(10)?,
        aftercare_given: r.get(11)?,
        next_session_on: r
            .get::<_, Option<String>>(12)?
            .map(|d| parse_date("session.next_session_on", &d))
            .transpose()?,
        status: SessionStatus::parse(&r.get::<_, String>(13)?)?,
        created_at: parse_ts("session.created_at", &r.get::<_, String>(14)?)?,
        updated_at: parse_ts("session.updated_at", &r.get::<_, String>(15)?)?,
        course_id: opt_id("session.course_id", r.get(16)?)?,
        course_number: r.get(17)?,
        course_target: r.get(18)?,
        areas: Vec::new(),
        products: Vec::new(),
        reactions: Vec::new(),
        screening: Vec::new(),
        signatures: Vec::new(),
        addenda: Vec::new(),
    })
}

fn opt_id(column: &str, v: Option<String>) -> Result<Option<Uuid>> {
    v.map(|s| parse_id(column, &s)).transpose()
}

/// Fills in the children of `sessions` (which `filter`, bound to `key`, selects), and their
/// screening: every rule's verdict, or only the flagged ones for lists.
fn attach_children(
    conn: &Connection,
    filter: &str,
    key: &str,
    sessions: &mut [Session],
    flagged_screening_only: bool,
) -> Result<()> {
    let index: HashMap<Uuid, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let slot = |sid: String| -> Result<usize> {
        let id = parse_id("session_id", &sid)?;
        index
            .get(&id)
            .copied()
            .ok_or_else(|| Error::CorruptData("child without session".into()))
    };

    let sql = format!(
        "SELECT session_id, id, area_id, device_kind, device_model, needle_depth_um, passes,
                speed_level, pattern, needle_count, cartridge_lot, endpoint, notes, device_model_id
         FROM treated_area WHERE {filter} ORDER BY session_id, position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key])?;
    while let Some(r) = rows.next()? {
        let i = slot(r.get(0)?)?;
        let um: i64 = r.get(5)?;
        sessions[i].areas.push(TreatedArea {
            id: parse_id("treated_area.id", &r.get::<_, String>(1)?)?,
            area_id: parse_id("treated_area.area_id", &r.get::<_, String>(2)?)?,
            device_kind: DeviceKind::parse(&r.get::<_, String>(3)?)?,
            device_model_id: opt_id("treated_area.device_model_id", r.get(13)?)?,
            device_model: r.get(4)?,
            needle_depth_mm: um as f64 / 1000.0,
            passes: r.get(6)?,
            speed_level: r.get(7)?,
            pattern: r
                .get::<_, Option<String>>(8)?
                .map(|p| NeedlePattern::parse(&p))
                .transpose()?,
            needle_count: r.get(9)?,
            cartridge_lot: r.get(10)?,
            endpoint: r.get(11)?,
            notes: r.get(12)?,
        });
    }

    let sql = format!(
        "SELECT session_id, id, name, role, lot, expiry_on, amount, area_id, product_id
         FROM product_applied WHERE {filter} ORDER BY session_id, position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key])?;
    while let Some(r) = rows.next()? {
        let i = slot(r.get(0)?)?;
        sessions[i].products.push(ProductApplied {
            id: parse_id("product_applied.id", &r.get::<_, String>(1)?)?,
            name: r.get(2)?,
            role: ProductRole::parse(&r.get::<_, String>(3)?)?,
            lot: r.get(4)?,
            expiry_on: r
                .get::<_, Option<String>>(5)?
                .map(|d| parse_date("product_applied.expiry_on", &d))
                .transpose()?,
            amount: r.get(6)?,
            area_id: opt_id("product_applied.area_id", r.get(7)?)?,
            product_id: opt_id("product_applied.product_id", r.get(8)?)?,
        });
    }

    let sql = format!(
        "SELECT session_id, id, reaction_type_id, scale_id, grade, time_point, area_id, note
         FROM reaction WHERE {filter} ORDER BY session_id, position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key])?;
    while let Some(r) = rows.next()? {
        let i = slot(r.get(0)?)?;
        sessions[i].reactions.push(Reaction {
            id: parse_id("reaction.id", &r.get::<_, String>(1)?)?,
            reaction_type_id: parse_id("reaction.reaction_type_id", &r.get::<_, String>(2)?)?,
            scale_id: parse_id("reaction.scale_id", &r.get::<_, String>(3)?)?,
            grade: r.get(4)?,
            time_point: TimePoint::parse(&r.get::<_, String>(5)?)?,
            area_id: opt_id("reaction.area_id", r.get(6)?)?,
            note: r.get(7)?,
        });
    }

    for (sid, result) in crate::screening::load_results(conn, filter, key, flagged_screening_only)?
    {
        let i = index
            .get(&sid)
            .copied()
            .ok_or_else(|| Error::CorruptData("screening result without session".into()))?;
        sessions[i].screening.push(result);
    }
    crate::signing::attach(conn, filter, key, sessions, &index)
}
