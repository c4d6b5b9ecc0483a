//! `restore`: puts a checked backup in place of the database, as the app's Backups page
//! (database opens) or recovery page (database refused or missing) does.
//!
//! Invariants:
//! - never while the app has the database open (exit 4), and the app's socket is held for
//!   the whole restore so an app started meanwhile leaves instead of opening the file;
//! - the backup is checked before anything moves; the database in place is moved aside by
//!   `backup::restore`, never overwritten;
//! - authorised by an admin of the database in place when it opens (a normal, audited
//!   sign-in), else by an active admin account inside the backup itself;
//! - the restore is recorded in the restored database with the app's audit row
//!   (`backup_restored` on entity `backup`, the manifest as its new value).

use std::path::{Path, PathBuf};

use chrono::Utc;
use dermalog_core::accounts;
use dermalog_core::audit::Actor;
use dermalog_core::backup::{self, BackupInfo};
use dermalog_core::{Db, OpenOptions};
use serde::Serialize;
use uuid::Uuid;

use crate::exit::{Exit, Failure, Outcome};
use crate::{instance, show, signin};

/// Which backup to restore.
pub enum Which {
    /// The one with this file name.
    Named(String),
    /// The newest in the folder.
    Newest,
}

/// Who allowed the restore.
enum Authority {
    /// An admin of the database in place (which opened).
    Current(Uuid),
    /// An admin of the backup: the database in place was refused (its error code) or absent.
    Backup(Option<Uuid>, &'static str),
}

/// What a restore did.
#[derive(Debug, Serialize)]
struct Restored {
    restored: String,
    set_aside: Option<String>,
}

fn failed(e: dermalog_core::Error) -> Failure {
    Failure::core(e, Exit::BackupFailed)
}

/// Runs `restore`.
pub fn run(
    db_path: &Path,
    which: Which,
    dir: Option<PathBuf>,
    user: Option<&str>,
    json: bool,
) -> Outcome {
    let user = signin::required(user, "restore")?;
    let _claim = instance::claim(db_path)?;
    let dir = crate::place::backup_dir(db_path, dir);
    let info = find(&dir, which)?;
    let file = dir.join(&info.file_name);
    // An encrypted backup opens with the key in its own key file (the database's may be what
    // was lost); the key never changes, so it opens the database too.
    let key = if info.encrypted {
        crate::key::for_database(&file, Some(user), "restore")?
    } else {
        None
    };
    // Checked before anything moves: a bad backup changes nothing.
    backup::check(&dir, &info, key.as_ref()).map_err(failed)?;
    let options = OpenOptions {
        backup_dir: Some(dir.clone()),
        key: key.clone(),
    };
    let authority = if db_path.exists() {
        match Db::open_with(db_path, Utc::now(), &options) {
            Ok(db) => Authority::Current(signin::admin(&db, user, "restore a backup")?.id),
            Err(refused) => {
                eprintln!("dermalog-cli: {refused}");
                let admin = signin::admin_of_backup(&file, key.as_ref(), user)?;
                Authority::Backup(admin, refused.code())
            }
        }
    } else {
        let admin = signin::admin_of_backup(&file, key.as_ref(), user)?;
        Authority::Backup(admin, "Missing")
    };
    let now = Utc::now();
    let bar = show::spinner("Restoring", json);
    let restored = backup::restore(&dir, &info, db_path, now, key.as_ref());
    bar.finish_and_clear();
    let aside = restored.map_err(failed)?;
    let set_aside = aside.exists().then(|| aside.display().to_string());
    let db = Db::open_with(db_path, Utc::now(), &options).map_err(|e| {
        Failure::new(
            Exit::BackupFailed,
            format!("The backup was put in place but does not open: {e}"),
        )
    })?;
    let aside_text = set_aside.as_deref().unwrap_or("nothing");
    let (admin, reason) = match authority {
        Authority::Current(id) => (
            // As in the app: only when the restorer still has an active account in the
            // restored clinic.
            accounts::get(&db, id)
                .ok()
                .filter(|u| u.active)
                .map(|u| u.id),
            format!("previous database set aside as {aside_text} (restored with dermalog-cli)"),
        ),
        Authority::Backup(admin, code) => (
            admin,
            format!(
                "the database was refused or missing ({code}); it was set aside as \
                 {aside_text} (restored with dermalog-cli)"
            ),
        ),
    };
    if let Some(admin) = admin {
        backup::record_restore(&db, &Actor::new(admin, Utc::now()), &info, reason)?;
    }
    let done = Restored {
        restored: info.file_name,
        set_aside,
    };
    if json {
        show::json(&done)?;
    } else {
        println!("Restored {}.", done.restored);
        match &done.set_aside {
            Some(p) => println!("The previous database is kept at {p}"),
            None => println!("There was no previous database file."),
        }
    }
    Ok(Exit::Ok)
}

/// The backup asked for, from the folder's list (manifest and file both present).
fn find(dir: &Path, which: Which) -> Result<BackupInfo, Failure> {
    let all = backup::list(dir).map_err(failed)?;
    let found = match &which {
        Which::Newest => all.into_iter().next(),
        Which::Named(name) => all.into_iter().find(|b| &b.file_name == name),
    };
    found.ok_or_else(|| {
        let what = match which {
            Which::Newest => "no backup".to_string(),
            Which::Named(name) => format!("no backup named {name}"),
        };
        Failure::new(
            Exit::BackupFailed,
            format!("There is {what} in {}.", dir.display()),
        )
    })
}
