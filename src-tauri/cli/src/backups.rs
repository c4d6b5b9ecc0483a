//! `backup` and `list-backups`. A backup here is the app's "Back up now": the same verified
//! copy (`backup::create`: `VACUUM INTO` a temporary name, checked, synced, renamed, with
//! its manifest), the same retention afterwards, and the same audit row (`backup` on entity
//! `backup`, the manifest as its new value) by the signed-in admin. Taking a backup beside a
//! running app is fine: the copy reads one snapshot while the app keeps saving.

use std::path::{Path, PathBuf};

use chrono::Utc;
use dermalog_core::accounts;
use dermalog_core::audit::{Action, Actor, Change};
use dermalog_core::backup::{self, BackupInfo, BackupReason};

use crate::exit::{Exit, Failure, Outcome};
use crate::{place, show, signin};

/// Runs `backup`.
pub fn run(db_path: &Path, dir: Option<PathBuf>, user: Option<&str>, json: bool) -> Outcome {
    let user = signin::required(user, "backup")?;
    let dir = place::backup_dir(db_path, dir);
    place::require_file(db_path)?;
    let key = crate::key::for_database(db_path, Some(user), "backup")?;
    let db = place::open_existing(db_path, &dir, key)?;
    let admin = signin::admin(&db, user, "take a backup")?;
    let now = Utc::now();
    let bar = show::spinner("Taking a verified backup", json);
    let taken = backup::create(&db, &dir, BackupReason::Manual, now);
    bar.finish_and_clear();
    let info = taken.map_err(|e| Failure::core(e, Exit::BackupFailed))?;
    let removed = match backup::prune(&dir, now) {
        Ok(removed) => removed.len(),
        Err(e) => {
            // As in the app: the backup stands even when old ones could not be cleared.
            eprintln!("dermalog-cli: warning: retention failed: {e}");
            0
        }
    };
    accounts::record(
        &db,
        &Actor::new(admin.id, now),
        Change::new(Action::Backup, "backup", &info.file_name).new_value(&info),
    )?;
    if json {
        show::json(&info)?;
    } else {
        println!(
            "{} ({}) written and checked in {:.1} s, in {}",
            info.file_name,
            show::bytes(info.bytes),
            info.millis as f64 / 1000.0,
            dir.display()
        );
        if removed > 0 {
            println!("retention removed {removed} older backup(s)");
        }
    }
    Ok(Exit::Ok)
}

/// Runs `list-backups`. The database itself is not opened (nor needed): the backups of a
/// database that is refused or gone are exactly what one looks for.
pub fn list(db_path: &Path, dir: Option<PathBuf>, json: bool) -> Outcome {
    let dir = place::backup_dir(db_path, dir);
    let all = backup::list(&dir).map_err(|e| Failure::core(e, Exit::BackupFailed))?;
    if json {
        show::json(&all)?;
    } else if all.is_empty() {
        println!("No backups in {}", dir.display());
    } else {
        print_table(&dir, &all);
    }
    Ok(Exit::Ok)
}

fn print_table(dir: &Path, all: &[BackupInfo]) {
    println!("Backups in {} (newest first):", dir.display());
    let width = all.iter().map(|b| b.file_name.len()).max().unwrap_or(0);
    println!(
        "{:<width$}  {:<23}  {:<9}  {:>10}  {:>8}  {:>9}  {:>6}",
        "file", "taken", "reason", "size", "patients", "sessions", "schema"
    );
    for b in all {
        let reason = serde_json::to_value(b.reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        println!(
            "{:<width$}  {:<23}  {:<9}  {:>10}  {:>8}  {:>9}  {:>6}",
            b.file_name,
            show::time(b.created_at),
            reason,
            show::bytes(b.bytes),
            b.patients,
            b.sessions,
            b.schema_version
        );
    }
}
