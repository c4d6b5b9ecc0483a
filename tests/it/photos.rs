//! Photos over IPC: files from the dialog or as raw bytes, images back as bytes only for
//! their own patient, a signed session locked, and nothing of a file's name in the audit.

use std::io::Cursor;

use serde_json::{json, Value};
use tauri::ipc::{InvokeBody, InvokeResponseBody};

use super::harness::*;
use super::ipc::{area_id, patient, session};

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

struct Clinic {
    h: Harness,
    patient: Value,
    session: Value,
    reference: Value,
}

fn clinic(picks: &[Option<std::path::PathBuf>]) -> Clinic {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    let h = harness_picking(dir, &db, picks);
    h.ok(
        "set_up_clinic",
        json!({"setup": {
            "clinic_name": "Harbour Skin Clinic",
            "admin": user_input("admin", &["clinician", "aesthetician", "admin"]),
        }}),
    );
    let reference = h.ok("get_reference_data", json!({}));
    let p = patient("Mary", "Seacole");
    h.ok("save_patient", json!({"input": p}));
    let s = session(&reference, &p["id"], 1.0);
    h.ok("save_session", json!({"input": s}));
    Clinic {
        h,
        patient: p,
        session: s,
        reference,
    }
}

impl Clinic {
    fn input(&self, phase: &str) -> Value {
        json!({
            "session_id": self.session["id"],
            "area_id": area_id(&self.reference, "cheek_left"),
            "phase": phase,
            "view": "frontal",
        })
    }

    fn add_raw(&self, phase: &str, body: Vec<u8>) -> Result<InvokeResponseBody, Value> {
        let mut header = self.input(phase);
        header["name"] = json!("IMG_0001 Mary Seacole.jpg");
        self.h.call_raw(
            "add_photo",
            InvokeBody::Raw(body),
            &[("dermalog-photo", header.to_string())],
        )
    }

    fn get(&self, patient: &Value, photo: &Value, size: &str) -> Result<Vec<u8>, Value> {
        self.h
            .call_raw(
                "get_photo",
                InvokeBody::Json(
                    json!({"patientId": patient, "photoId": photo["id"], "size": size}),
                ),
                &[],
            )
            .map(reply_bytes)
    }
}

#[test]
fn chosen_and_dropped_photos_are_added_and_read_back_only_for_their_patient() {
    let files = tempfile::tempdir().expect("tempdir");
    let good = files.path().join("Mary Seacole cheek.jpg");
    std::fs::write(&good, jpeg(80, 60)).expect("write");
    let bad = files.path().join("notes.jpg");
    std::fs::write(&bad, b"not an image at all").expect("write");
    let c = clinic(&[Some(good), Some(bad), None]);

    let added = c.h.ok("choose_photos", json!({"input": c.input("before")}));
    assert_eq!(added.as_array().map(Vec::len), Some(1));
    assert_eq!(added[0]["name"], "Mary Seacole cheek.jpg");
    assert_eq!(added[0]["error"], Value::Null);
    let photo = added[0]["photo"].clone();
    assert_eq!(photo["phase"], "before");
    assert_eq!(photo["area_name"], "Cheek, left");
    assert_eq!(photo["depth_mm"], 1.0);

    let refused = c.h.ok("choose_photos", json!({"input": c.input("before")}));
    assert_eq!(refused[0]["photo"], Value::Null);
    assert_eq!(refused[0]["error"]["code"], "Invalid");
    assert_eq!(refused[0]["error"]["fields"][0]["field"], "file");
    let cancelled = c.h.ok("choose_photos", json!({"input": c.input("before")}));
    assert_eq!(cancelled, json!([]));

    let dropped = reply_json(c.add_raw("after", jpeg(60, 80)).expect("raw add"));
    assert_eq!(
        (dropped["width"].clone(), dropped["height"].clone()),
        (json!(60), json!(80))
    );

    let list = c.h.ok("list_photos", json!({"patientId": c.patient["id"]}));
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let full = c.get(&c.patient["id"], &photo, "full").expect("full image");
    assert_eq!(&full[..2], &[0xFF, 0xD8]);
    let decoded = image::load_from_memory(&full).expect("decodes");
    assert_eq!((decoded.width(), decoded.height()), (80, 60));
    let thumb = c.get(&c.patient["id"], &photo, "thumb").expect("thumbnail");
    let thumb = image::load_from_memory(&thumb).expect("thumbnail decodes");
    assert_eq!(
        (thumb.width(), thumb.height()),
        (80, 60),
        "small images are not enlarged"
    );

    let other = patient("Florence", "Nightingale");
    c.h.ok("save_patient", json!({"input": other}));
    let err = c
        .get(&other["id"], &photo, "full")
        .expect_err("another patient's photo");
    assert_eq!(err["code"], "NotFound");
    assert_eq!(
        c.h.ok("list_photos", json!({"patientId": other["id"]})),
        json!([])
    );

    // The file's name (which may name the patient) is never stored or audited.
    let audit = serde_json::to_string(&c.h.audit()).expect("audit");
    assert!(!audit.contains("Seacole cheek") && !audit.contains("IMG_0001"));
    let photo_rows =
        c.h.audit()
            .into_iter()
            .filter(|e| e["entity"] == "photo")
            .count();
    assert_eq!(photo_rows, 2, "one audit row per photo added");
}

#[test]
fn malformed_photo_calls_are_typed_bad_requests() {
    let c = clinic(&[]);
    let json_body =
        c.h.call("add_photo", json!({"input": c.input("before")}))
            .expect_err("JSON instead of bytes");
    assert_eq!(json_body["code"], "BadRequest");
    let no_header =
        c.h.call_raw("add_photo", InvokeBody::Raw(jpeg(10, 10)), &[])
            .expect_err("no header");
    assert_eq!(no_header["code"], "BadRequest");
    let bad_size =
        c.h.call(
            "get_photo",
            json!({"patientId": c.patient["id"], "photoId": c.session["id"], "size": "huge"}),
        )
        .expect_err("unknown size");
    assert_eq!(bad_size["code"], "BadRequest");
    let corrupt = c
        .add_raw("before", vec![0xFF, 0xD8, 0xFF, 0, 1, 2, 3])
        .expect_err("corrupt");
    assert_eq!(corrupt["code"], "Invalid");
    assert_eq!(
        c.h.ok("list_photos", json!({"patientId": c.patient["id"]})),
        json!([])
    );
}

#[test]
fn a_signed_sessions_photos_are_locked_and_removed_only_with_a_reason() {
    let c = clinic(&[]);
    let photo = reply_json(c.add_raw("before", jpeg(40, 40)).expect("added"));
    c.h.ok(
        "sign_session",
        json!({"input": {"session_id": c.session["id"], "meaning": "author", "password": PASSWORD}}),
    );
    assert_eq!(
        c.add_raw("after", jpeg(30, 30)).expect_err("locked")["code"],
        "Locked"
    );
    let no_reason = c.h.err(
        "remove_photo",
        json!({"input": {"photo_id": photo["id"], "reason": ""}}),
    );
    assert_eq!(no_reason["code"], "Invalid");
    assert_eq!(no_reason["fields"][0]["field"], "reason");
    let removed = c.h.ok(
        "remove_photo",
        json!({"input": {"photo_id": photo["id"], "reason": "Duplicate of the frontal view"}}),
    );
    assert_eq!(removed["removal"]["after_signing"], true);
    assert!(
        c.get(&c.patient["id"], &photo, "full").is_ok(),
        "the original is kept"
    );
    let verify = c.h.ok("verify_signatures", json!({}));
    assert_eq!(verify["mismatches"], json!([]));

    c.h.become_user("reception", &["admin"]);
    assert_eq!(
        c.add_raw("before", jpeg(20, 20)).expect_err("admin only")["code"],
        "Forbidden"
    );
    assert!(
        c.get(&c.patient["id"], &photo, "thumb").is_ok(),
        "any signed-in user may view"
    );
}
