//! A patient's medical history as screening reads it: conditions, medications, allergies,
//! past treatments and pregnancy / breastfeeding status, each a coded term (so rules can
//! match it) with the dates it applied, plus every Fitzpatrick type assessed.
//!
//! Invariants: entries are never deleted (an entry made in error is archived and screening
//! ignores it); an entry's end is never before its start; its term must be of a kind the
//! entry can hold (a term, not free text, is what rules match on).

mod store;
mod terms;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub(crate) use store::active_entries;
pub use store::{history, save_entry};
pub(crate) use terms::load_terms;
pub use terms::{save_term, HistoryTermInput};

/// What a history term (and an entry of it) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// A condition, active from onset until resolved.
    Condition,
    /// A medication, taken from start until stop.
    Medication,
    /// An allergy.
    Allergy,
    /// Another treatment (laser, peel, filler…) on a date.
    Treatment,
    /// Pregnancy or breastfeeding, from a date until a date.
    Pregnancy,
}

/// A word of the clinic's history vocabulary (reference data): "Isotretinoin (oral)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryTerm {
    /// Row id.
    pub id: Uuid,
    /// Stable code that rules name (`isotretinoin`).
    pub code: String,
    /// Condition, medication…
    pub kind: HistoryKind,
    /// Name shown to clinicians.
    pub name: String,
    /// Hidden from new entries.
    pub archived: bool,
}

/// One fact of a patient's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    /// Id.
    pub id: Uuid,
    /// Patient.
    pub patient_id: Uuid,
    /// The term.
    pub term_id: Uuid,
    /// The term's code, for matching and display.
    pub term_code: String,
    /// The term's kind.
    pub kind: HistoryKind,
    /// Where on the body, when it matters.
    pub area_id: Option<Uuid>,
    /// Onset / started / treated on / from.
    #[ts(type = "string | null")]
    pub started_on: Option<NaiveDate>,
    /// Resolved / stopped / until; empty while ongoing.
    #[ts(type = "string | null")]
    pub ended_on: Option<NaiveDate>,
    /// Note.
    pub note: String,
    /// Entered in error: kept, ignored by screening.
    pub archived: bool,
    /// Last changed (UTC).
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
}

/// Adds or edits a history entry. A new id adds one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HistoryEntryInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Patient.
    pub patient_id: Uuid,
    /// The term.
    pub term_id: Option<Uuid>,
    /// Where on the body.
    pub area_id: Option<Uuid>,
    /// `YYYY-MM-DD`; required for treatments and pregnancy status.
    pub started_on: Option<String>,
    /// `YYYY-MM-DD`, not before the start.
    pub ended_on: Option<String>,
    /// Note.
    pub note: String,
    /// Mark as entered in error.
    pub archived: bool,
}

/// A Fitzpatrick type as assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FitzpatrickAssessment {
    /// Type I–VI as 1–6.
    pub fitzpatrick: i32,
    /// When assessed, if recorded.
    #[ts(type = "string | null")]
    pub assessed_on: Option<NaiveDate>,
    /// When it was recorded (UTC).
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
}

/// A patient's whole medical history, newest first within each list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PatientHistory {
    /// Every entry, archived ones included (the UI shows them struck through).
    pub entries: Vec<HistoryEntry>,
    /// Every Fitzpatrick type recorded, newest first.
    pub fitzpatrick: Vec<FitzpatrickAssessment>,
}
