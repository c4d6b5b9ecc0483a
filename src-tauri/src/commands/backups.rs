//! Backups: when the last good one was made (everyone sees a warning when it is old), the
//! list, and a backup on request (admins).

use dermalog_core::accounts;
use dermalog_core::audit::Actor;
use dermalog_core::audit::{Action, Change};
use dermalog_core::backup::{self, BackupInfo, BackupReason};
use dermalog_core::Error;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::auth::{Auth, ADMIN, ANYONE};
use crate::backups::{BackupStatus, Backups};
use crate::error::ApiError;
use crate::payload::Payload;
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
    let info = backups.run(&g.db, BackupReason::Manual, g.by.now)?;
    accounts::record(
        &g.db,
        &g.by,
        Change::new(Action::Backup, "backup", &info.file_name).new_value(&info),
    )?;
    Ok(info)
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreDone {
    /// The backup now in use.
    pub restored: String,
    /// Where the database that was in use now lies.
    pub set_aside: String,
}

/// Replaces the database with a checked backup (admins). The database in use is moved
/// aside, never overwritten; the restore is audited in the restored database; everyone is
/// signed out, since the restored accounts may differ.
#[tauri::command(async)]
pub fn restore_backup(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
    file_name: Payload<String>,
) -> Result<RestoreDone, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let name = file_name.into_inner()?;
    let info = backup::list(backups.dir())?
        .into_iter()
        .find(|b| b.file_name == name)
        .ok_or_else(|| {
            ApiError::from(Error::NotFound {
                entity: "backup",
                id: name.clone(),
            })
        })?;
    // Checked before the database is closed: a bad backup changes nothing.
    backup::check(backups.dir(), &info)?;
    let admin = g.by;
    drop(g);
    let aside = store.reopen_after(clock.now(), |path| {
        Ok(backup::restore(backups.dir(), &info, path, clock.now())?)
    })?;
    log::info!("database restored from backup {}", info.file_name);
    let db = store.db()?;
    let restorer = accounts::get(&db, admin.user_id).ok().filter(|u| u.active);
    if restorer.is_some() {
        accounts::record(
            &db,
            &Actor::new(admin.user_id, clock.now()),
            Change::new(Action::BackupRestored, "backup", &info.file_name)
                .new_value(&info)
                .reason(format!(
                    "previous database set aside as {}",
                    aside.display()
                )),
        )?;
    }
    auth.clear();
    Ok(RestoreDone {
        restored: info.file_name,
        set_aside: aside.display().to_string(),
    })
}
