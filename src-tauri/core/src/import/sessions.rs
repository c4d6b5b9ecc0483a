//! sessions.csv rows to validated sessions. Rows are grouped into sessions (by
//! `session_external_id`, else by patient, date and start time), each group becomes the same
//! `SessionInput` the session form sends (see [`super::rows`] for its areas, products and
//! reactions) and goes through the same validation plus the device depth limits; problems
//! are put back on the line and column the value came from.
//!
//! Invariants: a session's values (patient, date, clinician…) are the same on every row that
//! gives them; a session with any error yields no draft; rows are grouped without one
//! allocation per row (a linked list over row numbers).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::columns::Field;
use super::dates::parse_time;
use super::headers::Columns;
use super::lookup::Lookups;
use super::patients::{date_cell, external_id, external_id_ok};
use super::problem::FileProblems;
use super::rows::{self, Children};
use super::session_checks::{device_limits, hash, locate};
use super::session_values::{session_values, start, to_utc, SessionValues};
use super::values;
use super::{DateOrder, Table};
use crate::error::Error;
use crate::sessions::validate::{validate, ValidSession};
use crate::sessions::SessionInput;

/// A valid session.
pub(crate) struct SessionDraft {
    /// Its external id, or `auto:<patient>@<start>` without a session id column.
    pub key: String,
    /// The patient's external id.
    pub patient: String,
    /// The line of its first row.
    pub line: u32,
    pub valid: ValidSession,
    pub hash: [u8; 32],
}

/// How a file's rows are read: date order and the clinic's UTC offset (`None`: local zone).
#[derive(Clone, Copy)]
pub(crate) struct Reading {
    pub order: DateOrder,
    pub utc_offset_minutes: Option<i32>,
}

/// Checks every session; `tick` is called once per row. Returns the valid sessions, and
/// (patient external id, line) of each session refused, so its patient is still looked up.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check(
    t: &Table,
    cols: &Columns,
    reading: Reading,
    lookups: &mut Lookups<'_>,
    now: DateTime<Utc>,
    p: &mut FileProblems<'_>,
    tick: &mut dyn FnMut(),
) -> (Vec<SessionDraft>, Vec<(String, u32)>) {
    let (keys, heads, next) = group(t, cols, p);
    let mut out = Vec::with_capacity(heads.len());
    let mut refused = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    let mut children = Children::default();
    for (key, head) in keys.into_iter().zip(heads) {
        members.clear();
        let mut r = head;
        while r != u32::MAX {
            members.push(r as usize);
            tick();
            r = next.get(r as usize).copied().unwrap_or(u32::MAX);
        }
        let errors_before = p.errors();
        let sv = session_values(t, cols, &members, p);
        let patient = external_id(
            p,
            sv.line(Field::PatientExternalId),
            Field::PatientExternalId,
            sv.get(Field::PatientExternalId),
        );
        let input = session_input(t, cols, &members, &sv, reading, lookups, p, &mut children);
        let valid = match validate(&input, lookups.reference, now) {
            Ok(v) => Some(v),
            Err(Error::Invalid(errs)) => {
                let first = members.first().map_or(0, |m| t.line(*m));
                for e in errs {
                    let (line, field) = locate(&e.field, &sv, &children, first);
                    p.cell(line, field, e.message);
                }
                None
            }
            Err(e) => {
                p.row(sv.line(Field::Date), e.to_string());
                None
            }
        };
        if let Some(valid) = &valid {
            device_limits(valid, lookups, &children, p);
        }
        let (Some(valid), Some(patient), true) =
            (valid, patient.clone(), p.errors() == errors_before)
        else {
            if let Some(patient) = patient {
                refused.push((patient, sv.line(Field::PatientExternalId)));
            }
            continue;
        };
        let key =
            key.unwrap_or_else(|| format!("auto:{patient}@{}", crate::db::ts(valid.started_at)));
        let hash = hash(&patient, &valid);
        out.push(SessionDraft {
            key,
            patient,
            line: members.first().map_or(0, |m| t.line(*m)),
            valid,
            hash,
        });
    }
    (out, refused)
}

/// Groups rows into sessions: (external id per session, or `None` for automatic keys),
/// first row of each, next row of each row (`u32::MAX`: last).
fn group(
    t: &Table,
    cols: &Columns,
    p: &mut FileProblems<'_>,
) -> (Vec<Option<String>>, Vec<u32>, Vec<u32>) {
    let by_id = cols.has(Field::SessionExternalId);
    let mut index: HashMap<String, usize> = HashMap::with_capacity(t.len() / 2 + 1);
    let mut keys = Vec::new();
    let mut heads: Vec<u32> = Vec::new();
    let mut tails: Vec<u32> = Vec::new();
    let mut next = vec![u32::MAX; t.len()];
    let mut buf = String::new();
    for row in 0..t.len() {
        let k = if by_id {
            let v = cols.get(t, row, Field::SessionExternalId);
            if !external_id_ok(p, t.line(row), Field::SessionExternalId, v) {
                continue;
            }
            v
        } else {
            buf.clear();
            for f in [Field::PatientExternalId, Field::Date, Field::StartTime] {
                buf.push_str(cols.get(t, row, f));
                buf.push('\u{1f}');
            }
            buf.as_str()
        };
        let row32 = u32::try_from(row).unwrap_or(u32::MAX);
        match index.get(k) {
            Some(&g) => {
                if let Some(last) = tails.get_mut(g) {
                    if let Some(n) = next.get_mut(*last as usize) {
                        *n = row32;
                    }
                    *last = row32;
                }
            }
            None => {
                index.insert(k.to_string(), heads.len());
                keys.push(by_id.then(|| k.to_string()));
                heads.push(row32);
                tails.push(row32);
            }
        }
    }
    (keys, heads, next)
}

#[allow(clippy::too_many_arguments)]
fn session_input(
    t: &Table,
    cols: &Columns,
    members: &[usize],
    sv: &SessionValues<'_>,
    reading: Reading,
    lookups: &mut Lookups<'_>,
    p: &mut FileProblems<'_>,
    children: &mut Children,
) -> SessionInput {
    let started = start(sv, reading, p);
    if started.is_none() {
        // Its date or time was reported; the rules' "start is required" would repeat it.
        p.mark(sv.line(Field::Date), Field::Date);
    }
    let ended_at = match (sv.get(Field::EndTime), started) {
        ("", _) | (_, None) => None,
        (v, Some((_, day))) => parse_time(v)
            .map_err(|m| p.cell(sv.line(Field::EndTime), Field::EndTime, m))
            .ok()
            .and_then(|clock| to_utc(day.and_time(clock), reading.utc_offset_minutes))
            .map(|t| t.to_rfc3339()),
    };
    let mut indications = Vec::new();
    for item in values::list(sv.get(Field::Indications)) {
        match lookups.indication(item) {
            Some(code) => indications.push(code),
            None => p.cell(
                sv.line(Field::Indications),
                Field::Indications,
                format!("\"{item}\" is not an indication of the clinic's list."),
            ),
        }
    }
    let mut int = |f: Field| match sv.get(f) {
        "" => None,
        v => values::parse_int(v)
            .map_err(|m| p.cell(sv.line(f), f, m))
            .ok(),
    };
    let numbing_minutes = int(Field::NumbingMinutes);
    let pain_score = int(Field::PainScore);
    let aftercare_given = values::parse_bool(sv.get(Field::AftercareGiven))
        .map_err(|m| p.cell(sv.line(Field::AftercareGiven), Field::AftercareGiven, m))
        .unwrap_or(false);
    let next_session_on = date_cell(
        p,
        sv.line(Field::NextSessionOn),
        Field::NextSessionOn,
        sv.get(Field::NextSessionOn),
        reading.order,
    );
    let optional = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let day = started.map(|s| s.1);
    let (areas, products, reactions) =
        rows::children(t, cols, members, reading.order, day, lookups, p, children);
    SessionInput {
        id: Uuid::nil(),
        patient_id: Uuid::nil(),
        started_at: started.map(|s| s.0.to_rfc3339()).unwrap_or_default(),
        ended_at,
        clinician_name: sv.get(Field::Clinician).to_string(),
        indications,
        numbing_product: optional(sv.get(Field::NumbingProduct)),
        numbing_minutes,
        skin_prep: optional(sv.get(Field::SkinPrep)),
        pain_score,
        notes: sv.get(Field::SessionNotes).to_string(),
        aftercare_given,
        next_session_on,
        areas,
        products,
        reactions,
        overrides: Vec::new(),
        course_id: None,
    }
}
