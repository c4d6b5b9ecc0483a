//! What recovery stands on: a refused file is quarantined as found (with its companion
//! files, the original untouched), only suspect files are, and the backup before an upgrade
//! goes to the folder the admin chose.

use std::fs;

use dermalog_core::backup::{self, BackupReason};
use dermalog_core::db::{quarantine, MIGRATIONS};
use dermalog_core::{Db, OpenError};
use rusqlite::Connection;

use super::fixtures::{add_patient, fresh, now};

#[test]
fn quarantine_copies_the_file_and_its_companions_and_leaves_them_in_place() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let path = t.db.path().to_path_buf();
    let wal = format!("{}-wal", path.display());
    let head = format!("{}.audit-head", path.display());
    assert!(fs::metadata(&wal).is_ok() && fs::metadata(&head).is_ok());
    let before = fs::read(&path).expect("db");

    let dir = quarantine(&path, now()).expect("quarantine");
    assert!(dir.starts_with(path.parent().expect("parent").join("quarantine")));
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    assert_eq!(fs::read(dir.join(&name)).expect("copy"), before);
    assert_eq!(
        fs::read(dir.join(format!("{name}-wal"))).expect("wal copy"),
        fs::read(&wal).expect("wal")
    );
    assert!(dir.join(format!("{name}.audit-head")).is_file());
    assert_eq!(
        fs::read(&path).expect("still there"),
        before,
        "a copy, not a move"
    );
    // A second refusal later gets its own folder.
    let later = quarantine(&path, now() + chrono::Duration::seconds(1)).expect("again");
    assert_ne!(dir, later);
}

#[test]
fn only_suspect_files_are_quarantined() {
    let p = std::path::PathBuf::from("/x");
    let suspect = [
        OpenError::Empty { path: p.clone() },
        OpenError::NotADatabase { path: p.clone() },
        OpenError::Foreign { path: p.clone() },
        OpenError::Corrupt {
            path: p.clone(),
            detail: String::new(),
        },
        OpenError::RowsMissing {
            path: p.clone(),
            expected: 2,
            found: 1,
        },
        OpenError::AuditMismatch {
            path: p.clone(),
            detail: String::new(),
        },
    ];
    assert!(suspect.iter().all(OpenError::quarantines));
    let sound = [
        OpenError::Newer {
            path: p.clone(),
            found: 99,
            supported: 11,
        },
        OpenError::Unavailable {
            path: p.clone(),
            detail: String::new(),
        },
    ];
    assert!(!sound.iter().any(OpenError::quarantines));
}

#[test]
fn the_backup_before_an_upgrade_goes_to_the_chosen_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    // A database as the first release left it.
    let conn = Connection::open(&path).expect("create");
    conn.execute_batch(MIGRATIONS[0].sql).expect("schema 1");
    conn.pragma_update(None, "application_id", dermalog_core::db::APPLICATION_ID)
        .expect("id");
    conn.pragma_update(None, "user_version", 1)
        .expect("version");
    drop(conn);
    let chosen = dir.path().join("external-drive");
    backup::choose_dir(&path, Some(&chosen)).expect("choose");
    assert_eq!(backup::dir_for(&path), chosen);

    drop(Db::open(&path, now()).expect("upgraded"));
    let taken = backup::list(&chosen).expect("list");
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert_eq!(
        (taken[0].reason, taken[0].schema_version),
        (BackupReason::Upgrade, 1)
    );
    backup::check(&chosen, &taken[0], None).expect("a checked backup");
    assert!(
        backup::list(&backup::default_dir(&path))
            .expect("list")
            .is_empty(),
        "nothing in the default folder"
    );
}

#[test]
fn a_backup_folder_must_be_a_full_path_that_can_be_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let relative = backup::choose_dir(&path, Some(std::path::Path::new("backups-here")));
    assert!(
        matches!(relative, Err(dermalog_core::Error::Invalid(ref f)) if f[0].field == "folder")
    );
    let file = dir.path().join("plain-file");
    fs::write(&file, b"x").expect("file");
    assert!(matches!(
        backup::choose_dir(&path, Some(&file.join("sub"))),
        Err(dermalog_core::Error::Backup(_))
    ));
    assert_eq!(
        backup::chosen_dir(&path),
        None,
        "a refused choice is not kept"
    );
    let ok = dir.path().join("elsewhere");
    backup::choose_dir(&path, Some(&ok)).expect("choose");
    assert_eq!(backup::chosen_dir(&path), Some(ok));
    backup::choose_dir(&path, None).expect("back to default");
    assert_eq!(backup::dir_for(&path), backup::default_dir(&path));
}
