//! Microneedling sessions: one visit of one patient, with the areas treated (device, needle
//! depth, passes…), the products applied (with lots) and the reactions observed.
//!
//! A session and all of its children are saved in one transaction. The client generates
//! the session id, so a save retried after a lost reply never creates a second session. A
//! session is a `draft` until signing exists; drafts are edited by saving again with the
//! same id, which replaces the children as a whole (their ids are kept when sent back).
//! Sessions are never deleted.

pub(crate) mod read;
mod search;
mod store;
pub(crate) mod validate;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::screening::{ScreeningOverride, ScreeningResult};

pub(crate) use read::load;
pub use read::{get, list_for_patient, recent_for_patient, RecentSessions, RECENT_MAX};
pub use search::{
    search, search_tuned, PageRequest, SessionFilter, SessionHit, SessionPage, PAGE_MAX, TOTAL_CAP,
};
pub use store::save;

/// The kind of microneedling device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// Motorised pen with cartridges.
    DermaPen,
    /// Manual roller with a fixed needle length.
    DermaRoller,
    /// Stamp.
    Stamp,
    /// Radio-frequency microneedling.
    RfMicroneedling,
}

/// The direction of passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NeedlePattern {
    /// Vertical.
    Vertical,
    /// Horizontal.
    Horizontal,
    /// Diagonal.
    Diagonal,
    /// Vertical, horizontal and diagonal crosshatch.
    Crosshatch,
}

/// What a product was used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProductRole {
    /// Glide applied before needling.
    Glide,
    /// Serum (hyaluronic acid, PRP, growth factors…).
    Serum,
    /// Post-care.
    PostCare,
    /// Numbing / anaesthetic.
    Anaesthetic,
}

/// When a reaction was observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimePoint {
    /// During or right after treatment.
    Immediate,
    /// 24 hours.
    H24,
    /// 72 hours.
    H72,
    /// Day 7.
    Day7,
    /// At the next visit.
    NextVisit,
}

/// Where the session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Editable.
    Draft,
    /// Signed by its author and locked; changes are addenda.
    Signed,
}

/// What the session form sends.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionInput {
    /// Client-generated UUID (v7), stable across retries of the same save.
    pub id: Uuid,
    /// The patient treated.
    pub patient_id: Uuid,
    /// Start, RFC 3339 with offset.
    pub started_at: String,
    /// End, RFC 3339 with offset; after the start.
    pub ended_at: Option<String>,
    /// Treating clinician.
    pub clinician_name: String,
    /// Indication codes treated in this session.
    pub indications: Vec<String>,
    /// Numbing cream product.
    pub numbing_product: Option<String>,
    /// Minutes the numbing cream was on.
    pub numbing_minutes: Option<i32>,
    /// Skin preparation / antiseptic.
    pub skin_prep: Option<String>,
    /// Pain 0–10.
    pub pain_score: Option<i32>,
    /// Notes.
    pub notes: String,
    /// Aftercare instructions given.
    pub aftercare_given: bool,
    /// Recommended next session, `YYYY-MM-DD`.
    pub next_session_on: Option<String>,
    /// At least one area.
    pub areas: Vec<TreatedAreaInput>,
    /// Products applied.
    pub products: Vec<ProductInput>,
    /// Reactions observed.
    pub reactions: Vec<ReactionInput>,
    /// Written reasons to go ahead despite blocking contraindications.
    pub overrides: Vec<ScreeningOverride>,
    /// The patient's course this session belongs to.
    pub course_id: Option<Uuid>,
}

/// One treated area in the form.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TreatedAreaInput {
    /// Kept when editing; new rows leave it empty.
    pub id: Option<Uuid>,
    /// The area (reference list).
    pub area_id: Option<Uuid>,
    /// Device kind.
    pub device_kind: Option<DeviceKind>,
    /// Device model from the clinic's list; its depth limits are enforced.
    pub device_model_id: Option<Uuid>,
    /// Device model as free text (for a device not in the list).
    pub device_model: Option<String>,
    /// Needle depth in mm, > 0 and ≤ 3.5, at most two decimals.
    pub needle_depth_mm: Option<f64>,
    /// Passes, 1–12.
    pub passes: Option<i32>,
    /// Device speed level (device-specific), 1–20.
    pub speed_level: Option<i32>,
    /// Pattern.
    pub pattern: Option<NeedlePattern>,
    /// Needles per cartridge / roller.
    pub needle_count: Option<i32>,
    /// Cartridge or roller lot.
    pub cartridge_lot: Option<String>,
    /// Clinical endpoint reached (e.g. pinpoint bleeding).
    pub endpoint: Option<String>,
    /// Notes.
    pub notes: String,
}

/// One product in the form.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProductInput {
    /// Kept when editing.
    pub id: Option<Uuid>,
    /// The catalogue entry; found by name when empty.
    pub product_id: Option<Uuid>,
    /// Product name.
    pub name: String,
    /// Role.
    pub role: Option<ProductRole>,
    /// Lot number.
    pub lot: Option<String>,
    /// Expiry, `YYYY-MM-DD`.
    pub expiry_on: Option<String>,
    /// Amount as written (e.g. "2 ml").
    pub amount: Option<String>,
    /// Which of this session's areas it went on, if only one.
    pub area_id: Option<Uuid>,
}

/// One reaction in the form.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReactionInput {
    /// Kept when editing.
    pub id: Option<Uuid>,
    /// Reaction type.
    pub reaction_type_id: Option<Uuid>,
    /// Scale; the type's default when empty.
    pub scale_id: Option<Uuid>,
    /// Grade on the scale.
    pub grade: Option<i32>,
    /// When observed.
    pub time_point: Option<TimePoint>,
    /// Which of this session's areas, if only one.
    pub area_id: Option<Uuid>,
    /// Note.
    pub note: String,
}

/// A stored session with its children in form order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Session {
    /// Id.
    pub id: Uuid,
    /// Patient.
    pub patient_id: Uuid,
    /// Start (UTC).
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    /// End (UTC).
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
    /// Treating clinician.
    pub clinician_name: String,
    /// Indication codes.
    pub indications: Vec<String>,
    /// Numbing cream.
    pub numbing_product: Option<String>,
    /// Numbing minutes.
    pub numbing_minutes: Option<i32>,
    /// Skin preparation.
    pub skin_prep: Option<String>,
    /// Pain 0–10.
    pub pain_score: Option<i32>,
    /// Notes.
    pub notes: String,
    /// Aftercare given.
    pub aftercare_given: bool,
    /// Recommended next session.
    #[ts(type = "string | null")]
    pub next_session_on: Option<NaiveDate>,
    /// Draft or signed.
    pub status: SessionStatus,
    /// The course it belongs to.
    pub course_id: Option<Uuid>,
    /// Its number in the course ("session n of N"), by date.
    pub course_number: Option<i32>,
    /// The course's planned sessions (N).
    pub course_target: Option<i32>,
    /// First saved (UTC).
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// Areas treated.
    pub areas: Vec<TreatedArea>,
    /// Products applied.
    pub products: Vec<ProductApplied>,
    /// Reactions observed.
    pub reactions: Vec<Reaction>,
    /// Contraindication screening at the last save: every rule for one session, only the
    /// flagged ones in a patient's list.
    pub screening: Vec<ScreeningResult>,
    /// Signatures, oldest first (the author's first).
    pub signatures: Vec<crate::signing::Signature>,
    /// Addenda, oldest first.
    pub addenda: Vec<crate::signing::Addendum>,
}

/// A stored treated area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TreatedArea {
    /// Id.
    pub id: Uuid,
    /// Area (reference list).
    pub area_id: Uuid,
    /// Device kind.
    pub device_kind: DeviceKind,
    /// Device model from the clinic's list.
    pub device_model_id: Option<Uuid>,
    /// Device model as free text.
    pub device_model: Option<String>,
    /// Needle depth in mm.
    pub needle_depth_mm: f64,
    /// Passes.
    pub passes: i32,
    /// Speed level.
    pub speed_level: Option<i32>,
    /// Pattern.
    pub pattern: Option<NeedlePattern>,
    /// Needle count.
    pub needle_count: Option<i32>,
    /// Cartridge lot.
    pub cartridge_lot: Option<String>,
    /// Clinical endpoint.
    pub endpoint: Option<String>,
    /// Notes.
    pub notes: String,
}

/// A stored product application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProductApplied {
    /// Id.
    pub id: Uuid,
    /// Product name.
    pub name: String,
    /// Role.
    pub role: ProductRole,
    /// Lot.
    pub lot: Option<String>,
    /// Expiry.
    #[ts(type = "string | null")]
    pub expiry_on: Option<NaiveDate>,
    /// Amount.
    pub amount: Option<String>,
    /// Area, if only one.
    pub area_id: Option<Uuid>,
    /// The catalogue entry, when the name is in the catalogue.
    pub product_id: Option<Uuid>,
}

/// A stored reaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reaction {
    /// Id.
    pub id: Uuid,
    /// Reaction type.
    pub reaction_type_id: Uuid,
    /// Scale the grade is on.
    pub scale_id: Uuid,
    /// Grade.
    pub grade: i32,
    /// When observed.
    pub time_point: TimePoint,
    /// Area, if only one.
    pub area_id: Option<Uuid>,
    /// Note.
    pub note: String,
}
