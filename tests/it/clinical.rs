//! Clinical safety over IPC: medical history and contraindication screening with override
//! reasons, editable rules and products, and the aftercare handout.

use serde_json::{json, Value};

use super::harness::harness;
use super::ipc::{area_id, patient, session};

fn term_id(reference: &Value, code: &str) -> Value {
    reference["history_terms"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["code"] == code)
        .expect("term")["id"]
        .clone()
}

#[test]
fn a_contraindication_blocks_over_ipc_until_an_override_reason_is_given() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let entry = h.ok(
        "save_history_entry",
        json!({"input": {
            "id": uuid::Uuid::now_v7(), "patient_id": p["id"],
            "term_id": term_id(&reference, "cold_sore"),
            "area_id": area_id(&reference, "cheek_left"),
            "started_on": "2026-11-18", "ended_on": null, "note": "", "archived": false
        }}),
    );
    assert_eq!(entry["kind"], "condition");
    let history = h.ok("get_patient_history", json!({"patientId": p["id"]}));
    assert_eq!(history["entries"][0]["id"], entry["id"]);

    let mut input = session(&reference, &p["id"], 1.0);
    let findings = h.ok("check_session", json!({"input": input}));
    let block = findings
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "contraindication")
        .expect("screening finding")
        .clone();
    assert_eq!(block["field"], "screening.cold_sore_in_area");
    assert_eq!(
        (block["level"].clone(), block["overridden"].clone()),
        (json!("block"), json!(false))
    );

    let e = h.err("save_session", json!({"input": input}));
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "screening.cold_sore_in_area");

    input["overrides"] = json!([{"rule_code": "cold_sore_in_area",
                                 "reason": "Healed crust only, lip area avoided."}]);
    let saved = h.ok("save_session", json!({"input": input}));
    assert_eq!(saved["screening"][0]["rule_code"], "cold_sore_in_area");
    assert_eq!(
        saved["screening"][0]["override_reason"],
        "Healed crust only, lip area avoided."
    );
}

#[test]
fn rules_and_products_are_editable_over_ipc() {
    let h = harness();
    let reference = h.ok("get_reference_data", json!({}));
    let mut rule = reference["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["code"] == "rosacea")
        .expect("rosacea rule")
        .clone();
    rule["severity"] = json!("block");
    let obj = rule.as_object_mut().expect("object");
    obj.remove("version");
    let saved = h.ok("save_rule", json!({"input": rule}));
    assert_eq!(
        (saved["severity"].clone(), saved["version"].clone()),
        (json!("block"), json!(2))
    );

    let bad = h.err(
        "save_product",
        json!({"input": {"id": uuid::Uuid::now_v7(), "name": " ", "kind": "serum",
                         "intradermal": "unknown", "note": "", "archived": false}}),
    );
    assert_eq!(
        (bad["code"].clone(), bad["fields"][0]["field"].clone()),
        (json!("Invalid"), json!("name"))
    );
    let term = h.ok(
        "save_history_term",
        json!({"input": {"id": uuid::Uuid::now_v7(), "code": "minoxidil", "kind": "medication",
                         "name": "Minoxidil", "archived": false}}),
    );
    assert_eq!(term["code"], "minoxidil");
}

#[test]
fn the_aftercare_handout_is_read_from_the_saved_session_and_marked_given() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let mut input = session(&reference, &p["id"], 1.0);
    input["aftercare_given"] = json!(false);
    let saved = h.ok("save_session", json!({"input": input}));
    let handout = h.ok("get_aftercare_handout", json!({"sessionId": saved["id"]}));
    assert_eq!(handout["patient_name"], "Ada Lovelace");
    assert_eq!(handout["downtime"], "about 4-5 days", "deepest area 1.0 mm");
    let settings = h.ok("get_aftercare_settings", json!({}));
    let mut template = settings["template"].clone();
    template["clinic_name"] = json!("Harley Skin Clinic");
    h.ok("save_aftercare_template", json!({"input": template}));
    let handout = h.ok("get_aftercare_handout", json!({"sessionId": saved["id"]}));
    assert_eq!(handout["clinic_name"], "Harley Skin Clinic");
    let marked = h.ok("mark_aftercare_given", json!({"sessionId": saved["id"]}));
    assert_eq!(marked["aftercare_given"], true);
    let e = h.err(
        "save_downtime_band",
        json!({"input": {"id": uuid::Uuid::now_v7(), "max_depth_mm": 9.0, "downtime": ""}}),
    );
    assert_eq!(e["code"], "Invalid");
}
