//! Import problems: each names the file, the physical line where the record starts, the
//! column as headed in the file and our field, so a clinic can find and fix the cell.
//!
//! Invariant: one cell gets at most one problem from the field rules (a value that does not
//! parse is not reported again as "missing" by the record's validation).

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::Field;
use super::headers::Columns;
use crate::error::FieldError;

/// Whether a problem stops the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The import is refused until it is fixed.
    Error,
    /// Worth a look; the import can go ahead.
    Warning,
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file (`sessions.csv`), or the mapping file.
    pub file: String,
    /// Physical line (1-based) where the record starts; `null` for the whole file.
    pub line: Option<u32>,
    /// The column as headed in the file; `null` when the column is missing or the problem
    /// is about the row or file.
    pub column: Option<String>,
    /// Our field name (`needle_depth_mm`), when the problem is about one.
    pub field: Option<String>,
    /// What is wrong and what to do, as a sentence.
    pub message: String,
}

impl Problem {
    /// An error in `file`.
    pub fn error(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// A warning in `file`.
    pub fn warning(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, line, message)
        }
    }

    /// The same problem in a column.
    pub fn in_column(mut self, column: Option<&str>, field: Option<&str>) -> Self {
        self.column = column.map(str::to_string);
        self.field = field.map(str::to_string);
        self
    }

    /// As a field error (`sessions.csv:12:Depth`), for a refusal through [`crate::Error`].
    pub fn to_field_error(&self) -> FieldError {
        let mut at = self.file.clone();
        if let Some(line) = self.line {
            at.push_str(&format!(":{line}"));
        }
        if let Some(c) = self.column.as_deref().or(self.field.as_deref()) {
            at.push(':');
            at.push_str(c);
        }
        FieldError::new(at, self.message.clone())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        match (&self.column, &self.field) {
            (Some(c), _) => write!(f, ", column \"{c}\"")?,
            (None, Some(field)) => write!(f, ", field {field}")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// The problems of one file, with the columns to name them by.
pub(crate) struct FileProblems<'c> {
    pub file: String,
    pub columns: &'c Columns,
    pub list: Vec<Problem>,
    /// Cells already reported, so record validation does not report them again.
    reported: HashSet<(u32, Field)>,
    errors: usize,
}

impl<'c> FileProblems<'c> {
    pub fn new(file: &str, columns: &'c Columns) -> Self {
        FileProblems {
            file: file.to_string(),
            columns,
            list: Vec::new(),
            reported: HashSet::new(),
            errors: 0,
        }
    }

    fn push(&mut self, severity: Severity, line: u32, field: Field, message: String) {
        if severity == Severity::Error {
            self.errors += 1;
        }
        let p = Problem {
            severity,
            ..Problem::error(&self.file, Some(line), message)
        }
        .in_column(self.columns.header(field), Some(field.name()));
        self.list.push(p);
    }

    /// An error in the cell of `field` on `line`; a second one for the same cell is dropped.
    pub fn cell(&mut self, line: u32, field: Field, message: impl Into<String>) {
        if self.reported.insert((line, field)) {
            self.push(Severity::Error, line, field, message.into());
        }
    }

    /// Marks the cell of `field` on `line` as reported (a problem elsewhere explains it).
    pub fn mark(&mut self, line: u32, field: Field) {
        self.reported.insert((line, field));
    }

    /// A warning about the cell of `field` on `line`.
    pub fn warn(&mut self, line: u32, field: Field, message: impl Into<String>) {
        self.push(Severity::Warning, line, field, message.into());
    }

    /// An error about the row on `line`, not one cell.
    pub fn row(&mut self, line: u32, message: impl Into<String>) {
        self.errors += 1;
        self.list
            .push(Problem::error(&self.file, Some(line), message.into()));
    }

    /// How many errors were recorded so far.
    pub fn errors(&self) -> usize {
        self.errors
    }
}

/// Sorts problems: errors first, then files in the order they first appear, then lines
/// (whole-file problems first); problems on one line keep their order (columns left to right
/// as found).
pub(crate) fn sort(problems: &mut [Problem]) {
    let mut files: Vec<String> = Vec::new();
    for p in problems.iter() {
        if !files.contains(&p.file) {
            files.push(p.file.clone());
        }
    }
    let rank = |f: &str| files.iter().position(|x| x == f).unwrap_or(usize::MAX);
    problems.sort_by_key(|p| (p.severity, rank(&p.file), p.line.unwrap_or(0)));
}
