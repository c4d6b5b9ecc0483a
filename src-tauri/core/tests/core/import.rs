//! CSV import on the test clinic: records written, all-or-nothing, idempotence, conflicts,
//! provenance, audit and report counts. Reading files (encodings, delimiters, quoting,
//! dates, mappings, the messy file's problems) is in `import_reading`.

use dermalog_core::import::{
    self, ImportFiles, ImportOptions, ImportReport, Phase, Severity, SourceFile,
};
use dermalog_core::patients::{self, PatientQuery};
use dermalog_core::sessions::{self, SessionStatus};
use dermalog_core::signing::{self, AddendumInput, AddendumKind};
use dermalog_core::{Db, Error};
use uuid::Uuid;

use crate::fixtures::{by, fresh, now};

pub(crate) fn data(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn file(name: &str) -> SourceFile {
    SourceFile::new(name, data(name))
}

pub(crate) fn files(patients: Option<&str>, sessions: Option<&str>) -> ImportFiles {
    ImportFiles {
        patients: patients.map(file),
        sessions: sessions.map(file),
    }
}

/// The clinic is at UTC+01:00 (fixed, so the tests do not depend on this machine's zone).
pub(crate) fn opts() -> ImportOptions {
    ImportOptions {
        utc_offset_minutes: Some(60),
        ..ImportOptions::default()
    }
}

pub(crate) fn count(db: &Db, table: &str) -> i64 {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .expect("count")
}

/// Problems as `file:line column: message` lines, for exact comparison.
pub(crate) fn lines(report: &ImportReport) -> Vec<String> {
    report
        .problems
        .iter()
        .map(|p| {
            format!(
                "{} {}:{} {}: {}",
                if p.severity == Severity::Error {
                    "E"
                } else {
                    "W"
                },
                p.file,
                p.line.map_or(String::from("-"), |l| l.to_string()),
                p.column.as_deref().or(p.field.as_deref()).unwrap_or("-"),
                p.message
            )
        })
        .collect()
}

pub(crate) fn dry(db: &Db, f: &ImportFiles, o: &ImportOptions) -> ImportReport {
    import::dry_run(db, f, o, now()).expect("dry run")
}

pub(crate) fn run(
    db: &Db,
    f: &ImportFiles,
    o: &ImportOptions,
) -> dermalog_core::Result<ImportReport> {
    import::import(db, f, o, &by(now()), &mut |_| {})
}

#[test]
fn sessions_become_signed_records_with_their_areas_products_and_reactions() {
    let t = fresh();
    let report = run(
        &t.db,
        &files(Some("patients_utf8.csv"), Some("sessions.csv")),
        &opts(),
    )
    .expect("imports");
    assert_eq!(lines(&report), Vec::<String>::new());
    let c = report.created;
    assert_eq!(
        (c.patients, c.sessions, c.areas, c.products, c.reactions),
        (3, 3, 4, 3, 2),
        "S001's serum and erythema are on both of its rows: recorded once for the session"
    );
    let s001 = session_of(&t.db, "S001");
    assert_eq!(s001.status, SessionStatus::Signed);
    assert!(
        s001.signatures.is_empty(),
        "no Dermalog signature is made up"
    );
    assert_eq!(
        s001.started_at.to_rfc3339(),
        "2024-03-04T08:30:00+00:00",
        "09:30 at UTC+1"
    );
    assert_eq!(s001.areas.len(), 2);
    assert_eq!(s001.areas[0].needle_depth_mm, 1.5);
    assert!(
        s001.areas[0].device_model_id.is_some(),
        "the model matched the clinic's list"
    );
    assert_eq!(s001.products.len(), 1);
    assert_eq!(s001.products[0].lot.as_deref(), Some("HA-7781"));
    assert!(
        s001.products[0].product_id.is_some(),
        "catalogue product linked by name"
    );
    assert_eq!(
        (s001.reactions[0].grade, s001.reactions[0].area_id),
        (2, None)
    );
    let s002 = session_of(&t.db, "S002");
    assert_eq!(
        s002.reactions[0].grade, 2,
        "edema \"slight\" is grade 2 on its scale"
    );
    let s003 = session_of(&t.db, "S003");
    assert_eq!(
        s003.areas[0].device_kind,
        sessions::DeviceKind::DermaRoller,
        "from the model"
    );

    // Locked like any signed session; corrections are addenda.
    let origin = import::origin(&t.db, s001.id)
        .expect("origin")
        .expect("imported");
    assert_eq!((origin.external_id.as_str(), origin.line), ("S001", 2));
    assert_eq!(origin.batch.id, report.batch_id.expect("batch"));
    let mut edit = crate::fixtures::session_input(&t.db, s001.patient_id);
    edit.id = s001.id;
    assert!(matches!(
        sessions::save(&t.db, edit, &by(now())),
        Err(Error::Locked)
    ));
    let addendum = AddendumInput {
        id: Uuid::now_v7(),
        session_id: s001.id,
        kind: AddendumKind::Comment,
        reason: String::new(),
        text: "Reviewed after import.".into(),
        corrections: vec![],
        reactions: vec![],
    };
    let after = signing::add_addendum(&t.db, &by(now()), addendum).expect("addendum");
    assert_eq!(after.addenda.len(), 1);

    // The patient list and the reports see the sessions as if saved one by one.
    let zoe = patients::get(&t.db, s001.patient_id).expect("patient");
    let summary = patients::list(&t.db, &PatientQuery::default())
        .expect("list")
        .into_iter()
        .find(|p| p.id == zoe.id)
        .expect("listed");
    assert_eq!(summary.session_count, 1);
    let kept = report_counts(&t.db);
    dermalog_core::reports::rebuild(&t.db).expect("rebuild");
    assert_eq!(kept, report_counts(&t.db), "kept counts equal a rebuild");
}

pub(crate) fn session_of(db: &Db, external_id: &str) -> sessions::Session {
    let id: String = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT session_id FROM import_session WHERE external_id = ?1",
                [external_id],
                |r| r.get(0),
            )?)
        })
        .expect("imported session");
    sessions::get(db, id.parse().expect("uuid")).expect("session")
}

fn report_counts(db: &Db) -> Vec<(String, String, String, String, i64, i64)> {
    db.read(|c| {
        let mut stmt = c.prepare(
            "SELECT dimension, month, key, reaction_type_id, grade, sessions FROM report_count
             ORDER BY 1, 2, 3, 4, 5",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
    .expect("report counts")
}

#[test]
fn one_bad_row_writes_nothing() {
    let t = fresh();
    let before: Vec<i64> = [
        "patient",
        "session",
        "treated_area",
        "audit_event",
        "import_batch",
    ]
    .iter()
    .map(|table| count(&t.db, table))
    .collect();
    let bad = String::from_utf8(data("sessions.csv"))
        .expect("utf8")
        .replace("forehead,pen,,0.5,2", "forehead,pen,,0.5,20");
    let f = ImportFiles {
        patients: Some(file("patients_utf8.csv")),
        sessions: Some(SourceFile::new("sessions.csv", bad)),
    };
    let Err(Error::Invalid(fields)) = run(&t.db, &f, &opts()) else {
        panic!("refused")
    };
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field, "sessions.csv:4:passes");
    let after: Vec<i64> = [
        "patient",
        "session",
        "treated_area",
        "audit_event",
        "import_batch",
    ]
    .iter()
    .map(|table| count(&t.db, table))
    .collect();
    assert_eq!(before, after, "not even the valid patients were written");
}

#[test]
fn re_running_creates_nothing_and_a_changed_row_is_a_conflict() {
    let t = fresh();
    let f = files(Some("patients_utf8.csv"), Some("sessions.csv"));
    let mut seen = Vec::new();
    run(&t.db, &f, &opts()).expect("first import");
    let tables = [
        "patient",
        "session",
        "treated_area",
        "product_applied",
        "reaction",
    ];
    let counts: Vec<i64> = tables.iter().map(|x| count(&t.db, x)).collect();
    let again = import::import(&t.db, &f, &opts(), &by(now()), &mut |p| seen.push(p.phase))
        .expect("second import");
    assert_eq!(again.created, import::Counts::default());
    let p = again.already_present;
    assert_eq!(
        (p.patients, p.sessions, p.areas, p.products, p.reactions),
        (3, 3, 4, 3, 2)
    );
    assert_eq!(
        counts,
        tables.iter().map(|x| count(&t.db, x)).collect::<Vec<_>>()
    );
    assert_eq!(seen.first(), Some(&Phase::Reading));
    assert_eq!(seen.last(), Some(&Phase::Done));

    let changed = String::from_utf8(data("sessions.csv"))
        .expect("utf8")
        .replace("forehead,pen,,0.5,2", "forehead,pen,,0.75,2")
        .replace("P001,Müller", "P001,Mueller");
    let f2 = ImportFiles {
        patients: Some(SourceFile::new(
            "patients.csv",
            String::from_utf8(data("patients_utf8.csv"))
                .expect("utf8")
                .replace("Müller", "Mueller"),
        )),
        sessions: Some(SourceFile::new("sessions.csv", changed)),
    };
    let report = dry(&t.db, &f2, &opts());
    assert_eq!(
        lines(&report),
        [
            "E patients.csv:2 external_id: This patient was imported before with other values, \
             and an import never overwrites a record: change the patient in Dermalog, or remove \
             this row.",
            "E sessions.csv:4 session_external_id: This session was imported before with other \
             values. Imported sessions are signed records and are never overwritten: add a \
             correction to it in Dermalog, or remove these rows.",
        ]
    );
    assert!(matches!(run(&t.db, &f2, &opts()), Err(Error::Invalid(_))));
    assert_eq!(
        session_of(&t.db, "S002").areas[0].needle_depth_mm,
        0.5,
        "unchanged"
    );
}

#[test]
fn an_import_is_one_audit_row_with_counts_and_file_hashes_only() {
    let t = fresh();
    let f = files(Some("patients_utf8.csv"), Some("sessions.csv"));
    let before = count(&t.db, "audit_event");
    let report = run(&t.db, &f, &opts()).expect("imports");
    assert_eq!(count(&t.db, "audit_event"), before + 1);
    let (action, entity, id, new): (String, String, String, String) =
        t.db.read(|c| {
            Ok(c.query_row(
                "SELECT action, entity, entity_id, new_value FROM audit_event
                 ORDER BY at DESC, seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .expect("audit row");
    assert_eq!(
        (action.as_str(), entity.as_str()),
        ("import", "import_batch")
    );
    assert_eq!(id, report.batch_id.expect("batch").to_string());
    let value: serde_json::Value = serde_json::from_str(&new).expect("json");
    assert_eq!(value["created"]["sessions"], 3);
    assert_eq!(value["files"][0]["sha256"], report.files[0].sha256.as_str());
    assert_eq!(report.files[0].sha256.len(), 64);
    for private in [
        "Müller",
        "Zoë",
        "Silva",
        "1985",
        "Tolerated",
        "patients_utf8",
    ] {
        assert!(!new.contains(private), "the audit row holds no {private}");
    }
    let batches = import::batches(&t.db).expect("batches");
    assert_eq!((batches.len(), batches[0].created.areas), (1, 4));
}

#[test]
fn sessions_may_follow_in_a_later_import_but_need_a_known_patient() {
    let t = fresh();
    run(&t.db, &files(Some("patients_utf8.csv"), None), &opts()).expect("patients");
    let later = run(&t.db, &files(None, Some("sessions.csv")), &opts()).expect("sessions");
    assert_eq!((later.created.patients, later.created.sessions), (0, 3));
    let orphan = "session_external_id,patient_external_id,date,clinician,area,device_kind,\
                  needle_depth_mm,passes\nX1,P999,2024-01-01,Dr A,chin,pen,1,2\n";
    let f = ImportFiles {
        patients: None,
        sessions: Some(SourceFile::new("s.csv", orphan)),
    };
    assert_eq!(
        lines(&dry(&t.db, &f, &opts())),
        [
            "E s.csv:2 patient_external_id: No patient has this external id: add the patient to \
          patients.csv, or import the patients first."
        ]
    );
}

#[test]
fn only_an_administrator_imports() {
    let t = fresh();
    let stranger = dermalog_core::audit::Actor::new(Uuid::now_v7(), now());
    let f = files(Some("patients_utf8.csv"), None);
    assert!(import::import(&t.db, &f, &opts(), &stranger, &mut |_| {}).is_err());
    assert_eq!(count(&t.db, "patient"), 0);
}

#[test]
fn report_counts_match_a_rebuild_whatever_the_sessions_hold() {
    let t = fresh();
    // A session saved through the form first, so the import adds to existing counts.
    let p = crate::fixtures::add_patient(&t.db, "Ana", "Form");
    sessions::save(
        &t.db,
        crate::fixtures::session_input(&t.db, p.id),
        &by(now()),
    )
    .expect("form session");
    let csv = "session_external_id,patient_external_id,date,clinician,area,device_kind,\
               device_model,needle_depth_mm,passes,serum,reaction,reaction_grade,\
               reaction_time_point,reaction_2,reaction_2_grade\n\
               A,P001,2026-11-03,Dr A,chin,pen, My Pen X ,2.25,2,House serum,erythema,1,\
               immediate,erythema,3\n\
               A,P001,2026-11-03,Dr A,neck,roller,Roller 1.0 mm,1,2,House serum,edema,2,24h,,\n\
               B,P002,2026-10-30,Dr B,forehead,stamp,,0.5,1,,pinpoint_bleeding,pinpoint,,,\n\
               C,P003,2026-11-19 23:30,Dr B,scalp,pen,,1.5,3,Hyaluronic acid serum,,,,,\n";
    let f = ImportFiles {
        patients: Some(file("patients_utf8.csv")),
        sessions: Some(SourceFile::new("s.csv", csv)),
    };
    let report = run(&t.db, &f, &opts()).expect("imports");
    assert_eq!(lines(&report), Vec::<String>::new());
    let kept = report_counts(&t.db);
    dermalog_core::reports::rebuild(&t.db).expect("rebuild");
    assert_eq!(kept, report_counts(&t.db));
    let a = session_of(&t.db, "A");
    assert_eq!(
        a.areas[0].device_model.as_deref(),
        Some("My Pen X"),
        "free text, trimmed"
    );
    assert_eq!(
        a.products.len(),
        1,
        "the same serum on both rows is one product"
    );
    assert_eq!(
        a.reactions.len(),
        3,
        "erythema 1 and 3 on row 1, edema on row 2"
    );
    assert_eq!(a.reactions[2].area_id, Some(a.areas[1].area_id));
}
