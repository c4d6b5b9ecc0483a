//! Opening refuses every file that is not a healthy Dermalog database of a version this app
//! knows, and never changes such a file.

use std::fs;
use std::path::Path;

use dermalog_core::db::{LATEST_VERSION, MIGRATIONS};
use dermalog_core::{Db, OpenError};
use rusqlite::Connection;

use super::fixtures::{add_patient, fresh, now};

fn bytes(path: &Path) -> Vec<u8> {
    fs::read(path).expect("read file")
}

#[test]
fn a_new_database_gets_wal_full_sync_foreign_keys_and_our_application_id() {
    let t = fresh();
    t.db.read(|c| {
        let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        let sync: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0))?;
        let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        let app: i32 = c.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
        assert_eq!(mode, "wal");
        assert_eq!(sync, 2, "synchronous=FULL");
        assert_eq!(fk, 1);
        assert_eq!(app, dermalog_core::db::APPLICATION_ID);
        assert_eq!(version, LATEST_VERSION);
        Ok(())
    })
    .expect("pragmas");
    let leftovers: Vec<_> = fs::read_dir(t.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".creating-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left behind: {leftovers:?}"
    );
}

#[test]
fn reopening_keeps_data_and_the_workstation_id() {
    let t = fresh();
    let ws = t.db.workstation_id();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let path = t.db.path().to_path_buf();
    drop(t.db);
    let db = Db::open(&path, now()).expect("reopen");
    assert_eq!(
        db.workstation_id(),
        ws,
        "one workstation id per installation"
    );
    assert_eq!(
        dermalog_core::patients::get(&db, p.id)
            .expect("still there")
            .family_name,
        "Lovelace"
    );
}

#[test]
fn an_empty_file_is_refused_and_left_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    fs::write(&path, b"").expect("create empty");
    let err = Db::open(&path, now()).expect_err("refused");
    assert!(matches!(err, OpenError::Empty { .. }), "{err:?}");
    assert_eq!(err.code(), "EmptyFile");
    assert_eq!(
        fs::metadata(&path).expect("still there").len(),
        0,
        "not initialised"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let content = b"Name,DOB\nAda,1990-01-01\n".repeat(50);
    fs::write(&path, &content).expect("write");
    let err = Db::open(&path, now()).expect_err("refused");
    assert_eq!(err.code(), "NotADatabase", "{err}");
    assert_eq!(bytes(&path), content);
}

#[test]
fn another_applications_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("other.sqlite3");
    {
        let c = Connection::open(&path).expect("create");
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .expect("fill");
    }
    let before = bytes(&path);
    let err = Db::open(&path, now()).expect_err("refused");
    assert_eq!(err.code(), "ForeignDatabase", "{err}");
    assert_eq!(bytes(&path), before, "not migrated into");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let t = fresh();
    let path = t.db.path().to_path_buf();
    drop(t.db);
    {
        let c = Connection::open(&path).expect("open");
        c.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .expect("bump");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("checkpoint");
    }
    let before = bytes(&path);
    let err = Db::open(&path, now()).expect_err("refused");
    match &err {
        OpenError::Newer {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (LATEST_VERSION + 1, LATEST_VERSION));
        }
        other => panic!("expected Newer, got {other:?}"),
    }
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_damaged_database_is_refused_untouched() {
    let t = fresh();
    for i in 0..200 {
        add_patient(&t.db, &format!("Given{i}"), &format!("Family{i}"));
    }
    let path = t.db.path().to_path_buf();
    drop(t.db);
    {
        // Move everything into the main file so the damage below is what SQLite reads.
        let c = Connection::open(&path).expect("open");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("checkpoint");
    }
    let mut data = bytes(&path);
    let page = 4096;
    assert!(data.len() > page * 6, "database spans several pages");
    // Overwrite pages 3..6 (b-tree pages of the tables) with noise; keep the header page.
    for (i, b) in data[page * 2..page * 6].iter_mut().enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    fs::write(&path, &data).expect("damage");
    let err = Db::open(&path, now()).expect_err("refused");
    assert!(
        matches!(err.code(), "Corrupt" | "NotADatabase"),
        "damage is reported as such, got {err:?}"
    );
    assert_eq!(
        bytes(&path),
        data,
        "the damaged file is left exactly as found"
    );
}

#[test]
fn migration_list_matches_the_migrations_folder() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("migrations folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<&str> = MIGRATIONS.iter().map(|m| m.file).collect();
    assert_eq!(
        files, listed,
        "every file in migrations/ is embedded, in order"
    );
    for (m, file) in MIGRATIONS.iter().zip(&files) {
        let on_disk = fs::read_to_string(dir.join(file)).expect("read");
        assert_eq!(m.sql, on_disk, "{file} embedded as on disk");
        assert!(
            file.starts_with(&format!("{:04}_", m.version)),
            "{file} is numbered {}",
            m.version
        );
    }
}
