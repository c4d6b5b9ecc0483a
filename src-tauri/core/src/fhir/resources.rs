//! Patient, Practitioner, Encounter, Procedure and Provenance resources.
//!
//! Invariants: Patient ids are patient ids, Encounter ids session ids, Procedure ids treated
//! area ids, Practitioner ids user ids and Provenance ids signature ids; every required R4
//! element is always set (Encounter.status and class, Procedure.status and subject,
//! Provenance.target, recorded and agent.who, Signature.type, when and who).

use serde_json::Value;

use super::codes::{self, local};
use super::elements::{coding, concept, date, instant, reference, reference_named, Obj};
use super::session::Visit;
use crate::accounts::User;
use crate::error::Result;
use crate::patients::Patient;
use crate::sessions::TreatedArea;
use crate::signing::Signature;

/// The patient: record number, name, gender (from sex at birth), birth date and contacts.
/// Archived patients are `active: false`. Free notes are not exported.
pub(super) fn patient(p: &Patient) -> Value {
    let identifier = p.mrn.as_deref().map(|mrn| {
        Obj::default()
            .set("use", "usual")
            .set(
                "type",
                concept(
                    vec![coding(
                        "http://terminology.hl7.org/CodeSystem/v2-0203",
                        "MR",
                        "Medical record number",
                    )],
                    "",
                ),
            )
            .set("system", codes::MRN)
            .set("value", mrn)
            .done()
    });
    let name = Obj::default()
        .set("use", "official")
        .set("family", p.family_name.as_str())
        .set("given", vec![Value::from(p.given_name.as_str())])
        .done();
    let telecom: Vec<Value> = [("phone", &p.phone), ("email", &p.email)]
        .into_iter()
        .filter_map(|(system, v)| {
            v.as_deref()
                .map(|v| Obj::default().set("system", system).set("value", v).done())
        })
        .collect();
    Obj::resource("Patient", p.id)
        .set("identifier", identifier.into_iter().collect::<Vec<_>>())
        .set("active", !p.archived)
        .set("name", vec![name])
        .set("telecom", telecom)
        .set("gender", codes::gender(p.sex_at_birth))
        .set("birthDate", date(p.date_of_birth))
        .done()
}

/// A user as a Practitioner: the printed (signature) name, the display name when it
/// differs, and the registration number.
pub(super) fn practitioner(u: &User) -> Value {
    let mut names = vec![Obj::default()
        .set("use", "official")
        .set("text", u.signature_name.as_str())
        .done()];
    if u.display_name.trim() != u.signature_name.trim() {
        names.push(
            Obj::default()
                .set("use", "usual")
                .set("text", u.display_name.as_str())
                .done(),
        );
    }
    let identifier = Obj::default()
        .set("system", codes::REGISTRATION)
        .set("value", u.registration.as_str())
        .done();
    let identifier = if identifier.get("value").is_some() {
        vec![identifier]
    } else {
        Vec::new()
    };
    Obj::resource("Practitioner", u.id)
        .set("identifier", identifier)
        .set("active", u.active)
        .set("name", names)
        .done()
}

/// The session as an ambulatory Encounter.
pub(super) fn encounter(v: &Visit<'_>) -> Result<Value> {
    let participant = Obj::default()
        .set(
            "type",
            vec![concept(
                vec![coding(codes::PARTICIPATION, "PPRF", "primary performer")],
                "",
            )],
        )
        .set("individual", v.performer())
        .done();
    Ok(Obj::resource("Encounter", v.session.id)
        .set("status", v.status.encounter)
        .set("class", coding(codes::ACT_CODE, "AMB", "ambulatory"))
        .set(
            "type",
            vec![concept(
                vec![local("microneedling-session")],
                codes::local_display("microneedling-session"),
            )],
        )
        .set("subject", reference(v.patient))
        .set("participant", vec![participant])
        .set("period", v.period())
        .set("reasonCode", v.reasons()?)
        .done())
}

/// One treated area as a microneedling Procedure, using `used` (its Device and the
/// Medications applied there), with `notes`. Its settings and endpoint are Observations.
pub(super) fn procedure(
    v: &Visit<'_>,
    area: &TreatedArea,
    used: Vec<Value>,
    notes: Vec<Value>,
) -> Result<Value> {
    Ok(Obj::resource("Procedure", area.id)
        .set("status", v.status.procedure)
        .set(
            "code",
            concept(
                vec![local("microneedling")],
                codes::local_display("microneedling"),
            ),
        )
        .set("subject", reference(v.patient))
        .set("encounter", reference(v.session.id))
        .set("performedPeriod", v.period())
        .set(
            "performer",
            vec![Obj::default().set("actor", v.performer()).done()],
        )
        .set("reasonCode", v.reasons()?)
        .set("bodySite", vec![v.body_site(area.area_id)?])
        .set("note", notes)
        .set("usedReference", used)
        .done())
}

/// A signature as Provenance of the session's recorded content (`targets`, resource ids).
pub(super) fn provenance(sig: &Signature, targets: &[String]) -> Value {
    let (sig_code, sig_display, agent_code, agent_display) = codes::signature(sig.meaning);
    let who = reference_named(sig.signer_id, &sig.signer_name);
    let target: Vec<Value> = targets
        .iter()
        .map(|id| {
            Obj::default()
                .set("reference", format!("urn:uuid:{id}"))
                .done()
        })
        .collect();
    Obj::resource("Provenance", sig.id)
        .set("target", target)
        .set("recorded", instant(sig.signed_at))
        .set(
            "agent",
            vec![Obj::default()
                .set(
                    "type",
                    concept(
                        vec![coding(codes::AGENT_TYPE, agent_code, agent_display)],
                        "",
                    ),
                )
                .set("who", who.clone())
                .done()],
        )
        .set(
            "signature",
            vec![Obj::default()
                .set(
                    "type",
                    vec![coding(codes::SIGNATURE_TYPE, sig_code, sig_display)],
                )
                .set("when", instant(sig.signed_at))
                .set("who", who)
                .done()],
        )
        .done()
}
