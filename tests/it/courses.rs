//! Courses over IPC: a course from a protocol, sessions numbered in it, and the due list.

use serde_json::json;

use super::harness::harness;
use super::ipc::{patient, session};

#[test]
fn a_course_numbers_its_sessions_and_shows_in_the_due_list_when_late() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let reference = h.ok("get_reference_data", json!({}));
    let protocol = reference["protocols"][0].clone();
    assert_eq!(protocol["name"], "Acne scars, face");
    let course = h.ok(
        "save_course",
        json!({"input": {
            "id": uuid::Uuid::now_v7(), "patient_id": p["id"], "protocol_id": protocol["id"],
            "name": protocol["name"], "indication": protocol["indication"],
            "target_sessions": protocol["target_sessions"], "interval_days": 7,
            "started_on": "2026-10-01", "stopped_on": null, "note": ""
        }}),
    );
    assert_eq!(course["state"], "overdue");
    let due = h.ok("list_due_courses", json!({}));
    assert_eq!(due[0]["course"]["id"], course["id"]);
    assert_eq!(due[0]["family_name"], "Lovelace");

    let mut input = session(&reference, &p["id"], 1.0);
    input["course_id"] = course["id"].clone();
    let saved = h.ok("save_session", json!({"input": input}));
    assert_eq!(
        (
            saved["course_number"].clone(),
            saved["course_target"].clone()
        ),
        (json!(1), json!(6))
    );
    let courses = h.ok("list_patient_courses", json!({"patientId": p["id"]}));
    assert_eq!(courses[0]["sessions_done"], 1);
    assert_eq!(courses[0]["next_due_on"], "2026-11-27");
    // Due a week after the session: "due soon" with the clinic's 7-day look-ahead.
    let due = h.ok("list_due_courses", json!({}));
    assert_eq!(due[0]["course"]["state"], "due_soon");
}
