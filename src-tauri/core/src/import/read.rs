//! Reading one CSV file into a table of text cells: decoding (UTF-8 with or without BOM,
//! UTF-16 with BOM, Windows-1252; see `decode`), delimiter detection, quoting (doubled quotes, newlines
//! inside quotes) and blank lines.
//!
//! Invariants:
//! - never panics, whatever the bytes;
//! - each row keeps the physical line (1-based) where its record starts, blank lines and
//!   newlines inside quotes counted, so a problem points at the line an editor shows;
//! - rows whose cells are all blank (blank lines, or only delimiters) are skipped;
//! - every row has exactly as many cells as the header: missing trailing cells are blank,
//!   extra blank cells are dropped, a row with extra non-blank cells is reported and left out
//!   (a value holding the delimiter without quotes would shift every later column);
//! - cells are kept as written (not trimmed); the field rules trim.
//!
//! Cells are stored in one string with their end offsets, not one allocation per row.

use crate::digest::sha256_hex;

use super::{Delimiter, Encoding, Problem};

/// Larger files are refused: cell offsets are 32-bit, and a clinic's history is far smaller.
const MAX_BYTES: usize = 1 << 30;

/// A file read into rows of text cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    headers: Vec<String>,
    header_line: u32,
    text: String,
    ends: Vec<u32>,
    lines: Vec<u32>,
    /// The encoding the file was read with.
    pub encoding: Encoding,
    /// The delimiter the file was read with.
    pub delimiter: Delimiter,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
}

impl Table {
    /// The header cells, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The line of the header.
    pub fn header_line(&self) -> u32 {
        self.header_line
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no data rows.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The physical line where data row `row` starts.
    pub fn line(&self, row: usize) -> u32 {
        self.lines.get(row).copied().unwrap_or(0)
    }

    /// The cell of data row `row` in column `col`, as written; empty when out of range.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        let w = self.headers.len();
        if col >= w {
            return "";
        }
        let k = row * w + col;
        let start = if k == 0 {
            0
        } else {
            self.ends.get(k - 1).map_or(0, |e| *e as usize)
        };
        let end = self.ends.get(k).map_or(0, |e| *e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    /// The cells of data row `row`.
    pub fn row(&self, row: usize) -> impl Iterator<Item = &str> {
        (0..self.headers.len()).map(move |c| self.cell(row, c))
    }
}

/// Reads `bytes` (named `file` in problems) into a table. Problems go to `problems`; `None`
/// when nothing could be read (no header, or the file is too large).
pub fn read_table(
    file: &str,
    bytes: &[u8],
    encoding: Encoding,
    delimiter: Delimiter,
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    if bytes.len() > MAX_BYTES {
        problems.push(Problem::error(
            file,
            None,
            "The file is larger than 1 GB; split it into smaller files.",
        ));
        return None;
    }
    let sha256 = sha256_hex(bytes);
    let (text, encoding) = super::decode::decode(file, bytes, encoding, problems);
    let delimiter = match delimiter {
        Delimiter::Auto => detect(&text),
        d => d,
    };
    let sep = match delimiter {
        Delimiter::Semicolon => b';',
        Delimiter::Tab => b'\t',
        Delimiter::Comma | Delimiter::Auto => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut table = Table {
        encoding,
        delimiter,
        sha256,
        ..Table::default()
    };
    let mut seen_header = false;
    let mut lines = Lines {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| lines.at(p.byte()));
                problems.push(Problem::error(
                    file,
                    line,
                    "The file could not be read past this line.",
                ));
                break;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if !seen_header {
            seen_header = true;
            table.header_line = line;
            table.headers = record.iter().map(|h| h.trim().to_string()).collect();
            continue;
        }
        let w = table.headers.len();
        if record.len() > w && record.iter().skip(w).any(|c| !c.trim().is_empty()) {
            problems.push(Problem::error(
                file,
                Some(line),
                format!(
                    "This line has {} values but the header has {w}: a value containing the \
                     delimiter may be missing its quotes. The line was not read.",
                    record.len()
                ),
            ));
            continue;
        }
        for c in 0..w {
            table.text.push_str(record.get(c).unwrap_or(""));
            let Ok(end) = u32::try_from(table.text.len()) else {
                problems.push(Problem::error(file, Some(line), "The file is too large."));
                return None;
            };
            table.ends.push(end);
        }
        table.lines.push(line);
    }
    if !seen_header {
        problems.push(Problem::error(
            file,
            None,
            "The file is empty: it needs a header line and at least one row.",
        ));
        return None;
    }
    if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        problems.push(Problem::warning(
            file,
            table.lines.last().copied(),
            "The file has an unmatched quote (\"): a quoted value may run on over the lines \
             after it. Check the row starting here.",
        ));
    }
    Some(table)
}

/// Physical line numbers. The reader's own count starts a record at the blank lines skipped
/// before it, so lines are counted here from the record's byte offset, past those blank
/// lines. A line ends with LF, CRLF or a lone CR.
struct Lines<'t> {
    text: &'t [u8],
    pos: usize,
    line: u32,
}

impl Lines<'_> {
    /// The line of the first character that is not a line break at or after `byte` (which
    /// only grows from call to call).
    fn at(&mut self, byte: u64) -> u32 {
        let end = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while self.pos < end {
            self.step();
        }
        while matches!(self.text.get(self.pos), Some(b'\r' | b'\n')) {
            self.step();
        }
        self.line
    }

    fn step(&mut self) {
        let breaks = match self.text.get(self.pos) {
            Some(b'\n') => true,
            Some(b'\r') => self.text.get(self.pos + 1) != Some(&b'\n'),
            _ => false,
        };
        if breaks {
            self.line = self.line.saturating_add(1);
        }
        self.pos += 1;
    }
}

/// The delimiter used most outside quotes on the header line; on a tie, the one that splits
/// the next lines into as many values as the header most often; comma when in doubt.
fn detect(text: &str) -> Delimiter {
    const CANDIDATES: [(char, Delimiter); 3] = [
        (',', Delimiter::Comma),
        (';', Delimiter::Semicolon),
        ('\t', Delimiter::Tab),
    ];
    // Delimiters per line (quote-aware) of the first non-blank lines.
    let mut lines: Vec<[usize; 3]> = Vec::new();
    let mut current = [0usize; 3];
    let mut quoted = false;
    let mut any = false;
    for ch in text.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            '\n' | '\r' if !quoted => {
                if any {
                    lines.push(current);
                    if lines.len() == 20 {
                        break;
                    }
                }
                current = [0; 3];
                any = false;
            }
            c if !quoted => match CANDIDATES.iter().position(|(d, _)| *d == c) {
                Some(i) => {
                    current[i] += 1;
                    any = true;
                }
                None => any |= !c.is_whitespace(),
            },
            _ => {}
        }
    }
    if any && lines.len() < 20 {
        lines.push(current);
    }
    let Some(header) = lines.first().copied() else {
        return Delimiter::Comma;
    };
    let most = header.iter().copied().max().unwrap_or(0);
    if most == 0 {
        return Delimiter::Comma;
    }
    let agreeing = |i: usize| lines.iter().skip(1).filter(|l| l[i] == header[i]).count();
    let mut best: Option<(usize, usize)> = None;
    for i in (0..3).filter(|i| header[*i] == most) {
        let score = agreeing(i);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map_or(Delimiter::Comma, |(i, _)| CANDIDATES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Option<Table>, Vec<Problem>) {
        let mut problems = Vec::new();
        let t = read_table(
            "t.csv",
            bytes,
            Encoding::Auto,
            Delimiter::Auto,
            &mut problems,
        );
        (t, problems)
    }

    #[test]
    fn lines_are_physical_lines_where_records_start() {
        let (t, p) = read(b"a,b\n\n1,\"x\ny\"\n\n\n2,z\r\n;\n");
        let t = t.expect("table");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(t.len(), 3);
        assert_eq!((t.line(0), t.cell(0, 1)), (3, "x\ny"));
        assert_eq!((t.line(1), t.cell(1, 0)), (7, "2"));
        assert_eq!(
            (t.line(2), t.cell(2, 0)),
            (8, ";"),
            "a lone ; is a value in a comma file"
        );
    }

    #[test]
    fn delimiter_is_detected_from_the_header_line() {
        assert_eq!(detect("a;b;c\n1,5;2;3"), Delimiter::Semicolon);
        assert_eq!(detect("\n\"x;y\",b\n"), Delimiter::Comma);
        assert_eq!(detect("a\tb\n"), Delimiter::Tab);
        assert_eq!(detect("single\n"), Delimiter::Comma);
        assert_eq!(
            detect("a;b,c\n1;2\n3;4 5\n"),
            Delimiter::Semicolon,
            "a tie on the header is settled by the lines after it"
        );
    }
}
