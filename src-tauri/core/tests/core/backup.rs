//! Backups on real files: a checked, durable copy with a truthful manifest, taken while
//! saves go on; nothing partial is ever listed; retention keeps 7 daily, 4 weekly and 12
//! monthly backups and never the newest's loss.

use std::fs;

use chrono::{Duration, TimeZone, Utc};
use dermalog_core::backup::{self, BackupInfo, BackupReason};
use dermalog_core::{Db, Error};

use super::fixtures::{add_patient, fresh, now};

#[test]
fn a_backup_is_checked_durable_and_described_by_its_manifest() {
    let t = fresh();
    for i in 0..5 {
        add_patient(&t.db, "Ada", &format!("Lovelace{i}"));
    }
    let dir = t.dir.path().join("backups");
    let info = backup::create(&t.db, &dir, BackupReason::Manual, now()).expect("backup");
    assert_eq!(info.patients, 5);
    assert_eq!(info.reason, BackupReason::Manual);
    assert!(info.file_name.starts_with("dermalog-20261120T100000"));
    assert!(
        info.audit_seq >= 6,
        "set-up and five saves: {}",
        info.audit_seq
    );
    let listed = backup::list(&dir).expect("list");
    assert_eq!(listed, vec![info.clone()]);
    backup::check(&dir, &info, None).expect("re-check");
    // The copy opens as a Dermalog database with the same records.
    let copy = tempfile::tempdir().expect("tempdir");
    fs::copy(
        dir.join(&info.file_name),
        copy.path().join("clinic.sqlite3"),
    )
    .expect("copy");
    let reopened = Db::open(&copy.path().join("clinic.sqlite3"), now()).expect("opens");
    let n: i64 = reopened
        .read(|c| Ok(c.query_row("SELECT count(*) FROM patient", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(n, 5);
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_backup_taken_while_saves_go_on_is_a_consistent_snapshot() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let dir = t.dir.path().join("backups");
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for i in 0..40 {
                add_patient(&t.db, "Grace", &format!("Hopper{i}"));
            }
        });
        let info = backup::create(&t.db, &dir, BackupReason::Scheduled, now()).expect("backup");
        backup::check(&dir, &info, None).expect("consistent");
        writer.join().expect("writer");
    });
    assert_eq!(backup::list(&dir).expect("list").len(), 1);
}

#[test]
fn a_failed_backup_leaves_nothing_listed_and_a_tampered_one_fails_its_check() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let not_a_folder = t.dir.path().join("backups");
    fs::write(&not_a_folder, b"a file where the folder should be").expect("file");
    assert!(matches!(
        backup::create(&t.db, &not_a_folder, BackupReason::Manual, now()),
        Err(Error::Backup(_))
    ));

    let dir = t.dir.path().join("real-backups");
    let mut info = backup::create(&t.db, &dir, BackupReason::Manual, now()).expect("backup");
    fs::write(dir.join(".dermalog-x.partial"), b"half a copy").expect("stray partial");
    assert_eq!(
        backup::list(&dir).expect("list").len(),
        1,
        "partials are not backups"
    );
    info.patients += 1;
    assert!(matches!(
        backup::check(&dir, &info, None),
        Err(Error::Backup(_))
    ));
    fs::write(dir.join(&info.file_name), b"not SQLite any more").expect("damage");
    info.patients -= 1;
    assert!(backup::check(&dir, &info, None).is_err());
}

fn at(days_ago: i64, hour: u32) -> BackupInfo {
    let today = Utc
        .with_ymd_and_hms(2026, 11, 20, 0, 0, 0)
        .single()
        .expect("date");
    let t = today - Duration::days(days_ago) + Duration::hours(i64::from(hour));
    BackupInfo {
        file_name: format!("dermalog-{}.sqlite3", t.format("%Y%m%dT%H%M%S")),
        created_at: t,
        reason: BackupReason::Scheduled,
        bytes: 0,
        patients: 0,
        sessions: 0,
        schema_version: 11,
        audit_workstation: String::new(),
        audit_seq: 0,
        audit_hash: String::new(),
        millis: 0,
        encrypted: false,
    }
}

#[test]
fn retention_keeps_seven_daily_four_weekly_and_twelve_monthly() {
    // Three backups a day (8:00, 12:00, 16:00) for 500 days.
    let all: Vec<BackupInfo> = (0..500)
        .flat_map(|d| [8, 12, 16].map(|h| at(d, h)))
        .collect();
    let today = Utc
        .with_ymd_and_hms(2026, 11, 20, 18, 0, 0)
        .single()
        .expect("now");
    let kept = backup::keep(&all, today);
    let kept_at: Vec<_> = all.iter().filter(|b| kept.contains(&b.file_name)).collect();
    // The newest of each of the last 7 days: their 16:00 backups.
    for d in 0..7 {
        assert!(kept.contains(&at(d, 16).file_name), "day -{d}");
        assert!(
            !kept.contains(&at(d, 12).file_name),
            "only the newest of day -{d}"
        );
    }
    // The oldest kept is the newest of the month 11 months back (December 2025); nothing
    // older survives.
    let oldest = kept_at
        .iter()
        .map(|b| b.created_at)
        .min()
        .expect("some kept");
    assert_eq!(
        oldest,
        Utc.with_ymd_and_hms(2025, 12, 31, 16, 0, 0)
            .single()
            .expect("date")
    );
    assert!(kept.len() <= 7 + 4 + 12, "{} kept", kept.len());
    assert!(kept.len() >= 12 + 4, "{} kept", kept.len());
    // Whatever else, the newest survives.
    assert!(backup::keep(&[at(900, 1)], today).contains(&at(900, 1).file_name));
}

#[test]
fn copies_before_an_upgrade_are_kept_for_a_year() {
    let upgrade = |days_ago, hour| BackupInfo {
        reason: BackupReason::Upgrade,
        ..at(days_ago, hour)
    };
    // Each upgrade copy is followed the same day by a newer scheduled backup, which alone
    // would win its day, week and month.
    let all = vec![
        upgrade(3, 8),
        at(3, 16),
        upgrade(200, 8),
        at(200, 16),
        upgrade(400, 8),
        at(400, 16),
        at(0, 16),
    ];
    let today = Utc
        .with_ymd_and_hms(2026, 11, 20, 18, 0, 0)
        .single()
        .expect("now");
    let kept = backup::keep(&all, today);
    assert!(kept.contains(&upgrade(3, 8).file_name));
    assert!(kept.contains(&upgrade(200, 8).file_name));
    assert!(
        !kept.contains(&upgrade(400, 8).file_name),
        "older than a year: ordinary retention applies"
    );
}

#[test]
fn prune_removes_what_retention_drops_file_and_manifest() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let dir = t.dir.path().join("backups");
    let old = now() - Duration::days(40);
    let a = backup::create(&t.db, &dir, BackupReason::Scheduled, old).expect("a");
    let b = backup::create(
        &t.db,
        &dir,
        BackupReason::Scheduled,
        old + Duration::hours(1),
    )
    .expect("b");
    let c = backup::create(&t.db, &dir, BackupReason::Quit, now()).expect("c");
    let removed = backup::prune(&dir, now()).expect("prune");
    assert_eq!(
        removed,
        vec![a.file_name.clone()],
        "the older of the same day and week"
    );
    assert!(!dir.join(&a.file_name).exists());
    assert!(!dir.join(a.file_name.replace(".sqlite3", ".json")).exists());
    let left: Vec<_> = backup::list(&dir)
        .expect("list")
        .into_iter()
        .map(|i| i.file_name)
        .collect();
    assert_eq!(left, vec![c.file_name, b.file_name]);
}

#[test]
fn a_restore_puts_the_backup_in_place_and_sets_the_current_database_aside() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let dir = t.dir.path().join("backups");
    let info = backup::create(&t.db, &dir, BackupReason::Manual, now()).expect("backup");
    add_patient(&t.db, "Mary", "Somerville");
    let path = t.dir.path().join("clinic.sqlite3");
    drop(t.db);

    let aside = backup::restore(&dir, &info, &path, now(), None).expect("restore");
    let restored = Db::open(&path, now()).expect("the restored file passes every open check");
    let count = |db: &Db| -> i64 {
        db.read(|c| Ok(c.query_row("SELECT count(*) FROM patient", [], |r| r.get(0))?))
            .expect("count")
    };
    assert_eq!(count(&restored), 1, "as backed up");
    assert!(dermalog_core::audit::verify(&restored).expect("verify").ok);
    drop(restored);
    let previous = tempfile::tempdir().expect("tempdir");
    fs::copy(&aside, previous.path().join("clinic.sqlite3")).expect("copy aside");
    let _ = fs::copy(
        format!("{}-wal", aside.display()),
        previous.path().join("clinic.sqlite3-wal"),
    );
    let kept = Db::open(&previous.path().join("clinic.sqlite3"), now()).expect("aside opens");
    assert_eq!(count(&kept), 2, "the replaced database is kept whole");
}

#[test]
fn a_damaged_backup_is_refused_before_anything_moves() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let dir = t.dir.path().join("backups");
    let info = backup::create(&t.db, &dir, BackupReason::Manual, now()).expect("backup");
    let path = t.dir.path().join("clinic.sqlite3");
    drop(t.db);
    let before = fs::read(&path).expect("bytes");
    fs::write(dir.join(&info.file_name), b"damaged").expect("damage");
    assert!(matches!(
        backup::restore(&dir, &info, &path, now(), None),
        Err(Error::Backup(_))
    ));
    assert_eq!(fs::read(&path).expect("bytes"), before, "untouched");
    let names: Vec<_> = fs::read_dir(t.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn a_backup_whose_manifest_cannot_be_written_is_taken_back() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let dir = t.dir.path().join("backups");
    // A folder where this backup's manifest must go: the copy is made, checked and renamed
    // into place, and then the manifest's rename fails.
    let blocker = dir.join("dermalog-20261120T100000000000Z-manual.json");
    fs::create_dir_all(blocker.join("inside")).expect("blocker");
    assert!(matches!(
        backup::create(&t.db, &dir, BackupReason::Manual, now()),
        Err(Error::Backup(_))
    ));
    let names: Vec<_> = fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    assert_eq!(
        names,
        vec!["dermalog-20261120T100000000000Z-manual.json".to_string()],
        "no copy without a manifest, no partial file"
    );
    assert!(backup::list(&dir).expect("list").is_empty());
}
