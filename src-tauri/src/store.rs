//! The database the shell holds, in one of four states, behind a lock so a restore or an
//! unlock can swap it while commands hold an `Arc` of the open one:
//!
//! - **New**: no database and no key file: first run; set-up creates an encrypted one.
//! - **Sealed**: an encrypted database whose key is not known yet; the first sign-in of
//!   the run (or the recovery key) unwraps it from the key file and opens the file.
//! - **Open**: checked, migrated and usable.
//! - **Refused**: why the file could not be opened; a suspect file was first copied into
//!   quarantine. The app always starts, so it can explain instead of recreating the file.
//!
//! An unencrypted database made before encryption existed still opens (Open, without a
//! key).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use dermalog_core::accounts::{ClinicSetup, User};
use dermalog_core::keys::{self, DbKey, RecoveryKey};
use dermalog_core::{Db, OpenError, OpenOptions};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{ApiError, ApiErrorCode};

/// The database, or the reason it is not open.
pub struct Store {
    inner: RwLock<Opened>,
    options: OpenOptions,
}

/// What became of one database file.
enum Held {
    New,
    Sealed,
    Open(Arc<Db>),
    Refused(OpenError),
}

/// One database file and what became of opening it.
struct Opened {
    path: PathBuf,
    held: Held,
    /// Where a refused file was copied as found, if it was.
    quarantined: Option<PathBuf>,
}

impl Opened {
    /// Looks at `path` and its key file: new, sealed, or opened now (unencrypted).
    fn at(path: &Path, now: DateTime<Utc>, options: &OpenOptions) -> Self {
        match keys::set_aside_unfinished(path, now) {
            Ok(_) => {}
            Err(e) => {
                log::error!("the key file cannot be read: {e}");
                return Opened::refused(
                    path,
                    OpenError::Unavailable {
                        path: keys::path_for(path),
                        detail: e.to_string(),
                    },
                );
            }
        }
        match (path.exists(), keys::path_for(path).exists()) {
            (false, false) => Opened::with(path, Held::New),
            (true, true) => match dermalog_core::db::precheck_encrypted(path) {
                Ok(()) => Opened::with(path, Held::Sealed),
                Err(e) => Opened::refused_as_found(path, now, e),
            },
            (false, true) => Opened::refused(
                path,
                OpenError::Unavailable {
                    path: path.to_path_buf(),
                    detail: "the database file is missing, though its key file is there. \
                             Put the database file back, or restore a backup"
                        .into(),
                },
            ),
            (true, false) => Opened::open(path, now, options),
        }
    }

    fn with(path: &Path, held: Held) -> Self {
        Opened {
            path: path.to_path_buf(),
            held,
            quarantined: None,
        }
    }

    fn refused(path: &Path, e: OpenError) -> Self {
        Opened::with(path, Held::Refused(e))
    }

    /// A refusal of a file found suspect without opening it, quarantined like one found
    /// when opening.
    fn refused_as_found(path: &Path, now: DateTime<Utc>, e: OpenError) -> Self {
        log::error!("database refused: {} ({e})", e.code());
        let quarantined = e.quarantines().then(|| quarantine(path, now)).flatten();
        Opened {
            path: path.to_path_buf(),
            held: Held::Refused(e),
            quarantined,
        }
    }

    /// Opens the file with `options` (and its key, if any). A refusal is kept, not
    /// raised, and a suspect file is copied into quarantine before anything else can
    /// happen to it.
    fn open(path: &Path, now: DateTime<Utc>, options: &OpenOptions) -> Self {
        match Db::open_with(path, now, options) {
            Ok(db) => {
                log::info!(
                    "database open (encrypted: {}), workstation {}",
                    db.is_encrypted(),
                    db.workstation_id()
                );
                let db = Arc::new(db);
                // Files a crash left without a row, off the start-up path: the listing grows
                // with the photo store. A photo being added meanwhile is safe, since the
                // sweep leaves files changed in the last ten minutes alone.
                let swept = Arc::clone(&db);
                std::thread::spawn(move || {
                    if let Err(e) = dermalog_core::photos::sweep_orphans(&swept) {
                        log::warn!("photo sweep failed: {e}");
                    }
                });
                Opened::with(path, Held::Open(db))
            }
            Err(e) => Opened::refused_as_found(path, now, e),
        }
    }
}

/// Copies a refused file into quarantine; `None` (logged) if that fails.
fn quarantine(path: &Path, now: DateTime<Utc>) -> Option<PathBuf> {
    match dermalog_core::db::quarantine(path, now) {
        Ok(dir) => {
            log::warn!("refused database copied to {}", dir.display());
            Some(dir)
        }
        Err(e) => {
            log::error!("the refused database could not be copied: {e}");
            None
        }
    }
}

impl Store {
    /// Looks at the database at `path`; opens it now if it is unencrypted.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Self {
        Store::open_with(path, now, OpenOptions::default())
    }

    /// As [`Store::open`], with `options` (kept for every reopen; its key is ignored).
    pub fn open_with(path: &Path, now: DateTime<Utc>, options: OpenOptions) -> Self {
        let options = OpenOptions {
            key: None,
            ..options
        };
        Store {
            inner: RwLock::new(Opened::at(path, now, &options)),
            options,
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Opened> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Opened> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    fn with_key(&self, key: Option<DbKey>) -> OpenOptions {
        OpenOptions {
            key,
            ..self.options.clone()
        }
    }

    /// The open database; `NotSignedIn` while it is new or sealed, else
    /// `DatabaseUnavailable`.
    pub fn db(&self) -> Result<Arc<Db>, ApiError> {
        match &self.read().held {
            Held::Open(db) => Ok(Arc::clone(db)),
            Held::New => Err(ApiError::new(
                ApiErrorCode::NotSignedIn,
                "Set up the clinic first.",
            )),
            Held::Sealed => Err(ApiError::new(
                ApiErrorCode::NotSignedIn,
                "Sign in to open the database.",
            )),
            Held::Refused(e) => Err(ApiError::new(
                ApiErrorCode::DatabaseUnavailable,
                e.to_string(),
            )),
        }
    }

    /// The database file.
    pub fn path(&self) -> PathBuf {
        self.read().path.clone()
    }

    /// Why the database was refused (`OpenError::code`), if it was.
    pub fn problem_code(&self) -> Option<&'static str> {
        match &self.read().held {
            Held::Refused(e) => Some(e.code()),
            _ => None,
        }
    }

    /// True when the database was refused (the recovery commands work only then).
    pub fn refused(&self) -> bool {
        matches!(self.read().held, Held::Refused(_))
    }

    /// True before the first set-up (no database, no key file).
    pub fn is_new(&self) -> bool {
        matches!(self.read().held, Held::New)
    }

    /// True while the database is encrypted and its key not yet unwrapped.
    pub fn is_sealed(&self) -> bool {
        matches!(self.read().held, Held::Sealed)
    }

    /// Opens the sealed database with `key`. A key that does not fit, or a file that
    /// fails its checks, leaves the store refused (and the UI shows recovery).
    pub fn unseal(&self, key: DbKey, now: DateTime<Utc>) -> Result<Arc<Db>, ApiError> {
        let mut slot = self.write();
        if !matches!(slot.held, Held::Sealed) {
            return Err(ApiError::new(
                ApiErrorCode::Conflict,
                "The database is already open.",
            ));
        }
        let path = slot.path.clone();
        *slot = Opened::open(&path, now, &self.with_key(Some(key)));
        match &slot.held {
            Held::Open(db) => Ok(Arc::clone(db)),
            Held::Refused(e) => Err(ApiError::new(
                ApiErrorCode::DatabaseUnavailable,
                e.to_string(),
            )),
            Held::New | Held::Sealed => Err(ApiError::new(
                ApiErrorCode::DatabaseUnavailable,
                "The database could not be opened.",
            )),
        }
    }

    /// First run: creates the encrypted database and its first admin; returns the admin
    /// and the recovery key to show once.
    pub fn set_up(
        &self,
        setup: ClinicSetup,
        now: DateTime<Utc>,
    ) -> Result<(User, RecoveryKey), ApiError> {
        let mut slot = self.write();
        if !matches!(slot.held, Held::New) {
            return Err(ApiError::new(
                ApiErrorCode::Conflict,
                "This clinic is already set up. Sign in instead.",
            ));
        }
        let (db, user, recovery) = keys::set_up(&slot.path, &self.options, setup, now)?;
        slot.held = Held::Open(Arc::new(db));
        Ok((user, recovery))
    }

    /// Opens the database at `path` instead of the refused one (recovery: "open another
    /// file"). Refused while a database is open, so no one's work is swapped away.
    pub fn open_instead(&self, path: &Path, now: DateTime<Utc>) -> Result<(), ApiError> {
        let mut slot = self.write();
        if matches!(slot.held, Held::Open(_)) {
            return Err(ApiError::new(
                ApiErrorCode::Conflict,
                "A database is already open.",
            ));
        }
        *slot = Opened::at(path, now, &self.options);
        Ok(())
    }

    /// Closes the database for `f` (a restore), waiting up to 30 s for commands still using
    /// it, then opens the file again with `key` whatever `f` returned. Commands arriving
    /// meanwhile wait for the lock and then see the reopened database (or why it was
    /// refused).
    pub fn reopen_after<T>(
        &self,
        now: DateTime<Utc>,
        key: Option<DbKey>,
        f: impl FnOnce(&Path) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut slot = self.write();
        let path = slot.path.clone();
        let closing = std::mem::replace(
            &mut slot.held,
            Held::Refused(OpenError::Unavailable {
                path: path.clone(),
                detail: "the database is being restored".into(),
            }),
        );
        if let Held::Open(mut db) = closing {
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
                        slot.held = Held::Open(still_shared);
                        return Err(ApiError::new(
                            ApiErrorCode::Busy,
                            "The database is still in use. Nothing was restored; try again.",
                        ));
                    }
                }
            }
        }
        let result = f(&path);
        let reopened = Opened::open(&path, now, &self.with_key(key));
        if let Held::Refused(e) = &reopened.held {
            log::error!("database refused after restore: {}", e.code());
        }
        *slot = reopened;
        result
    }

    /// What the UI shows first: ready, or the problem and what to do.
    pub fn status(&self, backups: &crate::backups::Backups) -> StartupStatus {
        let opened = self.read();
        let problem = match &opened.held {
            Held::Refused(e) => Some(StartupProblem {
                code: e.code().to_string(),
                message: e.to_string(),
                quarantined_to: opened.quarantined.as_ref().map(|d| d.display().to_string()),
                newest_backup: backups.newest(&opened.path),
                backup_folder: backups.dir(&opened.path).display().to_string(),
            }),
            _ => None,
        };
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
