//! Photos on real databases: added to a draft session with metadata stripped, locked with
//! the signature, removed only by a kept removal (an addendum once signed), and readable
//! only through their own patient.

use dermalog_core::audit::{self, Action, AuditQuery};
use dermalog_core::photos::{
    self, Photo, PhotoInput, PhotoPhase, PhotoSize, PhotoView, RemovePhotoInput,
};
use dermalog_core::sessions::{self, Session, SessionStatus};
use dermalog_core::signing::{self, content_hash, Meaning, SignInput};
use dermalog_core::{patients, Error};
use image::ImageFormat;
use uuid::Uuid;

use super::fixtures::*;
use super::photo_images::*;

fn draft(t: &TestDb) -> Session {
    let p = add_patient(&t.db, "Ada", "Lovelace");
    sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("draft")
}

fn input(s: &Session, area: Option<Uuid>, phase: PhotoPhase) -> PhotoInput {
    PhotoInput {
        session_id: s.id,
        area_id: area,
        phase,
        view: PhotoView::Frontal,
    }
}

/// Adds `bytes` to `s` (no area, frontal) as the test user.
fn add(t: &TestDb, s: &Session, phase: PhotoPhase, bytes: &[u8]) -> dermalog_core::Result<Photo> {
    photos::add(&t.db, &by(now()), &input(s, None, phase), bytes)
}

fn sign(t: &TestDb, s: &Session) {
    signing::sign(
        &t.db,
        &by(now()),
        SignInput {
            session_id: s.id,
            meaning: Meaning::Author,
            password: PASSWORD.into(),
        },
    )
    .expect("sign");
}

fn count(t: &TestDb, sql: &str) -> i64 {
    t.db.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .expect("count")
}

#[test]
fn a_camera_photo_is_stored_upright_without_its_metadata() {
    let t = fresh();
    let s = draft(&t);
    let cheek = area_id(&reference(&t.db), "cheek_left");
    let original = camera_jpeg(64, 32, 6);
    let before = exif_fields(&original);
    assert!(before.iter().any(|f| f == "GPSLatitude"), "{before:?}");
    assert!(contains(&original, CAMERA_MAKE));

    let photo = photos::add(
        &t.db,
        &by(now()),
        &input(&s, Some(cheek), PhotoPhase::Before),
        &original,
    )
    .expect("added");

    // Orientation 6 is "turn 90° clockwise to view": stored upright, so the sides swap.
    assert_eq!((photo.width, photo.height), (32, 64));
    assert_eq!(photo.media_type, "image/jpeg");
    let (stored, media) =
        photos::read_image(&t.db, s.patient_id, photo.id, PhotoSize::Full).expect("read");
    assert_eq!(media, "image/jpeg");
    assert_eq!(exif_fields(&stored), Vec::<String>::new(), "no EXIF at all");
    assert!(!contains(&stored, b"Exif"));
    assert!(!contains(&stored, CAMERA_MAKE));
    assert_eq!(stored.len() as u64, photo.bytes);
    let decoded = image::load_from_memory(&stored).expect("stored file decodes");
    assert_eq!((decoded.width(), decoded.height()), (32, 64));
    let (thumb, thumb_type) =
        photos::read_image(&t.db, s.patient_id, photo.id, PhotoSize::Thumb).expect("thumb");
    assert_eq!(thumb_type, "image/jpeg");
    let thumb = image::load_from_memory(&thumb).expect("thumb decodes");
    assert_eq!((thumb.width(), thumb.height()), (32, 64), "never enlarged");
    let big = add(
        &t,
        &s,
        PhotoPhase::After,
        &encode(&picture(1200, 600), ImageFormat::Jpeg),
    )
    .expect("big");
    let (thumb, _) =
        photos::read_image(&t.db, s.patient_id, big.id, PhotoSize::Thumb).expect("thumb");
    let thumb = image::load_from_memory(&thumb).expect("thumb decodes");
    assert_eq!((thumb.width(), thumb.height()), (400, 200));

    // What the compare view shows under the photo: that area's depth and the serum.
    assert_eq!(photo.area_name.as_deref(), Some("Cheek, left"));
    assert_eq!(photo.depth_mm, Some(1.5));
    assert_eq!(
        photo.serums,
        vec!["Hyaluronic acid serum (lot HA-7781)".to_string()]
    );
    assert_eq!(photo.added_by_name, "Dr Test");
    assert_eq!(photo.session_status, SessionStatus::Draft);
}

#[test]
fn bad_files_are_refused_as_the_file_field_and_leave_no_row() {
    let t = fresh();
    let s = draft(&t);
    let audit_before = count(&t, "SELECT count(*) FROM audit_event");
    let good = camera_jpeg(64, 48, 1);
    let mut huge_png = Vec::new();
    image::DynamicImage::new_luma8(12_001, 1)
        .write_to(&mut std::io::Cursor::new(&mut huge_png), ImageFormat::Png)
        .expect("png");
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let mut corrupt = good.clone();
    for b in corrupt.iter_mut().skip(200).take(400) {
        *b = 0x5A;
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        (
            "random bytes",
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("truncated JPEG", good[..good.len() / 2].to_vec()),
        ("a GIF", gif),
        ("wider than the limit", huge_png),
        ("over 40 MB", {
            let mut v = good.clone();
            v.resize(41 * 1024 * 1024, 0);
            v
        }),
    ];
    for (what, bytes) in cases {
        let r = add(&t, &s, PhotoPhase::Before, &bytes);
        assert_eq!(invalid_fields(r), vec!["file"], "{what}");
    }
    // A JPEG whose scan data is damaged may still decode (as noise), but never as a crash.
    let _ = add(&t, &s, PhotoPhase::Before, &corrupt);
    assert!(count(&t, "SELECT count(*) FROM photo") <= 1);
    assert_eq!(
        count(&t, "SELECT count(*) FROM audit_event") - audit_before,
        count(&t, "SELECT count(*) FROM photo"),
        "an audit row only for a photo that was stored"
    );
}

#[test]
fn png_stays_lossless_and_webp_is_accepted() {
    let t = fresh();
    let s = draft(&t);
    let img = picture(40, 30);
    let png = add(&t, &s, PhotoPhase::After, &encode(&img, ImageFormat::Png)).expect("png");
    assert_eq!(png.media_type, "image/png");
    let (bytes, _) =
        photos::read_image(&t.db, s.patient_id, png.id, PhotoSize::Full).expect("read");
    assert_eq!(
        image::load_from_memory(&bytes).expect("decode").to_rgb8(),
        img
    );
    let webp = add(
        &t,
        &s,
        PhotoPhase::Baseline,
        &encode(&img, ImageFormat::WebP),
    )
    .expect("webp");
    assert_eq!(webp.media_type, "image/jpeg");
    assert_eq!((webp.width, webp.height), (40, 30));
}

#[test]
fn adding_the_same_picture_twice_keeps_one_photo() {
    let t = fresh();
    let s = draft(&t);
    let bytes = camera_jpeg(32, 32, 1);
    let a = add(&t, &s, PhotoPhase::Before, &bytes).expect("a");
    let b = add(&t, &s, PhotoPhase::Before, &bytes).expect("b");
    assert_eq!(a.id, b.id);
    assert_eq!(photos::list(&t.db, s.patient_id).expect("list").len(), 1);
}

#[test]
fn targets_are_checked_before_the_file_is_decoded() {
    let t = fresh();
    let s = draft(&t);
    let bytes = camera_jpeg(16, 16, 1);
    let mut wrong = input(&s, None, PhotoPhase::Before);
    wrong.session_id = Uuid::now_v7();
    assert!(matches!(
        photos::add(&t.db, &by(now()), &wrong, &bytes),
        Err(Error::NotFound {
            entity: "session",
            ..
        })
    ));
    let unknown_area = input(&s, Some(Uuid::now_v7()), PhotoPhase::Before);
    assert_eq!(
        invalid_fields(photos::add(&t.db, &by(now()), &unknown_area, &bytes)),
        vec!["area_id"]
    );
    patients::set_archived(&t.db, s.patient_id, true, &by(now())).expect("archive");
    assert_eq!(
        invalid_fields(add(&t, &s, PhotoPhase::Before, &bytes)),
        vec!["patient_id"]
    );
}

#[test]
fn a_photo_of_one_patient_is_not_found_through_another() {
    let t = fresh();
    let s = draft(&t);
    let other = add_patient(&t.db, "Grace", "Hopper");
    let photo = add(&t, &s, PhotoPhase::Before, &camera_jpeg(16, 16, 1)).expect("added");
    for size in [PhotoSize::Thumb, PhotoSize::Full] {
        assert!(matches!(
            photos::read_image(&t.db, other.id, photo.id, size),
            Err(Error::NotFound {
                entity: "photo",
                ..
            })
        ));
    }
    assert!(photos::list(&t.db, other.id).expect("list").is_empty());
}

#[test]
fn a_signed_sessions_photos_are_signed_with_it_and_removed_only_by_addendum() {
    let t = fresh();
    let s = draft(&t);
    let photo = add(&t, &s, PhotoPhase::Before, &camera_jpeg(24, 24, 1)).expect("added");
    sign(&t, &s);
    let signed = sessions::get(&t.db, s.id).expect("get");
    let sig = &signed.signatures[0];
    assert_ne!(
        sig.content_hash,
        content_hash(&signed),
        "the photos are part of what was signed"
    );

    let more = add(&t, &s, PhotoPhase::After, &camera_jpeg(20, 20, 1));
    assert!(matches!(more, Err(Error::Locked)), "{more:?}");

    let no_reason = RemovePhotoInput {
        photo_id: photo.id,
        reason: "  ".into(),
    };
    assert_eq!(
        invalid_fields(photos::remove(&t.db, &by(now()), &no_reason)),
        vec!["reason"]
    );
    let removed = photos::remove(
        &t.db,
        &by(now()),
        &RemovePhotoInput {
            photo_id: photo.id,
            reason: "Wrong patient's photo".into(),
        },
    )
    .expect("removed");
    let removal = removed.removal.expect("marked removed");
    assert!(removal.after_signing);
    assert_eq!(removal.removed_by_name, "Dr T. Tester");
    // The original stays, readable, and the signature still holds.
    assert!(photos::read_image(&t.db, s.patient_id, photo.id, PhotoSize::Full).is_ok());
    assert!(signing::verify(&t.db)
        .expect("verify")
        .mismatches
        .is_empty());
    let newest = audit::list(
        &t.db,
        &AuditQuery {
            limit: 1,
            ..AuditQuery::default()
        },
    )
    .expect("audit")
    .remove(0);
    assert_eq!(newest.action, Action::Addendum);
    assert!(
        !format!("{newest:?}").contains("Wrong patient"),
        "no free text in the audit"
    );
    assert!(matches!(
        photos::remove(&t.db, &by(now()), &no_reason),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn a_draft_photo_is_removed_without_a_reason_but_kept() {
    let t = fresh();
    let s = draft(&t);
    let photo = add(&t, &s, PhotoPhase::Before, &camera_jpeg(24, 24, 1)).expect("added");
    let removed = photos::remove(
        &t.db,
        &by(now()),
        &RemovePhotoInput {
            photo_id: photo.id,
            reason: String::new(),
        },
    )
    .expect("removed");
    assert!(!removed.removal.expect("removal").after_signing);
    assert_eq!(count(&t, "SELECT count(*) FROM photo"), 1);
    // Adding the picture again after its removal makes a new photo.
    let again = add(&t, &s, PhotoPhase::Before, &camera_jpeg(24, 24, 1)).expect("again");
    assert_ne!(again.id, photo.id);
}

#[test]
fn photo_rows_cannot_be_changed_deleted_or_added_to_a_signed_session_in_sql() {
    let t = fresh();
    let s = draft(&t);
    let photo = add(&t, &s, PhotoPhase::Before, &camera_jpeg(24, 24, 1)).expect("added");
    let raw = t.raw();
    let id = photo.id.to_string();
    assert!(raw
        .execute("UPDATE photo SET phase = 'after' WHERE id = ?1", [&id])
        .is_err());
    assert!(raw
        .execute("DELETE FROM photo WHERE id = ?1", [&id])
        .is_err());
    sign(&t, &s);
    let copy = raw.execute(
        "INSERT INTO photo SELECT ?1, session_id, patient_id, area_id, 'after', view, media_type,
             width, height, sha256, byte_size, thumb_sha256, added_at, added_by, workstation_id
           FROM photo WHERE id = ?2",
        [Uuid::now_v7().to_string(), id],
    );
    assert!(copy.is_err(), "a signed session is locked");
}
