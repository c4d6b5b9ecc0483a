//! What the shell holds while it runs: the database (or why it could not be opened) and
//! the clock. The app always starts, even when the database is refused, so it can explain
//! the problem instead of crashing or recreating the file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use dermalog_core::{Db, OpenError, OpenOptions};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{ApiError, ApiErrorCode};

/// The database, or the reason it is not open. Behind a lock so a restore can swap the
/// file underneath: commands hold an `Arc` of the open database for their duration.
pub struct Store {
    inner: RwLock<Opened>,
    options: OpenOptions,
}

/// One database file and what became of opening it.
struct Opened {
    path: PathBuf,
    db: Result<Arc<Db>, OpenError>,
    /// Where a refused file was copied as found, if it was.
    quarantined: Option<PathBuf>,
}

impl Opened {
    /// Opens (or creates) the database at `path`. A refusal is kept, not raised, and a
    /// suspect file is copied into quarantine before anything else can happen to it.
    fn at(path: &Path, now: DateTime<Utc>, options: &OpenOptions) -> Self {
        let db = Db::open_with(path, now, options);
        let mut quarantined = None;
        match &db {
            Ok(db) => log::info!("database open, workstation {}", db.workstation_id()),
            Err(e) => {
                log::error!("database refused: {} ({e})", e.code());
                if e.quarantines() {
                    match dermalog_core::db::quarantine(path, now) {
                        Ok(dir) => {
                            log::warn!("refused database copied to {}", dir.display());
                            quarantined = Some(dir);
                        }
                        Err(e) => log::error!("the refused database could not be copied: {e}"),
                    }
                }
            }
        }
        Opened {
            path: path.to_path_buf(),
            db: db.map(Arc::new),
            quarantined,
        }
    }
}

impl Store {
    /// Opens (or creates) the database at `path`; a refusal is kept, not raised.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Self {
        Store::open_with(path, now, OpenOptions::default())
    }

    /// As [`Store::open`], with `options` (kept for every reopen).
    pub fn open_with(path: &Path, now: DateTime<Utc>, options: OpenOptions) -> Self {
        Store {
            inner: RwLock::new(Opened::at(path, now, &options)),
            options,
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Opened> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The open database, or `DatabaseUnavailable`.
    pub fn db(&self) -> Result<Arc<Db>, ApiError> {
        self.read()
            .db
            .as_ref()
            .map(Arc::clone)
            .map_err(|e| ApiError::new(ApiErrorCode::DatabaseUnavailable, e.to_string()))
    }

    /// The database file.
    pub fn path(&self) -> PathBuf {
        self.read().path.clone()
    }

    /// Why the database was refused (`OpenError::code`), if it was.
    pub fn problem_code(&self) -> Option<&'static str> {
        self.read().db.as_ref().err().map(OpenError::code)
    }

    /// True when the database was refused (the recovery commands work only then).
    pub fn refused(&self) -> bool {
        self.read().db.is_err()
    }

    /// Opens the database at `path` instead of the refused one (recovery: "open another
    /// file"). Refused while a database is open, so no one's work is swapped away.
    pub fn open_instead(&self, path: &Path, now: DateTime<Utc>) -> Result<(), ApiError> {
        let mut slot = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if slot.db.is_ok() {
            return Err(ApiError::new(
                ApiErrorCode::Conflict,
                "A database is already open.",
            ));
        }
        *slot = Opened::at(path, now, &self.options);
        Ok(())
    }

    /// Closes the database for `f` (a restore), waiting up to 30 s for commands still using
    /// it, then opens the file again whatever `f` returned. Commands arriving meanwhile wait
    /// for the lock and then see the reopened database (or why it was refused).
    pub fn reopen_after<T>(
        &self,
        now: DateTime<Utc>,
        f: impl FnOnce(&Path) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut slot = self.inner.write().unwrap_or_else(|p| p.into_inner());
        let path = slot.path.clone();
        let closing = std::mem::replace(
            &mut slot.db,
            Err(OpenError::Unavailable {
                path: path.clone(),
                detail: "the database is being restored".into(),
            }),
        );
        if let Ok(mut db) = closing {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            loop {
                match Arc::try_unwrap(db) {
                    Ok(last) => {
                        drop(last);
                        break;
                    }
                    Err(still_shared) if std::time::Instant::now() < deadline => {
                        db = still_shared;
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    Err(still_shared) => {
                        slot.db = Ok(still_shared);
                        return Err(ApiError::new(
                            ApiErrorCode::Busy,
                            "The database is still in use. Nothing was restored; try again.",
                        ));
                    }
                }
            }
        }
        let result = f(&path);
        let reopened = Db::open_with(&path, now, &self.options);
        if let Err(e) = &reopened {
            log::error!("database refused after restore: {}", e.code());
        }
        slot.db = reopened.map(Arc::new);
        if slot.db.is_ok() {
            slot.quarantined = None;
        }
        result
    }

    /// What the UI shows first: ready, or the problem and what to do.
    pub fn status(&self, backups: &crate::backups::Backups) -> StartupStatus {
        let opened = self.read();
        let problem = opened.db.as_ref().err().map(|e| StartupProblem {
            code: e.code().to_string(),
            message: e.to_string(),
            quarantined_to: opened.quarantined.as_ref().map(|d| d.display().to_string()),
            newest_backup: backups.newest(&opened.path),
            backup_folder: backups.dir(&opened.path).display().to_string(),
        });
        StartupStatus {
            database_path: opened.path.display().to_string(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: dermalog_core::db::LATEST_VERSION as i32,
            problem,
        }
    }
}

/// The state of the database at start-up.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StartupStatus {
    /// The database file in use.
    pub database_path: String,
    /// This build's version.
    pub app_version: String,
    /// The schema version this build writes.
    pub schema_version: i32,
    /// Why the database is not open; `null` when it is.
    pub problem: Option<StartupProblem>,
}

/// Why the database could not be opened, and what recovery has to work with.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StartupProblem {
    /// `EmptyFile`, `NotADatabase`, `ForeignDatabase`, `NewerSchema`, `Corrupt`,
    /// `MigrationFailed`, `RowsMissing` (committed rows lost or an older copy put back, by
    /// the audit high-water mark), `AuditMismatch` or `Unavailable`.
    pub code: String,
    /// What happened and what to do, as sentences.
    pub message: String,
    /// The folder the refused file was copied into as found; `null` when it was not
    /// (a newer schema, an unreadable file, a rolled-back upgrade).
    pub quarantined_to: Option<String>,
    /// The newest backup in the backup folder, which recovery offers to restore.
    pub newest_backup: Option<dermalog_core::backup::BackupInfo>,
    /// The backup folder looked in.
    pub backup_folder: String,
}

/// The time source. Commands take `now` from here so tests can fix it.
pub struct Clock(Box<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Box::new(Utc::now))
    }

    /// A clock that always says `t`.
    pub fn fixed(t: DateTime<Utc>) -> Self {
        Clock(Box::new(move || t))
    }

    /// A clock that says `t` until the returned handle moves it (tests of the idle lock).
    pub fn manual(t: DateTime<Utc>) -> (Self, ManualClock) {
        let handle = ManualClock(std::sync::Arc::new(std::sync::Mutex::new(t)));
        let reader = handle.clone();
        (Clock(Box::new(move || reader.now())), handle)
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

/// The hand that moves a [`Clock::manual`].
#[derive(Clone)]
pub struct ManualClock(std::sync::Arc<std::sync::Mutex<DateTime<Utc>>>);

impl ManualClock {
    /// What the clock says.
    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

/// Where the database is: `--db PATH` (or `--db=PATH`) on the command line, else the
/// `DERMALOG_DB` environment variable, else `dermalog.sqlite3` in the app-data folder.
pub fn database_path(
    args: &[String],
    env: Option<String>,
    app_data_dir: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, String> {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args
                .next()
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .ok_or_else(|| "--db needs a file path".to_string());
        }
        if let Some(p) = arg.strip_prefix("--db=") {
            return if p.is_empty() {
                Err("--db needs a file path".into())
            } else {
                Ok(p.into())
            };
        }
    }
    if let Some(p) = env.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    app_data_dir()
        .map(|d| d.join("dermalog.sqlite3"))
        .ok_or_else(|| "the app-data folder could not be determined".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn command_line_wins_over_environment_and_default() {
        let default = || Some(PathBuf::from("/data"));
        assert_eq!(
            database_path(
                &args(&["app", "--db", "/a.db"]),
                Some("/b.db".into()),
                default
            ),
            Ok(PathBuf::from("/a.db"))
        );
        assert_eq!(
            database_path(&args(&["app", "--db=/c.db"]), None, default),
            Ok(PathBuf::from("/c.db"))
        );
        assert_eq!(
            database_path(&args(&["app"]), Some("/b.db".into()), default),
            Ok(PathBuf::from("/b.db"))
        );
        assert_eq!(
            database_path(&args(&["app"]), None, default),
            Ok(PathBuf::from("/data/dermalog.sqlite3"))
        );
        assert!(database_path(&args(&["app", "--db"]), None, default).is_err());
        assert!(database_path(&args(&["app"]), None, || None).is_err());
    }
}

/// Where exports go: the system save dialog, or (unattended runs such as the end-to-end
/// tests, set with `DERMALOG_EXPORT_DIR`) straight into a folder under the suggested name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// Ask with the save dialog.
    Dialog,
    /// Write into this folder.
    Folder(PathBuf),
}

impl ExportTarget {
    /// From `DERMALOG_EXPORT_DIR` when set and not empty, else the dialog.
    pub fn from_env(value: Option<String>) -> Self {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(dir) => ExportTarget::Folder(PathBuf::from(dir)),
            None => ExportTarget::Dialog,
        }
    }
}
