//! Writing protocols and courses, and reading protocols (reference data).

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{Course, CourseInput, Protocol, ProtocolArea, ProtocolInput};
use crate::audit::{Action, Actor, Change};
use crate::db::{parse_id, ts, Db};
use crate::error::{Error, Result};
use crate::reference::mm;
use crate::sessions::{DeviceKind, NeedlePattern};
use crate::validate::{depth_um, Check, CODE_MAX, SHORT_MAX};

pub(crate) fn load_protocols(conn: &Connection) -> Result<Vec<Protocol>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, indication, target_sessions, interval_days, serum, note, archived
         FROM protocol ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Protocol {
            id: parse_id("protocol.id", &r.get::<_, String>(0)?)?,
            name: r.get(1)?,
            indication: r.get(2)?,
            target_sessions: r.get(3)?,
            interval_days: r.get(4)?,
            serum: r.get(5)?,
            areas: Vec::new(),
            note: r.get(6)?,
            archived: r.get(7)?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT protocol_id, area_id, device_kind, device_model_id, needle_depth_um, passes,
                pattern
         FROM protocol_area ORDER BY protocol_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let pid = parse_id("protocol_area.protocol_id", &r.get::<_, String>(0)?)?;
        let area = ProtocolArea {
            area_id: parse_id("protocol_area.area_id", &r.get::<_, String>(1)?)?,
            device_kind: DeviceKind::parse(&r.get::<_, String>(2)?)?,
            device_model_id: r
                .get::<_, Option<String>>(3)?
                .map(|d| parse_id("protocol_area.device_model_id", &d))
                .transpose()?,
            needle_depth_mm: mm(r.get(4)?),
            passes: r.get(5)?,
            pattern: r
                .get::<_, Option<String>>(6)?
                .map(|p| NeedlePattern::parse(&p))
                .transpose()?,
        };
        match out.iter_mut().find(|p| p.id == pid) {
            Some(p) => p.areas.push(area),
            None => return Err(Error::CorruptData("protocol area without protocol".into())),
        }
    }
    Ok(out)
}

/// Adds or edits a protocol template, by `by`, with one `settings` audit row; its areas are
/// replaced as a whole.
pub fn save_protocol(db: &Db, input: ProtocolInput, by: &Actor) -> Result<Protocol> {
    let mut c = Check::default();
    let name = c.required_line("name", "Name", &input.name, SHORT_MAX);
    let indication = c.optional_line(
        "indication",
        "Indication",
        input.indication.as_deref(),
        CODE_MAX,
    );
    let serum = c.optional_line("serum", "Serum", input.serum.as_deref(), SHORT_MAX);
    let note = c.note("note", &input.note);
    c.int_range(
        "target_sessions",
        "Sessions",
        Some(input.target_sessions),
        1,
        30,
    );
    c.int_range(
        "interval_days",
        "Interval",
        Some(input.interval_days),
        1,
        365,
    );
    if input.areas.is_empty() {
        c.fail("areas", "Add at least one area.");
    }
    let mut depths = Vec::new();
    for (i, a) in input.areas.iter().enumerate() {
        match depth_um(a.needle_depth_mm) {
            Ok(um) => depths.push(um),
            Err(message) => {
                c.fail(format!("areas[{i}].needle_depth_mm"), message);
                depths.push(0);
            }
        }
        c.int_range(
            &format!("areas[{i}].passes"),
            "Passes",
            Some(a.passes),
            1,
            12,
        );
    }
    c.finish()?;
    let id = input.id.to_string();
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let taken: Option<String> = tx
            .prepare_cached("SELECT id FROM protocol WHERE name = ?1 AND id <> ?2")?
            .query_row(params![name, id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "name",
                "Another protocol already has this name.",
            ));
        }
        if let Some(code) = &indication {
            let known: bool = tx
                .prepare_cached("SELECT count(*) FROM indication WHERE code = ?1")?
                .query_row(params![code], |r| r.get(0))?;
            if !known {
                return Err(Error::invalid(
                    "indication",
                    "Choose an indication from the list.",
                ));
            }
        }
        let before = find_protocol(tx, input.id)?;
        let now = ts(by.now);
        tx.prepare_cached(
            "INSERT INTO protocol (id, name, indication, target_sessions, interval_days, serum,
                 note, archived, sort_order, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                 (SELECT coalesce(max(sort_order), 0) + 1 FROM protocol), ?9, ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET name = ?2, indication = ?3, target_sessions = ?4,
                 interval_days = ?5, serum = ?6, note = ?7, archived = ?8, updated_at = ?9,
                 workstation_id = ?10",
        )?
        .execute(params![
            id,
            name,
            indication,
            input.target_sessions,
            input.interval_days,
            serum,
            note,
            input.archived,
            now,
            ws
        ])?;
        tx.prepare_cached("DELETE FROM protocol_area WHERE protocol_id = ?1")?
            .execute(params![id])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO protocol_area (id, protocol_id, position, area_id, device_kind,
                 device_model_id, needle_depth_um, passes, pattern)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (pos, (a, um)) in input.areas.iter().zip(&depths).enumerate() {
            insert
                .execute(params![
                    Uuid::now_v7().to_string(),
                    id,
                    pos as i64,
                    a.area_id.to_string(),
                    a.device_kind.as_str(),
                    a.device_model_id.map(|d| d.to_string()),
                    um,
                    a.passes,
                    a.pattern.map(NeedlePattern::as_str),
                ])
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _)
                        if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                    {
                        Error::invalid(
                            format!("areas[{pos}].area_id"),
                            "Choose an area and device from the clinic's lists.",
                        )
                    }
                    other => Error::from(other),
                })?;
        }
        let after = find_protocol(tx, input.id)?
            .ok_or_else(|| Error::CorruptData("a saved protocol could not be read back".into()))?;
        let change = Change::new(Action::Settings, "protocol", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}

fn find_protocol(conn: &Connection, id: Uuid) -> Result<Option<Protocol>> {
    Ok(load_protocols(conn)?.into_iter().find(|p| p.id == id))
}

/// Starts or edits a course, by `by`, with one audit row (create or update, the course
/// before and after). Its progress comes back as of `by.now`'s day.
pub fn save_course(db: &Db, input: CourseInput, by: &Actor) -> Result<Course> {
    let mut c = Check::default();
    let name = c.required_line("name", "Name", &input.name, SHORT_MAX);
    let indication = c.optional_line(
        "indication",
        "Indication",
        input.indication.as_deref(),
        CODE_MAX,
    );
    let note = c.note("note", &input.note);
    c.int_range(
        "target_sessions",
        "Sessions",
        Some(input.target_sessions),
        1,
        30,
    );
    c.int_range(
        "interval_days",
        "Interval",
        Some(input.interval_days),
        1,
        365,
    );
    let started = c.date("started_on", "Start date", &input.started_on, None);
    let stopped = c.optional_date("stopped_on", "Stop date", input.stopped_on.as_deref(), None);
    if let (Some(s), Some(e)) = (started, stopped) {
        if e < s {
            c.fail("stopped_on", "A course cannot stop before it starts.");
        }
    }
    c.finish()?;
    let Some(started) = started else {
        return Err(Error::invalid("started_on", "Enter the start date."));
    };
    let id = input.id.to_string();
    let ws = db.workstation_id().to_string();
    let today = by.now.date_naive();
    db.write_audited(by, |tx| {
        crate::patients::exists(tx, input.patient_id)?;
        let owner: Option<String> = tx
            .prepare_cached("SELECT patient_id FROM course WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        if owner.is_some_and(|p| p != input.patient_id.to_string()) {
            return Err(Error::Conflict(
                "This course belongs to another patient.".into(),
            ));
        }
        let before = super::progress::load(tx, input.id, today)?;
        let now = ts(by.now);
        tx.prepare_cached(
            "INSERT INTO course (id, patient_id, protocol_id, name, indication, target_sessions,
                 interval_days, started_on, stopped_on, note, created_at, updated_at,
                 workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)
             ON CONFLICT (id) DO UPDATE SET protocol_id = ?3, name = ?4, indication = ?5,
                 target_sessions = ?6, interval_days = ?7, started_on = ?8, stopped_on = ?9,
                 note = ?10, updated_at = ?11, workstation_id = ?12",
        )?
        .execute(params![
            id,
            input.patient_id.to_string(),
            input.protocol_id.map(|p| p.to_string()),
            name,
            indication,
            input.target_sessions,
            input.interval_days,
            started.to_string(),
            stopped.map(|d| d.to_string()),
            note,
            now,
            ws
        ])
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Error::invalid("protocol_id", "Choose a protocol from the clinic's list.")
            }
            other => Error::from(other),
        })?;
        let after = super::progress::load(tx, input.id, today)?
            .ok_or_else(|| Error::CorruptData("a saved course could not be read back".into()))?;
        let change = Change::create_or_update(before.is_some(), "course", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after)
            .patient(input.patient_id);
        Ok((after, change))
    })
}
