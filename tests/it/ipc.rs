//! Every command through the real IPC path: results, typed error shapes, and that the
//! handler list and `commands::NAMES` agree.

use dermalog::commands::NAMES;
use serde_json::{json, Value};

use super::harness::{harness, harness_on};

pub(super) fn patient(given: &str, family: &str) -> Value {
    json!({
        "id": uuid::Uuid::now_v7(),
        "given_name": given,
        "family_name": family,
        "date_of_birth": "1988-04-12",
        "sex_at_birth": "female",
        "mrn": null, "phone": null, "email": null,
        "fitzpatrick": 3, "fitzpatrick_assessed_on": null,
        "indications": ["fine_lines"],
        "notes": ""
    })
}

pub(super) fn area_id(reference: &Value, code: &str) -> Value {
    reference["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .find(|a| a["code"] == code)
        .expect("area")["id"]
        .clone()
}

pub(super) fn session(reference: &Value, patient_id: &Value, depth: f64) -> Value {
    let erythema = reference["reaction_types"]
        .as_array()
        .expect("types")
        .iter()
        .find(|t| t["code"] == "erythema")
        .expect("erythema")["id"]
        .clone();
    json!({
        "id": uuid::Uuid::now_v7(),
        "patient_id": patient_id,
        "started_at": "2026-11-20T09:00:00+01:00",
        "ended_at": "2026-11-20T09:30:00+01:00",
        "clinician_name": "Dr. Okafor",
        "indications": [], "numbing_product": null, "numbing_minutes": null,
        "skin_prep": null, "pain_score": 2, "notes": "", "aftercare_given": true,
        "next_session_on": null,
        "areas": [
            {"id": null, "area_id": area_id(reference, "cheek_left"), "device_kind": "derma_pen",
             "device_model": null, "needle_depth_mm": depth, "passes": 3, "speed_level": null,
             "pattern": null, "needle_count": null, "cartridge_lot": "C-1", "endpoint": null,
             "notes": ""},
            {"id": null, "area_id": area_id(reference, "forehead"), "device_kind": "derma_pen",
             "device_model": null, "needle_depth_mm": 0.5, "passes": 2, "speed_level": null,
             "pattern": "crosshatch", "needle_count": 16, "cartridge_lot": "C-1", "endpoint": null,
             "notes": ""}
        ],
        "products": [{"id": null, "name": "Hyaluronic acid", "role": "serum", "lot": "HA-1",
                      "expiry_on": "2027-01-31", "amount": "2 ml", "area_id": null}],
        "reactions": [{"id": null, "reaction_type_id": erythema, "scale_id": null, "grade": 2,
                       "time_point": "immediate", "area_id": null, "note": ""}],
        "overrides": [],
        "course_id": null
    })
}

#[test]
fn every_registered_command_answers() {
    let h = harness();
    for name in NAMES {
        // Empty arguments: each command must be found and answer with a typed result or a
        // typed error; an unregistered command answers with a plain "not found" string.
        let reply = h.call(name, json!({}));
        let shaped = match &reply {
            Ok(_) => true,
            Err(e) => e.get("code").and_then(Value::as_str).is_some(),
        };
        let missing_key =
            matches!(&reply, Err(Value::String(s)) if s.contains("missing required key"));
        assert!(
            shaped || missing_key,
            "{name} is not registered or answered oddly: {reply:?}"
        );
    }
    let unknown = h.call("drop_all_tables", json!({}));
    assert!(
        matches!(unknown, Err(Value::String(_))),
        "unknown commands are refused"
    );
}

#[test]
fn startup_status_reports_a_ready_database() {
    let h = harness();
    let status = h.ok("get_startup_status", json!({}));
    assert_eq!(status["problem"], Value::Null);
    assert!(status["database_path"]
        .as_str()
        .expect("path")
        .ends_with("clinic.sqlite3"));
    assert_eq!(
        status["schema_version"],
        json!(dermalog_core::db::LATEST_VERSION)
    );
}

#[test]
fn a_refused_database_is_reported_and_every_data_command_says_unavailable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    std::fs::write(&path, b"").expect("empty file");
    let h = harness_on(dir, &path);
    let status = h.ok("get_startup_status", json!({}));
    assert_eq!(status["problem"]["code"], "EmptyFile");
    assert!(status["problem"]["message"]
        .as_str()
        .expect("msg")
        .contains("empty"));
    let e = h.err(
        "list_patients",
        json!({"query": {"text": "", "include_archived": false, "limit": null}}),
    );
    assert_eq!(e["code"], "DatabaseUnavailable");
    assert_eq!(
        std::fs::metadata(&path).expect("file").len(),
        0,
        "still untouched"
    );
}

#[test]
fn patient_lifecycle_over_ipc() {
    let h = harness();
    let input = patient("Ada", "Lovelace");
    let saved = h.ok("save_patient", json!({"input": input}));
    assert_eq!(saved["family_name"], "Lovelace");
    assert_eq!(saved["id"], input["id"]);
    let got = h.ok("get_patient", json!({"id": input["id"]}));
    assert_eq!(got, saved);
    let found = h.ok(
        "list_patients",
        json!({"query": {"text": "love", "include_archived": false, "limit": null}}),
    );
    assert_eq!(found.as_array().expect("list").len(), 1);
    let archived = h.ok("archive_patient", json!({"id": input["id"]}));
    assert_eq!(archived["archived"], true);
    let restored = h.ok("restore_patient", json!({"id": input["id"]}));
    assert_eq!(restored["archived"], false);
}

#[test]
fn invalid_input_comes_back_as_field_errors() {
    let h = harness();
    let mut input = patient("", "Lovelace");
    input["date_of_birth"] = json!("2031-01-01");
    let e = h.err("save_patient", json!({"input": input}));
    assert_eq!(e["code"], "Invalid");
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["given_name", "date_of_birth"]);
    assert!(e["fields"][0]["message"]
        .as_str()
        .expect("message")
        .contains("required"));
}

#[test]
fn wrong_types_are_a_typed_bad_request_that_does_not_echo_the_value() {
    let h = harness();
    let mut input = patient("Ada", "Lovelace");
    input["fitzpatrick"] = json!("Secret Diagnosis Text");
    let e = h.err("save_patient", json!({"input": input}));
    assert_eq!(e["code"], "BadRequest");
    assert!(
        !e.to_string().contains("Secret"),
        "the value is not echoed back: {e}"
    );
    let e = h.err("get_patient", json!({"id": "not-a-uuid"}));
    assert_eq!(e["code"], "BadRequest");
}

#[test]
fn missing_records_are_not_found() {
    let h = harness();
    let e = h.err("get_patient", json!({"id": uuid::Uuid::now_v7()}));
    assert_eq!(e["code"], "NotFound");
    let e = h.err("get_session", json!({"id": uuid::Uuid::now_v7()}));
    assert_eq!(e["code"], "NotFound");
    let e = h.err(
        "list_patient_sessions",
        json!({"patientId": uuid::Uuid::now_v7()}),
    );
    assert_eq!(e["code"], "NotFound");
}

#[test]
fn a_session_saves_once_and_shows_in_history() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let input = session(&reference, &p["id"], 1.25);
    let saved = h.ok("save_session", json!({"input": input}));
    assert_eq!(saved["areas"][0]["needle_depth_mm"], json!(1.25));
    assert_eq!(saved["status"], "draft");
    h.ok("save_session", json!({"input": input}));
    let history = h.ok("list_patient_sessions", json!({"patientId": p["id"]}));
    assert_eq!(
        history.as_array().expect("history").len(),
        1,
        "a retried save is not a duplicate"
    );
    assert_eq!(h.ok("get_session", json!({"id": input["id"]})), saved);
    let recent = h.ok(
        "list_recent_sessions",
        json!({"patientId": p["id"], "limit": 6}),
    );
    assert_eq!(recent, json!({"sessions": history, "total": 1}));
    let e = h.err(
        "list_recent_sessions",
        json!({"patientId": p["id"], "limit": 0}),
    );
    assert_eq!(
        (&e["code"], &e["fields"][0]["field"]),
        (&json!("Invalid"), &json!("limit"))
    );
}

#[test]
fn an_invalid_session_names_the_child_field_and_writes_nothing() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let input = session(&reference, &p["id"], 4.0);
    let e = h.err("save_session", json!({"input": input}));
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "areas[0].needle_depth_mm");
    let history = h.ok("list_patient_sessions", json!({"patientId": p["id"]}));
    assert_eq!(history, json!([]));
}

#[test]
fn a_session_cannot_move_between_patients() {
    let h = harness();
    let a = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let b = h.ok("save_patient", json!({"input": patient("Grace", "Hopper")}));
    let reference = h.ok("get_reference_data", json!({}));
    let mut input = session(&reference, &a["id"], 1.0);
    h.ok("save_session", json!({"input": input}));
    input["patient_id"] = b["id"].clone();
    assert_eq!(
        h.err("save_session", json!({"input": input}))["code"],
        "Conflict"
    );
}

#[test]
fn clinics_can_add_and_archive_areas() {
    let h = harness();
    let id = uuid::Uuid::now_v7();
    let area = json!({"id": id, "code": "knees", "name": "Knees", "region": "body",
                      "snomed_code": null, "includes": [], "map": null, "archived": false});
    h.ok("save_area", json!({"input": area}));
    let mut clash = area.clone();
    clash["id"] = json!(uuid::Uuid::now_v7());
    let e = h.err("save_area", json!({"input": clash}));
    assert_eq!(e["fields"][0]["field"], "code");
    let mut archived = area;
    archived["archived"] = json!(true);
    h.ok("save_area", json!({"input": archived}));
    let reference = h.ok("get_reference_data", json!({}));
    let knees = reference["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .find(|a| a["code"] == "knees");
    assert_eq!(knees.expect("kept, not deleted")["archived"], true);
}

#[test]
fn the_ui_calls_exactly_the_registered_commands() {
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/api/tauri.ts"),
    )
    .expect("tauri.ts");
    // Every `call("name"`, `call<T>("name"` or `invoke<T>("name"` (raw-body commands).
    let mut used: Vec<&str> = src
        .match_indices("(\"")
        .filter(|(at, _)| {
            let before = &src[..*at];
            let before = match before.strip_suffix('>') {
                Some(b) => b.rfind('<').map_or(b, |lt| &b[..lt]),
                None => before,
            };
            before.ends_with(" call") || before.ends_with(" invoke")
        })
        .filter_map(|(at, _)| src[at + 2..].split('"').next())
        .collect();
    used.sort();
    let mut registered = NAMES.to_vec();
    registered.sort();
    assert_eq!(
        used, registered,
        "ui/src/lib/api/tauri.ts and commands::NAMES disagree"
    );
}

#[test]
fn check_session_returns_findings_next_to_their_fields_and_writes_nothing() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let mut input = session(&reference, &p["id"], 1.25);
    input["areas"][1]["needle_depth_mm"] = json!(0.6);
    let findings = h.ok("check_session", json!({"input": input}));
    let list = findings.as_array().expect("findings");
    let at = |field: &str| {
        list.iter()
            .filter(|f| f["field"] == field)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        at("areas[0].needle_depth_mm")[0]["code"],
        "depth_above_typical",
        "cheek 1.25 mm"
    );
    assert_eq!(
        at("areas[1].needle_depth_mm")[0]["level"],
        "warn",
        "forehead 0.6 mm"
    );
    assert_eq!(
        h.ok("list_patient_sessions", json!({"patientId": p["id"]})),
        json!([])
    );
}

#[test]
fn a_blocking_finding_refuses_the_save_as_a_field_error() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let roller = reference["device_models"]
        .as_array()
        .expect("devices")
        .iter()
        .find(|d| d["model"] == "Roller 1.0 mm")
        .expect("roller")["id"]
        .clone();
    let mut input = session(&reference, &p["id"], 1.5);
    input["areas"][0]["device_kind"] = json!("derma_roller");
    input["areas"][0]["device_model_id"] = roller;
    let e = h.err("save_session", json!({"input": input}));
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "areas[0].needle_depth_mm");
    assert!(
        e["fields"][0]["message"]
            .as_str()
            .expect("msg")
            .contains("1 mm"),
        "{e}"
    );
    input["areas"][0]["needle_depth_mm"] = json!(1.0);
    h.ok("save_session", json!({"input": input}));
}

#[test]
fn device_models_guidance_and_settings_are_editable_over_ipc() {
    let h = harness();
    let model = json!({"id": uuid::Uuid::now_v7(), "kind": "derma_pen", "manufacturer": "Acme",
        "model": "P1", "min_depth_mm": 0.25, "max_depth_mm": 2.5, "depth_step_mm": 0.25,
        "evaluated_max_mm": null, "speed_levels": 5, "needles_per_cartridge": 16, "note": "",
        "archived": false});
    assert_eq!(
        h.ok("save_device_model", json!({"input": model}))["model"],
        "P1"
    );
    let mut bad = model.clone();
    bad["id"] = json!(uuid::Uuid::now_v7());
    bad["model"] = json!("P2");
    bad["min_depth_mm"] = json!(0);
    assert_eq!(
        h.err("save_device_model", json!({"input": bad}))["fields"][0]["field"],
        "min_depth_mm"
    );

    let reference = h.ok("get_reference_data", json!({}));
    let row = reference["depth_guidance"][0].clone();
    let mut edit = row.clone();
    edit["upper_use_mm"] = json!(3.0);
    edit["source"] = json!("Clinic protocol 2026");
    let saved = h.ok("save_depth_guidance", json!({"input": edit}));
    assert_eq!(saved["upper_use_mm"], json!(3.0));

    let settings = json!({"min_interval_days": 21, "pih_min_fitzpatrick": 4, "pih_depth_mm": 1.5,
                          "due_soon_days": 7, "clinic_name": "Harbour Skin", "idle_lock_minutes": 10});
    assert_eq!(h.ok("save_settings", json!({"input": settings})), settings);
    assert_eq!(
        h.ok("get_reference_data", json!({}))["settings"]["min_interval_days"],
        21
    );
    let e = h.err(
        "save_settings",
        json!({"input": {"min_interval_days": -1, "pih_min_fitzpatrick": 4, "pih_depth_mm": 1.5,
                         "due_soon_days": 7, "clinic_name": "", "idle_lock_minutes": 0}}),
    );
    let fields: Vec<_> = e["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        ["min_interval_days", "clinic_name", "idle_lock_minutes"]
    );
    assert_eq!(h.ok("get_auth_status", json!({}))["idle_lock_minutes"], 10);
}
