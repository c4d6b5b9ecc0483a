//! A full disk, on a real size-limited tmpfs: a save that does not fit fails with
//! [`Error::DiskFull`] and its plain message, every save acknowledged before it is still there
//! (after a reopen, and without one), saving works again once space returns, and a backup
//! into a full folder fails the same way without leaving or promoting a partial file. A
//! disk so full that only commits reusing space inside the `-wal` still fit keeps those saves,
//! and the head file they could not update neither locks the clinic out nor stays behind.
//!
//! Mounting needs root (or CAP_SYS_ADMIN). Where the machine cannot mount a tmpfs, each test
//! prints why it skipped and passes; nothing else skips.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use dermalog_core::audit;
use dermalog_core::backup::{self, BackupReason};
use dermalog_core::patients;
use dermalog_core::{accounts, Db, Error};
use uuid::Uuid;

use super::fixtures::{add_patient, by, fresh, now, patient_input, setup};

const FILE: &str = "clinic.sqlite3";
const MESSAGE: &str = "The disk is full, so this was not saved. Nothing already saved is \
                       affected. Free some space, then try again.";

/// A tmpfs of a fixed size mounted on a fresh temp folder; unmounted when dropped, also when
/// the test panics, before the folder itself is removed.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts `bytes` of tmpfs, or says why the machine cannot.
    fn mount(bytes: u64) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
            .arg("tmpfs")
            .arg(dir.path())
            .output()
            .map_err(|e| format!("mount could not be run: {e}"))?;
        if !out.status.success() {
            let said = String::from_utf8_lossy(&out.stderr);
            return Err(said.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Changes the size in place (what an admin freeing space on the volume amounts to).
    fn resize(&self, bytes: u64) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={bytes}")])
            .arg(self.path())
            .status()
            .expect("run mount");
        assert!(status.success(), "remount to {bytes} bytes");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazy, so a file still open in a failing test cannot keep the mount alive.
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// Mounts a tmpfs, or prints why not and returns `None` so the test can end there.
fn tmpfs_or_skip(bytes: u64) -> Option<Tmpfs> {
    match Tmpfs::mount(bytes) {
        Ok(disk) => Some(disk),
        Err(reason) => {
            eprintln!("skipped: cannot mount a tmpfs here ({reason})");
            None
        }
    }
}

/// Fills the volume holding `dir` with one file until the system says it is full, then
/// gives `headroom` bytes back; returns the file, to delete when space should return.
fn fill_leaving(dir: &Path, headroom: u64) -> PathBuf {
    let filler = dir.join("filler");
    let mut f = File::create(&filler).expect("filler");
    let block = [0u8; 4096];
    let mut written: u64 = 0;
    loop {
        match f.write(&block) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("filling the disk failed otherwise: {e}"),
        }
    }
    assert!(written > headroom, "the volume was already nearly full");
    f.set_len(written - headroom).expect("give space back");
    filler
}

/// A clinic database, set up, on `dir`.
fn clinic_on(dir: &Path) -> Db {
    let db = Db::open(&dir.join(FILE), now()).expect("create database");
    accounts::set_up(&db, setup(), now()).expect("set up the clinic");
    db
}

/// Saves new patients until one is refused; returns the acknowledged ids, the refused id and
/// its error. A refusal for any reason but a full disk fails the test.
fn save_until_full(db: &Db) -> (Vec<Uuid>, Uuid, Error) {
    let mut acknowledged = Vec::new();
    for i in 0..5_000 {
        let input = patient_input("Ada", &format!("Lovelace{i}"));
        let id = input.id;
        match patients::save(db, input, &by(now())) {
            Ok(p) => acknowledged.push(p.id),
            Err(e @ Error::DiskFull { .. }) => return (acknowledged, id, e),
            Err(other) => panic!("save {i} failed, but not as a full disk: {other:?}"),
        }
    }
    panic!("5000 saves fitted: the disk never filled")
}

fn assert_clear_disk_full(e: &Error) {
    assert!(matches!(e, Error::DiskFull { .. }), "{e:?}");
    assert_eq!(e.to_string(), MESSAGE);
}

/// The whole file is sound and holds every acknowledged save, and not the refused one.
fn assert_intact(db: &Db, acknowledged: &[Uuid], refused: Uuid) {
    let integrity: String = db
        .read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .expect("integrity_check");
    assert_eq!(integrity, "ok");
    let fk_problems: usize = db
        .read(|c| {
            let mut stmt = c.prepare("PRAGMA foreign_key_check")?;
            let n = stmt.query_map([], |_| Ok(()))?.count();
            Ok(n)
        })
        .expect("foreign_key_check");
    assert_eq!(fk_problems, 0, "rows point at missing parents");
    for (n, id) in acknowledged.iter().enumerate() {
        if let Err(e) = patients::get(db, *id) {
            panic!(
                "acknowledged save {n} of {} is lost: {e:?}",
                acknowledged.len()
            );
        }
    }
    assert!(
        matches!(patients::get(db, refused), Err(Error::NotFound { .. })),
        "the save reported as not saved must not be there"
    );
    let report = audit::verify(db).expect("verify");
    assert!(report.ok, "{:?}", report.problems);
}

/// The files in `dir`, by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// This workstation's newest audit row, and the one the head file beside the database names.
fn audit_rows(db: &Db) -> (i64, i64) {
    let newest: i64 = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT max(seq) FROM audit_event WHERE workstation_id = ?1",
                [db.workstation_id().to_string()],
                |r| r.get(0),
            )?)
        })
        .expect("newest row");
    let file = audit::head::read(&audit::head::path_for(db.path()))
        .expect("head file readable")
        .expect("head file present");
    (newest, file.seq)
}

#[test]
fn a_full_disk_refuses_the_save_loses_nothing_and_the_reopened_file_saves_again() {
    let Some(disk) = tmpfs_or_skip(4 << 20) else {
        return;
    };
    let db = clinic_on(disk.path());
    let filler = fill_leaving(disk.path(), 1 << 20);
    let (acknowledged, refused, e) = save_until_full(&db);
    eprintln!(
        "{} saves acknowledged in 1 MiB of headroom before the disk was full",
        acknowledged.len()
    );
    assert!(acknowledged.len() >= 5, "the headroom held several saves");
    assert_clear_disk_full(&e);

    // Closed while the disk is still full (the app quit), then space returns.
    drop(db);
    fs::remove_file(&filler).expect("free space");
    let db = Db::open(&disk.path().join(FILE), now()).expect("the database opens again");
    assert_intact(&db, &acknowledged, refused);
    add_patient(&db, "Grace", "Hopper");
    assert!(audit::verify(&db).expect("verify").ok);
}

#[test]
fn saving_works_again_when_space_returns_without_a_reopen() {
    let Some(disk) = tmpfs_or_skip(4 << 20) else {
        return;
    };
    let db = clinic_on(disk.path());
    let filler = fill_leaving(disk.path(), 256 << 10);
    let (acknowledged, refused, e) = save_until_full(&db);
    assert_clear_disk_full(&e);
    // Still full: the same act is refused again, with the same message.
    let again = patients::save(&db, patient_input("Ada", "Byron"), &by(now()));
    assert_clear_disk_full(&again.expect_err("still full"));

    fs::remove_file(&filler).expect("free space");
    let after = add_patient(&db, "Grace", "Hopper");
    assert_intact(&db, &acknowledged, refused);
    assert!(patients::get(&db, after.id).is_ok());
}

#[test]
fn a_backup_into_a_full_folder_fails_clearly_and_promotes_nothing() {
    let t = fresh();
    for i in 0..20 {
        add_patient(&t.db, "Ada", &format!("Lovelace{i}"));
    }
    // How big a copy is, measured on a roomy disk.
    let roomy = t.dir.path().join("roomy");
    let full_size = backup::create(&t.db, &roomy, BackupReason::Manual, now())
        .expect("backup")
        .bytes;
    let Some(disk) = tmpfs_or_skip((full_size / 2).next_multiple_of(4096)) else {
        return;
    };
    let dir = disk.path().join("backups");
    let e = backup::create(&t.db, &dir, BackupReason::Manual, now()).expect_err("does not fit");
    eprintln!(
        "a {full_size}-byte copy into a {}-byte folder",
        full_size / 2
    );
    assert_clear_disk_full(&e);
    assert_eq!(names_in(&dir), Vec::<String>::new(), "nothing left behind");
    assert!(backup::list(&dir).expect("list").is_empty());

    // The live database is untouched and keeps saving.
    let p = add_patient(&t.db, "Grace", "Hopper");
    assert!(patients::get(&t.db, p.id).is_ok());
    assert!(audit::verify(&t.db).expect("verify").ok);

    // Space returns: the same folder takes the backup.
    disk.resize(full_size * 4);
    let info = backup::create(&t.db, &dir, BackupReason::Manual, now()).expect("fits now");
    assert_eq!(backup::list(&dir).expect("list"), vec![info]);
}

#[test]
fn a_full_disk_with_room_left_in_the_wal_keeps_saves_and_the_head_file_catches_up() {
    let Some(disk) = tmpfs_or_skip(4 << 20) else {
        return;
    };
    let db = clinic_on(disk.path());
    for i in 0..30 {
        add_patient(&db, "Ada", &format!("Lovelace{i}"));
    }
    // The next commits restart at the beginning of the -wal, in space it already holds.
    db.read(|c| {
        c.query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()))?;
        Ok(())
    })
    .expect("checkpoint");
    let filler = fill_leaving(disk.path(), 0);
    let (acknowledged, refused, e) = save_until_full(&db);
    assert_clear_disk_full(&e);
    let (newest, in_file) = audit_rows(&db);
    eprintln!(
        "{} saves acknowledged on a full disk; head file left at row {in_file} of {newest}",
        acknowledged.len()
    );
    assert!(acknowledged.len() >= 5, "commits reused the -wal's space");
    assert!(
        in_file < newest,
        "precondition: the head file could not be rewritten while commits fitted"
    );
    assert!(
        !names_in(disk.path()).iter().any(|n| n.ends_with(".tmp")),
        "a head file that could not be written leaves nothing behind: {:?}",
        names_in(disk.path())
    );

    // The app restarts before space is freed: the high-water check accepts a head file that
    // is behind (it is not a sign of lost rows), so the clinic is not locked out.
    drop(db);
    let db = Db::open(&disk.path().join(FILE), now()).expect("opens on a full disk");
    for id in &acknowledged {
        assert!(patients::get(&db, *id).is_ok(), "acknowledged save lost");
    }
    drop(db);

    fs::remove_file(&filler).expect("free space");
    let db = Db::open(&disk.path().join(FILE), now()).expect("opens");
    let (newest, in_file) = audit_rows(&db);
    assert_eq!(in_file, newest, "the head file is brought up to date");
    assert_intact(&db, &acknowledged, refused);
}
