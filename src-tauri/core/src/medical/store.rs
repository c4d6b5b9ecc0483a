//! Reading and writing history entries.

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{FitzpatrickAssessment, HistoryEntry, HistoryEntryInput, HistoryKind, PatientHistory};
use crate::audit::{Actor, Change};
use crate::db::{parse_date, parse_id, parse_ts, ts, Db};
use crate::error::{Error, Result};
use crate::validate::Check;

const SELECT: &str = "SELECT e.id, e.patient_id, e.term_id, t.code, t.kind, e.area_id,
        e.started_on, e.ended_on, e.note, e.archived, e.updated_at
    FROM history_entry e JOIN history_term t ON t.id = e.term_id";

/// The patient's history: every entry and every Fitzpatrick assessment.
pub fn history(db: &Db, patient: Uuid) -> Result<PatientHistory> {
    db.read(|conn| {
        crate::patients::exists(conn, patient)?;
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE e.patient_id = ?1
             ORDER BY t.kind, coalesce(e.started_on, '') DESC, e.created_at DESC"
        ))?;
        let mut rows = stmt.query(params![patient.to_string()])?;
        let mut entries = Vec::new();
        while let Some(r) = rows.next()? {
            entries.push(from_row(r)?);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT fitzpatrick, assessed_on, created_at FROM fitzpatrick_assessment
             WHERE patient_id = ?1 ORDER BY created_at DESC",
        )?;
        let mut rows = stmt.query(params![patient.to_string()])?;
        let mut fitzpatrick = Vec::new();
        while let Some(r) = rows.next()? {
            fitzpatrick.push(FitzpatrickAssessment {
                fitzpatrick: r.get(0)?,
                assessed_on: r
                    .get::<_, Option<String>>(1)?
                    .map(|d| parse_date("fitzpatrick_assessment.assessed_on", &d))
                    .transpose()?,
                recorded_at: parse_ts(
                    "fitzpatrick_assessment.created_at",
                    &r.get::<_, String>(2)?,
                )?,
            });
        }
        Ok(PatientHistory {
            entries,
            fitzpatrick,
        })
    })
}

/// The entries screening reads: all but those archived as entered in error.
pub(crate) fn active_entries(conn: &Connection, patient: Uuid) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE e.patient_id = ?1 AND e.archived = 0"
    ))?;
    let mut rows = stmt.query(params![patient.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}

/// Adds an entry or edits one (including archiving it as entered in error), by `by`, with
/// one audit row (create or update, the entry before and after).
pub fn save_entry(db: &Db, input: HistoryEntryInput, by: &Actor) -> Result<HistoryEntry> {
    let today = by.now.date_naive();
    let mut c = Check::default();
    let started = c.optional_date(
        "started_on",
        "Start date",
        input.started_on.as_deref(),
        Some(today),
    );
    let ended = c.optional_date("ended_on", "End date", input.ended_on.as_deref(), None);
    if let (Some(s), Some(e)) = (started, ended) {
        if e < s {
            c.fail("ended_on", "The end date cannot be before the start date.");
        }
    }
    let note = c.note("note", &input.note);
    if input.term_id.is_none() {
        c.fail("term_id", "Choose what this entry is.");
    }
    c.finish()?;
    let id = input.id.to_string();
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        crate::patients::require_active(
            tx,
            input.patient_id,
            "This patient is archived. Restore the patient before changing the history.",
        )?;
        let owner: Option<String> = tx
            .prepare_cached("SELECT patient_id FROM history_entry WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        if owner
            .as_ref()
            .is_some_and(|p| *p != input.patient_id.to_string())
        {
            return Err(Error::Conflict(
                "This history entry belongs to another patient.".into(),
            ));
        }
        let term_id = input.term_id.map(|t| t.to_string());
        let term: Option<(String, bool)> = tx
            .prepare_cached("SELECT kind, archived FROM history_term WHERE id = ?1")?
            .query_row(params![term_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((kind, term_archived)) = term else {
            return Err(Error::invalid(
                "term_id",
                "This entry is not in the clinic's list.",
            ));
        };
        let mut c = Check::default();
        if term_archived && owner.is_none() {
            c.fail(
                "term_id",
                "This entry has been retired from the clinic's list.",
            );
        }
        let kind = HistoryKind::parse(&kind)?;
        if started.is_none() && matches!(kind, HistoryKind::Treatment | HistoryKind::Pregnancy) {
            c.fail("started_on", "Enter the date (an estimate is fine).");
        }
        if let Some(area) = input.area_id {
            let known: bool = tx
                .prepare_cached("SELECT count(*) FROM area WHERE id = ?1")?
                .query_row(params![area.to_string()], |r| r.get(0))?;
            if !known {
                c.fail("area_id", "This area is not in the clinic's list.");
            }
        }
        c.finish()?;
        let before = match owner {
            Some(_) => Some(entry(tx, &id)?),
            None => None,
        };
        let now = ts(by.now);
        tx.prepare_cached(
            "INSERT INTO history_entry (id, patient_id, term_id, area_id, started_on, ended_on,
                 note, archived, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET term_id = ?3, area_id = ?4, started_on = ?5,
                 ended_on = ?6, note = ?7, archived = ?8, updated_at = ?9, workstation_id = ?10",
        )?
        .execute(params![
            id,
            input.patient_id.to_string(),
            term_id,
            input.area_id.map(|a| a.to_string()),
            started.map(|d| d.to_string()),
            ended.map(|d| d.to_string()),
            note,
            input.archived,
            now,
            ws
        ])?;
        let after = entry(tx, &id)?;
        let change = Change::create_or_update(before.is_some(), "history_entry", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after)
            .patient(input.patient_id);
        Ok((after, change))
    })
}

fn entry(conn: &Connection, id: &str) -> Result<HistoryEntry> {
    conn.prepare_cached(&format!("{SELECT} WHERE e.id = ?1"))?
        .query_row(params![id], |r| Ok(from_row(r)))?
}

fn from_row(r: &Row<'_>) -> Result<HistoryEntry> {
    let date = |i: usize, col: &str| -> Result<_> {
        r.get::<_, Option<String>>(i)?
            .map(|d| parse_date(col, &d))
            .transpose()
    };
    Ok(HistoryEntry {
        id: parse_id("history_entry.id", &r.get::<_, String>(0)?)?,
        patient_id: parse_id("history_entry.patient_id", &r.get::<_, String>(1)?)?,
        term_id: parse_id("history_entry.term_id", &r.get::<_, String>(2)?)?,
        term_code: r.get(3)?,
        kind: HistoryKind::parse(&r.get::<_, String>(4)?)?,
        area_id: r
            .get::<_, Option<String>>(5)?
            .map(|a| parse_id("history_entry.area_id", &a))
            .transpose()?,
        started_on: date(6, "history_entry.started_on")?,
        ended_on: date(7, "history_entry.ended_on")?,
        note: r.get(8)?,
        archived: r.get(9)?,
        updated_at: parse_ts("history_entry.updated_at", &r.get::<_, String>(10)?)?,
    })
}
