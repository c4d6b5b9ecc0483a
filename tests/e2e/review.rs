//! History review and clinic-wide search in the real window: find sessions by lot, open the
//! patient's history, filter it, compare two sessions, read the per-area chart, recall the
//! lot and export it as CSV (written where the user chose: here the test's export folder),
//! then the reactions report.

use chrono::{Duration, Utc};
use dermalog_core::patients::{self, PatientInput, SexAtBirth};
use dermalog_core::reference;
use dermalog_core::sessions::{
    self, DeviceKind, ProductInput, ProductRole, ReactionInput, SessionInput, TimePoint,
    TreatedAreaInput,
};
use fantoccini::Locator;
use uuid::Uuid;

use super::driver::{testid, Driver};

const LOT: &str = "HA-RECALL-7";

/// Mary Seacole with three sessions (the forehead at 0.5, 1.0 and 1.25 mm; the left cheek
/// in the second; lot HA-RECALL-7 in the first two) and John Snow with one session on the
/// same lot.
fn seed(path: &std::path::Path) {
    let now = Utc::now();
    let (db, by) = crate::seed::open(path, now);
    let r = reference::list(&db).expect("reference");
    let area = |code: &str| r.areas.iter().find(|a| a.code == code).map(|a| a.id);
    let erythema = r
        .reaction_types
        .iter()
        .find(|t| t.code == "erythema")
        .map(|t| t.id);
    let person = |given: &str, family: &str| {
        patients::save(
            &db,
            PatientInput {
                id: Uuid::now_v7(),
                given_name: given.into(),
                family_name: family.into(),
                date_of_birth: "1980-03-01".into(),
                sex_at_birth: Some(SexAtBirth::Female),
                mrn: None,
                phone: Some("020 7946 0011".into()),
                email: None,
                fitzpatrick: Some(3),
                fitzpatrick_assessed_on: None,
                indications: vec![],
                notes: String::new(),
            },
            &by,
        )
        .expect("patient")
        .id
    };
    let mary = person("Mary", "Seacole");
    let john = person("John", "Snow");
    let treated = |code: &str, depth: f64| TreatedAreaInput {
        id: None,
        area_id: area(code),
        device_kind: Some(DeviceKind::DermaPen),
        device_model_id: None,
        device_model: None,
        needle_depth_mm: Some(depth),
        passes: Some(2),
        speed_level: None,
        pattern: None,
        needle_count: None,
        cartridge_lot: None,
        endpoint: None,
        notes: String::new(),
    };
    let save =
        |patient: Uuid, days_ago: i64, areas: Vec<TreatedAreaInput>, lot: &str, grade: i32| {
            let start = now - Duration::days(days_ago);
            sessions::save(
                &db,
                SessionInput {
                    id: Uuid::now_v7(),
                    patient_id: patient,
                    started_at: start.to_rfc3339(),
                    ended_at: None,
                    clinician_name: "Dr. Imani Okafor".into(),
                    indications: vec![],
                    numbing_product: None,
                    numbing_minutes: None,
                    skin_prep: None,
                    pain_score: Some(3),
                    notes: String::new(),
                    aftercare_given: true,
                    next_session_on: None,
                    areas,
                    products: vec![ProductInput {
                        id: None,
                        product_id: None,
                        name: "Hyaluronic acid serum".into(),
                        role: Some(ProductRole::Serum),
                        lot: Some(lot.into()),
                        expiry_on: Some((now + Duration::days(200)).date_naive().to_string()),
                        amount: None,
                        area_id: None,
                    }],
                    reactions: vec![ReactionInput {
                        id: None,
                        reaction_type_id: erythema,
                        scale_id: None,
                        grade: Some(grade),
                        time_point: Some(TimePoint::Immediate),
                        area_id: None,
                        note: String::new(),
                    }],
                    overrides: vec![],
                    course_id: None,
                },
                &by,
            )
            .expect("session");
        };
    save(mary, 90, vec![treated("forehead", 0.5)], LOT, 1);
    save(
        mary,
        60,
        vec![treated("forehead", 1.0), treated("cheek_left", 1.5)],
        LOT,
        2,
    );
    save(mary, 30, vec![treated("forehead", 1.25)], "HA-8800", 1);
    save(john, 45, vec![treated("chin", 1.0)], LOT, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn search_history_compare_and_recall_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;

    // Clinic-wide search by lot.
    ui.click(&testid("search-link")).await;
    ui.fill("search-lot", LOT).await;
    ui.wait_text(&testid("search-total"), &["3 sessions"]).await;
    assert_eq!(ui.count(&testid("search-hit")).await, 3);
    let search = ui.screenshot("session-search").await;

    // Into Mary's history from one of her hits.
    let mut opened = false;
    for hit in
        ui.c.find_all(Locator::Css(&testid("search-hit")))
            .await
            .expect("hits")
    {
        if hit.text().await.expect("text").contains("Seacole") {
            let link = hit
                .find(Locator::Css("a[href*='patients']"))
                .await
                .expect("patient link");
            link.click().await.expect("open the patient");
            opened = true;
            break;
        }
    }
    assert!(opened, "a hit names Mary Seacole");
    ui.wait_text(&testid("session-count"), &["3 sessions"])
        .await;
    ui.choose("hf-area", "Cheek, left").await;
    ui.wait_text(&testid("history-match-count"), &["1 of 3"])
        .await;
    ui.wait_count(&testid("session-card"), 1).await;
    ui.click(&testid("hf-clear")).await;
    ui.wait_count(&testid("session-card"), 3).await;

    // The per-area chart of the forehead: three depths.
    ui.click(&format!("{} summary", testid("area-chart"))).await;
    ui.wait_text(&testid("area-table"), &["0.50", "1.00", "1.25"])
        .await;
    ui.scroll_to(&testid("area-charts")).await;
    let chart = ui.screenshot("area-chart").await;

    // Compare the two oldest sessions: the forehead depth and the cheek differ.
    let toggles =
        ui.c.find_all(Locator::Css(&testid("compare-toggle")))
            .await
            .expect("toggles");
    assert_eq!(toggles.len(), 3);
    for toggle in &toggles[1..] {
        let arg = serde_json::to_value(toggle).expect("element");
        ui.c.execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![arg],
        )
        .await
        .expect("scroll");
        toggle.click().await.expect("tick a session to compare");
    }
    ui.click(&testid("compare-selected")).await;
    ui.wait_text(
        &testid("compare-table"),
        &["0.50 mm", "1.00 mm", "not treated"],
    )
    .await;
    assert!(ui.count(&testid("compare-diff")).await >= 2);
    let compare = ui.screenshot("session-compare").await;

    // Recall the lot and export it.
    ui.click(&testid("recall-link")).await;
    ui.fill("recall-lot", LOT).await;
    ui.click(&testid("recall-run")).await;
    ui.wait_text(&testid("recall-summary"), &["3 sessions", "2 patients"])
        .await;
    ui.click(&testid("export-csv")).await;
    ui.wait_text(&testid("export-result"), &["3 rows"]).await;
    let files: Vec<_> = std::fs::read_dir(driver.exports_dir())
        .expect("exports")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one finished file, no temporary left: {files:?}"
    );
    let csv = std::fs::read_to_string(&files[0]).expect("csv");
    assert!(files[0].to_string_lossy().ends_with(".csv"));
    assert_eq!(csv.lines().count(), 4, "header and three sessions:\n{csv}");
    assert!(csv.contains("Seacole") && csv.contains("Snow"));
    let recall = ui.screenshot("lot-recall").await;

    // The reactions report by device type.
    ui.click(&testid("reports-link")).await;
    ui.wait_text(
        &testid("reaction-report-table"),
        &["All sessions", "Derma pen"],
    )
    .await;
    let report = ui.screenshot("reports").await;
    ui.quit().await;
    println!(
        "screenshots: {} {} {} {} {}",
        search.display(),
        chart.display(),
        compare.display(),
        recall.display(),
        report.display()
    );
}
