//! Reading clinics' CSV files: encodings, delimiters and decimal commas, quoted newlines and
//! physical line numbers, date formats and their order, mapping files, and the messy file's
//! exact problem list.

use dermalog_core::import::{
    self, ColumnMapping, DateOrder, Delimiter, Encoding, ImportFiles, ImportOptions, SourceFile,
};
use dermalog_core::patients::{self, PatientQuery};
use dermalog_core::Error;
use rstest::rstest;

use crate::fixtures::fresh;
use crate::import::{data, dry, file, files, lines, opts, run, session_of};

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
