//! Words a patient reads for the stored codes. The stored codes (`as_str`) are for machines
//! and stay in the FHIR file; these are for the printed summary and may be reworded freely.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::patients::SexAtBirth;
use crate::sessions::{DeviceKind, NeedlePattern, ProductRole, SessionStatus, TimePoint};
use crate::signing::{AddendumKind, Meaning};

pub(super) fn device_kind(k: DeviceKind) -> &'static str {
    match k {
        DeviceKind::DermaPen => "Microneedling pen",
        DeviceKind::DermaRoller => "Derma roller",
        DeviceKind::Stamp => "Derma stamp",
        DeviceKind::RfMicroneedling => "Radio-frequency microneedling",
    }
}

pub(super) fn pattern(p: NeedlePattern) -> &'static str {
    match p {
        NeedlePattern::Vertical => "Vertical",
        NeedlePattern::Horizontal => "Horizontal",
        NeedlePattern::Diagonal => "Diagonal",
        NeedlePattern::Crosshatch => "Crosshatch",
    }
}

pub(super) fn role(r: ProductRole) -> &'static str {
    match r {
        ProductRole::Glide => "Glide",
        ProductRole::Serum => "Serum",
        ProductRole::PostCare => "Post-care",
        ProductRole::Anaesthetic => "Anaesthetic",
    }
}

pub(super) fn time_point(t: TimePoint) -> &'static str {
    match t {
        TimePoint::Immediate => "during or right after treatment",
        TimePoint::H24 => "after 24 hours",
        TimePoint::H72 => "after 72 hours",
        TimePoint::Day7 => "after 7 days",
        TimePoint::NextVisit => "at the next visit",
    }
}

pub(super) fn status(s: SessionStatus) -> &'static str {
    match s {
        SessionStatus::Signed => "Signed",
        SessionStatus::Draft => "Draft (not signed)",
    }
}

pub(super) fn sex(s: SexAtBirth) -> &'static str {
    match s {
        SexAtBirth::Female => "Female",
        SexAtBirth::Male => "Male",
        SexAtBirth::Intersex => "Intersex",
        SexAtBirth::Unknown => "Not recorded",
    }
}

pub(super) fn meaning(m: Meaning) -> &'static str {
    match m {
        Meaning::Author => "Treating clinician",
        Meaning::Review => "Review",
        Meaning::Cosign => "Co-signature",
    }
}

pub(super) fn addendum_kind(k: AddendumKind) -> &'static str {
    match k {
        AddendumKind::Correction => "Correction",
        AddendumKind::FollowUp => "Follow-up",
        AddendumKind::Comment => "Comment",
    }
}

/// Fitzpatrick types are conventionally written in Roman numerals.
pub(super) fn fitzpatrick(t: i32) -> String {
    const ROMAN: [&str; 6] = ["I", "II", "III", "IV", "V", "VI"];
    let numeral = usize::try_from(t)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| ROMAN.get(i));
    match numeral {
        Some(r) => format!("Type {r}"),
        None => format!("Type {t}"),
    }
}

/// A depth as the device shows it: "0.75 mm", "1.5 mm", "1.0 mm".
pub(super) fn depth_mm(mm: f64) -> String {
    let mut s = format!("{mm:.2}");
    if s.ends_with('0') {
        s.pop();
    }
    format!("{s} mm")
}

/// "14 Mar 2024": the month as a word, so no reader mistakes day for month.
pub(super) fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The clinic's wall clock for display. Core does not know the clinic's time zone, so the
/// caller passes one offset and every time printed names it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Clock {
    offset: FixedOffset,
}

impl Clock {
    /// `None` outside ±18 hours, the widest offset any clock is set to.
    pub(super) fn new(utc_offset_minutes: i32) -> Option<Clock> {
        if utc_offset_minutes.unsigned_abs() > 18 * 60 {
            return None;
        }
        FixedOffset::east_opt(utc_offset_minutes * 60).map(|offset| Clock { offset })
    }

    /// "UTC+01:00", "UTC-03:30", "UTC".
    pub(super) fn zone(&self) -> String {
        let secs = self.offset.local_minus_utc();
        if secs == 0 {
            return "UTC".into();
        }
        let sign = if secs < 0 { '-' } else { '+' };
        let m = secs.unsigned_abs() / 60;
        format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
    }

    pub(super) fn day(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.offset).date_naive()
    }

    /// "14 Mar 2024, 10:30 (UTC+01:00)".
    pub(super) fn at(&self, t: DateTime<Utc>) -> String {
        format!("{} ({})", self.local(t), self.zone())
    }

    /// "14 Mar 2024, 10:30–11:10 (UTC+01:00)"; the end's date is repeated only when it
    /// falls on another day.
    pub(super) fn span(&self, start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> String {
        match end {
            None => self.at(start),
            Some(end) if self.day(end) == self.day(start) => format!(
                "{}–{} ({})",
                self.local(start),
                end.with_timezone(&self.offset).format("%H:%M"),
                self.zone()
            ),
            Some(end) => format!(
                "{} – {} ({})",
                self.local(start),
                self.local(end),
                self.zone()
            ),
        }
    }

    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.offset)
            .format("%-d %b %Y, %H:%M")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 3, 14, h, m, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn times_carry_the_offset_they_are_shown_in() {
        let c = Clock::new(60).expect("valid");
        assert_eq!(c.at(at(9, 30)), "14 Mar 2024, 10:30 (UTC+01:00)");
        assert_eq!(
            c.span(at(9, 30), Some(at(10, 10))),
            "14 Mar 2024, 10:30–11:10 (UTC+01:00)"
        );
        assert_eq!(
            c.span(at(22, 50), Some(at(23, 10))),
            "14 Mar 2024, 23:50 – 15 Mar 2024, 00:10 (UTC+01:00)"
        );
        assert_eq!(Clock::new(-210).expect("valid").zone(), "UTC-03:30");
        assert_eq!(Clock::new(0).expect("valid").zone(), "UTC");
        assert!(Clock::new(19 * 60).is_none());
        assert!(Clock::new(i32::MIN).is_none());
    }

    #[test]
    fn depths_and_skin_types_read_as_written_by_hand() {
        assert_eq!(depth_mm(0.75), "0.75 mm");
        assert_eq!(depth_mm(1.5), "1.5 mm");
        assert_eq!(depth_mm(1.0), "1.0 mm");
        assert_eq!(fitzpatrick(4), "Type IV");
        assert_eq!(fitzpatrick(0), "Type 0");
        assert_eq!(fitzpatrick(7), "Type 7");
    }
}
