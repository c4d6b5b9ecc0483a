//! Reading the audit trail for the admin's viewer: newest first, filtered by user, patient,
//! action and date, a page at a time.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Action;
use crate::db::Db;
use crate::error::{Error, Result};

/// The viewer's filters; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AuditQuery {
    /// Acts by this user.
    pub user_id: Option<Uuid>,
    /// Acts on this patient's record.
    pub patient_id: Option<Uuid>,
    /// Only this action.
    pub action: Option<Action>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// To this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
    /// Rows to skip (paging).
    pub offset: u32,
    /// Rows to return, at most 500 (0 means 200).
    pub limit: u32,
}

/// One audit row as the viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEvent {
    /// The workstation whose chain holds it.
    pub workstation_id: Uuid,
    /// Its place in that chain.
    pub seq: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who; `null` for a failed sign-in under an unknown name.
    pub user_id: Option<Uuid>,
    /// Their display name at the time of reading.
    pub user_name: Option<String>,
    /// What was done.
    pub action: Action,
    /// On what kind of record.
    pub entity: String,
    /// Its id.
    pub entity_id: Option<String>,
    /// The patient concerned.
    pub patient_id: Option<Uuid>,
    /// The values before, as JSON text.
    pub old_value: Option<String>,
    /// The values after, as JSON text.
    pub new_value: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// The row's hash.
    pub hash: String,
}

/// Matching rows, newest first.
pub fn list(db: &Db, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
    let mut sql = String::from(
        "SELECT e.workstation_id, e.seq, e.at, e.user_id, u.display_name, e.action, e.entity,
                e.entity_id, e.patient_id, e.old_value, e.new_value, e.reason, e.hash
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.user_id WHERE 1",
    );
    let mut args: Vec<SqlValue> = Vec::new();
    let mut add = |clause: &str, v: SqlValue| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(u) = q.user_id {
        add(" AND e.user_id = ?", u.to_string().into());
    }
    if let Some(p) = q.patient_id {
        add(" AND e.patient_id = ?", p.to_string().into());
    }
    if let Some(a) = q.action {
        add(" AND e.action = ?", a.code().to_string().into());
    }
    if let Some(d) = q.from {
        add(" AND e.at >= ?", d.format("%Y-%m-%d").to_string().into());
    }
    if let Some(d) = q.to.and_then(|d| d.succ_opt()) {
        add(" AND e.at < ?", d.format("%Y-%m-%d").to_string().into());
    }
    let limit = match q.limit {
        0 => 200,
        n => n.min(500),
    };
    sql.push_str(&format!(
        " ORDER BY e.at DESC, e.seq DESC LIMIT {limit} OFFSET {}",
        q.offset
    ));
    db.read(|conn| {
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, String>(12)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                ws,
                seq,
                at,
                user,
                name,
                action,
                entity,
                entity_id,
                patient,
                old,
                new,
                reason,
                hash,
            ) = row?;
            let id = |c: &str, s: &str| crate::db::parse_id(c, s);
            out.push(AuditEvent {
                workstation_id: id("audit_event.workstation_id", &ws)?,
                seq,
                at,
                user_id: user.map(|u| id("audit_event.user_id", &u)).transpose()?,
                user_name: name,
                action: Action::parse(&action).ok_or_else(|| {
                    Error::CorruptData("audit_event.action holds an unknown action".into())
                })?,
                entity,
                entity_id,
                patient_id: patient
                    .map(|p| id("audit_event.patient_id", &p))
                    .transpose()?,
                old_value: old,
                new_value: new,
                reason,
                hash,
            });
        }
        Ok(out)
    })
}
