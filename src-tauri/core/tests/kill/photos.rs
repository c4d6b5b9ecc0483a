//! The kill test's photo phase: the child adds photos to a draft session; after each kill
//! every photo row must have both its files, whole, and every acknowledged photo must be
//! there; at the end the sweep removes what the kills left without a row.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use dermalog_core::audit::Actor;
use dermalog_core::photos::{self, PhotoInput, PhotoPhase, PhotoSize, PhotoView};
use dermalog_core::{reference, sessions, Db};
use uuid::Uuid;

use super::{draft_input, run_child, Rng, USER};

/// Adds photos (each a different picture) to `session` until killed; prints each photo's id
/// after `add` returned.
pub fn child(path: &Path, session: Uuid) {
    let db = Db::open(path, Utc::now()).expect("child opens");
    let stdout = std::io::stdout();
    let input = PhotoInput {
        session_id: session,
        area_id: None,
        phase: PhotoPhase::Before,
        view: PhotoView::Frontal,
    };
    let salt = Utc::now().timestamp_micros() as u64;
    for n in 0u64.. {
        let mark = salt.wrapping_add(n);
        let img = image::RgbImage::from_fn(640, 480, |x, y| {
            let v = mark >> ((x / 80 + y / 60) % 8 * 8);
            image::Rgb([v as u8, (x % 256) as u8, (y % 256) as u8])
        });
        let mut jpeg = std::io::Cursor::new(Vec::new());
        img.write_to(&mut jpeg, image::ImageFormat::Jpeg)
            .expect("encode");
        let photo =
            photos::add(&db, &Actor::new(USER, Utc::now()), &input, jpeg.get_ref()).expect("add");
        let mut out = stdout.lock();
        writeln!(out, "{}", photo.id).expect("print");
        out.flush().expect("flush");
    }
}

/// The photo phase: `kills` kills of [`child`] adding photos to a draft of `patient`.
pub fn parent(path: &Path, patient: Uuid, kills: usize, seed: u64) {
    let session = {
        let db = Db::open(path, Utc::now()).expect("open");
        let mut input = draft_input(&reference::list(&db).expect("reference"), patient);
        input.notes = "photo kill test".into();
        sessions::save(&db, input, &Actor::new(USER, Utc::now()))
            .expect("draft")
            .id
    };
    let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
    let me = std::env::current_exe().expect("own path");
    let started = Instant::now();
    let mut acknowledged: Vec<Uuid> = Vec::new();
    for round in 0..kills {
        acknowledged.extend(run_child(
            &me,
            &[
                path.as_os_str(),
                patient.to_string().as_ref(),
                session.to_string().as_ref(),
            ],
            Duration::from_millis(60 + rng.below(340)),
        ));

        let db = Db::open(path, Utc::now())
            .unwrap_or_else(|e| panic!("photo round {round} (seed {seed}): reopen refused: {e}"));
        let stored = photos::list(&db, patient).expect("list");
        for p in &stored {
            for size in [PhotoSize::Full, PhotoSize::Thumb] {
                let (bytes, _) = photos::read_image(&db, patient, p.id, size).unwrap_or_else(|e| {
                    panic!(
                        "photo round {round} (seed {seed}): row {} without a whole file: {e}",
                        p.id
                    )
                });
                image::load_from_memory(&bytes).expect("stored photo decodes");
            }
        }
        let ids: std::collections::HashSet<Uuid> = stored.iter().map(|p| p.id).collect();
        let lost: Vec<_> = acknowledged.iter().filter(|id| !ids.contains(id)).collect();
        assert!(
            lost.is_empty(),
            "photo round {round} (seed {seed}): acknowledged photos lost: {lost:?}"
        );
    }
    // What the kills left without a row goes at the next start (files settled for 10 min).
    let db = Db::open(path, Utc::now()).expect("open");
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let dir = photos::dir_for(path);
    let mut on_disk = 0usize;
    for sub in std::fs::read_dir(&dir).expect("photo folder").flatten() {
        if sub.file_name() == "unreferenced" {
            continue;
        }
        for f in std::fs::read_dir(sub.path()).expect("sub").flatten() {
            on_disk += 1;
            std::fs::File::options()
                .write(true)
                .open(f.path())
                .and_then(|f| f.set_modified(old))
                .expect("age");
        }
    }
    let sweep = photos::sweep_orphans(&db).expect("sweep");
    let stored = photos::list(&db, patient).expect("list");
    for p in &stored {
        photos::read_image(&db, patient, p.id, PhotoSize::Full).expect("still whole after sweep");
    }
    assert_eq!(
        on_disk - sweep.orphans - sweep.partials,
        stored.len() * 2,
        "after the sweep: exactly each photo's image and thumbnail in the store"
    );
    println!(
        "photo kill test: {kills} kills, {} acknowledged photos, 0 lost, every row with whole \
         files; sweep set aside {} unreferenced and removed {} partial file(s); {:.1?} (seed {seed})",
        acknowledged.len(),
        sweep.orphans,
        sweep.partials,
        started.elapsed()
    );
}
