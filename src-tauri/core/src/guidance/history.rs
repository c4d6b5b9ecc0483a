//! The interval rule: an area treated again sooner than the clinic's minimum interval
//! (before or after this session, since sessions can be entered late) is worth a warning.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};

use super::{Finding, FindingCode, FindingLevel};
use crate::db::{parse_id, parse_ts, ts};
use crate::error::Result;
use crate::reference::ReferenceData;
use crate::sessions::SessionInput;

pub(crate) fn interval_findings(
    conn: &Connection,
    input: &SessionInput,
    reference: &ReferenceData,
    start: DateTime<Utc>,
) -> Result<Vec<Finding>> {
    let days = reference.settings.min_interval_days;
    if days <= 0 || input.areas.iter().all(|a| a.area_id.is_none()) {
        return Ok(Vec::new());
    }
    let window = Duration::days(i64::from(days));
    let mut stmt = conn.prepare_cached(
        "SELECT s.started_at, t.area_id FROM session s
         JOIN treated_area t ON t.session_id = s.id
         WHERE s.patient_id = ?1 AND s.id <> ?2 AND s.started_at > ?3 AND s.started_at < ?4",
    )?;
    let mut rows = stmt.query(params![
        input.patient_id.to_string(),
        input.id.to_string(),
        ts(start - window),
        ts(start + window),
    ])?;
    // The nearest other treatment of each area.
    let mut nearest: Vec<(uuid::Uuid, DateTime<Utc>)> = Vec::new();
    while let Some(r) = rows.next()? {
        let at = parse_ts("session.started_at", &r.get::<_, String>(0)?)?;
        let area = parse_id("treated_area.area_id", &r.get::<_, String>(1)?)?;
        match nearest.iter_mut().find(|(a, _)| *a == area) {
            Some((_, t)) if (at - start).abs() < (*t - start).abs() => *t = at,
            Some(_) => {}
            None => nearest.push((area, at)),
        }
    }
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (i, a) in input.areas.iter().enumerate() {
        let Some(area) = a.area_id else { continue };
        let Some((_, other)) = nearest.iter().find(|(id, _)| *id == area) else {
            continue;
        };
        if seen.contains(&area) {
            continue;
        }
        seen.push(area);
        let gap = (start - *other).abs();
        let name = reference
            .areas
            .iter()
            .find(|r| r.id == area)
            .map_or("This area", |r| r.name.as_str());
        let gap = match gap.num_days() {
            0 => "on the same day as".to_string(),
            1 => format!("1 day {}", if *other < start { "before" } else { "after" }),
            n => format!(
                "{n} days {}",
                if *other < start { "before" } else { "after" }
            ),
        };
        out.push(Finding::new(
            format!("areas[{i}].area_id"),
            FindingLevel::Warn,
            FindingCode::IntervalShort,
            format!(
                "{name} was also treated {gap} this session (on {}); the clinic's minimum interval is {days} days.",
                other.format("%-d %b %Y"),
            ),
        ));
    }
    Ok(out)
}
