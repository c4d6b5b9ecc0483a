//! Patient input rules. Every problem is reported against its field at once.

use chrono::{DateTime, NaiveDate, Utc};

use super::{PatientInput, SexAtBirth};
use crate::error::{Error, Result};
use crate::validate::{Check, CODE_MAX, NAME_MAX, SHORT_MAX};

/// A patient input that passed validation, cleaned and normalised.
pub(crate) struct ValidPatient {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub sex_at_birth: SexAtBirth,
    pub mrn: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub fitzpatrick: Option<i32>,
    pub fitzpatrick_assessed_on: Option<NaiveDate>,
    pub indications: Vec<String>,
    pub notes: String,
}

pub(crate) fn validate(
    input: &PatientInput,
    known_indications: &[String],
    now: DateTime<Utc>,
) -> Result<ValidPatient> {
    let today = now.date_naive();
    let mut c = Check::default();
    let given_name = c.required_line("given_name", "Given name", &input.given_name, NAME_MAX);
    let family_name = c.required_line("family_name", "Family name", &input.family_name, NAME_MAX);
    let date_of_birth = c.date(
        "date_of_birth",
        "Date of birth",
        &input.date_of_birth,
        Some(today),
    );
    let sex_at_birth = input.sex_at_birth;
    if sex_at_birth.is_none() {
        c.fail(
            "sex_at_birth",
            "Sex at birth is required (choose “not recorded” if unknown).",
        );
    }
    let mrn = c.optional_line("mrn", "Record number", input.mrn.as_deref(), CODE_MAX);
    let phone = c.optional_line("phone", "Phone", input.phone.as_deref(), 40);
    if let Some(p) = &phone {
        let ok = p
            .chars()
            .all(|ch| ch.is_ascii_digit() || " +-()./".contains(ch))
            && p.chars().filter(char::is_ascii_digit).count() >= 3;
        if !ok {
            c.fail(
                "phone",
                "Phone may contain digits, spaces and + - ( ) . / only.",
            );
        }
    }
    let email = c.optional_line("email", "Email", input.email.as_deref(), SHORT_MAX);
    if let Some(e) = &email {
        let ok = matches!(e.split_once('@'), Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
               && !domain.ends_with('.') && !e.contains(char::is_whitespace));
        if !ok {
            c.fail("email", "Email must look like name@example.com.");
        }
    }
    c.int_range("fitzpatrick", "Fitzpatrick type", input.fitzpatrick, 1, 6);
    let fitzpatrick_assessed_on = c.optional_date(
        "fitzpatrick_assessed_on",
        "Assessment date",
        input.fitzpatrick_assessed_on.as_deref(),
        Some(today),
    );
    if let (Some(assessed), Some(born)) = (fitzpatrick_assessed_on, date_of_birth) {
        if assessed < born {
            c.fail(
                "fitzpatrick_assessed_on",
                "Assessment date cannot be before the date of birth.",
            );
        }
    }
    if fitzpatrick_assessed_on.is_some() && input.fitzpatrick.is_none() {
        c.fail("fitzpatrick", "Choose the skin type that was assessed.");
    }
    let mut indications = Vec::new();
    for code in &input.indications {
        if !known_indications.contains(code) {
            c.fail("indications", "Choose indications from the list.");
            break;
        }
        if !indications.contains(code) {
            indications.push(code.clone());
        }
    }
    let notes = c.note("notes", &input.notes);
    c.finish()?;
    // Both were checked above; `finish` would have refused a missing one.
    let (Some(date_of_birth), Some(sex_at_birth)) = (date_of_birth, sex_at_birth) else {
        return Err(Error::invalid(
            "date_of_birth",
            "Date of birth is required.",
        ));
    };
    Ok(ValidPatient {
        given_name,
        family_name,
        date_of_birth,
        sex_at_birth,
        mrn,
        phone,
        email,
        fitzpatrick: input.fitzpatrick,
        fitzpatrick_assessed_on,
        indications,
        notes,
    })
}
