//! Accounts in the real window: first-run set-up, sign-out and a refused sign-in (both
//! audited, the trail intact), and the idle lock that keeps an unsaved form.

use std::time::{Duration, Instant};

use dermalog_core::{audit, reference, Db};

use super::driver::{testid, Driver};
use super::seed::{seed, PASSWORD};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_sets_up_the_clinic_and_a_wrong_password_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let driver = Driver::start();
    let ui = driver.launch_unseeded(&db).await;

    ui.el(&testid("setup-form")).await;
    ui.fill("setup-clinic", "Harbour Skin Clinic").await;
    ui.fill("setup-display-name", "Dr Ana Silva").await;
    ui.fill("setup-signature", "Dr Ana Silva, MD").await;
    ui.fill("setup-registration", "GMC 1234567").await;
    ui.fill("setup-username", "ana").await;
    ui.fill("setup-password", "too short").await;
    ui.fill("setup-confirm", "too short").await;
    ui.click(&testid("setup-submit")).await;
    ui.wait_text(&testid("setup-form"), &["at least 10 characters"])
        .await;
    let setup_shot = ui.screenshot("first-run-setup").await;
    ui.fill("setup-password", PASSWORD).await;
    ui.fill("setup-confirm", PASSWORD).await;
    ui.click(&testid("setup-submit")).await;
    // The new clinic's database is encrypted; its recovery key is shown once, to print.
    ui.el(&testid("recovery-key-text")).await;
    let key_shot = ui.screenshot("recovery-key").await;
    let recovery_key = ui.text(&testid("recovery-key-text")).await;
    assert_eq!(recovery_key.trim().len(), 39, "{recovery_key}");
    ui.click(&testid("recovery-key-stored")).await;
    ui.click(&testid("recovery-key-continue")).await;
    ui.el(&testid("patient-search")).await;

    ui.click(&testid("sign-out")).await;
    ui.el(&testid("signin-form")).await;
    ui.fill("signin-username", "ana").await;
    ui.fill("signin-password", "not the password").await;
    ui.click(&testid("signin-submit")).await;
    ui.wait_text(&testid("signin-error"), &["do not match"])
        .await;
    let signin_shot = ui.screenshot("sign-in-refused").await;
    assert_eq!(ui.count(&testid("patient-search")).await, 0);
    ui.sign_in("ana", PASSWORD).await;

    ui.click(&testid("audit-link")).await;
    ui.wait_text(&testid("audit-table"), &["Sign-in failed", "Dr Ana Silva"])
        .await;
    ui.click(&testid("audit-verify")).await;
    ui.wait_text(&testid("audit-ok"), &["intact"]).await;
    let audit_shot = ui.screenshot("audit-trail").await;

    ui.click(&testid("backups-link")).await;
    ui.click(&testid("backup-now")).await;
    ui.wait_text(&testid("backup-done"), &["Backup written", "dermalog-"])
        .await;
    ui.wait_count(&testid("backup-row"), 1).await;
    ui.wait_text(&testid("backup-status"), &["Last backup"])
        .await;
    let backup_shot = ui.screenshot("backups").await;

    // Restoring it: the app asks, swaps the file under its own connection, signs out.
    ui.click(&testid("backup-restore")).await;
    ui.click(&testid("restore-confirm")).await;
    ui.el(&testid("signin-form")).await;
    ui.sign_in("ana", PASSWORD).await;
    ui.click(&testid("audit-link")).await;
    ui.wait_text(&testid("audit-table"), &["Restored from a backup"])
        .await;
    ui.quit().await;
    let written: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .expect("backup folder beside the database")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".sqlite3"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let set_aside = std::fs::read_dir(dir.path())
        .expect("database folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".before-restore-"))
        .count();
    assert!(set_aside >= 1, "the replaced database is kept");

    // A new run: the encrypted database stays sealed until a sign-in opens it.
    let ui = driver.launch_unseeded(&db).await;
    ui.wait_text(&testid("signin-form"), &["encrypted"]).await;
    let sealed_shot = ui.screenshot("sign-in-sealed").await;
    ui.sign_in("ana", PASSWORD).await;
    ui.el(&testid("patient-search")).await;
    ui.quit().await;
    let head = std::fs::read(&db).expect("database file");
    assert_ne!(&head[..16], b"SQLite format 3\0", "encrypted at rest");

    let key = dermalog_core::keys::unlock(&db, "ana", PASSWORD).expect("the admin's key");
    let opened = Db::open_with(
        &db,
        chrono::Utc::now(),
        &dermalog_core::OpenOptions {
            key: Some(key),
            ..Default::default()
        },
    )
    .expect("database");
    let actions: Vec<_> = audit::list(&opened, &Default::default())
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    for wanted in [
        audit::Action::Create,
        audit::Action::SignOut,
        audit::Action::SignInFailed,
        audit::Action::SignIn,
    ] {
        assert!(actions.contains(&wanted), "{wanted:?} in {actions:?}");
    }
    let report = audit::verify(&opened).expect("verify");
    assert!(report.ok, "{report:?}");
    println!(
        "screenshots: {} {} {} {} {} {}",
        setup_shot.display(),
        key_shot.display(),
        signin_shot.display(),
        audit_shot.display(),
        backup_shot.display(),
        sealed_shot.display()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_app_locks_and_unlocks_to_the_unsaved_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db, 30);
    {
        // The shortest limit the clinic can set.
        let (opened, by) = super::seed::open(&db, chrono::Utc::now());
        let mut settings = reference::list(&opened).expect("reference").settings;
        settings.idle_lock_minutes = 1;
        reference::save_settings(&opened, settings, &by).expect("settings");
    }
    let driver = Driver::start_with_limit(Duration::from_secs(240));
    let ui = driver.launch(&db).await;
    ui.click(&testid("new-patient")).await;
    ui.fill("given_name", "Grace").await;

    let deadline = Instant::now() + Duration::from_secs(120);
    while ui.count(&testid("lock-screen")).await == 0 {
        assert!(Instant::now() < deadline, "the app did not lock");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let shot = ui.screenshot("lock-screen").await;
    ui.fill("unlock-password", PASSWORD).await;
    ui.click(&testid("unlock-submit")).await;
    ui.wait_count(&testid("lock-screen"), 0).await;
    let value = ui
        .el("[id=\"given_name\"]")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(value.as_deref(), Some("Grace"), "the unsaved form survived");
    ui.quit().await;
    println!("screenshot: {}", shot.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_session_refuses_edits_and_shows_its_addendum_beside_the_signature() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db, 30);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    // Record: repeat the last session and save it as it stands.
    ui.click(&testid("patient-row")).await;
    ui.click(&testid("repeat-last-session")).await;
    ui.wait_text("h1", &["repeating"]).await;
    ui.click(&testid("save-session")).await;
    ui.wait_text(&testid("session-detail"), &["Cheek, left", "HA-7781"])
        .await;
    ui.wait_text(&testid("session-status"), &["Draft — not signed"])
        .await;

    ui.click(&testid("sign-session")).await;
    ui.fill("sign-password", "not my password").await;
    ui.click(&testid("sign-submit")).await;
    ui.wait_text(&testid("session-detail"), &["password is not right"])
        .await;
    ui.fill("sign-password", PASSWORD).await;
    ui.click(&testid("sign-submit")).await;
    ui.wait_text(
        &testid("signature-line"),
        &["Signed by Dr Mei Lee, MBBS", "as author"],
    )
    .await;
    let session_url = ui.c.current_url().await.expect("url").to_string();

    // The edit page of a signed session offers no form, only the way to an addendum.
    let edit = format!("{session_url}/edit");
    ui.c.goto(&edit).await.expect("edit route");
    ui.wait_text(&testid("signed-notice"), &["signed", "addendum"])
        .await;
    assert_eq!(ui.count(&testid("save-session")).await, 0);
    ui.c.goto(&session_url).await.expect("back to the session");

    ui.click(&testid("add-addendum")).await;
    ui.choose("addendum-kind", "Correction").await;
    ui.fill("addendum-text", "Left cheek depth was 1.5 mm, not 1.25 mm.")
        .await;
    ui.click(&testid("addendum-save")).await;
    ui.wait_text(&testid("error-reason"), &["Say why"]).await;
    ui.fill("addendum-reason", "Depth misread from the pen display")
        .await;
    ui.click(&testid("addendum-save")).await;
    let addendum = ui
        .wait_text(
            &testid("addendum"),
            &[
                "Correction",
                "Depth misread",
                "1.5 mm, not 1.25",
                "Dr Mei Lee",
            ],
        )
        .await;
    ui.wait_text(&testid("signature-line"), &["as author"])
        .await;
    let detail = ui.text(&testid("session-detail")).await;
    assert!(
        detail.contains("Cheek, left\tDerma pen\nGeneric Motorised pen, 0.25 mm steps\t1.25 mm"),
        "the signed depth stays as signed beside {addendum}"
    );
    let shot = ui.screenshot("signed-session-addendum").await;

    // The history shows both: the newest card carries the signature line and the addendum.
    ui.click(&testid("patient-row")).await;
    ui.wait_text(
        &testid("card-signature"),
        &["Signed by Dr Mei Lee, MBBS", "as author"],
    )
    .await;
    ui.wait_text(&testid("card-addendum"), &["Correction", "Depth misread"])
        .await;
    let history = ui.screenshot("history-signed-addendum").await;
    ui.quit().await;

    let opened = Db::open(&db, chrono::Utc::now()).expect("database");
    let signatures = dermalog_core::signing::verify(&opened).expect("verify");
    assert_eq!((signatures.checked, signatures.mismatches.len()), (1, 0));
    assert!(audit::verify(&opened).expect("audit").ok);
    println!("screenshots: {} {}", shot.display(), history.display());
}
