//! Storing a session's screening: every active rule's verdict, replaced as a whole when a
//! draft is saved again (it is screened again against the history as it is then).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};
use uuid::Uuid;

use super::{Outcome, ScreeningOverride, ScreeningResult};
use crate::db::{parse_id, parse_ts, ts};
use crate::error::{Error, Result};
use crate::guidance::FindingLevel;

/// The override reason given for a rule, trimmed; empty when none.
pub(crate) fn reason_for<'a>(overrides: &'a [ScreeningOverride], code: &str) -> &'a str {
    overrides
        .iter()
        .find(|o| o.rule_code == code)
        .map_or("", |o| o.reason.trim())
}

/// Replaces the session's screening results. Flagged rules are recorded as decided by the
/// clinician at `now`: a block with its override reason, a warning as acknowledged.
pub(crate) fn write_results(
    tx: &Transaction<'_>,
    session: Uuid,
    outcomes: &[Outcome<'_>],
    overrides: &[ScreeningOverride],
    clinician: &str,
    now: DateTime<Utc>,
    workstation: &str,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM screening_result WHERE session_id = ?1")?
        .execute(params![session.to_string()])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO screening_result (id, session_id, rule_id, rule_version, severity, flagged,
             evidence, message, override_reason, decided_by, decided_at, created_at, updated_at,
             workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
    )?;
    let now = ts(now);
    for o in outcomes {
        let flagged = o.flagged();
        let reason = reason_for(overrides, &o.rule.code);
        let override_reason =
            (flagged && o.rule.severity == FindingLevel::Block).then(|| reason.to_string());
        let evidence =
            serde_json::to_string(&o.evidence).map_err(|e| Error::CorruptData(e.to_string()))?;
        insert.execute(params![
            Uuid::now_v7().to_string(),
            session.to_string(),
            o.rule.id.to_string(),
            o.rule.version,
            o.rule.severity.as_str(),
            flagged,
            evidence,
            o.message,
            override_reason,
            flagged.then_some(clinician),
            flagged.then_some(&now),
            now,
            workstation,
        ])?;
    }
    Ok(())
}

/// Stored screening of the sessions `filter` (on `session_id`, bound to `key`) selects, as
/// (session id, result): flagged rules first, then in the clinic's rule order.
pub(crate) fn load_results(
    conn: &Connection,
    filter: &str,
    key: &str,
    flagged_only: bool,
) -> Result<Vec<(Uuid, ScreeningResult)>> {
    let flagged = if flagged_only {
        "AND s.flagged = 1"
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.rule_id, r.code, s.rule_version, s.severity, s.flagged, s.evidence, s.message,
                s.override_reason, s.decided_by, s.decided_at, s.session_id
         FROM screening_result s JOIN contraindication_rule r ON r.id = s.rule_id
         WHERE {filter} {flagged} ORDER BY s.flagged DESC, r.sort_order"
    ))?;
    let mut rows = stmt.query(params![key])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let evidence: String = r.get(5)?;
        let result = ScreeningResult {
            rule_id: parse_id("screening_result.rule_id", &r.get::<_, String>(0)?)?,
            rule_code: r.get(1)?,
            rule_version: r.get(2)?,
            severity: FindingLevel::parse(&r.get::<_, String>(3)?)?,
            flagged: r.get(4)?,
            evidence: serde_json::from_str(&evidence).map_err(|_| {
                Error::CorruptData("screening_result.evidence is not a list of entries".into())
            })?,
            message: r.get(6)?,
            override_reason: r.get(7)?,
            decided_by: r.get(8)?,
            decided_at: r
                .get::<_, Option<String>>(9)?
                .map(|t| parse_ts("screening_result.decided_at", &t))
                .transpose()?,
        };
        out.push((
            parse_id("screening_result.session_id", &r.get::<_, String>(10)?)?,
            result,
        ));
    }
    Ok(out)
}
