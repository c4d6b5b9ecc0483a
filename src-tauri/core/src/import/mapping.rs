//! Column mappings: which of a file's headers holds which field, for files whose headers are
//! not the standard ones.
//!
//! The mapping file is plain text, one mapping per line, `their header = our_field`:
//!
//! ```text
//! # Dermalog column mapping for sessions.csv
//! Behandlungsdatum = date
//! Tiefe (mm) = needle_depth_mm
//! Interne Notiz = ignore
//! ```
//!
//! Blank lines and lines starting with `#` are skipped; the line is split at its last `=`, so
//! a header may itself hold `=`; headers match ignoring case, spaces and punctuation; `ignore`
//! silences the warning for a column that is deliberately not imported. The UI builds the
//! same mapping in code ([`ColumnMapping::with`]) and can save it with
//! [`ColumnMapping::to_text`] for the next export from the same system.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::is_field_name;
use super::problem::Problem;
use super::values::key;

/// The field name that drops a column without a warning.
pub(crate) const IGNORE: &str = "ignore";

/// Their headers mapped to our fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnMapping {
    /// One entry per mapped header.
    pub columns: Vec<MappedColumn>,
}

/// One mapped header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MappedColumn {
    /// The header as the file has it.
    pub header: String,
    /// Our field name (see [`super::columns`]), or `ignore`.
    pub field: String,
}

impl ColumnMapping {
    /// This mapping plus `header` → `field` (an earlier entry for the same header is
    /// replaced).
    pub fn with(mut self, header: impl Into<String>, field: impl Into<String>) -> Self {
        let header = header.into();
        self.columns.retain(|m| key(&m.header) != key(&header));
        self.columns.push(MappedColumn {
            header,
            field: field.into(),
        });
        self
    }

    /// Reads a mapping file named `file`. Unknown field names and lines without `=` are
    /// problems (errors), each with its line.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<ColumnMapping, Vec<Problem>> {
        let mut problems = Vec::new();
        let (text, _) = super::decode::decode(file, bytes, super::Encoding::Auto, &mut problems);
        let mut mapping = ColumnMapping::default();
        for (n, raw) in text.lines().enumerate() {
            let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let t = raw.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let Some((header, field)) = t.rsplit_once('=') else {
                problems.push(Problem::error(
                    file,
                    Some(line),
                    "Write each mapping as `their header = our_field`.",
                ));
                continue;
            };
            let (header, field) = (header.trim(), field.trim());
            if header.is_empty() {
                problems.push(Problem::error(file, Some(line), "The header is missing."));
                continue;
            }
            if key(field) != key(IGNORE) && !is_field_name(field) {
                problems.push(
                    Problem::error(
                        file,
                        Some(line),
                        format!("\"{field}\" is not a field: see the list of standard columns."),
                    )
                    .in_column(Some(header), None),
                );
                continue;
            }
            if mapping
                .columns
                .iter()
                .any(|m| key(&m.header) == key(header))
            {
                problems.push(
                    Problem::error(file, Some(line), "This header is mapped twice.")
                        .in_column(Some(header), None),
                );
                continue;
            }
            mapping = mapping.with(header, field);
        }
        if problems.is_empty() {
            Ok(mapping)
        } else {
            Err(problems)
        }
    }

    /// The mapping file text for this mapping (what [`ColumnMapping::parse`] reads).
    pub fn to_text(&self) -> String {
        let mut out = String::from("# Dermalog column mapping: their header = our_field\n");
        for m in &self.columns {
            out.push_str(&format!("{} = {}\n", m.header.replace('\n', " "), m.field));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_files_round_trip_and_report_bad_lines() {
        let m = ColumnMapping::parse(
            "map.txt",
            "\u{feff}# comment\n\nTiefe (mm) = needle_depth_mm\nA=B = ignore\r\n".as_bytes(),
        )
        .expect("valid");
        assert_eq!(m.columns.len(), 2);
        assert_eq!(m.columns[1].header, "A=B");
        assert_eq!(ColumnMapping::parse("m", m.to_text().as_bytes()), Ok(m));
        let errs = ColumnMapping::parse("m", b"x = nonsense\nno equals sign\n")
            .expect_err("two bad lines");
        assert_eq!(
            errs.iter().map(|p| p.line).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
    }
}
