//! Reading the reports. Each report is one grouped read of `report_count` (or of the
//! courses), then names for the keys from the reference lists.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

use super::{
    CoursesDueReport, Dimension, MonthCount, ProtocolDue, ReactionReport, ReportCell, ReportGrade,
    ReportGroup, ReportPeriod, ReportReactionType,
};
use crate::courses::CourseState;
use crate::db::{parse_id, Db};
use crate::error::{Error, Result};
use crate::reference::{self, ReferenceData};
use crate::sessions::DeviceKind;

/// Longest period a report covers, so a typo ("2062") cannot ask for centuries of months.
const MAX_MONTHS: i32 = 240;

/// Checks a period and returns its first and last month.
fn months(period: &ReportPeriod) -> Result<(NaiveDate, NaiveDate)> {
    let parse = |field: &str, s: &str| {
        NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, "Enter a month as YYYY-MM, for example 2026-03."))
    };
    let from = parse("from_month", &period.from_month)?;
    let to = parse("to_month", &period.to_month)?;
    if to < from {
        return Err(Error::invalid(
            "to_month",
            "The last month is before the first. Swap them or pick a later month.",
        ));
    }
    let span = (to.year() - from.year()) * 12 + to.month0() as i32 - from.month0() as i32 + 1;
    if span > MAX_MONTHS {
        return Err(Error::invalid(
            "to_month",
            "Choose a period of at most 20 years.",
        ));
    }
    Ok((from, to))
}

fn month_text(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// Reactions by type and grade per group of `dimension`, over `period`.
pub fn reactions(db: &Db, dimension: Dimension, period: &ReportPeriod) -> Result<ReactionReport> {
    let (from, to) = months(period)?;
    db.read(|conn| {
        let reference = reference::load(conn)?;
        let mut groups: BTreeMap<String, ReportGroup> = BTreeMap::new();
        let mut overall = ReportGroup {
            key: String::new(),
            label: "All sessions".into(),
            sessions: 0,
            cells: Vec::new(),
        };
        let mut stmt = conn.prepare_cached(
            "SELECT dimension, key, reaction_type_id, grade, sum(sessions)
             FROM report_count
             WHERE dimension IN ('all', ?1) AND month BETWEEN ?2 AND ?3
             GROUP BY dimension, key, reaction_type_id, grade",
        )?;
        let mut rows = stmt.query(params![dimension.code(), month_text(from), month_text(to)])?;
        while let Some(r) = rows.next()? {
            let dim: String = r.get(0)?;
            let key: String = r.get(1)?;
            let group = if dim == "all" {
                &mut overall
            } else {
                groups.entry(key.clone()).or_insert_with(|| ReportGroup {
                    label: label(&reference, dimension, &key),
                    key,
                    sessions: 0,
                    cells: Vec::new(),
                })
            };
            let rt: String = r.get(2)?;
            let n = u32::try_from(r.get::<_, i64>(4)?).unwrap_or(u32::MAX);
            if rt.is_empty() {
                group.sessions += n;
            } else {
                group.cells.push(ReportCell {
                    reaction_type_id: parse_id("report_count.reaction_type_id", &rt)?,
                    grade: r.get(3)?,
                    sessions: n,
                });
            }
        }
        let mut groups: Vec<ReportGroup> = groups.into_values().collect();
        groups.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.label.cmp(&b.label)));
        Ok(ReactionReport {
            dimension,
            heading: dimension.heading().into(),
            period: ReportPeriod {
                from_month: month_text(from),
                to_month: month_text(to),
            },
            reaction_types: reaction_types(&reference, &overall),
            overall,
            groups,
        })
    })
}

/// The clinic's reaction types with the grades of their default scale, plus any other
/// grade that occurs (a reaction recorded on another scale).
fn reaction_types(reference: &ReferenceData, overall: &ReportGroup) -> Vec<ReportReactionType> {
    reference
        .reaction_types
        .iter()
        .filter(|t| !t.archived || overall.cells.iter().any(|c| c.reaction_type_id == t.id))
        .map(|t| {
            let scale = reference
                .reaction_scales
                .iter()
                .find(|s| s.id == t.default_scale_id);
            let mut grades: Vec<ReportGrade> = scale
                .map(|s| {
                    (s.min_grade..=s.max_grade)
                        .map(|g| ReportGrade {
                            grade: g,
                            label: s.label(g).unwrap_or_default().to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            for c in overall.cells.iter().filter(|c| c.reaction_type_id == t.id) {
                if !grades.iter().any(|g| g.grade == c.grade) {
                    grades.push(ReportGrade {
                        grade: c.grade,
                        label: format!("grade {}", c.grade),
                    });
                }
            }
            grades.sort_by_key(|g| g.grade);
            ReportReactionType {
                id: t.id,
                name: t.name.clone(),
                grades,
            }
        })
        .collect()
}

/// What the clinic reads for a group key.
fn label(reference: &ReferenceData, dimension: Dimension, key: &str) -> String {
    let by_id = |key: &str| key.strip_prefix("id:").and_then(|id| id.parse().ok());
    match dimension {
        Dimension::DeviceKind => DeviceKind::parse(key)
            .map(|k| device_kind_label(k).to_string())
            .unwrap_or_else(|_| key.to_string()),
        Dimension::DeviceModel | Dimension::Serum => {
            if let Some(text) = key.strip_prefix("text:") {
                return typed_label(reference, dimension, text);
            }
            if key.is_empty() {
                return "None recorded".to_string();
            }
            let id: Option<uuid::Uuid> = by_id(key);
            let found = id.and_then(|id| {
                if dimension == Dimension::Serum {
                    reference
                        .products
                        .iter()
                        .find(|p| p.id == id)
                        .map(|p| p.name.clone())
                } else {
                    reference
                        .device_models
                        .iter()
                        .find(|m| m.id == id)
                        .map(|m| format!("{} {}", m.manufacturer, m.model).trim().to_string())
                }
            });
            found.unwrap_or_else(|| "Unknown (removed from the lists)".to_string())
        }
        Dimension::DepthBand => match key {
            "to_0_5" => "0.5 mm or less",
            "to_1_0" => "over 0.5 to 1.0 mm",
            "to_1_5" => "over 1.0 to 1.5 mm",
            "to_2_0" => "over 1.5 to 2.0 mm",
            "over_2_0" => "over 2.0 mm",
            other => other,
        }
        .to_string(),
        Dimension::Fitzpatrick => match key {
            "1" => "Type I",
            "2" => "Type II",
            "3" => "Type III",
            "4" => "Type IV",
            "5" => "Type V",
            "6" => "Type VI",
            _ => "Not assessed",
        }
        .to_string(),
    }
}

/// A name typed on sessions, grouped in lower case: the catalogue's spelling when the
/// catalogue has it, else the text with a capital first letter.
fn typed_label(reference: &ReferenceData, dimension: Dimension, lower: &str) -> String {
    let known = if dimension == Dimension::Serum {
        reference
            .products
            .iter()
            .find(|p| p.name.to_lowercase() == lower)
            .map(|p| p.name.clone())
    } else {
        reference
            .device_models
            .iter()
            .find(|m| m.model.to_lowercase() == lower)
            .map(|m| m.model.clone())
    };
    known.unwrap_or_else(|| {
        let mut c = lower.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    })
}

/// How the clinic names a device type.
pub(crate) fn device_kind_label(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::DermaPen => "Derma pen",
        DeviceKind::DermaRoller => "Derma roller",
        DeviceKind::Stamp => "Stamp",
        DeviceKind::RfMicroneedling => "RF microneedling",
    }
}

/// Sessions per month over `period`, every month listed (0 where none).
pub fn sessions_per_month(db: &Db, period: &ReportPeriod) -> Result<Vec<MonthCount>> {
    let (from, to) = months(period)?;
    let counted: BTreeMap<String, u32> = db.read(|conn: &Connection| {
        let mut stmt = conn.prepare_cached(
            "SELECT month, sessions FROM report_count
             WHERE dimension = 'all' AND key = '' AND reaction_type_id = '' AND grade = -1
               AND month BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![month_text(from), month_text(to)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (m, n) = row?;
            out.insert(m, u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(out)
    })?;
    let mut out = Vec::new();
    let mut m = from;
    while m <= to {
        let month = month_text(m);
        out.push(MonthCount {
            sessions: counted.get(&month).copied().unwrap_or(0),
            month,
        });
        m = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    Ok(out)
}

/// Courses due soon and overdue as of `today`, counted per protocol.
pub fn courses_due(db: &Db, today: NaiveDate) -> Result<CoursesDueReport> {
    let mut courses = crate::courses::due_list(db, today)?;
    courses.sort_by(|a, b| {
        b.course
            .days_overdue
            .cmp(&a.course.days_overdue)
            .then(a.course.next_due_on.cmp(&b.course.next_due_on))
    });
    let protocols = db.read(crate::courses::load_protocols)?;
    let mut by: BTreeMap<String, ProtocolDue> = BTreeMap::new();
    let (mut due_soon, mut overdue) = (0, 0);
    for c in &courses {
        let label = c
            .course
            .protocol_id
            .and_then(|id| protocols.iter().find(|p| p.id == id))
            .map_or_else(|| "No protocol".to_string(), |p| p.name.clone());
        let entry = by.entry(label.clone()).or_insert(ProtocolDue {
            label,
            due_soon: 0,
            overdue: 0,
        });
        if c.course.state == CourseState::Overdue {
            entry.overdue += 1;
            overdue += 1;
        } else {
            entry.due_soon += 1;
            due_soon += 1;
        }
    }
    let mut by_protocol: Vec<ProtocolDue> = by.into_values().collect();
    by_protocol.sort_by(|a, b| {
        (b.due_soon + b.overdue)
            .cmp(&(a.due_soon + a.overdue))
            .then(a.label.cmp(&b.label))
    });
    Ok(CoursesDueReport {
        due_soon,
        overdue,
        by_protocol,
        courses,
    })
}
