//! Clinical guidance: what to warn about or refuse in a session, beyond the shape checks of
//! `sessions::validate`. Every threshold comes from the clinic's reference tables (device
//! models, depth guidance, settings), never from constants here, and the session's own date
//! is "now" for every date rule.
//!
//! The same checks run live while the form is filled in (`check`, which accepts a partial
//! form and skips what it cannot judge yet) and again inside the save transaction
//! (`assess`), where any `Block` finding refuses the save.

pub(crate) mod depth;
mod history;
mod products;

use chrono::{DateTime, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::error::{FieldError, Result};
use crate::reference::{self, ReferenceData};
use crate::screening::{self, ScreeningOverride};
use crate::sessions::SessionInput;
use crate::validate::depth_um;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingLevel {
    /// Shown next to the field; the session can be saved.
    Warn,
    /// The session cannot be saved like this.
    Block,
}

/// Which rule produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// Shallower than the area's typical range.
    DepthBelowTypical,
    /// Deeper than the typical range, within upper use.
    DepthAboveTypical,
    /// Deeper than the area's upper use.
    DepthAboveUpperUse,
    /// Shallower than the device can be set.
    DepthBelowDevice,
    /// Deeper than the device can be set.
    DepthAboveDevice,
    /// Not one of the device's depth settings.
    DepthOffStep,
    /// Deeper than the device was evaluated for.
    DepthAboveEvaluated,
    /// Darker skin types treated deep: risk of post-inflammatory hyperpigmentation.
    PihRisk,
    /// A product lot expired before the session date.
    LotExpired,
    /// A serum or glide not approved (or not known to be approved) for intradermal use.
    NotIntradermal,
    /// A contraindication rule fired on the patient's medical history.
    Contraindication,
    /// The area was treated too recently (or is treated again too soon after).
    IntervalShort,
}

/// One warning or refusal, attached to the field it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Finding {
    /// Input path, as in field errors: `areas[0].needle_depth_mm`.
    pub field: String,
    /// Warn or block.
    pub level: FindingLevel,
    /// The rule.
    pub code: FindingCode,
    /// What was found and what the guidance says, as a sentence.
    pub message: String,
    /// The contraindication rule's code, for screening findings.
    pub rule: Option<String>,
    /// A screening block passed with a written reason: shown, no longer refusing.
    pub overridden: bool,
}

impl Finding {
    pub(crate) fn new(
        field: String,
        level: FindingLevel,
        code: FindingCode,
        message: String,
    ) -> Self {
        Finding {
            field,
            level,
            code,
            message,
            rule: None,
            overridden: false,
        }
    }
}

/// Everything judged about a session: the findings, and each rule's screening verdict
/// (stored with the session when it is saved).
pub(crate) struct Assessment<'a> {
    pub findings: Vec<Finding>,
    pub screening: Vec<screening::Outcome<'a>>,
}

/// The findings for a (possibly incomplete) session form, as it would be saved now.
pub fn check(db: &Db, input: &SessionInput) -> Result<Vec<Finding>> {
    db.read(|conn| {
        let reference = reference::load(conn)?;
        Ok(assess(conn, input, &reference)?.findings)
    })
}

/// Blocking findings as field errors, for a save to refuse.
pub(crate) fn blocks(findings: &[Finding]) -> Vec<FieldError> {
    findings
        .iter()
        .filter(|f| f.level == FindingLevel::Block && !f.overridden)
        .map(|f| FieldError::new(f.field.clone(), f.message.clone()))
        .collect()
}

/// Every rule over `input`, reading the patient and their history through `conn` (the save
/// passes its transaction, so the judgement and the write see the same data).
pub(crate) fn assess<'a>(
    conn: &Connection,
    input: &SessionInput,
    reference: &'a ReferenceData,
) -> Result<Assessment<'a>> {
    let start = DateTime::parse_from_rfc3339(input.started_at.trim()).ok();
    // The clinic's calendar day of the session: the offset the form sent is the clinic's.
    let session_day: Option<NaiveDate> = start.map(|t| t.date_naive());
    let fitzpatrick: Option<i32> = conn
        .prepare_cached("SELECT fitzpatrick FROM patient WHERE id = ?1")?
        .query_row(params![input.patient_id.to_string()], |r| r.get(0))
        .optional()?
        .flatten();

    let mut out = Vec::new();
    for (i, a) in input.areas.iter().enumerate() {
        let Some(um) = a.needle_depth_mm.and_then(|mm| depth_um(mm).ok()) else {
            continue;
        };
        let area = a
            .area_id
            .and_then(|id| reference.areas.iter().find(|r| r.id == id));
        let guidance = a
            .area_id
            .and_then(|id| reference.guidance_for(id, &input.indications));
        let device = a
            .device_model_id
            .and_then(|id| reference.device_models.iter().find(|d| d.id == id));
        out.extend(depth::findings(
            &format!("areas[{i}].needle_depth_mm"),
            &depth::Context {
                area,
                guidance,
                device,
                fitzpatrick,
                settings: &reference.settings,
            },
            um,
        ));
    }
    out.extend(products::intradermal_findings(input, reference));
    let mut outcomes = Vec::new();
    if let Some(day) = session_day {
        outcomes = screening::screen(conn, input, reference, day)?;
        out.extend(screening_findings(&outcomes, &input.overrides));
        for (i, p) in input.products.iter().enumerate() {
            let expiry = p
                .expiry_on
                .as_deref()
                .and_then(|e| NaiveDate::parse_from_str(e.trim(), "%Y-%m-%d").ok());
            if let Some(expiry) = expiry.filter(|e| *e < day) {
                out.push(Finding::new(
                    format!("products[{i}].expiry_on"),
                    FindingLevel::Block,
                    FindingCode::LotExpired,
                    format!(
                        "This lot expired on {}, before the session date. Use an unexpired lot.",
                        expiry.format("%-d %b %Y")
                    ),
                ));
            }
        }
    }
    if let Some(start) = start {
        out.extend(history::interval_findings(conn, input, reference, start)?);
    }
    Ok(Assessment {
        findings: out,
        screening: outcomes,
    })
}

/// Flagged rules as findings: a block stays a block, marked overridden when the form gives
/// a reason long enough to be one.
fn screening_findings(
    outcomes: &[screening::Outcome<'_>],
    overrides: &[ScreeningOverride],
) -> Vec<Finding> {
    outcomes
        .iter()
        .filter(|o| o.flagged())
        .map(|o| {
            let reason = screening::reason_for(overrides, &o.rule.code);
            let overridden = o.rule.severity == FindingLevel::Block
                && reason.chars().count() >= screening::OVERRIDE_REASON_MIN;
            let mut message = o.message.clone();
            if o.rule.severity == FindingLevel::Block && !overridden {
                message.push_str(if reason.is_empty() {
                    " To go ahead, write an override reason."
                } else {
                    " The override reason is too short: say why (at least 10 characters)."
                });
            }
            Finding {
                field: format!("screening.{}", o.rule.code),
                level: o.rule.severity,
                code: FindingCode::Contraindication,
                message,
                rule: Some(o.rule.code.clone()),
                overridden,
            }
        })
        .collect()
}
