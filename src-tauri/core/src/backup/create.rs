//! Taking, checking and listing backups.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::{BackupInfo, BackupReason};
use crate::db::{apply_key, Db, DbKey, APPLICATION_ID, LATEST_VERSION};
use crate::error::{Error, Result};

/// The default backup folder: `backups/` beside the database.
pub fn default_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups"))
}

/// The backup folder's photo store, shared by all its backups (photo files never change).
pub(super) const PHOTO_STORE: &str = "photos";

/// A failed file operation on a backup ([`crate::error::file_error`]).
pub(super) fn io(what: &str, e: std::io::Error) -> Error {
    crate::error::file_error(what, e, Error::Backup)
}

/// Takes a backup of `db` into `dir` and checks it; returns its manifest.
pub fn create(db: &Db, dir: &Path, reason: BackupReason, now: DateTime<Utc>) -> Result<BackupInfo> {
    create_from(
        db.path(),
        db.key(),
        &db.workstation_id().to_string(),
        dir,
        reason,
        now,
    )
}

/// Takes a backup of the database file at `source` (whose own chain is `workstation`'s)
/// into `dir`: for the copy before a schema upgrade, taken before a [`Db`] exists.
///
/// An encrypted database's backup is encrypted with the same key (`VACUUM INTO` keeps it),
/// and a copy of the key file goes beside it (`<backup>.keys`), so the backup can be opened
/// with the passwords and recovery key of its day even if the database's own key file is
/// lost.
pub(crate) fn create_from(
    source: &Path,
    key: Option<&DbKey>,
    workstation: &str,
    dir: &Path,
    reason: BackupReason,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    let started = Instant::now();
    fs::create_dir_all(dir).map_err(|e| io("the backup folder cannot be created", e))?;
    let stem = format!(
        "dermalog-{}-{}",
        now.format("%Y%m%dT%H%M%S%6fZ"),
        reason.code()
    );
    let file_name = format!("{stem}.sqlite3");
    let partial = dir.join(format!(".{stem}.partial"));
    let result = (|| -> Result<BackupInfo> {
        // A connection of its own: the copy reads one snapshot while the app's connection
        // keeps saving (WAL), instead of holding the app's lock for the whole copy.
        let reader = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        apply_key(&reader, key)?;
        reader.busy_timeout(std::time::Duration::from_secs(30))?;
        reader.execute("VACUUM INTO ?1", params![partial.to_string_lossy()])?;
        drop(reader);
        let mut info = check_file(&partial, key, workstation.to_string())?;
        File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| io("the backup cannot be synced", e))?;
        fs::rename(&partial, dir.join(&file_name))
            .map_err(|e| io("the backup cannot be renamed into place", e))?;
        sync_dir(dir);
        info.file_name = file_name.clone();
        info.created_at = now;
        info.reason = reason;
        info.millis = started.elapsed().as_millis() as u64;
        // The photo files the database names, into the folder's shared store, before the
        // manifest: a listed backup always has its photos beside it.
        crate::photos::mirror(&crate::photos::dir_for(source), &dir.join(PHOTO_STORE))
            .map_err(|e| io("the photos cannot be copied into the backup folder", e))?;
        let keys_copied = if key.is_some() {
            copy_key_file(source, &dir.join(&file_name))
        } else {
            Ok(())
        };
        if let Err(e) = keys_copied.and_then(|()| write_manifest(dir, &stem, &info)) {
            // Without its manifest the file is not a backup (`list` skips it, so retention
            // would never remove it either): take it back rather than leave a full-size copy
            // on a disk that may just have run out of space.
            let _ = fs::remove_file(dir.join(&file_name));
            let _ = fs::remove_file(crate::keys::path_for(&dir.join(&file_name)));
            return Err(e);
        }
        Ok(info)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Opens a backup file read-only and checks it: SQLite's `integrity_check`, our
/// application id, a schema this app knows. Returns what it holds (name and time unset).
fn check_file(path: &Path, key: Option<&DbKey>, workstation: String) -> Result<BackupInfo> {
    read_back(path, key, workstation).map_err(|e| match e {
        Error::Database(e) => Error::Backup(format!("the backup cannot be read back: {e}")),
        other => other,
    })
}

fn read_back(path: &Path, key: Option<&DbKey>, workstation: String) -> Result<BackupInfo> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply_key(&conn, key)?;
    let bad = |why: String| Error::Backup(format!("the backup failed its check: {why}"));
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(bad(integrity));
    }
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app != APPLICATION_ID {
        return Err(bad("it is not a Dermalog database".into()));
    }
    let schema: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if schema > LATEST_VERSION {
        return Err(bad(format!("schema {schema} is newer than this app")));
    }
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    // A copy taken before the upgrade that brought the audit trail has no chain yet.
    let has_audit: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'audit_event'",
        [],
        |r| r.get(0),
    )?;
    let head: Option<(i64, String)> = if !has_audit {
        None
    } else {
        conn.query_row(
            "SELECT seq, hash FROM audit_event WHERE workstation_id = ?1
             ORDER BY seq DESC LIMIT 1",
            params![workstation],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
    };
    let (audit_seq, audit_hash) = head.unwrap_or((0, String::new()));
    Ok(BackupInfo {
        file_name: String::new(),
        created_at: DateTime::<Utc>::MIN_UTC,
        reason: BackupReason::Manual,
        bytes: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        patients: count("patient")?,
        sessions: count("session")?,
        schema_version: schema,
        audit_workstation: workstation,
        audit_seq,
        audit_hash,
        millis: 0,
        encrypted: key.is_some(),
    })
}

/// Copies the key file of the database at `source` beside the backup at `backup`, synced.
fn copy_key_file(source: &Path, backup: &Path) -> Result<()> {
    let to = crate::keys::path_for(backup);
    fs::copy(crate::keys::path_for(source), &to)
        .and_then(|_| File::open(&to)?.sync_all())
        .map_err(|e| io("the key file cannot be copied beside the backup", e))
}

/// Re-checks a stored backup against its manifest: the file must pass the same checks
/// and hold what the manifest says.
/// `key` opens an encrypted backup.
pub fn check(dir: &Path, info: &BackupInfo, key: Option<&DbKey>) -> Result<()> {
    let found = check_file(
        &dir.join(&info.file_name),
        key,
        info.audit_workstation.clone(),
    )?;
    if (
        found.patients,
        found.sessions,
        found.audit_seq,
        &found.audit_hash,
    ) != (
        info.patients,
        info.sessions,
        info.audit_seq,
        &info.audit_hash,
    ) {
        return Err(Error::Backup(format!(
            "{} does not hold what its manifest records",
            info.file_name
        )));
    }
    Ok(())
}

fn write_manifest(dir: &Path, stem: &str, info: &BackupInfo) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(info).map_err(|e| Error::Backup(e.to_string()))?;
    let tmp = dir.join(format!(".{stem}.json.partial"));
    let done = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(format!("{stem}.json")))
    })();
    if let Err(e) = done {
        let _ = fs::remove_file(&tmp);
        return Err(io("the backup manifest cannot be written", e));
    }
    sync_dir(dir);
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Every complete backup in `dir` (a manifest with its file), newest first.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io("the backup folder cannot be read", e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.starts_with("dermalog-") || !name.ends_with(".json") {
            continue;
        }
        let Ok(bytes) = fs::read(entry.path()) else {
            continue;
        };
        match serde_json::from_slice::<BackupInfo>(&bytes) {
            Ok(info) if dir.join(&info.file_name).is_file() => out.push(info),
            _ => log::warn!("backup manifest {name} is unreadable or its file is missing"),
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    Ok(out)
}
