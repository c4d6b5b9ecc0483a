//! Courses (treatment plans) and the protocol templates they start from.
//!
//! A protocol is reference data: an indication, the areas with default device, depth,
//! passes and pattern, a serum, a number of sessions and the interval between them. A
//! course is a patient's plan (often from a protocol): sessions name it, and its progress
//! ("session 3 of 6"), next due date and overdue state are derived from those sessions,
//! never stored, so they cannot drift from the record.
//!
//! Dates are calendar days: the next session is due `interval_days` after the last one (or
//! on the start date before any), and a course is overdue the day after that.

mod progress;
mod store;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::sessions::{DeviceKind, NeedlePattern};

pub use progress::{due_list, list_for_patient};
pub(crate) use progress::{refresh as refresh_progress, refresh_all as refresh_all_progress};
pub(crate) use store::load_protocols;
pub use store::{save_course, save_protocol};

/// One area of a protocol, with its default settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProtocolArea {
    /// The area.
    pub area_id: Uuid,
    /// Device kind.
    pub device_kind: DeviceKind,
    /// Device model, if the protocol names one.
    pub device_model_id: Option<Uuid>,
    /// Depth, mm.
    pub needle_depth_mm: f64,
    /// Passes.
    pub passes: i32,
    /// Pattern.
    pub pattern: Option<NeedlePattern>,
}

/// A protocol template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Protocol {
    /// Row id.
    pub id: Uuid,
    /// Name ("Acne scars, face").
    pub name: String,
    /// Indication code.
    pub indication: Option<String>,
    /// Sessions in a course.
    pub target_sessions: i32,
    /// Days between sessions.
    pub interval_days: i32,
    /// Serum (catalogue name).
    pub serum: Option<String>,
    /// Areas with default settings, in order.
    pub areas: Vec<ProtocolArea>,
    /// Note.
    pub note: String,
    /// Hidden from new courses and sessions.
    pub archived: bool,
}

/// Adds or edits a protocol (a new id adds one); its areas are replaced as a whole.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProtocolInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Name, unique.
    pub name: String,
    /// Indication code.
    pub indication: Option<String>,
    /// Sessions, 1–30.
    pub target_sessions: i32,
    /// Days between sessions, 1–365.
    pub interval_days: i32,
    /// Serum.
    pub serum: Option<String>,
    /// At least one area.
    pub areas: Vec<ProtocolArea>,
    /// Note.
    pub note: String,
    /// Archive.
    pub archived: bool,
}

/// Starts or edits a patient's course (a new id starts one).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CourseInput {
    /// Client-generated id.
    pub id: Uuid,
    /// The patient.
    pub patient_id: Uuid,
    /// The protocol it follows, if any.
    pub protocol_id: Option<Uuid>,
    /// Name shown ("Acne scars, face").
    pub name: String,
    /// Indication code.
    pub indication: Option<String>,
    /// Sessions planned, 1–30.
    pub target_sessions: i32,
    /// Days between sessions, 1–365.
    pub interval_days: i32,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    /// `YYYY-MM-DD` when stopped early; empty while running.
    pub stopped_on: Option<String>,
    /// Note.
    pub note: String,
}

/// Where a course stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CourseState {
    /// Sessions remain and the next is not yet late.
    OnTrack,
    /// The next session is due within the clinic's look-ahead.
    DueSoon,
    /// The next session is late.
    Overdue,
    /// Every planned session is done.
    Completed,
    /// Ended early.
    Stopped,
}

/// A course with its progress as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Course {
    /// Id.
    pub id: Uuid,
    /// The patient.
    pub patient_id: Uuid,
    /// Protocol followed.
    pub protocol_id: Option<Uuid>,
    /// Name.
    pub name: String,
    /// Indication code.
    pub indication: Option<String>,
    /// Sessions planned.
    pub target_sessions: i32,
    /// Days between sessions.
    pub interval_days: i32,
    /// Started.
    #[ts(type = "string")]
    pub started_on: NaiveDate,
    /// Stopped early.
    #[ts(type = "string | null")]
    pub stopped_on: Option<NaiveDate>,
    /// Note.
    pub note: String,
    /// Sessions recorded in the course.
    pub sessions_done: i32,
    /// Day of the last one.
    #[ts(type = "string | null")]
    pub last_session_on: Option<NaiveDate>,
    /// When the next is due; `null` once completed or stopped.
    #[ts(type = "string | null")]
    pub next_due_on: Option<NaiveDate>,
    /// Days late (0 unless overdue).
    pub days_overdue: i32,
    /// State as of the day asked.
    pub state: CourseState,
}

/// A course in the clinic-wide "due and overdue" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DueCourse {
    /// The course with its progress.
    pub course: Course,
    /// Patient's given name.
    pub given_name: String,
    /// Patient's family name.
    pub family_name: String,
}
