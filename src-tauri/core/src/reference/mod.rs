//! The clinic-editable reference lists that sessions draw on: body areas, indications,
//! reaction types and their grading scales, device models with their depth limits, depth
//! guidance per area, and clinic settings. They are seeded by migrations and are data, not
//! code, so a clinic can rename, add, tune or archive entries. Entries are archived, never
//! deleted, because past sessions point at them.

mod edit;
mod load;
mod products;
mod settings;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::courses::Protocol;
use crate::medical::HistoryTerm;
use crate::screening::Rule;
use crate::sessions::DeviceKind;

pub use edit::{save_area, save_depth_guidance, save_device_model};
pub use load::list;
pub(crate) use load::{int_setting, load, text_setting};
pub(crate) use products::find as find_product;
pub use products::{
    save_product, CatalogueProduct, CatalogueProductInput, Intradermal, ProductKind,
};
pub use settings::save_settings;

/// Where on the body an area is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Face zones.
    Face,
    /// Neck, trunk and limbs.
    Body,
    /// Scalp.
    Scalp,
}

/// A treatable area (forehead, left cheek, scalp…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Area {
    /// Row id.
    pub id: Uuid,
    /// Stable short code (`cheek_left`), used in exports.
    pub code: String,
    /// Name shown to clinicians.
    pub name: String,
    /// Face, body or scalp.
    pub region: Region,
    /// SNOMED CT body-site code for FHIR export, where one exists.
    pub snomed_code: Option<String>,
    /// Codes of the areas this one includes ("full face" includes the cheeks).
    pub includes: Vec<String>,
    /// Where it sits on the face / body map, if placed.
    pub map: Option<MapSpot>,
    /// Hidden from new sessions, still shown on old ones.
    pub archived: bool,
}

/// Which outline of the area map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MapView {
    /// The face.
    Face,
    /// The body.
    Body,
}

/// An area's spot on the map: the outline and the point, in percent of its width / height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct MapSpot {
    /// Face or body.
    pub view: MapView,
    /// 0 (left) to 100 (right), as the viewer sees it.
    pub x: f64,
    /// 0 (top) to 100 (bottom).
    pub y: f64,
}

/// Adds or edits an area. A new `id` adds one; an existing `id` edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AreaInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Stable short code: lowercase letters, digits and `_`.
    pub code: String,
    /// Name shown to clinicians.
    pub name: String,
    /// Face, body or scalp.
    pub region: Region,
    /// SNOMED CT body-site code.
    pub snomed_code: Option<String>,
    /// Codes of the areas this one includes.
    pub includes: Vec<String>,
    /// Where it sits on the area map.
    pub map: Option<MapSpot>,
    /// Archive (hide from new sessions).
    pub archived: bool,
}

/// Why a patient is being treated (acne scars, fine lines…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Indication {
    /// Row id.
    pub id: Uuid,
    /// Stable short code; patients and sessions store these.
    pub code: String,
    /// Name shown to clinicians.
    pub name: String,
    /// False where microneedling is known not to help (raised scars, keloids).
    pub responds: bool,
    /// Hidden from new entries.
    pub archived: bool,
}

/// A grading scale: grades `min_grade..=max_grade`, with a label per grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReactionScale {
    /// Row id.
    pub id: Uuid,
    /// Stable short code (`cea`, `draize`).
    pub code: String,
    /// Name shown to clinicians.
    pub name: String,
    /// Lowest grade.
    pub min_grade: i32,
    /// Highest grade.
    pub max_grade: i32,
    /// `labels[g - min_grade]` names grade `g`.
    pub labels: Vec<String>,
}

impl ReactionScale {
    /// The label of `grade`, if it is on this scale.
    pub fn label(&self, grade: i32) -> Option<&str> {
        let i = usize::try_from(grade.checked_sub(self.min_grade)?).ok()?;
        self.labels.get(i).map(String::as_str)
    }
}

/// A kind of reaction (erythema, edema…) and the scale it is graded on by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReactionType {
    /// Row id.
    pub id: Uuid,
    /// Stable short code.
    pub code: String,
    /// Name shown to clinicians.
    pub name: String,
    /// The scale used unless the clinician picks another.
    pub default_scale_id: Uuid,
    /// Hidden from new entries.
    pub archived: bool,
}

/// A device model and the depths it can be set to. Depths in mm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeviceModel {
    /// Row id.
    pub id: Uuid,
    /// Pen, roller, stamp or RF.
    pub kind: DeviceKind,
    /// Manufacturer.
    pub manufacturer: String,
    /// Model name.
    pub model: String,
    /// Shallowest setting.
    pub min_depth_mm: f64,
    /// Deepest setting: deeper is refused.
    pub max_depth_mm: f64,
    /// Settings are `min + k * step`; `null` when any depth in range is possible.
    pub depth_step_mm: Option<f64>,
    /// Deepest setting a regulator evaluated, where narrower than the maximum: deeper warns.
    pub evaluated_max_mm: Option<f64>,
    /// Number of speed levels.
    pub speed_levels: Option<i32>,
    /// Needles per cartridge or roller.
    pub needles_per_cartridge: Option<i32>,
    /// Note.
    pub note: String,
    /// Hidden from new sessions.
    pub archived: bool,
}

/// Adds or edits a device model (a new `id` adds one).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DeviceModelInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Pen, roller, stamp or RF.
    pub kind: DeviceKind,
    /// Manufacturer.
    pub manufacturer: String,
    /// Model name.
    pub model: String,
    /// Shallowest setting, mm.
    pub min_depth_mm: f64,
    /// Deepest setting, mm (at most 3.5).
    pub max_depth_mm: f64,
    /// Step, mm; `null` for none.
    pub depth_step_mm: Option<f64>,
    /// Evaluated maximum, mm; `null` for none.
    pub evaluated_max_mm: Option<f64>,
    /// Speed levels.
    pub speed_levels: Option<i32>,
    /// Needles per cartridge or roller.
    pub needles_per_cartridge: Option<i32>,
    /// Note.
    pub note: String,
    /// Archive.
    pub archived: bool,
}

/// How deep an area is usually treated, in mm. A row with an indication applies when the
/// session treats that indication; otherwise the area's general row applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DepthGuidance {
    /// Row id.
    pub id: Uuid,
    /// Area.
    pub area_id: Uuid,
    /// Indication code, or `null` for any.
    pub indication: Option<String>,
    /// Typical range, low end.
    pub typical_min_mm: f64,
    /// Typical range, high end.
    pub typical_max_mm: f64,
    /// Deepest usual use.
    pub upper_use_mm: f64,
    /// Where the figures come from.
    pub source: String,
}

/// Adds or edits a depth guidance row.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DepthGuidanceInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Area.
    pub area_id: Uuid,
    /// Indication code, or `null` for any.
    pub indication: Option<String>,
    /// Typical range, low end, mm.
    pub typical_min_mm: f64,
    /// Typical range, high end, mm.
    pub typical_max_mm: f64,
    /// Deepest usual use, mm.
    pub upper_use_mm: f64,
    /// Where the figures come from.
    pub source: String,
}

/// Clinic-wide settings the checks read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClinicSettings {
    /// Warn when an area is treated again sooner than this many days.
    pub min_interval_days: i32,
    /// Warn for Fitzpatrick types from this one up (PIH risk)…
    pub pih_min_fitzpatrick: i32,
    /// …when a needle goes deeper than this, mm.
    pub pih_depth_mm: f64,
    /// A course is "due soon" this many days before its next session is due.
    pub due_soon_days: i32,
    /// The clinic's name, shown at sign-in and on printed summaries.
    pub clinic_name: String,
    /// The app locks after this many minutes without use (1–240).
    pub idle_lock_minutes: i32,
}

/// Every reference list, in display order, as the UI loads them once at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReferenceData {
    /// Areas.
    pub areas: Vec<Area>,
    /// Indications.
    pub indications: Vec<Indication>,
    /// Grading scales.
    pub reaction_scales: Vec<ReactionScale>,
    /// Reaction types.
    pub reaction_types: Vec<ReactionType>,
    /// Device models.
    pub device_models: Vec<DeviceModel>,
    /// Depth guidance rows.
    pub depth_guidance: Vec<DepthGuidance>,
    /// Clinic settings.
    pub settings: ClinicSettings,
    /// The medical-history vocabulary.
    pub history_terms: Vec<HistoryTerm>,
    /// Contraindication rules, active or not.
    pub rules: Vec<Rule>,
    /// The product catalogue.
    pub products: Vec<CatalogueProduct>,
    /// Protocol templates.
    pub protocols: Vec<Protocol>,
}

impl ReferenceData {
    /// Whether two areas overlap: the same area, or one includes the other.
    pub fn areas_overlap(&self, a: Uuid, b: Uuid) -> bool {
        if a == b {
            return true;
        }
        let find = |id: Uuid| self.areas.iter().find(|x| x.id == id);
        match (find(a), find(b)) {
            (Some(x), Some(y)) => x.includes.contains(&y.code) || y.includes.contains(&x.code),
            _ => false,
        }
    }

    /// The guidance for `area` when the session treats `indications`: an indication-specific
    /// row first, else the area's general row.
    pub fn guidance_for(&self, area: Uuid, indications: &[String]) -> Option<&DepthGuidance> {
        let rows = || {
            self.depth_guidance
                .iter()
                .filter(move |g| g.area_id == area)
        };
        rows()
            .find(|g| {
                g.indication
                    .as_ref()
                    .is_some_and(|i| indications.contains(i))
            })
            .or_else(|| rows().find(|g| g.indication.is_none()))
    }
}

/// Micrometres (as stored) to millimetres (as shown).
pub(crate) fn mm(um: i64) -> f64 {
    um as f64 / 1000.0
}
