//! Photo files on disk: encrypted with an encrypted database, checked against their names
//! when read, and swept when no row names them.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use dermalog_core::photos::{self, PhotoInput, PhotoPhase, PhotoSize, PhotoView};
use dermalog_core::{keys, sessions, Db, Error, OpenOptions};

use super::fixtures::{self, add_patient, by, fresh, now, session_input};
use super::photo_images::*;

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in fs::read_dir(dir).into_iter().flatten().flatten() {
        for f in fs::read_dir(sub.path()).into_iter().flatten().flatten() {
            out.push(f.path());
        }
    }
    out.sort();
    out
}

fn add_one(db: &Db, bytes: &[u8]) -> photos::Photo {
    let p = add_patient(db, "Ada", "Lovelace");
    let s = sessions::save(db, session_input(db, p.id), &by(now())).expect("draft");
    photos::add(
        db,
        &by(now()),
        &PhotoInput {
            session_id: s.id,
            area_id: None,
            phase: PhotoPhase::Before,
            view: PhotoView::Frontal,
        },
        bytes,
    )
    .expect("added")
}

fn age(path: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
}

#[test]
fn plaintext_files_are_the_image_named_by_its_hash() {
    let t = fresh();
    let photo = add_one(&t.db, &camera_jpeg(40, 40, 1));
    let dir = photos::dir_for(t.db.path());
    let files = files_in(&dir);
    assert_eq!(files.len(), 2, "the image and its thumbnail: {files:?}");
    let image = dir.join(&photo.sha256[..2]).join(&photo.sha256);
    let bytes = fs::read(&image).expect("image file");
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "a plain JPEG");
    assert!(!files
        .iter()
        .any(|f| f.to_string_lossy().contains(".partial")));
}

#[test]
fn with_an_encrypted_database_no_photo_byte_is_readable_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let (db, _, _) = keys::set_up(&path, &OpenOptions::default(), fixtures::setup(), now())
        .expect("encrypted set-up");
    let photo = add_one(&db, &camera_jpeg(48, 48, 1));
    let (plain, _) = photos::read_image(&db, photo.patient_id, photo.id, PhotoSize::Full)
        .expect("decrypted for the viewer");
    assert_eq!(&plain[..2], &[0xFF, 0xD8]);
    // The canary: no stretch of the plain image (past its standard JPEG header) on disk.
    let canary = &plain[plain.len() / 2..plain.len() / 2 + 32];
    for file in files_in(&photos::dir_for(&path)) {
        let bytes = fs::read(&file).expect("read");
        assert_eq!(&bytes[..8], b"DLPHOTO1", "{file:?}");
        assert!(
            !contains(&bytes, canary),
            "{file:?} holds plain image bytes"
        );
        assert!(
            !contains(&bytes, &[0xFF, 0xD8, 0xFF]),
            "{file:?} holds a JPEG header"
        );
    }
    // A file put in place of another (its thumbnail, say) does not decrypt under that name.
    let folder = |sha: &str| photos::dir_for(&path).join(&sha[..2]).join(sha);
    let thumb_sha = db
        .read(|c| {
            Ok(c.query_row("SELECT thumb_sha256 FROM photo", [], |r| {
                r.get::<_, String>(0)
            })?)
        })
        .expect("thumb name");
    fs::copy(folder(&thumb_sha), folder(&photo.sha256)).expect("swap");
    assert!(matches!(
        photos::read_image(&db, photo.patient_id, photo.id, PhotoSize::Full),
        Err(Error::CorruptData(_))
    ));
}

#[test]
fn a_damaged_or_missing_file_is_reported_never_shown() {
    let t = fresh();
    let photo = add_one(&t.db, &camera_jpeg(40, 40, 1));
    let dir = photos::dir_for(t.db.path());
    let image = dir.join(&photo.sha256[..2]).join(&photo.sha256);
    let mut bytes = fs::read(&image).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&image, &bytes).expect("damage");
    assert!(matches!(
        photos::read_image(&t.db, photo.patient_id, photo.id, PhotoSize::Full),
        Err(Error::CorruptData(_))
    ));
    fs::remove_file(&image).expect("remove");
    assert!(matches!(
        photos::read_image(&t.db, photo.patient_id, photo.id, PhotoSize::Full),
        Err(Error::CorruptData(_))
    ));
    // Adding the same picture again repairs the file the row names.
    let again = add_one(&t.db, &camera_jpeg(40, 40, 1));
    assert_eq!(again.sha256, photo.sha256);
    assert!(photos::read_image(&t.db, photo.patient_id, photo.id, PhotoSize::Full).is_ok());
}

#[test]
fn the_sweep_removes_settled_orphans_and_partials_and_nothing_named() {
    let t = fresh();
    let photo = add_one(&t.db, &camera_jpeg(40, 40, 1));
    let dir = photos::dir_for(t.db.path());
    for named in files_in(&dir) {
        age(&named);
    }
    let sub = dir.join("ab");
    fs::create_dir_all(&sub).expect("mkdir");
    let orphan = sub.join("ab".repeat(32));
    let partial = sub.join(".partial-0193");
    let fresh_orphan = sub.join("abcd".repeat(16));
    for f in [&orphan, &partial, &fresh_orphan] {
        fs::write(f, b"left by a crash").expect("write");
    }
    age(&orphan);
    age(&partial);
    let sweep = photos::sweep_orphans(&t.db).expect("sweep");
    assert_eq!((sweep.orphans, sweep.partials), (1, 1));
    assert!(!orphan.exists() && !partial.exists());
    assert!(
        dir.join("unreferenced").join("ab".repeat(32)).exists(),
        "a whole file without a row is set aside, not deleted"
    );
    assert!(
        fresh_orphan.exists(),
        "a file written in the last minutes may be an add in flight"
    );
    assert!(photos::read_image(&t.db, photo.patient_id, photo.id, PhotoSize::Full).is_ok());
    assert!(photos::read_image(&t.db, photo.patient_id, photo.id, PhotoSize::Thumb).is_ok());
}

#[test]
fn backups_carry_the_photos_and_a_restore_brings_them_back() {
    let t = fresh();
    let photo = add_one(&t.db, &camera_jpeg(40, 40, 1));
    let backups = t.dir.path().join("backups");
    let info = dermalog_core::backup::create(
        &t.db,
        &backups,
        dermalog_core::backup::BackupReason::Manual,
        now(),
    )
    .expect("backup");
    assert_eq!(
        files_in(&backups.join("photos")).len(),
        2,
        "image and thumbnail"
    );
    // A second backup shares the store: nothing copied twice, nothing missing.
    dermalog_core::backup::create(
        &t.db,
        &backups,
        dermalog_core::backup::BackupReason::Manual,
        now() + chrono::Duration::seconds(1),
    )
    .expect("second backup");
    assert_eq!(files_in(&backups.join("photos")).len(), 2);

    let path = t.file();
    let fixtures::TestDb { db, dir } = t;
    drop(db);
    fs::remove_dir_all(photos::dir_for(&path)).expect("the photo folder is lost");
    dermalog_core::backup::restore(&backups, &info, &path, now(), None).expect("restore");
    let db = Db::open(&path, now()).expect("reopen");
    let (bytes, _) = photos::read_image(&db, photo.patient_id, photo.id, PhotoSize::Full)
        .expect("the photo is back");
    assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
    drop(dir);
}
