//! CSV import of patients and their past sessions, from the spreadsheets clinics keep.
//!
//! Two files: `patients.csv` (one row per patient) and `sessions.csv` (one row per treated
//! area; rows sharing a session id form one session). The standard columns are listed in
//! [`columns`] (and by [`columns()`](fn@columns) for the UI); other headers are mapped with a
//! [`ColumnMapping`], from a mapping file (`their header = our_field` lines) or built by the
//! UI. Files may be UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, comma,
//! semicolon or tab separated, with quoted newlines and blank lines. Dates are ISO
//! `YYYY-MM-DD`, `DD.MM.YYYY`, or `DD/MM/YYYY` / `MM/DD/YYYY`: a file whose slash dates could
//! be read both ways (`03/04/2024`) needs an explicit [`DateOrder`] instead of a guess.
//!
//! Use: [`preview`] shows the first rows and the column matches (no database), [`dry_run`]
//! reports every problem with file, line (the physical line where the record starts) and
//! column, and what would be created; [`import`] writes it all.
//!
//! Invariants:
//! - the same rules as the forms: every patient goes through the patient validation, every
//!   session through the session validation, and device depth limits are enforced;
//! - all or nothing: an import with any error-level problem writes nothing; otherwise one
//!   transaction holds every row, the `import_batch` row and one `import` audit row (counts
//!   and file SHA-256 only, never names or clinical values);
//! - idempotent: each imported patient and session is recorded against its external id
//!   (`import_patient`, `import_session`) with a hash of its imported values. Re-running a
//!   file creates nothing and reports the rows as already present; a changed row for a known
//!   external id is a conflict problem: an import never overwrites a record;
//! - imported sessions are stored **signed** and so locked from the start: they were signed
//!   in the system they come from, they are history, not drafts for someone to finish. No
//!   Dermalog signature is made up for them (their `signatures` list is empty); the import
//!   record (batch, user, time, file hash, source line, see [`origin`]) is their provenance,
//!   and corrections are addenda as for any signed session. Forward-looking guidance (the
//!   contraindication screening, treatment intervals, typical depths) is not applied to
//!   history; an expired lot is reported as a warning, not refused;
//! - only an administrator imports; every import, even one that finds everything already
//!   present, is a batch with its audit row, so the trail shows who loaded which file when;
//! - session times without an offset are clinic wall-clock times ([`ImportOptions`]), a
//!   session without a time is placed at 12:00 so its date survives the conversion to UTC;
//! - the parser never panics, whatever the bytes (property tests and a fuzz target);
//! - nothing here logs names, notes or other health data: ids and counts only; problems
//!   quote a cell only for codes (areas, reactions, indications) and slash dates of sessions.
//!
//! Speed: rows are checked without a per-row allocation of big structures, reference lists
//! are indexed once, and rows are written a few thousand per statement (see `write`).

pub mod columns;
mod counts;
mod dates;
mod decode;
mod fuzzing;
mod headers;
mod history;
mod lookup;
mod mapping;
mod patients;
mod plan;
mod preview;
mod problem;
mod read;
mod rows;
mod run;
mod session_checks;
mod session_values;
mod sessions;
mod values;
mod write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use columns::{columns, ColumnInfo, FileKind};
#[doc(hidden)]
pub use fuzzing::parse_any;
pub use history::{batches, origin};
pub use mapping::{ColumnMapping, MappedColumn};
pub use preview::preview;
pub use problem::{Problem, Severity};
pub use read::{read_table, Table};
pub use run::{dry_run, dry_run_with_progress, import};

/// How the bytes of a file are turned into text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// A byte order mark decides; without one, UTF-8 when the bytes are valid UTF-8,
    /// otherwise Windows-1252 (what Excel writes on Western European Windows).
    #[default]
    Auto,
    /// UTF-8 (a leading byte order mark is dropped).
    Utf8,
    /// UTF-16 (little-endian unless a byte order mark says otherwise).
    Utf16,
    /// Windows-1252 (Western European).
    Windows1252,
}

/// What separates values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    /// The one of comma, semicolon or tab used most in the header line.
    #[default]
    Auto,
    /// `,`
    Comma,
    /// `;` (Excel in locales with a decimal comma).
    Semicolon,
    /// Tab.
    Tab,
}

/// How `03/04/2024` is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Not chosen: a file whose slash dates all read one way only (`31/01/2024`) is read that
    /// way; a file with a date that reads both ways and nothing to tell is a problem.
    #[default]
    Unset,
    /// `DD/MM/YYYY`.
    DayFirst,
    /// `MM/DD/YYYY`.
    MonthFirst,
}

/// How a file is read. The default detects everything it safely can.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// Text encoding.
    pub encoding: Encoding,
    /// Value separator.
    pub delimiter: Delimiter,
    /// Day or month first in slash dates.
    pub date_order: DateOrder,
    /// The clinic's offset from UTC in minutes for session times without one (`60` for
    /// UTC+01:00); `null`: this computer's time zone, summer time included.
    pub utc_offset_minutes: Option<i32>,
}

/// One file to import: its name (as shown in problems), its bytes and how its headers map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFile {
    /// File name for messages (`sessions.csv`).
    pub name: String,
    /// The file's content, as read from disk.
    pub bytes: Vec<u8>,
    /// Headers that are not standard column names, mapped to fields.
    pub mapping: ColumnMapping,
}

impl SourceFile {
    /// `bytes` named `name`, with standard headers.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            name: name.into(),
            bytes: bytes.into(),
            mapping: ColumnMapping::default(),
        }
    }

    /// The same file read with `mapping`.
    pub fn with_mapping(mut self, mapping: ColumnMapping) -> Self {
        self.mapping = mapping;
        self
    }
}

/// The files of one import; either may be left out (sessions of patients imported earlier).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportFiles {
    /// `patients.csv`.
    pub patients: Option<SourceFile>,
    /// `sessions.csv`.
    pub sessions: Option<SourceFile>,
}

/// Numbers of records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    /// Patients.
    pub patients: u32,
    /// Sessions.
    pub sessions: u32,
    /// Treated areas.
    pub areas: u32,
    /// Products applied.
    pub products: u32,
    /// Reactions.
    pub reactions: u32,
}

/// How one file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FileSummary {
    /// File name.
    pub name: String,
    /// Patients or sessions.
    pub kind: FileKind,
    /// SHA-256 (hex) of its bytes.
    pub sha256: String,
    /// The encoding it was read with.
    pub encoding: Encoding,
    /// The delimiter it was read with.
    pub delimiter: Delimiter,
    /// The date order used (chosen, or read from the file); `unset` when it was needed but
    /// could not be told.
    pub date_order: DateOrder,
    /// Data rows (blank lines not counted).
    pub rows: u32,
}

/// What an import did, or a dry run would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    /// True for a dry run: nothing was written.
    pub dry_run: bool,
    /// The batch written (a real import only).
    pub batch_id: Option<Uuid>,
    /// Each file read.
    pub files: Vec<FileSummary>,
    /// Records created (or that would be).
    pub created: Counts,
    /// Records already imported with the same values, skipped (patients and sessions; their
    /// areas, products and reactions are counted too).
    pub already_present: Counts,
    /// Every problem found, errors first in file and line order, then warnings.
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// True when a problem stops the import.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Where a long import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Decoding and splitting the files (`done`/`total`: files).
    Reading,
    /// Checking rows against the rules (`done`/`total`: rows).
    Checking,
    /// Writing (`done`/`total`: records).
    Writing,
    /// Finished.
    Done,
}

/// A progress report: called at each phase start, every few thousand rows, and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    /// The phase.
    pub phase: Phase,
    /// Units done in this phase.
    pub done: u32,
    /// Units in this phase.
    pub total: u32,
}

/// The first rows of a file as the importer reads them, for the mapping screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Preview {
    /// How the file was read.
    pub file: FileSummary,
    /// Each column of the file and the field it goes to.
    pub columns: Vec<PreviewColumn>,
    /// The first rows.
    pub rows: Vec<PreviewRow>,
    /// Problems found without the database: reading, headers, date order.
    pub problems: Vec<Problem>,
}

/// One column of a previewed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewColumn {
    /// The header as written.
    pub header: String,
    /// The field it is imported as; `null` when it is not imported.
    pub field: Option<String>,
}

/// One previewed row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    /// Physical line where the record starts.
    pub line: u32,
    /// Its values, one per column.
    pub values: Vec<String>,
}

/// One import, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportBatch {
    /// Batch id.
    pub id: Uuid,
    /// Who imported.
    pub user_id: Uuid,
    /// When (UTC, RFC 3339).
    pub imported_at: String,
    /// SHA-256 of `patients.csv`, if one was imported.
    pub patients_sha256: Option<String>,
    /// SHA-256 of `sessions.csv`, if one was imported.
    pub sessions_sha256: Option<String>,
    /// Records created.
    pub created: Counts,
    /// Patients and sessions skipped as already present.
    pub skipped: u32,
}

/// Where an imported record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOrigin {
    /// The batch.
    pub batch: ImportBatch,
    /// The external id in the source system (`auto:` ids are made from patient and time).
    pub external_id: String,
    /// The line of the file where the record (its first row) started.
    pub line: u32,
}
