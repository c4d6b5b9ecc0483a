//! CSV exports on the known clinic: what a spreadsheet will read.

use dermalog_core::export::{self, CsvRequest};
use dermalog_core::reports::{Dimension, ReportPeriod};
use dermalog_core::sessions::SessionFilter;

use crate::fixtures::{fresh, invalid_fields, now};
use crate::review_data::clinic;

fn parse(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("starts with a byte order mark");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn recall_lists_every_use_with_contact_details_and_formulas_stay_text() {
    let t = fresh();
    let c = clinic(&t.db);
    let file = export::csv(
        &t.db,
        &CsvRequest::Recall {
            lot: " HA-2 ".into(),
        },
        now().date_naive(),
    )
    .expect("export");
    assert_eq!(file.suggested_name, "recall-HA-2-2026-11-20.csv");
    let (header, rows) = parse(&file.bytes);
    assert_eq!(header[0], "Session date (UTC)");
    assert_eq!(header[7], "Phone");
    assert_eq!(file.rows, 2);
    assert_eq!(rows.len(), 2);
    // Newest first: Ana's session 2 (14 Feb), then Ben's (1 Feb).
    assert_eq!(rows[0][4], "Alvarez");
    assert_eq!(rows[0][10], c.s[1].id.to_string());
    assert_eq!(
        rows[1][4], "'=Brooks",
        "a name starting with = is not a formula"
    );
    assert_eq!(rows[1][7], "'+44 20 7946 0000");
    assert_eq!(rows[1][3], "HA-2");
    assert!(std::str::from_utf8(&file.bytes)
        .expect("text")
        .contains("\r\n"));
}

#[test]
fn an_empty_lot_is_a_field_error() {
    let t = fresh();
    assert_eq!(
        invalid_fields(export::csv(
            &t.db,
            &CsvRequest::Recall { lot: "  ".into() },
            now().date_naive()
        )),
        ["lot"]
    );
}

#[test]
fn sessions_export_every_match_and_reports_every_cell() {
    let t = fresh();
    clinic(&t.db);
    let all = export::csv(
        &t.db,
        &CsvRequest::Sessions {
            filter: SessionFilter::default(),
        },
        now().date_naive(),
    )
    .expect("sessions");
    let (_, rows) = parse(&all.bytes);
    assert_eq!(rows.len(), 6);
    let period = ReportPeriod {
        from_month: "2026-01".into(),
        to_month: "2026-03".into(),
    };
    let r = export::csv(
        &t.db,
        &CsvRequest::Reactions {
            dimension: Dimension::DeviceKind,
            period: period.clone(),
        },
        now().date_naive(),
    )
    .expect("reactions");
    assert_eq!(
        r.suggested_name,
        "reactions-by-device-type-2026-01-to-2026-03-2026-11-20.csv"
    );
    let (header, rows) = parse(&r.bytes);
    assert_eq!(header[0], "Device type");
    // The pen row for erythema grade 3: one of four pen sessions.
    let pen3 = rows
        .iter()
        .find(|r| r[0] == "Derma pen" && r[2] == "Erythema / redness" && r[3] == "3")
        .expect("pen erythema 3");
    assert_eq!(
        (pen3[1].as_str(), pen3[5].as_str(), pen3[6].as_str()),
        ("4", "1", "25.0")
    );
    let months = export::csv(
        &t.db,
        &CsvRequest::SessionsPerMonth { period },
        now().date_naive(),
    )
    .expect("months");
    let (_, rows) = parse(&months.bytes);
    assert_eq!(rows, [["2026-01", "1"], ["2026-02", "2"], ["2026-03", "3"]]);
    let due = export::csv(&t.db, &CsvRequest::CoursesDue, now().date_naive()).expect("due");
    let (_, rows) = parse(&due.bytes);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "overdue");
}

#[test]
fn the_audit_export_holds_every_row_the_filters_select() {
    use dermalog_core::audit::{self, Action, AuditQuery};
    let t = fresh();
    clinic(&t.db);
    let query = AuditQuery {
        action: Some(Action::Create),
        limit: 3,
        offset: 1,
        ..Default::default()
    };
    let all_creates = audit::list(
        &t.db,
        &AuditQuery {
            action: Some(Action::Create),
            limit: 500,
            ..Default::default()
        },
    )
    .expect("list");
    assert!(all_creates.len() > 3, "the known clinic creates records");
    let file =
        export::csv(&t.db, &CsvRequest::Audit { query }, now().date_naive()).expect("export");
    let (header, rows) = parse(&file.bytes);
    assert_eq!(header[0], "Time (UTC)");
    assert_eq!(file.rows, all_creates.len(), "paging is ignored");
    assert_eq!(rows.len(), all_creates.len());
    assert!(rows.iter().all(|r| r[3] == "create"));
    assert_eq!(
        rows[0][12], all_creates[0].hash,
        "newest first, with its hash"
    );
}
