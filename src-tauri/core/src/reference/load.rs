//! Reading the reference lists. Anything that does not decode is reported as damage.

use rusqlite::Connection;

use super::{
    mm, Area, ClinicSettings, DepthGuidance, DeviceModel, Indication, MapSpot, MapView,
    ReactionScale, ReactionType, ReferenceData, Region,
};
use crate::db::{parse_id, Db};
use crate::error::{Error, Result};
use crate::sessions::DeviceKind;

/// Loads every reference list.
pub fn list(db: &Db) -> Result<ReferenceData> {
    db.read(load)
}

pub(crate) fn load(conn: &Connection) -> Result<ReferenceData> {
    let mut areas = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, region, snomed_code, includes, archived, map_view, map_x, map_y
         FROM area ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        areas.push(Area {
            id: parse_id("area.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            name: r.get(2)?,
            region: Region::parse(&r.get::<_, String>(3)?)?,
            snomed_code: r.get(4)?,
            includes: serde_json::from_str(&r.get::<_, String>(5)?)
                .map_err(|_| Error::CorruptData("area.includes is not a list".into()))?,
            archived: r.get(6)?,
            map: match (r.get::<_, Option<String>>(7)?, r.get(8)?, r.get(9)?) {
                (Some(view), Some(x), Some(y)) => Some(MapSpot {
                    view: MapView::parse(&view)?,
                    x,
                    y,
                }),
                _ => None,
            },
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
        device_models: device_models(conn)?,
        depth_guidance: depth_guidance(conn)?,
        settings: settings(conn)?,
        history_terms: crate::medical::load_terms(conn)?,
        rules: crate::screening::load_rules(conn)?,
        products: super::products::load_products(conn)?,
        protocols: crate::courses::load_protocols(conn)?,
    })
}

fn device_models(conn: &Connection) -> Result<Vec<DeviceModel>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, manufacturer, model, min_depth_um, max_depth_um, depth_step_um,
                evaluated_max_um, speed_levels, needles_per_cartridge, note, archived
         FROM device_model ORDER BY kind, manufacturer, model",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(DeviceModel {
            id: parse_id("device_model.id", &r.get::<_, String>(0)?)?,
            kind: DeviceKind::parse(&r.get::<_, String>(1)?)?,
            manufacturer: r.get(2)?,
            model: r.get(3)?,
            min_depth_mm: mm(r.get(4)?),
            max_depth_mm: mm(r.get(5)?),
            depth_step_mm: r.get::<_, Option<i64>>(6)?.map(mm),
            evaluated_max_mm: r.get::<_, Option<i64>>(7)?.map(mm),
            speed_levels: r.get(8)?,
            needles_per_cartridge: r.get(9)?,
            note: r.get(10)?,
            archived: r.get(11)?,
        });
    }
    Ok(out)
}

fn depth_guidance(conn: &Connection) -> Result<Vec<DepthGuidance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.area_id, i.code, g.typical_min_um, g.typical_max_um, g.upper_use_um,
                g.source
         FROM depth_guidance g
         JOIN area a ON a.id = g.area_id
         LEFT JOIN indication i ON i.id = g.indication_id
         ORDER BY a.sort_order, i.sort_order NULLS FIRST",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(DepthGuidance {
            id: parse_id("depth_guidance.id", &r.get::<_, String>(0)?)?,
            area_id: parse_id("depth_guidance.area_id", &r.get::<_, String>(1)?)?,
            indication: r.get(2)?,
            typical_min_mm: mm(r.get(3)?),
            typical_max_mm: mm(r.get(4)?),
            upper_use_mm: mm(r.get(5)?),
            source: r.get(6)?,
        });
    }
    Ok(out)
}

fn setting(conn: &Connection, key: &str) -> Result<serde_json::Value> {
    let text: String = conn
        .prepare_cached("SELECT value FROM clinic_setting WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => {
                Error::CorruptData(format!("clinic setting {key} is missing"))
            }
            other => Error::from(other),
        })?;
    serde_json::from_str(&text)
        .map_err(|_| Error::CorruptData(format!("clinic setting {key} is not valid JSON")))
}

pub(crate) fn int_setting(conn: &Connection, key: &str) -> Result<i32> {
    setting(conn, key)?
        .as_i64()
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| Error::CorruptData(format!("clinic setting {key} is not a whole number")))
}

pub(crate) fn text_setting(conn: &Connection, key: &str) -> Result<String> {
    match setting(conn, key)? {
        serde_json::Value::String(s) => Ok(s),
        _ => Err(Error::CorruptData(format!(
            "clinic setting {key} is not text"
        ))),
    }
}

fn settings(conn: &Connection) -> Result<ClinicSettings> {
    Ok(ClinicSettings {
        min_interval_days: int_setting(conn, "min_interval_days")?,
        pih_min_fitzpatrick: int_setting(conn, "pih_min_fitzpatrick")?,
        pih_depth_mm: mm(i64::from(int_setting(conn, "pih_depth_um")?)),
        due_soon_days: int_setting(conn, "due_soon_days")?,
        clinic_name: text_setting(conn, "clinic_name")?,
        idle_lock_minutes: int_setting(conn, "idle_lock_minutes")?,
    })
}
