//! Data in and out in the real window: an admin imports a patients and a sessions file
//! (answered file dialogs), sees the preview, the check's counts and the progress, imports,
//! and finds the patient; then exports the patients as CSV into the export folder.

use std::path::PathBuf;

use crate::driver::Driver;
use crate::ui::testid;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src-tauri/core/tests/data/import")
        .join(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn import_two_files_then_export_the_patients() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let driver = Driver::start_picking(&[data("patients_utf8.csv"), data("sessions.csv")]);
    let ui = driver.launch(&db).await;

    ui.click(&testid("import-link")).await;
    ui.click(&testid("import-choose-patients")).await;
    ui.wait_text(&testid("import-preview-patients"), &["Müller", "Lefèvre"])
        .await;
    ui.click(&testid("import-choose-sessions")).await;
    ui.wait_text(&testid("import-preview-sessions"), &["cheek_left"])
        .await;
    ui.click(&testid("import-check")).await;
    let summary = ui.wait_text(&testid("import-summary"), &["patients"]).await;
    assert!(summary.contains('3'), "{summary}");
    let shot = ui.screenshot("import-checked").await;
    ui.click(&testid("import-run")).await;
    ui.wait_text(&testid("import-done"), &["Imported"]).await;
    ui.wait_text(&testid("import-batches"), &["3"]).await;
    let done = ui.screenshot("import-done").await;

    ui.click(&testid("export-link")).await;
    ui.click(&testid("export-patients")).await;
    ui.wait_text(&testid("export-done"), &["3"]).await;
    let files: Vec<PathBuf> = std::fs::read_dir(driver.exports_dir())
        .expect("exports")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("csv");
    assert!(text.contains("Müller") && text.contains("Okafor"), "{text}");
    println!("screenshots: {} {}", shot.display(), done.display());
    ui.quit().await;
}
