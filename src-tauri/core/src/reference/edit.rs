//! Editing the reference lists. Every edit is validated field by field, like patient and
//! session input, and written in one transaction with one `settings` audit row holding the
//! row before (when there was one) and after.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{
    load, Area, AreaInput, DepthGuidance, DepthGuidanceInput, DeviceModel, DeviceModelInput,
};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::validate::{depth_um, Check, SHORT_MAX};

/// Adds a custom area or edits one (rename, archive), by `by`. Codes stay unique.
pub fn save_area(db: &Db, input: AreaInput, by: &Actor) -> Result<Area> {
    let mut c = Check::default();
    let name = c.required_line("name", "Name", &input.name, SHORT_MAX);
    let code = c.code("code", &input.code);
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
    db.write_audited(by, |tx| {
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
        for inc in &input.includes {
            let known: bool = tx.query_row(
                "SELECT count(*) FROM area WHERE code = ?1 AND id <> ?2",
                params![inc, id],
                |r| r.get(0),
            )?;
            if !known {
                return Err(Error::invalid(
                    "includes",
                    format!("“{inc}” is not another area in the list."),
                ));
            }
        }
        let includes = serde_json::to_string(&input.includes)
            .map_err(|e| Error::CorruptData(e.to_string()))?;
        if let Some(spot) = input.map {
            if !(0.0..=100.0).contains(&spot.x) || !(0.0..=100.0).contains(&spot.y) {
                return Err(Error::invalid(
                    "map",
                    "A map position is 0 to 100 across and down.",
                ));
            }
        }
        let view = input.map.map(|m| m.view.as_str());
        let before = load(tx)?.areas.into_iter().find(|a| a.id == input.id);
        let now = ts(by.now);
        tx.execute(
            "INSERT INTO area (id, code, name, region, snomed_code, includes, sort_order,
                               archived, created_at, updated_at, workstation_id, map_view,
                               map_x, map_y)
             VALUES (?1, ?2, ?3, ?4, ?5, ?9, (SELECT coalesce(max(sort_order), 0) + 1 FROM area),
                     ?6, ?7, ?7, ?8, ?10, ?11, ?12)
             ON CONFLICT (id) DO UPDATE SET code = ?2, name = ?3, region = ?4, snomed_code = ?5,
                     includes = ?9, archived = ?6, updated_at = ?7, workstation_id = ?8,
                     map_view = ?10, map_x = ?11, map_y = ?12",
            params![
                id,
                code,
                name,
                input.region.as_str(),
                snomed,
                input.archived,
                now,
                db.workstation_id().to_string(),
                includes,
                view,
                input.map.map(|m| m.x),
                input.map.map(|m| m.y)
            ],
        )?;
        let after = Area {
            id: input.id,
            code: code.clone(),
            name: name.clone(),
            region: input.region,
            snomed_code: snomed.clone(),
            includes: input.includes.clone(),
            map: input.map,
            archived: input.archived,
        };
        let change = Change::new(Action::Settings, "area", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}

/// A depth in mm, checked and converted to micrometres.
pub(super) fn depth(c: &mut Check, field: &str, label: &str, value: f64) -> Option<i64> {
    match depth_um(value) {
        Ok(um) => Some(um),
        Err(message) => {
            c.fail(field, message.replace("Needle depth", label));
            None
        }
    }
}

/// Adds or edits a device model, by `by`.
pub fn save_device_model(db: &Db, input: DeviceModelInput, by: &Actor) -> Result<DeviceModel> {
    let mut c = Check::default();
    let manufacturer = c.required_line(
        "manufacturer",
        "Manufacturer",
        &input.manufacturer,
        SHORT_MAX,
    );
    let model = c.required_line("model", "Model", &input.model, SHORT_MAX);
    let min = depth(&mut c, "min_depth_mm", "Minimum depth", input.min_depth_mm);
    let max = depth(&mut c, "max_depth_mm", "Maximum depth", input.max_depth_mm);
    if let (Some(lo), Some(hi)) = (min, max) {
        if hi < lo {
            c.fail(
                "max_depth_mm",
                "Maximum depth cannot be less than the minimum.",
            );
        }
    }
    let step = input
        .depth_step_mm
        .and_then(|s| depth(&mut c, "depth_step_mm", "Depth step", s));
    let evaluated = input
        .evaluated_max_mm
        .and_then(|e| depth(&mut c, "evaluated_max_mm", "Evaluated maximum", e));
    if let (Some(e), Some(lo), Some(hi)) = (evaluated, min, max) {
        if e < lo || e > hi {
            c.fail(
                "evaluated_max_mm",
                "The evaluated maximum must lie between the minimum and maximum depth.",
            );
        }
    }
    c.int_range("speed_levels", "Speed levels", input.speed_levels, 1, 20);
    c.int_range(
        "needles_per_cartridge",
        "Needles",
        input.needles_per_cartridge,
        1,
        1000,
    );
    let note = c.note("note", &input.note);
    c.finish()?;
    let (Some(min), Some(max)) = (min, max) else {
        return Err(Error::invalid("min_depth_mm", "Minimum depth is required."));
    };
    let id = input.id.to_string();
    db.write_audited(by, |tx| {
        let taken: Option<String> = tx
            .prepare_cached(
                "SELECT id FROM device_model WHERE manufacturer = ?1 AND model = ?2 AND id <> ?3",
            )?
            .query_row(params![manufacturer, model, id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "model",
                "This manufacturer already has a model of that name.",
            ));
        }
        let before = load(tx)?
            .device_models
            .into_iter()
            .find(|d| d.id == input.id);
        let now = ts(by.now);
        tx.prepare_cached(
            "INSERT INTO device_model (id, kind, manufacturer, model, min_depth_um, max_depth_um,
                 depth_step_um, evaluated_max_um, speed_levels, needles_per_cartridge, note,
                 archived, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)
             ON CONFLICT (id) DO UPDATE SET kind = ?2, manufacturer = ?3, model = ?4,
                 min_depth_um = ?5, max_depth_um = ?6, depth_step_um = ?7, evaluated_max_um = ?8,
                 speed_levels = ?9, needles_per_cartridge = ?10, note = ?11, archived = ?12,
                 updated_at = ?13, workstation_id = ?14",
        )?
        .execute(params![
            id,
            input.kind.as_str(),
            manufacturer,
            model,
            min,
            max,
            step,
            evaluated,
            input.speed_levels,
            input.needles_per_cartridge,
            note,
            input.archived,
            now,
            db.workstation_id().to_string()
        ])?;
        let after = reloaded(tx, |r| {
            r.device_models.into_iter().find(|d| d.id == input.id)
        })?;
        let change = Change::new(Action::Settings, "device_model", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}

/// Adds or edits a depth guidance row (one per area, plus one per area and indication), by
/// `by`.
pub fn save_depth_guidance(
    db: &Db,
    input: DepthGuidanceInput,
    by: &Actor,
) -> Result<DepthGuidance> {
    let reference = super::list(db)?;
    let mut c = Check::default();
    if !reference.areas.iter().any(|a| a.id == input.area_id) {
        c.fail("area_id", "Choose an area from the list.");
    }
    let indication_id = match &input.indication {
        None => None,
        Some(code) => {
            let found = reference.indications.iter().find(|i| &i.code == code);
            if found.is_none() {
                c.fail("indication", "Choose an indication from the list.");
            }
            found.map(|i| i.id.to_string())
        }
    };
    let lo = depth(
        &mut c,
        "typical_min_mm",
        "Typical minimum",
        input.typical_min_mm,
    );
    let hi = depth(
        &mut c,
        "typical_max_mm",
        "Typical maximum",
        input.typical_max_mm,
    );
    let upper = depth(&mut c, "upper_use_mm", "Upper use", input.upper_use_mm);
    if let (Some(lo), Some(hi)) = (lo, hi) {
        if hi < lo {
            c.fail(
                "typical_max_mm",
                "The typical range must run from low to high.",
            );
        }
    }
    if let (Some(hi), Some(upper)) = (hi, upper) {
        if upper < hi {
            c.fail(
                "upper_use_mm",
                "Upper use cannot be shallower than the typical range.",
            );
        }
    }
    let source = c
        .optional_line("source", "Source", Some(&input.source), SHORT_MAX)
        .unwrap_or_default();
    c.finish()?;
    let (Some(lo), Some(hi), Some(upper)) = (lo, hi, upper) else {
        return Err(Error::invalid("typical_min_mm", "The depths are required."));
    };
    let id = input.id.to_string();
    db.write_audited(by, |tx| {
        let taken: Option<String> = tx
            .prepare_cached(
                "SELECT id FROM depth_guidance WHERE area_id = ?1
                   AND coalesce(indication_id, '') = coalesce(?2, '') AND id <> ?3",
            )?
            .query_row(params![input.area_id.to_string(), indication_id, id], |r| {
                r.get(0)
            })
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "indication",
                "This area already has guidance for that indication; edit that row instead.",
            ));
        }
        let before = load(tx)?
            .depth_guidance
            .into_iter()
            .find(|g| g.id == input.id);
        let now = ts(by.now);
        tx.prepare_cached(
            "INSERT INTO depth_guidance (id, area_id, indication_id, typical_min_um,
                 typical_max_um, upper_use_um, source, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET area_id = ?2, indication_id = ?3,
                 typical_min_um = ?4, typical_max_um = ?5, upper_use_um = ?6, source = ?7,
                 updated_at = ?8, workstation_id = ?9",
        )?
        .execute(params![
            id,
            input.area_id.to_string(),
            indication_id,
            lo,
            hi,
            upper,
            source,
            now,
            db.workstation_id().to_string()
        ])?;
        let after = reloaded(tx, |r| {
            r.depth_guidance.into_iter().find(|g| g.id == input.id)
        })?;
        let change = Change::new(Action::Settings, "depth_guidance", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}

/// Reads the reference lists back inside the write and picks the saved row.
fn reloaded<T>(
    tx: &Transaction<'_>,
    pick: impl FnOnce(super::ReferenceData) -> Option<T>,
) -> Result<T> {
    pick(load(tx)?).ok_or_else(|| Error::CorruptData("a saved reference row was not found".into()))
}
