//! Checking the audit trail: every chain walked from its first row, every hash recomputed
//! from the stored values, every link and sequence number checked, and this workstation's
//! newest row compared with the head file. The first broken row of each chain is named.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::chain::{row_hash, RowFields, GENESIS};
use super::head;
use crate::db::Db;
use crate::error::Result;

/// What kind of break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A row's values no longer give its stored hash: it was changed.
    HashMismatch,
    /// A row does not point at the hash of the row before it.
    BrokenLink,
    /// A sequence number is missing: a row was removed or moved.
    SequenceGap,
    /// A stored value is not readable JSON.
    Unreadable,
    /// The head file names a row the database does not have: the newest rows were removed
    /// or an older copy of the database was put back.
    RowsMissing,
    /// The head file names a row whose hash differs from the database's.
    HeadMismatch,
    /// The database has newer rows than the head file records (the file was replaced by an
    /// older one, or the app stopped between the commit and the file update).
    HeadBehind,
    /// There are audit rows but no head file.
    HeadMissing,
}

/// One break found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditProblem {
    /// The chain (workstation id).
    pub workstation_id: String,
    /// The first broken row's sequence number, where there is one.
    pub seq: Option<i64>,
    /// What kind of break.
    pub code: ProblemCode,
    /// What it means, as a sentence.
    pub message: String,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditReport {
    /// True when no problem was found.
    pub ok: bool,
    /// Rows checked.
    #[ts(type = "number")]
    pub rows: u64,
    /// Chains (workstations) seen.
    pub chains: u32,
    /// The first break of each broken chain, and any head-file disagreement.
    pub problems: Vec<AuditProblem>,
}

struct Walk {
    workstation_id: String,
    last_seq: i64,
    last_hash: String,
    broken: bool,
}

/// Walks every chain and compares this workstation's head with the head file.
pub fn verify(db: &Db) -> Result<AuditReport> {
    let (rows, mut problems, walks) = db.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT workstation_id, seq, at, user_id, action, entity, entity_id, patient_id,
                    old_value, new_value, reason, prev_hash, hash
             FROM audit_event ORDER BY workstation_id, seq",
        )?;
        let mut q = stmt.query([])?;
        let mut rows = 0u64;
        let mut problems = Vec::new();
        let mut walks: Vec<Walk> = Vec::new();
        while let Some(r) = q.next()? {
            rows += 1;
            let ws: String = r.get(0)?;
            let seq: i64 = r.get(1)?;
            if walks.last().map(|w| w.workstation_id != ws).unwrap_or(true) {
                walks.push(Walk {
                    workstation_id: ws.clone(),
                    last_seq: 0,
                    last_hash: GENESIS.to_string(),
                    broken: false,
                });
            }
            let walk = walks.last_mut().expect("pushed above");
            let stored: String = r.get(12)?;
            if !walk.broken {
                if let Some((code, message)) = check_row(r, seq, walk)? {
                    problems.push(AuditProblem {
                        workstation_id: ws,
                        seq: Some(seq),
                        code,
                        message,
                    });
                    walk.broken = true;
                }
            }
            // Followed past a break too, so the head-file comparison sees the real end.
            walk.last_seq = seq;
            walk.last_hash = stored;
        }
        Ok((rows, problems, walks))
    })?;
    check_head(db, &walks, &mut problems);
    Ok(AuditReport {
        ok: problems.is_empty(),
        rows,
        chains: walks.len() as u32,
        problems,
    })
}

/// The first thing wrong with row `seq` given the row before it, if anything.
fn check_row(
    r: &rusqlite::Row<'_>,
    seq: i64,
    walk: &Walk,
) -> rusqlite::Result<Option<(ProblemCode, String)>> {
    if seq != walk.last_seq + 1 {
        return Ok(Some((
            ProblemCode::SequenceGap,
            format!(
                "Audit row {} is missing: the chain jumps from {} to {seq}.",
                walk.last_seq + 1,
                walk.last_seq
            ),
        )));
    }
    let json = |i: usize| -> rusqlite::Result<Result<Option<Value>, ()>> {
        let text: Option<String> = r.get(i)?;
        Ok(match text {
            None => Ok(None),
            Some(t) => serde_json::from_str(&t).map(Some).map_err(|_| ()),
        })
    };
    let (Ok(old), Ok(new)) = (json(8)?, json(9)?) else {
        return Ok(Some((
            ProblemCode::Unreadable,
            format!("Audit row {seq} holds values that cannot be read."),
        )));
    };
    let ws: String = r.get(0)?;
    let at: String = r.get(2)?;
    let user: Option<String> = r.get(3)?;
    let action: String = r.get(4)?;
    let entity: String = r.get(5)?;
    let entity_id: Option<String> = r.get(6)?;
    let patient: Option<String> = r.get(7)?;
    let reason: Option<String> = r.get(10)?;
    let prev_hash: String = r.get(11)?;
    let stored: String = r.get(12)?;
    let computed = row_hash(RowFields {
        workstation_id: &ws,
        seq,
        at: &at,
        user_id: user.as_deref(),
        action: &action,
        entity: &entity,
        entity_id: entity_id.as_deref(),
        patient_id: patient.as_deref(),
        old,
        new,
        reason: reason.as_deref(),
        prev_hash: &prev_hash,
    });
    Ok(if computed != stored {
        Some((
            ProblemCode::HashMismatch,
            format!("Audit row {seq} was changed after it was written."),
        ))
    } else if prev_hash != walk.last_hash {
        Some((
            ProblemCode::BrokenLink,
            format!(
                "Audit row {seq} does not follow row {}: rows were removed, reordered or \
                 replaced.",
                walk.last_seq
            ),
        ))
    } else {
        None
    })
}

fn check_head(db: &Db, walks: &[Walk], problems: &mut Vec<AuditProblem>) {
    let local = db.workstation_id().to_string();
    let mine = walks.iter().find(|w| w.workstation_id == local);
    let file = head::path_for(db.path());
    let mut problem = |seq: Option<i64>, code: ProblemCode, message: String| {
        problems.push(AuditProblem {
            workstation_id: local.clone(),
            seq,
            code,
            message,
        })
    };
    let recorded = match head::read(&file) {
        Ok(h) => h,
        Err(_) => {
            problem(
                None,
                ProblemCode::HeadMissing,
                "The audit head file beside the database cannot be read.".into(),
            );
            return;
        }
    };
    match (recorded, mine) {
        (None, None) => {}
        (None, Some(w)) => problem(
            Some(w.last_seq),
            ProblemCode::HeadMissing,
            "The audit head file beside the database is missing.".into(),
        ),
        (Some(h), _) if h.workstation_id.to_string() != local => problem(
            None,
            ProblemCode::HeadMismatch,
            "The audit head file belongs to another database.".into(),
        ),
        (Some(h), None) => problem(
            Some(h.seq),
            ProblemCode::RowsMissing,
            format!(
                "The audit trail should reach row {} but this workstation has none: \
                 rows were removed or an older copy of the database was put back.",
                h.seq
            ),
        ),
        (Some(h), Some(w)) if w.last_seq < h.seq => problem(
            Some(w.last_seq + 1),
            ProblemCode::RowsMissing,
            format!(
                "The audit trail should reach row {} but ends at row {}: rows were removed \
                 or an older copy of the database was put back.",
                h.seq, w.last_seq
            ),
        ),
        (Some(h), Some(w)) if w.last_seq > h.seq => problem(
            Some(h.seq + 1),
            ProblemCode::HeadBehind,
            format!(
                "The audit head file records row {} but the database reaches row {}.",
                h.seq, w.last_seq
            ),
        ),
        (Some(h), Some(w)) if w.last_hash != h.hash => problem(
            Some(h.seq),
            ProblemCode::HeadMismatch,
            format!(
                "Audit row {} differs from the one recorded in the head file.",
                h.seq
            ),
        ),
        _ => {}
    }
}
