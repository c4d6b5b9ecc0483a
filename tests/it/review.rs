//! Review over IPC: session search, recall, reports and CSV export through the real
//! commands, with typed errors for bad filters and malformed arguments.

use serde_json::{json, Value};

use super::harness::{harness, Harness};
use super::ipc::{patient, session};

/// Two patients, three sessions: Ada twice (lot HA-1, then lot HA-2), Grace once (HA-1).
fn clinic(h: &Harness) -> (Value, Value) {
    let reference = h.ok("get_reference_data", json!({}));
    let ada = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let mut grace_in = patient("Grace", "Hopper");
    grace_in["phone"] = json!("+1 555 0100");
    let grace = h.ok("save_patient", json!({"input": grace_in}));
    let mut first = session(&reference, &ada["id"], 1.0);
    first["started_at"] = json!("2026-09-01T09:00:00Z");
    first["ended_at"] = Value::Null;
    h.ok("save_session", json!({"input": first}));
    let mut second = session(&reference, &ada["id"], 1.5);
    second["products"][0]["lot"] = json!("HA-2");
    second["reactions"][0]["grade"] = json!(3);
    h.ok("save_session", json!({"input": second}));
    let mut third = session(&reference, &grace["id"], 0.5);
    third["started_at"] = json!("2026-10-01T09:00:00Z");
    third["ended_at"] = Value::Null;
    h.ok("save_session", json!({"input": third}));
    (ada, grace)
}

fn filter(extra: Value) -> Value {
    let mut f = json!({});
    if let (Some(f), Some(extra)) = (f.as_object_mut(), extra.as_object()) {
        f.extend(extra.clone());
    }
    f
}

#[test]
fn search_finds_by_patient_lot_and_grade_with_a_total() {
    let h = harness();
    let (ada, _) = clinic(&h);
    let page = json!({"offset": 0, "limit": 50});
    let all = h.ok(
        "search_sessions",
        json!({"filter": filter(json!({})), "page": page}),
    );
    assert_eq!(all["total"], 3);
    assert_eq!(all["more"], false);
    assert_eq!(
        all["hits"][0]["started_at"], "2026-11-20T08:00:00Z",
        "newest first"
    );
    let mine = h.ok(
        "search_sessions",
        json!({"filter": {"patient_id": ada["id"]}, "page": page}),
    );
    assert_eq!(mine["total"], 2);
    let lot = h.ok(
        "search_sessions",
        json!({"filter": {"lot": "HA-1"}, "page": page}),
    );
    assert_eq!(lot["total"], 2);
    let severe = h.ok(
        "search_sessions",
        json!({"filter": {"min_grade": 3}, "page": page}),
    );
    assert_eq!(severe["total"], 1);
    assert_eq!(severe["hits"][0]["family_name"], "Lovelace");
    assert_eq!(severe["hits"][0]["max_grade"], 3);
}

#[test]
fn bad_filters_are_typed_field_errors_and_malformed_ones_bad_requests() {
    let h = harness();
    let page = json!({"offset": 0, "limit": 50});
    let e = h.err(
        "search_sessions",
        json!({"filter": {"from": "2026-05-01", "to": "2026-04-01"}, "page": page}),
    );
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "to");
    let e = h.err(
        "search_sessions",
        json!({"filter": {"from": "yesterday"}, "page": page}),
    );
    assert_eq!(e["code"], "BadRequest");
    let e = h.err(
        "get_reaction_report",
        json!({"dimension": "serum", "period": {"from_month": "2026-06", "to_month": "2026-01"}}),
    );
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "to_month");
    let e = h.err(
        "get_reaction_report",
        json!({"dimension": "horoscope", "period": {"from_month": "2026-01", "to_month": "2026-02"}}),
    );
    assert_eq!(e["code"], "BadRequest");
}

#[test]
fn recall_and_reports_answer_from_the_records() {
    let h = harness();
    clinic(&h);
    let hits = h.ok("recall_lot", json!({"lot": "HA-1"}));
    let names: Vec<&str> = hits
        .as_array()
        .expect("hits")
        .iter()
        .map(|x| x["family_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Hopper", "Lovelace"]);
    assert_eq!(hits[0]["phone"], "+1 555 0100");

    let period = json!({"from_month": "2026-09", "to_month": "2026-11"});
    let r = h.ok(
        "get_reaction_report",
        json!({"dimension": "depth_band", "period": period}),
    );
    assert_eq!(r["overall"]["sessions"], 3);
    assert_eq!(r["heading"], "Deepest depth");
    let labels: Vec<&str> = r["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["label"].as_str().expect("label"))
        .collect();
    // 1.0 + 0.5, 1.5 + 0.5, 0.5 + 0.5 mm: one session in each band.
    assert_eq!(labels.len(), 3);
    assert!(labels.contains(&"over 1.0 to 1.5 mm"));
    let months = h.ok("get_sessions_per_month", json!({"period": period}));
    assert_eq!(
        months,
        json!([{"month": "2026-09", "sessions": 1}, {"month": "2026-10", "sessions": 1},
               {"month": "2026-11", "sessions": 1}])
    );
    let due = h.ok("get_courses_due_report", json!({}));
    assert_eq!(due["overdue"], 0);
}

#[test]
fn export_writes_the_csv_and_says_where() {
    let h = harness();
    clinic(&h);
    let done = h.ok(
        "export_csv",
        json!({"request": {"kind": "recall", "lot": "HA-1"}}),
    );
    assert_eq!(done["rows"], 2);
    let path = std::path::PathBuf::from(done["path"].as_str().expect("path"));
    assert_eq!(path.parent(), Some(h.exports_dir().as_path()));
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("recall-HA-1-2026-11-20.csv")
    );
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.starts_with("\u{feff}Session date (UTC),Used as"));
    assert!(text.contains(",Hopper,Grace,"));
    assert!(
        text.contains("'+1 555 0100"),
        "phone numbers cannot run as formulas"
    );
    let leftovers: Vec<_> = std::fs::read_dir(h.exports_dir())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");

    let e = h.err(
        "export_csv",
        json!({"request": {"kind": "recall", "lot": " "}}),
    );
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "lot");
    let e = h.err("export_csv", json!({"request": {"kind": "everything"}}));
    assert_eq!(e["code"], "BadRequest");
}
