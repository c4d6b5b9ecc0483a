//! Keeping `report_count` equal to the facts of the view `session_report_fact`.
//!
//! Every write that changes a session's facts calls `remove_session` before it and
//! `add_session` after it, inside its own transaction: the counts move with the records or
//! not at all. The facts are defined once, in the migration's view; these statements only
//! add or take away a session's rows of it (SQLite pushes the `session_id` condition into
//! the view, so each is a handful of index lookups).

use rusqlite::{params, Connection};
use uuid::Uuid;

use crate::db::Db;
use crate::error::Result;

const FACT_KEY: &str = "SELECT dimension, month, key, reaction_type_id, grade \
     FROM session_report_fact WHERE session_id = ?1";

/// Takes a session's current facts out of the counts (no-op for a session not yet saved).
pub(crate) fn remove_session(conn: &Connection, session: Uuid) -> Result<()> {
    let id = session.to_string();
    conn.prepare_cached(&format!(
        "UPDATE report_count SET sessions = sessions - 1
         WHERE (dimension, month, key, reaction_type_id, grade) IN ({FACT_KEY})"
    ))?
    .execute(params![id])?;
    conn.prepare_cached(&format!(
        "DELETE FROM report_count WHERE sessions = 0
           AND (dimension, month, key, reaction_type_id, grade) IN ({FACT_KEY})"
    ))?
    .execute(params![id])?;
    Ok(())
}

/// Adds a session's facts, as they stand now, to the counts.
pub(crate) fn add_session(conn: &Connection, session: Uuid) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO report_count (dimension, month, key, reaction_type_id, grade, sessions)
         SELECT dimension, month, key, reaction_type_id, grade, 1 FROM ({FACT_KEY})
         WHERE true
         ON CONFLICT (dimension, month, key, reaction_type_id, grade)
         DO UPDATE SET sessions = sessions + 1"
    ))?
    .execute(params![session.to_string()])?;
    Ok(())
}

/// The sessions of a patient, for writes to the patient that change facts of every one of
/// them (the Fitzpatrick type).
pub(crate) fn patient_sessions(conn: &Connection, patient: Uuid) -> Result<Vec<Uuid>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM session WHERE patient_id = ?1")?;
    let rows = stmt.query_map(params![patient.to_string()], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for id in rows {
        out.push(crate::db::parse_id("session.id", &id?)?);
    }
    Ok(out)
}

/// Recomputes every count from the records (bulk loads such as the demo generator, and
/// the check that the kept counts are right).
pub fn rebuild(db: &Db) -> Result<()> {
    db.write(|tx| {
        tx.execute_batch(
            "DELETE FROM report_count;
             INSERT INTO report_count (dimension, month, key, reaction_type_id, grade, sessions)
             SELECT dimension, month, key, reaction_type_id, grade, count(*)
             FROM session_report_fact
             GROUP BY dimension, month, key, reaction_type_id, grade;",
        )?;
        Ok(())
    })
}
