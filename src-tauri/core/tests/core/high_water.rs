//! The high-water mark at open: a database that lost committed rows (its `-wal` deleted) or
//! an older copy put back is refused untouched; a head file left one step behind by a stop
//! between commit and file update is brought up to date.

use std::fs;
use std::path::Path;

use dermalog_core::audit::{self, head};
use dermalog_core::{Db, OpenError};

use super::fixtures::{add_patient, fresh, now};

const FILE: &str = "clinic.sqlite3";

/// Copies the database file (without its `-wal`) and its head file into a new folder.
fn copy_without_wal(from: &Path, to: &Path) {
    fs::copy(from.join(FILE), to.join(FILE)).expect("copy database");
    fs::copy(
        head::path_for(&from.join(FILE)),
        head::path_for(&to.join(FILE)),
    )
    .expect("copy head");
}

#[test]
fn a_deleted_wal_that_held_acknowledged_rows_is_refused_untouched() {
    let t = fresh();
    // Committed and acknowledged, but still only in the -wal (no checkpoint yet).
    add_patient(&t.db, "Ada", "Lovelace");
    add_patient(&t.db, "Mary", "Somerville");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    copy_without_wal(t.dir.path(), elsewhere.path());
    let before = fs::read(elsewhere.path().join(FILE)).expect("bytes");
    match Db::open(&elsewhere.path().join(FILE), now()) {
        Err(e @ OpenError::RowsMissing { .. }) => {
            assert_eq!(e.code(), "RowsMissing");
            assert!(e.to_string().contains("-wal"), "{e}");
        }
        other => panic!("a database without its -wal rows was opened: {other:?}"),
    }
    assert_eq!(
        fs::read(elsewhere.path().join(FILE)).expect("bytes"),
        before,
        "the file was not touched"
    );
}

#[test]
fn an_older_copy_put_back_is_refused() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let path = t.dir.path().join(FILE);
    let old = tempfile::tempdir().expect("tempdir");
    t.db.read(|c| {
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    })
    .expect("checkpoint");
    fs::copy(&path, old.path().join(FILE)).expect("older copy");
    add_patient(&t.db, "Mary", "Somerville");
    drop(t.db);
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(t.dir.path().join(format!("{FILE}{suffix}")));
    }
    fs::copy(old.path().join(FILE), &path).expect("put the older copy back");
    assert!(matches!(
        Db::open(&path, now()),
        Err(OpenError::RowsMissing { .. })
    ));
}

#[test]
fn a_head_file_one_step_behind_is_brought_up_to_date() {
    let t = fresh();
    let file = head::path_for(&t.dir.path().join(FILE));
    let older = fs::read(&file).expect("head");
    add_patient(&t.db, "Ada", "Lovelace");
    let newest = fs::read(&file).expect("head");
    drop(t.db);
    // As if the app stopped between the last commit and the head update.
    fs::write(&file, &older).expect("older head");
    let db = Db::open(&t.dir.path().join(FILE), now()).expect("opens");
    assert_eq!(fs::read(&file).expect("head"), newest);
    assert!(audit::verify(&db).expect("verify").ok);
}

#[test]
fn a_head_file_of_another_database_is_refused() {
    let a = fresh();
    let b = fresh();
    add_patient(&b.db, "Ada", "Lovelace");
    drop(a.db);
    fs::copy(
        head::path_for(&b.dir.path().join(FILE)),
        head::path_for(&a.dir.path().join(FILE)),
    )
    .expect("swap heads");
    assert!(matches!(
        Db::open(&a.dir.path().join(FILE), now()),
        Err(OpenError::AuditMismatch { .. })
    ));
}
