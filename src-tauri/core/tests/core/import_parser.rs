//! The import parser on arbitrary and generated input: it never panics, and a generated CSV
//! file (any delimiter, quoting, line ending, blank lines and encoding) reads back cell for
//! cell, each row on the physical line where it starts. Also runs the fuzz target's entry
//! point on every seed of the fuzz corpus, so the corpus is checked by the normal suite.

use std::path::Path;

use dermalog_core::import::{self, read_table, Delimiter, Encoding};
use proptest::collection::vec;
use proptest::prelude::*;

#[test]
fn every_seed_of_the_fuzz_corpus_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/parse_csv");
    let mut seeds = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus folder") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("seed");
        import::parse_any(&bytes);
        seeds += 1;
    }
    assert!(seeds >= 10, "the corpus has its seeds ({seeds})");
}

fn cell() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        6 => proptest::char::range('a', 'z'),
        1 => Just(' '),
        1 => Just(','),
        1 => Just(';'),
        1 => Just('\t'),
        1 => Just('"'),
        1 => Just('\n'),
        1 => Just('\r'),
        1 => Just('é'),
        1 => Just('ü'),
        1 => Just('€'),
        1 => Just('ß'),
    ];
    vec(ch, 0..8).prop_map(|cs| cs.into_iter().collect())
}

/// One record as the csv writer quotes it (only where needed), with its terminator.
fn record(cells: &[String], delimiter: u8, crlf: bool) -> String {
    let terminator = if crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(Vec::new());
    w.write_record(cells).expect("write");
    String::from_utf8(w.into_inner().expect("flush")).expect("utf8")
}

/// Line breaks in `s`: LF, CRLF or a lone CR.
fn breaks(s: &str) -> u32 {
    let b = s.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count() as u32
}

fn file_strategy() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>, Vec<u8>)> {
    (1usize..6).prop_flat_map(|w| {
        let suffix = prop_oneof![Just(""), Just(",a"), Just(";b"), Just("\"q\""), Just(" c")];
        let headers = vec(suffix, w).prop_map(|s| {
            s.iter()
                .enumerate()
                .map(|(i, x)| format!("col{i}{x}"))
                .collect::<Vec<_>>()
        });
        let rows = vec(vec(cell(), w), 1..12).prop_filter("every row has a value", |rows| {
            rows.iter().all(|r| r.iter().any(|c| !c.trim().is_empty()))
        });
        (headers, rows, vec(0u8..4, 13))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..1024)) {
        import::parse_any(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[a-z0-9,;\"\\n\\r\\t /.:|=#-]{0,300}", flags: u8) {
        let mut bytes = vec![flags];
        bytes.extend_from_slice(text.as_bytes());
        import::parse_any(&bytes);
    }

    #[test]
    fn generated_files_read_back_cell_for_cell(
        (headers, rows, blanks) in file_strategy(),
        delimiter in 0usize..3,
        encoding in 0usize..4,
        crlf: bool,
        auto_delimiter: bool,
    ) {
        let (sep, chosen) = [
            (b',', Delimiter::Comma),
            (b';', Delimiter::Semicolon),
            (b'\t', Delimiter::Tab),
        ][delimiter];
        let blank = |n: u8| if crlf { "\r\n" } else { "\n" }.repeat(usize::from(n));
        let mut text = blank(blanks[0]);
        text.push_str(&record(&headers, sep, crlf));
        let mut lines = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            text.push_str(&blank(blanks[(i + 1) % blanks.len()]));
            lines.push(breaks(&text) + 1);
            text.push_str(&record(r, sep, crlf));
        }
        let (bytes, read_as, expected) = match encoding {
            0 => (text.as_bytes().to_vec(), Encoding::Auto, Encoding::Utf8),
            1 => {
                let mut b = b"\xEF\xBB\xBF".to_vec();
                b.extend_from_slice(text.as_bytes());
                (b, Encoding::Auto, Encoding::Utf8)
            }
            2 => {
                let (b, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
                prop_assert!(!unmappable);
                (b.into_owned(), Encoding::Windows1252, Encoding::Windows1252)
            }
            _ => {
                let mut b = vec![0xFF, 0xFE];
                b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                (b, Encoding::Auto, Encoding::Utf16)
            }
        };
        // Detection needs a header that says which delimiter it uses: two columns or more,
        // and no other delimiter in a header.
        let plain = headers.iter().all(|h| !h.contains([',', ';', '"']));
        let asked = if auto_delimiter && plain && headers.len() > 1 { Delimiter::Auto } else { chosen };
        let mut problems = Vec::new();
        let t = read_table("g.csv", &bytes, read_as, asked, &mut problems)
            .ok_or_else(|| TestCaseError::fail("no table"))?;
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!((t.encoding, t.delimiter), (expected, chosen));
        prop_assert_eq!(t.headers(), &headers[..]);
        prop_assert_eq!(t.header_line(), breaks(&blank(blanks[0])) + 1);
        prop_assert_eq!(t.len(), rows.len());
        for (i, r) in rows.iter().enumerate() {
            prop_assert_eq!(&t.row(i).collect::<Vec<_>>(), r);
            prop_assert_eq!(t.line(i), lines[i], "row {}", i);
        }
    }
}
