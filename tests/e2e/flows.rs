//! What a clinic does: create a patient, record a session with two areas, a serum and a
//! reaction, find it in the history, quit, relaunch on the same file and find it again.

use std::time::Instant;

use super::driver::{testid, Driver, Ui};

async fn create_patient(ui: &Ui, given: &str, family: &str) {
    ui.click(&testid("new-patient")).await;
    ui.fill("given_name", given).await;
    ui.fill("family_name", family).await;
    ui.set_date("date_of_birth", "1988-04-12").await;
    ui.choose("sex_at_birth", "Female").await;
    ui.click(&testid("save-patient")).await;
    ui.wait_text(&testid("patient-name"), &[family]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_session_is_in_the_history_and_survives_a_relaunch() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    println!("first screen after {:?}", ui.started.elapsed());

    create_patient(&ui, "Ada", "Lovelace").await;
    ui.click(&testid("new-session")).await;
    ui.fill("clinician_name", "Dr. Imani Okafor").await;
    ui.choose("areas-0-area_id", "Cheek, left").await;
    ui.choose("areas-0-device_kind", "Derma pen").await;
    ui.fill("areas-0-needle_depth_mm", "1.5").await;
    ui.fill("areas-0-passes", "3").await;
    ui.fill("areas-0-cartridge_lot", "CART-77").await;
    ui.click(&testid("add-area")).await;
    ui.choose("areas-1-area_id", "Forehead").await;
    ui.choose("areas-1-device_kind", "Derma pen").await;
    ui.fill("areas-1-needle_depth_mm", "0.5").await;
    ui.fill("areas-1-passes", "2").await;
    ui.click(&testid("add-product")).await;
    ui.fill("products-0-name", "Hyaluronic acid serum").await;
    ui.choose("products-0-role", "Serum").await;
    ui.fill("products-0-lot", "HA-7781").await;
    ui.click(&testid("add-reaction")).await;
    ui.choose("reactions-0-reaction_type_id", "Erythema / redness")
        .await;
    ui.choose("reactions-0-grade", "2 – mild").await;
    let form = ui.screenshot("session-form").await;
    ui.click(&testid("save-session")).await;
    ui.wait_text(
        &testid("session-detail"),
        &["Cheek, left", "Forehead", "HA-7781"],
    )
    .await;

    ui.click(&testid("patient-row")).await;
    let card = ui
        .wait_text(
            &testid("session-card"),
            &["Cheek, left", "Forehead", "HA-7781", "Erythema"],
        )
        .await;
    assert!(card.contains("1.5"), "depth shown at a glance: {card}");
    assert_eq!(ui.count(&testid("session-card")).await, 1);
    let history = ui.screenshot("patient-history").await;
    ui.quit().await;

    // Same file, new process: the record is still there.
    let ui = driver.launch(&db).await;
    ui.fill("patient-search", "love").await;
    ui.wait_text(&testid("patient-row"), &["Lovelace"]).await;
    ui.click(&testid("patient-row")).await;
    ui.wait_text(&testid("session-card"), &["Cheek, left", "HA-7781"])
        .await;
    ui.quit().await;
    println!("screenshots: {} {}", form.display(), history.display());
    println!("E2E record-and-relaunch scenario took {:?}", t0.elapsed());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_shown_next_to_its_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let driver = Driver::start();
    let ui = driver.launch(&db).await;

    ui.click(&testid("new-patient")).await;
    ui.fill("given_name", "Grace").await;
    ui.set_date("date_of_birth", "1990-01-01").await;
    ui.choose("sex_at_birth", "Female").await;
    ui.click(&testid("save-patient")).await;
    ui.wait_text(&testid("error-family_name"), &["required"])
        .await;
    let invalid = ui
        .el("#family_name")
        .await
        .attr("aria-invalid")
        .await
        .expect("attr");
    assert_eq!(invalid.as_deref(), Some("true"));
    assert_eq!(
        ui.count(&testid("patient-row")).await,
        0,
        "no patient was created"
    );

    ui.fill("family_name", "Hopper").await;
    ui.click(&testid("save-patient")).await;
    ui.wait_text(&testid("patient-name"), &["Hopper"]).await;
    ui.click(&testid("new-session")).await;
    ui.fill("clinician_name", "Dr. Imani Okafor").await;
    ui.choose("areas-0-area_id", "Forehead").await;
    ui.choose("areas-0-device_kind", "Derma pen").await;
    ui.fill("areas-0-needle_depth_mm", "5").await;
    ui.fill("areas-0-passes", "2").await;
    ui.click(&testid("save-session")).await;
    ui.wait_text(&testid("error-areas[0].needle_depth_mm"), &["3.5"])
        .await;
    let shot = ui.screenshot("session-form-error").await;
    assert_eq!(
        ui.count(&testid("saved-notice")).await,
        0,
        "never claims it saved"
    );
    ui.quit().await;
    println!("screenshot: {}", shot.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_database_file_is_explained_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    std::fs::write(&db, b"").expect("empty file");
    let driver = Driver::start();
    let ui = driver.launch_unseeded(&db).await;
    ui.wait_text(&testid("startup-problem"), &["empty", "clinic.sqlite3"])
        .await;
    assert_eq!(
        ui.count(&testid("patient-search")).await,
        0,
        "no way to write into it"
    );
    let shot = ui.screenshot("startup-problem").await;
    ui.quit().await;
    assert_eq!(
        std::fs::metadata(&db).expect("file").len(),
        0,
        "the file was not touched"
    );
    println!("screenshot: {}", shot.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn depth_guidance_warns_as_you_type_and_a_device_limit_refuses_the_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    create_patient(&ui, "Mary", "Seacole").await;
    ui.click(&testid("new-session")).await;
    ui.fill("clinician_name", "Dr. Imani Okafor").await;
    ui.choose("areas-0-area_id", "Forehead").await;
    ui.choose("areas-0-device_kind", "Derma pen").await;
    ui.choose(
        "areas-0-device_model_id",
        "Generic Motorised pen, 0.25 mm steps",
    )
    .await;
    ui.fill("areas-0-passes", "2").await;
    // 0.6 mm: deeper than usual for the forehead (warn) and not a setting of this pen (block).
    ui.fill("areas-0-needle_depth_mm", "0.6").await;
    let finding = testid("finding-areas[0].needle_depth_mm");
    ui.wait_text(
        &finding,
        &["Deeper than usual for Forehead", "0.5 mm or 0.75 mm"],
    )
    .await;
    let shot = ui.screenshot("session-form-guidance").await;
    ui.click(&testid("save-session")).await;
    ui.wait_text(
        &testid("error-areas[0].needle_depth_mm"),
        &["0.25 mm steps"],
    )
    .await;
    assert_eq!(
        ui.count(&testid("saved-notice")).await,
        0,
        "refused, not saved"
    );

    ui.fill("areas-0-needle_depth_mm", "0.75").await;
    ui.wait_text(&finding, &["Deeper than usual for Forehead"])
        .await;
    let text = ui.text(&finding).await;
    assert!(
        !text.contains("steps"),
        "the refusal is gone once the depth is a setting: {text}"
    );
    ui.click(&testid("save-session")).await;
    ui.wait_text(
        &testid("session-detail"),
        &["Forehead", "Motorised pen, 0.25 mm steps"],
    )
    .await;
    ui.quit().await;
    println!("screenshot: {}", shot.display());
}
