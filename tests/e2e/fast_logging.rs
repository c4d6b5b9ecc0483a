//! Fast logging: a typical repeat session (3 areas, 1 serum, 2 reactions) from the patient
//! list to "saved", counting the clicks and keystrokes it takes. The earlier session is
//! seeded on the database file before the app starts, so only the repeat is measured.

use std::time::Instant;

use super::driver::{testid, Driver};
use super::seed::seed;

#[tokio::test(flavor = "multi_thread")]
async fn a_typical_repeat_session_takes_few_clicks_and_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db, 35);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    ui.wait_text(&testid("patient-row"), &["Nightingale"]).await;

    ui.start_counting();
    let t0 = Instant::now();
    ui.click(&testid("patient-row")).await;
    ui.click(&testid("repeat-last-session")).await;
    // Focus starts in the first area's depth: deeper this time, 1.5 mm.
    ui.wait_text("h1", &["repeating"]).await;
    ui.fill("areas-0-needle_depth_mm", "1.5").await;
    ui.click(&testid("add-reaction")).await;
    ui.choose("reactions-0-reaction_type_id", "Erythema / redness")
        .await;
    ui.choose("reactions-0-grade", "2 – mild").await;
    ui.click(&testid("add-reaction")).await;
    ui.choose("reactions-1-reaction_type_id", "Edema / swelling")
        .await;
    ui.choose("reactions-1-grade", "1 – very slight").await;
    ui.fill("pain_score", "4").await;
    ui.save_with_keyboard("pain_score").await;
    ui.el(&testid("saved-notice")).await;
    let elapsed = t0.elapsed();
    let (clicks, keys) = (ui.clicks.get(), ui.keys.get());

    let detail = ui
        .wait_text(
            &testid("session-detail"),
            &["Cheek, left", "Cheek, right", "Chin", "HA-7781", "Edema"],
        )
        .await;
    assert!(
        detail.contains("1.5"),
        "the changed depth was saved: {detail}"
    );
    ui.click(&testid("patient-row")).await;
    ui.wait_text(&testid("session-card"), &["Erythema"]).await;
    assert_eq!(
        ui.count(&testid("session-card")).await,
        2,
        "a new session; the first is unchanged"
    );
    let shot = ui.screenshot("repeat-session-saved").await;
    ui.quit().await;
    println!(
        "Repeat session (3 areas, 1 serum, 2 reactions): {clicks} clicks and {keys} keystrokes, \
         {elapsed:?} of automated input. Screenshot: {}",
        shot.display()
    );
    assert!(
        clicks + keys <= 30,
        "a repeat session stays quick: {clicks} clicks + {keys} keys"
    );
}
