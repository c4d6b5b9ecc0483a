//! Cell values as clinics write them: decimal commas, whole numbers, yes/no, lists, and the
//! words used for sex, skin type, devices, patterns and time points.
//!
//! Invariants: pure functions that never panic; an error is a sentence about the value
//! without repeating it (cells may hold personal data).

use crate::patients::SexAtBirth;
use crate::sessions::{DeviceKind, NeedlePattern, TimePoint};

/// The matching key of a header or name: lowercase letters and digits only, so `Cheek,
/// left`, `cheek_left` and `CHEEK LEFT` are the same.
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    key_into(s, &mut out);
    out
}

/// [`key`] into a reused buffer.
pub(crate) fn key_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        out.extend(c.to_lowercase());
    }
}

/// A decimal with a point or a comma, optionally followed by `mm`.
pub(crate) fn parse_decimal(s: &str) -> Result<f64, &'static str> {
    const BAD: &str = "Not a number: write it like 0.5 or 0,5.";
    let t = s.trim();
    let t = t
        .strip_suffix("mm")
        .or_else(|| t.strip_suffix("MM"))
        .unwrap_or(t)
        .trim();
    if t.contains(',') && t.contains('.') {
        return Err(BAD);
    }
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+'))
    {
        return Err(BAD);
    }
    let v: f64 = if t.contains(',') {
        t.replace(',', ".").parse()
    } else {
        t.parse()
    }
    .map_err(|_| BAD)?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(BAD)
    }
}

/// A whole number (`3`, or `3.0` as spreadsheets sometimes write it).
pub(crate) fn parse_int(s: &str) -> Result<i32, &'static str> {
    const BAD: &str = "Not a whole number.";
    let t = s.trim();
    if let Ok(v) = t.parse::<i32>() {
        return Ok(v);
    }
    let v = parse_decimal(t).map_err(|_| BAD)?;
    if v.fract() == 0.0 && v.abs() <= f64::from(i32::MAX) {
        Ok(v as i32)
    } else {
        Err(BAD)
    }
}

/// The [`key`] of a short word without allocating when it is already plain lowercase ASCII
/// (the usual case), else allocated.
fn word(s: &str) -> std::borrow::Cow<'_, str> {
    let s = s.trim();
    if s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(key(s))
    }
}

/// yes / no in a few languages; blank is no.
pub(crate) fn parse_bool(s: &str) -> Result<bool, &'static str> {
    match &*word(s) {
        "yes" | "y" | "true" | "1" | "x" | "ja" | "j" | "oui" | "si" | "sí" => Ok(true),
        "no" | "n" | "false" | "0" | "nein" | "non" | "" => Ok(false),
        _ => Err("Write yes or no."),
    }
}

/// Sex at birth; blank is "not recorded".
pub(crate) fn sex(s: &str) -> Result<SexAtBirth, &'static str> {
    match &*word(s) {
        "female" | "f" | "woman" | "w" => Ok(SexAtBirth::Female),
        "male" | "m" | "man" => Ok(SexAtBirth::Male),
        "intersex" | "x" | "i" => Ok(SexAtBirth::Intersex),
        "unknown" | "u" | "notrecorded" | "" => Ok(SexAtBirth::Unknown),
        _ => Err("Write female, male, intersex or unknown."),
    }
}

/// Fitzpatrick type: `4`, `IV`, `Type IV`.
pub(crate) fn fitzpatrick(s: &str) -> Result<i32, &'static str> {
    let k = key(s);
    let k = k
        .strip_prefix("fitzpatrick")
        .unwrap_or(&k)
        .trim_start_matches("type");
    let v = match k {
        "1" | "i" => 1,
        "2" | "ii" => 2,
        "3" | "iii" => 3,
        "4" | "iv" => 4,
        "5" | "v" => 5,
        "6" | "vi" => 6,
        _ => return Err("Fitzpatrick type must be 1 to 6 (or I to VI)."),
    };
    Ok(v)
}

/// The device kind.
pub(crate) fn device_kind(s: &str) -> Result<DeviceKind, &'static str> {
    match &*word(s) {
        "dermapen" | "pen" | "microneedlingpen" | "motorisedpen" | "motorizedpen" => {
            Ok(DeviceKind::DermaPen)
        }
        "dermaroller" | "roller" => Ok(DeviceKind::DermaRoller),
        "stamp" | "dermastamp" => Ok(DeviceKind::Stamp),
        "rfmicroneedling" | "rf" | "radiofrequency" | "radiofrequencymicroneedling" => {
            Ok(DeviceKind::RfMicroneedling)
        }
        _ => Err("Write pen, roller, stamp or rf."),
    }
}

/// The needling pattern.
pub(crate) fn pattern(s: &str) -> Result<NeedlePattern, &'static str> {
    match &*word(s) {
        "vertical" => Ok(NeedlePattern::Vertical),
        "horizontal" => Ok(NeedlePattern::Horizontal),
        "diagonal" => Ok(NeedlePattern::Diagonal),
        "crosshatch" | "crosshatched" | "cross" => Ok(NeedlePattern::Crosshatch),
        _ => Err("Write vertical, horizontal, diagonal or crosshatch."),
    }
}

/// When a reaction was seen; blank is immediate.
pub(crate) fn time_point(s: &str) -> Result<TimePoint, &'static str> {
    match &*word(s) {
        "" | "immediate" | "immediately" | "0h" => Ok(TimePoint::Immediate),
        "h24" | "24h" | "24" | "24hours" => Ok(TimePoint::H24),
        "h72" | "72h" | "72" | "72hours" => Ok(TimePoint::H72),
        "day7" | "d7" | "7d" | "7days" | "week1" => Ok(TimePoint::Day7),
        "nextvisit" | "nextsession" | "followup" => Ok(TimePoint::NextVisit),
        _ => Err("Write immediate, 24h, 72h, day 7 or next visit."),
    }
}

/// The items of a list cell (`acne_scars | fine lines`).
pub(crate) fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['|', ';', ','])
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    #[test]
    fn decimals_numbers_and_words() {
        assert_eq!(parse_decimal("0,5"), Ok(0.5));
        assert_eq!(parse_decimal(" 1.25 mm"), Ok(1.25));
        assert!(parse_decimal("1.000,5").is_err());
        assert!(parse_decimal("NaN").is_err());
        assert_eq!(parse_int("3.0"), Ok(3));
        assert!(parse_int("2.5").is_err());
        assert_eq!(fitzpatrick("Type IV"), Ok(4));
        assert_eq!(device_kind("Derma-Pen"), Ok(DeviceKind::DermaPen));
        assert_eq!(time_point("Day 7"), Ok(TimePoint::Day7));
        assert_eq!(list("a | b;;c").collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    proptest! {
        /// Every depth a clinic can write (hundredths of a millimetre, point or comma) reads
        /// back as the same number.
        #[test]
        fn decimals_round_trip(hundredths in 1u32..=350, comma: bool) {
            let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
            let text = if comma { text.replace('.', ",") } else { text };
            let v = parse_decimal(&text).map_err(TestCaseError::fail)?;
            prop_assert!((v - f64::from(hundredths) / 100.0).abs() < 1e-9);
        }

        #[test]
        fn value_parsers_never_panic(s in "\\PC{0,12}") {
            let _ = (parse_decimal(&s), parse_int(&s), parse_bool(&s), sex(&s), fitzpatrick(&s));
            let _ = (device_kind(&s), pattern(&s), time_point(&s), list(&s).count(), key(&s));
        }
    }
}
