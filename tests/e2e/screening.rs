//! Contraindication screening in the real window: a pregnancy recorded on the patient page
//! blocks the next session; the save is refused until an override reason is written, and
//! the saved session shows the override. Then the aftercare handout of that session is
//! rendered for printing and marked given.

use chrono::{Duration, Utc};
use dermalog_core::medical::{self, HistoryEntryInput};
use dermalog_core::{patients, reference};
use uuid::Uuid;

use super::driver::{testid, Driver};
use super::seed::seed;

/// Adds an isotretinoin course that stopped two months ago (a warning) to the seeded patient.
fn seed_isotretinoin(path: &std::path::Path) {
    let now = Utc::now();
    let (db, by) = crate::seed::open(path, now);
    let r = reference::list(&db).expect("reference");
    let term = r
        .history_terms
        .iter()
        .find(|t| t.code == "isotretinoin")
        .map(|t| t.id);
    let patient = patients::list(&db, &Default::default()).expect("patients")[0].id;
    medical::save_entry(
        &db,
        HistoryEntryInput {
            id: Uuid::now_v7(),
            patient_id: patient,
            term_id: term,
            area_id: None,
            started_on: Some((now - Duration::days(200)).date_naive().to_string()),
            ended_on: Some((now - Duration::days(60)).date_naive().to_string()),
            note: String::new(),
            archived: false,
        },
        &by,
    )
    .expect("history entry");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blocked_session_is_refused_then_recorded_with_an_override_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed(&db, 35);
    seed_isotretinoin(&db);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    ui.wait_text(&testid("patient-row"), &["Nightingale"]).await;
    ui.click(&testid("patient-row")).await;

    // Record the pregnancy on the patient page.
    ui.click(&testid("history-add")).await;
    ui.choose("history-kind", "Pregnancy / breastfeeding").await;
    ui.choose("history-term", "Pregnant").await;
    let from = (Utc::now() - Duration::days(30)).date_naive().to_string();
    ui.set_date("history-start", &from).await;
    ui.click(&testid("history-save")).await;
    ui.wait_text(&testid("history-entry-pregnant"), &["Pregnant"])
        .await;
    let history = ui.screenshot("medical-history").await;

    // The repeat session is screened at once: a block and a warning.
    ui.click(&testid("repeat-last-session")).await;
    ui.wait_text(
        &testid("screening-rule-pregnancy"),
        &["Pregnancy", "Override reason"],
    )
    .await;
    ui.wait_text(
        &testid("screening-rule-isotretinoin_recent"),
        &["Isotretinoin"],
    )
    .await;
    ui.scroll_to(&testid("screening-panel")).await;
    let form = ui.screenshot("session-form-screening").await;

    // Saving without a reason is refused and nothing is recorded.
    ui.click(&testid("save-session")).await;
    ui.wait_text(&testid("error-screening.pregnancy"), &["override reason"])
        .await;
    assert_eq!(ui.count(&testid("session-detail")).await, 0);

    ui.fill(
        "screening.pregnancy",
        "Obstetrician approved in writing; shallow depths only.",
    )
    .await;
    ui.wait_text(&testid("screening-rule-pregnancy"), &["Overridden"])
        .await;
    ui.click(&testid("save-session")).await;
    let detail = ui
        .wait_text(
            &testid("screening-results"),
            &[
                "Pregnancy",
                "Obstetrician approved in writing",
                "Isotretinoin",
            ],
        )
        .await;
    assert!(detail.contains("Dr. Imani Okafor"), "who decided: {detail}");
    ui.click(&testid("patient-row")).await;
    ui.wait_text(&testid("card-override"), &["Override"]).await;
    assert_eq!(ui.count(&testid("session-card")).await, 2);

    // The aftercare handout of the new session: rendered for print, then marked given.
    ui.click(&testid("session-card")).await;
    ui.click(&testid("aftercare-handout-link")).await;
    ui.wait_text(
        &testid("aftercare-handout"),
        &["Florence Nightingale", "Cheek, left", "SPF 30"],
    )
    .await;
    ui.wait_text(&testid("handout-downtime"), &["about 4-5 days"])
        .await;
    let handout = ui.screenshot("aftercare-handout").await;
    ui.click(&testid("mark-aftercare-given")).await;
    ui.wait_text(&testid("aftercare-given"), &["Aftercare given"])
        .await;
    ui.quit().await;
    println!(
        "screenshots: {} {} {}",
        history.display(),
        form.display(),
        handout.display()
    );
}
