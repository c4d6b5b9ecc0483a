//! Backups: when the last good one was made (everyone sees a warning when it is old), the
//! list, and a backup on request (admins).

use dermalog_core::accounts;
use dermalog_core::audit::{Action, Change};
use dermalog_core::backup::{self, BackupInfo, BackupReason};
use tauri::State;

use crate::auth::{Auth, ADMIN, ANYONE};
use crate::backups::{BackupStatus, Backups};
use crate::error::ApiError;
use crate::state::{Clock, Store};

/// The newest good backup, and whether it is too old.
#[tauri::command(async)]
pub fn get_backup_status(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
) -> Result<BackupStatus, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(backups.status(g.by.now)?)
}

/// Every kept backup, newest first (admins).
#[tauri::command(async)]
pub fn list_backups(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
) -> Result<Vec<BackupInfo>, ApiError> {
    auth.permit(&store, &clock, ADMIN)?;
    Ok(backup::list(backups.dir())?)
}

/// Takes a backup now (admins); audited.
#[tauri::command(async)]
pub fn backup_now(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
) -> Result<BackupInfo, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let info = backups.run(g.db, BackupReason::Manual, g.by.now)?;
    accounts::record(
        g.db,
        &g.by,
        Change::new(Action::Backup, "backup", &info.file_name).new_value(&info),
    )?;
    Ok(info)
}
