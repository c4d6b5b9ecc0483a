//! `stats`: how big the clinic's database is, in counts only (never a name or a value), read
//! over a read-only connection ([`crate::peek`]). Unlike `Db::open` this never writes: no
//! WAL switch, no upgrade, no workstation row, so it is safe beside a running app and on a
//! copy kept for support.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use dermalog_core::backup;
use serde::Serialize;

use crate::exit::{Exit, Failure, Outcome};
use crate::peek::{read_only, schema};
use crate::{place, show};

/// What `stats` reports.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// The database file.
    pub database: String,
    /// Its schema version.
    pub schema_version: i64,
    /// Size of the database file, bytes.
    pub file_bytes: u64,
    /// Size of its `-wal` file (0 when none), bytes.
    pub wal_bytes: u64,
    /// Patients, archived included.
    pub patients: i64,
    /// Archived patients.
    pub archived_patients: i64,
    /// Sessions, drafts and signed.
    pub sessions: i64,
    /// Signed sessions.
    pub signed_sessions: i64,
    /// Rows in the audit trail.
    pub audit_rows: i64,
    /// User accounts.
    pub users: i64,
    /// The backup folder.
    pub backup_folder: String,
    /// Complete backups there.
    pub backups: usize,
    /// When the newest was taken.
    pub last_backup_at: Option<DateTime<Utc>>,
}

/// Runs `stats`.
pub fn run(db: &Path, dir: Option<PathBuf>, user: Option<&str>, json: bool) -> Outcome {
    place::require_file(db)?;
    let key = crate::key::for_database(db, user, "stats")?;
    let conn = read_only(db, key.as_ref())?;
    let failed = |e: rusqlite::Error| {
        Failure::new(
            Exit::Refused,
            format!("The database {} could not be read: {e}", db.display()),
        )
    };
    let has = |table: &str| -> Result<bool, Failure> {
        conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .map_err(failed)
    };
    // Tables a database from before an upgrade may not have yet count as 0.
    let count = |table: &str, filter: &str| -> Result<i64, Failure> {
        if !has(table)? {
            return Ok(0);
        }
        conn.query_row(&format!("SELECT count(*) FROM {table} {filter}"), [], |r| {
            r.get(0)
        })
        .map_err(failed)
    };
    let backups_dir = place::backup_dir(db, dir);
    let backups = backup::list(&backups_dir).map_err(|e| Failure::core(e, Exit::Other))?;
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let stats = Stats {
        database: db.display().to_string(),
        schema_version: schema(&conn).map_err(failed)?,
        file_bytes: size(db),
        wal_bytes: size(Path::new(&wal)),
        patients: count("patient", "")?,
        archived_patients: count("patient", "WHERE archived = 1")?,
        sessions: count("session", "")?,
        signed_sessions: count("session", "WHERE status = 'signed'")?,
        audit_rows: count("audit_event", "")?,
        users: count("app_user", "")?,
        backup_folder: backups_dir.display().to_string(),
        backups: backups.len(),
        last_backup_at: backups.first().map(|b| b.created_at),
    };
    if json {
        show::json(&stats)?;
    } else {
        print_table(&stats);
    }
    Ok(Exit::Ok)
}

fn print_table(s: &Stats) {
    let last = s.last_backup_at.map_or_else(|| "never".into(), show::time);
    let rows: [(&str, String); 13] = [
        ("database", s.database.clone()),
        ("schema version", s.schema_version.to_string()),
        ("file size", show::bytes(s.file_bytes)),
        ("wal size", show::bytes(s.wal_bytes)),
        ("patients", s.patients.to_string()),
        ("archived patients", s.archived_patients.to_string()),
        ("sessions", s.sessions.to_string()),
        ("signed sessions", s.signed_sessions.to_string()),
        ("audit rows", s.audit_rows.to_string()),
        ("users", s.users.to_string()),
        ("backup folder", s.backup_folder.clone()),
        ("backups", s.backups.to_string()),
        ("last backup", last),
    ];
    for (label, value) in rows {
        println!("{label:<18} {value}");
    }
}
