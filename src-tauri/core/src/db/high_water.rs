//! The high-water mark at open: this workstation's newest audit row against the head file
//! written beside the database after every audited commit. Checked before anything is
//! written, so a file that lost committed rows (a deleted `-wal`) or an older copy put back
//! is refused untouched instead of being written over.
//!
//! The one benign difference is a head file behind: the app stopped between a commit and
//! the file update (one step), or the file could not be rewritten while commits still
//! succeeded (a full disk: a commit can reuse space inside the `-wal` while the new head file
//! needs a fresh block), possibly for many steps. The database then holds the row the file
//! names plus newer ones, and the file is brought up to date.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::OpenError;
use crate::audit::head::{self, Head};

pub(super) fn check(conn: &Connection, path: &Path) -> Result<(), OpenError> {
    let file = head::path_for(path);
    let recorded = match head::read(&file) {
        Ok(Some(h)) => h,
        // No head yet (a new database, or one from before the audit trail). A head file
        // removed on purpose is for `verify` to report; the next audited write recreates it.
        Ok(None) => return Ok(()),
        Err(e) => {
            return Err(OpenError::AuditMismatch {
                path: path.to_path_buf(),
                detail: format!("the file beside it cannot be read: {e}"),
            })
        }
    };
    let sql_failed = |e: rusqlite::Error| OpenError::Unavailable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let local: Option<String> = conn
        .query_row("SELECT id FROM workstation WHERE is_local = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sql_failed)?;
    if local.as_deref() != Some(recorded.workstation_id.to_string().as_str()) {
        return Err(OpenError::AuditMismatch {
            path: path.to_path_buf(),
            detail: "the record beside it belongs to another database".into(),
        });
    }
    let row = |seq: i64| -> Result<Option<String>, OpenError> {
        conn.query_row(
            "SELECT hash FROM audit_event WHERE workstation_id = ?1 AND seq = ?2",
            params![recorded.workstation_id.to_string(), seq],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_failed)
    };
    let newest: i64 = conn
        .query_row(
            "SELECT coalesce(max(seq), 0) FROM audit_event WHERE workstation_id = ?1",
            params![recorded.workstation_id.to_string()],
            |r| r.get(0),
        )
        .map_err(sql_failed)?;
    if newest < recorded.seq {
        return Err(OpenError::RowsMissing {
            path: path.to_path_buf(),
            expected: recorded.seq,
            found: newest,
        });
    }
    if row(recorded.seq)?.as_deref() != Some(recorded.hash.as_str()) {
        return Err(OpenError::AuditMismatch {
            path: path.to_path_buf(),
            detail: format!("audit row {} differs", recorded.seq),
        });
    }
    if newest > recorded.seq {
        let hash = row(newest)?.unwrap_or_default();
        log::info!(
            "audit head file brought from row {} to {newest} (the app stopped between a commit and its update, or the file could not be written)",
            recorded.seq
        );
        if let Err(e) = head::write(
            &file,
            &Head {
                workstation_id: recorded.workstation_id,
                seq: newest,
                hash,
            },
        ) {
            log::error!("audit head file not updated: {e}");
        }
    }
    Ok(())
}
