//! Kill test: a child process saves sessions through core in a loop, printing each id only
//! after its commit returned; the parent SIGKILLs it at random moments, reopens the file
//! (the same checks the app runs, including the audit high-water mark), runs
//! `integrity_check` and `foreign_key_check`, checks that every acknowledged save is there,
//! and walks the audit chain every tenth kill and after the last.
//!
//! A second phase does the same with photos: the child adds photos to a draft session, and
//! after each kill every photo row must have both its files, whole (read back and checked
//! against their hashes), and every acknowledged photo must be there; at the end the sweep
//! removes what the kills left without a row and every photo still reads.
//!
//! A third phase repeats the sessions phase on an encrypted database (SQLCipher, with its key
//! file), as the app keeps a clinic: the child unlocks it with the admin's password.
//!
//! `cargo test -p dermalog-core --test kill` runs 200 + 100 + 100 kills; `DERMALOG_KILLS=2000`
//! runs more. Its own `main` (no test harness): the same binary is the child with
//! `--child <db>`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use dermalog_core::accounts::{self, ClinicSetup, Role, UserInput};
use dermalog_core::audit::{self, Actor};
use dermalog_core::keys;
use dermalog_core::patients::{self, PatientInput};
use dermalog_core::reference;
use dermalog_core::sessions::{
    self, DeviceKind, ProductInput, ProductRole, ReactionInput, SessionInput, TimePoint,
    TreatedAreaInput,
};
use dermalog_core::{Db, OpenOptions};
use uuid::Uuid;

#[path = "kill/photos.rs"]
mod photos;

const USER: Uuid = Uuid::from_u128(0x0193_5d2a_7c00_7000_8000_0000_0000_0099);
const USERNAME: &str = "killer";
const PASSWORD: &str = "correct horse battery";

/// Opens the clinic at `path`: with its key, unlocked by the admin's password, when a key
/// file is beside it (the encrypted phase), else as a plaintext file.
fn open(path: &Path) -> Result<Db, String> {
    let options = if keys::path_for(path).exists() {
        let key = keys::unlock(path, USERNAME, PASSWORD).map_err(|e| e.to_string())?;
        OpenOptions {
            key: Some(key),
            ..OpenOptions::default()
        }
    } else {
        OpenOptions::default()
    };
    Db::open_with(path, Utc::now(), &options).map_err(|e| e.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let path = Path::new(&args[i + 1]);
        let patient = args[i + 2].parse().expect("patient id");
        match args.get(i + 3) {
            Some(session) => photos::child(path, session.parse().expect("session id")),
            None => child(path, patient),
        }
        return;
    }
    // Arguments the test runner passes (`--test-threads=2`, filters) do not apply here.
    let kills: usize = std::env::var("DERMALOG_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let (dir, path, patient, seed) = parent(kills, false);
    photos::parent(&path, patient, (kills / 2).max(1), seed);
    drop(dir);
    let (dir, ..) = parent((kills / 2).max(1), true);
    drop(dir);
}

/// Saves sessions for `patient` until killed; prints each id after its commit.
fn child(path: &Path, patient: Uuid) {
    let db = open(path).expect("child opens");
    let r = reference::list(&db).expect("reference");
    let stdout = std::io::stdout();
    for n in 0u64.. {
        let mut input = draft_input(&r, patient);
        let id = input.id;
        input.pain_score = Some((n % 10) as i32);
        input.notes = format!("save {n}");
        sessions::save(&db, input, &Actor::new(USER, Utc::now())).expect("save");
        // Acknowledged only now, after the commit returned.
        let mut out = stdout.lock();
        writeln!(out, "{id}").expect("print");
        out.flush().expect("flush");
    }
}

/// A three-area session with a serum and a reaction, as a draft for `patient`.
fn draft_input(r: &reference::ReferenceData, patient: Uuid) -> SessionInput {
    let area = |code: &str| r.areas.iter().find(|a| a.code == code).map(|a| a.id);
    let erythema = r
        .reaction_types
        .iter()
        .find(|t| t.code == "erythema")
        .map(|t| t.id);
    SessionInput {
        id: Uuid::now_v7(),
        patient_id: patient,
        started_at: Utc::now().to_rfc3339(),
        ended_at: None,
        clinician_name: "Dr Kill Test".into(),
        indications: vec![],
        numbing_product: None,
        numbing_minutes: None,
        skin_prep: None,
        pain_score: None,
        notes: String::new(),
        aftercare_given: false,
        next_session_on: None,
        areas: ["cheek_left", "cheek_right", "forehead"]
            .into_iter()
            .map(|code| TreatedAreaInput {
                id: None,
                area_id: area(code),
                device_kind: Some(DeviceKind::DermaPen),
                device_model_id: None,
                device_model: Some("Kill test pen".into()),
                needle_depth_mm: Some(0.5),
                passes: Some(2),
                speed_level: None,
                pattern: None,
                needle_count: None,
                cartridge_lot: Some("K-1".into()),
                endpoint: None,
                notes: String::new(),
            })
            .collect(),
        products: vec![ProductInput {
            id: None,
            product_id: None,
            name: "Hyaluronic acid serum".into(),
            role: Some(ProductRole::Serum),
            lot: Some("HA-K".into()),
            expiry_on: None,
            amount: None,
            area_id: None,
        }],
        reactions: vec![ReactionInput {
            id: None,
            reaction_type_id: erythema,
            scale_id: None,
            grade: Some(1),
            time_point: Some(TimePoint::Immediate),
            area_id: None,
            note: String::new(),
        }],
        overrides: vec![],
        course_id: None,
    }
}

/// Runs this binary as a child with `--child` and `args`, SIGKILLs it after `after`, and
/// returns the ids it acknowledged (printed after each commit returned).
fn run_child(me: &Path, args: &[&std::ffi::OsStr], after: Duration) -> Vec<Uuid> {
    let mut child = Command::new(me)
        .arg("--child")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("child starts");
    let out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| Uuid::parse_str(l.trim()).ok())
            .collect::<Vec<_>>()
    });
    std::thread::sleep(after);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaped");
    assert!(!status.success(), "the child was killed, not finished");
    reader.join().expect("reader")
}

/// A small deterministic generator, so a failing run can be repeated from its seed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A new clinic at `path` (encrypted, with its key file, or plaintext) with one patient.
fn prepare(path: &Path, encrypted: bool) -> Uuid {
    let setup = ClinicSetup {
        clinic_name: "Kill test clinic".into(),
        admin: UserInput {
            id: USER,
            username: USERNAME.into(),
            display_name: "Dr Kill Test".into(),
            signature_name: "Dr Kill Test".into(),
            registration: String::new(),
            roles: vec![Role::Clinician, Role::Admin],
            active: true,
            password: Some(PASSWORD.into()),
        },
    };
    let db = if encrypted {
        keys::set_up(path, &OpenOptions::default(), setup, Utc::now())
            .expect("encrypted set-up")
            .0
    } else {
        let db = Db::open(path, Utc::now()).expect("create");
        accounts::set_up(&db, setup, Utc::now()).expect("set-up");
        db
    };
    patients::save(
        &db,
        PatientInput {
            id: Uuid::now_v7(),
            given_name: "Killian".into(),
            family_name: "Test".into(),
            date_of_birth: "1980-01-01".into(),
            sex_at_birth: Some(patients::SexAtBirth::Female),
            mrn: None,
            phone: None,
            email: None,
            fitzpatrick: Some(3),
            fitzpatrick_assessed_on: None,
            indications: vec![],
            notes: String::new(),
        },
        &Actor::new(USER, Utc::now()),
    )
    .expect("patient")
    .id
}

fn parent(kills: usize, encrypted: bool) -> (tempfile::TempDir, PathBuf, Uuid, u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("kill.sqlite3");
    let patient = prepare(&path, encrypted);
    let seed = std::env::var("DERMALOG_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Utc::now().timestamp_micros() as u64 | 1);
    let mut rng = Rng(seed);
    let me = std::env::current_exe().expect("own path");
    let started = Instant::now();
    let mut acknowledged: Vec<Uuid> = Vec::new();
    let mut mid_write = 0usize;
    for round in 0..kills {
        let acked = run_child(
            &me,
            &[path.as_os_str(), patient.to_string().as_ref()],
            Duration::from_millis(10 + rng.below(140)),
        );
        if !acked.is_empty() {
            mid_write += 1;
        }
        acknowledged.extend(acked);

        let db = open(&path)
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): reopen refused: {e}"));
        db.read(|c| {
            let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            assert_eq!(integrity, "ok", "round {round} (seed {seed})");
            let fk_problems: i64 =
                c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            assert_eq!(fk_problems, 0, "round {round} (seed {seed})");
            Ok(())
        })
        .expect("checks");
        let stored: std::collections::HashSet<Uuid> = db
            .read(|c| {
                let mut stmt = c.prepare("SELECT id FROM session")?;
                let ids = stmt
                    .query_map([], |r| r.get::<_, String>(0))?
                    .filter_map(|r| r.ok().and_then(|s| Uuid::parse_str(&s).ok()))
                    .collect();
                Ok(ids)
            })
            .expect("session ids");
        let lost: Vec<_> = acknowledged
            .iter()
            .filter(|id| !stored.contains(id))
            .collect();
        assert!(
            lost.is_empty(),
            "round {round} (seed {seed}): acknowledged saves lost: {lost:?}"
        );
        // A break in the chain stays broken, so walking it every tenth round (and after the
        // last) finds any kill that broke it, without the walk dominating the run.
        if round % 10 == 9 || round + 1 == kills {
            let report = audit::verify(&db).expect("verify");
            assert!(report.ok, "round {round} (seed {seed}): {report:?}");
        }
    }
    println!(
        "kill test{}: {kills} kills ({mid_write} after at least one save), {} acknowledged \
         saves, 0 lost, audit trail intact; {:.1?} (seed {seed})",
        if encrypted { " (encrypted)" } else { "" },
        acknowledged.len(),
        started.elapsed()
    );
    (dir, path, patient, seed)
}
