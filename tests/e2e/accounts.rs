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
    ui.quit().await;

    let opened = Db::open(&db, chrono::Utc::now()).expect("database");
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
        "screenshots: {} {}",
        setup_shot.display(),
        signin_shot.display()
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
