//! The FHIR R4 rules of `fhir_rules` proven able to fail: each deliberately broken copy of
//! the known patient's valid bundle is caught with the expected problem; and a generated
//! clinic exports as valid R4 at a larger size.

use dermalog_core::fhir;
use serde_json::{json, Value};

use uuid::Uuid;

use crate::fhir::url;
use crate::fhir_rules::validate;
use crate::fixtures::*;
use crate::known_record::{known, Known};

/// A broken copy of a valid bundle, and what the rules must say about it.
type Breakage = (&'static str, fn(&mut Value, &Known), &'static str);

fn resource_mut<'a>(b: &'a mut Value, t: &str) -> &'a mut Value {
    b["entry"]
        .as_array_mut()
        .expect("entries")
        .iter_mut()
        .map(|e| &mut e["resource"])
        .find(|r| r["resourceType"] == t)
        .unwrap_or_else(|| panic!("a {t}"))
}

#[test]
fn the_rules_reject_broken_bundles() {
    let k = known();
    let good = fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("export");
    validate(&good).assert_valid();
    let cases: &[Breakage] = &[
        (
            "missing status",
            |b, _| {
                resource_mut(b, "Procedure")
                    .as_object_mut()
                    .expect("obj")
                    .remove("status");
            },
            "status is required",
        ),
        (
            "dangling reference",
            |b, _| {
                resource_mut(b, "Observation")["partOf"][0]["reference"] =
                    json!(format!("urn:uuid:{}", Uuid::nil()));
            },
            "does not resolve",
        ),
        (
            "wrong target type",
            |b, k| {
                resource_mut(b, "Procedure")["subject"]["reference"] = json!(url(k.signed.id));
            },
            "is not an allowed target",
        ),
        (
            "empty string",
            |b, _| resource_mut(b, "Patient")["name"][0]["family"] = json!(""),
            "empty string",
        ),
        (
            "empty array",
            |b, _| resource_mut(b, "Procedure")["bodySite"] = json!([]),
            "empty array",
        ),
        (
            "bad gender",
            |b, _| resource_mut(b, "Patient")["gender"] = json!("f"),
            "gender",
        ),
        (
            "bad date",
            |b, _| resource_mut(b, "Patient")["birthDate"] = json!("12/04/1988"),
            "not a FHIR date",
        ),
        (
            "local time",
            |b, _| {
                resource_mut(b, "Provenance")["recorded"] = json!("2026-11-20T10:00:00");
            },
            "not a FHIR instant",
        ),
        (
            "coding without system",
            |b, _| {
                resource_mut(b, "Encounter")["class"] = json!({"code": "AMB"});
            },
            "coding without system",
        ),
        (
            "quantity not UCUM",
            |b, k| {
                let depth = b["entry"]
                    .as_array_mut()
                    .expect("entries")
                    .iter_mut()
                    .map(|e| &mut e["resource"])
                    .find(|r| {
                        r["partOf"][0]["reference"] == url(k.signed.areas[0].id)
                            && r.get("valueQuantity").is_some()
                    })
                    .expect("depth");
                depth["valueQuantity"]["system"] = json!("mm");
            },
            "not a UCUM quantity",
        ),
        (
            "no provenance agent",
            |b, _| {
                resource_mut(b, "Provenance")
                    .as_object_mut()
                    .expect("obj")
                    .remove("agent");
            },
            "agent is required",
        ),
        (
            "fullUrl differs from id",
            |b, _| b["entry"][3]["fullUrl"] = json!(url(Uuid::nil())),
            "fullUrl",
        ),
        (
            "unknown element",
            |b, _| resource_mut(b, "Device")["lot"] = json!("X"),
            "unknown element lot",
        ),
        (
            "bad id",
            |b, _| resource_mut(b, "Medication")["id"] = json!("not_an id"),
            "id does not match",
        ),
    ];
    for (name, breakage, expected) in cases {
        let mut broken = good.clone();
        breakage(&mut broken, &k);
        let report = validate(&broken);
        assert!(
            report.mentions(expected),
            "{name}: expected a problem mentioning {expected:?}, got {:?}",
            report.problems
        );
    }
}

#[test]
fn a_generated_clinic_exports_as_valid_r4() {
    use dermalog_core::demo::{self, DemoSpec};
    let t = fresh();
    let spec = DemoSpec {
        patients: 40,
        sessions: 400,
        seed: 7,
        heavy_patients: 1,
        heavy_sessions: 40,
    };
    demo::generate(&t.db, &spec, now().date_naive()).expect("generate");
    let mut out = Vec::new();
    let written = fhir::write_clinic_bundle(&t.db, now(), &mut out).expect("clinic");
    let report = validate(&serde_json::from_slice(&out).expect("JSON"));
    println!("FHIR R4 validation of a generated clinic: {report}");
    report.assert_valid();
    assert_eq!(written, report.total());
    assert_eq!(report.counts.get("Patient"), Some(&40));
    assert_eq!(report.counts.get("Encounter"), Some(&400));
}
