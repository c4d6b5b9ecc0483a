//! patients.csv rows to validated patients: each row becomes the same `PatientInput` the
//! patient form sends and goes through the same validation; its problems are put back on the
//! row's line and the column the value came from.
//!
//! Invariants: external ids are unique in the file, and so are record numbers (ignoring
//! case); a row with any error yields no patient.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::columns::Field;
use super::dates::parse_date;
use super::headers::Columns;
use super::lookup::Lookups;
use super::plan::Digest;
use super::problem::FileProblems;
use super::values;
use super::{DateOrder, Table};
use crate::error::Error;
use crate::patients::validate::{validate, ValidPatient};
use crate::patients::PatientInput;
use crate::text;

/// External ids are at most this long.
pub(crate) const EXTERNAL_ID_MAX: usize = 100;

/// A valid patient row.
pub(crate) struct PatientDraft {
    pub external_id: String,
    pub line: u32,
    pub valid: ValidPatient,
    pub hash: [u8; 32],
}

/// The external id in `value`, or a problem on its cell.
pub(crate) fn external_id(
    p: &mut FileProblems<'_>,
    line: u32,
    field: Field,
    value: &str,
) -> Option<String> {
    external_id_ok(p, line, field, value).then(|| value.to_string())
}

/// True when `value` is a valid external id; else a problem on its cell.
pub(crate) fn external_id_ok(
    p: &mut FileProblems<'_>,
    line: u32,
    field: Field,
    value: &str,
) -> bool {
    if value.is_empty() {
        p.cell(line, field, "The external id is required.");
        false
    } else if value.chars().count() > EXTERNAL_ID_MAX || text::has_line_control(value) {
        p.cell(
            line,
            field,
            "An external id is at most 100 characters without control characters.",
        );
        false
    } else {
        true
    }
}

/// An optional date cell as `YYYY-MM-DD`, or a problem on it.
pub(crate) fn date_cell(
    p: &mut FileProblems<'_>,
    line: u32,
    field: Field,
    value: &str,
    order: DateOrder,
) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    match parse_date(value, order) {
        Ok(d) => Some(d.to_string()),
        Err(m) => {
            p.cell(line, field, m);
            None
        }
    }
}

/// Checks every row; `tick` is called once per row. Returns the valid patients and every
/// external id of the file (valid row or not).
pub(crate) fn check(
    t: &Table,
    cols: &Columns,
    order: DateOrder,
    lookups: &mut Lookups<'_>,
    now: DateTime<Utc>,
    p: &mut FileProblems<'_>,
    tick: &mut dyn FnMut(),
) -> (Vec<PatientDraft>, HashSet<String>) {
    let known = lookups.indication_codes();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut mrns: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::with_capacity(t.len());
    for row in 0..t.len() {
        tick();
        let line = t.line(row);
        let get = |f: Field| cols.get(t, row, f);
        let errors_before = p.errors();
        let ext = external_id(p, line, Field::ExternalId, get(Field::ExternalId));
        if let Some(ext) = &ext {
            if let Some(first) = ids.insert(ext.clone(), line) {
                p.cell(
                    line,
                    Field::ExternalId,
                    format!("This external id is also on line {first}."),
                );
            }
        }
        let dob = get(Field::DateOfBirth);
        if dob.is_empty() {
            p.cell(line, Field::DateOfBirth, "Date of birth is required.");
        }
        let date_of_birth = date_cell(p, line, Field::DateOfBirth, dob, order).unwrap_or_default();
        let sex_at_birth = match values::sex(get(Field::SexAtBirth)) {
            Ok(s) => Some(s),
            Err(m) => {
                p.cell(line, Field::SexAtBirth, m);
                None
            }
        };
        let fitzpatrick = match get(Field::Fitzpatrick) {
            "" => None,
            v => values::fitzpatrick(v)
                .map_err(|m| p.cell(line, Field::Fitzpatrick, m))
                .ok(),
        };
        let assessed = date_cell(
            p,
            line,
            Field::FitzpatrickAssessedOn,
            get(Field::FitzpatrickAssessedOn),
            order,
        );
        let mut indications = Vec::new();
        for item in values::list(get(Field::PatientIndications)) {
            match lookups.indication(item) {
                Some(code) => indications.push(code),
                None => p.cell(
                    line,
                    Field::PatientIndications,
                    format!("\"{item}\" is not an indication of the clinic's list."),
                ),
            }
        }
        let optional = |v: &str| (!v.is_empty()).then(|| v.to_string());
        let mrn = optional(get(Field::Mrn));
        if let Some(m) = &mrn {
            if let Some(first) = mrns.insert(text::search_key(m), line) {
                p.cell(
                    line,
                    Field::Mrn,
                    format!("This record number is also on line {first}."),
                );
            }
        }
        let input = PatientInput {
            id: Uuid::nil(),
            given_name: get(Field::GivenName).to_string(),
            family_name: get(Field::FamilyName).to_string(),
            date_of_birth,
            sex_at_birth,
            mrn,
            phone: optional(get(Field::Phone)),
            email: optional(get(Field::Email)),
            fitzpatrick,
            fitzpatrick_assessed_on: assessed,
            indications,
            notes: get(Field::PatientNotes).to_string(),
        };
        match validate(&input, &known, now) {
            Ok(valid) => {
                let (Some(ext), false) = (ext, p.errors() > errors_before) else {
                    continue;
                };
                let hash = hash(&ext, &valid);
                out.push(PatientDraft {
                    external_id: ext,
                    line,
                    valid,
                    hash,
                });
            }
            Err(Error::Invalid(errs)) => {
                for e in errs {
                    match field_of(&e.field) {
                        Some(f) => p.cell(line, f, e.message),
                        None => p.row(line, e.message),
                    }
                }
            }
            Err(e) => p.row(line, e.to_string()),
        }
    }
    (out, ids.into_keys().collect())
}

fn field_of(path: &str) -> Option<Field> {
    Some(match path {
        "given_name" => Field::GivenName,
        "family_name" => Field::FamilyName,
        "date_of_birth" => Field::DateOfBirth,
        "sex_at_birth" => Field::SexAtBirth,
        "mrn" => Field::Mrn,
        "phone" => Field::Phone,
        "email" => Field::Email,
        "fitzpatrick" => Field::Fitzpatrick,
        "fitzpatrick_assessed_on" => Field::FitzpatrickAssessedOn,
        "indications" => Field::PatientIndications,
        "notes" => Field::PatientNotes,
        _ => return None,
    })
}

/// The hash of what the row says, as validated (so re-encoding or re-formatting the file
/// changes nothing).
fn hash(ext: &str, v: &ValidPatient) -> [u8; 32] {
    let mut d = Digest::default();
    d.s(ext);
    d.s(&v.given_name);
    d.s(&v.family_name);
    d.s(&v.date_of_birth.to_string());
    d.s(v.sex_at_birth.as_str());
    d.o(v.mrn.as_deref());
    d.o(v.phone.as_deref());
    d.o(v.email.as_deref());
    d.i(v.fitzpatrick.map(i64::from));
    d.o(v.fitzpatrick_assessed_on.map(|x| x.to_string()).as_deref());
    d.s(&v.indications.join("|"));
    d.s(&v.notes);
    d.finish()
}
