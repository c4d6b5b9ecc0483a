//! Key-file acts tied to one database: first set-up of an encrypted clinic, unlocking at
//! the first sign-in of a run (or with the recovery key), keeping each user's slot in step
//! with their account, and setting aside a set-up that never finished.
//!
//! Slot changes made for an account change run inside that account's save transaction, as
//! its last step: if the key file cannot be written, the account change rolls back too, so
//! the password in the database and the one that opens the key never disagree.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{path_for, KeyFile, RecoveryKey};
use crate::accounts::{self, ClinicSetup, User};
use crate::db::{Db, DbKey, OpenOptions};
use crate::error::{Error, Result};

/// First run: creates the encrypted database at `path` with a new random key, the clinic's
/// name and its first admin, whose password and a new recovery key each get a slot.
/// Returns the open database, the admin, and the recovery key to show once.
pub fn set_up(
    path: &Path,
    options: &OpenOptions,
    setup: ClinicSetup,
    now: DateTime<Utc>,
) -> Result<(Db, User, RecoveryKey)> {
    accounts::check_setup(&setup)?;
    let keys_path = path_for(path);
    if path.exists() || keys_path.exists() {
        return Err(Error::Conflict(
            "A database already exists here. Sign in instead.".into(),
        ));
    }
    let key = DbKey::generate();
    let (mut file, recovery) = KeyFile::new(&key, true)?;
    // The key file first: a database never exists without the key that opens it. Until the
    // admin's slot is in, the file is marked pending (see `set_aside_unfinished`).
    file.write(&keys_path)?;
    let password = setup.admin.password.clone().unwrap_or_default();
    let db = Db::open_with(
        path,
        now,
        &OpenOptions {
            key: Some(key.clone()),
            ..options.clone()
        },
    )?;
    let user = accounts::set_up(&db, setup, now)?;
    file.set_user(&key, user.id, &user.username, &password)?;
    file.setup_pending = false;
    file.write(&keys_path)?;
    log::info!("encrypted database set up; admin {}", user.id);
    Ok((db, user, recovery))
}

/// The key of the encrypted database at `path`, unwrapped with `username`'s password.
pub fn unlock(path: &Path, username: &str, password: &str) -> Result<DbKey> {
    read_existing(path)?.unlock(username, password)
}

/// The key of the encrypted database at `path`, unwrapped with its recovery key.
pub fn unlock_with_recovery(path: &Path, recovery_key: &str) -> Result<DbKey> {
    read_existing(path)?.unlock_with_recovery(recovery_key)
}

fn read_existing(path: &Path) -> Result<KeyFile> {
    KeyFile::read(&path_for(path))?
        .ok_or_else(|| Error::Keys("there is no key file beside the database".into()))
}

/// Brings `user`'s slot in line with their account after a change: rewrapped under
/// `new_password` when one was set, renamed when the name changed, removed when the
/// account was deactivated. Nothing to do for an unencrypted database.
pub fn sync_user_slot(db: &Db, user: &User, new_password: Option<&str>) -> Result<()> {
    let Some(key) = db.key() else {
        return Ok(());
    };
    let keys_path = path_for(db.path());
    let mut file = read_existing(db.path())?;
    if !user.active {
        if !file.remove_user(user.id) {
            return Ok(());
        }
    } else if let Some(password) = new_password {
        file.set_user(key, user.id, &user.username, password)?;
    } else if file.has_user(user.id) {
        file.rename_user(user.id, &user.username);
    } else {
        return Ok(());
    }
    file.write(&keys_path)
}

/// After `user` signed in with `password` on an open encrypted database: gives them a slot
/// if they have none yet (an account made before encryption, or reactivated), so they can
/// open the database themselves next time. Returns true when a slot was added.
pub fn add_own_slot(db: &Db, user: &User, password: &str) -> Result<bool> {
    let Some(key) = db.key() else {
        return Ok(false);
    };
    let mut file = read_existing(db.path())?;
    if file.has_user(user.id) {
        return Ok(false);
    }
    file.set_user(key, user.id, &user.username, password)?;
    file.write(&path_for(db.path()))?;
    Ok(true)
}

/// The users who can open the database with their own password; `None` when the database
/// is not encrypted.
pub fn slot_users(db: &Db) -> Result<Option<Vec<Uuid>>> {
    if db.key().is_none() {
        return Ok(None);
    }
    Ok(Some(read_existing(db.path())?.users()))
}

/// Replaces the recovery key (the old one stops working); returns the new one, to show once.
pub fn new_recovery_key(db: &Db) -> Result<RecoveryKey> {
    let key = db
        .key()
        .ok_or_else(|| Error::Conflict("This database is not encrypted.".into()))?;
    let mut file = read_existing(db.path())?;
    let recovery = file.replace_recovery(key)?;
    file.write(&path_for(db.path()))?;
    Ok(recovery)
}

/// If a first set-up stopped before its admin existed (the key file is still marked
/// pending), moves that key file and the database beside it, untouched, into
/// `quarantine/<time>-unfinished-setup/` so set-up can start again; returns the folder.
/// They hold no clinical record: nothing is recorded before set-up finishes.
pub fn set_aside_unfinished(path: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let keys_path = path_for(path);
    match KeyFile::read(&keys_path)? {
        Some(f) if f.setup_pending => {}
        _ => return Ok(None),
    }
    let parent = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent.join("quarantine").join(format!(
        "{}-unfinished-setup",
        now.format("%Y%m%dT%H%M%S%6fZ")
    ));
    let fail =
        |e| crate::error::file_error("an unfinished set-up cannot be set aside", e, Error::Keys);
    fs::create_dir_all(&dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    // The database and its companions first, the key file last: until it moves, the next
    // start still sees the set-up as unfinished and tries again.
    for suffix in ["-wal", "-shm", ".audit-head", "", ".keys"] {
        let mut from = path.as_os_str().to_owned();
        from.push(suffix);
        let mut to = name.clone();
        to.push(suffix);
        match fs::rename(PathBuf::from(from), dir.join(to)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fail(e)),
        }
    }
    log::warn!("an unfinished set-up was set aside in {}", dir.display());
    Ok(Some(dir))
}
