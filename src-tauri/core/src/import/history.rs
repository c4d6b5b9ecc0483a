//! Reading import provenance: the batches, and where one imported record came from.

use rusqlite::{params, OptionalExtension, Row};
use uuid::Uuid;

use super::{Counts, ImportBatch, ImportOrigin};
use crate::db::{parse_id, Db};
use crate::error::Result;

const BATCH_COLUMNS: &str = "b.id, b.user_id, b.imported_at, b.patients_sha256, \
    b.sessions_sha256, b.patients, b.sessions, b.areas, b.products, b.reactions, b.skipped";

fn batch_row(r: &Row<'_>) -> Result<ImportBatch> {
    Ok(ImportBatch {
        id: parse_id("import_batch.id", &r.get::<_, String>(0)?)?,
        user_id: parse_id("import_batch.user_id", &r.get::<_, String>(1)?)?,
        imported_at: r.get(2)?,
        patients_sha256: r.get(3)?,
        sessions_sha256: r.get(4)?,
        created: Counts {
            patients: r.get(5)?,
            sessions: r.get(6)?,
            areas: r.get(7)?,
            products: r.get(8)?,
            reactions: r.get(9)?,
        },
        skipped: r.get(10)?,
    })
}

/// Where the imported session or patient `id` came from; `None` when it was not imported.
pub fn origin(db: &Db, id: Uuid) -> Result<Option<ImportOrigin>> {
    db.read(|conn| {
        let sql = format!(
            "SELECT {BATCH_COLUMNS}, i.external_id, i.line FROM import_session i
             JOIN import_batch b ON b.id = i.batch_id WHERE i.session_id = ?1
             UNION ALL
             SELECT {BATCH_COLUMNS}, i.external_id, i.line FROM import_patient i
             JOIN import_batch b ON b.id = i.batch_id WHERE i.patient_id = ?1"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let found = stmt
            .query_row(params![id.to_string()], |r| {
                Ok((batch_row(r), r.get::<_, String>(11)?, r.get::<_, u32>(12)?))
            })
            .optional()?;
        match found {
            None => Ok(None),
            Some((batch, external_id, line)) => Ok(Some(ImportOrigin {
                batch: batch?,
                external_id,
                line,
            })),
        }
    })
}

/// Every import, newest first.
pub fn batches(db: &Db) -> Result<Vec<ImportBatch>> {
    db.read(|conn| {
        let sql = format!("SELECT {BATCH_COLUMNS} FROM import_batch b ORDER BY b.imported_at DESC");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(batch_row(r)?);
        }
        Ok(out)
    })
}
