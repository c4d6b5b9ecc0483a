//! Bytes to text: a UTF-8 or UTF-16 byte order mark decides; without one, valid UTF-8 is
//! UTF-8 and anything else Windows-1252 (what Excel writes on Western European Windows), unless
//! the caller chose the encoding.
//!
//! Invariants: never fails and never panics: bytes that do not decode become U+FFFD and a
//! problem names the first line holding them; a UTF-8 byte order mark is never part of the
//! text.

use std::borrow::Cow;

use super::{Encoding, Problem};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of `bytes`, and the encoding used.
pub(crate) fn decode<'b>(
    file: &str,
    bytes: &'b [u8],
    encoding: Encoding,
    problems: &mut Vec<Problem>,
) -> (Cow<'b, str>, Encoding) {
    let utf16_bom = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    match encoding {
        Encoding::Auto if bytes.starts_with(UTF8_BOM) => {
            (utf8(file, bytes, problems), Encoding::Utf8)
        }
        Encoding::Auto if utf16_bom => (utf16(file, bytes, problems), Encoding::Utf16),
        Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
            Err(_) => (windows_1252(bytes), Encoding::Windows1252),
        },
        Encoding::Utf8 => (utf8(file, bytes, problems), Encoding::Utf8),
        Encoding::Utf16 => (utf16(file, bytes, problems), Encoding::Utf16),
        Encoding::Windows1252 => {
            if bytes.starts_with(UTF8_BOM) {
                problems.push(Problem::warning(
                    file,
                    Some(1),
                    "The file starts with a UTF-8 byte order mark but is read as Windows-1252: \
                     accented letters may come out wrong. Choose UTF-8 or automatic.",
                ));
            }
            (windows_1252(bytes), Encoding::Windows1252)
        }
    }
}

fn windows_1252(bytes: &[u8]) -> Cow<'_, str> {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
}

fn utf8<'b>(file: &str, bytes: &'b [u8], problems: &mut Vec<Problem>) -> Cow<'b, str> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Cow::Borrowed(s),
        Err(e) => {
            let before = body.get(..e.valid_up_to()).unwrap_or(&[]);
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            problems.push(Problem::error(
                file,
                Some(to_u32(line as u64)),
                "This line holds bytes that are not UTF-8: choose Windows-1252 as the \
                 encoding, or save the file as UTF-8.",
            ));
            String::from_utf8_lossy(body)
        }
    }
}

fn utf16<'b>(file: &str, bytes: &'b [u8], problems: &mut Vec<Problem>) -> Cow<'b, str> {
    let (text, had_errors) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
    let (text, had_errors) = if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE.decode_with_bom_removal(bytes)
    } else {
        (text, had_errors)
    };
    if had_errors {
        problems.push(Problem::error(
            file,
            None,
            "The file is not valid UTF-16: save it as UTF-8.",
        ));
    }
    text
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
