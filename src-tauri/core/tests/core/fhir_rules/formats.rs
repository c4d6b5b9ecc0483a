//! FHIR R4 primitive formats the validator checks: `date`, `dateTime`, `instant`, and the
//! lowercase UUIDs this export uses as ids.

use serde_json::Value;

/// Which primitive a value must be.
#[derive(Clone, Copy)]
pub(super) enum Format {
    /// `date`.
    Date,
    /// `dateTime`.
    DateTime,
    /// `instant`.
    Instant,
}

pub(super) fn check_format(p: &mut Vec<String>, at: &str, v: &Value, f: Format) {
    let ok = v.as_str().is_some_and(|s| match f {
        Format::Date => is_date(s),
        Format::DateTime => is_date(s) || is_instant(s),
        Format::Instant => is_instant(s),
    });
    if !ok {
        let kind = match f {
            Format::Date => "date",
            Format::DateTime => "dateTime",
            Format::Instant => "instant",
        };
        p.push(format!("{at} {v} is not a FHIR {kind}"));
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real date, year not 0000.
fn is_date(s: &str) -> bool {
    let digits = |r: std::ops::Range<usize>| {
        s.get(r)
            .is_some_and(|x| x.bytes().all(|b| b.is_ascii_digit()))
    };
    match s.len() {
        4 => digits(0..4) && s != "0000",
        7 => digits(0..4) && &s[4..5] == "-" && digits(5..7) && is_date(&format!("{s}-01")),
        10 => {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
                && digits(0..4)
                && !s.starts_with("0000")
        }
        _ => false,
    }
}

/// `YYYY-MM-DDThh:mm:ss[.f]` with `Z` or `±hh:mm`.
fn is_instant(s: &str) -> bool {
    if !s.is_ascii() {
        return false;
    }
    let tz_ok = s.ends_with('Z')
        || s.len() > 6
            && matches!(&s[s.len() - 6..s.len() - 5], "+" | "-")
            && &s[s.len() - 3..s.len() - 2] == ":";
    s.len() >= 20
        && is_date(&s[..10])
        && &s[10..11] == "T"
        && s.as_bytes()[13] == b':'
        && s.as_bytes()[16] == b':'
        && tz_ok
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// A lowercase UUID, as FHIR ids of this export are.
pub(super) fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok() && s == s.to_lowercase()
}
