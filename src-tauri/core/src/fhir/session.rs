//! One session as FHIR resources, in a fixed order: Encounter; per treated area its
//! Procedure, Device and setting Observations; reaction and pain Observations; per product
//! its Medication and MedicationAdministration; follow-up reaction Observations from
//! addenda; then one Provenance per signature.
//!
//! Invariants: a signature's Provenance targets what the session itself recorded (not the
//! addenda added after it); a product or reaction on an area that the session treated links
//! to that area's Procedure(s), otherwise to every Procedure of the session; a session's
//! notes and its addenda are notes on its Procedures.

use serde_json::Value;
use uuid::Uuid;

use super::codes::{self, Statuses};
use super::elements::{annotation, coding, concept, named_only, period, reference_named};
use super::{observations, products, resources, Catalog};
use crate::error::Result;
use crate::patients::Patient;
use crate::sessions::{Session, TreatedArea};
use crate::signing::{Addendum, AddendumKind, Meaning};

/// A session with what every resource built from it needs.
pub(super) struct Visit<'a> {
    pub catalog: &'a Catalog,
    pub patient: Uuid,
    pub session: &'a Session,
    pub status: Statuses,
    /// The author signer (the treating clinician), once the session is signed.
    pub author: Option<Uuid>,
}

impl Visit<'_> {
    /// Who treated: the author's Practitioner when signed, else the recorded name only.
    pub fn performer(&self) -> Value {
        match self.author {
            Some(id) => reference_named(id, &self.session.clinician_name),
            None => named_only(&self.session.clinician_name),
        }
    }

    /// The session's period.
    pub fn period(&self) -> Value {
        period(self.session.started_at, self.session.ended_at)
    }

    /// The treated areas a product or reaction on `area` concerns: those of that area, or
    /// all of them when it names none (or one the session did not treat).
    pub fn areas_for(&self, area: Option<Uuid>) -> Vec<&TreatedArea> {
        let all = &self.session.areas;
        let matching: Vec<&TreatedArea> = match area {
            Some(a) => all.iter().filter(|t| t.area_id == a).collect(),
            None => Vec::new(),
        };
        if matching.is_empty() {
            all.iter().collect()
        } else {
            matching
        }
    }

    /// References to the Procedures of [`Visit::areas_for`].
    pub fn procedures_for(&self, area: Option<Uuid>) -> Vec<Value> {
        self.areas_for(area)
            .iter()
            .map(|t| super::elements::reference(t.id))
            .collect()
    }

    /// The session's indications as reason codes.
    pub fn reasons(&self) -> Result<Vec<Value>> {
        self.session
            .indications
            .iter()
            .map(|code| {
                let i = self.catalog.indication(code)?;
                Ok(concept(
                    vec![coding(codes::INDICATION, &i.code, &i.name)],
                    &i.name,
                ))
            })
            .collect()
    }

    /// An area as a body site: SNOMED CT where the area table has it, and the local code.
    pub fn body_site(&self, area_id: Uuid) -> Result<Value> {
        let a = self.catalog.area(area_id)?;
        let mut codings = Vec::new();
        if let Some(sct) = a.snomed_code.as_deref().filter(|c| !c.trim().is_empty()) {
            codings.push(coding(codes::SNOMED, sct.trim(), ""));
        }
        codings.push(coding(codes::AREA, &a.code, &a.name));
        Ok(concept(codings, &a.name))
    }
}

/// Appends the resources of `session` (of `patient`) to `out`.
pub(super) fn build(
    catalog: &Catalog,
    patient: &Patient,
    session: &Session,
    out: &mut Vec<Value>,
) -> Result<()> {
    let visit = Visit {
        catalog,
        patient: patient.id,
        session,
        status: codes::statuses(session.status),
        author: session
            .signatures
            .iter()
            .find(|s| s.meaning == Meaning::Author)
            .map(|s| s.signer_id),
    };
    let start = out.len();
    out.push(resources::encounter(&visit)?);
    let mut notes = procedure_notes(&visit);
    for (i, area) in session.areas.iter().enumerate() {
        let device = products::device(&visit, area)?;
        let mut used = vec![super::elements::reference(products::device_id(area))];
        used.extend(
            session
                .products
                .iter()
                .filter(|p| visit.areas_for(p.area_id).iter().any(|t| t.id == area.id))
                .map(|p| super::elements::reference(p.id)),
        );
        let area_notes = std::mem::take(&mut notes[i]);
        out.push(resources::procedure(&visit, area, used, area_notes)?);
        out.push(device);
        out.extend(observations::area_settings(&visit, area)?);
    }
    for r in &session.reactions {
        out.push(observations::reaction(&visit, r)?);
    }
    if let Some(score) = session.pain_score {
        out.push(observations::pain(&visit, score));
    }
    for p in &session.products {
        out.push(products::medication(p));
        out.push(products::administration(&visit, p));
    }
    let signed: Vec<String> = out[start..]
        .iter()
        .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
        .collect();
    for a in &session.addenda {
        for (n, r) in a.reactions.iter().enumerate() {
            out.push(observations::follow_up(&visit, a, n, r)?);
        }
    }
    for sig in &session.signatures {
        out.push(resources::provenance(sig, &signed));
    }
    Ok(())
}

/// The notes of each treated area's Procedure, in area order: the area's own note, the
/// session's note, then the addenda that concern it, oldest first.
fn procedure_notes(visit: &Visit<'_>) -> Vec<Vec<Value>> {
    let s = visit.session;
    let mut notes: Vec<Vec<Value>> = s
        .areas
        .iter()
        .map(|a| {
            let mut n = Vec::new();
            if !a.notes.trim().is_empty() {
                n.push(annotation(&a.notes, None, None));
            }
            if !s.notes.trim().is_empty() {
                n.push(annotation(
                    &format!("Session note: {}", s.notes.trim()),
                    None,
                    None,
                ));
            }
            n
        })
        .collect();
    for a in &s.addenda {
        let note = annotation(
            &addendum_text(a),
            Some(reference_named(a.author_id, &a.author_name)),
            Some(a.created_at),
        );
        let targets = corrected_areas(a, s.areas.len());
        for (i, n) in notes.iter_mut().enumerate() {
            if targets.as_ref().is_none_or(|t| t.contains(&i)) {
                n.push(note.clone());
            }
        }
    }
    notes
}

/// An addendum as note text: its kind, reason, text and corrected values.
fn addendum_text(a: &Addendum) -> String {
    let mut lines = vec![match a.kind {
        AddendumKind::Correction => "Addendum: correction.".to_string(),
        AddendumKind::FollowUp => "Addendum: follow-up reactions (see Observations).".to_string(),
        AddendumKind::Comment => "Addendum: review comment.".to_string(),
    }];
    if !a.reason.trim().is_empty() {
        lines.push(format!("Reason: {}", a.reason.trim()));
    }
    if !a.text.trim().is_empty() {
        lines.push(a.text.trim().to_string());
    }
    for c in &a.corrections {
        lines.push(format!("Corrected {}: {}", c.field, c.value));
    }
    lines.join("\n")
}

/// The area indexes a correction names (`areas[1].needle_depth_mm`), when every corrected
/// field names one; `None` when the addendum concerns the whole session.
fn corrected_areas(a: &Addendum, areas: usize) -> Option<Vec<usize>> {
    if a.corrections.is_empty() {
        return None;
    }
    a.corrections
        .iter()
        .map(|c| {
            let rest = c.field.strip_prefix("areas[")?;
            let i: usize = rest.get(..rest.find(']')?)?.parse().ok()?;
            (i < areas).then_some(i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::Correction;

    fn correction(fields: &[&str]) -> Addendum {
        Addendum {
            id: Uuid::nil(),
            kind: AddendumKind::Correction,
            author_id: Uuid::nil(),
            author_name: "x".into(),
            created_at: chrono::DateTime::from_timestamp(0, 0).expect("epoch"),
            reason: "r".into(),
            text: String::new(),
            corrections: fields
                .iter()
                .map(|f| Correction {
                    field: (*f).into(),
                    value: "1".into(),
                })
                .collect(),
            reactions: vec![],
        }
    }

    #[test]
    fn a_correction_lands_on_the_areas_it_names_else_on_all() {
        assert_eq!(
            corrected_areas(&correction(&["areas[1].needle_depth_mm"]), 2),
            Some(vec![1])
        );
        assert_eq!(
            corrected_areas(&correction(&["areas[1].passes", "notes"]), 2),
            None
        );
        assert_eq!(corrected_areas(&correction(&["areas[5].passes"]), 2), None);
        assert_eq!(corrected_areas(&correction(&[]), 2), None);
    }
}
