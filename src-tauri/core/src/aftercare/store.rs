//! Reading the handout and editing its text and bands.

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{AftercareSettings, AftercareTemplate, DowntimeBand, Handout, HandoutArea};
use crate::audit::{Action, Actor, Change};
use crate::db::{parse_id, ts, Db};
use crate::error::{Error, Result};
use crate::reference::mm;
use crate::sessions::{self, Session};
use crate::validate::{depth_um, Check, SHORT_MAX};

const TEMPLATE_ID: &str = "00000000-0000-7000-800b-000000000001";

fn template(conn: &Connection) -> Result<AftercareTemplate> {
    conn.prepare_cached("SELECT clinic_name, title, body FROM aftercare_template WHERE id = ?1")?
        .query_row([TEMPLATE_ID], |r| {
            Ok(AftercareTemplate {
                clinic_name: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::CorruptData("the aftercare template is missing".into()))
}

fn bands(conn: &Connection) -> Result<Vec<DowntimeBand>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, max_depth_um, downtime FROM downtime_band ORDER BY max_depth_um",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(DowntimeBand {
            id: parse_id("downtime_band.id", &r.get::<_, String>(0)?)?,
            max_depth_mm: mm(r.get(1)?),
            downtime: r.get(2)?,
        });
    }
    Ok(out)
}

/// The handout text and bands.
pub fn settings(db: &Db) -> Result<AftercareSettings> {
    db.read(|conn| {
        Ok(AftercareSettings {
            template: template(conn)?,
            bands: bands(conn)?,
        })
    })
}

/// The handout for a saved session: its areas and deepest depth, the downtime band for that
/// depth, and the clinic's text.
pub fn handout(db: &Db, session: Uuid) -> Result<Handout> {
    let s = sessions::get(db, session)?;
    db.read(|conn| {
        let t = template(conn)?;
        let (given, family): (String, String) = conn
            .prepare_cached("SELECT given_name, family_name FROM patient WHERE id = ?1")?
            .query_row(params![s.patient_id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        // One query for the names, in the session's area order.
        let mut stmt = conn.prepare_cached(
            "SELECT a.name FROM treated_area t JOIN area a ON a.id = t.area_id
             WHERE t.session_id = ?1 ORDER BY t.position",
        )?;
        let names = stmt
            .query_map(params![s.id.to_string()], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let areas = names
            .into_iter()
            .zip(&s.areas)
            .map(|(name, a)| HandoutArea {
                name,
                depth_mm: a.needle_depth_mm,
            })
            .collect();
        let deepest = s
            .areas
            .iter()
            .map(|a| a.needle_depth_mm)
            .fold(0.0, f64::max);
        let deepest_um = depth_um(deepest).unwrap_or(0);
        let downtime: Option<String> = conn
            .prepare_cached(
                "SELECT downtime FROM downtime_band WHERE max_depth_um >= ?1
                 ORDER BY max_depth_um LIMIT 1",
            )?
            .query_row(params![deepest_um], |r| r.get(0))
            .optional()?;
        Ok(Handout {
            session_id: s.id,
            patient_id: s.patient_id,
            clinic_name: t.clinic_name,
            patient_name: format!("{given} {family}"),
            started_at: s.started_at,
            areas,
            deepest_depth_mm: deepest,
            downtime,
            title: t.title,
            body: t.body,
            next_session_on: s.next_session_on,
            aftercare_given: s.aftercare_given,
        })
    })
}

/// Records that the aftercare handout was given for the session, by `by`, with one audit
/// row (an update of the session, before and after).
pub fn mark_given(db: &Db, session: Uuid, by: &Actor) -> Result<Session> {
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let before = sessions::load(tx, session)?;
        if before.status == sessions::SessionStatus::Signed {
            // Handing out aftercare is recorded before signing; afterwards it is an addendum.
            return Err(Error::Locked);
        }
        let changed = tx
            .prepare_cached(
                "UPDATE session SET aftercare_given = 1, updated_at = ?2, workstation_id = ?3
                 WHERE id = ?1",
            )?
            .execute(params![session.to_string(), ts(by.now), ws])?;
        if changed == 0 {
            return Err(Error::NotFound {
                entity: "session",
                id: session.to_string(),
            });
        }
        let after = sessions::load(tx, session)?;
        let change = Change::new(Action::Update, "session", session)
            .old_value(&before)
            .new_value(&after)
            .patient(after.patient_id);
        Ok((after, change))
    })
}

/// Edits the handout text, by `by`, with one `settings` audit row.
pub fn save_template(db: &Db, input: AftercareTemplate, by: &Actor) -> Result<AftercareTemplate> {
    let mut c = Check::default();
    let clinic_name = c
        .optional_line(
            "clinic_name",
            "Clinic name",
            Some(&input.clinic_name),
            SHORT_MAX,
        )
        .unwrap_or_default();
    let title = c.required_line("title", "Title", &input.title, SHORT_MAX);
    let body = c.note("body", &input.body);
    if body.trim().is_empty() {
        c.fail("body", "Write the advice the patient takes home.");
    }
    c.finish()?;
    db.write_audited(by, |tx| {
        let before = template(tx)?;
        tx.prepare_cached(
            "UPDATE aftercare_template SET clinic_name = ?2, title = ?3, body = ?4,
                 updated_at = ?5, workstation_id = ?6 WHERE id = ?1",
        )?
        .execute(params![
            TEMPLATE_ID,
            clinic_name,
            title,
            body,
            ts(by.now),
            db.workstation_id().to_string()
        ])?;
        let after = template(tx)?;
        let change = Change::new(Action::Settings, "aftercare_template", TEMPLATE_ID)
            .old_value(&before)
            .new_value(&after);
        Ok((after, change))
    })
}

/// Adds or edits a downtime band (a new id adds one), by `by`, with one `settings` audit
/// row.
pub fn save_band(db: &Db, input: DowntimeBand, by: &Actor) -> Result<DowntimeBand> {
    let mut c = Check::default();
    let um = match depth_um(input.max_depth_mm) {
        Ok(um) => Some(um),
        Err(message) => {
            c.fail("max_depth_mm", message.replace("Needle depth", "Depth"));
            None
        }
    };
    let downtime = c.required_line("downtime", "Downtime", &input.downtime, 200);
    c.finish()?;
    let id = input.id.to_string();
    db.write_audited(by, |tx| {
        let taken: Option<String> = tx
            .prepare_cached("SELECT id FROM downtime_band WHERE max_depth_um = ?1 AND id <> ?2")?
            .query_row(params![um, id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "max_depth_mm",
                "Another band already ends at this depth.",
            ));
        }
        let before = bands(tx)?.into_iter().find(|b| b.id == input.id);
        tx.prepare_cached(
            "INSERT INTO downtime_band (id, max_depth_um, downtime, created_at, updated_at,
                 workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET max_depth_um = ?2, downtime = ?3, updated_at = ?4,
                 workstation_id = ?5",
        )?
        .execute(params![
            id,
            um,
            downtime,
            ts(by.now),
            db.workstation_id().to_string()
        ])?;
        let after = DowntimeBand {
            id: input.id,
            max_depth_mm: input.max_depth_mm,
            downtime: downtime.clone(),
        };
        let change = Change::new(Action::Settings, "downtime_band", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}
