//! Clinic reports: reactions by type and grade per device, model, serum, depth band and
//! Fitzpatrick type over a period of months; sessions per month; courses due and overdue.
//!
//! Reports read `report_count` (migration 0008), counts per month kept by every session
//! save in the same transaction (`counts`), so a report over years of sessions sums a few
//! thousand rows. Invariant: `report_count` always equals a rebuild from the view
//! `session_report_fact` (tested after every kind of change).
//!
//! Counting rule: a session counts once in every group it belongs to (each device, model
//! and serum it used; the band of its deepest area; the patient's Fitzpatrick type), and
//! each reaction type counts once per session, at the highest grade recorded at any time
//! point. Months are UTC calendar months of the session start.

pub(crate) mod counts;
mod query;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::courses::DueCourse;

pub use counts::rebuild;
pub(crate) use query::device_kind_label;
pub use query::{courses_due, reactions, sessions_per_month};

/// What a reactions report groups sessions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Device type (pen, roller, stamp, RF).
    DeviceKind,
    /// Device model from the clinic's list, or as typed.
    DeviceModel,
    /// Serum applied.
    Serum,
    /// Band of the session's deepest needle depth.
    DepthBand,
    /// The patient's Fitzpatrick skin type.
    Fitzpatrick,
}

impl Dimension {
    /// Every dimension, in menu order.
    pub const ALL: [Dimension; 5] = [
        Dimension::DeviceKind,
        Dimension::DeviceModel,
        Dimension::Serum,
        Dimension::DepthBand,
        Dimension::Fitzpatrick,
    ];

    /// How `report_count.dimension` stores it (its serde name too; tested).
    pub fn code(self) -> &'static str {
        match self {
            Dimension::DeviceKind => "device_kind",
            Dimension::DeviceModel => "device_model",
            Dimension::Serum => "serum",
            Dimension::DepthBand => "depth_band",
            Dimension::Fitzpatrick => "fitzpatrick",
        }
    }

    /// Column heading for the group.
    pub fn heading(self) -> &'static str {
        match self {
            Dimension::DeviceKind => "Device type",
            Dimension::DeviceModel => "Device model",
            Dimension::Serum => "Serum",
            Dimension::DepthBand => "Deepest depth",
            Dimension::Fitzpatrick => "Fitzpatrick type",
        }
    }
}

/// A period of whole months, both ends included ("2026-01" to "2026-06").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportPeriod {
    /// First month, `YYYY-MM`.
    pub from_month: String,
    /// Last month, `YYYY-MM`.
    pub to_month: String,
}

/// A reaction type as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportReactionType {
    /// Id.
    pub id: Uuid,
    /// Name ("Erythema").
    pub name: String,
    /// Grades with a label each, lowest first.
    pub grades: Vec<ReportGrade>,
}

/// One grade of a reaction type's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportGrade {
    /// Grade.
    pub grade: i32,
    /// Its label ("mild").
    pub label: String,
}

/// Sessions of one group with a reaction type at a grade (the highest recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportCell {
    /// Reaction type.
    pub reaction_type_id: Uuid,
    /// Grade.
    pub grade: i32,
    /// Sessions.
    pub sessions: u32,
}

/// One group's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportGroup {
    /// Stable key (a code or id; "" for "not recorded").
    pub key: String,
    /// What the clinic reads.
    pub label: String,
    /// Sessions in the group.
    pub sessions: u32,
    /// Non-zero cells only.
    pub cells: Vec<ReportCell>,
}

/// Reactions by type and grade per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReactionReport {
    /// Grouped by.
    pub dimension: Dimension,
    /// Heading of the group column.
    pub heading: String,
    /// Period.
    pub period: ReportPeriod,
    /// Reaction types with their grades, in the clinic's order.
    pub reaction_types: Vec<ReportReactionType>,
    /// Every session in the period (groups can overlap: a session with two serums is in
    /// both serum groups).
    pub overall: ReportGroup,
    /// Groups, most sessions first.
    pub groups: Vec<ReportGroup>,
}

/// Sessions started in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Sessions.
    pub sessions: u32,
}

/// Courses due soon and overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CoursesDueReport {
    /// Due within the clinic's "due soon" days.
    pub due_soon: u32,
    /// Past their next due date.
    pub overdue: u32,
    /// Per protocol (or "No protocol"), most courses first.
    pub by_protocol: Vec<ProtocolDue>,
    /// The courses, most overdue first.
    pub courses: Vec<DueCourse>,
}

/// Due and overdue courses of one protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProtocolDue {
    /// Protocol name, or "No protocol".
    pub label: String,
    /// Due soon.
    pub due_soon: u32,
    /// Overdue.
    pub overdue: u32,
}

#[cfg(test)]
mod tests {
    use super::Dimension;

    #[test]
    fn stored_dimension_codes_are_the_serde_names() {
        for d in Dimension::ALL {
            assert_eq!(
                serde_json::to_value(d).ok(),
                Some(serde_json::json!(d.code()))
            );
        }
    }
}
