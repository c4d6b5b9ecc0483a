//! Writing a checked import inside the caller's one transaction: the batch row, every new
//! patient (with its Fitzpatrick assessment) and session (with its areas, products and
//! reactions), the import records, then set-wise the sessions' signed status, the patients'
//! session summaries and the report counts.
//!
//! Rows go in as chunks: one `INSERT … SELECT … FROM json_each(?)` per table for a few
//! thousand rows, the rows serialised as one JSON array. SQLite then runs the same
//! constraints, foreign keys and triggers on every row, without the cost of a statement (and
//! its statement journal, needed because the lock triggers may abort) per row: ten times
//! faster than row-by-row inserts here.
//!
//! Invariants: only `Fate::New` records are written; the same columns and values as the
//! form's save paths (search keys, JSON lists, micrometres, UTC timestamps); sessions are
//! inserted as drafts and signed once their import record exists (see migration 0012).

use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};
use serde::Serialize;
use uuid::Uuid;

use super::plan::{Fate, Plan};
use super::{Phase, Progress};
use crate::db::ts;
use crate::digest::hex;
use crate::error::{Error, Result};
use crate::text;

/// The batch being written.
pub(crate) struct Batch<'a> {
    pub id: Uuid,
    pub user: Uuid,
    pub now: DateTime<Utc>,
    pub workstation: &'a str,
    pub patients_sha256: Option<&'a str>,
    pub sessions_sha256: Option<&'a str>,
}

/// Records per chunk (and between progress reports).
const CHUNK: usize = 16_384;

/// Rows for one table, as a JSON array of arrays, inserted by `sql` with the array as `?1`
/// and, when it has them, the time as `?2` and the workstation as `?3`.
struct Rows {
    sql: &'static str,
    json: Vec<u8>,
    n: usize,
}

impl Rows {
    fn new(sql: &'static str) -> Self {
        Rows {
            sql,
            json: Vec::new(),
            n: 0,
        }
    }

    fn push(&mut self, row: &impl Serialize) -> Result<()> {
        self.json.push(if self.n == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut self.json, row)
            .map_err(|e| Error::CorruptData(e.to_string()))?;
        self.n += 1;
        Ok(())
    }

    fn flush(&mut self, tx: &Transaction<'_>, now: &str, ws: &str) -> Result<()> {
        if self.n == 0 {
            return Ok(());
        }
        self.json.push(b']');
        let json =
            std::str::from_utf8(&self.json).map_err(|e| Error::CorruptData(e.to_string()))?;
        let mut stmt = tx.prepare_cached(self.sql)?;
        if stmt.parameter_count() == 1 {
            stmt.execute(params![json])?;
        } else {
            stmt.execute(params![json, now, ws])?;
        }
        self.json.clear();
        self.n = 0;
        Ok(())
    }
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::CorruptData(e.to_string()))
}

fn id(u: Uuid) -> String {
    u.to_string()
}

const PATIENTS: &str = "INSERT INTO patient (id, given_name, family_name, given_key, family_key,
        date_of_birth, sex_at_birth, mrn, mrn_key, phone, email, fitzpatrick,
        fitzpatrick_assessed_on, indications, notes, archived, created_at, updated_at,
        workstation_id)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
        value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11,
        value ->> 12, value ->> 13, value ->> 14, 0, ?2, ?2, ?3
    FROM jsonb_each(?1)";
const ASSESSMENTS: &str = "INSERT INTO fitzpatrick_assessment (id, patient_id, fitzpatrick,
        assessed_on, created_at, workstation_id)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?2, ?3 FROM jsonb_each(?1)";
const PATIENT_RECORDS: &str = "INSERT INTO import_patient (external_id, patient_id,
        content_hash, batch_id, line)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4
    FROM jsonb_each(?1)";
const SESSIONS: &str = "INSERT INTO session (id, patient_id, started_at, ended_at,
        clinician_name, indications, numbing_product, numbing_minutes, skin_prep, pain_score,
        notes, aftercare_given, next_session_on, status, created_at, updated_at, workstation_id)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
        value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11,
        value ->> 12, 'draft', ?2, ?2, ?3
    FROM jsonb_each(?1)";
const AREAS: &str = "INSERT INTO treated_area (id, session_id, position, area_id, device_kind,
        device_model, needle_depth_um, passes, speed_level, pattern, needle_count,
        cartridge_lot, endpoint, notes, device_model_id, created_at, updated_at, workstation_id)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
        value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11,
        value ->> 12, value ->> 13, value ->> 14, ?2, ?2, ?3
    FROM jsonb_each(?1)";
const PRODUCTS: &str = "INSERT INTO product_applied (id, session_id, position, name, role, lot,
        expiry_on, amount, area_id, product_id, created_at, updated_at, workstation_id)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
        value ->> 6, value ->> 7, value ->> 8, value ->> 9, ?2, ?2, ?3
    FROM jsonb_each(?1)";
const REACTIONS: &str = "INSERT INTO reaction (id, session_id, position, reaction_type_id,
        scale_id, grade, time_point, area_id, note, created_at, updated_at, workstation_id)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
        value ->> 6, value ->> 7, value ->> 8, ?2, ?2, ?3
    FROM jsonb_each(?1)";
const SESSION_RECORDS: &str = "INSERT INTO import_session (external_id, session_id,
        content_hash, batch_id, line)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4
    FROM jsonb_each(?1)";

/// Writes `plan` as batch `b` through `tx`.
pub(crate) fn write(
    tx: &Transaction<'_>,
    plan: &Plan,
    b: &Batch<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    // The import touches many pages once: a bigger page cache for this transaction keeps
    // them from being spilled and read back.
    let cache: i64 = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    tx.pragma_update(None, "cache_size", -262_144)?;
    let written = write_all(tx, plan, b, progress);
    tx.pragma_update(None, "cache_size", cache)?;
    written
}

fn write_all(
    tx: &Transaction<'_>,
    plan: &Plan,
    b: &Batch<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let now = ts(b.now);
    let ws = b.workstation;
    let batch = id(b.id);
    tx.prepare_cached(
        "INSERT INTO import_batch (id, user_id, imported_at, patients_sha256, sessions_sha256,
             patients, sessions, areas, products, reactions, skipped, workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        batch,
        id(b.user),
        now,
        b.patients_sha256,
        b.sessions_sha256,
        plan.created.patients,
        plan.created.sessions,
        plan.created.areas,
        plan.created.products,
        plan.created.reactions,
        plan.present.patients + plan.present.sessions,
        ws
    ])?;
    let total = plan.created.patients + plan.created.sessions;
    let mut done = 0u32;
    let mut report = |done: u32| {
        progress(Progress {
            phase: Phase::Writing,
            done,
            total,
        })
    };
    report(0);
    let mut patients = Rows::new(PATIENTS);
    let mut assessments = Rows::new(ASSESSMENTS);
    let mut records = Rows::new(PATIENT_RECORDS);
    for (d, fate) in &plan.patients {
        let Fate::New(pid) = fate else { continue };
        let pid = id(*pid);
        let p = &d.valid;
        patients.push(&(
            &pid,
            &p.given_name,
            &p.family_name,
            text::search_key(&p.given_name),
            text::search_key(&p.family_name),
            p.date_of_birth.to_string(),
            p.sex_at_birth.as_str(),
            &p.mrn,
            p.mrn.as_deref().map(text::search_key),
            &p.phone,
            &p.email,
            p.fitzpatrick,
            p.fitzpatrick_assessed_on.map(|x| x.to_string()),
            json(&p.indications)?,
            &p.notes,
        ))?;
        if let Some(f) = p.fitzpatrick {
            let assessed = p.fitzpatrick_assessed_on.map(|x| x.to_string());
            assessments.push(&(id(Uuid::now_v7()), &pid, f, assessed))?;
        }
        records.push(&(&d.external_id, &pid, hex(&d.hash), &batch, d.line))?;
        done += 1;
        if patients.n == CHUNK {
            patients.flush(tx, &now, ws)?;
            assessments.flush(tx, &now, ws)?;
            records.flush(tx, &now, ws)?;
            report(done);
        }
    }
    patients.flush(tx, &now, ws)?;
    assessments.flush(tx, &now, ws)?;
    records.flush(tx, &now, ws)?;
    sessions(tx, plan, &batch, &now, ws, &mut done, &mut report)?;
    tx.prepare_cached(
        "UPDATE session SET status = 'signed'
         WHERE id IN (SELECT session_id FROM import_session WHERE batch_id = ?1)",
    )?
    .execute(params![batch])?;
    tx.prepare_cached(
        "UPDATE patient SET
             session_count = (SELECT count(*) FROM session s WHERE s.patient_id = patient.id),
             last_session_at = (SELECT max(s.started_at) FROM session s
                                WHERE s.patient_id = patient.id)
         WHERE id IN (SELECT DISTINCT s.patient_id FROM import_session i
                      JOIN session s ON s.id = i.session_id WHERE i.batch_id = ?1)",
    )?
    .execute(params![batch])?;
    super::counts::add(tx, plan)?;
    report(done);
    Ok(())
}

fn sessions(
    tx: &Transaction<'_>,
    plan: &Plan,
    batch: &str,
    now: &str,
    ws: &str,
    done: &mut u32,
    report: &mut dyn FnMut(u32),
) -> Result<()> {
    let mut sessions = Rows::new(SESSIONS);
    let mut areas = Rows::new(AREAS);
    let mut products = Rows::new(PRODUCTS);
    let mut reactions = Rows::new(REACTIONS);
    let mut records = Rows::new(SESSION_RECORDS);
    let opt = |u: Option<Uuid>| u.map(id);
    for (d, fate, patient) in &plan.sessions {
        let Fate::New(sid) = fate else { continue };
        let sid = id(*sid);
        let s = &d.valid;
        sessions.push(&(
            &sid,
            id(*patient),
            ts(s.started_at),
            s.ended_at.map(ts),
            &s.clinician_name,
            json(&s.indications)?,
            &s.numbing_product,
            s.numbing_minutes,
            &s.skin_prep,
            s.pain_score,
            &s.notes,
            i32::from(s.aftercare_given),
            s.next_session_on.map(|x| x.to_string()),
        ))?;
        for (pos, a) in s.areas.iter().enumerate() {
            areas.push(&(
                id(Uuid::now_v7()),
                &sid,
                pos,
                id(a.area_id),
                a.device_kind.as_str(),
                &a.device_model,
                a.needle_depth_um,
                a.passes,
                a.speed_level,
                a.pattern.map(|x| x.as_str()),
                a.needle_count,
                &a.cartridge_lot,
                &a.endpoint,
                &a.notes,
                opt(a.device_model_id),
            ))?;
        }
        for (pos, x) in s.products.iter().enumerate() {
            products.push(&(
                id(Uuid::now_v7()),
                &sid,
                pos,
                &x.name,
                x.role.as_str(),
                &x.lot,
                x.expiry_on.map(|e| e.to_string()),
                &x.amount,
                opt(x.area_id),
                opt(x.product_id),
            ))?;
        }
        for (pos, r) in s.reactions.iter().enumerate() {
            reactions.push(&(
                id(Uuid::now_v7()),
                &sid,
                pos,
                id(r.reaction_type_id),
                id(r.scale_id),
                r.grade,
                r.time_point.as_str(),
                opt(r.area_id),
                &r.note,
            ))?;
        }
        records.push(&(&d.key, &sid, hex(&d.hash), batch, d.line))?;
        *done += 1;
        if sessions.n == CHUNK {
            for rows in [
                &mut sessions,
                &mut areas,
                &mut products,
                &mut reactions,
                &mut records,
            ] {
                rows.flush(tx, now, ws)?;
            }
            report(*done);
        }
    }
    for rows in [
        &mut sessions,
        &mut areas,
        &mut products,
        &mut reactions,
        &mut records,
    ] {
        rows.flush(tx, now, ws)?;
    }
    Ok(())
}
