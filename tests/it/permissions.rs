//! The permission matrix, tested through the real IPC path: every registered command is
//! called signed out, locked, and as each single role, and must refuse (or answer) as the
//! matrix below says. A command added to the handler without a row here fails the first test;
//! a command that forgets its check fails the others.

use chrono::Duration;
use dermalog::commands::NAMES;
use serde_json::{json, Value};

use super::harness::{harness, unset_harness, PASSWORD};

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Answers without anyone signed in.
    Public,
    /// Needs a signed-in user but works while locked (the lock screen's own commands).
    LockScreen,
    /// Any signed-in role.
    Anyone,
    /// Clinicians only.
    Clinician,
    /// Admins only.
    Admin,
    /// Clinicians and aestheticians.
    ClinicalStaff,
}

use Access::*;

/// The matrix (role x command), written out here independently of the shell's own tables.
const MATRIX: &[(&str, Access)] = &[
    ("get_startup_status", Public),
    ("restore_newest_backup", Public),
    ("open_other_database", Public),
    ("quit_app", Public),
    ("get_auth_status", Public),
    ("set_up_clinic", Public),
    ("sign_in", Public),
    ("unlock_with_recovery_key", Public),
    ("take_recovery_key", Admin),
    ("new_recovery_key", Admin),
    ("get_encryption_status", Admin),
    ("sign_out", Public),
    ("lock_app", LockScreen),
    ("unlock_app", LockScreen),
    ("keep_alive", Anyone),
    ("list_users", Admin),
    ("save_user", Admin),
    ("change_password", Anyone),
    ("list_audit", Admin),
    ("verify_audit", Admin),
    ("record_print", Anyone),
    ("get_backup_status", Anyone),
    ("list_backups", Admin),
    ("backup_now", Admin),
    ("restore_backup", Admin),
    ("choose_backup_folder", Admin),
    ("use_default_backup_folder", Admin),
    ("get_reference_data", Anyone),
    ("save_area", Admin),
    ("save_device_model", Admin),
    ("save_depth_guidance", Admin),
    ("save_settings", Admin),
    ("list_patients", Anyone),
    ("get_patient", Anyone),
    ("save_patient", Clinician),
    ("archive_patient", Clinician),
    ("restore_patient", Clinician),
    ("check_session", Clinician),
    ("save_session", Clinician),
    ("get_session", Anyone),
    ("list_patient_sessions", Anyone),
    ("list_recent_sessions", Anyone),
    ("sign_session", Clinician),
    ("add_addendum", ClinicalStaff),
    ("verify_signatures", Admin),
    ("get_patient_history", Anyone),
    ("save_history_entry", Clinician),
    ("save_history_term", Admin),
    ("save_rule", Admin),
    ("save_product", Admin),
    ("get_aftercare_handout", Anyone),
    ("mark_aftercare_given", Clinician),
    ("get_aftercare_settings", Anyone),
    ("save_aftercare_template", Admin),
    ("save_downtime_band", Admin),
    ("list_patient_courses", Anyone),
    ("save_course", Clinician),
    ("list_due_courses", Anyone),
    ("save_protocol", Admin),
    ("search_sessions", Anyone),
    ("recall_lot", Anyone),
    ("get_reaction_report", Anyone),
    ("get_sessions_per_month", Anyone),
    ("get_courses_due_report", Anyone),
    ("export_csv", Admin),
    ("export_records", Admin),
    ("export_fhir", Admin),
    ("export_patient_packet", Admin),
    ("import_columns", Admin),
    ("choose_import_file", Admin),
    ("preview_import", Admin),
    ("forget_import_file", Admin),
    ("check_import", Admin),
    ("run_import", Admin),
    ("list_import_batches", Admin),
    ("list_photos", Anyone),
    ("choose_photos", ClinicalStaff),
    ("add_photo", ClinicalStaff),
    ("get_photo", Anyone),
    ("remove_photo", ClinicalStaff),
    ("export_photo", Admin),
    ("list_consent_templates", Anyone),
    ("save_consent_template", Admin),
    ("list_patient_consents", Anyone),
    ("get_consent_status", Anyone),
    ("record_consent", ClinicalStaff),
    ("revoke_consent", ClinicalStaff),
    ("get_consent_document", Anyone),
    ("get_consent_picture", Anyone),
];

/// Every argument any command takes, all null: the permission check comes before decoding,
/// so a refusal is about who calls, never about the shape of the call. A command with a new
/// argument name fails with "missing required key": add the name here.
fn any_args() -> Value {
    json!({
        "input": null, "id": null, "patientId": null, "sessionId": null, "query": null,
        "filter": null, "page": null, "lot": null, "dimension": null, "period": null,
        "request": null, "setup": null, "username": null, "password": null,
        "currentPassword": null, "newPassword": null, "fileName": null, "recoveryKey": null,
        "kind": null, "options": null, "mapping": null, "photoId": null, "size": null,
        "purpose": null, "consentId": null, "limit": null,
    })
}

fn code(reply: &Result<Value, Value>) -> Option<&str> {
    match reply {
        Ok(_) => None,
        Err(e) => Some(
            e.get("code")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("untyped error: {e}")),
        ),
    }
}

fn access(name: &str) -> Access {
    MATRIX
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| *a)
        .unwrap_or_else(|| panic!("{name} has no row in the permission matrix"))
}

#[test]
fn every_registered_command_has_a_row_and_every_row_a_command() {
    for name in NAMES {
        access(name);
    }
    for (name, _) in MATRIX {
        assert!(
            NAMES.contains(name),
            "{name} is in the matrix but not registered"
        );
    }
}

#[test]
fn signed_out_only_public_commands_answer() {
    let h = harness();
    h.ok("sign_out", json!({}));
    for name in NAMES {
        let reply = h.call(name, any_args());
        match access(name) {
            Public => assert_ne!(code(&reply), Some("NotSignedIn"), "{name}"),
            _ => assert_eq!(code(&reply), Some("NotSignedIn"), "{name}: {reply:?}"),
        }
    }
}

#[test]
fn before_set_up_nothing_but_set_up_and_status_answers() {
    let h = unset_harness();
    let status = h.ok("get_auth_status", json!({}));
    assert_eq!(status["setup_needed"], true);
    for name in NAMES {
        if access(name) != Public {
            assert_eq!(
                code(&h.call(name, any_args())),
                Some("NotSignedIn"),
                "{name}"
            );
        }
    }
}

#[test]
fn locked_only_public_and_lock_screen_commands_answer() {
    let h = harness();
    h.ok("lock_app", json!({}));
    for name in NAMES {
        if *name == "unlock_app" || *name == "sign_out" || *name == "set_up_clinic" {
            continue; // each exercised on its own below
        }
        let reply = h.call(name, any_args());
        match access(name) {
            Public | LockScreen => assert_ne!(code(&reply), Some("AppLocked"), "{name}"),
            _ => assert_eq!(code(&reply), Some("AppLocked"), "{name}: {reply:?}"),
        }
    }
    let wrong = h.err("unlock_app", json!({"password": "not the password"}));
    assert_eq!(wrong["code"], "SignInFailed");
    assert_eq!(h.ok("get_auth_status", json!({}))["locked"], true);
    let open = h.ok("unlock_app", json!({"password": PASSWORD}));
    assert_eq!(open["locked"], false);
    h.ok(
        "list_patients",
        json!({"query": {"text": "", "include_archived": false, "limit": null}}),
    );
}

#[test]
fn each_role_reaches_exactly_its_commands() {
    for (username, role) in [
        ("clin", "clinician"),
        ("aest", "aesthetician"),
        ("adm", "admin"),
    ] {
        let h = harness();
        h.become_user(username, &[role]);
        let mut table = Vec::new();
        for name in NAMES {
            if matches!(*name, "sign_out" | "lock_app" | "set_up_clinic") {
                continue; // they end or lock the session the loop needs
            }
            let reply = h.call(name, any_args());
            let allowed = match access(name) {
                Public | LockScreen | Anyone => true,
                Clinician => role == "clinician",
                Admin => role == "admin",
                ClinicalStaff => role != "admin",
            };
            let got = code(&reply);
            if allowed {
                assert!(
                    !matches!(got, Some("Forbidden" | "NotSignedIn" | "AppLocked")),
                    "{role} should reach {name}: {reply:?}"
                );
            } else {
                assert_eq!(got, Some("Forbidden"), "{role} must not reach {name}");
            }
            table.push(format!("{name}={}", if allowed { "yes" } else { "no" }));
        }
        println!("{role}: {}", table.join(" "));
    }
}

#[test]
fn the_app_locks_after_the_idle_limit_and_the_lock_is_audited() {
    let h = harness();
    h.clock.advance(Duration::minutes(14));
    h.ok(
        "list_patients",
        json!({"query": {"text": "", "include_archived": false, "limit": null}}),
    );
    h.clock.advance(Duration::minutes(14));
    h.ok("keep_alive", json!({}));
    h.clock.advance(Duration::minutes(15));
    let refused = h.err(
        "list_patients",
        json!({"query": {"text": "", "include_archived": false, "limit": null}}),
    );
    assert_eq!(refused["code"], "AppLocked");
    let status = h.ok("get_auth_status", json!({}));
    assert_eq!(status["locked"], true);
    assert_eq!(status["idle_lock_minutes"], 15);
    h.ok("unlock_app", json!({"password": PASSWORD}));
    let rows = h.audit();
    let lock = rows
        .iter()
        .find(|r| r["action"] == "lock")
        .expect("a lock row");
    assert_eq!(lock["reason"], "idle");
    // Dated when the limit passed: 28 min of activity + 15 idle after 10:00.
    assert_eq!(lock["at"], "2026-11-20T10:43:00.000000Z");
    assert!(rows.iter().any(|r| r["action"] == "unlock"));
}

#[test]
fn sign_in_failures_are_audited_and_rate_limited() {
    let h = harness();
    h.ok("sign_out", json!({}));
    for _ in 0..5 {
        let e = h.err(
            "sign_in",
            json!({"username": "admin", "password": "guess guess"}),
        );
        assert_eq!(e["code"], "SignInFailed");
    }
    let unknown = h.err(
        "sign_in",
        json!({"username": "nobody", "password": "guess guess"}),
    );
    assert_eq!(unknown["code"], "SignInFailed");
    let refused = h.err(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(refused["code"], "TooManyAttempts");
    h.clock.advance(Duration::minutes(16));
    h.ok(
        "sign_in",
        json!({"username": "ADMIN", "password": PASSWORD}),
    );
    let rows = h.audit();
    let failed = rows
        .iter()
        .filter(|r| r["action"] == "sign_in_failed")
        .count();
    assert_eq!(failed, 6);
    assert_eq!(
        rows.iter()
            .filter(|r| r["action"] == "sign_in_refused")
            .count(),
        1
    );
}
