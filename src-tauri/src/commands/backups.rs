//! Backups: when the last good one was made (everyone sees a warning when it is old), the
//! list, and a backup on request (admins).

use dermalog_core::accounts;
use dermalog_core::audit::Actor;
use dermalog_core::audit::{Action, Change};
use dermalog_core::backup::{self, BackupInfo, BackupReason};
use dermalog_core::Error;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::auth::{Auth, ADMIN, ANYONE};
use crate::backups::{BackupStatus, Backups};
use crate::error::{ApiError, ApiErrorCode};
use crate::payload::Payload;
use crate::picker::Picker;
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
    Ok(backups.status(g.db.path(), g.by.now)?)
}

/// Every kept backup, newest first (admins).
#[tauri::command(async)]
pub fn list_backups(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
) -> Result<Vec<BackupInfo>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(backup::list(&backups.dir(g.db.path()))?)
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

/// Makes a folder chosen in the system dialog the backup folder (admins), after checking
/// it can be written; `null` when the admin cancels. Audited with the old and new folder.
#[tauri::command(async)]
pub fn choose_backup_folder<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
    picker: State<'_, Picker>,
) -> Result<Option<BackupStatus>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    fixed_here(&backups)?;
    let Some(folder) = picker.folder(&app) else {
        return Ok(None);
    };
    set_folder(&g, &backups, Some(&folder)).map(Some)
}

/// Sends backups to the default folder beside the database again (admins); audited.
#[tauri::command(async)]
pub fn use_default_backup_folder(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    backups: State<'_, Backups>,
) -> Result<BackupStatus, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    fixed_here(&backups)?;
    set_folder(&g, &backups, None)
}

fn fixed_here(backups: &Backups) -> Result<(), ApiError> {
    if backups.is_fixed() {
        return Err(ApiError::new(
            ApiErrorCode::Conflict,
            "The backup folder is fixed on this computer (DERMALOG_BACKUP_DIR) and cannot be changed here.",
        ));
    }
    Ok(())
}

fn set_folder(
    g: &crate::auth::Granted,
    backups: &Backups,
    folder: Option<&std::path::Path>,
) -> Result<BackupStatus, ApiError> {
    let before = backups.dir(g.db.path());
    let after = backup::choose_dir(g.db.path(), folder)?;
    log::info!("backup folder changed");
    accounts::record(
        &g.db,
        &g.by,
        Change::on(Action::Settings, "backup_folder")
            .old_value(&before.display().to_string())
            .new_value(&after.display().to_string()),
    )?;
    Ok(backups.status(g.db.path(), g.by.now)?)
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
    let dir = backups.dir(g.db.path());
    let info = backup::list(&dir)?
        .into_iter()
        .find(|b| b.file_name == name)
        .ok_or_else(|| {
            ApiError::from(Error::NotFound {
                entity: "backup",
                id: name.clone(),
            })
        })?;
    if info.encrypted != g.db.is_encrypted() {
        return Err(ApiError::new(
            ApiErrorCode::Conflict,
            "This backup was made before the database was encrypted (or the other way round), \
             so it cannot replace it here. Nothing was changed.",
        ));
    }
    // The key never changes, so the open database's key opens its backups.
    let key = g.db.key().cloned();
    // Checked before the database is closed: a bad backup changes nothing.
    backup::check(&dir, &info, key.as_ref())?;
    let admin = g.by;
    drop(g);
    let aside = store.reopen_after(clock.now(), key.clone(), |path| {
        Ok(backup::restore(
            &dir,
            &info,
            path,
            clock.now(),
            key.as_ref(),
        )?)
    })?;
    log::info!("database restored from backup {}", info.file_name);
    let db = store.db()?;
    let restorer = accounts::get(&db, admin.user_id).ok().filter(|u| u.active);
    if restorer.is_some() {
        backup::record_restore(
            &db,
            &Actor::new(admin.user_id, clock.now()),
            &info,
            format!("previous database set aside as {}", aside.display()),
        )?;
    }
    auth.clear();
    Ok(RestoreDone {
        restored: info.file_name,
        set_aside: aside.display().to_string(),
    })
}
