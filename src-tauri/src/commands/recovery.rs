//! Recovery when the database was refused at start (and copied into quarantine): restore
//! the newest backup, open another database file, or quit. No one can sign in to a refused
//! database, so a restore is authorised by an active admin account of the backup itself,
//! with failures limited here (the refused database cannot hold their audit rows). Each
//! command works only while the database is refused; once one is open they answer
//! `Conflict`, and the Backups page is the way to restore.

use dermalog_core::accounts;
use dermalog_core::audit::Actor;
use dermalog_core::backup;
use dermalog_core::keys;
use dermalog_core::Error;
use tauri::{AppHandle, Runtime, State};

use super::backups::RestoreDone;
use crate::backups::Backups;
use crate::error::{ApiError, ApiErrorCode};
use crate::payload::Payload;
use crate::picker::Picker;
use crate::state::{Clock, StartupStatus, Store};
use crate::unseal::Attempts;

/// The name recovery-restore failures are counted under.
const RESTORE: &str = "recovery-restore";

fn only_when_refused(store: &Store) -> Result<(), ApiError> {
    if store.refused() {
        Ok(())
    } else {
        Err(ApiError::new(
            ApiErrorCode::Conflict,
            "The database is open. Restore a backup from the Backups page instead.",
        ))
    }
}

/// Puts the newest backup in place of the refused database, once `username` and
/// `password` match an active admin of that backup. The refused file is moved aside (its
/// quarantine copy stays too); the restore is audited in the restored database.
#[tauri::command(async)]
pub fn restore_newest_backup(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    backups: State<'_, Backups>,
    attempts: State<'_, Attempts>,
    username: Payload<String>,
    password: Payload<String>,
) -> Result<RestoreDone, ApiError> {
    only_when_refused(&store)?;
    let (username, password) = (username.into_inner()?, password.into_inner()?);
    let now = clock.now();
    attempts.check(RESTORE, now)?;
    let path = store.path();
    let dir = backups.dir(&path);
    let info = backup::list(&dir)?.into_iter().next().ok_or_else(|| {
        ApiError::new(
            ApiErrorCode::NotFound,
            format!("There is no backup in {}.", dir.display()),
        )
    })?;
    let file = dir.join(&info.file_name);
    let checked = (|| {
        // An encrypted backup is opened with the key in its own key file, unwrapped with
        // the same admin's password: the database's key file may be what was lost.
        let key = if info.encrypted {
            Some(keys::unlock(&file, &username, &password)?)
        } else {
            None
        };
        backup::check(&dir, &info, key.as_ref())?;
        let admin = accounts::admin_in_file(&file, key.as_ref(), &username, &password)?;
        Ok((key, admin))
    })();
    let (key, admin) = match checked {
        Ok(found) => found,
        Err(e) => {
            if matches!(e, Error::Denied(_)) {
                attempts.failed(RESTORE, now);
                log::warn!("recovery restore refused: wrong admin credentials");
            }
            return Err(e.into());
        }
    };
    let problem = store.problem_code().unwrap_or("unknown problem");
    let aside = store.reopen_after(now, key.clone(), |path| {
        Ok(backup::restore(&dir, &info, path, now, key.as_ref())?)
    })?;
    log::info!(
        "refused database ({}) replaced by backup {}",
        problem,
        info.file_name
    );
    let db = store.db()?;
    if let Some(admin) = admin {
        backup::record_restore(
            &db,
            &Actor::new(admin, now),
            &info,
            format!(
                "the database was refused at start ({problem}); it was set aside as {}",
                aside.display()
            ),
        )?;
    }
    Ok(RestoreDone {
        restored: info.file_name,
        set_aside: aside.display().to_string(),
    })
}

/// Opens another database file, chosen in the system dialog, instead of the refused one,
/// for this run of the app; `null` when the user cancels.
#[tauri::command(async)]
pub fn open_other_database<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    backups: State<'_, Backups>,
    picker: State<'_, Picker>,
) -> Result<Option<StartupStatus>, ApiError> {
    only_when_refused(&store)?;
    let Some(path) = picker.database_file(&app) else {
        return Ok(None);
    };
    store.open_instead(&path, clock.now())?;
    Ok(Some(store.status(&backups)))
}

/// Closes the app from the recovery page (an open app closes through its window).
#[tauri::command(async)]
pub fn quit_app<R: Runtime>(app: AppHandle<R>, store: State<'_, Store>) -> Result<(), ApiError> {
    only_when_refused(&store)?;
    log::info!("quit from the recovery page");
    app.exit(0);
    Ok(())
}
