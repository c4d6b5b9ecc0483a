//! Reading one file for an import or a preview: bytes to table, headers to fields, the
//! file's date order; and the preview the mapping screen shows. No database.
//!
//! Invariant: never fails and never panics; an unreadable file is a problem in the list.

use super::columns::{Field, FileKind};
use super::dates::file_date_order;
use super::headers::{self, Columns};
use super::problem::{self, Problem};
use super::{
    read_table, DateOrder, FileSummary, ImportOptions, Preview, PreviewColumn, PreviewRow,
    SourceFile, Table,
};

/// A file read and its columns matched.
pub(crate) struct ReadFile {
    pub table: Table,
    pub columns: Columns,
    pub summary: FileSummary,
    pub order: DateOrder,
}

/// Reads `file` as a `kind` file.
pub(crate) fn read_file(
    file: &SourceFile,
    kind: FileKind,
    options: &ImportOptions,
    problems: &mut Vec<Problem>,
) -> Option<ReadFile> {
    let table = read_table(
        &file.name,
        &file.bytes,
        options.encoding,
        options.delimiter,
        problems,
    )?;
    let cols = headers::resolve(
        kind,
        &file.name,
        table.header_line(),
        table.headers(),
        &file.mapping,
        problems,
    );
    let dates: &[Field] = match kind {
        FileKind::Patients => &[Field::DateOfBirth, Field::FitzpatrickAssessedOn],
        FileKind::Sessions => &[
            Field::Date,
            Field::NextSessionOn,
            Field::GlideExpiry,
            Field::SerumExpiry,
            Field::PostCareExpiry,
        ],
    };
    let (shown, order, problem) = file_date_order(&table, &cols, dates, options.date_order);
    if let Some((line, f, message)) = problem {
        problems.push(
            Problem::error(&file.name, Some(line), message)
                .in_column(cols.header(f), Some(f.name())),
        );
    }
    let summary = FileSummary {
        name: file.name.clone(),
        kind,
        sha256: table.sha256.clone(),
        encoding: table.encoding,
        delimiter: table.delimiter,
        date_order: shown,
        rows: u32::try_from(table.len()).unwrap_or(u32::MAX),
    };
    Some(ReadFile {
        table,
        columns: cols,
        summary,
        order,
    })
}

/// The first `max_rows` rows of `file` read as a `kind` file, with its column matches and
/// the problems found without the database. Never fails: an unreadable file is a problem.
pub fn preview(
    file: &SourceFile,
    kind: FileKind,
    options: &ImportOptions,
    max_rows: usize,
) -> Preview {
    let mut problems = Vec::new();
    let Some(r) = read_file(file, kind, options, &mut problems) else {
        return Preview {
            file: FileSummary {
                name: file.name.clone(),
                kind,
                sha256: String::new(),
                encoding: options.encoding,
                delimiter: options.delimiter,
                date_order: options.date_order,
                rows: 0,
            },
            columns: Vec::new(),
            rows: Vec::new(),
            problems,
        };
    };
    let columns = r
        .table
        .headers()
        .iter()
        .enumerate()
        .map(|(i, h)| PreviewColumn {
            header: h.clone(),
            field: r.columns.field_of(i).map(|f| f.name().to_string()),
        })
        .collect();
    let rows = (0..r.table.len().min(max_rows))
        .map(|row| PreviewRow {
            line: r.table.line(row),
            values: r.table.row(row).map(str::to_string).collect(),
        })
        .collect();
    problem::sort(&mut problems);
    Preview {
        file: r.summary,
        columns,
        rows,
        problems,
    }
}
