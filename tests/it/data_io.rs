//! Import and record exports through the real commands: files chosen through the picker
//! (answers given in advance), checked, imported in one transaction, re-imported without
//! duplicates, refused whole when messy; progress events; CSV, FHIR and packet exports
//! written to the export folder and audited.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tauri::Listener;

use super::harness::{harness_picking, Harness};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src-tauri/core/tests/data/import")
        .join(name)
}

/// A set-up clinic whose file dialogs will answer `picks` in order.
fn clinic_picking(picks: &[Option<PathBuf>]) -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let h = harness_picking(dir, &path, picks);
    h.ok(
        "set_up_clinic",
        json!({"setup": {
            "clinic_name": "Harbour Skin Clinic",
            "admin": super::harness::user_input("admin", &["clinician", "aesthetician", "admin"]),
        }}),
    );
    h
}

fn options() -> Value {
    json!({"encoding": "auto", "delimiter": "auto", "date_order": "unset", "utc_offset_minutes": 60})
}

fn patient_count(h: &Harness) -> usize {
    h.ok(
        "list_patients",
        json!({"query": {"text": "", "include_archived": true, "limit": 1000}}),
    )
    .as_array()
    .expect("patients")
    .len()
}

fn choose(h: &Harness, kind: &str) -> Value {
    h.ok(
        "choose_import_file",
        json!({"kind": kind, "options": options()}),
    )
}

#[test]
fn chosen_files_are_previewed_checked_imported_once_and_audited() {
    let h = clinic_picking(&[
        None,
        Some(data("patients_utf8.csv")),
        Some(data("sessions.csv")),
        Some(data("patients_utf8.csv")),
        Some(data("sessions.csv")),
    ]);
    let events = Arc::new(Mutex::new(Vec::<Value>::new()));
    let seen = events.clone();
    h._app.listen_any("import-progress", move |e| {
        let p: Value = serde_json::from_str(e.payload()).expect("progress JSON");
        seen.lock().expect("events").push(p);
    });

    assert_eq!(
        choose(&h, "patients"),
        Value::Null,
        "cancelled: nothing chosen"
    );
    let preview = choose(&h, "patients");
    assert_eq!(preview["file"]["name"], "patients_utf8.csv");
    assert_eq!(preview["columns"][1]["header"], "family_name");
    assert_eq!(preview["columns"][1]["field"], "family_name");
    assert_eq!(preview["rows"][0]["values"][1], "Müller");
    choose(&h, "sessions");

    let check = h.ok("check_import", json!({"options": options()}));
    assert_eq!(check["dry_run"], true);
    let errors: Vec<&Value> = check["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let patients = check["created"]["patients"].as_u64().expect("count");
    let sessions = check["created"]["sessions"].as_u64().expect("count");
    assert!(patients >= 3 && sessions >= 3, "{check}");
    assert_eq!(patient_count(&h), 0, "a check writes nothing");

    let done = h.ok("run_import", json!({"options": options()}));
    assert_eq!(done["dry_run"], false);
    assert_eq!(done["created"], check["created"]);
    assert!(done["batch_id"].is_string());
    assert_eq!(patient_count(&h) as u64, patients);
    let audit = h.audit();
    assert_eq!(audit[0]["action"], "import");
    let progress = events.lock().expect("events").clone();
    assert!(
        progress.iter().any(|p| p["phase"] == "writing"),
        "{progress:?}"
    );
    assert_eq!(progress.last().expect("some")["phase"], "done");

    // Imported files are forgotten; the same files again create nothing.
    let nothing = h.ok("check_import", json!({"options": options()}));
    assert!(nothing["problems"][0]["message"]
        .as_str()
        .expect("message")
        .contains("Choose"));
    choose(&h, "patients");
    choose(&h, "sessions");
    let again = h.ok("run_import", json!({"options": options()}));
    assert_eq!(again["created"]["patients"], 0);
    assert_eq!(again["created"]["sessions"], 0);
    assert_eq!(again["already_present"]["patients"], patients);
    assert_eq!(patient_count(&h) as u64, patients);
    let batches = h.ok("list_import_batches", json!({}));
    assert_eq!(batches.as_array().expect("batches").len(), 2);
}

#[test]
fn a_messy_file_is_refused_whole_with_every_problem_placed() {
    let h = clinic_picking(&[
        Some(data("messy_patients.csv")),
        Some(data("messy_sessions.csv")),
    ]);
    choose(&h, "patients");
    choose(&h, "sessions");
    let check = h.ok("check_import", json!({"options": options()}));
    let problems = check["problems"].as_array().expect("problems");
    let placed = problems
        .iter()
        .filter(|p| p["severity"] == "error" && p["line"].is_u64() && p["column"].is_string())
        .count();
    assert!(placed >= 5, "{problems:?}");
    assert!(problems
        .iter()
        .any(|p| p["file"] == "messy_sessions.csv" && p["column"] == "needle_depth_mm"));
    let refused = h.err("run_import", json!({"options": options()}));
    assert_eq!(refused["code"], "Invalid");
    let fields = refused["fields"].as_array().expect("fields");
    assert!(
        fields.iter().any(|f| f["field"]
            .as_str()
            .is_some_and(|k| k.starts_with("messy_sessions.csv:"))),
        "{fields:?}"
    );
    assert_eq!(patient_count(&h), 0, "nothing half-written");
    assert_ne!(h.audit()[0]["action"], "import");
}

#[test]
fn other_headers_are_mapped_from_the_preview() {
    let h = clinic_picking(&[
        Some(data("patients_utf8.csv")),
        Some(data("sessions_german.csv")),
    ]);
    choose(&h, "patients");
    let unmapped = choose(&h, "sessions");
    assert!(unmapped["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .any(|c| c["header"] == "Behandler" && c["field"].is_null()));
    let text = std::fs::read(data("sessions_german.map")).expect("map");
    let mapping = dermalog_core::import::ColumnMapping::parse("sessions_german.map", &text)
        .expect("mapping parses");
    let mut opts = options();
    opts["date_order"] = json!("day_first");
    let mapped = h.ok(
        "preview_import",
        json!({"kind": "sessions", "options": opts, "mapping": mapping}),
    );
    let column = |header: &str| {
        mapped["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .find(|c| c["header"] == header)
            .cloned()
            .expect("column")
    };
    assert_eq!(column("Behandler")["field"], "clinician");
    assert_eq!(column("Tiefe (mm)")["field"], "needle_depth_mm");
    assert_eq!(mapped["file"]["encoding"], "windows1252");
    let done = h.ok("run_import", json!({"options": opts}));
    assert!(
        done["created"]["sessions"].as_u64().expect("n") >= 2,
        "{done}"
    );

    h.ok("forget_import_file", json!({"kind": "sessions"}));
    let gone = h.err(
        "preview_import",
        json!({"kind": "sessions", "options": opts, "mapping": mapping}),
    );
    assert_eq!(gone["code"], "NotFound");
}

fn read_csv(path: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("export file");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "BOM for spreadsheets"
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn records_export_as_csv_fhir_and_a_patient_packet_and_are_audited() {
    let h = clinic_picking(&[Some(data("patients_utf8.csv")), Some(data("sessions.csv"))]);
    choose(&h, "patients");
    choose(&h, "sessions");
    let imported = h.ok("run_import", json!({"options": options()}));
    let c = &imported["created"];

    let patients = h.ok("export_records", json!({"kind": "patients"}));
    let rows = read_csv(patients["path"].as_str().expect("path"));
    assert_eq!(rows[0][0], "external_id");
    assert_eq!(rows.len() as u64 - 1, c["patients"].as_u64().expect("n"));
    assert_eq!(patients["rows"], c["patients"]);
    assert!(rows.iter().any(|r| r[1] == "Müller"));

    let areas = h.ok("export_records", json!({"kind": "session_areas"}));
    let rows = read_csv(areas["path"].as_str().expect("path"));
    assert_eq!(rows.len() as u64 - 1, c["areas"].as_u64().expect("n"));
    let depth = rows[0]
        .iter()
        .position(|x| x == "needle_depth_mm")
        .expect("depth");
    assert!(rows[1..].iter().any(|r| r[depth] == "1.50"), "{rows:?}");

    let reactions = h.ok("export_records", json!({"kind": "reactions"}));
    let rows = read_csv(reactions["path"].as_str().expect("path"));
    assert_eq!(rows.len() as u64 - 1, c["reactions"].as_u64().expect("n"));

    let clinic = h.ok("export_fhir", json!({"patientId": null}));
    let bundle: Value = serde_json::from_slice(
        &std::fs::read(clinic["path"].as_str().expect("path")).expect("bundle"),
    )
    .expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(
        bundle["entry"].as_array().expect("entries").len() as u64,
        clinic["rows"].as_u64().expect("n")
    );

    let list = h.ok(
        "list_patients",
        json!({"query": {"text": "Müller", "include_archived": false}}),
    );
    let id = list[0]["id"].clone();
    let packet = h.ok("export_patient_packet", json!({"patientId": id}));
    let folder = PathBuf::from(packet["path"].as_str().expect("path"));
    assert!(folder.join("summary.html").is_file());
    assert!(folder.join("record.fhir.json").is_file());
    assert!(packet["rows"].as_u64().expect("sessions") >= 1);

    let audit = h.audit();
    let exports: Vec<&Value> = audit.iter().filter(|a| a["action"] == "export").collect();
    assert_eq!(exports.len(), 5, "{exports:?}");
}
