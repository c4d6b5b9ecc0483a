//! Matching a file's header line to fields: the file's mapping first, then the standard
//! names, then their aliases, all ignoring case, spaces and punctuation.
//!
//! Invariants: each field comes from at most one column (two columns for one field is an
//! error); a column not matched is a warning (`ignore` in the mapping silences it); a
//! missing required column is an error; mapping entries must name fields of this file.

use super::columns::{
    field_named, kind_name, required, standard_field, Field, FileKind, FIELDS, FIELD_COUNT,
};
use super::mapping::{ColumnMapping, IGNORE};
use super::problem::Problem;
use super::values::key;
use super::Table;

/// A file's columns: which column holds each field.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    at: [Option<usize>; FIELD_COUNT],
    headers: Vec<String>,
}

impl Columns {
    /// No columns (for a file that is not part of the import).
    pub fn none() -> Columns {
        Columns {
            at: [None; FIELD_COUNT],
            headers: Vec::new(),
        }
    }

    /// The column index of `field`.
    pub fn index(&self, field: Field) -> Option<usize> {
        self.at[field as usize]
    }

    /// True when the file has a column for `field`.
    pub fn has(&self, field: Field) -> bool {
        self.index(field).is_some()
    }

    /// The header of `field`'s column as written.
    pub fn header(&self, field: Field) -> Option<&str> {
        self.index(field)
            .and_then(|i| self.headers.get(i))
            .map(String::as_str)
    }

    /// The trimmed cell of `field` in data row `row` of `t`; empty when the file has no such
    /// column.
    pub fn get<'t>(&self, t: &'t Table, row: usize, field: Field) -> &'t str {
        self.index(field).map_or("", |c| t.cell(row, c).trim())
    }

    /// The field of column `i`.
    pub fn field_of(&self, i: usize) -> Option<Field> {
        FIELDS.iter().copied().find(|f| self.index(*f) == Some(i))
    }
}

/// Matches `headers` (of a `kind` file named `file`, header on `line`) to fields: the
/// mapping first, then standard names, then aliases. Unknown columns are warnings; missing
/// required columns and two columns for one field are errors.
pub(crate) fn resolve(
    kind: FileKind,
    file: &str,
    line: u32,
    headers: &[String],
    mapping: &ColumnMapping,
    problems: &mut Vec<Problem>,
) -> Columns {
    let mut cols = Columns {
        at: [None; FIELD_COUNT],
        headers: headers.to_vec(),
    };
    let at = Some(line);
    for m in &mapping.columns {
        let wanted = key(&m.field);
        if wanted != key(IGNORE) && field_named(kind, &m.field).is_none() {
            problems.push(
                Problem::error(
                    file,
                    at,
                    format!(
                        "The mapping sends this column to \"{}\", which is not a field of a \
                         {} file.",
                        m.field,
                        kind_name(kind)
                    ),
                )
                .in_column(Some(&m.header), None),
            );
        }
        if !headers.iter().any(|h| key(h) == key(&m.header)) {
            problems.push(
                Problem::warning(
                    file,
                    at,
                    "The mapping names this column; the file has none.",
                )
                .in_column(Some(&m.header), None),
            );
        }
    }
    for (i, h) in headers.iter().enumerate() {
        let k = key(h);
        if k.is_empty() {
            // A blank header (a trailing delimiter, an empty spreadsheet column).
            continue;
        }
        let mapped = mapping.columns.iter().find(|m| key(&m.header) == k);
        let field = match mapped {
            Some(m) if key(&m.field) == key(IGNORE) => continue,
            Some(m) => field_named(kind, &m.field),
            None => standard_field(kind, &k),
        };
        let Some(field) = field else {
            if mapped.is_none() {
                problems.push(
                    Problem::warning(
                        file,
                        at,
                        "This column is not imported: map it to a field, or to `ignore`.",
                    )
                    .in_column(Some(h), None),
                );
            }
            continue;
        };
        match cols.at[field as usize] {
            Some(first) => problems.push(
                Problem::error(
                    file,
                    at,
                    format!(
                        "Both this column and \"{}\" are {}: keep one, or map one to `ignore`.",
                        headers.get(first).map_or("", String::as_str),
                        field.name()
                    ),
                )
                .in_column(Some(h), Some(field.name())),
            ),
            None => cols.at[field as usize] = Some(i),
        }
    }
    for f in required(kind) {
        if !cols.has(f) {
            problems.push(
                Problem::error(
                    file,
                    at,
                    format!(
                        "The required column {} is missing (or not mapped).",
                        f.name()
                    ),
                )
                .in_column(None, Some(f.name())),
            );
        }
    }
    cols
}
