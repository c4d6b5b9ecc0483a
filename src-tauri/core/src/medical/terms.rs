//! The history vocabulary (reference data): read at start, extended by the clinic.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{HistoryKind, HistoryTerm};
use crate::audit::{Action, Actor, Change};
use crate::db::{parse_id, ts, Db};
use crate::error::{Error, Result};
use crate::validate::{Check, SHORT_MAX};

/// Adds or edits a history term. Its kind cannot change once entries or rules use it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HistoryTermInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Stable code: lowercase letters, digits and `_`.
    pub code: String,
    /// Kind.
    pub kind: HistoryKind,
    /// Name.
    pub name: String,
    /// Hide from new entries.
    pub archived: bool,
}

pub(crate) fn load_terms(conn: &Connection) -> Result<Vec<HistoryTerm>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, kind, name, archived FROM history_term ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(HistoryTerm {
            id: parse_id("history_term.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            kind: HistoryKind::parse(&r.get::<_, String>(2)?)?,
            name: r.get(3)?,
            archived: r.get(4)?,
        });
    }
    Ok(out)
}

/// Adds a term or edits one, by `by`, with one `settings` audit row.
pub fn save_term(db: &Db, input: HistoryTermInput, by: &Actor) -> Result<HistoryTerm> {
    let mut c = Check::default();
    let code = c.code("code", &input.code);
    let name = c.required_line("name", "Name", &input.name, SHORT_MAX);
    c.finish()?;
    let id = input.id.to_string();
    db.write_audited(by, |tx| {
        let taken: Option<String> = tx
            .prepare_cached("SELECT id FROM history_term WHERE code = ?1 AND id <> ?2")?
            .query_row(params![code, id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid("code", "Another entry already uses this code."));
        }
        let current: Option<(String, String)> = tx
            .prepare_cached("SELECT kind, code FROM history_term WHERE id = ?1")?
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((kind, old_code)) = current {
            let used: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM history_entry WHERE term_id = ?1)
                         OR EXISTS (SELECT 1 FROM contraindication_rule r, json_each(r.terms) t
                                    WHERE t.value = ?2)",
                )?
                .query_row(params![id, old_code], |r| r.get(0))?;
            if used && kind != input.kind.as_str() {
                return Err(Error::invalid(
                    "kind",
                    "Patients' histories or rules use this entry, so its kind cannot change.",
                ));
            }
            if used && old_code != code {
                return Err(Error::invalid(
                    "code",
                    "Rules or histories use this code, so it cannot change. Rename it instead.",
                ));
            }
        }
        let before = load_terms(tx)?.into_iter().find(|t| t.id == input.id);
        tx.prepare_cached(
            "INSERT INTO history_term (id, code, kind, name, archived, sort_order, created_at,
                 updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(sort_order), 0) + 1 FROM history_term),
                 ?6, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET code = ?2, kind = ?3, name = ?4, archived = ?5,
                 updated_at = ?6, workstation_id = ?7",
        )?
        .execute(params![
            id,
            code,
            input.kind.as_str(),
            name,
            input.archived,
            ts(by.now),
            db.workstation_id().to_string()
        ])?;
        let after = HistoryTerm {
            id: input.id,
            code: code.clone(),
            kind: input.kind,
            name: name.clone(),
            archived: input.archived,
        };
        let change = Change::new(Action::Settings, "history_term", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}
