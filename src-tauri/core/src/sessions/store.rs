//! Writing sessions: a new session, or a draft replaced as a whole, in one transaction with
//! its audit row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use super::read::load;
use super::validate::{validate, ValidSession};
use super::{NeedlePattern, Session, SessionInput, SessionStatus};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::reference;

/// Records a new session, or replaces a draft with the same id, by `by`. All or nothing:
/// the session, every child and one audit row are committed together. The audit row is an
/// `override` (with the override reasons) when the save passes a blocking rule the stored
/// session did not already pass with the same reason, else a create or update. Saving the
/// same input twice leaves one session.
pub fn save(db: &Db, input: SessionInput, by: &Actor) -> Result<Session> {
    let now = by.now;
    let reference = db.read(reference::load)?;
    let valid = validate(&input, &reference, now)?;
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        crate::patients::require_active(
            tx,
            input.patient_id,
            "This patient is archived. Restore the patient before recording a session.",
        )?;
        let existing: Option<(String, String, String, Option<String>)> = tx
            .prepare_cached(
                "SELECT patient_id, status, created_at, course_id FROM session WHERE id = ?1",
            )?
            .query_row(params![input.id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (created_at, left_course, before) = match existing {
            None => (ts(now), None, None),
            Some((patient, ..)) if patient != input.patient_id.to_string() => {
                return Err(Error::Conflict(
                    "This session belongs to another patient and cannot be moved.".into(),
                ))
            }
            Some((_, status, ..)) if SessionStatus::parse(&status)? == SessionStatus::Signed => {
                return Err(Error::Locked)
            }
            Some((_, _, created_at, course)) => (created_at, course, Some(load(tx, input.id)?)),
        };
        if let Some(course) = input.course_id {
            let owner: Option<String> = tx
                .prepare_cached("SELECT patient_id FROM course WHERE id = ?1")?
                .query_row(params![course.to_string()], |r| r.get(0))
                .optional()?;
            if owner != Some(input.patient_id.to_string()) {
                return Err(Error::invalid(
                    "course_id",
                    "Choose one of this patient's courses.",
                ));
            }
        }
        // Clinical guidance, judged on the same data the write will see: a refusal (a depth
        // the device cannot reach, an expired lot) stops the save; warnings do not.
        let assessment = crate::guidance::assess(tx, &input, &reference)?;
        let blocks = crate::guidance::blocks(&assessment.findings);
        if !blocks.is_empty() {
            return Err(Error::Invalid(blocks));
        }
        crate::reports::counts::remove_session(tx, input.id)?;
        let previous = remove_children(tx, input.id)?;
        write_session(
            tx,
            input.id,
            input.patient_id,
            &valid,
            &created_at,
            now,
            &ws,
        )?;
        write_children(tx, input.id, &valid, &previous, now, &ws)?;
        crate::reports::counts::add_session(tx, input.id)?;
        crate::patients::refresh_session_summary(tx, input.patient_id)?;
        let joined = input.course_id.map(|c| c.to_string());
        for course in left_course.iter().chain(joined.iter()) {
            crate::courses::refresh_progress(tx, course)?;
        }
        crate::screening::write_results(
            tx,
            input.id,
            &assessment.screening,
            &input.overrides,
            &valid.clinician_name,
            now,
            &ws,
        )?;
        let after = load(tx, input.id)?;
        let overrides = new_overrides(before.as_ref(), &after);
        let change = if overrides.is_empty() {
            Change::create_or_update(before.is_some(), "session", input.id)
        } else {
            Change::new(Action::Override, "session", input.id).reason(overrides.join("\n"))
        };
        let change = change
            .old_value_if(before.as_ref())
            .new_value(&after)
            .patient(input.patient_id);
        Ok((after, change))
    })
}

/// The override reasons `after` holds that `before` did not hold for the same rule: blocks
/// passed by this save. Read from the stored screening, not the form, so a reason the form
/// sent for a rule that did not fire is not an override; re-saving a draft with the same
/// reasons is an update, a new reason for a rule is a new override.
fn new_overrides<'a>(before: Option<&Session>, after: &'a Session) -> Vec<&'a str> {
    let held = |code: &str, reason: &str| {
        before.is_some_and(|b| {
            b.screening
                .iter()
                .any(|r| r.rule_code == code && r.override_reason.as_deref() == Some(reason))
        })
    };
    after
        .screening
        .iter()
        .filter_map(|r| {
            let reason = r.override_reason.as_deref().filter(|t| !t.is_empty())?;
            (!held(&r.rule_code, reason)).then_some(reason)
        })
        .collect()
}

/// What a draft's children looked like before a save replaces them.
#[derive(Default)]
struct Previous {
    /// Row id → when it was first created.
    created: HashMap<String, String>,
    /// (table, position) → row id.
    at: HashMap<(&'static str, i64), String>,
}

/// Deletes a draft's children before they are written again, remembering their ids and
/// creation times so rows that come back keep their identity and history.
fn remove_children(tx: &Transaction<'_>, session: Uuid) -> Result<Previous> {
    let mut previous = Previous::default();
    for table in CHILD_TABLES {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT id, created_at, position FROM {table} WHERE session_id = ?1"
        ))?;
        let rows = stmt.query_map(params![session.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (id, at, position) = row?;
            previous.at.insert((table, position), id.clone());
            previous.created.insert(id, at);
        }
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE session_id = ?1"))?
            .execute(params![session.to_string()])?;
    }
    Ok(previous)
}

const CHILD_TABLES: [&str; 3] = ["treated_area", "product_applied", "reaction"];

fn write_session(
    tx: &Transaction<'_>,
    id: Uuid,
    patient: Uuid,
    s: &ValidSession,
    created_at: &str,
    now: DateTime<Utc>,
    ws: &str,
) -> Result<()> {
    let indications =
        serde_json::to_string(&s.indications).map_err(|e| Error::CorruptData(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO session (id, patient_id, started_at, ended_at, clinician_name, indications,
             numbing_product, numbing_minutes, skin_prep, pain_score, notes, aftercare_given,
             next_session_on, status, created_at, updated_at, workstation_id, course_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?17, ?14, ?15, ?16, ?18)
         ON CONFLICT (id) DO UPDATE SET started_at = ?3, ended_at = ?4, clinician_name = ?5,
             indications = ?6, numbing_product = ?7, numbing_minutes = ?8, skin_prep = ?9,
             pain_score = ?10, notes = ?11, aftercare_given = ?12, next_session_on = ?13,
             updated_at = ?15, workstation_id = ?16, course_id = ?18",
    )?
    .execute(params![
        id.to_string(),
        patient.to_string(),
        ts(s.started_at),
        s.ended_at.map(ts),
        s.clinician_name,
        indications,
        s.numbing_product,
        s.numbing_minutes,
        s.skin_prep,
        s.pain_score,
        s.notes,
        s.aftercare_given,
        s.next_session_on.map(|d| d.to_string()),
        created_at,
        ts(now),
        ws,
        SessionStatus::Draft.as_str(),
        s.course_id.map(|c| c.to_string()),
    ])?;
    Ok(())
}

fn write_children(
    tx: &Transaction<'_>,
    session: Uuid,
    s: &ValidSession,
    previous: &Previous,
    now: DateTime<Utc>,
    ws: &str,
) -> Result<()> {
    let now = ts(now);
    let sid = session.to_string();
    let sent: std::collections::HashSet<Uuid> = s
        .areas
        .iter()
        .map(|a| a.id)
        .chain(s.products.iter().map(|p| p.id))
        .chain(s.reactions.iter().map(|r| r.id))
        .flatten()
        .collect();
    // A row sent with its id keeps it. A row sent without one takes the id of the row that
    // was at its place (unless that id was sent for another row), so retrying the very same
    // save yields the very same ids; otherwise it gets a new one.
    let stamp = |table: &'static str, pos: usize, id: Option<Uuid>| {
        let id = id
            .map(|id| id.to_string())
            .or_else(|| {
                previous
                    .at
                    .get(&(table, pos as i64))
                    .filter(|old| Uuid::parse_str(old).is_ok_and(|u| !sent.contains(&u)))
                    .cloned()
            })
            .unwrap_or_else(|| Uuid::now_v7().to_string());
        let at = previous
            .created
            .get(&id)
            .cloned()
            .unwrap_or_else(|| now.clone());
        (id, at)
    };
    let clash = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => Error::Conflict(
            "A row of this session has an id that is already used elsewhere.".into(),
        ),
        _ => Error::from(e),
    };
    let mut stmt = tx.prepare_cached(
        "INSERT INTO treated_area (id, session_id, position, area_id, device_kind, device_model,
             needle_depth_um, passes, speed_level, pattern, needle_count, cartridge_lot, endpoint,
             notes, created_at, updated_at, workstation_id, device_model_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (pos, a) in s.areas.iter().enumerate() {
        let (id, created_at) = stamp(CHILD_TABLES[0], pos, a.id);
        stmt.execute(params![
            id,
            sid,
            pos as i64,
            a.area_id.to_string(),
            a.device_kind.as_str(),
            a.device_model,
            a.needle_depth_um,
            a.passes,
            a.speed_level,
            a.pattern.map(NeedlePattern::as_str),
            a.needle_count,
            a.cartridge_lot,
            a.endpoint,
            a.notes,
            created_at,
            now,
            ws,
            a.device_model_id.map(|d| d.to_string())
        ])
        .map_err(clash)?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO product_applied (id, session_id, position, name, role, lot, expiry_on,
             amount, area_id, created_at, updated_at, workstation_id, product_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for (pos, p) in s.products.iter().enumerate() {
        let (id, created_at) = stamp(CHILD_TABLES[1], pos, p.id);
        stmt.execute(params![
            id,
            sid,
            pos as i64,
            p.name,
            p.role.as_str(),
            p.lot,
            p.expiry_on.map(|d| d.to_string()),
            p.amount,
            p.area_id.map(|a| a.to_string()),
            created_at,
            now,
            ws,
            p.product_id.map(|x| x.to_string())
        ])
        .map_err(clash)?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO reaction (id, session_id, position, reaction_type_id, scale_id, grade,
             time_point, area_id, note, created_at, updated_at, workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (pos, r) in s.reactions.iter().enumerate() {
        let (id, created_at) = stamp(CHILD_TABLES[2], pos, r.id);
        stmt.execute(params![
            id,
            sid,
            pos as i64,
            r.reaction_type_id.to_string(),
            r.scale_id.to_string(),
            r.grade,
            r.time_point.as_str(),
            r.area_id.map(|a| a.to_string()),
            r.note,
            created_at,
            now,
            ws
        ])
        .map_err(clash)?;
    }
    Ok(())
}
