//! Consent pictures: a drawn signature must be an inked PNG, a paper consent needs a scan,
//! and a scan keeps no EXIF (GPS, camera) once stored.

use std::io::Cursor;

use dermalog_core::consent::{self, ConsentKind, ConsentMethod, PhotoScope};
use dermalog_core::Error;
use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};

use super::consent::{drawn, hex_sha256, png, signature_image};
use super::fixtures::*;
use super::photo_images::{camera_jpeg, contains, exif_fields};

#[test]
fn a_drawn_signature_must_be_an_inked_png() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let with = |bytes: Vec<u8>| {
        let mut input = drawn(&t, p.id, ConsentKind::Treatment, &[]);
        input.signature_png = Some(bytes);
        consent::record_consent(&t.db, &by(now()), input)
    };
    let blank = DynamicImage::ImageRgba8(RgbaImage::new(400, 120));
    match with(png(&blank)) {
        Err(Error::Invalid(errs)) => {
            assert_eq!(errs.len(), 1);
            assert_eq!(errs[0].field, "signature_png");
            assert!(errs[0].message.contains("empty"), "{}", errs[0].message);
        }
        other => panic!("an untouched canvas is refused, got {other:?}"),
    }
    let white = RgbaImage::from_pixel(400, 120, Rgba([255, 255, 255, 255]));
    assert_eq!(
        invalid_fields(with(png(&DynamicImage::ImageRgba8(white)))),
        ["signature_png"]
    );
    let mut as_jpeg = Vec::new();
    DynamicImage::ImageRgba8(signature_image())
        .to_rgb8()
        .write_to(&mut Cursor::new(&mut as_jpeg), ImageFormat::Jpeg)
        .expect("jpeg");
    assert_eq!(
        invalid_fields(with(as_jpeg)),
        ["signature_png"],
        "not a PNG"
    );
    assert_eq!(
        invalid_fields(with(b"\x89PNG\r\n\x1a\nbroken".to_vec())),
        ["signature_png"]
    );
    let mut none = drawn(&t, p.id, ConsentKind::Treatment, &[]);
    none.signature_png = None;
    assert_eq!(
        invalid_fields(consent::record_consent(&t.db, &by(now()), none)),
        ["signature_png"]
    );
    assert!(consent::patient_consents(&t.db, p.id)
        .expect("list")
        .is_empty());
}

#[test]
fn a_paper_consent_needs_a_scan_and_keeps_no_exif() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::ClinicalRecord]);
    input.method = ConsentMethod::Paper;
    input.signature_png = None;
    assert_eq!(
        invalid_fields(consent::record_consent(&t.db, &by(now()), input.clone())),
        ["scan"]
    );
    input.scan = Some(b"%PDF-1.7 not an image".to_vec());
    assert_eq!(
        invalid_fields(consent::record_consent(&t.db, &by(now()), input.clone())),
        ["scan"]
    );

    let original = camera_jpeg(64, 48, 1);
    assert!(exif_fields(&original).iter().any(|f| f == "GPSLatitude"));
    image::load_from_memory(&original).expect("the test's JPEG is valid");
    input.scan = Some(original);
    let saved = consent::record_consent(&t.db, &by(now()), input).expect("paper consent");
    assert!(saved.has_scan && !saved.has_signature);
    assert_eq!(saved.scan_media_type.as_deref(), Some("image/jpeg"));
    let doc = consent::consent_document(&t.db, saved.id).expect("document");
    let stored = doc.scan.expect("scan");
    assert!(!contains(&stored, b"Exif"), "the EXIF block is gone");
    assert!(exif_fields(&stored).is_empty(), "and no EXIF field at all");
    assert_eq!(Some(hex_sha256(&stored)), saved.scan_sha256);
    let decoded = image::load_from_memory(&stored).expect("stored scan decodes");
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
}
