//! Encryption at rest through the app: a new clinic is encrypted from set-up, a restarted
//! app is sealed until the first sign-in (or the recovery key) opens it, a wrong password
//! or key changes nothing, and the canary: patient text saved through the commands is in no
//! file of the clinic's folder and in no log line.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{json, Value};

use super::harness::{harness, harness_on, Harness, PASSWORD};
use super::ipc::{patient, session};

const DB: &str = "clinic.sqlite3";

/// Every log line any test in this binary writes (the app logs through `log`).
static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        LINES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(format!("{} {}", record.target(), record.args()));
    }
    fn flush(&self) {}
}

fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        log::set_logger(&Capture).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

fn reopen(h: Harness) -> Harness {
    let dir = h.close();
    let path = dir.path().join(DB);
    harness_on(dir, &path)
}

#[test]
fn set_up_encrypts_and_the_recovery_key_is_shown_once() {
    let h = harness();
    let status = h.ok("get_auth_status", json!({}));
    assert_eq!(status["encrypted"], true);
    assert_eq!(status["sealed"], false);
    let key = h.ok("take_recovery_key", json!({}));
    assert_eq!(key.as_str().expect("text").len(), 39, "{key}");
    assert_eq!(
        h.ok("take_recovery_key", json!({})),
        Value::Null,
        "only once"
    );
    let enc = h.ok("get_encryption_status", json!({}));
    assert_eq!(enc["encrypted"], true);
    assert_eq!(enc["users_with_key"].as_array().expect("ids").len(), 1);
    let head = fs::read(h._dir.path().join(DB)).expect("read");
    assert_ne!(&head[..16], b"SQLite format 3\0");
}

#[test]
fn a_restarted_app_is_sealed_until_a_sign_in_opens_it() {
    let h = harness();
    let p = h.ok("save_patient", json!({"input": patient("Ada", "Sealed")}));
    let h = reopen(h);
    let status = h.ok("get_auth_status", json!({}));
    assert_eq!(status["sealed"], true);
    assert_eq!(status["setup_needed"], false);
    assert_eq!(
        h.err("list_patients", json!({"query": {}}))["code"],
        "NotSignedIn"
    );
    let before = fs::read(h._dir.path().join(DB)).expect("read");
    let wrong = h.err(
        "sign_in",
        json!({"username": "admin", "password": "not it at all"}),
    );
    assert_eq!(wrong["code"], "SignInFailed");
    assert_eq!(
        h.ok("get_auth_status", json!({}))["sealed"],
        true,
        "still sealed"
    );
    assert_eq!(
        fs::read(h._dir.path().join(DB)).expect("read"),
        before,
        "unchanged"
    );

    let status = h.ok(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(status["sealed"], false);
    assert_eq!(status["encrypted"], true);
    let got = h.ok("get_patient", json!({"id": p["id"]}));
    assert_eq!(got["family_name"], "Sealed");
}

#[test]
fn five_wrong_passwords_on_a_sealed_database_pause_further_tries() {
    let h = reopen(harness());
    for _ in 0..5 {
        let e = h.err(
            "sign_in",
            json!({"username": "admin", "password": "guess guess"}),
        );
        assert_eq!(e["code"], "SignInFailed");
    }
    let e = h.err(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(e["code"], "TooManyAttempts", "{e}");
    assert_eq!(h.ok("get_auth_status", json!({}))["sealed"], true);
}

#[test]
fn the_recovery_key_opens_a_sealed_database_and_can_be_replaced() {
    let h = harness();
    let first = h.ok("take_recovery_key", json!({}));
    let h = reopen(h);
    let e = h.err(
        "unlock_with_recovery_key",
        json!({"recoveryKey": "0000-0000-0000-0000-0000-0000-0000-0000"}),
    );
    assert_eq!(e["code"], "Invalid");
    assert_eq!(e["fields"][0]["field"], "recovery_key");
    let status = h.ok("unlock_with_recovery_key", json!({"recoveryKey": first}));
    assert_eq!(status["sealed"], false);
    assert_eq!(status["user"], Value::Null, "someone still signs in");
    h.ok(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(
        h.err("unlock_with_recovery_key", json!({"recoveryKey": first}))["code"],
        "Conflict"
    );

    let e = h.err("new_recovery_key", json!({"password": "not the password"}));
    assert_eq!(e["code"], "Invalid");
    let second = h.ok("new_recovery_key", json!({"password": PASSWORD}));
    assert_ne!(second, first);
    let h = reopen(h);
    assert_eq!(
        h.err("unlock_with_recovery_key", json!({"recoveryKey": first}))["code"],
        "Invalid"
    );
    h.ok("unlock_with_recovery_key", json!({"recoveryKey": second}));
}

#[test]
fn a_key_file_of_another_clinic_is_refused_and_nothing_changes() {
    let a = harness();
    let b = harness();
    let a_dir = a.close();
    let b_dir = b.close();
    let path = a_dir.path().join(DB);
    // Both clinics' admins have the same name and password: only the key differs.
    fs::copy(
        b_dir.path().join(format!("{DB}.keys")),
        a_dir.path().join(format!("{DB}.keys")),
    )
    .expect("swap key files");
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let before = (fs::read(&path).expect("read"), fs::read(&wal).ok());
    let h = harness_on(a_dir, &path);
    let e = h.err(
        "sign_in",
        json!({"username": "admin", "password": PASSWORD}),
    );
    assert_eq!(e["code"], "DatabaseUnavailable", "{e}");
    let status = h.ok("get_startup_status", json!({}));
    assert_eq!(status["problem"]["code"], "WrongKey");
    assert_eq!(
        status["problem"]["quarantined_to"],
        Value::Null,
        "the file is not suspect"
    );
    let after = (fs::read(&path).expect("read"), fs::read(&wal).ok());
    assert!(after == before, "the database and its -wal are unchanged");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read dir").flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

#[test]
fn canary_text_saved_through_the_app_is_in_no_file_and_no_log() {
    capture_logs();
    let h = harness();
    let mut input = patient("Zebulon", "Quistgaard-Canary");
    input["notes"] = json!("canary-note-51c9 scarring history");
    let p = h.ok("save_patient", json!({"input": input}));
    let reference = h.ok("get_reference_data", json!({}));
    let mut s = session(&reference, &p["id"], 1.0);
    s["notes"] = json!("canary-session-8d2a erythema left cheek");
    h.ok("save_session", json!({"input": s}));
    h.ok("get_patient", json!({"id": p["id"]}));
    h.ok("backup_now", json!({}));
    h.ok(
        "export_csv",
        json!({"request": {"kind": "recall", "lot": "NO-SUCH-LOT"}}),
    );
    let exports = h.exports_dir();
    let dir = h.close();
    let needles = [
        "Quistgaard-Canary",
        "canary-note-51c9",
        "canary-session-8d2a",
    ];
    let files: Vec<PathBuf> = files_under(dir.path())
        .into_iter()
        .filter(|f| !f.starts_with(&exports))
        .collect();
    assert!(
        files.iter().any(|f| f.to_string_lossy().ends_with("-wal")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("backups")),
        "{files:?}"
    );
    for f in &files {
        let bytes = fs::read(f).expect("read");
        for n in needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "{n} found in {}",
                f.display()
            );
        }
    }
    let lines = LINES.lock().unwrap_or_else(|p| p.into_inner());
    assert!(!lines.is_empty(), "the app logged something");
    for n in needles.iter().chain(["Zebulon"].iter()) {
        assert!(!lines.iter().any(|l| l.contains(n)), "{n} in a log line");
    }
    println!(
        "canary: {} files searched (database, -wal, -shm, audit head, key file, backup and its \
         key file, manifest), {} log lines, 0 hits",
        files.len(),
        lines.len()
    );
}
