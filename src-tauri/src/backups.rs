//! Automatic backups while the app runs: on quit, and every 4 hours of use (checked each
//! minute, so an app opened after a night off backs up within a minute). Each backup is
//! followed by retention. Failures are logged and shown in the status; they never stop the
//! app or a save.
//!
//! The folder is the one an admin chose for the database (kept beside it, see
//! `dermalog_core::backup::dir_for`), unless this computer fixes it with
//! `DERMALOG_BACKUP_DIR`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use dermalog_core::backup::{self, BackupInfo, BackupReason};
use dermalog_core::Db;
use serde::Serialize;
use ts_rs::TS;

use crate::state::Store;

/// How often a scheduled backup is due.
pub const EVERY: chrono::Duration = chrono::Duration::hours(4);
/// A last good backup older than this is warned about.
pub const WARN_AFTER: chrono::Duration = chrono::Duration::days(1);

/// Where backups go, and how the last attempt went.
pub struct Backups {
    fixed_dir: Option<PathBuf>,
    last_error: Mutex<Option<String>>,
}

/// What the status bar shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupStatus {
    /// The backup folder.
    pub folder: String,
    /// Who decided the folder.
    pub folder_set_by: FolderSetBy,
    /// The newest good backup, if any.
    pub last: Option<BackupInfo>,
    /// No backup, or the newest is more than a day old.
    pub warn: bool,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
}

/// Who decided where backups go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FolderSetBy {
    /// No one: `backups/` beside the database.
    Default,
    /// An admin, in Backups.
    Admin,
    /// This computer (`DERMALOG_BACKUP_DIR`); cannot be changed in the app.
    Computer,
}

impl Backups {
    /// Backups into the folder chosen for each database (by default beside it).
    pub fn per_database() -> Self {
        Backups {
            fixed_dir: None,
            last_error: Mutex::new(None),
        }
    }

    /// Backups always into `dir`, whatever is chosen in the app.
    pub fn fixed(dir: PathBuf) -> Self {
        Backups {
            fixed_dir: Some(dir),
            last_error: Mutex::new(None),
        }
    }

    /// The folder for the database at `db_path`.
    pub fn dir(&self, db_path: &Path) -> PathBuf {
        self.fixed_dir
            .clone()
            .unwrap_or_else(|| backup::dir_for(db_path))
    }

    /// True when the folder is fixed on this computer and cannot be chosen in the app.
    pub fn is_fixed(&self) -> bool {
        self.fixed_dir.is_some()
    }

    /// The newest backup listed for the database at `db_path` (not re-checked).
    pub fn newest(&self, db_path: &Path) -> Option<BackupInfo> {
        backup::list(&self.dir(db_path)).ok()?.into_iter().next()
    }

    /// Takes a backup now and applies retention. Only ids and counts are logged.
    pub fn run(
        &self,
        db: &Db,
        reason: BackupReason,
        now: DateTime<Utc>,
    ) -> dermalog_core::Result<BackupInfo> {
        let dir = self.dir(db.path());
        let result = backup::create(db, &dir, reason, now);
        let mut last_error = self.last_error.lock().unwrap_or_else(|p| p.into_inner());
        match &result {
            Ok(info) => {
                *last_error = None;
                log::info!(
                    "backup {} written ({} bytes, {} ms)",
                    info.file_name,
                    info.bytes,
                    info.millis
                );
                match backup::prune(&dir, now) {
                    Ok(removed) if !removed.is_empty() => {
                        log::info!("retention removed {} old backup(s)", removed.len())
                    }
                    Ok(_) => {}
                    Err(e) => log::warn!("retention failed: {e}"),
                }
            }
            Err(e) => {
                log::error!("backup failed: {e}");
                *last_error = Some(e.to_string());
            }
        }
        result
    }

    /// The newest good backup and whether to warn.
    pub fn status(
        &self,
        db_path: &Path,
        now: DateTime<Utc>,
    ) -> dermalog_core::Result<BackupStatus> {
        let dir = self.dir(db_path);
        let last = backup::list(&dir)?.into_iter().next();
        let folder_set_by = if self.is_fixed() {
            FolderSetBy::Computer
        } else if backup::chosen_dir(db_path).is_some() {
            FolderSetBy::Admin
        } else {
            FolderSetBy::Default
        };
        Ok(BackupStatus {
            folder: dir.display().to_string(),
            folder_set_by,
            warn: last
                .as_ref()
                .is_none_or(|b| now - b.created_at > WARN_AFTER),
            last,
            last_error: self
                .last_error
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        })
    }

    /// True when the newest backup is older than [`EVERY`] (or there is none).
    pub fn due(&self, db_path: &Path, now: DateTime<Utc>) -> bool {
        match backup::list(&self.dir(db_path)) {
            Ok(all) => all.first().is_none_or(|b| now - b.created_at >= EVERY),
            Err(_) => true,
        }
    }
}

/// Checks each minute whether a scheduled backup is due and takes it.
pub fn schedule<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    use tauri::Manager;
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(60));
        let now = Utc::now();
        let (store, backups) = (app.state::<Store>(), app.state::<Backups>());
        if let Ok(db) = store.db() {
            if backups.due(db.path(), now) {
                let _ = backups.run(&db, BackupReason::Scheduled, now);
            }
        }
    });
}

/// The backup taken as the app closes (when its database is open).
pub fn on_quit<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    use tauri::Manager;
    let (store, backups) = (app.state::<Store>(), app.state::<Backups>());
    if let Ok(db) = store.db() {
        let _ = backups.run(&db, BackupReason::Quit, Utc::now());
    }
}
