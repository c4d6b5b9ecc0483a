//! Courses in the real window: an overdue course shows in the clinic-wide due list; the
//! repeat session joins the course as "session 2 of 6"; an area picked on the face map
//! becomes a row; the course is back on track after the save.

use super::driver::{testid, Driver};
use super::seed::seed_in_course;

#[tokio::test(flavor = "multi_thread")]
async fn an_overdue_course_is_listed_and_the_next_session_joins_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    // The first session 35 days ago, every 28 days: the second is a week late.
    seed_in_course(&db, 35);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    ui.wait_text(&testid("due-count"), &["1"]).await;
    ui.click(&testid("due-link")).await;
    ui.wait_text(
        &testid("due-row"),
        &["Nightingale", "Acne scars, face", "7 days"],
    )
    .await;
    let due = ui.screenshot("due-list").await;

    ui.click(&format!("{} a", testid("due-row"))).await;
    ui.wait_text(&testid("courses"), &["1 of 6"]).await;
    ui.wait_text(&testid("course-state"), &["Overdue"]).await;

    ui.click(&testid("repeat-last-session")).await;
    ui.wait_text(&testid("course-position"), &["2 of 6"]).await;
    // The forehead, picked on the face map, joins the three repeated areas.
    ui.click(&testid("map-spot-forehead")).await;
    ui.choose("areas-3-device_kind", "Derma pen").await;
    ui.fill("areas-3-needle_depth_mm", "0.5").await;
    ui.fill("areas-3-passes", "2").await;
    ui.scroll_to(&testid("session-course")).await;
    let form = ui.screenshot("session-form-course-map").await;
    ui.click(&testid("save-session")).await;
    ui.wait_text(&testid("session-detail"), &["2 of 6", "Forehead"])
        .await;

    ui.click(&testid("patient-row")).await;
    ui.wait_text(&testid("courses"), &["2 of 6"]).await;
    ui.wait_text(&testid("course-state"), &["On track"]).await;
    ui.quit().await;
    println!("screenshots: {} {}", due.display(), form.display());
}
