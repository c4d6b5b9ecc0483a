//! Appending to this workstation's chain, and the hash every row carries.

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{json, Value};
use uuid::Uuid;

use super::canonical::canonical;
use super::head::Head;
use super::Change;
use crate::db::ts;
use crate::error::{Error, Result};

/// The `prev_hash` of a chain's first row.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of a row that its hash covers, as stored.
pub(crate) struct RowFields<'a> {
    pub workstation_id: &'a str,
    pub seq: i64,
    pub at: &'a str,
    pub user_id: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<&'a str>,
    pub patient_id: Option<&'a str>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub reason: Option<&'a str>,
    pub prev_hash: &'a str,
}

/// Lower-case hex SHA-256 of the row's canonical JSON.
pub(crate) fn row_hash(f: RowFields<'_>) -> String {
    let doc = json!({
        "workstation_id": f.workstation_id,
        "seq": f.seq,
        "at": f.at,
        "user_id": f.user_id,
        "action": f.action,
        "entity": f.entity,
        "entity_id": f.entity_id,
        "patient_id": f.patient_id,
        "old": f.old,
        "new": f.new,
        "reason": f.reason,
        "prev_hash": f.prev_hash,
    });
    super::canonical::sha256_hex(&doc)
}

/// Appends `change` to `workstation`'s chain inside `tx`, by `user` (`None` only for acts
/// without a known user: a failed sign-in under an unknown name, generated demo data).
/// Returns the chain's new head, for the head file once `tx` commits.
pub(crate) fn append(
    tx: &Transaction<'_>,
    workstation: Uuid,
    user: Option<Uuid>,
    at: chrono::DateTime<chrono::Utc>,
    change: &Change,
) -> Result<Head> {
    if let Some(user) = user {
        let active: Option<bool> = tx
            .prepare_cached("SELECT active FROM app_user WHERE id = ?1")?
            .query_row(params![user.to_string()], |r| r.get(0))
            .optional()?;
        if active != Some(true) {
            return Err(Error::Denied(
                "This user account is not active. Sign in again.".into(),
            ));
        }
    }
    let ws = workstation.to_string();
    let last: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT seq, hash FROM audit_event WHERE workstation_id = ?1
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![ws], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let at = ts(at);
    let user = user.map(|u| u.to_string());
    let patient = change.patient_id.map(|p| p.to_string());
    // Stored as canonical text, so reading it back and hashing again gives the same bytes.
    let old_text = change.old.as_ref().map(canonical);
    let new_text = change.new.as_ref().map(canonical);
    let hash = row_hash(RowFields {
        workstation_id: &ws,
        seq,
        at: &at,
        user_id: user.as_deref(),
        action: change.action.code(),
        entity: change.entity,
        entity_id: change.entity_id.as_deref(),
        patient_id: patient.as_deref(),
        old: change.old.clone(),
        new: change.new.clone(),
        reason: change.reason.as_deref(),
        prev_hash: &prev_hash,
    });
    tx.prepare_cached(
        "INSERT INTO audit_event (workstation_id, seq, at, user_id, action, entity, entity_id,
                                  patient_id, old_value, new_value, reason, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        ws,
        seq,
        at,
        user,
        change.action.code(),
        change.entity,
        change.entity_id,
        patient,
        old_text,
        new_text,
        change.reason,
        prev_hash,
        hash
    ])?;
    Ok(Head {
        workstation_id: workstation,
        seq,
        hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(old: Option<Value>, new: Option<Value>) -> RowFields<'a> {
        RowFields {
            workstation_id: "0193e0a0-0000-7000-8000-000000000001",
            seq: 7,
            at: "2026-11-20T10:00:00.000000Z",
            user_id: Some("0193e0a0-0000-7000-8000-000000000002"),
            action: "update",
            entity: "session",
            entity_id: Some("0193e0a0-0000-7000-8000-000000000003"),
            patient_id: None,
            old,
            new,
            reason: None,
            prev_hash: GENESIS,
        }
    }

    #[test]
    fn the_hash_of_stored_values_read_back_is_the_hash_written() {
        let old =
            json!({"notes": "Tolerated well.", "depth_mm": 1.5, "areas": [{"b": 1, "a": 0.25}]});
        let new = json!({"notes": "Tolerated well!", "depth_mm": 1.75, "areas": []});
        let written = row_hash(fields(Some(old.clone()), Some(new.clone())));
        // As `append` stores them (canonical text) and `verify` reads them back.
        let back = |v: &Value| serde_json::from_str::<Value>(&canonical(v)).expect("json");
        assert_eq!(
            row_hash(fields(Some(back(&old)), Some(back(&new)))),
            written
        );
        assert_eq!(written.len(), 64);
        assert_ne!(
            row_hash(fields(Some(new), Some(old))),
            written,
            "values count"
        );
    }
}
