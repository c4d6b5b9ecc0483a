//! Loading signatures and addenda with their sessions (one query each per batch).

use std::collections::HashMap;

use rusqlite::{params, Connection};
use uuid::Uuid;

use super::{Addendum, AddendumKind, Meaning, Signature};
use crate::db::{parse_id, parse_ts};
use crate::error::{Error, Result};
use crate::sessions::Session;

/// Fills `signatures` and `addenda` of `sessions` (selected by `filter`, bound to `key`).
pub(crate) fn attach(
    conn: &Connection,
    filter: &str,
    key: &str,
    sessions: &mut [Session],
    index: &HashMap<Uuid, usize>,
) -> Result<()> {
    let slot = |sid: String| -> Result<usize> {
        let id = parse_id("session_id", &sid)?;
        index
            .get(&id)
            .copied()
            .ok_or_else(|| Error::CorruptData("signature without session".into()))
    };
    let sql = format!(
        "SELECT session_id, id, signer_id, signer_name, signer_registration, meaning,
                signed_at, content_hash
         FROM session_signature WHERE {filter} ORDER BY session_id, signed_at"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key])?;
    while let Some(r) = rows.next()? {
        let i = slot(r.get(0)?)?;
        sessions[i].signatures.push(Signature {
            id: parse_id("session_signature.id", &r.get::<_, String>(1)?)?,
            signer_id: parse_id("session_signature.signer_id", &r.get::<_, String>(2)?)?,
            signer_name: r.get(3)?,
            signer_registration: r.get(4)?,
            meaning: Meaning::parse(&r.get::<_, String>(5)?)?,
            signed_at: parse_ts("session_signature.signed_at", &r.get::<_, String>(6)?)?,
            content_hash: r.get(7)?,
        });
    }
    let sql = format!(
        "SELECT session_id, id, kind, author_id, author_name, created_at, reason, text,
                corrections, reactions
         FROM session_addendum WHERE {filter} ORDER BY session_id, created_at"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key])?;
    while let Some(r) = rows.next()? {
        let i = slot(r.get(0)?)?;
        let json = |col: usize, name: &str| -> Result<String> {
            r.get::<_, String>(col)
                .map_err(|_| Error::CorruptData(format!("session_addendum.{name} is unreadable")))
        };
        sessions[i].addenda.push(Addendum {
            id: parse_id("session_addendum.id", &r.get::<_, String>(1)?)?,
            kind: AddendumKind::parse(&r.get::<_, String>(2)?)?,
            author_id: parse_id("session_addendum.author_id", &r.get::<_, String>(3)?)?,
            author_name: r.get(4)?,
            created_at: parse_ts("session_addendum.created_at", &r.get::<_, String>(5)?)?,
            reason: r.get(6)?,
            text: r.get(7)?,
            corrections: serde_json::from_str(&json(8, "corrections")?).map_err(|_| {
                Error::CorruptData("session_addendum.corrections is not a list".into())
            })?,
            reactions: serde_json::from_str(&json(9, "reactions")?).map_err(|_| {
                Error::CorruptData("session_addendum.reactions is not a list".into())
            })?,
        });
    }
    Ok(())
}
