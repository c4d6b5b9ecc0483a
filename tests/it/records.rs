//! Accountable records over IPC: each mutating command writes exactly one audit row (and a
//! read none, an opened patient one `view`); signing locks a session against every command;
//! addenda and follow-ups are added by the roles allowed; verify reports on both the audit
//! trail and the signatures.

use serde_json::{json, Value};

use super::harness::{harness, raw_connection, Harness, PASSWORD};
use super::ipc::{patient, session};

fn rows(h: &Harness) -> usize {
    h.audit().len()
}

/// Calls `cmd` and returns how many audit rows it wrote.
fn written(h: &Harness, cmd: &str, args: Value) -> usize {
    let before = rows(h);
    h.ok(cmd, args);
    rows(h) - before
}

#[test]
fn each_mutation_writes_one_audit_row_and_reads_write_none() {
    let h = harness();
    let reference = h.ok("get_reference_data", json!({}));
    let p = patient("Ada", "Lovelace");
    assert_eq!(written(&h, "save_patient", json!({"input": p})), 1);
    let s = session(&reference, &p["id"], 1.0);
    assert_eq!(written(&h, "save_session", json!({"input": s})), 1);
    assert_eq!(
        written(&h, "save_session", json!({"input": s})),
        1,
        "a retry is audited"
    );
    assert_eq!(
        written(&h, "mark_aftercare_given", json!({"sessionId": s["id"]})),
        1
    );
    assert_eq!(written(&h, "get_patient", json!({"id": p["id"]})), 1);
    assert_eq!(
        written(&h, "record_print", json!({"patientId": p["id"]})),
        1
    );
    let mut settings = reference["settings"].clone();
    settings["due_soon_days"] = json!(10);
    assert_eq!(written(&h, "save_settings", json!({"input": settings})), 1);
    for (cmd, args) in [
        (
            "list_patients",
            json!({"query": {"text": "", "include_archived": false, "limit": null}}),
        ),
        ("list_patient_sessions", json!({"patientId": p["id"]})),
        ("get_session", json!({"id": s["id"]})),
        ("get_reference_data", json!({})),
    ] {
        assert_eq!(written(&h, cmd, args), 0, "{cmd} only reads");
    }
    let before = rows(&h);
    let bad = h.err("save_patient", json!({"input": patient("", "Nameless")}));
    assert_eq!(bad["code"], "Invalid");
    assert_eq!(rows(&h), before, "a refused save writes no audit row");

    let newest = &h.audit()[0];
    assert_eq!(newest["action"], "settings");
    assert_eq!(newest["user_name"], "admin (test)");
    let viewed = h
        .audit()
        .into_iter()
        .find(|r| r["action"] == "view")
        .expect("view row");
    assert_eq!(viewed["patient_id"], p["id"]);
    let report = h.ok("verify_audit", json!({}));
    assert_eq!(report["ok"], true, "{report}");
}

#[test]
fn a_signed_session_is_locked_and_takes_addenda_from_the_allowed_roles() {
    let h = harness();
    let reference = h.ok("get_reference_data", json!({}));
    let p = patient("Mary", "Seacole");
    h.ok("save_patient", json!({"input": p}));
    let s = session(&reference, &p["id"], 1.0);
    h.ok("save_session", json!({"input": s}));
    let sign = |password: &str| {
        h.call(
            "sign_session",
            json!({"input": {"session_id": s["id"], "meaning": "author", "password": password}}),
        )
    };
    let wrong = sign("wrong password").expect_err("refused");
    assert_eq!(wrong["code"], "Invalid");
    assert_eq!(wrong["fields"][0]["field"], "password");
    let signed = sign(PASSWORD).expect("signed");
    assert_eq!(signed["status"], "signed");
    assert_eq!(signed["signatures"][0]["signer_name"], "admin, signature");
    assert_eq!(
        signed["signatures"][0]["content_hash"]
            .as_str()
            .map(str::len),
        Some(64)
    );

    let mut edit = s.clone();
    edit["notes"] = json!("changed after signing");
    assert_eq!(
        h.err("save_session", json!({"input": edit}))["code"],
        "Locked"
    );
    assert_eq!(
        h.err("mark_aftercare_given", json!({"sessionId": s["id"]}))["code"],
        "Locked"
    );
    let correction = json!({"input": {
        "id": uuid::Uuid::now_v7(), "session_id": s["id"], "kind": "correction",
        "reason": "Depth misread", "text": "Cheek was 1.25 mm.",
        "corrections": [{"field": "areas[0].needle_depth_mm", "value": "1.25"}],
        "reactions": []
    }});
    let with = h.ok("add_addendum", correction);
    assert_eq!(with["addenda"][0]["kind"], "correction");
    assert_eq!(
        with["areas"][0]["needle_depth_mm"], 1.0,
        "the original stays"
    );

    h.become_user("aest", &["aesthetician"]);
    let erythema = reference["reaction_types"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["code"] == "erythema"))
        .map(|t| t["id"].clone())
        .expect("erythema");
    let follow_up = json!({"input": {
        "id": uuid::Uuid::now_v7(), "session_id": s["id"], "kind": "follow_up",
        "reason": "", "text": "Seen at 72 h.", "corrections": [],
        "reactions": [{"reaction_type_id": erythema, "grade": 1, "time_point": "h72",
                       "area_id": null, "note": ""}]
    }});
    let followed = h.ok("add_addendum", follow_up);
    assert_eq!(followed["addenda"].as_array().map(Vec::len), Some(2));
    let not_allowed = json!({"input": {
        "id": uuid::Uuid::now_v7(), "session_id": s["id"], "kind": "correction",
        "reason": "r", "text": "t", "corrections": [], "reactions": []
    }});
    assert_eq!(h.err("add_addendum", not_allowed)["code"], "Forbidden");
    assert_eq!(
        h.err(
            "sign_session",
            json!({"input": {"session_id": s["id"], "meaning": "review", "password": PASSWORD}})
        )["code"],
        "Forbidden"
    );

    h.ok("sign_out", json!({}));
    h.ok(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    let check = h.ok("verify_signatures", json!({}));
    assert_eq!(check["checked"], 1);
    assert_eq!(check["mismatches"], json!([]));
}

#[test]
fn verify_names_the_first_broken_row_of_a_tampered_database() {
    let h = harness();
    let reference = h.ok("get_reference_data", json!({}));
    let p = patient("Grace", "Hopper");
    h.ok("save_patient", json!({"input": p}));
    let s = session(&reference, &p["id"], 1.0);
    h.ok("save_session", json!({"input": s}));
    h.ok(
        "sign_session",
        json!({"input": {"session_id": s["id"], "meaning": "author", "password": PASSWORD}}),
    );
    h.ok("get_patient", json!({"id": p["id"]}));
    h.ok("record_print", json!({"patientId": p["id"]}));
    let clean = h.ok("verify_audit", json!({}));
    assert_eq!(clean["ok"], true);
    let newest = clean["rows"].as_u64().expect("rows") as i64;

    // A forger with the file: drops the guards, rewrites the session row's audited new value
    // and the signed depth, and cuts the newest two audit rows (the view and the print).
    let raw = raw_connection(&h._dir.path().join("clinic.sqlite3"));
    raw.execute_batch(
        "DROP TRIGGER audit_event_append_only_update;
         DROP TRIGGER audit_event_append_only_delete;
         DROP TRIGGER treated_area_signed_locked_update;",
    )
    .expect("drop triggers");
    let session_row: i64 = raw
        .query_row(
            "SELECT seq FROM audit_event WHERE entity = 'session' AND action = 'create'",
            [],
            |r| r.get(0),
        )
        .expect("session row");
    raw.execute(
        "UPDATE audit_event SET new_value = json_set(new_value, '$.notes', 'rewritten')
         WHERE seq = ?1",
        [session_row],
    )
    .expect("rewrite");
    raw.execute("DELETE FROM audit_event WHERE seq > ?1", [newest - 2])
        .expect("cut the tail");
    raw.execute(
        "UPDATE treated_area SET needle_depth_um = 2500 WHERE session_id = ?1",
        [s["id"].as_str().expect("id")],
    )
    .expect("change a signed depth");

    let report = h.ok("verify_audit", json!({}));
    let signatures = h.ok("verify_signatures", json!({}));
    println!(
        "verify on a tampered database:\n{}\n{}",
        serde_json::to_string_pretty(&report).expect("json"),
        serde_json::to_string_pretty(&signatures).expect("json")
    );
    assert_eq!(report["ok"], false);
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems[0]["code"], "hash_mismatch");
    assert_eq!(problems[0]["seq"], session_row);
    assert!(problems
        .iter()
        .any(|p| p["code"] == "rows_missing" && p["seq"] == newest - 1));
    assert_eq!(signatures["mismatches"][0]["session_id"], s["id"]);
}

#[test]
fn an_admin_backup_is_listed_audited_and_clears_the_old_backup_warning() {
    let h = harness();
    let before = h.ok("get_backup_status", json!({}));
    assert_eq!(before["warn"], true, "no backup yet");
    assert_eq!(before["last"], Value::Null);
    h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let info = h.ok("backup_now", json!({}));
    assert_eq!(info["patients"], 1);
    assert_eq!(info["reason"], "manual");
    let status = h.ok("get_backup_status", json!({}));
    assert_eq!(status["warn"], false);
    assert_eq!(status["last"]["file_name"], info["file_name"]);
    let listed = h.ok("list_backups", json!({}));
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(h.audit()[0]["action"], "backup");
    h.clock.advance(chrono::Duration::hours(25));
    h.ok("unlock_app", json!({"password": PASSWORD}));
    assert_eq!(
        h.ok("get_backup_status", json!({}))["warn"],
        true,
        "a day old"
    );
}

#[test]
fn restoring_a_backup_brings_its_records_back_and_signs_everyone_out() {
    let h = harness();
    h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let info = h.ok("backup_now", json!({}));
    h.ok(
        "save_patient",
        json!({"input": patient("Mary", "Somerville")}),
    );
    let missing = h.err(
        "restore_backup",
        json!({"fileName": "dermalog-nope.sqlite3"}),
    );
    assert_eq!(missing["code"], "NotFound");
    let done = h.ok("restore_backup", json!({"fileName": info["file_name"]}));
    assert_eq!(done["restored"], info["file_name"]);
    assert!(done["set_aside"]
        .as_str()
        .is_some_and(|p| p.contains("before-restore")));
    assert_eq!(h.ok("get_auth_status", json!({}))["user"], Value::Null);
    h.ok(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    let list = h.ok(
        "list_patients",
        json!({"query": {"text": "", "include_archived": false, "limit": null}}),
    );
    assert_eq!(list.as_array().map(Vec::len), Some(1), "as backed up");
    let rows = h.audit();
    assert!(rows.iter().any(|r| r["action"] == "backup_restored"));
    assert_eq!(h.ok("verify_audit", json!({}))["ok"], true);
}
