//! The real `dermalog-cli` binary against real database files made by `dermalog-core`: what
//! each subcommand prints, the exit codes scripts rely on, and the audit rows it leaves.

mod support;

use std::os::unix::net::UnixListener;

use dermalog_core::backup::{self, BackupInfo};
use dermalog_core::db::{instance_socket_path, LATEST_VERSION};
use support::{code, run, stderr, stdout_json, Clinic, ADMIN, ADMIN_ID, CLINICIAN, PASSWORD};

#[test]
fn every_subcommand_explains_itself_and_its_exit_codes() {
    for sub in [
        None,
        Some("stats"),
        Some("verify"),
        Some("backup"),
        Some("restore"),
        Some("list-backups"),
        Some("export-fhir"),
        Some("export"),
        Some("import"),
        Some("demo-data"),
    ] {
        let out = support::cli()
            .args(sub)
            .arg("--help")
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(code(&out), 0, "{sub:?} --help");
        assert!(text.contains("Usage:"), "{sub:?}: {text}");
        assert!(
            text.contains("4  Dermalog is open on this database"),
            "{sub:?} lists the exit codes: {text}"
        );
    }
    let out = support::cli().arg("no-such-command").output().expect("run");
    assert_eq!(code(&out), 2, "a wrong command line is a usage error");
}

#[test]
fn stats_reports_the_clinics_counts() {
    let c = Clinic::new();
    let out = run(&c.db(), &["--json", "stats"], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s = stdout_json(&out);
    assert_eq!(s["patients"], support::PATIENTS);
    assert_eq!(s["archived_patients"], 1);
    assert_eq!(s["sessions"], support::SESSIONS);
    assert_eq!(
        s["signed_sessions"],
        c.count("SELECT count(*) FROM session WHERE status = 'signed'")
    );
    let audit_rows = c.count("SELECT count(*) FROM audit_event");
    assert!(audit_rows >= 4, "demo, set-up, user, archive");
    assert_eq!(s["audit_rows"], audit_rows);
    assert_eq!(s["users"], 2);
    assert_eq!(s["schema_version"], LATEST_VERSION);
    assert!(s["file_bytes"].as_u64().expect("size") > 0);
    assert_eq!(s["backups"], 0);
    assert!(s["last_backup_at"].is_null());
    assert_eq!(
        c.count("SELECT count(*) FROM audit_event"),
        audit_rows,
        "stats writes nothing, not even a sign-in"
    );

    let text = run(&c.db(), &["stats"], None);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("patients           {}", support::PATIENTS)),
        "{text}"
    );
    assert!(text.contains("last backup        never"), "{text}");
}

#[test]
fn read_only_commands_refuse_a_missing_or_empty_database_and_create_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nowhere.sqlite3");
    for sub in ["stats", "verify"] {
        let out = run(&missing, &[sub], None);
        assert_eq!(code(&out), 3, "{sub}: {}", stderr(&out));
        assert!(stderr(&out).contains("There is no database"), "{sub}");
        assert!(!missing.exists(), "{sub} created no database");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("list").count(),
        0,
        "nothing at all was written beside it"
    );

    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").expect("empty file");
    let out = run(&empty, &["--json", "stats"], None);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("is empty (0 bytes)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stdout_json(&out)["exit_code"],
        3,
        "--json reports errors too"
    );
    assert_eq!(std::fs::metadata(&empty).expect("still there").len(), 0);
}

#[test]
fn backup_is_verified_listed_and_audited_as_the_admin() {
    let c = Clinic::new();
    let out = run(&c.db(), &["--json", "backup"], Some((ADMIN, PASSWORD)));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let info: BackupInfo = serde_json::from_value(stdout_json(&out)).expect("a manifest");
    assert_eq!(info.patients, support::PATIENTS);
    assert_eq!(info.sessions, support::SESSIONS);
    backup::check(&c.backups(), &info, None).expect("the backup passes the core's check");

    let listed = stdout_json(&run(&c.db(), &["--json", "list-backups"], None));
    assert_eq!(listed[0]["file_name"], info.file_name.as_str());
    let text = run(&c.db(), &["list-backups"], None);
    assert!(String::from_utf8_lossy(&text.stdout).contains(&info.file_name));

    let (action, user, entity, _) = c.last_audit();
    assert_eq!(action, "backup");
    assert_eq!(user.as_deref(), Some(ADMIN_ID.to_string().as_str()));
    assert_eq!(entity.as_deref(), Some(info.file_name.as_str()));
    assert_eq!(
        c.count("SELECT count(*) FROM audit_event WHERE action = 'sign_in'"),
        1,
        "the admin signed in as in the app"
    );
    let s = stdout_json(&run(&c.db(), &["--json", "stats"], None));
    assert_eq!(s["backups"], 1);
    assert!(s["last_backup_at"].is_string());
}

#[test]
fn a_wrong_password_or_a_non_admin_is_refused_and_audited() {
    let c = Clinic::new();
    let out = run(&c.db(), &["backup"], Some((ADMIN, "not the password")));
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    let (action, _, _, _) = c.last_audit();
    assert_eq!(action, "sign_in_failed");
    assert!(!c.backups().exists(), "no backup was taken");

    let out = run(&c.db(), &["backup"], Some((CLINICIAN, PASSWORD)));
    assert_eq!(code(&out), 5);
    assert!(stderr(&out).contains("Only an admin"), "{}", stderr(&out));
    assert!(!c.backups().exists());

    // No password in the environment and no terminal to ask on.
    let out = run(&c.db(), &["backup", "--user", ADMIN], None);
    assert_eq!(code(&out), 5);
    assert!(
        stderr(&out).contains("DERMALOG_PASSWORD"),
        "{}",
        stderr(&out)
    );

    let out = run(&c.db(), &["backup"], None);
    assert_eq!(code(&out), 2, "backup without --user is a usage error");
}

#[test]
fn restore_puts_back_a_named_backup_and_audits_it() {
    let c = Clinic::new();
    let taken = stdout_json(&run(
        &c.db(),
        &["--json", "backup"],
        Some((ADMIN, PASSWORD)),
    ));
    let name = taken["file_name"].as_str().expect("name").to_string();
    // A change after the backup, which the restore takes away.
    c.raw()
        .execute("UPDATE patient SET archived = 1", [])
        .expect("archive everyone");

    let out = run(
        &c.db(),
        &["--json", "restore", &name],
        Some((ADMIN, PASSWORD)),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let done = stdout_json(&out);
    assert_eq!(done["restored"], name.as_str());
    let aside = done["set_aside"]
        .as_str()
        .expect("the old database is kept");
    assert!(std::path::Path::new(aside).is_file());
    assert_eq!(
        c.count("SELECT count(*) FROM patient WHERE archived = 1"),
        1
    );
    let (action, user, entity, reason) = c.last_audit();
    assert_eq!(action, "backup_restored");
    assert_eq!(user.as_deref(), Some(ADMIN_ID.to_string().as_str()));
    assert_eq!(entity.as_deref(), Some(name.as_str()));
    assert!(reason
        .unwrap_or_default()
        .contains("previous database set aside"));
    assert_eq!(
        code(&run(&c.db(), &["verify"], None)),
        0,
        "the restored file verifies"
    );
}

#[test]
fn the_newest_backup_restores_over_an_emptied_database_on_the_backups_admin() {
    let c = Clinic::new();
    assert_eq!(code(&run(&c.db(), &["backup"], Some((ADMIN, PASSWORD)))), 0);
    std::fs::write(c.db(), b"").expect("the database is emptied");

    let out = run(
        &c.db(),
        &["restore", "--newest"],
        Some((ADMIN, "wrong password")),
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(
        std::fs::metadata(c.db()).expect("db").len(),
        0,
        "nothing moved"
    );

    let out = run(&c.db(), &["restore", "--newest"], Some((ADMIN, PASSWORD)));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(c.count("SELECT count(*) FROM patient"), support::PATIENTS);
    let (action, user, _, reason) = c.last_audit();
    assert_eq!(action, "backup_restored");
    assert_eq!(user.as_deref(), Some(ADMIN_ID.to_string().as_str()));
    assert!(reason.unwrap_or_default().contains("EmptyFile"));
    let emptied = std::fs::read_dir(c.dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .find(|e| !e.file_name().to_string_lossy().ends_with(".audit-head"))
        .expect("the emptied file is kept aside");
    assert_eq!(emptied.metadata().expect("meta").len(), 0);
}

#[test]
fn restore_is_refused_while_the_app_has_the_database_open() {
    let c = Clinic::new();
    assert_eq!(code(&run(&c.db(), &["backup"], Some((ADMIN, PASSWORD)))), 0);
    let before = std::fs::read(c.db()).expect("db");
    // What the app does on start: listen on the database's socket.
    let socket = instance_socket_path(&c.db());
    let _app = UnixListener::bind(&socket).expect("bind the app's socket");

    let out = run(&c.db(), &["restore", "--newest"], Some((ADMIN, PASSWORD)));
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert!(stderr(&out).contains("Dermalog is open on this database; close it first"));
    assert_eq!(
        std::fs::read(c.db()).expect("db"),
        before,
        "nothing changed"
    );
    assert!(socket.exists(), "the app's socket is left alone");
    let _ = std::fs::remove_file(&socket);
}

#[test]
fn demo_data_builds_a_new_clinic_and_never_writes_into_an_existing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("demo.sqlite3");
    let args = [
        "--json",
        "demo-data",
        "--patients",
        "6",
        "--sessions",
        "15",
        "--seed",
        "3",
        "--today",
        "2026-11-20",
        "--out",
    ];
    let out = support::cli()
        .args(args)
        .arg(&out_path)
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let built = stdout_json(&out);
    assert_eq!(built["patients"], 6);
    assert_eq!(built["sessions"], 15);
    let s = stdout_json(&run(&out_path, &["--json", "stats"], None));
    assert_eq!(s["patients"], 6);
    assert_eq!(s["sessions"], 15);

    let before = std::fs::read(&out_path).expect("db");
    let again = support::cli()
        .args(args)
        .arg(&out_path)
        .output()
        .expect("run");
    assert_eq!(code(&again), 7);
    assert!(stderr(&again).contains("exists"));
    assert_eq!(std::fs::read(&out_path).expect("db"), before);
}

#[test]
fn the_database_is_found_as_the_app_finds_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = support::cli()
        .arg("stats")
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .expect("run");
    assert_eq!(code(&out), 3);
    let expected = dir
        .path()
        .join("health.dermalog.desktop")
        .join("dermalog.sqlite3");
    assert!(
        stderr(&out).contains(&expected.display().to_string()),
        "the app's default path: {}",
        stderr(&out)
    );
    assert!(!expected.exists());

    let c = Clinic::new();
    let out = support::cli()
        .args(["--json", "stats"])
        .env("XDG_DATA_HOME", dir.path())
        .env("DERMALOG_DB", c.db())
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "DERMALOG_DB wins over the default");
    assert_eq!(stdout_json(&out)["patients"], support::PATIENTS);
}

#[test]
fn an_encrypted_database_opens_with_a_users_password_or_the_recovery_key() {
    let (c, recovery) = Clinic::encrypted();
    let out = run(&c.db(), &["--json", "stats"], None);
    assert_eq!(
        code(&out),
        2,
        "a user or the recovery key is needed: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("encrypted"), "{}", stderr(&out));

    let out = run(
        &c.db(),
        &["--json", "stats"],
        Some((support::ADMIN, "not the password")),
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));

    let out = run(
        &c.db(),
        &["--json", "stats"],
        Some((support::ADMIN, support::PASSWORD)),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["patients"], support::PATIENTS);

    let out = support::cli()
        .arg("--db")
        .arg(c.db())
        .args(["--json", "verify"])
        .env("DERMALOG_RECOVERY_KEY", &recovery)
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let out = run(
        &c.db(),
        &["--json", "backup"],
        Some((support::ADMIN, support::PASSWORD)),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = stdout_json(&out)["file_name"]
        .as_str()
        .expect("name")
        .to_string();
    assert!(
        c.backups().join(format!("{file}.keys")).is_file(),
        "key file beside the backup"
    );
    let out = run(
        &c.db(),
        &["--json", "restore", &file],
        Some((support::ADMIN, support::PASSWORD)),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(
        &c.db(),
        &["--json", "stats"],
        Some((support::ADMIN, support::PASSWORD)),
    );
    assert_eq!(
        stdout_json(&out)["patients"],
        support::PATIENTS,
        "restored and readable"
    );
}

#[test]
fn export_fhir_writes_a_bundle_of_the_clinic_and_is_audited() {
    let c = Clinic::new();
    let out = c.dir.path().join("clinic.fhir.json");
    let denied = run(
        &c.db(),
        &[
            "--json",
            "export-fhir",
            "--out",
            out.to_str().expect("path"),
        ],
        Some((support::CLINICIAN, support::PASSWORD)),
    );
    assert_eq!(code(&denied), 5, "admins only: {}", stderr(&denied));
    assert!(!out.exists());
    let done = run(
        &c.db(),
        &[
            "--json",
            "export-fhir",
            "--out",
            out.to_str().expect("path"),
        ],
        Some((support::ADMIN, support::PASSWORD)),
    );
    assert_eq!(code(&done), 0, "{}", stderr(&done));
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("file")).expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    let patients = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["resource"]["resourceType"] == "Patient")
        .count() as i64;
    assert_eq!(patients, support::PATIENTS);
    assert_eq!(
        stdout_json(&done)["count"].as_u64().expect("count") as usize,
        bundle["entry"].as_array().expect("entries").len()
    );
    let (action, _, _, _) = c.last_audit();
    assert_eq!(action, "export");
    let again = run(
        &c.db(),
        &["export-fhir", "--out", out.to_str().expect("path")],
        Some((support::ADMIN, support::PASSWORD)),
    );
    assert_eq!(code(&again), 2, "never over an existing file");
}
