//! Photo import cost: `cargo bench -p dermalog-core --bench photos`. Makes a 12-megapixel
//! camera-like JPEG (4000×3000, textured so it compresses like a photo), then times
//! `photos::process` (decode, turn upright, re-encode without metadata, hash, thumbnail) and
//! a whole `photos::add` (the same, plus both files written and synced and the row
//! committed) on a plaintext and on an encrypted database. Prints the median of 5 runs.

use std::io::Cursor;
use std::time::{Duration, Instant};

use chrono::Utc;
use dermalog_core::accounts::{ClinicSetup, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::patients::{self, PatientInput};
use dermalog_core::photos::{self, PhotoInput, PhotoPhase, PhotoView};
use dermalog_core::reference;
use dermalog_core::sessions::{self, DeviceKind, SessionInput, TreatedAreaInput};
use dermalog_core::{accounts, keys, Db, OpenOptions};
use uuid::Uuid;

const RUNS: usize = 5;

fn camera_jpeg() -> Vec<u8> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let grain = (seed % 24) as u8;
        image::Rgb([
            (180 + (x / 40) % 40) as u8 + grain / 2,
            (130 + (y / 30) % 50) as u8 + grain,
            (110 + ((x + y) / 50) % 30) as u8 + grain / 3,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("encode");
    out.into_inner()
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn admin(id: Uuid) -> ClinicSetup {
    ClinicSetup {
        clinic_name: "Bench clinic".into(),
        admin: UserInput {
            id,
            username: "bench".into(),
            display_name: "Dr Bench".into(),
            signature_name: "Dr Bench".into(),
            registration: String::new(),
            roles: vec![Role::Clinician, Role::Admin],
            active: true,
            password: Some("correct horse battery".into()),
        },
    }
}

/// A draft session on `db` to add photos to.
fn draft(db: &Db, by: &Actor) -> Uuid {
    let patient = patients::save(
        db,
        PatientInput {
            id: Uuid::now_v7(),
            given_name: "Bench".into(),
            family_name: "Patient".into(),
            date_of_birth: "1985-05-05".into(),
            sex_at_birth: Some(patients::SexAtBirth::Unknown),
            mrn: None,
            phone: None,
            email: None,
            fitzpatrick: Some(3),
            fitzpatrick_assessed_on: None,
            indications: vec![],
            notes: String::new(),
        },
        by,
    )
    .expect("patient");
    let session = SessionInput {
        id: Uuid::now_v7(),
        patient_id: patient.id,
        started_at: Utc::now().to_rfc3339(),
        ended_at: None,
        clinician_name: "Dr Bench".into(),
        indications: vec![],
        numbing_product: None,
        numbing_minutes: None,
        skin_prep: None,
        pain_score: None,
        notes: String::new(),
        aftercare_given: false,
        next_session_on: None,
        areas: vec![TreatedAreaInput {
            id: None,
            area_id: reference::list(db)
                .expect("reference")
                .areas
                .first()
                .map(|a| a.id),
            device_kind: Some(DeviceKind::DermaPen),
            device_model_id: None,
            device_model: None,
            needle_depth_mm: Some(0.5),
            passes: Some(2),
            speed_level: None,
            pattern: None,
            needle_count: None,
            cartridge_lot: None,
            endpoint: None,
            notes: String::new(),
        }],
        products: vec![],
        reactions: vec![],
        overrides: vec![],
        course_id: None,
    };
    sessions::save(db, session, by).expect("session").id
}

fn time_adds(label: &str, db: &Db, by: &Actor, base: &[u8]) {
    let session = draft(db, by);
    let input = PhotoInput {
        session_id: session,
        area_id: None,
        phase: PhotoPhase::Before,
        view: PhotoView::Frontal,
    };
    let mut times = Vec::new();
    for run in 0..RUNS {
        // A different picture each run (a changed comment byte would be stripped; change
        // pixels instead), so no run finds its files already stored.
        let mut bytes = base.to_vec();
        let at = bytes.len() - 1000 - run;
        bytes[at] ^= 0x01;
        let t = Instant::now();
        let added = photos::add(db, by, &input, &bytes);
        times.push(t.elapsed());
        if let Err(e) = added {
            // A flipped bit in the scan data can make the decoder refuse the file.
            eprintln!("run {run}: {e}");
        }
    }
    println!("{label:<44} {:>8.0?}", median(times));
}

fn main() {
    let jpeg = camera_jpeg();
    println!(
        "12 MP JPEG: 4000x3000, {:.1} MB; median of {RUNS} runs",
        jpeg.len() as f64 / 1e6
    );
    let mut times = Vec::new();
    let mut processed = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        processed = Some(photos::process(&jpeg).expect("process"));
        times.push(t.elapsed());
    }
    let p = processed.expect("processed");
    println!(
        "{:<44} {:>8.0?}   (stored {:.1} MB, thumbnail {} kB)",
        "process (decode, upright, strip, hash, thumb)",
        median(times),
        p.image.len() as f64 / 1e6,
        p.thumb.len() / 1000
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let user = Uuid::now_v7();
    let by = Actor::new(user, Utc::now());
    let plain = Db::open(&dir.path().join("plain.sqlite3"), Utc::now()).expect("plain");
    accounts::set_up(&plain, admin(user), Utc::now()).expect("set up");
    time_adds(
        "add to a plaintext database (files synced)",
        &plain,
        &by,
        &jpeg,
    );
    let (encrypted, _, _) = keys::set_up(
        &dir.path().join("encrypted.sqlite3"),
        &OpenOptions::default(),
        admin(user),
        Utc::now(),
    )
    .expect("encrypted set-up");
    time_adds(
        "add to an encrypted database (files synced)",
        &encrypted,
        &by,
        &jpeg,
    );
}
