//! CSV import on the test clinic: encodings, delimiters, quoting, dates, mappings, the messy
//! file's exact problem list, all-or-nothing, idempotence, conflicts, provenance and audit.

use dermalog_core::import::{
    self, ColumnMapping, DateOrder, Delimiter, Encoding, ImportFiles, ImportOptions, ImportReport,
    Phase, Severity, SourceFile,
};
use dermalog_core::patients::{self, PatientQuery};
use dermalog_core::sessions::{self, SessionStatus};
use dermalog_core::signing::{self, AddendumInput, AddendumKind};
use dermalog_core::{Db, Error};
use rstest::rstest;
use uuid::Uuid;

use crate::fixtures::{by, fresh, now};

fn data(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn file(name: &str) -> SourceFile {
    SourceFile::new(name, data(name))
}

fn files(patients: Option<&str>, sessions: Option<&str>) -> ImportFiles {
    ImportFiles {
        patients: patients.map(file),
        sessions: sessions.map(file),
    }
}

/// The clinic is at UTC+01:00 (fixed, so the tests do not depend on this machine's zone).
fn opts() -> ImportOptions {
    ImportOptions {
        utc_offset_minutes: Some(60),
        ..ImportOptions::default()
    }
}

fn count(db: &Db, table: &str) -> i64 {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .expect("count")
}

/// Problems as `file:line column: message` lines, for exact comparison.
fn lines(report: &ImportReport) -> Vec<String> {
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

fn dry(db: &Db, f: &ImportFiles, o: &ImportOptions) -> ImportReport {
    import::dry_run(db, f, o, now()).expect("dry run")
}

fn run(db: &Db, f: &ImportFiles, o: &ImportOptions) -> dermalog_core::Result<ImportReport> {
    import::import(db, f, o, &by(now()), &mut |_| {})
}

#[rstest]
#[case::utf8_bom("patients_utf8_bom.csv", Encoding::Utf8, Delimiter::Comma)]
#[case::utf8("patients_utf8.csv", Encoding::Utf8, Delimiter::Comma)]
#[case::windows_1252(
    "patients_windows1252.csv",
    Encoding::Windows1252,
    Delimiter::Semicolon
)]
fn every_encoding_reads_the_same_accented_names(
    #[case] name: &str,
    #[case] encoding: Encoding,
    #[case] delimiter: Delimiter,
) {
    let t = fresh();
    let report = run(&t.db, &files(Some(name), None), &opts()).expect("imports");
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(
        (report.files[0].encoding, report.files[0].delimiter),
        (encoding, delimiter)
    );
    assert_eq!(report.created.patients, 3);
    let listed = patients::list(&t.db, &PatientQuery::default()).expect("list");
    let mut names: Vec<String> = listed
        .iter()
        .map(|p| format!("{} {}", p.given_name, p.family_name))
        .collect();
    names.sort();
    assert_eq!(names, ["Imani Okafor", "José Lefèvre", "Zoë Müller"]);
    let zoe = listed
        .iter()
        .find(|p| p.family_name == "Müller")
        .expect("Zoë");
    let zoe = patients::get(&t.db, zoe.id).expect("get");
    assert_eq!(
        (zoe.fitzpatrick, zoe.mrn.as_deref()),
        (Some(3), Some("MRN-001"))
    );
    let jose = listed
        .iter()
        .find(|p| p.given_name == "José")
        .expect("José");
    let jose = patients::get(&t.db, jose.id).expect("get");
    assert_eq!(
        jose.indications,
        ["fine_lines", "wrinkles"],
        "codes and names both match"
    );
    assert_eq!(jose.notes, "Prefers morning appointments");
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

fn session_of(db: &Db, external_id: &str) -> sessions::Session {
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
fn semicolons_decimal_commas_and_dotted_dates_are_the_same_sessions() {
    let t = fresh();
    let f = files(Some("patients_utf8.csv"), Some("sessions_semicolon.csv"));
    let report = dry(&t.db, &f, &opts());
    assert_eq!(lines(&report), Vec::<String>::new());
    let s = &report.files[1];
    assert_eq!(
        (s.encoding, s.delimiter),
        (Encoding::Windows1252, Delimiter::Semicolon)
    );
    run(&t.db, &f, &opts()).expect("imports");
    assert_eq!(session_of(&t.db, "S002").areas[0].needle_depth_mm, 0.5);
    // The comma file says the same: already present, nothing created.
    let again = run(
        &t.db,
        &files(Some("patients_utf8.csv"), Some("sessions.csv")),
        &opts(),
    )
    .expect("re-run");
    assert_eq!(again.created, import::Counts::default());
    assert_eq!(
        (
            again.already_present.patients,
            again.already_present.sessions
        ),
        (3, 3)
    );
}

#[test]
fn quoted_newlines_and_blank_lines_keep_physical_line_numbers() {
    let t = fresh();
    let report = dry(&t.db, &files(Some("patients_quoted.csv"), None), &opts());
    assert_eq!(
        lines(&report),
        ["E patients_quoted.csv:13 date_of_birth: Date of birth cannot be in the future."]
    );
    assert_eq!(
        report.files[0].rows, 4,
        "blank lines and a row of empty cells are skipped"
    );
    let ok = ImportFiles {
        patients: Some(SourceFile::new(
            "p.csv",
            String::from_utf8(data("patients_quoted.csv"))
                .expect("utf8")
                .replace("2030-01-01", "2000-01-01"),
        )),
        sessions: None,
    };
    run(&t.db, &ok, &opts()).expect("imports");
    let listed = patients::list(&t.db, &PatientQuery::default()).expect("list");
    let mai = listed.iter().find(|p| p.given_name == "Mai").expect("Mai");
    assert_eq!(
        patients::get(&t.db, mai.id).expect("get").notes,
        "First line\nsecond line, with a comma\nand \"quotes\""
    );
}

fn one_session(date: &str) -> ImportFiles {
    let csv = format!(
        "patient_external_id,date,start_time,clinician,area,device_kind,needle_depth_mm,passes\n\
         P001,{date},10:00,Dr A,chin,pen,1,2\n\
         P001,31/12/2023,10:00,Dr A,chin,pen,1,2\n"
    );
    let csv = if date.contains('/') {
        csv
    } else {
        csv.replace("31/12/2023", "2023-12-31")
    };
    ImportFiles {
        patients: Some(file("patients_utf8.csv")),
        sessions: Some(SourceFile::new("s.csv", csv)),
    }
}

#[rstest]
#[case::iso("2024-03-04", DateOrder::Unset, "2024-03-04")]
#[case::dotted_day_first("04.03.2024", DateOrder::Unset, "2024-03-04")]
#[case::slash_day_first_chosen("04/03/2024", DateOrder::DayFirst, "2024-03-04")]
#[case::slash_month_first_chosen("03/04/2024", DateOrder::MonthFirst, "2024-03-04")]
#[case::slash_inferred_from_31_12("04/03/2024", DateOrder::Unset, "2024-03-04")]
fn each_date_format_reads_as_the_same_day(
    #[case] date: &str,
    #[case] order: DateOrder,
    #[case] expected: &str,
) {
    let t = fresh();
    let f = one_session(date);
    let o = ImportOptions {
        date_order: order,
        ..opts()
    };
    let f = if order == DateOrder::MonthFirst {
        ImportFiles {
            sessions: f.sessions.map(|s| {
                SourceFile::new(
                    "s.csv",
                    String::from_utf8_lossy(&s.bytes).replace("31/12", "12/31"),
                )
            }),
            ..f
        }
    } else {
        f
    };
    let report = run(&t.db, &f, &o).expect("imports");
    let first = session_of(&t.db, &format!("auto:P001@{expected}T09:00:00.000000Z"));
    assert_eq!(first.started_at.date_naive().to_string(), expected);
    assert_eq!(
        report.created.sessions, 2,
        "no session id column: grouped by patient and time"
    );
}

#[test]
fn ambiguous_dates_need_an_explicit_order() {
    let t = fresh();
    let csv = "patient_external_id,date,clinician,area,device_kind,needle_depth_mm,passes\n\
               P001,03/04/2024,Dr A,chin,pen,1,2\n\
               P001,05/06/2024,Dr A,chin,pen,1,2\n";
    let f = ImportFiles {
        patients: Some(file("patients_utf8.csv")),
        sessions: Some(SourceFile::new("s.csv", csv)),
    };
    let report = dry(&t.db, &f, &opts());
    assert_eq!(
        lines(&report),
        [
            "E s.csv:2 date: 03/04/2024 can be read day first or month first, and no date in the \
          file tells which (2 such dates): choose the date order (DD/MM/YYYY or MM/DD/YYYY) for \
          this file."
        ]
    );
    assert_eq!(report.files[1].date_order, DateOrder::Unset);
    assert!(matches!(run(&t.db, &f, &opts()), Err(Error::Invalid(_))));
    for (order, day) in [
        (DateOrder::DayFirst, "2024-04-03"),
        (DateOrder::MonthFirst, "2024-03-04"),
    ] {
        let o = ImportOptions {
            date_order: order,
            ..opts()
        };
        let report = dry(&t.db, &f, &o);
        assert!(report.problems.is_empty(), "{:?}", lines(&report));
        assert_eq!(report.files[1].date_order, order);
        let t2 = fresh();
        run(&t2.db, &f, &o).expect("imports");
        let s = session_of(&t2.db, &format!("auto:P001@{day}T11:00:00.000000Z"));
        assert_eq!(
            s.started_at.date_naive().to_string(),
            day,
            "noon clinic time without a time"
        );
    }
}

#[test]
fn a_mapping_file_reads_another_systems_headers() {
    let t = fresh();
    let mapping =
        ColumnMapping::parse("sessions_german.map", &data("sessions_german.map")).expect("mapping");
    let f = ImportFiles {
        patients: Some(file("patients_utf8.csv")),
        sessions: Some(file("sessions_german.csv").with_mapping(mapping)),
    };
    let report = run(&t.db, &f, &opts()).expect("imports");
    assert_eq!(
        lines(&report),
        [
            "W sessions_german.csv:1 Raum: This column is not imported: map it to a field, or to \
          `ignore`."
        ]
    );
    assert_eq!(report.created.sessions, 2);
    let s = session_of(&t.db, "B-2");
    assert_eq!(
        (s.clinician_name.as_str(), s.areas[0].needle_depth_mm),
        ("Dr. Weiß", 1.0)
    );
    let preview = import::preview(
        &file("sessions_german.csv"),
        import::FileKind::Sessions,
        &opts(),
        1,
    );
    assert_eq!(preview.rows.len(), 1);
    assert_eq!(
        preview.columns[0].field, None,
        "without the mapping, Behandlung is unknown"
    );
    assert!(preview
        .problems
        .iter()
        .any(|p| p.field.as_deref() == Some("patient_external_id")));
}

#[test]
fn the_messy_file_lists_every_problem_with_line_and_column() {
    let t = fresh();
    let f = files(Some("messy_patients.csv"), Some("messy_sessions.csv"));
    let report = dry(&t.db, &f, &opts());
    let expected = [
        "E messy_patients.csv:2 date_of_birth: Not a real date.",
        "E messy_patients.csv:2 fitzpatrick: Fitzpatrick type must be 1 to 6 (or I to VI).",
        "E messy_patients.csv:2 email: Email must look like name@example.com.",
        "E messy_patients.csv:3 date_of_birth: Not a real date.",
        "E messy_patients.csv:3 family_name: Family name is required.",
        "E messy_patients.csv:4 external_id: This external id is also on line 2.",
        "E messy_sessions.csv:2 pain_score: Pain score must be between 0 and 10.",
        "E messy_sessions.csv:3 date: This differs from line 2 of the same session: give a \
         session's values once, or the same on each of its rows.",
        "E messy_sessions.csv:3 area: \"elbow\" is not an area of the clinic's list: use its \
         code or name.",
        "E messy_sessions.csv:4 start_time: Not a time: use HH:MM.",
        "E messy_sessions.csv:4 device_kind: Write pen, roller, stamp or rf.",
        "E messy_sessions.csv:4 needle_depth_mm: Not a number: write it like 0.5 or 0,5.",
        "E messy_sessions.csv:4 serum: A lot, expiry or amount is given without the product \
         name.",
        "E messy_sessions.csv:4 passes: Passes must be between 1 and 12.",
        "E messy_sessions.csv:4 patient_external_id: No patient has this external id: add the \
         patient to patients.csv, or import the patients first.",
        "E messy_sessions.csv:5 date: Start cannot be in the future.",
        "E messy_sessions.csv:5 clinician: Clinician is required.",
        "E messy_sessions.csv:5 reaction_grade: On the Clinician Erythema Assessment scale the \
         grade is 0 to 4.",
        "E messy_sessions.csv:6 needle_depth_mm: Roller 1.0 mm goes no deeper than 1 mm.",
        "W messy_patients.csv:1 Hobby: This column is not imported: map it to a field, or to \
         `ignore`.",
        "W messy_sessions.csv:1 Room: This column is not imported: map it to a field, or to \
         `ignore`.",
    ];
    assert_eq!(lines(&report), expected);
    assert_eq!(report.created.patients, 1, "only M003 is valid");
    assert!(report.has_errors());
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
