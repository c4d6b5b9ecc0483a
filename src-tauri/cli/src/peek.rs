//! Looking at a database file without writing to it: the app's first refusals (empty file,
//! not SQLite, another application's file, a newer schema), with the app's own messages,
//! then a read-only SQLite connection. `Db::open` would switch the journal mode, upgrade an
//! older schema and record the workstation; what only reads must not.

use std::io::Read;
use std::path::Path;

use dermalog_core::db::{DbKey, APPLICATION_ID, LATEST_VERSION};
use dermalog_core::OpenError;
use rusqlite::{Connection, OpenFlags};

use crate::exit::{Exit, Failure};

/// The schema version of the Dermalog database at `db`, read without writing; the file is
/// refused as the app would refuse it.
pub fn schema_of(db: &Path, key: Option<&DbKey>) -> Result<i64, Failure> {
    let conn = read_only(db, key)?;
    schema(&conn).map_err(|e| {
        Failure::new(
            Exit::Refused,
            format!("The database {} could not be read: {e}", db.display()),
        )
    })
}

/// `PRAGMA user_version`: the schema version.
pub fn schema(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// A read-only connection on `db` once the file passed the app's first checks; `key`
/// opens an encrypted file.
pub fn read_only(db: &Path, key: Option<&DbKey>) -> Result<Connection, Failure> {
    let path = db.to_path_buf();
    let unavailable = |detail: String| OpenError::Unavailable {
        path: path.clone(),
        detail,
    };
    let mut header = Vec::with_capacity(16);
    std::fs::File::open(db)
        .and_then(|f| f.take(16).read_to_end(&mut header))
        .map_err(|e| unavailable(e.to_string()))?;
    if header.is_empty() {
        return Err(OpenError::Empty { path }.into());
    }
    if key.is_some() {
        dermalog_core::db::precheck_encrypted(db)?;
    } else if header.as_slice() != b"SQLite format 3\0" {
        return Err(OpenError::NotADatabase { path }.into());
    }
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| unavailable(e.to_string()))?;
    if let Some(key) = key {
        key.apply(&conn).map_err(|e| unavailable(e.to_string()))?;
        dermalog_core::db::check_key(&conn, db)?;
    }
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| unavailable(e.to_string()))?;
    if app != APPLICATION_ID {
        return Err(OpenError::Foreign { path }.into());
    }
    let found = schema(&conn).map_err(|e| unavailable(e.to_string()))?;
    if found > LATEST_VERSION {
        return Err(OpenError::Newer {
            path,
            found,
            supported: LATEST_VERSION,
        }
        .into());
    }
    Ok(conn)
}
