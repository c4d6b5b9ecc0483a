//! Recomputing every signed session's content hash.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{signed_hash, Meaning};
use crate::db::{parse_id, Db};
use crate::error::Result;
use crate::sessions::read::load;

/// A signature whose session no longer gives the hash it signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignatureMismatch {
    /// The session.
    pub session_id: Uuid,
    /// The signature.
    pub signature_id: Uuid,
    /// Its meaning.
    pub meaning: Meaning,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignatureCheck {
    /// Signatures checked.
    #[ts(type = "number")]
    pub checked: u64,
    /// Those that no longer match.
    pub mismatches: Vec<SignatureMismatch>,
}

/// Loads every signed session as stored and compares its content hash with each signature.
pub fn verify(db: &Db) -> Result<SignatureCheck> {
    db.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT session_id, id, meaning, content_hash FROM session_signature
             ORDER BY session_id",
        )?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = SignatureCheck {
            checked: 0,
            mismatches: Vec::new(),
        };
        let mut current: Option<(Uuid, String)> = None;
        for (sid, id, meaning, hash) in rows {
            let session_id = parse_id("session_signature.session_id", &sid)?;
            let now_hash = match &current {
                Some((s, h)) if *s == session_id => h.clone(),
                _ => {
                    let h = signed_hash(conn, &load(conn, session_id)?)?;
                    current = Some((session_id, h.clone()));
                    h
                }
            };
            out.checked += 1;
            if now_hash != hash {
                out.mismatches.push(SignatureMismatch {
                    session_id,
                    signature_id: parse_id("session_signature.id", &id)?,
                    meaning: Meaning::parse(&meaning)?,
                });
            }
        }
        Ok(out)
    })
}
