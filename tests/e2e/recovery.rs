//! Recovery in the real window: a database emptied behind the app's back is refused, copied
//! into quarantine as found, and restored from the newest backup on the recovery page by an
//! admin of that backup; and a second launch on the same database brings the first forward
//! instead of running beside it.

use std::process::Command;
use std::time::{Duration, Instant};

use dermalog_core::backup::{self, BackupReason};

use super::driver::{app_binary, testid, Driver};
use super::seed::{seed, PASSWORD, USERNAME};

#[tokio::test(flavor = "multi_thread")]
async fn an_emptied_database_is_restored_from_the_newest_backup_on_the_recovery_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db, 10);
    {
        let (opened, _) = super::seed::open(&db, chrono::Utc::now());
        backup::create(
            &opened,
            &backup::dir_for(&db),
            BackupReason::Manual,
            chrono::Utc::now(),
        )
        .expect("backup");
    }
    std::fs::write(&db, b"").expect("empty the database");

    let driver = Driver::start();
    let ui = driver.launch_unseeded(&db).await;
    ui.wait_text(&testid("startup-problem"), &["empty", "clinic.sqlite3"])
        .await;
    ui.wait_text(&testid("quarantine-folder"), &["quarantine"])
        .await;
    ui.el(&testid("newest-backup")).await;
    ui.fill("recovery-username", USERNAME).await;
    ui.fill("recovery-password", "not the password").await;
    ui.click(&testid("recovery-restore")).await;
    ui.el(&testid("recovery-error")).await;
    assert_eq!(
        std::fs::metadata(&db).expect("db").len(),
        0,
        "a refused attempt moves nothing"
    );
    let shot = ui.screenshot("recovery-page").await;

    ui.fill("recovery-password", PASSWORD).await;
    ui.click(&testid("recovery-restore")).await;
    ui.el(&testid("signin-form")).await;
    ui.sign_in(USERNAME, PASSWORD).await;
    ui.fill("patient-search", "Nigh").await;
    ui.wait_text(&testid("patient-row"), &["Nightingale"]).await;
    ui.quit().await;

    let quarantined: Vec<_> = std::fs::read_dir(dir.path().join("quarantine"))
        .expect("quarantine folder")
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(quarantined.len(), 1);
    assert_eq!(
        std::fs::metadata(quarantined[0].path().join("clinic.sqlite3"))
            .expect("the copy as found")
            .len(),
        0
    );
    println!("screenshot: {}", shot.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_on_the_same_database_leaves_the_first_running() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    ui.el(&testid("patient-search")).await;

    let started = Instant::now();
    let mut second = Command::new(app_binary())
        .arg("--db")
        .arg(&db)
        .spawn()
        .expect("second launch");
    let status = loop {
        if let Some(s) = second.try_wait().expect("wait") {
            break s;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = second.kill();
            panic!("the second launch kept running beside the first");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
    println!(
        "second launch handed over and exited in {} ms",
        started.elapsed().as_millis()
    );
    // The first is still there and working.
    ui.fill("patient-search", "anyone").await;
    ui.el(&testid("patient-search")).await;
    ui.quit().await;
}
