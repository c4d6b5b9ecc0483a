//! Encryption at rest: an encrypted set-up, key slots per user and for the recovery key, a
//! wrong key refused before anything is written, encrypted backups, and the canary: known
//! patient text written through core appears in no file of the clinic's folder.

use std::fs;
use std::path::{Path, PathBuf};

use dermalog_core::accounts::{self, Role, UserInput};
use dermalog_core::backup::{self, BackupReason};
use dermalog_core::keys::{self, KeyFile};
use dermalog_core::{patients, sessions, Db, Error, OpenError, OpenOptions};
use uuid::Uuid;

use super::fixtures::{self, now, PASSWORD, USER_ID};

struct Clinic {
    dir: tempfile::TempDir,
    db: Db,
    recovery: String,
}

impl Clinic {
    fn path(&self) -> PathBuf {
        self.dir.path().join("clinic.sqlite3")
    }
}

fn encrypted() -> Clinic {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let (db, user, recovery) =
        keys::set_up(&path, &OpenOptions::default(), fixtures::setup(), now()).expect("set up");
    assert_eq!(user.id, USER_ID);
    Clinic {
        dir,
        db,
        recovery: recovery.0,
    }
}

fn with_key(key: keys::DbKey) -> OpenOptions {
    OpenOptions {
        key: Some(key),
        ..OpenOptions::default()
    }
}

fn sha(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(fs::read(path).expect("read")).to_vec()
}

#[test]
fn set_up_makes_an_encrypted_file_that_the_admin_and_the_recovery_key_open() {
    let c = encrypted();
    let path = c.path();
    assert!(c.db.is_encrypted());
    let head = fs::read(&path).expect("read");
    assert_ne!(&head[..16], b"SQLite format 3\0", "no plaintext header");
    let file = KeyFile::read(&keys::path_for(&path))
        .expect("read")
        .expect("a key file");
    assert!(!file.setup_pending, "set-up finished");
    assert_eq!(file.users(), vec![USER_ID], "one slot: the admin");
    drop(c.db);

    let key = keys::unlock(&path, "TESTER", PASSWORD).expect("the admin's password opens it");
    let db = Db::open_with(&path, now(), &with_key(key.clone())).expect("opens with the key");
    assert_eq!(accounts::list(&db).expect("users").len(), 1);
    drop(db);
    let by_recovery = keys::unlock_with_recovery(&path, &c.recovery.to_lowercase())
        .expect("the recovery key opens it too");
    assert_eq!(by_recovery, key, "both slots hold the same key");

    for (name, password) in [("tester", "wrong password!"), ("nobody", PASSWORD)] {
        let err = keys::unlock(&path, name, password).expect_err("refused");
        assert!(matches!(err, Error::Denied(_)), "{name}: {err:?}");
    }
    let mut wrong = c.recovery.clone();
    wrong.replace_range(0..1, if wrong.starts_with('A') { "B" } else { "A" });
    assert!(matches!(
        keys::unlock_with_recovery(&path, &wrong),
        Err(Error::Invalid(_))
    ));
    let plain = Db::open(&path, now()).expect_err("no key: not readable");
    assert!(matches!(plain, OpenError::NotADatabase { .. }), "{plain:?}");
}

#[test]
fn a_wrong_key_is_refused_before_anything_is_written() {
    let c = encrypted();
    let path = c.path();
    drop(c.db);
    let before = sha(&path);
    let err =
        Db::open_with(&path, now(), &with_key(keys::DbKey::generate())).expect_err("another key");
    assert!(matches!(err, OpenError::WrongKey { .. }), "{err:?}");
    assert!(
        !err.quarantines(),
        "the file is sound; the key is what is wrong"
    );
    assert_eq!(sha(&path), before, "the file is unchanged");
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());

    // An unencrypted file put where the encrypted one was is refused too.
    let plain = fixtures::fresh();
    let err = Db::open_with(&plain.file(), now(), &with_key(keys::DbKey::generate()))
        .expect_err("plaintext with a key");
    assert!(matches!(err, OpenError::WrongKey { .. }), "{err:?}");
}

fn user(username: &str, password: Option<&str>, active: bool, id: Uuid) -> UserInput {
    UserInput {
        id,
        username: username.into(),
        display_name: username.into(),
        signature_name: username.into(),
        registration: String::new(),
        roles: vec![Role::Aesthetician],
        active,
        password: password.map(Into::into),
    }
}

#[test]
fn slots_follow_accounts_added_repassworded_renamed_and_deactivated() {
    let c = encrypted();
    let by = fixtures::by(now());
    let id = Uuid::now_v7();
    accounts::save_user(&c.db, &by, user("bea", Some("first password 1"), true, id)).expect("add");
    keys::unlock(&c.path(), "bea", "first password 1").expect("a slot for the new user");

    accounts::save_user(&c.db, &by, user("bea", Some("second password 2"), true, id))
        .expect("reset");
    assert!(
        keys::unlock(&c.path(), "bea", "first password 1").is_err(),
        "old password gone"
    );
    keys::unlock(&c.path(), "bea", "second password 2").expect("new password opens");

    accounts::save_user(&c.db, &by, user("beatrix", None, true, id)).expect("rename");
    keys::unlock(&c.path(), "beatrix", "second password 2").expect("the slot follows the name");

    accounts::change_own_password(
        &c.db,
        &dermalog_core::audit::Actor::new(id, now()),
        "second password 2",
        "third password 3",
    )
    .expect("own change");
    keys::unlock(&c.path(), "beatrix", "third password 3").expect("rewrapped");

    accounts::save_user(&c.db, &by, user("beatrix", None, false, id)).expect("deactivate");
    let file = KeyFile::read(&keys::path_for(&c.path()))
        .expect("read")
        .expect("file");
    assert_eq!(
        file.users(),
        vec![USER_ID],
        "a deactivated account has no slot"
    );
    assert!(keys::unlock(&c.path(), "beatrix", "third password 3").is_err());
}

#[test]
fn an_account_without_a_slot_gets_one_at_its_first_sign_in() {
    let c = encrypted();
    let keys_path = keys::path_for(&c.path());
    let mut file = KeyFile::read(&keys_path).expect("read").expect("file");
    assert!(file.remove_user(USER_ID));
    file.write(&keys_path).expect("write");
    assert!(keys::unlock(&c.path(), "tester", PASSWORD).is_err());
    accounts::sign_in(&c.db, "tester", PASSWORD, now()).expect("signs in on the open database");
    keys::unlock(&c.path(), "tester", PASSWORD).expect("now has a slot");
}

#[test]
fn a_key_file_that_cannot_be_written_rolls_the_account_change_back() {
    let c = encrypted();
    let keys_path = keys::path_for(&c.path());
    // A directory where the temporary key file goes makes the write fail.
    fs::create_dir(format!("{}.tmp", keys_path.display())).expect("block");
    let id = Uuid::now_v7();
    let err = accounts::save_user(
        &c.db,
        &fixtures::by(now()),
        user("cara", Some("a password 123"), true, id),
    )
    .expect_err("refused");
    assert!(matches!(err, Error::Keys(_)), "{err:?}");
    assert!(
        accounts::get(&c.db, id).is_err(),
        "the account was not created without its slot"
    );
}

#[test]
fn backups_are_encrypted_carry_their_key_file_and_restore() {
    let c = encrypted();
    fixtures::add_patient(&c.db, "Ada", "Backup");
    let dir = c.dir.path().join("backups");
    let info = backup::create(&c.db, &dir, BackupReason::Manual, now()).expect("backup");
    assert!(info.encrypted);
    let file = dir.join(&info.file_name);
    assert_ne!(&fs::read(&file).expect("read")[..16], b"SQLite format 3\0");
    assert!(
        keys::path_for(&file).is_file(),
        "the key file goes beside the backup"
    );
    let key = keys::unlock(&file, "tester", PASSWORD).expect("the backup's own key file opens it");
    backup::check(&dir, &info, Some(&key)).expect("checks with the key");
    assert!(
        backup::check(&dir, &info, None).is_err(),
        "unreadable without it"
    );
    let path = c.path();
    drop(c.db);
    // Even with the database's own key file lost, the restore brings the backup's.
    fs::remove_file(keys::path_for(&path)).expect("lose the key file");
    backup::restore(&dir, &info, &path, now(), Some(&key)).expect("restore");
    let key = keys::unlock(&path, "tester", PASSWORD).expect("key file back");
    let db = Db::open_with(&path, now(), &with_key(key)).expect("opens");
    assert_eq!(
        patients::list(&db, &Default::default())
            .expect("list")
            .len(),
        1
    );
}

#[test]
fn an_unfinished_set_up_is_set_aside_and_can_start_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let key = keys::DbKey::generate();
    let (file, _) = KeyFile::new(&key, true).expect("new");
    file.write(&keys::path_for(&path)).expect("write");
    drop(Db::open_with(&path, now(), &with_key(key)).expect("create"));
    let aside = keys::set_aside_unfinished(&path, now())
        .expect("set aside")
        .expect("it was unfinished");
    assert!(!path.exists() && !keys::path_for(&path).exists());
    assert!(aside.join("clinic.sqlite3").is_file() && aside.join("clinic.sqlite3.keys").is_file());
    keys::set_up(&path, &OpenOptions::default(), fixtures::setup(), now()).expect("again");
    assert!(
        keys::set_aside_unfinished(&path, now())
            .expect("ok")
            .is_none(),
        "a finished set-up is never set aside"
    );
}

/// Every file under `dir` (database, -wal, backups, key files, quarantine), searched for
/// `needle`; returns the files that hold it.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if fs::read(&p)
                .expect("read")
                .windows(needle.len())
                .any(|w| w == needle)
            {
                hits.push(p);
            }
        }
    }
    hits
}

#[test]
fn canary_patient_text_is_in_no_file_of_the_clinic() {
    let c = encrypted();
    let canary = "Zebulon Quistgaard-Canary";
    let note = "canary note 7f3e: keloid on left cheek";
    let p = fixtures::add_patient(&c.db, "Zebulon", "Quistgaard-Canary");
    let mut s = fixtures::session_input(&c.db, p.id);
    s.notes = note.into();
    sessions::save(&c.db, s, &fixtures::by(now())).expect("session");
    let dir = c.dir.path().join("backups");
    backup::create(&c.db, &dir, BackupReason::Manual, now()).expect("backup");
    // Sorts and temporary tables stay in memory, so no temp file can hold decrypted pages.
    let temp_store: i64 =
        c.db.read(|conn| Ok(conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?))
            .expect("pragma");
    assert_eq!(temp_store, 2, "MEMORY");
    // Pages past SQLite's cache are decrypted again on every read: the cache is 256 MiB.
    let cache: i64 =
        c.db.read(|conn| Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?))
            .expect("pragma");
    assert_eq!(cache, -262_144);
    // The -wal holds the newest pages now; it is searched as well as the main file.
    assert!(Path::new(&format!("{}-wal", c.path().display())).exists());
    for needle in ["Quistgaard-Canary", "canary note 7f3e", canary] {
        let hits = files_holding(c.dir.path(), needle.as_bytes());
        assert!(hits.is_empty(), "{needle:?} found in {hits:?}");
    }
    // The search can find what it looks for: the same text in a plaintext clinic.
    let plain = fixtures::fresh();
    fixtures::add_patient(&plain.db, "Zebulon", "Quistgaard-Canary");
    assert!(!files_holding(plain.dir.path(), b"Quistgaard-Canary").is_empty());
}
