//! The aftercare handout: what a patient takes home after a session. Its text (clinic name,
//! title, advice) and the expected downtime by depth are clinic-editable rows; the handout
//! itself is assembled from a saved session, never from the form, so it prints what was
//! recorded. Marking "aftercare given" is a flag on the session, set once it was handed out.

mod store;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use store::{handout, mark_given, save_band, save_template, settings};

/// The handout text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AftercareTemplate {
    /// Printed at the top; empty until the clinic sets it.
    pub clinic_name: String,
    /// Heading.
    pub title: String,
    /// Paragraphs separated by blank lines; lines starting "- " print as a list.
    pub body: String,
}

/// Expected downtime up to a depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DowntimeBand {
    /// Row id.
    pub id: Uuid,
    /// Applies to sessions whose deepest depth is at most this (and above the band below).
    pub max_depth_mm: f64,
    /// "about 2-3 days".
    pub downtime: String,
}

/// The handout text and the downtime bands, shallowest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AftercareSettings {
    /// Text.
    pub template: AftercareTemplate,
    /// Bands.
    pub bands: Vec<DowntimeBand>,
}

/// One treated area as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HandoutArea {
    /// Area name.
    pub name: String,
    /// Depth, mm.
    pub depth_mm: f64,
}

/// Everything the printed handout shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Handout {
    /// The session.
    pub session_id: Uuid,
    /// The patient.
    pub patient_id: Uuid,
    /// Clinic name (may be empty).
    pub clinic_name: String,
    /// Patient's name as "Given Family".
    pub patient_name: String,
    /// Session start (UTC).
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    /// Areas with depths.
    pub areas: Vec<HandoutArea>,
    /// The deepest depth, mm.
    pub deepest_depth_mm: f64,
    /// Expected downtime for that depth, if a band covers it.
    pub downtime: Option<String>,
    /// Heading.
    pub title: String,
    /// Advice paragraphs.
    pub body: String,
    /// Recommended next session.
    #[ts(type = "string | null")]
    pub next_session_on: Option<NaiveDate>,
    /// Already marked as given.
    pub aftercare_given: bool,
}
