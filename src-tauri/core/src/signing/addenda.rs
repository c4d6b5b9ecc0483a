//! Addenda: what is added to a signed session instead of changing it.

use rusqlite::params;

use super::{AddendumInput, AddendumKind};
use crate::accounts::{self, Role};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::reference;
use crate::sessions::{read::load, Session, SessionStatus};
use crate::validate::Check;

const REASON_MAX: usize = 500;

/// Adds an addendum to a signed session, by `by`. Corrections are for clinicians and need a
/// reason; follow-up reactions and review comments may also come from aestheticians. A
/// retry with the same id adds nothing. Returns the session with its addenda.
pub fn add_addendum(db: &Db, by: &Actor, input: AddendumInput) -> Result<Session> {
    let author = accounts::get(db, by.user_id)?;
    let allowed = match input.kind {
        AddendumKind::Correction => author.has(Role::Clinician),
        AddendumKind::FollowUp | AddendumKind::Comment => {
            author.has(Role::Clinician) || author.has(Role::Aesthetician)
        }
    };
    if !allowed {
        return Err(Error::Forbidden(
            "Only clinicians add corrections to a signed session.".into(),
        ));
    }
    let reference = db.read(reference::load)?;
    let mut c = Check::default();
    let reason = c.note("reason", &input.reason);
    let text = c.note("text", &input.text);
    if reason.chars().count() > REASON_MAX {
        c.fail(
            "reason",
            format!("The reason can be at most {REASON_MAX} characters."),
        );
    }
    match input.kind {
        AddendumKind::Correction => {
            if reason.is_empty() {
                c.fail("reason", "Say why the record is corrected.");
            }
            if text.is_empty() && input.corrections.is_empty() {
                c.fail("text", "Write the correction.");
            }
        }
        AddendumKind::FollowUp => {
            if input.reactions.is_empty() {
                c.fail("reactions", "Add the reactions seen at the follow-up.");
            }
        }
        AddendumKind::Comment => {
            if text.is_empty() {
                c.fail("text", "Write the comment.");
            }
        }
    }
    for (i, corr) in input.corrections.iter().enumerate() {
        c.required_line(
            &format!("corrections[{i}].field"),
            "Field",
            &corr.field,
            100,
        );
        c.optional_line(
            &format!("corrections[{i}].value"),
            "Value",
            Some(&corr.value),
            500,
        );
    }
    for (i, r) in input.reactions.iter().enumerate() {
        let f = |n: &str| format!("reactions[{i}].{n}");
        let kind = reference
            .reaction_types
            .iter()
            .find(|t| t.id == r.reaction_type_id);
        let scale = kind.and_then(|k| {
            reference
                .reaction_scales
                .iter()
                .find(|s| s.id == k.default_scale_id)
        });
        match scale {
            None => c.fail(f("reaction_type_id"), "Choose a reaction from the list."),
            Some(s) if r.grade < s.min_grade || r.grade > s.max_grade => c.fail(
                f("grade"),
                format!("Grade {} to {} on this scale.", s.min_grade, s.max_grade),
            ),
            Some(_) => {}
        }
        c.note(&f("note"), &r.note);
    }
    if input.kind != AddendumKind::Correction && !input.corrections.is_empty() {
        c.fail("corrections", "Only a correction carries corrected values.");
    }
    if input.kind != AddendumKind::FollowUp && !input.reactions.is_empty() {
        c.fail("reactions", "Only a follow-up carries reactions.");
    }
    c.finish()?;
    db.write_audited(by, |tx| {
        let session = load(tx, input.session_id)?;
        if session.status != SessionStatus::Signed {
            return Err(Error::Conflict(
                "This session is a draft: change it directly. Addenda are for signed sessions."
                    .into(),
            ));
        }
        if let Some(existing) = session.addenda.iter().find(|a| a.id == input.id) {
            if existing.kind != input.kind || existing.text != text {
                return Err(Error::Conflict(
                    "An addendum with this id already says something else.".into(),
                ));
            }
            let change = Change::new(Action::Addendum, "session", session.id)
                .patient(session.patient_id)
                .reason("retry: already recorded");
            return Ok((session, change));
        }
        let corrections = serde_json::to_string(&input.corrections)
            .map_err(|e| Error::CorruptData(e.to_string()))?;
        let reactions = serde_json::to_string(&input.reactions)
            .map_err(|e| Error::CorruptData(e.to_string()))?;
        tx.prepare_cached(
            "INSERT INTO session_addendum (id, session_id, kind, author_id, author_name,
                 created_at, reason, text, corrections, reactions, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            input.id.to_string(),
            session.id.to_string(),
            input.kind.code(),
            author.id.to_string(),
            author.signature_name,
            ts(by.now),
            reason,
            text,
            corrections,
            reactions,
            db.workstation_id().to_string()
        ])?;
        let after = load(tx, session.id)?;
        let added = after.addenda.iter().find(|a| a.id == input.id);
        let mut change = Change::new(Action::Addendum, "session", session.id)
            .patient(session.patient_id)
            .new_value(&added);
        if !reason.is_empty() {
            change = change.reason(reason.clone());
        }
        Ok((after, change))
    })
}
