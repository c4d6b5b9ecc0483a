//! Patient storage and search.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::validate::validate;
use super::{Patient, PatientInput, PatientQuery, PatientSummary, SexAtBirth};
use crate::db::{parse_date, parse_id, parse_ts, ts, Db};
use crate::error::{Error, Result};
use crate::text;

const COLUMNS: &str = "id, given_name, family_name, date_of_birth, sex_at_birth, mrn, phone, \
    email, fitzpatrick, fitzpatrick_assessed_on, indications, notes, archived, created_at, \
    updated_at";

/// Creates the patient when `input.id` is new, otherwise updates it. Idempotent: saving the
/// same input twice leaves one patient.
pub fn save(db: &Db, input: PatientInput, now: DateTime<Utc>) -> Result<Patient> {
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
    db.write(|tx| {
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
        // The report counts group sessions by the patient's Fitzpatrick type: a new type
        // moves every one of the patient's sessions to its new group, in this transaction.
        let old_type: Option<Option<i32>> = tx
            .prepare_cached("SELECT fitzpatrick FROM patient WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        let regroup = match old_type {
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
        load(tx, input.id)
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

/// Archives (hides from the default list) or restores a patient. Their records stay.
pub fn set_archived(db: &Db, id: Uuid, archived: bool, now: DateTime<Utc>) -> Result<Patient> {
    db.write(|tx| {
        let n = tx
            .prepare_cached(
                "UPDATE patient SET archived = ?2, updated_at = ?3, workstation_id = ?4
                 WHERE id = ?1",
            )?
            .execute(params![
                id.to_string(),
                archived,
                ts(now),
                db.workstation_id().to_string()
            ])?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "patient",
                id: id.to_string(),
            });
        }
        load(tx, id)
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

/// What a search text means.
enum Needle {
    Everyone,
    /// A date of birth; an MRN could also look like this, so both are tried.
    Date(NaiveDate, String),
    /// Name prefixes (each word starts the given or family name) or an exact MRN.
    Words(Vec<String>, String),
}

fn parse_query(text: &str) -> Needle {
    let t = text.trim();
    if t.is_empty() {
        return Needle::Everyone;
    }
    let mrn = text::search_key(t);
    for fmt in ["%Y-%m-%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Needle::Date(d, mrn);
        }
    }
    let words = text::search_key(t)
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    Needle::Words(words, mrn)
}

/// The exclusive upper bound of every string that starts with `prefix`: U+10FFFF sorts after
/// any character in SQLite's binary (UTF-8 byte) order, so `key >= p AND key < p||max` is an
/// index range scan.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Searches patients: by record number or date of birth ordered by family then given name;
/// by name, a matching record number first, then family-name matches (by family, given),
/// then given-name matches (by given, family).
pub fn list(db: &Db, query: &PatientQuery) -> Result<Vec<PatientSummary>> {
    let limit = query.limit.unwrap_or(200).clamp(1, 1000);
    let archived = if query.include_archived {
        ""
    } else {
        "AND p.archived = 0"
    };
    let summary = "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.mrn,
                p.fitzpatrick, p.archived,
                p.last_session_at, p.session_count
         FROM patient p";
    db.read(|conn| match parse_query(&query.text) {
        Needle::Everyone => {
            let sql = format!(
                "{summary} WHERE 1 {archived} ORDER BY p.family_key, p.given_key, p.id LIMIT ?1"
            );
            collect(conn, &sql, params![limit])
        }
        Needle::Date(d, mrn) => {
            let sql = format!(
                "{summary} WHERE (p.date_of_birth = ?1 OR p.mrn_key = ?2) {archived}
                 ORDER BY p.family_key, p.given_key, p.id LIMIT ?3"
            );
            collect(conn, &sql, params![d.to_string(), mrn, limit])
        }
        Needle::Words(words, mrn) => {
            // Three streams, each an index walk that stops at `limit` rows: an exact record
            // number first, then family names starting with the first word (by family,
            // given), then given names starting with it (by given, family). Sorting every
            // match of a short prefix instead would cost milliseconds at 100,000 patients.
            // Later words are checked on the rows the first one finds.
            let first = words.first().cloned().unwrap_or_default();
            let rest: Vec<&String> = words.iter().skip(1).collect();
            let mut extra = String::new();
            for i in 0..rest.len() {
                let (lo, hi) = (4 + 2 * i, 5 + 2 * i);
                extra.push_str(&format!(
                    " AND ((p.given_key >= ?{lo} AND p.given_key < ?{hi})
                        OR (p.family_key >= ?{lo} AND p.family_key < ?{hi})
                        OR instr(p.given_key, ' ' || ?{lo}) > 0
                        OR instr(p.family_key, ' ' || ?{lo}) > 0
                        OR instr(p.family_key, '-' || ?{lo}) > 0)"
                ));
            }
            let family = "p.family_key >= ?2 AND p.family_key < ?3";
            let given = "p.given_key >= ?2 AND p.given_key < ?3";
            let sql = format!(
                "{summary} JOIN (
                     SELECT id, 0 AS rank, '' AS k1, '' AS k2 FROM patient p
                     WHERE p.mrn_key = ?1 {archived}
                     UNION ALL
                     SELECT id, 1, family_key, given_key FROM (
                         SELECT id, family_key, given_key FROM patient p
                         WHERE {family} AND p.mrn_key IS NOT ?1 {archived} {extra}
                         ORDER BY p.family_key, p.given_key, p.id LIMIT {limit})
                     UNION ALL
                     SELECT id, 2, given_key, family_key FROM (
                         SELECT id, family_key, given_key FROM patient p
                         WHERE {given} AND NOT ({family}) AND p.mrn_key IS NOT ?1 {archived}
                             {extra}
                         ORDER BY p.given_key, p.family_key, p.id LIMIT {limit})
                 ) m ON m.id = p.id
                 ORDER BY m.rank, m.k1, m.k2, p.id LIMIT {limit}"
            );
            let mut values: Vec<String> = vec![mrn, first.clone(), prefix_end(&first)];
            for w in rest {
                values.push(w.clone());
                values.push(prefix_end(w));
            }
            collect(conn, &sql, rusqlite::params_from_iter(values))
        }
    })
}

fn collect(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<PatientSummary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(PatientSummary {
            id: parse_id("patient.id", &r.get::<_, String>(0)?)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            date_of_birth: parse_date("patient.date_of_birth", &r.get::<_, String>(3)?)?,
            mrn: r.get(4)?,
            fitzpatrick: r.get(5)?,
            archived: r.get(6)?,
            last_session_at: r
                .get::<_, Option<String>>(7)?
                .map(|t| parse_ts("session.started_at", &t))
                .transpose()?,
            session_count: r.get(8)?,
        });
    }
    Ok(out)
}
