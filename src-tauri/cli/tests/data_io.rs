//! `import` and `export` through the real binary: a messy file's dry run lists every problem
//! by file, line and column and writes nothing; a good import is audited and a re-run adds
//! nothing; exports write new files (never over old ones) and leave their audit rows.

mod support;

use std::path::PathBuf;

use support::{code, run, stderr, stdout_json, Clinic, ADMIN, CLINICIAN, PASSWORD};

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data/import")
        .join(name)
        .display()
        .to_string()
}

const ADMIN_LOGIN: Option<(&str, &str)> = Some((ADMIN, PASSWORD));

#[test]
fn a_messy_dry_run_lists_every_problem_in_place_and_writes_nothing() {
    let c = Clinic::new();
    let before = c.count("SELECT count(*) FROM patient");
    let audit_before = c.count("SELECT count(*) FROM audit_event");
    let (p, s) = (data("messy_patients.csv"), data("messy_sessions.csv"));
    let args = ["import", "--patients", &p, "--sessions", &s, "--dry-run"];
    let out = run(&c.db(), &args, ADMIN_LOGIN);
    let text = String::from_utf8_lossy(&out.stdout);
    println!("dry run of the messy files:\n{text}");
    assert_eq!(code(&out), 1, "problems found: {text}{}", stderr(&out));
    assert!(
        text.contains("messy_sessions.csv:") && text.contains("[needle_depth_mm]: error:"),
        "{text}"
    );
    assert!(
        text.contains("messy_patients.csv:2 [date_of_birth]: error:"),
        "{text}"
    );
    assert!(text.contains("nothing was imported"), "{text}");
    assert_eq!(c.count("SELECT count(*) FROM patient"), before);
    // A dry run signs in (audited) but imports nothing.
    assert_eq!(c.count("SELECT count(*) FROM import_batch"), 0);
    assert!(c.count("SELECT count(*) FROM audit_event") <= audit_before + 1);

    let real = run(&c.db(), &args[..5], ADMIN_LOGIN);
    assert_eq!(code(&real), 1, "the real import is refused whole");
    assert_eq!(c.count("SELECT count(*) FROM patient"), before);
}

#[test]
fn an_import_is_audited_once_and_a_rerun_adds_nothing() {
    let c = Clinic::new();
    let before = c.count("SELECT count(*) FROM patient");
    let (p, s) = (data("patients_utf8.csv"), data("sessions.csv"));
    let args = [
        "--json",
        "import",
        "--patients",
        &p,
        "--sessions",
        &s,
        "--utc-offset",
        "+01:00",
    ];
    let denied = run(&c.db(), &args, Some((CLINICIAN, PASSWORD)));
    assert_eq!(code(&denied), 5, "admins only");
    let out = run(&c.db(), &args, ADMIN_LOGIN);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = stdout_json(&out);
    let created = report["created"]["patients"].as_i64().expect("count");
    assert!(created >= 3, "{report}");
    assert_eq!(c.count("SELECT count(*) FROM patient"), before + created);
    assert_eq!(c.last_audit().0, "import");
    let again = stdout_json(&run(&c.db(), &args, ADMIN_LOGIN));
    assert_eq!(again["created"]["patients"], 0);
    assert_eq!(again["already_present"]["patients"], created);
    assert_eq!(c.count("SELECT count(*) FROM patient"), before + created);
}

#[test]
fn exports_write_new_files_and_are_audited() {
    let c = Clinic::new();
    let out = |name: &str| c.dir.path().join(name).display().to_string();
    for (kind, file) in [
        ("patients", "p.csv"),
        ("sessions", "s.csv"),
        ("reactions", "r.csv"),
    ] {
        let path = out(file);
        let done = run(
            &c.db(),
            &["--json", "export", kind, "--out", &path],
            ADMIN_LOGIN,
        );
        assert_eq!(code(&done), 0, "{kind}: {}", stderr(&done));
        let rows = stdout_json(&done)["count"].as_i64().expect("rows");
        let text = std::fs::read_to_string(&path).expect("file");
        assert_eq!(
            text.lines().count() as i64,
            rows + 1,
            "{kind}: header + rows"
        );
        assert_eq!(c.last_audit().0, "export");
        let again = run(&c.db(), &["export", kind, "--out", &path], ADMIN_LOGIN);
        assert_eq!(code(&again), 2, "never over an existing file");
    }
    let patients = c.count("SELECT count(*) FROM patient");
    let text = std::fs::read_to_string(out("p.csv")).expect("patients");
    assert_eq!(
        text.lines().count() as i64,
        patients + 1,
        "archived included"
    );
    let areas = c.count("SELECT count(*) FROM treated_area");
    let text = std::fs::read_to_string(out("s.csv")).expect("sessions");
    assert_eq!(
        text.lines().count() as i64,
        areas + 1,
        "one row per treated area"
    );

    let id: String = c
        .raw()
        .query_row(
            "SELECT id FROM patient WHERE session_count > 0 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("patient");
    let packet = run(
        &c.db(),
        &[
            "--json",
            "export",
            "packet",
            "--patient",
            &id,
            "--out",
            &out(""),
        ],
        ADMIN_LOGIN,
    );
    assert_eq!(code(&packet), 0, "{}", stderr(&packet));
    let folder = PathBuf::from(stdout_json(&packet)["file"].as_str().expect("folder"));
    assert!(folder.join("summary.html").is_file());
    assert!(folder.join("record.fhir.json").is_file());
    assert_eq!(c.last_audit().0, "export");
    assert_eq!(
        c.count("SELECT count(*) FROM audit_event WHERE action = 'export'"),
        4
    );
    let no_patient = run(
        &c.db(),
        &["export", "packet", "--out", &out("")],
        ADMIN_LOGIN,
    );
    assert_eq!(code(&no_patient), 2);
}
