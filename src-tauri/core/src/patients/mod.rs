//! Patients. A patient is created, edited and archived, never deleted while their records
//! must be retained. Names are stored NFC-normalised with lowercase search keys so prefix
//! search ignores case beyond ASCII; the MRN, when given, is unique regardless of case.

mod search;
mod store;
pub(crate) mod validate;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use search::list;
pub(crate) use store::{exists, refresh_session_summary, require_active};
pub use store::{get, save, set_archived, view};

/// Sex assigned at birth, as clinical records use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SexAtBirth {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Intersex.
    Intersex,
    /// Not recorded.
    Unknown,
}

/// What the patient form sends. The client generates `id` once per new patient, so a save
/// retried after a lost reply updates the same record instead of creating a second one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PatientInput {
    /// Client-generated UUID (v7).
    pub id: Uuid,
    /// Given name(s).
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Required; `unknown` when not recorded.
    pub sex_at_birth: Option<SexAtBirth>,
    /// Internal record number, unique when given.
    pub mrn: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Fitzpatrick skin type 1–6.
    pub fitzpatrick: Option<i32>,
    /// When the skin type was assessed, `YYYY-MM-DD`.
    pub fitzpatrick_assessed_on: Option<String>,
    /// Indication codes being treated.
    pub indications: Vec<String>,
    /// Free notes.
    pub notes: String,
}

/// A stored patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Patient {
    /// Id.
    pub id: Uuid,
    /// Given name(s).
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    #[ts(type = "string")]
    pub date_of_birth: NaiveDate,
    /// Sex at birth.
    pub sex_at_birth: SexAtBirth,
    /// Record number.
    pub mrn: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Fitzpatrick skin type 1–6.
    pub fitzpatrick: Option<i32>,
    /// When the skin type was assessed.
    #[ts(type = "string | null")]
    pub fitzpatrick_assessed_on: Option<NaiveDate>,
    /// Indication codes.
    pub indications: Vec<String>,
    /// Free notes.
    pub notes: String,
    /// Archived patients are hidden from the default list; their records stay.
    pub archived: bool,
    /// First saved (UTC).
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
}

/// One row of the patient list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PatientSummary {
    /// Id.
    pub id: Uuid,
    /// Given name(s).
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    #[ts(type = "string")]
    pub date_of_birth: NaiveDate,
    /// Record number.
    pub mrn: Option<String>,
    /// Fitzpatrick skin type.
    pub fitzpatrick: Option<i32>,
    /// Archived.
    pub archived: bool,
    /// Start of the most recent session.
    #[ts(type = "string | null")]
    pub last_session_at: Option<DateTime<Utc>>,
    /// Number of sessions.
    pub session_count: u32,
}

/// A patient search. `text` matches name prefixes (every word must start the given or
/// family name), an exact MRN, or a date of birth (`YYYY-MM-DD` or `DD.MM.YYYY`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct PatientQuery {
    /// What was typed; empty lists everyone.
    pub text: String,
    /// Include archived patients.
    pub include_archived: bool,
    /// At most this many rows (default 200, at most 1000).
    pub limit: Option<u32>,
}
