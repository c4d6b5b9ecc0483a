//! The packet's photos and consents: each photo as a file (removed ones too, marked in the
//! summary), each consent's text exactly as signed with its signature, all named without the
//! patient's name, and listed in the summary.

use dermalog_core::consent::{self, ConsentKind, PhotoScope};
use dermalog_core::packet;
use dermalog_core::photos::{self, PhotoInput, PhotoPhase, PhotoView, RemovePhotoInput};

use super::consent::drawn;
use super::fixtures::*;
use super::known_record::known;
use super::photo_images::camera_jpeg;

#[test]
fn photos_and_consents_travel_with_the_packet() {
    let k = known();
    let db = &k.t.db;
    let add = |view: PhotoView, w: u32| {
        photos::add(
            db,
            &by(now()),
            &PhotoInput {
                session_id: k.draft.id,
                area_id: None,
                phase: PhotoPhase::Before,
                view,
            },
            &camera_jpeg(w, 40, 1),
        )
        .expect("photo")
    };
    let kept = add(PhotoView::Frontal, 60);
    let removed = add(PhotoView::CloseUp, 50);
    photos::remove(
        db,
        &by(now()),
        &RemovePhotoInput {
            photo_id: removed.id,
            reason: "Blurred".into(),
        },
    )
    .expect("removed");
    let signed = consent::record_consent(
        db,
        &by(now()),
        drawn(
            &k.t,
            k.ada.id,
            ConsentKind::Photo,
            &[PhotoScope::ClinicalRecord],
        ),
    )
    .expect("consent");
    let doc = consent::consent_document(db, signed.id).expect("document");

    let out = tempfile::tempdir().expect("tempdir");
    let p = packet::write_packet(db, k.ada.id, out.path(), now(), 60).expect("packet");
    assert_eq!((p.photos, p.consents), (2, 1));
    let short = |id: uuid::Uuid| id.simple().to_string()[24..].to_string();
    let photo_file = p
        .files
        .iter()
        .find(|f| f.starts_with("photos/") && f.contains(&short(kept.id)))
        .expect("the kept photo's file");
    let expected_end = format!("-before-frontal-{}.jpg", short(kept.id));
    assert!(photo_file.ends_with(&expected_end), "{photo_file}");
    let bytes = std::fs::read(p.folder.join(photo_file)).expect("photo in the packet");
    let (stored, _) =
        photos::read_image(db, k.ada.id, kept.id, photos::PhotoSize::Full).expect("stored");
    assert_eq!(bytes, stored, "the stored photo, decrypted if need be");
    assert!(
        p.files.iter().any(|f| f.contains(&short(removed.id))),
        "removed photos are part of the record"
    );

    let text_file = p
        .files
        .iter()
        .find(|f| f.starts_with("consents/") && f.ends_with(".txt"))
        .expect("consent text");
    let text = std::fs::read_to_string(p.folder.join(text_file)).expect("read");
    assert!(
        text.contains(doc.text.trim_end()),
        "the text exactly as signed"
    );
    assert!(text.contains(&signed.text_sha256));
    assert!(text.contains("clinical record"));
    let signature = p
        .files
        .iter()
        .find(|f| f.ends_with("-signature.png"))
        .expect("signature file");
    assert_eq!(
        std::fs::read(p.folder.join(signature)).expect("png"),
        doc.signature_png.expect("drawn")
    );
    for f in &p.files {
        assert!(
            !f.contains("Ada") && !f.contains("Lovelace"),
            "{f} names the patient"
        );
    }

    let summary = std::fs::read_to_string(p.folder.join("summary.html")).expect("summary");
    assert!(summary.contains(photo_file.as_str()));
    assert!(summary.contains("Removed from view") && summary.contains("Blurred"));
    assert!(summary.contains(text_file.as_str()));
    let readme = std::fs::read_to_string(p.folder.join("README.txt")).expect("readme");
    assert!(readme.contains("photos") && readme.contains("consents"));
}
