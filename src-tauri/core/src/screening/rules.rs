//! Reading and editing the rule table. An edit that changes anything raises the version.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Rule, RuleInput, Timing, WindowUnit};
use crate::audit::{Action, Actor, Change};
use crate::db::{parse_id, ts, Db};
use crate::error::{Error, Result};
use crate::guidance::FindingLevel;
use crate::medical::HistoryKind;
use crate::validate::Check;

/// Every rule, active or not, in the clinic's order.
pub(crate) fn load_rules(conn: &Connection) -> Result<Vec<Rule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, description, reads, terms, timing, window_count, window_unit, in_area,
                indications, severity, advice, source, version, active
         FROM contraindication_rule ORDER BY sort_order, code",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let list = |s: String, col: &str| -> Result<Vec<String>> {
        serde_json::from_str(&s).map_err(|_| Error::CorruptData(format!("{col} is not a list")))
    };
    while let Some(r) = rows.next()? {
        out.push(Rule {
            id: parse_id("contraindication_rule.id", &r.get::<_, String>(0)?)?,
            code: r.get(1)?,
            description: r.get(2)?,
            reads: HistoryKind::parse(&r.get::<_, String>(3)?)?,
            terms: list(r.get(4)?, "contraindication_rule.terms")?,
            timing: Timing::parse(&r.get::<_, String>(5)?)?,
            window_count: r.get(6)?,
            window_unit: r
                .get::<_, Option<String>>(7)?
                .map(|u| WindowUnit::parse(&u))
                .transpose()?,
            in_area: r.get(8)?,
            indications: list(r.get(9)?, "contraindication_rule.indications")?,
            severity: FindingLevel::parse(&r.get::<_, String>(10)?)?,
            advice: r.get(11)?,
            source: r.get(12)?,
            version: r.get(13)?,
            active: r.get(14)?,
        });
    }
    Ok(out)
}

/// Adds a rule or edits one, by `by`, with one `settings` audit row (the rule before and
/// after). Terms must be of the kind the rule reads; a `within` rule needs its window.
/// Saving a rule unchanged keeps its version (the save is still audited).
pub fn save_rule(db: &Db, input: RuleInput, by: &Actor) -> Result<Rule> {
    let mut c = Check::default();
    let code = c.code("code", &input.code);
    let description = c.required_line("description", "Description", &input.description, 200);
    let advice = c.optional_line("advice", "Advice", Some(&input.advice), 500);
    let source = c.optional_line("source", "Source", Some(&input.source), 500);
    let (window_count, window_unit) = match input.timing {
        Timing::Within => {
            match input.window_count {
                Some(n) if (1..=1000).contains(&n) => {}
                _ => c.fail(
                    "window_count",
                    "Enter how long the window lasts (1 to 1000).",
                ),
            }
            if input.window_unit.is_none() {
                c.fail("window_unit", "Choose days, weeks or months.");
            }
            (input.window_count, input.window_unit)
        }
        Timing::Current | Timing::Ever => (None, None),
    };
    if input.terms.is_empty() {
        c.fail(
            "terms",
            "Choose at least one history entry the rule looks for.",
        );
    }
    c.finish()?;
    let id = input.id.to_string();
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let mut c = Check::default();
        for term in &input.terms {
            let kind: Option<String> = tx
                .prepare_cached("SELECT kind FROM history_term WHERE code = ?1")?
                .query_row(params![term], |r| r.get(0))
                .optional()?;
            if kind.as_deref() != Some(input.reads.as_str()) {
                c.fail(
                    "terms",
                    format!(
                        "“{term}” is not a {} in the clinic's list.",
                        input.reads.as_str()
                    ),
                );
            }
        }
        for ind in &input.indications {
            let known: bool = tx
                .prepare_cached("SELECT count(*) FROM indication WHERE code = ?1")?
                .query_row(params![ind], |r| r.get(0))?;
            if !known {
                c.fail(
                    "indications",
                    format!("“{ind}” is not an indication in the list."),
                );
            }
        }
        let taken: Option<String> = tx
            .prepare_cached("SELECT id FROM contraindication_rule WHERE code = ?1 AND id <> ?2")?
            .query_row(params![code, id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            c.fail("code", "Another rule already uses this code.");
        }
        c.finish()?;
        let current = load_rules(tx)?.into_iter().find(|r| r.id == input.id);
        let next = Rule {
            id: input.id,
            code: code.clone(),
            description: description.clone(),
            reads: input.reads,
            terms: input.terms.clone(),
            timing: input.timing,
            window_count,
            window_unit,
            in_area: input.in_area,
            indications: input.indications.clone(),
            severity: input.severity,
            advice: advice.clone().unwrap_or_default(),
            source: source.clone().unwrap_or_default(),
            version: current.as_ref().map_or(1, |r| r.version),
            active: input.active,
        };
        let change = Change::new(Action::Settings, "rule", input.id).old_value_if(current.as_ref());
        if current.as_ref() == Some(&next) {
            return Ok((next.clone(), change.new_value(&next)));
        }
        let to_json = |v: &Vec<String>| {
            serde_json::to_string(v).map_err(|e| Error::CorruptData(e.to_string()))
        };
        let now = ts(by.now);
        tx.prepare_cached(
            "INSERT INTO contraindication_rule (id, code, description, reads, terms, timing,
                 window_count, window_unit, in_area, indications, severity, advice, source,
                 version, active, sort_order, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14,
                 (SELECT coalesce(max(sort_order), 0) + 1 FROM contraindication_rule),
                 ?15, ?15, ?16)
             ON CONFLICT (id) DO UPDATE SET code = ?2, description = ?3, reads = ?4, terms = ?5,
                 timing = ?6, window_count = ?7, window_unit = ?8, in_area = ?9,
                 indications = ?10, severity = ?11, advice = ?12, source = ?13,
                 version = version + 1, active = ?14, updated_at = ?15, workstation_id = ?16",
        )?
        .execute(params![
            id,
            next.code,
            next.description,
            next.reads.as_str(),
            to_json(&next.terms)?,
            next.timing.as_str(),
            next.window_count,
            next.window_unit.map(WindowUnit::as_str),
            next.in_area,
            to_json(&next.indications)?,
            next.severity.as_str(),
            next.advice,
            next.source,
            next.active,
            now,
            ws
        ])?;
        let saved = load_rules(tx)?
            .into_iter()
            .find(|r| r.id == input.id)
            .ok_or_else(|| Error::CorruptData("a saved rule could not be read back".into()))?;
        let change = change.new_value(&saved);
        Ok((saved, change))
    })
}
