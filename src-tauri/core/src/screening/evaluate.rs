//! Evaluating rules. `counts` is the whole timing logic, pure and tested on both sides of
//! each boundary; `screen` applies every active rule to a session form.

use chrono::{Days, Months, NaiveDate};
use rusqlite::Connection;
use uuid::Uuid;

use super::{Evidence, Rule, Timing, WindowUnit};
use crate::error::Result;
use crate::medical::{self, HistoryEntry, HistoryKind};
use crate::reference::ReferenceData;
use crate::sessions::SessionInput;

/// One rule's verdict on one session: flagged when `evidence` is not empty.
pub(crate) struct Outcome<'a> {
    pub rule: &'a Rule,
    pub evidence: Vec<Evidence>,
    pub message: String,
}

impl Outcome<'_> {
    pub fn flagged(&self) -> bool {
        !self.evidence.is_empty()
    }
}

/// The day before which an entry must have ended to be out of the window: the session day
/// minus the window, with month ends clamped (31 August minus 6 months is 28/29 February).
pub(crate) fn window_start(day: NaiveDate, count: i32, unit: WindowUnit) -> Option<NaiveDate> {
    let n = u32::try_from(count).ok()?;
    match unit {
        WindowUnit::Days => day.checked_sub_days(Days::new(u64::from(n))),
        WindowUnit::Weeks => day.checked_sub_days(Days::new(u64::from(n) * 7)),
        WindowUnit::Months => day.checked_sub_months(Months::new(n)),
    }
}

/// Whether `entry` counts for `rule` on `day` (areas and indications aside).
pub(crate) fn counts_on(rule: &Rule, entry: &HistoryEntry, day: NaiveDate) -> bool {
    if entry.kind != rule.reads || !rule.terms.contains(&entry.term_code) {
        return false;
    }
    if entry.started_on.is_some_and(|s| s > day) {
        return false;
    }
    // A treatment happens on its date; other entries last until they end.
    let end = match entry.kind {
        HistoryKind::Treatment => entry.ended_on.or(entry.started_on),
        _ => entry.ended_on,
    };
    let ongoing = match entry.kind {
        HistoryKind::Treatment => end.is_some_and(|e| e >= day),
        _ => end.is_none_or(|e| e >= day),
    };
    match rule.timing {
        Timing::Ever => true,
        Timing::Current => ongoing,
        Timing::Within => {
            let (Some(count), Some(unit)) = (rule.window_count, rule.window_unit) else {
                return ongoing;
            };
            ongoing
                || match (end, window_start(day, count, unit)) {
                    (Some(e), Some(start)) => e > start,
                    // No end date recorded: it may still be going on.
                    (None, _) => true,
                    (Some(_), None) => false,
                }
        }
    }
}

/// Every active rule over the form, as of the session's calendar day.
pub(crate) fn screen<'a>(
    conn: &Connection,
    input: &SessionInput,
    reference: &'a ReferenceData,
    day: NaiveDate,
) -> Result<Vec<Outcome<'a>>> {
    let entries = medical::active_entries(conn, input.patient_id)?;
    let treated: Vec<Uuid> = input.areas.iter().filter_map(|a| a.area_id).collect();
    let mut out = Vec::new();
    for rule in reference.rules.iter().filter(|r| r.active) {
        let applies = rule.indications.is_empty()
            || rule
                .indications
                .iter()
                .any(|i| input.indications.contains(i));
        let seen: Vec<&HistoryEntry> = if applies {
            entries
                .iter()
                .filter(|e| counts_on(rule, e, day))
                .filter(|e| match (rule.in_area, e.area_id) {
                    (true, Some(at)) => treated.iter().any(|t| reference.areas_overlap(*t, at)),
                    _ => true,
                })
                .collect()
        } else {
            Vec::new()
        };
        let message = if seen.is_empty() {
            String::new()
        } else {
            describe(rule, &seen, reference)
        };
        out.push(Outcome {
            rule,
            evidence: seen
                .iter()
                .map(|e| Evidence {
                    entry_id: e.id,
                    term: e.term_code.clone(),
                    started_on: e.started_on,
                    ended_on: e.ended_on,
                    area_id: e.area_id,
                })
                .collect(),
            message,
        });
    }
    Ok(out)
}

fn describe(rule: &Rule, seen: &[&HistoryEntry], reference: &ReferenceData) -> String {
    let fmt = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    let facts: Vec<String> = seen
        .iter()
        .map(|e| {
            let name = reference
                .history_terms
                .iter()
                .find(|t| t.id == e.term_id)
                .map_or(e.term_code.as_str(), |t| t.name.as_str());
            let when = match (e.kind, e.started_on, e.ended_on) {
                (HistoryKind::Treatment, Some(s), _) => format!(" on {}", fmt(s)),
                (_, Some(s), Some(t)) => format!(" {} to {}", fmt(s), fmt(t)),
                (_, Some(s), None) => format!(" since {}", fmt(s)),
                (_, None, Some(t)) => format!(" until {}", fmt(t)),
                (_, None, None) => String::new(),
            };
            let area = e
                .area_id
                .and_then(|a| reference.areas.iter().find(|r| r.id == a))
                .map(|a| format!(" ({})", a.name))
                .unwrap_or_default();
            format!("{name}{area}{when}")
        })
        .collect();
    let mut message = format!("{}: {}.", rule.description, facts.join("; "));
    if !rule.advice.is_empty() {
        message.push(' ');
        message.push_str(&rule.advice);
    }
    message
}

#[cfg(test)]
mod tests;
