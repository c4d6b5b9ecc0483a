//! The interval rule: an area (or one overlapping it) treated again sooner than the clinic's
//! minimum interval (before or after this session, since sessions can be entered late) is
//! worth a warning.
//! Intervals are calendar days in the clinic's offset, as clinicians count them: sessions
//! on 1 and 21 November are 20 days apart whatever the hour.

use chrono::{DateTime, Duration, FixedOffset, Utc};
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
    start: DateTime<FixedOffset>,
) -> Result<Vec<Finding>> {
    let days = reference.settings.min_interval_days;
    if days <= 0 || input.areas.iter().all(|a| a.area_id.is_none()) {
        return Ok(Vec::new());
    }
    // One day wider than the rule, so no calendar day is missed at either edge.
    let window = Duration::days(i64::from(days) + 1);
    let start_utc = start.with_timezone(&Utc);
    let mut stmt = conn.prepare_cached(
        "SELECT s.started_at, t.area_id FROM session s
         JOIN treated_area t ON t.session_id = s.id
         WHERE s.patient_id = ?1 AND s.id <> ?2 AND s.started_at > ?3 AND s.started_at < ?4",
    )?;
    let mut rows = stmt.query(params![
        input.patient_id.to_string(),
        input.id.to_string(),
        ts(start_utc - window),
        ts(start_utc + window),
    ])?;
    let mut treated: Vec<(uuid::Uuid, DateTime<Utc>)> = Vec::new();
    while let Some(r) = rows.next()? {
        let at = parse_ts("session.started_at", &r.get::<_, String>(0)?)?;
        let area = parse_id("treated_area.area_id", &r.get::<_, String>(1)?)?;
        treated.push((area, at));
    }
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (i, a) in input.areas.iter().enumerate() {
        let Some(area) = a.area_id else { continue };
        if seen.contains(&area) {
            continue;
        }
        seen.push(area);
        // The nearest other treatment of this area or one overlapping it (full face and a
        // cheek overlap).
        let Some(other) = treated
            .iter()
            .filter(|(other, _)| reference.areas_overlap(area, *other))
            .map(|(_, at)| *at)
            .min_by_key(|at| (*at - start_utc).abs())
        else {
            continue;
        };
        let other = other.with_timezone(start.offset());
        let apart = (start.date_naive() - other.date_naive()).num_days();
        if apart.abs() >= i64::from(days) {
            continue;
        }
        let name = reference
            .areas
            .iter()
            .find(|r| r.id == area)
            .map_or("This area", |r| r.name.as_str());
        let side = if apart > 0 { "before" } else { "after" };
        let gap = match apart.abs() {
            0 => "on the same day as".to_string(),
            1 => format!("1 day {side}"),
            n => format!("{n} days {side}"),
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
