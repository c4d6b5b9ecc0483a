//! The code systems the FHIR export uses, and every mapping from Dermalog's stored enums to
//! FHIR codes, in one place.
//!
//! Invariants:
//! - every coding names its system; codes for R4 `required` bindings come only from the R4
//!   value sets (administrative gender, encounter / procedure / observation / administration
//!   status);
//! - no SNOMED CT code exists for microneedling, so the procedure, the observation kinds,
//!   device kinds, needle patterns, time points and product roles are codes of the local
//!   system [`MICRONEEDLING`], which the export also ships as a `CodeSystem` resource
//!   ([`code_system`]) so a receiver can read them;
//! - body sites carry SNOMED CT from the clinic's area table where it has one, plus the
//!   local area code (the table keeps left and right cheek apart; SNOMED `cheek` does not);
//! - reactions carry SNOMED CT where domain.md gives one (erythema 247441003, edema
//!   267038008), plus the local reaction-type code; grades are `{scale code}-{grade}` in
//!   [`REACTION_GRADE`], because scales are clinic data and may change.

use serde_json::{json, Value};

use super::elements::{coding, derived_id, Obj};
use crate::patients::SexAtBirth;
use crate::sessions::{DeviceKind, NeedlePattern, ProductRole, SessionStatus, TimePoint};
use crate::signing::Meaning;

/// The local code system for microneedling: procedure, observation kinds, device kinds,
/// patterns, time points and product roles.
pub const MICRONEEDLING: &str = "https://dermalog.app/fhir/CodeSystem/microneedling";
/// Local system of the clinic's area codes (`cheek_left`).
pub const AREA: &str = "https://dermalog.app/fhir/CodeSystem/area";
/// Local system of the clinic's reaction-type codes (`erythema`).
pub const REACTION_TYPE: &str = "https://dermalog.app/fhir/CodeSystem/reaction-type";
/// Local system of reaction grades, coded `{scale code}-{grade}` (`cea-2`).
pub const REACTION_GRADE: &str = "https://dermalog.app/fhir/CodeSystem/reaction-grade";
/// Local system of grading scales (`cea`).
pub const REACTION_SCALE: &str = "https://dermalog.app/fhir/CodeSystem/reaction-scale";
/// Local system of indication codes (`acne_scars`).
pub const INDICATION: &str = "https://dermalog.app/fhir/CodeSystem/indication";
/// Identifier system of the clinic's record numbers (MRN).
pub const MRN: &str = "https://dermalog.app/fhir/sid/mrn";
/// Identifier system of clinicians' registration numbers as entered.
pub const REGISTRATION: &str = "https://dermalog.app/fhir/sid/registration";

/// UCUM.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// SNOMED CT.
pub const SNOMED: &str = "http://snomed.info/sct";
pub(super) const LOINC: &str = "http://loinc.org";
pub(super) const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
pub(super) const PARTICIPATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
pub(super) const OBSERVATION_CATEGORY: &str =
    "http://terminology.hl7.org/CodeSystem/observation-category";
pub(super) const AGENT_TYPE: &str =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
pub(super) const SIGNATURE_TYPE: &str = "urn:iso-astm:E1762-95:2013";

/// The fixed codes of [`MICRONEEDLING`]: (code, display, definition).
const LOCAL_CODES: &[(&str, &str, &str)] = &[
    (
        "microneedling",
        "Microneedling",
        "Percutaneous collagen induction with a needle device on one area.",
    ),
    (
        "microneedling-session",
        "Microneedling session",
        "A visit in which areas were microneedled.",
    ),
    (
        "needle-depth",
        "Needle depth",
        "Needle depth the device was set to, in mm.",
    ),
    ("passes", "Passes", "Number of passes over the area."),
    (
        "speed-level",
        "Speed level",
        "Device-specific speed level (not RPM).",
    ),
    (
        "needle-pattern",
        "Needle pattern",
        "Direction of the passes.",
    ),
    (
        "clinical-endpoint",
        "Clinical endpoint",
        "Clinical endpoint reached (e.g. pinpoint bleeding).",
    ),
    (
        "reaction-time-point",
        "Reaction time point",
        "When after treatment a reaction was seen.",
    ),
    (
        "needle-count",
        "Needle count",
        "Needles per cartridge or roller.",
    ),
    (
        "derma-pen",
        "Derma pen",
        "Motorised microneedling pen with cartridges.",
    ),
    (
        "derma-roller",
        "Derma roller",
        "Manual roller with a fixed needle length.",
    ),
    ("stamp", "Derma stamp", "Microneedling stamp."),
    (
        "rf-microneedling",
        "RF microneedling",
        "Radio-frequency microneedling device.",
    ),
    ("vertical", "Vertical", "Vertical passes."),
    ("horizontal", "Horizontal", "Horizontal passes."),
    ("diagonal", "Diagonal", "Diagonal passes."),
    (
        "crosshatch",
        "Crosshatch",
        "Vertical, horizontal and diagonal passes.",
    ),
    ("immediate", "Immediate", "During or right after treatment."),
    ("h24", "24 hours", "About 24 hours after treatment."),
    ("h72", "72 hours", "About 72 hours after treatment."),
    ("day7", "Day 7", "About 7 days after treatment."),
    ("next-visit", "Next visit", "At the next visit."),
    ("glide", "Glide", "Glide applied before needling."),
    ("serum", "Serum", "Serum applied during needling."),
    ("post-care", "Post-care", "Post-care product."),
    ("anaesthetic", "Anaesthetic", "Numbing product."),
];

/// A coding of the local system; `code` must be one of its fixed codes.
pub(super) fn local(code: &str) -> Value {
    let display = LOCAL_CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("", |(_, d, _)| *d);
    coding(MICRONEEDLING, code, display)
}

/// The display of a local code.
pub(super) fn local_display(code: &str) -> &'static str {
    LOCAL_CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("", |(_, d, _)| *d)
}

/// The `CodeSystem` resource of [`MICRONEEDLING`], with a fixed id.
pub(super) fn code_system() -> Value {
    let concepts: Vec<Value> = LOCAL_CODES
        .iter()
        .map(|(code, display, definition)| {
            json!({"code": code, "display": display, "definition": definition})
        })
        .collect();
    Obj::resource("CodeSystem", derived_id(uuid::Uuid::nil(), MICRONEEDLING))
        .set("url", MICRONEEDLING)
        .set("version", "1")
        .set("name", "DermalogMicroneedling")
        .set("title", "Dermalog microneedling codes")
        .set("status", "active")
        .set("experimental", false)
        .set("publisher", "Dermalog")
        .set(
            "description",
            "Local codes for microneedling records: no SNOMED CT code exists for the procedure.",
        )
        .set("caseSensitive", true)
        .set("content", "complete")
        .set("count", LOCAL_CODES.len())
        .set("concept", concepts)
        .done()
}

pub(super) fn device_kind(k: DeviceKind) -> &'static str {
    match k {
        DeviceKind::DermaPen => "derma-pen",
        DeviceKind::DermaRoller => "derma-roller",
        DeviceKind::Stamp => "stamp",
        DeviceKind::RfMicroneedling => "rf-microneedling",
    }
}

pub(super) fn pattern(p: NeedlePattern) -> &'static str {
    match p {
        NeedlePattern::Vertical => "vertical",
        NeedlePattern::Horizontal => "horizontal",
        NeedlePattern::Diagonal => "diagonal",
        NeedlePattern::Crosshatch => "crosshatch",
    }
}

pub(super) fn time_point(t: TimePoint) -> &'static str {
    match t {
        TimePoint::Immediate => "immediate",
        TimePoint::H24 => "h24",
        TimePoint::H72 => "h72",
        TimePoint::Day7 => "day7",
        TimePoint::NextVisit => "next-visit",
    }
}

pub(super) fn product_role(r: ProductRole) -> &'static str {
    match r {
        ProductRole::Glide => "glide",
        ProductRole::Serum => "serum",
        ProductRole::PostCare => "post-care",
        ProductRole::Anaesthetic => "anaesthetic",
    }
}

/// R4 administrative gender from sex at birth: intersex has no own code and maps to `other`.
pub(super) fn gender(s: SexAtBirth) -> &'static str {
    match s {
        SexAtBirth::Female => "female",
        SexAtBirth::Male => "male",
        SexAtBirth::Intersex => "other",
        SexAtBirth::Unknown => "unknown",
    }
}

/// How a session's state shows in each resource. A signed session is final; a draft is
/// still being written, so its visit and procedures are `in-progress` and its measurements
/// `preliminary` (R4 has no "draft" status for these resources).
#[derive(Debug, Clone, Copy)]
pub(super) struct Statuses {
    pub encounter: &'static str,
    pub procedure: &'static str,
    pub observation: &'static str,
    pub administration: &'static str,
}

pub(super) fn statuses(s: SessionStatus) -> Statuses {
    match s {
        SessionStatus::Signed => Statuses {
            encounter: "finished",
            procedure: "completed",
            observation: "final",
            administration: "completed",
        },
        SessionStatus::Draft => Statuses {
            encounter: "in-progress",
            procedure: "in-progress",
            observation: "preliminary",
            administration: "in-progress",
        },
    }
}

/// A signature's meaning as (ASTM signature type code, display, provenance agent type code,
/// display). Review is a Review Signature by a verifier; co-sign (a supervising clinician)
/// is a Verification Signature by an attester.
pub(super) fn signature(m: Meaning) -> (&'static str, &'static str, &'static str, &'static str) {
    match m {
        Meaning::Author => (
            "1.2.840.10065.1.12.1.1",
            "Author's Signature",
            "author",
            "Author",
        ),
        Meaning::Review => (
            "1.2.840.10065.1.12.1.13",
            "Review Signature",
            "verifier",
            "Verifier",
        ),
        Meaning::Cosign => (
            "1.2.840.10065.1.12.1.5",
            "Verification Signature",
            "attester",
            "Attester",
        ),
    }
}

/// SNOMED CT (code, display) of a reaction type code, where one is known.
pub(super) fn reaction_snomed(code: &str) -> Option<(&'static str, &'static str)> {
    match code {
        "erythema" => Some(("247441003", "Erythema")),
        "edema" => Some(("267038008", "Edema")),
        _ => None,
    }
}

/// LOINC for a 0–10 pain score.
pub(super) const PAIN_LOINC: (&str, &str) = (
    "72514-3",
    "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_codes_are_unique_and_every_mapped_code_exists() {
        let mut codes: Vec<&str> = LOCAL_CODES.iter().map(|c| c.0).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "CodeSystem codes are unique (csd-1)");
        let mapped = DeviceKind::ALL
            .iter()
            .map(|k| device_kind(*k))
            .chain(NeedlePattern::ALL.iter().map(|p| pattern(*p)))
            .chain(TimePoint::ALL.iter().map(|t| time_point(*t)))
            .chain(ProductRole::ALL.iter().map(|r| product_role(*r)));
        for code in mapped {
            assert!(
                !local_display(code).is_empty(),
                "{code} is in the CodeSystem"
            );
        }
    }
}
