//! The clinic-editable reference lists that sessions draw on: body areas, indications,
//! reaction types and their grading scales. They are seeded by the first migration and are
//! data, not code, so a clinic can rename, add or archive entries. Entries are archived,
//! never deleted, because past sessions point at them.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::db::{parse_id, ts, Db};
use crate::error::{Error, Result};
use crate::validate::{Check, CODE_MAX, SHORT_MAX};

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

impl Region {
    fn as_str(self) -> &'static str {
        match self {
            Region::Face => "face",
            Region::Body => "body",
            Region::Scalp => "scalp",
        }
    }
    fn parse(s: &str) -> Result<Self> {
        match s {
            "face" => Ok(Region::Face),
            "body" => Ok(Region::Body),
            "scalp" => Ok(Region::Scalp),
            _ => Err(Error::CorruptData(
                "area.region holds an unknown value".into(),
            )),
        }
    }
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
    /// Hidden from new sessions, still shown on old ones.
    pub archived: bool,
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
}

/// Loads every reference list.
pub fn list(db: &Db) -> Result<ReferenceData> {
    db.read(load)
}

pub(crate) fn load(conn: &Connection) -> Result<ReferenceData> {
    let mut areas = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, region, snomed_code, archived FROM area ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        areas.push(Area {
            id: parse_id("area.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            name: r.get(2)?,
            region: Region::parse(&r.get::<_, String>(3)?)?,
            snomed_code: r.get(4)?,
            archived: r.get(5)?,
        });
    }
    let mut indications = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, responds, archived FROM indication ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        indications.push(Indication {
            id: parse_id("indication.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            name: r.get(2)?,
            responds: r.get(3)?,
            archived: r.get(4)?,
        });
    }
    let mut reaction_scales = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, min_grade, max_grade, labels FROM reaction_scale ORDER BY code",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let labels: String = r.get(5)?;
        reaction_scales.push(ReactionScale {
            id: parse_id("reaction_scale.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            name: r.get(2)?,
            min_grade: r.get(3)?,
            max_grade: r.get(4)?,
            labels: serde_json::from_str(&labels)
                .map_err(|_| Error::CorruptData("reaction_scale.labels is not a list".into()))?,
        });
    }
    let mut reaction_types = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, default_scale_id, archived FROM reaction_type
         ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        reaction_types.push(ReactionType {
            id: parse_id("reaction_type.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            name: r.get(2)?,
            default_scale_id: parse_id("reaction_type.default_scale_id", &r.get::<_, String>(3)?)?,
            archived: r.get(4)?,
        });
    }
    Ok(ReferenceData {
        areas,
        indications,
        reaction_scales,
        reaction_types,
    })
}

/// Adds a custom area or edits one (rename, archive). Codes stay unique.
pub fn save_area(db: &Db, input: AreaInput, now: DateTime<Utc>) -> Result<Area> {
    let mut c = Check::default();
    let name = c.required_line("name", "Name", &input.name, SHORT_MAX);
    let code = c.required_line("code", "Code", &input.code, CODE_MAX);
    if !code.is_empty()
        && !code
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
    {
        c.fail("code", "Code may use only lowercase letters, digits and _.");
    }
    let snomed = c.optional_line(
        "snomed_code",
        "SNOMED code",
        input.snomed_code.as_deref(),
        18,
    );
    if snomed
        .as_deref()
        .is_some_and(|s| !s.chars().all(|ch| ch.is_ascii_digit()))
    {
        c.fail("snomed_code", "A SNOMED CT code is digits only.");
    }
    c.finish()?;
    let id = input.id.to_string();
    db.write(|tx| {
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM area WHERE code = ?1 AND id <> ?2",
                params![code, id],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "code",
                "Another area already uses this code.",
            ));
        }
        let now = ts(now);
        tx.execute(
            "INSERT INTO area (id, code, name, region, snomed_code, sort_order, archived,
                               created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(sort_order), 0) + 1 FROM area),
                     ?6, ?7, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET code = ?2, name = ?3, region = ?4, snomed_code = ?5,
                     archived = ?6, updated_at = ?7, workstation_id = ?8",
            params![
                id,
                code,
                name,
                input.region.as_str(),
                snomed,
                input.archived,
                now,
                db.workstation_id().to_string()
            ],
        )?;
        Ok(())
    })?;
    Ok(Area {
        id: input.id,
        code,
        name,
        region: input.region,
        snomed_code: snomed,
        archived: input.archived,
    })
}
