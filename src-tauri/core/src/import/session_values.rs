//! The values given once per session (patient, date, times, clinician, pain…): taken from
//! the first of the session's rows that gives each, and the session's start in UTC.
//!
//! Invariants: a later row of the session that gives a value gives the same one (else a
//! problem on that row); a session without a time starts at 12:00 clinic time, so its UTC
//! date is its clinic date in every zone within ±12 h; a wall-clock time the clocks skip is
//! a problem, one they repeat takes the earlier instant.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::columns::Field;
use super::dates::{date_part, instant, parse_date, parse_time, time_part};
use super::headers::Columns;
use super::problem::FileProblems;
use super::sessions::Reading;
use super::Table;

/// The values given once per session, in this order.
pub(crate) const SESSION_FIELDS: [Field; 13] = [
    Field::PatientExternalId,
    Field::Date,
    Field::StartTime,
    Field::EndTime,
    Field::Clinician,
    Field::Indications,
    Field::NumbingProduct,
    Field::NumbingMinutes,
    Field::SkinPrep,
    Field::PainScore,
    Field::SessionNotes,
    Field::AftercareGiven,
    Field::NextSessionOn,
];

/// A session's values, each from the first of its rows that gives it, with that row's line.
pub(crate) struct SessionValues<'t> {
    value: [&'t str; 13],
    line: [u32; 13],
}

impl<'t> SessionValues<'t> {
    fn at(f: Field) -> usize {
        SESSION_FIELDS.iter().position(|x| *x == f).unwrap_or(0)
    }
    pub fn get(&self, f: Field) -> &'t str {
        self.value[Self::at(f)]
    }
    pub fn line(&self, f: Field) -> u32 {
        self.line[Self::at(f)]
    }
}

pub(crate) fn session_values<'t>(
    t: &'t Table,
    cols: &Columns,
    members: &[usize],
    p: &mut FileProblems<'_>,
) -> SessionValues<'t> {
    let first_line = members.first().map_or(0, |m| t.line(*m));
    let mut sv = SessionValues {
        value: [""; 13],
        line: [first_line; 13],
    };
    for (i, f) in SESSION_FIELDS.iter().enumerate() {
        for &m in members {
            let v = cols.get(t, m, *f);
            if v.is_empty() {
                continue;
            }
            if sv.value[i].is_empty() {
                sv.value[i] = v;
                sv.line[i] = t.line(m);
            } else if sv.value[i] != v {
                p.cell(
                    t.line(m),
                    *f,
                    format!(
                        "This differs from line {} of the same session: give a session's \
                         values once, or the same on each of its rows.",
                        sv.line[i]
                    ),
                );
            }
        }
    }
    sv
}

/// The session's start: a timestamp with its offset, or a date (and time, else 12:00) in
/// the clinic's zone.
pub(crate) fn start(
    sv: &SessionValues<'_>,
    reading: Reading,
    p: &mut FileProblems<'_>,
) -> Option<(DateTime<Utc>, NaiveDate)> {
    let (date, time) = (sv.get(Field::Date), sv.get(Field::StartTime));
    let (dl, tl) = (sv.line(Field::Date), sv.line(Field::StartTime));
    if date.is_empty() {
        p.cell(dl, Field::Date, "The session date is required.");
        return None;
    }
    if let Some(at) = instant(date) {
        if !time.is_empty() {
            p.cell(
                tl,
                Field::StartTime,
                "The date already holds the time and its offset.",
            );
        }
        return Some((at.with_timezone(&Utc), at.date_naive()));
    }
    let day = parse_date(date_part(date), reading.order)
        .map_err(|m| p.cell(dl, Field::Date, m))
        .ok()?;
    let clock = match (time_part(date), time) {
        (Some(_), t) if !t.is_empty() => {
            p.cell(tl, Field::StartTime, "The date already holds a time.");
            return None;
        }
        (Some(t), _) => parse_time(t).map_err(|m| p.cell(dl, Field::Date, m)).ok()?,
        (None, "") => NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
        (None, t) => parse_time(t)
            .map_err(|m| p.cell(tl, Field::StartTime, m))
            .ok()?,
    };
    match to_utc(day.and_time(clock), reading.utc_offset_minutes) {
        Some(at) => Some((at, day)),
        None => {
            p.cell(
                tl,
                Field::StartTime,
                "This time does not exist in the clinic's time zone (the clocks went forward).",
            );
            None
        }
    }
}

/// A clinic wall-clock time as UTC (the earlier one when the clocks go back).
pub(crate) fn to_utc(local: NaiveDateTime, offset_minutes: Option<i32>) -> Option<DateTime<Utc>> {
    match offset_minutes {
        Some(m) => chrono::FixedOffset::east_opt(m.checked_mul(60)?)?
            .from_local_datetime(&local)
            .single()
            .map(|t| t.with_timezone(&Utc)),
        None => Local
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
    }
}
