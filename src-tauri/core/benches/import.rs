//! CSV import throughput: `cargo bench -p dermalog-core --bench import [-- --patients N
//! --rows M]` (default 20,000 patients and 200,000 session rows, one row per treated area,
//! one to three areas per session). Generates both files in memory, then times a dry run and
//! an import into a fresh database, and a re-run of the same files (everything already
//! present), printing sessions and rows per second. The target is 50,000 sessions/s. Then
//! the floor: the same rows copied by SQLite itself (`INSERT … SELECT` from the imported
//! file) into the empty clinic, with the same indexes, without foreign keys, and with neither.

use std::fmt::Write as _;
use std::time::Instant;

use chrono::Utc;
use dermalog_core::accounts::{self, ClinicSetup, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::import::{self, ImportFiles, ImportOptions, ImportReport, SourceFile};
use dermalog_core::Db;
use uuid::Uuid;

/// A small deterministic generator (xorshift), so every run imports the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const AREAS: &[&str] = &[
    "forehead",
    "cheek_left",
    "cheek_right",
    "chin",
    "Jawline",
    "neck",
    "Scalp",
];
const SERUMS: &[&str] = &[
    "Hyaluronic acid serum",
    "Peptide serum",
    "Growth factor serum",
    "PRP (platelet-rich plasma)",
];
const CLINICIANS: &[&str] = &["Dr. Ana Silva", "Dr. Ben Cole", "Dr. Chen Wei"];

fn patients_csv(n: u32) -> String {
    let mut s = String::from(
        "external_id,family_name,given_name,date_of_birth,sex_at_birth,mrn,phone,email,\
         fitzpatrick,indications,notes\n",
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "P{i:06},Family{i},Given{},{:02}.{:02}.{},{},MRN-{i:06},+44 20 7946 {:04},p{i}@example.org,{},acne_scars,",
            i % 97,
            1 + i % 28,
            1 + i % 12,
            1950 + i % 55,
            if i % 5 == 0 { "male" } else { "female" },
            i % 10_000,
            1 + i % 6,
        );
    }
    s
}

/// `rows` area rows for `patients` patients; returns the file and its number of sessions.
fn sessions_csv(patients: u32, rows: u32, rng: &mut Rng) -> (String, u32) {
    let mut s = String::from(
        "session_external_id,patient_external_id,date,start_time,end_time,clinician,indications,\
         pain_score,session_notes,area,device_kind,needle_depth_mm,passes,serum,serum_lot,\
         serum_expiry,reaction,reaction_grade,reaction_time_point\n",
    );
    let (mut written, mut sessions) = (0u32, 0u32);
    while written < rows {
        let patient = rng.below(u64::from(patients));
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let year = 2019 + rng.below(6);
        let hour = 8 + rng.below(9);
        let clinician = rng.pick(CLINICIANS);
        let serum = rng.pick(SERUMS);
        let pain = rng.below(7);
        let areas = (1 + rng.below(3)).min(u64::from(rows - written));
        for a in 0..areas {
            let depth = 250 * (1 + rng.below(6));
            let _ = writeln!(
                s,
                "S{sessions:07},P{patient:06},{day:02}.{month:02}.{year},{hour:02}:00,{hour:02}:40,\
                 {clinician},acne_scars,{pain},,{},pen,{}.{:02},{},{serum},L{year}{month:02},\
                 31.12.2030,erythema,{},immediate",
                AREAS[((patient + a) % AREAS.len() as u64) as usize],
                depth / 1000,
                depth % 1000 / 10,
                2 + rng.below(3),
                rng.below(4),
            );
        }
        written += areas as u32;
        sessions += 1;
    }
    (s, sessions)
}

fn arg(name: &str, default: u32) -> u32 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fresh(dir: &std::path::Path, name: &str) -> (Db, Actor) {
    let admin = Uuid::now_v7();
    let db = Db::open(&dir.join(name), Utc::now()).expect("database");
    let setup = ClinicSetup {
        clinic_name: "Bench Clinic".into(),
        admin: UserInput {
            id: admin,
            username: "admin".into(),
            display_name: "Admin".into(),
            signature_name: "Admin".into(),
            registration: String::new(),
            roles: vec![Role::Admin, Role::Clinician],
            active: true,
            password: Some("bench password 123".into()),
        },
    };
    accounts::set_up(&db, setup, Utc::now()).expect("set up");
    (db, Actor::new(admin, Utc::now()))
}

fn line(what: &str, secs: f64, sessions: u32, rows: u32, report: &ImportReport) {
    println!(
        "{what:<28} {:>8.3} s {:>10.0} sessions/s {:>10.0} rows/s   created {:>6} sessions, \
         {:>6} patients; present {:>6}; problems {}",
        secs,
        f64::from(sessions) / secs,
        f64::from(rows) / secs,
        report.created.sessions,
        report.created.patients,
        report.already_present.sessions,
        report.problems.len()
    );
}

/// The tables an import writes, parents first.
const IMPORTED: &[&str] = &[
    "patient",
    "fitzpatrick_assessment",
    "import_batch",
    "import_patient",
    "session",
    "treated_area",
    "product_applied",
    "reaction",
    "import_session",
];

/// Seconds SQLite takes to copy the imported rows of `source` into `empty` (a copy of the
/// database as it was before the import) without any trigger, with or without the
/// secondary indexes and the foreign key checks, in one durable transaction: the floor
/// under any import of these rows.
fn copy_floor(
    empty: &std::path::Path,
    source: &std::path::Path,
    indexed: bool,
    foreign_keys: bool,
) -> f64 {
    let path = empty.with_extension(format!("floor-{indexed}-{foreign_keys}"));
    std::fs::copy(empty, &path).expect("floor database");
    let conn = rusqlite::Connection::open(&path).expect("open floor");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -262144;",
    )
    .expect("pragmas");
    let drop_all = |kind: &str| {
        let names: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM sqlite_schema WHERE type = '{kind}' AND sql IS NOT NULL"
            ))
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .expect("schema");
        for name in names {
            conn.execute_batch(&format!("DROP {kind} \"{name}\""))
                .expect("drop");
        }
    };
    drop_all("trigger");
    if !indexed {
        drop_all("index");
    }
    conn.pragma_update(None, "foreign_keys", foreign_keys)
        .expect("foreign keys");
    conn.execute("ATTACH ?1 AS src", [source.to_string_lossy()])
        .expect("attach");
    let t = Instant::now();
    conn.execute_batch("BEGIN").expect("begin");
    for table in IMPORTED {
        conn.execute_batch(&format!(
            "INSERT INTO main.{table} SELECT * FROM src.{table}"
        ))
        .unwrap_or_else(|e| panic!("copy {table}: {e}"));
    }
    conn.execute_batch("COMMIT").expect("commit");
    t.elapsed().as_secs_f64()
}

fn main() {
    let patients = arg("--patients", 20_000);
    let rows = arg("--rows", 200_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let t = Instant::now();
    let p = patients_csv(patients);
    let (s, sessions) = sessions_csv(patients, rows, &mut rng);
    println!(
        "generated {patients} patients and {rows} session rows ({sessions} sessions, {:.1} MB) \
         in {:.2} s",
        (p.len() + s.len()) as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let files = ImportFiles {
        patients: Some(SourceFile::new("patients.csv", p)),
        sessions: Some(SourceFile::new("sessions.csv", s)),
    };
    let options = ImportOptions {
        utc_offset_minutes: Some(60),
        ..ImportOptions::default()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, by) = fresh(dir.path(), "bench.sqlite3");
    // The set-up clinic before any import, for the floor figures below.
    let empty = dir.path().join("empty.sqlite3");
    db.read(|c| Ok(c.execute("VACUUM INTO ?1", [empty.to_string_lossy()])?))
        .expect("copy of the empty clinic");

    let t = Instant::now();
    let dry = import::dry_run(&db, &files, &options, by.now).expect("dry run");
    line(
        "dry run (fresh database)",
        t.elapsed().as_secs_f64(),
        sessions,
        rows,
        &dry,
    );
    assert!(!dry.has_errors(), "{:?}", dry.problems.first());

    let t = Instant::now();
    let done = import::import(&db, &files, &options, &by, &mut |_| {}).expect("import");
    let secs = t.elapsed().as_secs_f64();
    line("import (one transaction)", secs, sessions, rows, &done);
    assert_eq!(done.created.sessions, sessions);

    let t = Instant::now();
    let again = import::import(&db, &files, &options, &by, &mut |_| {}).expect("re-run");
    line(
        "re-run (all present)",
        t.elapsed().as_secs_f64(),
        sessions,
        rows,
        &again,
    );
    assert_eq!(again.created.sessions, 0);

    drop(db);
    let source = dir.path().join("bench.sqlite3");
    for (what, indexed, foreign_keys) in [
        ("floor: same schema", true, true),
        ("floor: no foreign keys", true, false),
        ("floor: tables only", false, false),
    ] {
        let floor = copy_floor(&empty, &source, indexed, foreign_keys);
        println!(
            "{what:<28} {floor:>8.3} s {:>10.0} sessions/s   import / this {:.1}x",
            f64::from(sessions) / floor,
            secs / floor
        );
    }
    println!(
        "(floor: SQLite copying the imported rows itself, no triggers, one durable commit; \
         \"no foreign keys\" keeps the indexes, \"tables only\" keeps only primary and unique keys)"
    );

    let rate = f64::from(sessions) / secs;
    println!(
        "import: {rate:.0} sessions/s, target 50000: {}",
        if rate >= 50_000.0 { "met" } else { "NOT met" }
    );
}
