//! Editing the clinic settings: the values the checks read, the clinic's name and the idle
//! lock. All are rows of `clinic_setting` holding JSON values, changed together in one
//! transaction with one `settings` audit row (the settings before and after).

use rusqlite::params;

use super::edit::depth;
use super::{load, ClinicSettings};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::validate::Check;

/// Changes the clinic settings, by `by`.
pub fn save_settings(db: &Db, input: ClinicSettings, by: &Actor) -> Result<ClinicSettings> {
    let mut c = Check::default();
    c.int_range(
        "min_interval_days",
        "Minimum interval",
        Some(input.min_interval_days),
        0,
        365,
    );
    c.int_range(
        "pih_min_fitzpatrick",
        "Fitzpatrick type",
        Some(input.pih_min_fitzpatrick),
        1,
        6,
    );
    let pih_depth = depth(&mut c, "pih_depth_mm", "PIH depth", input.pih_depth_mm);
    c.int_range(
        "due_soon_days",
        "Due soon",
        Some(input.due_soon_days),
        0,
        90,
    );
    let clinic_name = c.required_line("clinic_name", "Clinic name", &input.clinic_name, 100);
    c.int_range(
        "idle_lock_minutes",
        "Idle lock",
        Some(input.idle_lock_minutes),
        1,
        240,
    );
    c.finish()?;
    let Some(pih_depth) = pih_depth else {
        return Err(Error::invalid("pih_depth_mm", "PIH depth is required."));
    };
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let before = load(tx)?.settings;
        let now = ts(by.now);
        let missing = |key: &str| Error::CorruptData(format!("clinic setting {key} is missing"));
        let mut stmt = tx.prepare_cached(
            "UPDATE clinic_setting SET value = ?2, updated_at = ?3, workstation_id = ?4
             WHERE key = ?1",
        )?;
        for (key, value) in [
            ("min_interval_days", i64::from(input.min_interval_days)),
            ("pih_min_fitzpatrick", i64::from(input.pih_min_fitzpatrick)),
            ("pih_depth_um", pih_depth),
            ("due_soon_days", i64::from(input.due_soon_days)),
            ("idle_lock_minutes", i64::from(input.idle_lock_minutes)),
        ] {
            if stmt.execute(params![key, value.to_string(), now, ws])? != 1 {
                return Err(missing(key));
            }
        }
        // The value column holds JSON: the name is stored as a JSON string.
        let n = tx
            .prepare_cached(
                "UPDATE clinic_setting SET value = json_quote(?1), updated_at = ?2,
                        workstation_id = ?3 WHERE key = 'clinic_name'",
            )?
            .execute(params![clinic_name, now, ws])?;
        if n != 1 {
            return Err(missing("clinic_name"));
        }
        let after = load(tx)?.settings;
        let change = Change::on(Action::Settings, "settings")
            .old_value(&before)
            .new_value(&after);
        Ok((after, change))
    })
}
