//! Fast logging: a typical repeat session (3 areas, 1 serum, 2 reactions) from the patient
//! list to "saved", counting the clicks and keystrokes it takes. The earlier session is
//! written through `dermalog-core` on the same database file before the app starts, so
//! only the repeat itself is measured.

use std::time::Instant;

use chrono::{Duration, Utc};
use dermalog_core::patients::{self, PatientInput, SexAtBirth};
use dermalog_core::reference;
use dermalog_core::sessions::{
    self, DeviceKind, ProductInput, ProductRole, SessionInput, TreatedAreaInput,
};
use dermalog_core::Db;
use uuid::Uuid;

use super::driver::{testid, Driver};

/// A patient with one three-area session five weeks ago.
fn seed(path: &std::path::Path) {
    let now = Utc::now();
    let db = Db::open(path, now).expect("database");
    let r = reference::list(&db).expect("reference");
    let area = |code: &str| r.areas.iter().find(|a| a.code == code).map(|a| a.id);
    let pen = r
        .device_models
        .iter()
        .find(|d| d.model == "Motorised pen, 0.25 mm steps")
        .map(|d| d.id);
    let patient = patients::save(
        &db,
        PatientInput {
            id: Uuid::now_v7(),
            given_name: "Florence".into(),
            family_name: "Nightingale".into(),
            date_of_birth: "1985-05-12".into(),
            sex_at_birth: Some(SexAtBirth::Female),
            mrn: None,
            phone: None,
            email: None,
            fitzpatrick: Some(2),
            fitzpatrick_assessed_on: None,
            indications: vec!["acne_scars".into()],
            notes: String::new(),
        },
        now,
    )
    .expect("patient");
    let treated = |code: &str, depth: f64| TreatedAreaInput {
        id: None,
        area_id: area(code),
        device_kind: Some(DeviceKind::DermaPen),
        device_model_id: pen,
        device_model: None,
        needle_depth_mm: Some(depth),
        passes: Some(3),
        speed_level: Some(4),
        pattern: None,
        needle_count: Some(16),
        cartridge_lot: Some("CART-2291".into()),
        endpoint: Some("Pinpoint bleeding".into()),
        notes: String::new(),
    };
    let start = now - Duration::days(35);
    sessions::save(
        &db,
        SessionInput {
            id: Uuid::now_v7(),
            patient_id: patient.id,
            started_at: start.to_rfc3339(),
            ended_at: Some((start + Duration::minutes(40)).to_rfc3339()),
            clinician_name: "Dr. Imani Okafor".into(),
            indications: vec!["acne_scars".into()],
            numbing_product: Some("Lidocaine 5%".into()),
            numbing_minutes: Some(30),
            skin_prep: Some("Chlorhexidine".into()),
            pain_score: Some(3),
            notes: "First session of the course.".into(),
            aftercare_given: true,
            next_session_on: None,
            areas: vec![
                treated("cheek_left", 1.25),
                treated("cheek_right", 1.25),
                treated("chin", 1.0),
            ],
            products: vec![ProductInput {
                id: None,
                name: "Hyaluronic acid serum".into(),
                role: Some(ProductRole::Serum),
                lot: Some("HA-7781".into()),
                expiry_on: Some((now + Duration::days(200)).date_naive().to_string()),
                amount: Some("2 ml".into()),
                area_id: None,
            }],
            reactions: vec![],
        },
        now,
    )
    .expect("earlier session");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typical_repeat_session_takes_few_clicks_and_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db);
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
