//! Contraindication screening: the clinic's rules (reference data, versioned) evaluated
//! against the patient's medical history with the session date as "now".
//!
//! Invariants:
//! - a rule is data: what it reads, which terms, the timing window, whether it is limited
//!   to the treated area or to some indications, and its severity are all columns;
//! - editing a rule raises its version, and every stored result names the version used and
//!   the history entries it saw, so an old session shows what was judged and why;
//! - a `block` is passed only with a written override reason (kept with who and when); a
//!   `warn` is acknowledged by saving with it shown.

mod evaluate;
mod rules;
mod store;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::guidance::FindingLevel;
use crate::medical::HistoryKind;

pub(crate) use evaluate::{screen, Outcome};
pub(crate) use rules::load_rules;
pub use rules::save_rule;
pub(crate) use store::{load_results, reason_for, write_results};

/// The fewest characters an override reason may have: a reason, not a keystroke.
pub const OVERRIDE_REASON_MIN: usize = 10;

/// When a history entry counts against the session date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Ongoing on the session date.
    Current,
    /// Ongoing, or ended less than the rule's window before the session date.
    Within,
    /// Started on or before the session date, at any time.
    Ever,
}

/// The unit of a rule's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WindowUnit {
    /// Calendar days.
    Days,
    /// Weeks of 7 days.
    Weeks,
    /// Calendar months (a month after 31 January is the last day of February).
    Months,
}

/// A contraindication rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rule {
    /// Row id.
    pub id: Uuid,
    /// Stable code (`isotretinoin_recent`).
    pub code: String,
    /// What it is about, shown as the finding's headline.
    pub description: String,
    /// The kind of history it reads.
    pub reads: HistoryKind,
    /// History term codes that trigger it.
    pub terms: Vec<String>,
    /// When an entry counts.
    pub timing: Timing,
    /// With `within`: how long after an entry ended it still counts.
    pub window_count: Option<i32>,
    /// With `within`: the unit of `window_count`.
    pub window_unit: Option<WindowUnit>,
    /// Entries recorded for an area count only when a treated area overlaps it.
    pub in_area: bool,
    /// Applies only when the session treats one of these indications (empty: always).
    pub indications: Vec<String>,
    /// Block or warn.
    pub severity: FindingLevel,
    /// What to do about it.
    pub advice: String,
    /// Where the rule comes from.
    pub source: String,
    /// Raised by every edit.
    pub version: i32,
    /// Inactive rules are not evaluated.
    pub active: bool,
}

/// Adds or edits a rule. A new `id` adds one; editing raises the version.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RuleInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Stable code: lowercase letters, digits and `_`.
    pub code: String,
    /// Headline.
    pub description: String,
    /// The kind of history it reads.
    pub reads: HistoryKind,
    /// Term codes (of that kind).
    pub terms: Vec<String>,
    /// Timing.
    pub timing: Timing,
    /// Window length, with `within`.
    pub window_count: Option<i32>,
    /// Window unit, with `within`.
    pub window_unit: Option<WindowUnit>,
    /// Limited to the treated area.
    pub in_area: bool,
    /// Indication codes (empty: all).
    pub indications: Vec<String>,
    /// Block or warn.
    pub severity: FindingLevel,
    /// Advice.
    pub advice: String,
    /// Source.
    pub source: String,
    /// Evaluated or not.
    pub active: bool,
}

/// A written reason to go ahead despite a blocking rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScreeningOverride {
    /// The rule's code.
    pub rule_code: String,
    /// Why the session goes ahead.
    pub reason: String,
}

/// A history entry a rule saw, as it was when the session was screened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Evidence {
    /// The history entry.
    pub entry_id: Uuid,
    /// Its term code.
    pub term: String,
    /// Its start.
    #[ts(type = "string | null")]
    pub started_on: Option<NaiveDate>,
    /// Its end.
    #[ts(type = "string | null")]
    pub ended_on: Option<NaiveDate>,
    /// Its area.
    pub area_id: Option<Uuid>,
}

/// The stored result of one rule for one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScreeningResult {
    /// The rule.
    pub rule_id: Uuid,
    /// Its code.
    pub rule_code: String,
    /// The version evaluated.
    pub rule_version: i32,
    /// Its severity then.
    pub severity: FindingLevel,
    /// Whether it fired.
    pub flagged: bool,
    /// What it saw.
    pub evidence: Vec<Evidence>,
    /// The sentence shown.
    pub message: String,
    /// Why a block was passed.
    pub override_reason: Option<String>,
    /// Who passed the block or acknowledged the warning.
    pub decided_by: Option<String>,
    /// When (UTC).
    #[ts(type = "string | null")]
    pub decided_at: Option<DateTime<Utc>>,
}
