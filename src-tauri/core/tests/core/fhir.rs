//! FHIR R4 export on a known record: the bundle passes the R4 rules of `fhir_rules`, holds
//! exactly the expected resources and values, the clinic export streams the same entries,
//! exports repeat byte for byte, and the rules are shown to catch broken bundles.

use std::collections::BTreeMap;

use dermalog_core::{fhir, sessions};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::fhir_rules::validate;
use crate::fixtures::*;
use crate::known_record::known;

pub(crate) fn url(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn resources(bundle: &Value) -> Vec<&Value> {
    bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .collect()
}

fn of_type<'a>(bundle: &'a Value, t: &str) -> Vec<&'a Value> {
    resources(bundle)
        .into_iter()
        .filter(|r| r["resourceType"] == t)
        .collect()
}

fn by_id(bundle: &Value, id: Uuid) -> &Value {
    resources(bundle)
        .into_iter()
        .find(|r| r["id"] == id.to_string())
        .unwrap_or_else(|| panic!("resource {id}"))
}

/// The codes of a CodeableConcept's codings in `system`.
fn codes_in(concept: &Value, system: &str) -> Vec<String> {
    concept["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["system"] == system)
        .filter_map(|c| c["code"].as_str().map(str::to_string))
        .collect()
}

fn refs(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["reference"].as_str().map(str::to_string))
        .collect()
}

/// The Observation of local `kind` that is partOf the Procedure `procedure`.
fn setting<'a>(bundle: &'a Value, procedure: Uuid, kind: &str) -> &'a Value {
    of_type(bundle, "Observation")
        .into_iter()
        .find(|o| {
            codes_in(&o["code"], fhir::MICRONEEDLING) == [kind]
                && refs(&o["partOf"]) == [url(procedure)]
        })
        .unwrap_or_else(|| panic!("{kind} observation"))
}

#[test]
fn a_patient_bundle_is_valid_r4_with_the_expected_resources() {
    let k = known();
    let b = fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("export");
    let report = validate(&b);
    println!("FHIR R4 validation of the known patient bundle: {report}");
    report.assert_valid();
    let expected: BTreeMap<String, usize> = [
        ("CodeSystem", 1),
        ("Practitioner", 2),
        ("Patient", 1),
        ("Encounter", 2),
        ("Procedure", 3),
        ("Device", 3),
        ("Observation", 18),
        ("Medication", 2),
        ("MedicationAdministration", 2),
        ("Provenance", 2),
    ]
    .into_iter()
    .map(|(t, n)| (t.to_string(), n))
    .collect();
    assert_eq!(report.counts, expected);
    assert_eq!(b["type"], "collection");
    assert_eq!(b["timestamp"], "2026-11-20T10:00:00Z");

    let p = by_id(&b, k.ada.id);
    assert_eq!(p["gender"], "female");
    assert_eq!(p["birthDate"], "1988-04-12");
    assert_eq!(p["active"], true);
    assert_eq!(p["identifier"][0]["system"], fhir::MRN);
    assert_eq!(p["identifier"][0]["value"], "DL-0001");
    assert_eq!(p["name"][0]["family"], "Lovelace");
    assert_eq!(p["telecom"].as_array().map(Vec::len), Some(2));
}

#[test]
fn procedures_carry_body_site_performer_devices_products_and_notes() {
    let k = known();
    let b = fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("export");
    let (cheek, forehead) = (&k.signed.areas[0], &k.signed.areas[1]);
    let (serum, glide) = (&k.signed.products[0], &k.signed.products[1]);

    let enc = by_id(&b, k.signed.id);
    assert_eq!(enc["status"], "finished");
    assert_eq!(enc["class"]["code"], "AMB");
    assert_eq!(
        enc["period"],
        json!({"start": "2026-11-20T08:00:00Z", "end": "2026-11-20T08:40:00Z"})
    );
    assert_eq!(by_id(&b, k.draft.id)["status"], "in-progress");

    let pc = by_id(&b, cheek.id);
    assert_eq!(pc["status"], "completed");
    assert_eq!(
        codes_in(&pc["code"], fhir::MICRONEEDLING),
        ["microneedling"]
    );
    assert_eq!(codes_in(&pc["bodySite"][0], fhir::SNOMED), ["60819002"]);
    assert_eq!(codes_in(&pc["bodySite"][0], fhir::AREA), ["cheek_left"]);
    assert_eq!(pc["subject"]["reference"], url(k.ada.id));
    assert_eq!(pc["encounter"]["reference"], url(k.signed.id));
    assert_eq!(pc["performer"][0]["actor"]["reference"], url(USER_ID));
    assert_eq!(pc["performer"][0]["actor"]["display"], "Dr. Imani Okafor");
    let used = refs(&pc["usedReference"]);
    assert!(
        used.contains(&url(serum.id)),
        "a product on no area is used on every area"
    );
    assert!(
        !used.contains(&url(glide.id)),
        "the glide went on the forehead only"
    );
    let pf = by_id(&b, forehead.id);
    assert_eq!(codes_in(&pf["bodySite"][0], fhir::SNOMED), ["52795006"]);
    assert!(refs(&pf["usedReference"]).contains(&url(glide.id)));
    let notes = |p: &Value| -> String { p["note"].to_string() };
    assert!(notes(pf).contains("Corrected areas[1].needle_depth_mm: 0.75"));
    assert!(notes(pf).contains("Reason: Depth misread from the pen display"));
    let correction = pf["note"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n.to_string().contains("Corrected")))
        .expect("correction note");
    assert_eq!(correction["authorReference"]["reference"], url(USER_ID));
    assert_eq!(correction["time"], "2026-11-20T10:00:00Z");
    assert!(
        !notes(pc).contains("Corrected"),
        "the correction names the forehead only"
    );
    assert!(notes(pc).contains("Session note: Tolerated well."));
    assert!(notes(pc).contains("follow-up reactions"));

    let dev = by_id(
        &b,
        Uuid::parse_str(refs(&pc["usedReference"])[0].trim_start_matches("urn:uuid:")).expect("id"),
    );
    assert_eq!(dev["resourceType"], "Device");
    assert_eq!(dev["lotNumber"], "CART-2291");
    assert_eq!(
        dev["deviceName"],
        json!([{"name": "Dermapen 4", "type": "model-name"}])
    );
    assert_eq!(dev["property"][0]["valueQuantity"][0]["value"], 16);
    let scalp = &k.draft.areas[0];
    let roller = of_type(&b, "Device")
        .into_iter()
        .find(|d| d["lotNumber"] == "ROLL-77")
        .expect("roller");
    assert_eq!(roller["manufacturer"], "Generic");
    assert_eq!(roller["deviceName"][0]["name"], "Roller 1.0 mm");
    assert_eq!(
        codes_in(&roller["type"], fhir::MICRONEEDLING),
        ["derma-roller"]
    );
    assert_eq!(by_id(&b, scalp.id)["status"], "in-progress");
    assert_eq!(
        codes_in(&by_id(&b, scalp.id)["bodySite"][0], fhir::SNOMED),
        ["41695006"]
    );
}

#[test]
fn observations_hold_depth_in_mm_passes_and_graded_reactions_part_of_their_procedure() {
    let k = known();
    let b = fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("export");
    let (cheek, forehead) = (&k.signed.areas[0], &k.signed.areas[1]);
    let depth = setting(&b, cheek.id, "needle-depth");
    assert_eq!(
        depth["valueQuantity"],
        json!({"value": 1.5, "unit": "mm", "system": fhir::UCUM, "code": "mm"})
    );
    assert_eq!(depth["status"], "final");
    assert_eq!(depth["effectiveDateTime"], "2026-11-20T08:00:00Z");
    assert_eq!(
        setting(&b, forehead.id, "needle-depth")["valueQuantity"]["value"],
        0.5
    );
    assert_eq!(setting(&b, cheek.id, "passes")["valueInteger"], 3);
    assert_eq!(setting(&b, cheek.id, "speed-level")["valueInteger"], 5);
    assert_eq!(
        codes_in(
            &setting(&b, cheek.id, "needle-pattern")["valueCodeableConcept"],
            fhir::MICRONEEDLING
        ),
        ["crosshatch"]
    );
    let scalp_depth = setting(&b, k.draft.areas[0].id, "needle-depth");
    assert_eq!(
        scalp_depth["status"], "preliminary",
        "a draft's measurements"
    );
    assert_eq!(scalp_depth["valueQuantity"]["value"], 1.0);

    let erythema = by_id(&b, k.signed.reactions[0].id);
    assert_eq!(codes_in(&erythema["code"], fhir::SNOMED), ["247441003"]);
    assert_eq!(
        codes_in(&erythema["valueCodeableConcept"], fhir::REACTION_GRADE),
        ["cea-2"]
    );
    assert_eq!(
        erythema["valueCodeableConcept"]["coding"][0]["display"],
        "mild"
    );
    assert_eq!(refs(&erythema["partOf"]), [url(cheek.id)]);
    assert_eq!(codes_in(&erythema["bodySite"], fhir::SNOMED), ["60819002"]);
    assert_eq!(erythema["effectiveDateTime"], "2026-11-20T08:00:00Z");
    let edema = by_id(&b, k.signed.reactions[1].id);
    assert_eq!(codes_in(&edema["code"], fhir::SNOMED), ["267038008"]);
    assert_eq!(
        codes_in(&edema["valueCodeableConcept"], fhir::REACTION_GRADE),
        ["draize-3"]
    );
    assert_eq!(refs(&edema["partOf"]), [url(cheek.id), url(forehead.id)]);
    assert!(
        edema.get("effectiveDateTime").is_none(),
        "24 h after: no recorded time"
    );
    assert_eq!(
        codes_in(
            &edema["component"][0]["valueCodeableConcept"],
            fhir::MICRONEEDLING
        ),
        ["h24"]
    );
    assert_eq!(edema["note"][0]["text"], "Settled by day 3.");

    let follow_up = of_type(&b, "Observation")
        .into_iter()
        .find(|o| o.get("issued").is_some())
        .expect("follow-up reaction");
    assert_eq!(
        codes_in(&follow_up["valueCodeableConcept"], fhir::REACTION_GRADE),
        ["cea-1"]
    );
    assert_eq!(follow_up["performer"][0]["reference"], url(USER_ID));
    assert_eq!(refs(&follow_up["partOf"]), [url(cheek.id)]);
}

#[test]
fn products_have_batches_and_signatures_become_provenance() {
    let k = known();
    let b = fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("export");
    let (serum, glide) = (&k.signed.products[0], &k.signed.products[1]);
    let m = by_id(&b, serum.id);
    assert_eq!(m["code"]["text"], "Hyaluronic acid serum");
    assert_eq!(
        m["batch"],
        json!({"lotNumber": "HA-7781", "expirationDate": "2027-06-30"})
    );
    assert_eq!(
        by_id(&b, glide.id)["batch"],
        json!({"lotNumber": "GL-0042"})
    );
    let admin = |id: Uuid| {
        of_type(&b, "MedicationAdministration")
            .into_iter()
            .find(|a| a["medicationReference"]["reference"] == url(id))
            .expect("administration")
    };
    assert_eq!(admin(serum.id)["dosage"]["dose"]["value"], 2);
    assert_eq!(admin(serum.id)["dosage"]["dose"]["code"], "mL");
    assert_eq!(admin(glide.id)["note"][0]["text"], "Amount: a few drops");
    assert_eq!(
        refs(&admin(glide.id)["partOf"]),
        [url(k.signed.areas[1].id)]
    );

    let author = by_id(&b, k.signed.signatures[0].id);
    assert_eq!(author["recorded"], "2026-11-20T10:00:00Z");
    assert_eq!(
        author["signature"][0]["type"][0]["code"],
        "1.2.840.10065.1.12.1.1"
    );
    assert_eq!(author["signature"][0]["who"]["reference"], url(USER_ID));
    assert_eq!(author["agent"][0]["who"]["display"], "Dr T. Tester");
    let targets = refs(&author["target"]);
    for id in [
        k.signed.id,
        k.signed.areas[0].id,
        k.signed.areas[1].id,
        serum.id,
    ] {
        assert!(targets.contains(&url(id)), "the signature covers {id}");
    }
    let review = by_id(&b, k.signed.signatures[1].id);
    assert_eq!(
        review["signature"][0]["type"][0]["code"],
        "1.2.840.10065.1.12.1.13"
    );
    assert_eq!(review["agent"][0]["who"]["reference"], url(k.reviewer));
    assert_eq!(by_id(&b, k.reviewer)["name"][0]["text"], "Dr R. Viewer");
    assert_eq!(
        by_id(&b, k.reviewer)["identifier"][0]["value"],
        "GMC 1111111"
    );
}

#[test]
fn the_clinic_bundle_streams_the_union_of_patient_bundles_and_repeats_exactly() {
    let k = known();
    let mut out = Vec::new();
    let written = fhir::write_clinic_bundle(&k.t.db, now(), &mut out).expect("clinic");
    let clinic: Value = serde_json::from_slice(&out).expect("valid JSON");
    let report = validate(&clinic);
    println!("FHIR R4 validation of the clinic bundle: {report}");
    report.assert_valid();
    assert_eq!(written, report.total());
    assert_eq!(clinic["timestamp"], "2026-11-20T10:00:00Z");
    let by_url = |b: &Value| -> BTreeMap<String, Value> {
        b["entry"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| {
                (
                    e["fullUrl"].as_str().expect("url").to_string(),
                    e["resource"].clone(),
                )
            })
            .collect()
    };
    let mut union = BTreeMap::new();
    for id in [k.ada.id, k.ben.id] {
        let one = fhir::patient_bundle(&k.t.db, id, now()).expect("patient");
        validate(&one).assert_valid();
        union.extend(by_url(&one));
    }
    assert_eq!(by_url(&clinic), union);
    assert_eq!(
        written,
        union.len(),
        "each Practitioner and the CodeSystem once"
    );
    assert_eq!(by_id(&clinic, k.ben.id)["active"], false, "archived");

    let mut again = Vec::new();
    fhir::write_clinic_bundle(&k.t.db, now(), &mut again).expect("again");
    assert_eq!(out, again, "the same data exports byte for byte the same");
    let a = serde_json::to_string(&fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("a"));
    let b = serde_json::to_string(&fhir::patient_bundle(&k.t.db, k.ada.id, now()).expect("b"));
    assert_eq!(a.expect("json"), b.expect("json"));
}

#[test]
fn an_empty_clinic_is_a_valid_bundle_and_an_unknown_patient_is_not_found() {
    let t = fresh();
    let mut out = Vec::new();
    assert_eq!(
        fhir::write_clinic_bundle(&t.db, now(), &mut out).expect("clinic"),
        1
    );
    validate(&serde_json::from_slice(&out).expect("JSON")).assert_valid();
    assert!(matches!(
        fhir::patient_bundle(&t.db, Uuid::now_v7(), now()),
        Err(dermalog_core::Error::NotFound { .. })
    ));
}

#[test]
fn a_grade_off_its_scale_is_corrupt_data_not_a_default() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let s = sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("draft");
    t.raw()
        .execute(
            "UPDATE reaction SET grade = 9 WHERE session_id = ?1",
            [s.id.to_string()],
        )
        .expect("damage a draft");
    assert!(matches!(
        fhir::patient_bundle(&t.db, p.id, now()),
        Err(dermalog_core::Error::CorruptData(_))
    ));
}
