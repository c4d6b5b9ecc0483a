//! Recovery from a refused database, and the admin's choice of backup folder, through the
//! real IPC path: the refused file is quarantined as found, the newest backup is restored
//! only for an admin of that backup (failures limited), another file can be opened, and
//! none of it works once a database is open.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

use super::harness::{harness, harness_picking, user_input, PASSWORD};
use super::ipc::patient;

const DB: &str = "clinic.sqlite3";

/// A set-up clinic with one patient, a clinician-only account and a backup, closed; then
/// the database emptied to 0 bytes (as a failed copy or a bad sync leaves it).
/// Returns the folder, the patient's id and the backup's file name.
fn emptied_clinic_with_a_backup() -> (tempfile::TempDir, String, String) {
    let h = harness();
    h.ok(
        "save_user",
        json!({"input": user_input("nurse", &["clinician"])}),
    );
    let patient = h.ok("save_patient", json!({"input": patient("Ada", "Lovelace")}));
    let backup = h.ok("backup_now", json!({}));
    let dir = h.close();
    fs::write(dir.path().join(DB), b"").expect("empty the database");
    let text = |v: &Value| v.as_str().expect("text").to_string();
    (dir, text(&patient["id"]), text(&backup["file_name"]))
}

fn problem(status: &Value) -> &Value {
    &status["problem"]
}

#[test]
fn a_refused_file_is_quarantined_and_an_admin_of_the_backup_restores_it() {
    let (dir, patient_id, backup_name) = emptied_clinic_with_a_backup();
    let path = dir.path().join(DB);
    let h = harness_picking(dir, &path, &[]);

    let status = h.ok("get_startup_status", json!({}));
    assert_eq!(problem(&status)["code"], "EmptyFile");
    let quarantine = problem(&status)["quarantined_to"]
        .as_str()
        .expect("a quarantine folder");
    assert_eq!(
        fs::metadata(Path::new(quarantine).join(DB))
            .expect("copy")
            .len(),
        0,
        "the file is kept exactly as found"
    );
    assert!(Path::new(quarantine)
        .join(format!("{DB}.audit-head"))
        .is_file());
    assert_eq!(problem(&status)["newest_backup"]["file_name"], backup_name);

    let wrong = h.err(
        "restore_newest_backup",
        json!({"username": "admin", "password": "not the password"}),
    );
    assert_eq!(wrong["code"], "SignInFailed");
    let not_admin = h.err(
        "restore_newest_backup",
        json!({"username": "nurse", "password": PASSWORD}),
    );
    assert_eq!(not_admin["code"], "Forbidden");
    assert_eq!(
        fs::metadata(&path).expect("still there").len(),
        0,
        "refused attempts move nothing"
    );

    let done = h.ok(
        "restore_newest_backup",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(done["restored"], backup_name);
    assert!(Path::new(done["set_aside"].as_str().expect("aside")).is_file());
    assert!(problem(&h.ok("get_startup_status", json!({}))).is_null());

    h.ok(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    let p = h.ok("get_patient", json!({"id": patient_id}));
    assert_eq!(
        p["family_name"], "Lovelace",
        "the backup's records are back"
    );
    let restored = h
        .audit()
        .into_iter()
        .find(|r| r["action"] == "backup_restored")
        .expect("the restore is audited in the restored database");
    assert!(
        restored["reason"]
            .as_str()
            .expect("reason")
            .contains("EmptyFile"),
        "{restored}"
    );

    for cmd in ["restore_newest_backup", "open_other_database", "quit_app"] {
        let e = h.err(cmd, json!({"username": "admin", "password": PASSWORD}));
        assert_eq!(
            e["code"], "Conflict",
            "{cmd} only works on a refused database"
        );
    }
}

#[test]
fn recovery_restores_are_refused_after_five_wrong_passwords() {
    let (dir, _, _) = emptied_clinic_with_a_backup();
    let path = dir.path().join(DB);
    let h = harness_picking(dir, &path, &[]);
    for _ in 0..5 {
        let e = h.err(
            "restore_newest_backup",
            json!({"username": "admin", "password": "guess"}),
        );
        assert_eq!(e["code"], "SignInFailed");
    }
    let e = h.err(
        "restore_newest_backup",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(e["code"], "TooManyAttempts", "refused unchecked: {e}");
    assert_eq!(
        fs::metadata(&path).expect("db").len(),
        0,
        "nothing restored"
    );
}

#[test]
fn another_database_can_be_opened_instead_of_a_refused_one() {
    let other_dir = harness().close();
    let other = other_dir.path().join(DB);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DB);
    fs::write(&path, b"this is not a database at all, just text").expect("write");
    let h = harness_picking(dir, &path, &[None, Some(other.clone())]);

    assert_eq!(
        problem(&h.ok("get_startup_status", json!({})))["code"],
        "NotADatabase"
    );
    let e = h.err(
        "restore_newest_backup",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(
        e["code"], "NotFound",
        "no backup beside a foreign file: {e}"
    );
    assert!(
        h.ok("open_other_database", json!({})).is_null(),
        "cancelled: nothing changes"
    );
    assert_eq!(
        problem(&h.ok("get_startup_status", json!({})))["code"],
        "NotADatabase"
    );
    let status = h.ok("open_other_database", json!({}));
    assert!(problem(&status).is_null(), "{status}");
    assert_eq!(status["database_path"], other.display().to_string());
    h.ok(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(
        fs::read(&path).expect("kept"),
        b"this is not a database at all, just text",
        "the refused file is untouched"
    );
}

#[test]
fn an_admin_chooses_the_backup_folder_and_it_is_checked_and_audited() {
    let outside = tempfile::tempdir().expect("tempdir");
    let chosen = outside.path().join("usb-drive").join("dermalog");
    let blocked = outside.path().join("a-file");
    fs::write(&blocked, b"x").expect("file");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DB);
    let h = harness_picking(
        dir,
        &path,
        &[None, Some(blocked.join("sub")), Some(chosen.clone())],
    );
    h.ok(
        "set_up_clinic",
        json!({"setup": {
            "clinic_name": "Harbour Skin Clinic",
            "admin": user_input("admin", &["clinician", "aesthetician", "admin"]),
        }}),
    );
    assert_eq!(
        h.ok("get_backup_status", json!({}))["folder_set_by"],
        "default"
    );
    assert!(
        h.ok("choose_backup_folder", json!({})).is_null(),
        "cancelled"
    );
    let e = h.err("choose_backup_folder", json!({}));
    assert_eq!(
        e["code"], "WriteFailed",
        "a folder that cannot be written: {e}"
    );
    assert_eq!(
        h.ok("get_backup_status", json!({}))["folder_set_by"],
        "default"
    );

    let status = h.ok("choose_backup_folder", json!({}));
    assert_eq!(status["folder"], chosen.display().to_string());
    assert_eq!(status["folder_set_by"], "admin");
    assert_eq!(status["warn"], true, "no backup there yet");
    let b = h.ok("backup_now", json!({}));
    assert!(chosen
        .join(b["file_name"].as_str().expect("name"))
        .is_file());
    let change = h
        .audit()
        .into_iter()
        .find(|r| r["action"] == "settings" && r["entity"] == "backup_folder")
        .expect("audited");
    assert_eq!(
        change["new_value"],
        serde_json::to_string(&chosen.display().to_string()).expect("json")
    );

    let back = h.ok("use_default_backup_folder", json!({}));
    assert_eq!(back["folder_set_by"], "default");
    assert!(back["folder"]
        .as_str()
        .expect("folder")
        .ends_with("backups"));
}
