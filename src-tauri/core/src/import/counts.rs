//! The report counts of the imported sessions, computed from the values in memory and added
//! to `report_count` in one pass, instead of one query of the view per session (which would
//! cost more than writing the sessions).
//!
//! Invariant: these facts are exactly those of the view `session_report_fact`
//! (migration 0008), which stays their definition: per session its month (UTC) and the
//! groups `all`, each distinct device kind and model (`id:<id>`, `text:<lower(trim(name))>`
//! or empty), each distinct serum (`id:`/`text:`, or empty without one), the depth band of
//! its deepest area and its patient's Fitzpatrick type; each group once on its own and once
//! per reaction type at the worst grade recorded. SQLite's `lower` and `trim` fold only
//! ASCII letters and strip only spaces, and so do these. The import tests compare the kept
//! counts with a rebuild from the view.

use std::collections::HashMap;

use chrono::Datelike;

use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use super::plan::{Fate, Plan};
use crate::error::Result;
use crate::sessions::ProductRole;

/// Interned group keys, so counting allocates only for keys not seen before.
#[derive(Default)]
struct Interner(HashMap<String, u32>, Vec<String>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(i) = self.0.get(s) {
            return *i;
        }
        let i = u32::try_from(self.1.len()).unwrap_or(u32::MAX);
        self.0.insert(s.to_string(), i);
        self.1.push(s.to_string());
        i
    }

    fn text(&self, i: u32) -> &str {
        self.1.get(i as usize).map_or("", String::as_str)
    }
}

/// SQLite's `lower(trim(x))`: spaces stripped, ASCII letters lowered.
fn sql_lower_trim(s: &str) -> String {
    s.trim_matches(' ').to_ascii_lowercase()
}

fn depth_band(um: i64) -> &'static str {
    if um <= 500 {
        "to_0_5"
    } else if um <= 1000 {
        "to_1_0"
    } else if um <= 1500 {
        "to_1_5"
    } else if um <= 2000 {
        "to_2_0"
    } else {
        "over_2_0"
    }
}

/// Adds the facts of every session `plan` creates to the report counts.
pub(crate) fn add(tx: &Transaction<'_>, plan: &Plan) -> Result<()> {
    let mut fitzpatrick: HashMap<Uuid, Option<i32>> = HashMap::new();
    for (d, fate) in &plan.patients {
        if let Fate::New(id) = fate {
            fitzpatrick.insert(*id, d.valid.fitzpatrick);
        }
    }
    let mut stored = tx.prepare_cached("SELECT fitzpatrick FROM patient WHERE id = ?1")?;
    let mut keys = Interner::default();
    // (dimension, month, key, reaction type + 1 or 0 for the session itself, grade) → sessions
    let mut counts: HashMap<(&'static str, u32, u32, u32, i64), i64> = HashMap::new();
    let mut reaction_types: Vec<Uuid> = Vec::new();
    let mut groups: Vec<(&'static str, u32)> = Vec::new();
    let mut worst: Vec<(u32, i32)> = Vec::new();
    let mut buf = String::new();
    for (d, fate, patient) in &plan.sessions {
        if !matches!(fate, Fate::New(_)) {
            continue;
        }
        let s = &d.valid;
        let fitz = match fitzpatrick.get(patient) {
            Some(f) => *f,
            None => {
                let f: Option<i32> = stored
                    .query_row(params![patient.to_string()], |r| r.get(0))
                    .optional()?
                    .flatten();
                fitzpatrick.insert(*patient, f);
                f
            }
        };
        groups.clear();
        groups.push(("all", keys.id("")));
        for a in &s.areas {
            groups.push(("device_kind", keys.id(a.device_kind.as_str())));
            buf.clear();
            match (a.device_model_id, a.device_model.as_deref()) {
                (Some(id), _) => buf.push_str(&format!("id:{id}")),
                (None, Some(t)) if !sql_lower_trim(t).is_empty() => {
                    buf.push_str("text:");
                    buf.push_str(&sql_lower_trim(t));
                }
                _ => {}
            }
            groups.push(("device_model", keys.id(&buf)));
        }
        let mut serum = false;
        for p in s.products.iter().filter(|p| p.role == ProductRole::Serum) {
            serum = true;
            buf.clear();
            match p.product_id {
                Some(id) => buf.push_str(&format!("id:{id}")),
                None => {
                    buf.push_str("text:");
                    buf.push_str(&sql_lower_trim(&p.name));
                }
            }
            groups.push(("serum", keys.id(&buf)));
        }
        if !serum {
            groups.push(("serum", keys.id("")));
        }
        if let Some(deepest) = s.areas.iter().map(|a| a.needle_depth_um).max() {
            groups.push(("depth_band", keys.id(depth_band(deepest))));
        }
        let fitz = fitz.map_or(String::new(), |f| f.to_string());
        groups.push(("fitzpatrick", keys.id(&fitz)));
        groups.sort_unstable();
        groups.dedup();
        worst.clear();
        for r in &s.reactions {
            let t = match reaction_types.iter().position(|t| *t == r.reaction_type_id) {
                Some(i) => i,
                None => {
                    reaction_types.push(r.reaction_type_id);
                    reaction_types.len() - 1
                }
            };
            let t = u32::try_from(t + 1).unwrap_or(u32::MAX);
            match worst.iter_mut().find(|w| w.0 == t) {
                Some(w) => w.1 = w.1.max(r.grade),
                None => worst.push((t, r.grade)),
            }
        }
        let month = s.started_at.year_ce().1 * 100 + s.started_at.month();
        for (dimension, key) in &groups {
            *counts.entry((dimension, month, *key, 0, -1)).or_insert(0) += 1;
            for (kind, grade) in &worst {
                *counts
                    .entry((dimension, month, *key, *kind, i64::from(*grade)))
                    .or_insert(0) += 1;
            }
        }
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO report_count (dimension, month, key, reaction_type_id, grade, sessions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (dimension, month, key, reaction_type_id, grade)
         DO UPDATE SET sessions = sessions + excluded.sessions",
    )?;
    for ((dimension, month, key, kind, grade), n) in &counts {
        let kind = match kind
            .checked_sub(1)
            .and_then(|k| reaction_types.get(k as usize))
        {
            Some(t) => t.to_string(),
            None => String::new(),
        };
        let month = format!("{:04}-{:02}", month / 100, month % 100);
        upsert.execute(params![dimension, month, keys.text(*key), kind, grade, n])?;
    }
    Ok(())
}
