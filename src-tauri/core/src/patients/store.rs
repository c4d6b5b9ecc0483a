//! Patient storage: saving, archiving and reading one patient, each write with its audit
//! row.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::validate::validate;
use super::{Patient, PatientInput, SexAtBirth};
use crate::audit::{Action, Actor, Change};
use crate::db::{parse_date, parse_id, parse_ts, ts, Db};
use crate::error::{Error, Result};
use crate::text;

const COLUMNS: &str = "id, given_name, family_name, date_of_birth, sex_at_birth, mrn, phone, \
    email, fitzpatrick, fitzpatrick_assessed_on, indications, notes, archived, created_at, \
    updated_at";

/// Creates the patient when `input.id` is new, otherwise updates it, by `by`, with one audit
/// row (create or update, the record before and after). Idempotent: saving the same input
/// twice leaves one patient.
pub fn save(db: &Db, input: PatientInput, by: &Actor) -> Result<Patient> {
    let now = by.now;
    let known: Vec<String> = db.read(|conn| {
        let mut stmt = conn.prepare_cached("SELECT code FROM indication")?;
        let codes = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(codes)
    })?;
    let p = validate(&input, &known, now)?;
    let id = input.id.to_string();
    let mrn_key = p.mrn.as_deref().map(text::search_key);
    db.write_audited(by, |tx| {
        if let Some(key) = &mrn_key {
            let other: Option<String> = tx
                .prepare_cached("SELECT id FROM patient WHERE mrn_key = ?1 AND id <> ?2")?
                .query_row(params![key, id], |r| r.get(0))
                .optional()?;
            if other.is_some() {
                return Err(Error::invalid(
                    "mrn",
                    "Another patient already has this record number.",
                ));
            }
        }
        let before = load_if_any(tx, input.id)?;
        // The report counts group sessions by the patient's Fitzpatrick type: a new type
        // moves every one of the patient's sessions to its new group, in this transaction.
        let regroup = match before.as_ref().map(|b| b.fitzpatrick) {
            Some(old) if old != p.fitzpatrick => {
                crate::reports::counts::patient_sessions(tx, input.id)?
            }
            _ => Vec::new(),
        };
        for s in &regroup {
            crate::reports::counts::remove_session(tx, *s)?;
        }
        let indications =
            serde_json::to_string(&p.indications).map_err(|e| Error::CorruptData(e.to_string()))?;
        tx.prepare_cached(
            "INSERT INTO patient (id, given_name, family_name, given_key, family_key,
                 date_of_birth, sex_at_birth, mrn, mrn_key, phone, email, fitzpatrick,
                 fitzpatrick_assessed_on, indications, notes, archived, created_at, updated_at,
                 workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, ?16,
                     ?17)
             ON CONFLICT (id) DO UPDATE SET given_name = ?2, family_name = ?3, given_key = ?4,
                 family_key = ?5, date_of_birth = ?6, sex_at_birth = ?7, mrn = ?8, mrn_key = ?9,
                 phone = ?10, email = ?11, fitzpatrick = ?12, fitzpatrick_assessed_on = ?13,
                 indications = ?14, notes = ?15, updated_at = ?16, workstation_id = ?17",
        )?
        .execute(params![
            id,
            p.given_name,
            p.family_name,
            text::search_key(&p.given_name),
            text::search_key(&p.family_name),
            p.date_of_birth.to_string(),
            p.sex_at_birth.as_str(),
            p.mrn,
            mrn_key,
            p.phone,
            p.email,
            p.fitzpatrick,
            p.fitzpatrick_assessed_on.map(|d| d.to_string()),
            indications,
            p.notes,
            ts(now),
            db.workstation_id().to_string(),
        ])?;
        for s in &regroup {
            crate::reports::counts::add_session(tx, *s)?;
        }
        record_fitzpatrick(
            tx,
            input.id,
            p.fitzpatrick,
            p.fitzpatrick_assessed_on,
            now,
            db,
        )?;
        let after = load(tx, input.id)?;
        let change = Change::create_or_update(before.is_some(), "patient", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after)
            .patient(input.id);
        Ok((after, change))
    })
}

/// Brings the patient's session count and latest session up to date, inside the session
/// save's transaction (sessions are never deleted and never change patient).
pub(crate) fn refresh_session_summary(conn: &Connection, patient: Uuid) -> Result<()> {
    conn.prepare_cached(
        "UPDATE patient SET
             session_count = (SELECT count(*) FROM session WHERE patient_id = ?1),
             last_session_at = (SELECT max(started_at) FROM session WHERE patient_id = ?1)
         WHERE id = ?1",
    )?
    .execute(params![patient.to_string()])?;
    Ok(())
}

/// Keeps every Fitzpatrick type assessed: a new row whenever the type or its date changes.
fn record_fitzpatrick(
    conn: &Connection,
    patient: Uuid,
    fitzpatrick: Option<i32>,
    assessed_on: Option<NaiveDate>,
    now: DateTime<Utc>,
    db: &Db,
) -> Result<()> {
    let Some(fitzpatrick) = fitzpatrick else {
        return Ok(());
    };
    let assessed_on = assessed_on.map(|d| d.to_string());
    let latest: Option<(i32, Option<String>)> = conn
        .prepare_cached(
            "SELECT fitzpatrick, assessed_on FROM fitzpatrick_assessment
             WHERE patient_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
        )?
        .query_row(params![patient.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if latest.as_ref() == Some(&(fitzpatrick, assessed_on.clone())) {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO fitzpatrick_assessment (id, patient_id, fitzpatrick, assessed_on,
             created_at, workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        Uuid::now_v7().to_string(),
        patient.to_string(),
        fitzpatrick,
        assessed_on,
        ts(now),
        db.workstation_id().to_string()
    ])?;
    Ok(())
}

/// Archives (hides from the default list) or restores a patient, by `by`, with one audit
/// row (archive or restore). Their records stay.
pub fn set_archived(db: &Db, id: Uuid, archived: bool, by: &Actor) -> Result<Patient> {
    db.write_audited(by, |tx| {
        let before = load(tx, id)?;
        let n = tx
            .prepare_cached(
                "UPDATE patient SET archived = ?2, updated_at = ?3, workstation_id = ?4
                 WHERE id = ?1",
            )?
            .execute(params![
                id.to_string(),
                archived,
                ts(by.now),
                db.workstation_id().to_string()
            ])?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "patient",
                id: id.to_string(),
            });
        }
        let after = load(tx, id)?;
        let action = if archived {
            Action::Archive
        } else {
            Action::Restore
        };
        let change = Change::new(action, "patient", id)
            .old_value(&before)
            .new_value(&after)
            .patient(id);
        Ok((after, change))
    })
}

/// Fails with `NotFound` unless the patient exists.
pub(crate) fn exists(conn: &Connection, id: Uuid) -> Result<()> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM patient WHERE id = ?1")?
        .query_row(params![id.to_string()], |r| r.get(0))
        .optional()?;
    found.map(|_| ()).ok_or_else(|| Error::NotFound {
        entity: "patient",
        id: id.to_string(),
    })
}

/// Refuses writes for an archived patient (`refusal`, on `patient_id`) or an unknown one.
pub(crate) fn require_active(conn: &Connection, id: Uuid, refusal: &str) -> Result<()> {
    let archived: Option<bool> = conn
        .prepare_cached("SELECT archived FROM patient WHERE id = ?1")?
        .query_row(params![id.to_string()], |r| r.get(0))
        .optional()?;
    match archived {
        None => Err(Error::NotFound {
            entity: "patient",
            id: id.to_string(),
        }),
        Some(true) => Err(Error::invalid("patient_id", refusal)),
        Some(false) => Ok(()),
    }
}

/// One patient.
pub fn get(db: &Db, id: Uuid) -> Result<Patient> {
    db.read(|conn| load(conn, id))
}

/// One patient, opened by `by`: the read and its `view` audit row are one transaction, so
/// a record shown is a record whose viewing is on file.
pub fn view(db: &Db, id: Uuid, by: &crate::audit::Actor) -> Result<Patient> {
    db.write_audited(by, |tx| {
        let patient = load(tx, id)?;
        let change =
            crate::audit::Change::new(crate::audit::Action::View, "patient", id).patient(id);
        Ok((patient, change))
    })
}

pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Patient> {
    let sql = format!("SELECT {COLUMNS} FROM patient WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![id.to_string()])?;
    match rows.next()? {
        Some(row) => from_row(row),
        None => Err(Error::NotFound {
            entity: "patient",
            id: id.to_string(),
        }),
    }
}

/// The patient as stored, or `None` when there is none yet (a create).
fn load_if_any(conn: &Connection, id: Uuid) -> Result<Option<Patient>> {
    match load(conn, id) {
        Ok(p) => Ok(Some(p)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

fn from_row(r: &Row<'_>) -> Result<Patient> {
    let indications: String = r.get(10)?;
    Ok(Patient {
        id: parse_id("patient.id", &r.get::<_, String>(0)?)?,
        given_name: r.get(1)?,
        family_name: r.get(2)?,
        date_of_birth: parse_date("patient.date_of_birth", &r.get::<_, String>(3)?)?,
        sex_at_birth: SexAtBirth::parse(&r.get::<_, String>(4)?)?,
        mrn: r.get(5)?,
        phone: r.get(6)?,
        email: r.get(7)?,
        fitzpatrick: r.get(8)?,
        fitzpatrick_assessed_on: r
            .get::<_, Option<String>>(9)?
            .map(|d| parse_date("patient.fitzpatrick_assessed_on", &d))
            .transpose()?,
        indications: serde_json::from_str(&indications)
            .map_err(|_| Error::CorruptData("patient.indications is not a list".into()))?,
        notes: r.get(11)?,
        archived: r.get(12)?,
        created_at: parse_ts("patient.created_at", &r.get::<_, String>(13)?)?,
        updated_at: parse_ts("patient.updated_at", &r.get::<_, String>(14)?)?,
    })
}
