//! The standard column set of the two import files, and how a file's headers are matched to
//! it. Headers match ignoring case, spaces and punctuation (`Date of birth`,
//! `date_of_birth` and `DATE-OF-BIRTH` are the same), standard names and a few common
//! aliases first, the file's [`ColumnMapping`](super::ColumnMapping) before both.
//!
//! **patients.csv**, one row per patient. Required: `external_id` (the patient's id in the
//! old system, unique in the file), `family_name`, `given_name`, `date_of_birth`. Optional:
//! `sex_at_birth` (female/male/intersex/unknown, also f/m/x/u; blank: unknown), `mrn`,
//! `phone`, `email`, `fitzpatrick` (1–6 or I–VI), `fitzpatrick_assessed_on`, `indications`
//! (codes or names separated by `|`), `notes`.
//!
//! **sessions.csv**, one row per treated area; rows with the same `session_external_id` are
//! one session (without that column: rows with the same patient, date and start time).
//! Required: `patient_external_id` (a patient of patients.csv or imported before), `date`
//! (a date, or date and time, or RFC 3339 with offset), `clinician`, `area` (code or name),
//! `needle_depth_mm` (decimal point or comma), `passes`. Session values (may be repeated on
//! each row of the session, or given once): `session_external_id`, `start_time`, `end_time`
//! (`HH:MM`; without a time a session is placed at 12:00 clinic time), `indications`,
//! `numbing_product`, `numbing_minutes`, `skin_prep`, `pain_score` (0–10), `session_notes`,
//! `aftercare_given` (yes/no), `next_session_on`. Area values: `device_kind` (pen, roller,
//! stamp, rf; may be left out when `device_model` names a model of the clinic's list),
//! `device_model`, `speed_level`, `pattern`, `needle_count`, `cartridge_lot`, `endpoint`,
//! `area_notes`. Products, each with `_lot`, `_expiry` and `_amount` columns: `glide`,
//! `serum`, `post_care`. Reactions, up to three per row: `reaction` (type code or name),
//! `reaction_grade` (number or the scale's label), `reaction_time_point` (immediate, 24h, 72h,
//! day 7, next visit; blank: immediate), `reaction_note`, then `reaction_2…` and
//! `reaction_3…` alike. A product or reaction on every row of a session is recorded once for
//! the session; otherwise it belongs to its row's area.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::values::key;

/// Which file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `patients.csv`.
    Patients,
    /// `sessions.csv`.
    Sessions,
}

/// A standard column, for the mapping screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnInfo {
    /// The field name (also the standard header).
    pub field: String,
    /// The file must have this column.
    pub required: bool,
    /// Other headers recognised without a mapping.
    pub aliases: Vec<String>,
    /// What goes in it.
    pub about: String,
}

/// The standard columns of `kind`, in documentation order.
pub fn columns(kind: FileKind) -> Vec<ColumnInfo> {
    SPECS
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| ColumnInfo {
            field: s.name.to_string(),
            required: s.required,
            aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
            about: s.about.to_string(),
        })
        .collect()
}

macro_rules! fields {
    ($($v:ident),* $(,)?) => {
        /// Every field of both files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Field { $($v),* }
        pub(crate) const FIELDS: &[Field] = &[$(Field::$v),*];
    };
}

fields!(
    ExternalId,
    FamilyName,
    GivenName,
    DateOfBirth,
    SexAtBirth,
    Mrn,
    Phone,
    Email,
    Fitzpatrick,
    FitzpatrickAssessedOn,
    PatientIndications,
    PatientNotes,
    SessionExternalId,
    PatientExternalId,
    Date,
    StartTime,
    EndTime,
    Clinician,
    Indications,
    NumbingProduct,
    NumbingMinutes,
    SkinPrep,
    PainScore,
    SessionNotes,
    AftercareGiven,
    NextSessionOn,
    Area,
    DeviceKind,
    DeviceModel,
    NeedleDepthMm,
    Passes,
    SpeedLevel,
    Pattern,
    NeedleCount,
    CartridgeLot,
    Endpoint,
    AreaNotes,
    Glide,
    GlideLot,
    GlideExpiry,
    GlideAmount,
    Serum,
    SerumLot,
    SerumExpiry,
    SerumAmount,
    PostCare,
    PostCareLot,
    PostCareExpiry,
    PostCareAmount,
    Reaction,
    ReactionGrade,
    ReactionTimePoint,
    ReactionNote,
    Reaction2,
    Reaction2Grade,
    Reaction2TimePoint,
    Reaction2Note,
    Reaction3,
    Reaction3Grade,
    Reaction3TimePoint,
    Reaction3Note,
);

pub(crate) const FIELD_COUNT: usize = FIELDS.len();

impl Field {
    fn spec(self) -> &'static Spec {
        // SPECS lists the fields in declaration order (a test checks it).
        &SPECS[self as usize]
    }

    /// The standard name.
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

struct Spec {
    field: Field,
    kind: FileKind,
    name: &'static str,
    required: bool,
    aliases: &'static [&'static str],
    about: &'static str,
}

const fn spec(
    field: Field,
    kind: FileKind,
    name: &'static str,
    required: bool,
    aliases: &'static [&'static str],
    about: &'static str,
) -> Spec {
    Spec {
        field,
        kind,
        name,
        required,
        aliases,
        about,
    }
}

use Field as F;
use FileKind::{Patients as P, Sessions as S};

#[rustfmt::skip]
const SPECS: &[Spec] = &[
    spec(F::ExternalId, P, "external_id", true, &["patient_external_id", "patient_id", "patient number", "patient no"], "The patient's id in the old system; unique."),
    spec(F::FamilyName, P, "family_name", true, &["surname", "last name", "lastname"], "Family name."),
    spec(F::GivenName, P, "given_name", true, &["first name", "firstname", "forename", "given names"], "Given name(s)."),
    spec(F::DateOfBirth, P, "date_of_birth", true, &["dob", "birth date", "birthdate"], "Date of birth."),
    spec(F::SexAtBirth, P, "sex_at_birth", false, &["sex"], "female, male, intersex or unknown (f/m/x/u); blank: unknown."),
    spec(F::Mrn, P, "mrn", false, &["record number", "medical record number"], "Internal record number; unique."),
    spec(F::Phone, P, "phone", false, &["telephone", "mobile", "phone number"], "Phone."),
    spec(F::Email, P, "email", false, &["e-mail", "email address"], "Email."),
    spec(F::Fitzpatrick, P, "fitzpatrick", false, &["fitzpatrick_type", "skin type", "fitzpatrick skin type"], "Fitzpatrick skin type, 1–6 or I–VI."),
    spec(F::FitzpatrickAssessedOn, P, "fitzpatrick_assessed_on", false, &["skin type assessed on"], "When the skin type was assessed."),
    spec(F::PatientIndications, P, "indications", false, &["indication"], "Indication codes or names, separated by |."),
    spec(F::PatientNotes, P, "notes", false, &["note", "comments"], "Free notes."),
    spec(F::SessionExternalId, S, "session_external_id", false, &["session_id", "visit id", "treatment id"], "The session's id in the old system; rows sharing it are one session."),
    spec(F::PatientExternalId, S, "patient_external_id", true, &["patient_id", "patient number", "patient no"], "The patient's external id (patients.csv, or imported before)."),
    spec(F::Date, S, "date", true, &["session date", "treatment date", "visit date", "started_at"], "The session's date, or date and time."),
    spec(F::StartTime, S, "start_time", false, &["time", "start"], "Start time, HH:MM (clinic time)."),
    spec(F::EndTime, S, "end_time", false, &["end"], "End time, HH:MM."),
    spec(F::Clinician, S, "clinician", true, &["clinician_name", "practitioner", "treated by"], "Treating clinician, as recorded."),
    spec(F::Indications, S, "indications", false, &["indication"], "Indication codes or names, separated by |."),
    spec(F::NumbingProduct, S, "numbing_product", false, &["numbing", "numbing cream"], "Numbing cream used."),
    spec(F::NumbingMinutes, S, "numbing_minutes", false, &["numbing time"], "Minutes the numbing cream was on."),
    spec(F::SkinPrep, S, "skin_prep", false, &["antiseptic", "skin preparation"], "Skin preparation / antiseptic."),
    spec(F::PainScore, S, "pain_score", false, &["pain"], "Pain 0–10."),
    spec(F::SessionNotes, S, "session_notes", false, &["notes", "note"], "Notes on the session."),
    spec(F::AftercareGiven, S, "aftercare_given", false, &["aftercare"], "yes or no."),
    spec(F::NextSessionOn, S, "next_session_on", false, &["next session", "next visit"], "Recommended next session date."),
    spec(F::Area, S, "area", true, &["area_code", "treated area", "body area", "zone"], "Area code or name from the clinic's list."),
    spec(F::DeviceKind, S, "device_kind", false, &["device", "device type"], "pen, roller, stamp or rf."),
    spec(F::DeviceModel, S, "device_model", false, &["model"], "Device model; linked when it matches the clinic's list."),
    spec(F::NeedleDepthMm, S, "needle_depth_mm", true, &["depth", "depth_mm", "needle depth"], "Needle depth in mm (0,5 or 0.5)."),
    spec(F::Passes, S, "passes", true, &["number of passes"], "Passes, 1–12."),
    spec(F::SpeedLevel, S, "speed_level", false, &["speed"], "Device speed level, 1–20."),
    spec(F::Pattern, S, "pattern", false, &[], "vertical, horizontal, diagonal or crosshatch."),
    spec(F::NeedleCount, S, "needle_count", false, &["needles"], "Needles per cartridge or roller."),
    spec(F::CartridgeLot, S, "cartridge_lot", false, &["cartridge lot", "needle lot"], "Cartridge or roller lot."),
    spec(F::Endpoint, S, "endpoint", false, &["clinical endpoint"], "Clinical endpoint reached."),
    spec(F::AreaNotes, S, "area_notes", false, &[], "Notes on this area."),
    spec(F::Glide, S, "glide", false, &[], "Glide product name."),
    spec(F::GlideLot, S, "glide_lot", false, &[], "Glide lot."),
    spec(F::GlideExpiry, S, "glide_expiry", false, &[], "Glide expiry date."),
    spec(F::GlideAmount, S, "glide_amount", false, &[], "Glide amount (e.g. 2 ml)."),
    spec(F::Serum, S, "serum", false, &["serum name"], "Serum name."),
    spec(F::SerumLot, S, "serum_lot", false, &[], "Serum lot."),
    spec(F::SerumExpiry, S, "serum_expiry", false, &[], "Serum expiry date."),
    spec(F::SerumAmount, S, "serum_amount", false, &[], "Serum amount."),
    spec(F::PostCare, S, "post_care", false, &["aftercare product"], "Post-care product name."),
    spec(F::PostCareLot, S, "post_care_lot", false, &[], "Post-care lot."),
    spec(F::PostCareExpiry, S, "post_care_expiry", false, &[], "Post-care expiry date."),
    spec(F::PostCareAmount, S, "post_care_amount", false, &[], "Post-care amount."),
    spec(F::Reaction, S, "reaction", false, &["reaction_type"], "Reaction type code or name."),
    spec(F::ReactionGrade, S, "reaction_grade", false, &["grade"], "Grade: number or the scale's label."),
    spec(F::ReactionTimePoint, S, "reaction_time_point", false, &["reaction_time"], "immediate, 24h, 72h, day 7 or next visit."),
    spec(F::ReactionNote, S, "reaction_note", false, &[], "Note on the reaction."),
    spec(F::Reaction2, S, "reaction_2", false, &[], "Second reaction type."),
    spec(F::Reaction2Grade, S, "reaction_2_grade", false, &[], "Its grade."),
    spec(F::Reaction2TimePoint, S, "reaction_2_time_point", false, &[], "Its time point."),
    spec(F::Reaction2Note, S, "reaction_2_note", false, &[], "Its note."),
    spec(F::Reaction3, S, "reaction_3", false, &[], "Third reaction type."),
    spec(F::Reaction3Grade, S, "reaction_3_grade", false, &[], "Its grade."),
    spec(F::Reaction3TimePoint, S, "reaction_3_time_point", false, &[], "Its time point."),
    spec(F::Reaction3Note, S, "reaction_3_note", false, &[], "Its note."),
];

/// The field of `kind` named `name` (standard name, matched like headers).
pub(crate) fn field_named(kind: FileKind, name: &str) -> Option<Field> {
    let k = key(name);
    SPECS
        .iter()
        .find(|s| s.kind == kind && key(s.name) == k)
        .map(|s| s.field)
}

/// True when `name` is a field of either file.
pub(crate) fn is_field_name(name: &str) -> bool {
    field_named(FileKind::Patients, name).is_some()
        || field_named(FileKind::Sessions, name).is_some()
}

/// The field of `kind` whose standard name, else alias, has the matching key `k`.
pub(crate) fn standard_field(kind: FileKind, k: &str) -> Option<Field> {
    let of_kind = || SPECS.iter().filter(move |s| s.kind == kind);
    of_kind()
        .find(|s| key(s.name) == k)
        .or_else(|| of_kind().find(|s| s.aliases.iter().any(|a| key(a) == k)))
        .map(|s| s.field)
}

/// The required fields of `kind`.
pub(crate) fn required(kind: FileKind) -> impl Iterator<Item = Field> {
    SPECS
        .iter()
        .filter(move |s| s.kind == kind && s.required)
        .map(|s| s.field)
}

pub(crate) fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Patients => "patients",
        FileKind::Sessions => "sessions",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_follow_the_field_order_and_names_are_unique_per_file() {
        assert_eq!(SPECS.len(), FIELD_COUNT);
        for (i, s) in SPECS.iter().enumerate() {
            assert_eq!(s.field as usize, i, "{}", s.name);
            assert_eq!(field_named(s.kind, s.name), Some(s.field), "{}", s.name);
        }
    }
}
