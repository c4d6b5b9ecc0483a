//! Observations: a treated area's settings (needle depth in UCUM mm, passes, speed level,
//! pattern, clinical endpoint), graded reactions (from the session and from follow-up
//! addenda) and the pain score.
//!
//! Invariants: every Observation has status, code, subject (the Patient), encounter and
//! partOf (the Procedure(s) it belongs to); a setting's id is derived from its treated area
//! and kind, a reaction's is the reaction's id, a follow-up's is derived from its addendum
//! and position. A grade must be on its scale: a grade with no label is corrupt data.

use serde_json::{json, Value};
use uuid::Uuid;

use super::codes::{self, local};
use super::elements::{
    annotation, coding, concept, derived_id, instant, reference, reference_named, ucum, Obj,
};
use super::session::Visit;
use crate::error::{Error, Result};
use crate::sessions::{Reaction, TimePoint, TreatedArea};
use crate::signing::{Addendum, FollowUpReaction};

/// What every Observation of `v` shares: status, category, code, subject, encounter,
/// partOf and performer.
fn base(v: &Visit<'_>, id: Uuid, category: &str, code: Value, part_of: Vec<Value>) -> Obj {
    Obj::resource("Observation", id)
        .set("status", v.status.observation)
        .set(
            "category",
            vec![concept(
                vec![coding(
                    codes::OBSERVATION_CATEGORY,
                    category,
                    match category {
                        "procedure" => "Procedure",
                        "exam" => "Exam",
                        _ => "Survey",
                    },
                )],
                "",
            )],
        )
        .set("code", code)
        .set("subject", reference(v.patient))
        .set("encounter", reference(v.session.id))
        .set("partOf", part_of)
}

/// A local code as a CodeableConcept.
fn local_concept(code: &str) -> Value {
    concept(vec![local(code)], codes::local_display(code))
}

/// The settings of one treated area, each partOf its Procedure.
pub(super) fn area_settings(v: &Visit<'_>, area: &TreatedArea) -> Result<Vec<Value>> {
    let depth = serde_json::Number::from_f64(area.needle_depth_mm)
        .ok_or_else(|| Error::CorruptData("treated_area.needle_depth_um is not a number".into()))?;
    let mut values: Vec<(&str, &str, Value)> = vec![
        (
            "needle-depth",
            "valueQuantity",
            ucum(Value::Number(depth), "mm", "mm"),
        ),
        ("passes", "valueInteger", json!(area.passes)),
    ];
    if let Some(speed) = area.speed_level {
        values.push(("speed-level", "valueInteger", json!(speed)));
    }
    if let Some(p) = area.pattern {
        values.push((
            "needle-pattern",
            "valueCodeableConcept",
            local_concept(codes::pattern(p)),
        ));
    }
    if let Some(e) = area.endpoint.as_deref().filter(|e| !e.trim().is_empty()) {
        values.push(("clinical-endpoint", "valueString", json!(e)));
    }
    let site = v.body_site(area.area_id)?;
    let effective = instant(v.session.started_at);
    Ok(values
        .into_iter()
        .map(|(kind, key, value)| {
            base(
                v,
                derived_id(area.id, kind),
                "procedure",
                local_concept(kind),
                vec![reference(area.id)],
            )
            .set("effectiveDateTime", effective.as_str())
            .maybe("performer", v.author.map(|a| vec![reference(a)]))
            .set(key, value)
            .set("bodySite", site.clone())
            .set("device", reference(super::products::device_id(area)))
            .done()
        })
        .collect())
}

/// A graded reaction: what (SNOMED CT where known, and the local type), the grade on its
/// scale, when (time point) and where.
struct Graded<'a> {
    id: Uuid,
    reaction_type_id: Uuid,
    scale_id: Uuid,
    grade: i32,
    time_point: TimePoint,
    area_id: Option<Uuid>,
    note: &'a str,
}

fn graded(v: &Visit<'_>, r: &Graded<'_>) -> Result<Obj> {
    let t = v.catalog.reaction_type(r.reaction_type_id)?;
    let scale = v.catalog.scale(r.scale_id)?;
    let label = scale
        .label(r.grade)
        .ok_or_else(|| Error::CorruptData("a reaction grade is not on its scale".into()))?;
    let mut codings = Vec::new();
    if let Some((sct, display)) = codes::reaction_snomed(&t.code) {
        codings.push(coding(codes::SNOMED, sct, display));
    }
    codings.push(coding(codes::REACTION_TYPE, &t.code, &t.name));
    let grade = concept(
        vec![coding(
            codes::REACTION_GRADE,
            &format!("{}-{}", scale.code, r.grade),
            label,
        )],
        &format!("{label} ({} {})", scale.name, r.grade),
    );
    let time_point = Obj::default()
        .set("code", local_concept("reaction-time-point"))
        .set(
            "valueCodeableConcept",
            local_concept(codes::time_point(r.time_point)),
        )
        .done();
    let site = r.area_id.map(|a| v.body_site(a)).transpose()?;
    Ok(base(
        v,
        r.id,
        "exam",
        concept(codings, &t.name),
        v.procedures_for(r.area_id),
    )
    .set("valueCodeableConcept", grade)
    .set(
        "method",
        concept(
            vec![coding(codes::REACTION_SCALE, &scale.code, &scale.name)],
            "",
        ),
    )
    .maybe("bodySite", site)
    .set("note", vec![annotation(r.note, None, None)])
    .set("component", vec![time_point]))
}

/// A reaction recorded with the session. Only an immediate one has a known time (the
/// session's start); later time points are in the component.
pub(super) fn reaction(v: &Visit<'_>, r: &Reaction) -> Result<Value> {
    let obs = graded(
        v,
        &Graded {
            id: r.id,
            reaction_type_id: r.reaction_type_id,
            scale_id: r.scale_id,
            grade: r.grade,
            time_point: r.time_point,
            area_id: r.area_id,
            note: &r.note,
        },
    )?;
    let effective = (r.time_point == TimePoint::Immediate).then(|| instant(v.session.started_at));
    Ok(obs
        .maybe("effectiveDateTime", effective)
        .maybe("performer", v.author.map(|a| vec![reference(a)]))
        .done())
}

/// The `n`th reaction of follow-up addendum `a`, graded on its type's default scale,
/// performed by the addendum's author and issued when it was added.
pub(super) fn follow_up(
    v: &Visit<'_>,
    a: &Addendum,
    n: usize,
    r: &FollowUpReaction,
) -> Result<Value> {
    let scale_id = v
        .catalog
        .reaction_type(r.reaction_type_id)?
        .default_scale_id;
    let obs = graded(
        v,
        &Graded {
            id: derived_id(a.id, &format!("reaction-{n}")),
            reaction_type_id: r.reaction_type_id,
            scale_id,
            grade: r.grade,
            time_point: r.time_point,
            area_id: r.area_id,
            note: &r.note,
        },
    )?;
    Ok(obs
        .set("status", "final")
        .set("issued", instant(a.created_at))
        .set(
            "performer",
            vec![reference_named(a.author_id, &a.author_name)],
        )
        .done())
}

/// The session's pain score (0–10, LOINC 72514-3), partOf every Procedure.
pub(super) fn pain(v: &Visit<'_>, score: i32) -> Value {
    let (code, display) = codes::PAIN_LOINC;
    base(
        v,
        derived_id(v.session.id, "pain-score"),
        "survey",
        concept(
            vec![coding(codes::LOINC, code, display)],
            "Pain score (0-10)",
        ),
        v.procedures_for(None),
    )
    .set("effectiveDateTime", instant(v.session.started_at))
    .set("valueInteger", score)
    .done()
}
