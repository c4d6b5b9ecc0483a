//! Dates and times as clinics write them: ISO `YYYY-MM-DD`, `DD.MM.YYYY`, and slash dates
//! `DD/MM/YYYY` or `MM/DD/YYYY`; times `HH:MM` (with am/pm); RFC 3339 timestamps.
//!
//! Invariants: pure functions that never panic; slash dates are read only in a known order:
//! [`file_date_order`] tells it from the file (a date such as `31/01/2024` reads one way
//! only) or reports that it cannot, instead of guessing; two-digit years are refused.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

use super::columns::Field;
use super::headers::Columns;
use super::{DateOrder, Table};

/// How a slash date tells its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// Not a slash date, or the same either way (`04/04/2024`).
    Neutral,
    /// Only day-first makes sense (`31/01/2024`).
    DayFirst,
    /// Only month-first makes sense (`01/31/2024`).
    MonthFirst,
    /// Both make sense and differ (`03/04/2024`).
    Ambiguous,
}

enum Shape {
    /// `YYYY-MM-DD` (also with `/` or `.`).
    Ymd(i32, u32, u32),
    /// `DD.MM.YYYY`.
    Dotted(u32, u32, i32),
    /// `A/B/YYYY` or `A-B-YYYY`.
    Slashed(u32, u32, i32),
    TwoDigitYear,
    Bad,
}

fn shape(s: &str) -> Shape {
    let s = s.trim();
    let Some(sep) = s.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return Shape::Bad;
    };
    let mut parts = s.split(sep);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Shape::Bad;
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(a) && digits(b) && digits(c)) {
        return Shape::Bad;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        return Shape::Ymd(n(a) as i32, n(b), n(c));
    }
    if a.len() > 2 || b.len() > 2 {
        return Shape::Bad;
    }
    match (c.len(), sep) {
        (4, '.') => Shape::Dotted(n(a), n(b), n(c) as i32),
        (4, _) => Shape::Slashed(n(a), n(b), n(c) as i32),
        (2, _) => Shape::TwoDigitYear,
        _ => Shape::Bad,
    }
}

/// What a date cell says about the day/month order.
pub(crate) fn evidence(s: &str) -> Evidence {
    match shape(date_part(s)) {
        Shape::Slashed(a, b, _) if a > 12 && (1..=12).contains(&b) => Evidence::DayFirst,
        Shape::Slashed(a, b, _) if b > 12 && (1..=12).contains(&a) => Evidence::MonthFirst,
        Shape::Slashed(a, b, _) if a != b && (1..=12).contains(&a) && (1..=12).contains(&b) => {
            Evidence::Ambiguous
        }
        _ => Evidence::Neutral,
    }
}

/// A calendar date in any accepted format; slash dates in `order` (`Unset` reads them day
/// first: callers only pass it after reporting the file's order as unknown).
pub(crate) fn parse_date(s: &str, order: DateOrder) -> Result<NaiveDate, &'static str> {
    let (y, m, d) = match shape(s) {
        Shape::Ymd(y, m, d) => (y, m, d),
        Shape::Dotted(d, m, y) => (y, m, d),
        Shape::Slashed(a, b, y) => match order {
            DateOrder::MonthFirst => (y, a, b),
            DateOrder::DayFirst | DateOrder::Unset => (y, b, a),
        },
        Shape::TwoDigitYear => return Err("Write the year with four digits."),
        Shape::Bad => {
            return Err("Not a date: use YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY.")
        }
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(match order {
        DateOrder::MonthFirst => "Not a real date (read month first, as chosen for this file).",
        _ => "Not a real date.",
    })
}

/// The date part of a date-and-time cell (`2024-03-04 09:30` → `2024-03-04`).
pub(crate) fn date_part(s: &str) -> &str {
    let s = s.trim();
    match s.find([' ', 'T']) {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// The time part of a date-and-time cell, if any.
pub(crate) fn time_part(s: &str) -> Option<&str> {
    let s = s.trim();
    s.find([' ', 'T'])
        .and_then(|i| s.get(i + 1..))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A full timestamp with its own offset (`2024-03-04T09:30:00+01:00`).
pub(crate) fn instant(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%#z"))
        .ok()
}

/// A time of day: `9:30`, `09:30:15`, `9.30`, optionally followed by am/pm.
pub(crate) fn parse_time(s: &str) -> Result<NaiveTime, &'static str> {
    const BAD: &str = "Not a time: use HH:MM.";
    let lower = s.trim().to_ascii_lowercase();
    let (body, pm) = if let Some(b) = lower.strip_suffix("pm").or(lower.strip_suffix("p.m.")) {
        (b.trim(), Some(true))
    } else if let Some(b) = lower.strip_suffix("am").or(lower.strip_suffix("a.m.")) {
        (b.trim(), Some(false))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = [0u32; 3];
    let mut count = 0;
    for p in body.split([':', '.']) {
        if count == 3 || !(1..=2).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BAD);
        }
        parts[count] = p.parse().map_err(|_| BAD)?;
        count += 1;
    }
    if count < 2 {
        return Err(BAD);
    }
    let n = |i: usize| parts[i];
    let mut h = n(0);
    match pm {
        Some(_) if !(1..=12).contains(&h) => return Err(BAD),
        Some(true) if h != 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, n(1), n(2)).ok_or(BAD)
}

/// The date order of one file, and a problem when it is needed but cannot be told: the
/// chosen order if any; otherwise the one order the file's slash dates allow. Returns (order
/// to report, order to read with, problem as (line, field, message)).
pub(crate) fn file_date_order(
    table: &Table,
    cols: &Columns,
    fields: &[Field],
    chosen: DateOrder,
) -> (DateOrder, DateOrder, Option<(u32, Field, String)>) {
    if chosen != DateOrder::Unset {
        return (chosen, chosen, None);
    }
    let mut day: Option<(u32, Field)> = None;
    let mut month: Option<(u32, Field)> = None;
    let mut ambiguous: Option<(u32, Field, &str)> = None;
    let mut ambiguous_count = 0u32;
    for row in 0..table.len() {
        for f in fields {
            let Some(c) = cols.index(*f) else { continue };
            let v = table.cell(row, c);
            match evidence(v) {
                Evidence::DayFirst if day.is_none() => day = Some((table.line(row), *f)),
                Evidence::MonthFirst if month.is_none() => month = Some((table.line(row), *f)),
                Evidence::Ambiguous => {
                    ambiguous_count += 1;
                    if ambiguous.is_none() {
                        ambiguous = Some((table.line(row), *f, v.trim()));
                    }
                }
                _ => {}
            }
        }
    }
    match (day, month, ambiguous) {
        (Some(_), Some((line, f)), _) => {
            let first = day.map_or(0, |d| d.0);
            (
                DateOrder::Unset,
                DateOrder::DayFirst,
                Some((
                    line,
                    f,
                    format!(
                        "This date only makes sense month first, but the date on line {first} \
                         only day first: the file mixes both orders. Correct the dates."
                    ),
                )),
            )
        }
        (Some(_), None, _) => (DateOrder::DayFirst, DateOrder::DayFirst, None),
        (None, Some(_), _) => (DateOrder::MonthFirst, DateOrder::MonthFirst, None),
        (None, None, Some((line, f, v))) => {
            let shown = if f == Field::DateOfBirth {
                "This date"
            } else {
                v
            };
            let shown = if shown.chars().count() > 20 {
                "This date"
            } else {
                shown
            };
            (
                DateOrder::Unset,
                DateOrder::DayFirst,
                Some((
                    line,
                    f,
                    format!(
                        "{shown} can be read day first or month first, and no date in the file \
                         tells which ({ambiguous_count} such dates): choose the date order \
                         (DD/MM/YYYY or MM/DD/YYYY) for this file."
                    ),
                )),
            )
        }
        (None, None, None) => (DateOrder::Unset, DateOrder::DayFirst, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid")
    }

    #[test]
    fn every_date_format_reads_in_its_order() {
        assert_eq!(
            parse_date("2024-04-03", DateOrder::Unset),
            Ok(d(2024, 4, 3))
        );
        assert_eq!(
            parse_date("03.04.2024", DateOrder::MonthFirst),
            Ok(d(2024, 4, 3))
        );
        assert_eq!(
            parse_date("03/04/2024", DateOrder::DayFirst),
            Ok(d(2024, 4, 3))
        );
        assert_eq!(
            parse_date("03/04/2024", DateOrder::MonthFirst),
            Ok(d(2024, 3, 4))
        );
        assert_eq!(
            parse_date(" 3/4/2024 ", DateOrder::MonthFirst),
            Ok(d(2024, 3, 4))
        );
        assert!(parse_date("31/01/2024", DateOrder::MonthFirst).is_err());
        assert!(parse_date("03/04/24", DateOrder::DayFirst).is_err());
        assert!(parse_date("2023-02-29", DateOrder::Unset).is_err());
        assert!(parse_date("", DateOrder::Unset).is_err());
    }

    #[test]
    fn slash_dates_tell_their_order_only_when_a_part_exceeds_12() {
        assert_eq!(evidence("31/01/2024"), Evidence::DayFirst);
        assert_eq!(evidence("01/31/2024 09:00"), Evidence::MonthFirst);
        assert_eq!(evidence("03/04/2024"), Evidence::Ambiguous);
        assert_eq!(evidence("04/04/2024"), Evidence::Neutral);
        assert_eq!(
            evidence("03.04.2024"),
            Evidence::Neutral,
            "dots are day first"
        );
    }

    #[test]
    fn times_with_and_without_am_pm() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("t");
        assert_eq!(parse_time("9:05"), Ok(t(9, 5)));
        assert_eq!(parse_time("12:30 am"), Ok(t(0, 30)));
        assert_eq!(parse_time("1.15pm"), Ok(t(13, 15)));
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("13:00 pm").is_err());
    }

    proptest! {
        /// Any date from 1900 to 2100, written in each format, reads back as the same day in
        /// the order that format is written in.
        #[test]
        fn dates_round_trip_in_every_format(days in 0i64..73_000, format in 0usize..4) {
            let day = d(1900, 1, 1) + chrono::Duration::days(days);
            let (text, order) = match format {
                0 => (day.format("%Y-%m-%d").to_string(), DateOrder::Unset),
                1 => (day.format("%d.%m.%Y").to_string(), DateOrder::Unset),
                2 => (day.format("%d/%m/%Y").to_string(), DateOrder::DayFirst),
                _ => (day.format("%m/%d/%Y").to_string(), DateOrder::MonthFirst),
            };
            prop_assert_eq!(parse_date(&text, order), Ok(day));
            let ev = evidence(&text);
            if format >= 2 && ev != Evidence::Neutral && ev != Evidence::Ambiguous {
                let told = if ev == Evidence::DayFirst { 2 } else { 3 };
                prop_assert_eq!(told, format, "the evidence matches the order written");
            }
        }

        #[test]
        fn date_parsers_never_panic(s in "\\PC{0,24}") {
            let _ = (parse_date(&s, DateOrder::Unset), parse_date(&s, DateOrder::MonthFirst));
            let _ = (evidence(&s), parse_time(&s), instant(&s), date_part(&s), time_part(&s));
        }
    }
}
