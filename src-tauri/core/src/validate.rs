//! A small accumulator for field-level validation: every check records its problem and the
//! caller gets all of them at once, so the form can mark every bad field in one round.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, FieldError};
use crate::text;

/// Length limits, in characters, shared by every record.
pub(crate) const NAME_MAX: usize = 100;
pub(crate) const SHORT_MAX: usize = 100;
pub(crate) const CODE_MAX: usize = 40;
pub(crate) const NOTE_MAX: usize = 10_000;
/// Deepest needle any device reaches; each device model has its own, narrower limit.
pub(crate) const MAX_DEPTH_UM: i64 = 3500;

/// Converts a depth in mm to whole micrometres, or says what is wrong with it.
pub(crate) fn depth_um(mm: f64) -> std::result::Result<i64, &'static str> {
    if !mm.is_finite() || mm <= 0.0 {
        return Err("Needle depth must be more than 0 mm.");
    }
    let hundredths = mm * 100.0;
    if (hundredths - hundredths.round()).abs() > 1e-6 {
        return Err("Needle depth can have at most two decimals (e.g. 0.25 mm).");
    }
    // Whole hundredths of a millimetre, so the conversion is exact.
    let um = hundredths.round() as i64 * 10;
    if um > MAX_DEPTH_UM {
        return Err("Needle depth can be at most 3.5 mm.");
    }
    Ok(um)
}

#[derive(Default)]
pub(crate) struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    pub fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Ok when nothing failed, else every problem found.
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }

    /// A required single-line value (a name): trimmed, NFC, 1..=max characters, printable.
    pub fn required_line(&mut self, field: &str, label: &str, value: &str, max: usize) -> String {
        let v = text::clean(value);
        if v.is_empty() {
            self.fail(field, format!("{label} is required."));
        } else {
            self.line_rules(field, label, &v, max);
        }
        v
    }

    /// An optional single-line value: empty becomes `None`.
    pub fn optional_line(
        &mut self,
        field: &str,
        label: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let v = text::clean(value.unwrap_or(""));
        if v.is_empty() {
            return None;
        }
        self.line_rules(field, label, &v, max);
        Some(v)
    }

    fn line_rules(&mut self, field: &str, label: &str, v: &str, max: usize) {
        if v.chars().count() > max {
            self.fail(field, format!("{label} can be at most {max} characters."));
        }
        if text::has_line_control(v) {
            self.fail(
                field,
                format!("{label} contains an invisible control character."),
            );
        }
    }

    /// Free text (notes): NFC, at most `NOTE_MAX` characters, newlines allowed.
    pub fn note(&mut self, field: &str, value: &str) -> String {
        let v = text::clean(value);
        if v.chars().count() > NOTE_MAX {
            self.fail(
                field,
                format!("Notes can be at most {NOTE_MAX} characters."),
            );
        }
        if text::has_note_control(&v) {
            self.fail(field, "Notes contain an invisible control character.");
        }
        v
    }

    /// A calendar date `YYYY-MM-DD` between 1900-01-01 and `latest` (if given).
    pub fn date(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        latest: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let Ok(d) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") else {
            self.fail(field, format!("{label} must be a real date (YYYY-MM-DD)."));
            return None;
        };
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
        if d < earliest {
            self.fail(field, format!("{label} cannot be before 1900."));
            return None;
        }
        if let Some(latest) = latest {
            if d > latest {
                self.fail(field, format!("{label} cannot be in the future."));
                return None;
            }
        }
        Some(d)
    }

    /// A required stable code (what exports and rules refer to): lowercase letters, digits
    /// and `_`, at most `CODE_MAX` characters.
    pub fn code(&mut self, field: &str, value: &str) -> String {
        let code = self.required_line(field, "Code", value, CODE_MAX);
        if !code
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        {
            self.fail(field, "Code may use only lowercase letters, digits and _.");
        }
        code
    }

    /// An optional date: empty or missing becomes `None`.
    pub fn optional_date(
        &mut self,
        field: &str,
        label: &str,
        value: Option<&str>,
        latest: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        match value.map(str::trim) {
            None | Some("") => None,
            Some(v) => self.date(field, label, v, latest),
        }
    }

    /// An instant in RFC 3339 with an offset (`2026-11-20T09:30:00+01:00`), stored as UTC.
    pub fn instant(&mut self, field: &str, label: &str, value: &str) -> Option<DateTime<Utc>> {
        match DateTime::parse_from_rfc3339(value.trim()) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(_) => {
                self.fail(field, format!("{label} must be a date and time."));
                None
            }
        }
    }

    /// An integer within `lo..=hi` when given.
    pub fn int_range(&mut self, field: &str, label: &str, value: Option<i32>, lo: i32, hi: i32) {
        if let Some(v) = value {
            if v < lo || v > hi {
                self.fail(field, format!("{label} must be between {lo} and {hi}."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_exact_in_micrometres_on_both_sides_of_each_bound() {
        assert_eq!(depth_um(0.25), Ok(250));
        assert_eq!(depth_um(0.1), Ok(100));
        assert_eq!(depth_um(0.01), Ok(10), "smallest step");
        assert_eq!(depth_um(3.5), Ok(3500), "upper bound is allowed");
        assert!(depth_um(3.51).is_err(), "just above the upper bound");
        assert!(depth_um(0.0).is_err(), "zero is no needling");
        assert!(depth_um(-0.5).is_err());
        assert!(depth_um(0.255).is_err(), "three decimals");
        assert!(depth_um(f64::NAN).is_err());
        assert!(depth_um(f64::INFINITY).is_err());
    }

    #[test]
    fn dates_must_be_real_calendar_days() {
        let mut c = Check::default();
        assert!(
            c.date("d", "Date", "2024-02-29", None).is_some(),
            "2024 is a leap year"
        );
        assert!(
            c.date("d", "Date", "2023-02-29", None).is_none(),
            "2023 is not"
        );
        assert!(c.date("d", "Date", "2023-13-01", None).is_none());
        assert!(c.date("d", "Date", "1899-12-31", None).is_none());
        let Err(Error::Invalid(errs)) = c.finish() else {
            panic!("three dates were bad")
        };
        assert_eq!(errs.len(), 3);
    }

    #[test]
    fn lines_are_trimmed_normalised_and_bounded() {
        let mut c = Check::default();
        assert_eq!(c.required_line("n", "Name", "  Jose\u{301} ", 100), "José");
        c.required_line("n", "Name", &"x".repeat(101), 100);
        c.required_line("n", "Name", "   ", 100);
        let Err(Error::Invalid(errs)) = c.finish() else {
            panic!("two names were bad")
        };
        assert_eq!(
            errs.iter().map(|e| e.message.as_str()).collect::<Vec<_>>(),
            ["Name can be at most 100 characters.", "Name is required."]
        );
    }
}
