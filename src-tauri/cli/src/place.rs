//! Which database and which backup folder a command works on, resolved the way the app
//! resolves them so the tool and the app always agree: `--db`, else `DERMALOG_DB`, else
//! `dermalog.sqlite3` in the app's data folder (`$XDG_DATA_HOME`, else `~/.local/share`,
//! then the app identifier `health.dermalog.desktop`, as Tauri names it on Linux); backups in
//! `--dir`, else `DERMALOG_BACKUP_DIR` (a folder fixed on this computer), else the folder the
//! clinic chose (`dermalog_core::backup::dir_for`).
//!
//! Invariant: nothing here creates a database. Commands that only read refuse a missing
//! file instead of letting `Db::open` make an empty one.

use std::path::{Path, PathBuf};

use chrono::Utc;
use dermalog_core::{backup, Db, OpenOptions};

use crate::exit::{Exit, Failure};

/// The Tauri identifier in `tauri.conf.json`: the app's data folder is named after it.
const APP_IDENTIFIER: &str = "health.dermalog.desktop";
const FILE_NAME: &str = "dermalog.sqlite3";

fn non_empty(v: Option<std::ffi::OsString>) -> Option<PathBuf> {
    v.filter(|s| !s.is_empty()).map(PathBuf::from)
}

/// The database file: `flag`, else `DERMALOG_DB`, else the app's default.
pub fn database(flag: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(p) = flag {
        if p.as_os_str().is_empty() {
            return Err(Failure::new(Exit::Usage, "--db needs a file path"));
        }
        return Ok(p);
    }
    if let Some(p) = non_empty(std::env::var_os("DERMALOG_DB")) {
        return Ok(p);
    }
    data_dir()
        .map(|d| d.join(APP_IDENTIFIER).join(FILE_NAME))
        .ok_or_else(|| {
            Failure::new(
                Exit::Refused,
                "The app's data folder is unknown (neither XDG_DATA_HOME nor HOME is set); \
                 name the database with --db or DERMALOG_DB.",
            )
        })
}

/// `$XDG_DATA_HOME` when it is an absolute path (the XDG rule), else `~/.local/share`.
fn data_dir() -> Option<PathBuf> {
    non_empty(std::env::var_os("XDG_DATA_HOME"))
        .filter(|p| p.is_absolute())
        .or_else(|| non_empty(std::env::var_os("HOME")).map(|h| h.join(".local/share")))
}

/// The backup folder for `db`: `flag`, else `DERMALOG_BACKUP_DIR`, else the clinic's choice.
pub fn backup_dir(db: &Path, flag: Option<PathBuf>) -> PathBuf {
    flag.filter(|p| !p.as_os_str().is_empty())
        .or_else(|| {
            std::env::var_os("DERMALOG_BACKUP_DIR")
                .filter(|d| !d.to_string_lossy().trim().is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| backup::dir_for(db))
}

/// Refuses a database path with no file behind it (exit 3), so nothing is created.
pub fn require_file(db: &Path) -> Result<(), Failure> {
    match std::fs::metadata(db) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => Err(Failure::new(
            Exit::Refused,
            format!("{} is not a file.", db.display()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Failure::new(
            Exit::Refused,
            format!(
                "There is no database at {}. Nothing was created. Name the clinic's database \
                 with --db PATH or DERMALOG_DB.",
                db.display()
            ),
        )),
        Err(e) => Err(Failure::new(
            Exit::Refused,
            format!("The database {} could not be read: {e}", db.display()),
        )),
    }
}

/// Opens an existing database through the core's checks (refused: exit 3). A database
/// older than this tool is upgraded on open, as the app does, with the verified copy taken
/// first going to `backups`; while the app has the file open that upgrade is refused
/// (exit 4), since the app would be running on a schema it did not make.
///
/// `key` opens an encrypted database ([`crate::key::for_database`]).
pub fn open_existing(
    db: &Path,
    backups: &Path,
    key: Option<dermalog_core::keys::DbKey>,
) -> Result<Db, Failure> {
    require_file(db)?;
    let schema = crate::peek::schema_of(db, key.as_ref())?;
    if schema < dermalog_core::db::LATEST_VERSION && crate::instance::app_has_open(db) {
        return Err(Failure::new(
            Exit::AppOpen,
            "Dermalog is open on this database and the database needs an upgrade; close it first",
        ));
    }
    let options = OpenOptions {
        backup_dir: Some(backups.to_path_buf()),
        key,
    };
    Ok(Db::open_with(db, Utc::now(), &options)?)
}
