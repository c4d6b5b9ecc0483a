//! Consent over IPC: a drawn consent recorded and shown in force, its printable document,
//! revocation, and photos refused for teaching until a photo consent allows it.

use std::io::Cursor;

use serde_json::{json, Value};
use tauri::ipc::InvokeBody;

use super::harness::*;
use super::ipc::{patient, session};

/// A signature as the canvas sends it: a PNG with a stroke of ink, as a byte array.
fn signature() -> Value {
    let img = image::RgbaImage::from_fn(300, 100, |x, y| {
        if (y as i64 - 50).abs() < 3 && x > 20 && x < 280 {
            image::Rgba([10, 10, 60, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    json!(out.into_inner())
}

/// Records `input` as the app does: its picture (the drawn signature or the scan, a JSON
/// byte array here) as the raw body, the rest in the `dermalog-consent` header.
fn record(h: &Harness, input: &Value) -> Result<Value, Value> {
    let field = if input["method"] == "drawn" {
        "signature_png"
    } else {
        "scan"
    };
    let picture: Vec<u8> = serde_json::from_value(input[field].clone()).unwrap_or_default();
    let mut rest = input.clone();
    rest["signature_png"] = Value::Null;
    rest["scan"] = Value::Null;
    let reply = h.call_raw(
        "record_consent",
        InvokeBody::Raw(picture),
        &[("dermalog-consent", rest.to_string())],
    )?;
    Ok(reply_json(reply))
}

/// The consent's signature or scan, as the raw bytes `get_consent_picture` sends.
fn picture(h: &Harness, consent: &Value) -> Vec<u8> {
    reply_bytes(
        h.call_raw(
            "get_consent_picture",
            InvokeBody::Json(json!({ "consentId": consent["id"] })),
            &[],
        )
        .expect("picture"),
    )
}

fn template(h: &Harness, kind: &str) -> Value {
    h.ok("list_consent_templates", json!({}))
        .as_array()
        .expect("templates")
        .iter()
        .find(|t| t["kind"] == kind)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind} template"))
}

fn consent_input(h: &Harness, patient: &Value, kind: &str, scopes: &[&str]) -> Value {
    let t = template(h, kind);
    json!({
        "patient_id": patient["id"],
        "template_version_id": t["current"]["id"],
        "text_sha256": t["current"]["text_sha256"],
        "scopes": scopes,
        "signer_name": "Mary Seacole",
        "signer_relation": "self",
        "method": "drawn",
        "signature_png": signature(),
        "scan": null,
    })
}

#[test]
fn a_drawn_treatment_consent_is_in_force_printable_and_revocable() {
    let h = harness();
    let p = patient("Mary", "Seacole");
    h.ok("save_patient", json!({"input": p}));
    let status = h.ok("get_consent_status", json!({"patientId": p["id"]}));
    assert_eq!(status["treatment"], Value::Null, "none before signing");

    let input = consent_input(&h, &p, "treatment", &[]);
    // The picture travels as the raw body: the same consent as JSON is a malformed call.
    let json_call = h.err("record_consent", json!({ "input": input }));
    assert_eq!(json_call["code"], "BadRequest");
    let c = record(&h, &input).expect("recorded");
    assert_eq!(c["witness_name"], "admin, signature");
    assert_eq!(c["has_signature"], true);
    let status = h.ok("get_consent_status", json!({"patientId": p["id"]}));
    assert_eq!(status["treatment"]["id"], c["id"]);

    let doc = h.ok("get_consent_document", json!({"consentId": c["id"]}));
    let text = doc["text"].as_str().expect("text");
    assert!(text.to_lowercase().contains("microneedling"), "{text}");
    assert!(
        doc.get("signature_png").is_none() && doc.get("scan").is_none(),
        "the picture is not in the JSON: {doc}"
    );
    assert_eq!(&picture(&h, &c)[1..4], b"PNG");

    let mut blank = consent_input(&h, &p, "treatment", &[]);
    let mut empty = Cursor::new(Vec::new());
    image::RgbaImage::new(300, 100)
        .write_to(&mut empty, image::ImageFormat::Png)
        .expect("png");
    blank["signature_png"] = json!(empty.into_inner());
    let refused = record(&h, &blank).expect_err("blank");
    assert_eq!(refused["code"], "Invalid");
    assert_eq!(refused["fields"][0]["field"], "signature_png");

    let revoked = h.ok(
        "revoke_consent",
        json!({"input": {"consent_id": c["id"], "reason": "Patient withdrew", "effective_on": "2026-11-20"}}),
    );
    assert_eq!(revoked["revoked"]["reason"], "Patient withdrew");
    let status = h.ok("get_consent_status", json!({"patientId": p["id"]}));
    assert_eq!(status["treatment"], Value::Null);
    let listed = h.ok("list_patient_consents", json!({"patientId": p["id"]}));
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(1),
        "kept after revocation"
    );
}

#[test]
fn photos_leave_for_teaching_only_with_a_teaching_consent() {
    let h = harness();
    let reference = h.ok("get_reference_data", json!({}));
    let p = patient("Mary", "Seacole");
    h.ok("save_patient", json!({"input": p}));
    let s = session(&reference, &p["id"], 1.0);
    h.ok("save_session", json!({"input": s}));
    let img = image::RgbImage::from_fn(50, 40, |x, y| image::Rgb([x as u8, y as u8, 0]));
    let mut jpeg = Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .expect("jpeg");
    let header =
        json!({"session_id": s["id"], "area_id": null, "phase": "before", "view": "frontal"});
    let photo: Value = match h
        .call_raw(
            "add_photo",
            tauri::ipc::InvokeBody::Raw(jpeg.into_inner()),
            &[("dermalog-photo", header.to_string())],
        )
        .expect("added")
    {
        tauri::ipc::InvokeResponseBody::Json(j) => serde_json::from_str(&j).expect("json"),
        tauri::ipc::InvokeResponseBody::Raw(_) => panic!("expected JSON"),
    };
    let export = |purpose: &str| {
        h.call(
            "export_photo",
            json!({"patientId": p["id"], "photoId": photo["id"], "purpose": purpose}),
        )
    };
    let refused = export("teaching").expect_err("no photo consent yet");
    assert_eq!(refused["code"], "Invalid");
    assert_eq!(refused["fields"][0]["field"], "purpose");
    assert!(std::fs::read_dir(h.exports_dir())
        .expect("dir")
        .next()
        .is_none());

    record(&h, &consent_input(&h, &p, "photo", &["clinical_record"])).expect("record use");
    assert_eq!(
        export("teaching").expect_err("record use only")["code"],
        "Invalid"
    );
    assert_eq!(
        export("marketing").expect_err("record use only")["code"],
        "Invalid"
    );
    record(
        &h,
        &consent_input(&h, &p, "photo", &["clinical_record", "teaching"]),
    )
    .expect("teaching");
    let done = export("teaching").expect("allowed now");
    let path = std::path::PathBuf::from(done["path"].as_str().expect("path"));
    let bytes = std::fs::read(&path).expect("exported file");
    assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
    assert!(!path.to_string_lossy().contains("Seacole"));
    let exported = h
        .audit()
        .into_iter()
        .filter(|e| e["action"] == "export" && e["entity"] == "photo")
        .count();
    assert_eq!(exported, 1);
}

#[test]
fn a_paper_consent_arrives_with_its_scan_as_the_raw_body() {
    let h = harness();
    let p = patient("Mary", "Seacole");
    h.ok("save_patient", json!({"input": p}));
    let mut input = consent_input(&h, &p, "treatment", &[]);
    input["method"] = json!("paper");
    input["signature_png"] = Value::Null;
    let missing = record(&h, &input).expect_err("no scan");
    assert_eq!(missing["fields"][0]["field"], "scan");

    let mut scan = Cursor::new(Vec::new());
    image::RgbImage::from_pixel(600, 800, image::Rgb([250, 250, 245]))
        .write_to(&mut scan, image::ImageFormat::Jpeg)
        .expect("jpeg");
    input["scan"] = json!(scan.into_inner());
    let c = record(&h, &input).expect("recorded");
    assert_eq!(
        (&c["has_scan"], &c["has_signature"], &c["scan_media_type"]),
        (&json!(true), &json!(false), &json!("image/jpeg"))
    );
    let stored = picture(&h, &c);
    assert_eq!(&stored[..2], &[0xFF, 0xD8], "the scan, re-encoded as JPEG");
    let unknown = h.call_raw(
        "get_consent_picture",
        InvokeBody::Json(json!({ "consentId": uuid::Uuid::now_v7() })),
        &[],
    );
    assert_eq!(unknown.expect_err("no such consent")["code"], "NotFound");
}

#[test]
fn the_memory_backend_seeds_the_same_template_texts() {
    // The UI's memory backend carries the seeded texts with their hashes (its own test
    // checks each text against its hash); here the hashes must be the migration's.
    let h = harness();
    let mirror = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("ui/src/lib/api/memory-consent-texts.ts"),
    )
    .expect("memory-consent-texts.ts");
    for kind in ["treatment", "photo"] {
        let sha = template(&h, kind)["current"]["text_sha256"].clone();
        let sha = sha.as_str().expect("hash");
        assert!(
            mirror.contains(&format!("sha256: \"{sha}\"")),
            "the {kind} template's text differs from memory-consent-texts.ts"
        );
    }
}
