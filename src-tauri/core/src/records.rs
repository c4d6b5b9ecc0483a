//! Whole-clinic CSV exports of the records themselves, for a spreadsheet, an auditor or a move
//! to another system: every patient, every treated area of every session (one row each, with
//! its session's values repeated), and every reaction (those recorded with the session and
//! those added later as follow-up addenda).
//!
//! Headers use the import's field names where a column means the same thing
//! (`external_id`, `family_name`, `date`, `area`, `needle_depth_mm`, …), so `patients.csv`
//! imports into another Dermalog as it is; the Dermalog ids become the external ids.
//!
//! Invariants:
//! - one read transaction per export: the file is a consistent snapshot even while others
//!   save;
//! - rows are streamed to the writer, never collected: a million sessions export in bounded
//!   memory;
//! - archived patients are included (with `archived` = 1): an export is the whole record;
//! - the same CSV conventions as the other exports (UTF-8 with BOM, CRLF, formula-looking
//!   text made inert, see [`crate::export`]); times are UTC, RFC 3339;
//! - nothing is logged here; callers log the kind and row count.

use std::io::Write;

use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::export::cell;

/// Which records to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordsKind {
    /// One row per patient.
    Patients,
    /// One row per treated area, with its session's values.
    SessionAreas,
    /// One row per reaction, follow-ups included.
    Reactions,
}

impl RecordsKind {
    /// The file name to suggest, dated.
    pub fn file_name(self, today: chrono::NaiveDate) -> String {
        let what = match self {
            RecordsKind::Patients => "patients",
            RecordsKind::SessionAreas => "sessions-by-area",
            RecordsKind::Reactions => "reactions",
        };
        format!("dermalog-{what}-{today}.csv")
    }

    /// A short name for logs and the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordsKind::Patients => "patients",
            RecordsKind::SessionAreas => "session_areas",
            RecordsKind::Reactions => "reactions",
        }
    }
}

const PATIENTS: &str = "
    SELECT p.id, p.family_name, p.given_name, p.date_of_birth, p.sex_at_birth, p.mrn,
           p.phone, p.email, p.fitzpatrick, p.fitzpatrick_assessed_on,
           (SELECT group_concat(j.value, '|') FROM json_each(p.indications) j),
           p.notes, p.archived, p.session_count, p.last_session_at, p.created_at
    FROM patient p ORDER BY p.family_key, p.given_key, p.id";
const PATIENT_HEADERS: &[&str] = &[
    "external_id",
    "family_name",
    "given_name",
    "date_of_birth",
    "sex_at_birth",
    "mrn",
    "phone",
    "email",
    "fitzpatrick",
    "fitzpatrick_assessed_on",
    "indications",
    "notes",
    "archived",
    "sessions",
    "last_session_at",
    "created_at",
];

// Products are listed on each area row they belong to: those given for that area and those
// given for the whole session.
const AREAS: &str = "
    SELECT s.id, s.patient_id, p.mrn, p.family_name, p.given_name, s.started_at, s.ended_at,
           s.clinician_name, s.status,
           (SELECT group_concat(j.value, '|') FROM json_each(s.indications) j),
           s.numbing_product, s.numbing_minutes, s.skin_prep, s.pain_score, s.notes,
           s.aftercare_given, s.next_session_on,
           t.position + 1, a.code, a.name, t.device_kind, t.device_model,
           printf('%.2f', t.needle_depth_um / 1000.0), t.passes, t.speed_level, t.pattern,
           t.needle_count, t.cartridge_lot, t.endpoint, t.notes,
           (SELECT group_concat(x.role || ': ' || x.name
                                || coalesce(' lot ' || x.lot, '')
                                || coalesce(' exp ' || x.expiry_on, '')
                                || coalesce(' (' || x.amount || ')', ''), ' | ')
            FROM (SELECT * FROM product_applied x
                  WHERE x.session_id = s.id AND (x.area_id IS NULL OR x.area_id = t.area_id)
                  ORDER BY x.position) x),
           (SELECT g.signer_name FROM session_signature g
            WHERE g.session_id = s.id AND g.meaning = 'author'),
           (SELECT g.signed_at FROM session_signature g
            WHERE g.session_id = s.id AND g.meaning = 'author'),
           (SELECT count(*) FROM session_addendum d WHERE d.session_id = s.id)
    FROM session s
    JOIN patient p ON p.id = s.patient_id
    JOIN treated_area t ON t.session_id = s.id
    JOIN area a ON a.id = t.area_id
    ORDER BY s.started_at, s.id, t.position";
const AREA_HEADERS: &[&str] = &[
    "session_external_id",
    "patient_external_id",
    "mrn",
    "family_name",
    "given_name",
    "date",
    "ended_at",
    "clinician",
    "status",
    "indications",
    "numbing_product",
    "numbing_minutes",
    "skin_prep",
    "pain_score",
    "session_notes",
    "aftercare_given",
    "next_session_on",
    "area_position",
    "area",
    "area_name",
    "device_kind",
    "device_model",
    "needle_depth_mm",
    "passes",
    "speed_level",
    "pattern",
    "needle_count",
    "cartridge_lot",
    "endpoint",
    "area_notes",
    "products",
    "signed_by",
    "signed_at",
    "addenda",
];

const REACTIONS: &str = "
    SELECT s.id, s.patient_id, p.mrn, s.started_at, 'session', NULL, r.position + 1,
           rt.code, rt.name, sc.code, r.grade, r.time_point, a.code, r.note
    FROM reaction r
    JOIN session s ON s.id = r.session_id
    JOIN patient p ON p.id = s.patient_id
    JOIN reaction_type rt ON rt.id = r.reaction_type_id
    JOIN reaction_scale sc ON sc.id = r.scale_id
    LEFT JOIN area a ON a.id = r.area_id
    UNION ALL
    SELECT s.id, s.patient_id, p.mrn, s.started_at, 'follow_up', d.created_at, j.key + 1,
           rt.code, rt.name, sc.code, j.value ->> 'grade', j.value ->> 'time_point', a.code,
           coalesce(j.value ->> 'note', '')
    FROM session_addendum d
    JOIN json_each(d.reactions) j
    JOIN session s ON s.id = d.session_id
    JOIN patient p ON p.id = s.patient_id
    JOIN reaction_type rt ON rt.id = j.value ->> 'reaction_type_id'
    JOIN reaction_scale sc ON sc.id = rt.default_scale_id
    LEFT JOIN area a ON a.id = j.value ->> 'area_id'
    ORDER BY 4, 1, 5, 6, 7";
const REACTION_HEADERS: &[&str] = &[
    "session_external_id",
    "patient_external_id",
    "mrn",
    "date",
    "recorded_with",
    "follow_up_at",
    "position",
    "reaction",
    "reaction_name",
    "scale",
    "reaction_grade",
    "reaction_time_point",
    "area",
    "reaction_note",
];

/// Writes every record of `kind` to `out` as CSV; returns the number of data rows.
pub fn write_csv(db: &Db, kind: RecordsKind, out: &mut dyn Write) -> Result<usize> {
    let (sql, headers) = match kind {
        RecordsKind::Patients => (PATIENTS, PATIENT_HEADERS),
        RecordsKind::SessionAreas => (AREAS, AREA_HEADERS),
        RecordsKind::Reactions => (REACTIONS, REACTION_HEADERS),
    };
    out.write_all("\u{feff}".as_bytes()).map_err(io_failed)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(headers).map_err(csv_failed)?;
    let rows = db.read(|conn| {
        // One snapshot for the whole file.
        conn.execute_batch("BEGIN DEFERRED")?;
        let result = stream(conn, sql, headers.len(), &mut w);
        conn.execute_batch("COMMIT")?;
        result
    })?;
    w.flush().map_err(io_failed)?;
    Ok(rows)
}

fn stream(
    conn: &rusqlite::Connection,
    sql: &str,
    width: usize,
    w: &mut csv::Writer<&mut dyn Write>,
) -> Result<usize> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    let mut record: Vec<String> = Vec::with_capacity(width);
    while let Some(row) = rows.next()? {
        record.clear();
        for i in 0..width {
            record.push(match row.get_ref(i)? {
                ValueRef::Null => String::new(),
                ValueRef::Integer(v) => v.to_string(),
                ValueRef::Real(v) => v.to_string(),
                ValueRef::Text(t) => cell(&String::from_utf8_lossy(t)),
                ValueRef::Blob(_) => String::new(),
            });
        }
        w.write_record(&record).map_err(csv_failed)?;
        n += 1;
    }
    Ok(n)
}

fn io_failed(e: std::io::Error) -> Error {
    crate::error::file_error("the file", e, Error::Export)
}

fn csv_failed(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => io_failed(e),
        other => Error::Export(format!("{other:?}")),
    }
}
