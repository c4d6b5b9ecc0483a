//! The clinic's Settings drive the checks: an interval warning appears for a session 20 days
//! after the last one, and goes once the clinic sets its minimum interval to 14 days.

use super::driver::{testid, Driver};
use super::seed::seed;

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_minimum_interval_in_settings_changes_the_live_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db, 20);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;

    ui.click(&testid("patient-row")).await;
    ui.click(&testid("repeat-last-session")).await;
    let finding = testid("finding-areas[0].area_id");
    ui.wait_text(&finding, &["20 days before", "minimum interval is 28 days"])
        .await;

    ui.click(&testid("open-settings")).await;
    // The form has unsaved (pre-filled) changes: leaving asks first.
    if ui.count(&testid("confirm-leave")).await > 0 {
        ui.click(&testid("confirm-leave")).await;
    }
    ui.fill("setting-min_interval_days", "14").await;
    ui.click(&testid("save-settings")).await;
    ui.wait_text(&testid("settings-saved"), &[""]).await;
    let shot = ui.screenshot("settings-saved").await;

    ui.click(&testid("patient-row")).await;
    ui.click(&testid("repeat-last-session")).await;
    ui.wait_text("h1", &["repeating"]).await;
    // A depth above the acne-scar upper use (2.0 mm) gives a known warning: once it shows,
    // the check has answered with the new settings, and that answer has no interval warning.
    ui.fill("areas-0-needle_depth_mm", "2.25").await;
    ui.wait_text(&testid("finding-areas[0].needle_depth_mm"), &["upper use"])
        .await;
    assert_eq!(
        ui.text(&finding).await,
        "",
        "no interval warning at 20 days with a 14-day minimum"
    );
    ui.quit().await;
    println!("screenshot: {}", shot.display());
}
