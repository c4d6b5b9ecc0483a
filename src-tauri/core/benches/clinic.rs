//! Clinic-scale benchmarks: `cargo bench -p dermalog-core --bench clinic [-- --patients N
//! --sessions M]` (default 100,000 patients and 1,000,000 sessions). Builds the demo clinic
//! once (cached under `target/bench-data/`, keyed by size, seed and schema version), then
//! prints p50/p99 for patient search, a 200-session history, lot recall, session search, each
//! report and a session save,
//! each beside a bare-SQLite baseline of the same query shape (rusqlite directly, no
//! decoding into domain types), and the ratio between them.

#[path = "clinic/review.rs"]
mod review;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use dermalog_core::accounts::{self, ClinicSetup, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::db::DbKey;
use dermalog_core::demo::{self, DemoSpec};
use dermalog_core::patients::{self, PatientQuery};
use dermalog_core::{recall, sessions, Db};
use rusqlite::{params, Connection, OpenFlags};

struct Stats {
    p50: Duration,
    p99: Duration,
}

fn measure(runs: usize, mut f: impl FnMut(usize)) -> Stats {
    for i in 0..runs.min(20) {
        f(i); // warm the page cache and statement cache
    }
    let mut d: Vec<Duration> = (0..runs)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    d.sort();
    Stats {
        p50: d[d.len() / 2],
        p99: d[(d.len() * 99 / 100).min(d.len() - 1)],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn row(name: &str, ours: &Stats, bare: Option<&Stats>) {
    let ratio = bare.map_or(String::new(), |b| {
        format!(
            "{:>7.1}x",
            ours.p50.as_secs_f64() / b.p50.as_secs_f64().max(1e-9)
        )
    });
    let base = bare.map_or(String::from("-"), |b| {
        format!("{} / {}", ms(b.p50), ms(b.p99))
    });
    println!(
        "{name:<34} {:>12} {:>12}   {base:>25} {ratio}",
        ms(ours.p50),
        ms(ours.p99)
    );
}

fn arg(args: &[String], name: &str, default: u32) -> u32 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let defaults = DemoSpec::clinic_scale();
    let spec = DemoSpec {
        patients: arg(&args, "--patients", defaults.patients),
        sessions: arg(&args, "--sessions", defaults.sessions),
        ..defaults
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let t = Instant::now();
    let path = demo::cached(&dir, &spec, today).expect("bench database");
    if t.elapsed() > Duration::from_secs(2) {
        println!("built {} in {:.1?}", path.display(), t.elapsed());
    }
    // `--encrypted`: the same clinic as the app keeps it, encrypted (SQLCipher), copied
    // afresh from the cached demo database each run.
    let key = args
        .iter()
        .any(|a| a == "--encrypted")
        .then(DbKey::generate);
    let path = match &key {
        None => path,
        Some(key) => {
            let copy = dir.join("encrypted-scratch.sqlite3");
            let _ = std::fs::remove_file(&copy);
            let t = Instant::now();
            dermalog_core::db::encrypted_copy(&path, &copy, key).expect("encrypted copy");
            // Its key file, as the app keeps one: backups copy it beside themselves.
            let (file, _) = dermalog_core::keys::KeyFile::new(key, false).expect("key file");
            file.write(&dermalog_core::keys::path_for(&copy))
                .expect("write key file");
            println!("encrypted copy written in {:.1?}", t.elapsed());
            copy
        }
    };
    let options = dermalog_core::OpenOptions {
        key: key.clone(),
        ..Default::default()
    };
    let db = Db::open_with(&path, Utc::now(), &options).expect("open bench database");
    let bare = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("bare");
    if let Some(key) = &key {
        key.apply(&bare).expect("key");
    }

    // Inputs: name prefixes, two-word names, record numbers, dates of birth; the heavy
    // patients; lots in use.
    let col = |sql: &str| -> Vec<String> {
        let mut st = bare.prepare(sql).expect("prepare");
        st.query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let families = col("SELECT DISTINCT family_key FROM patient LIMIT 200");
    let givens = col("SELECT DISTINCT given_key FROM patient LIMIT 200");
    let mrns = col("SELECT mrn FROM patient ORDER BY random() LIMIT 200");
    let dobs = col("SELECT date_of_birth FROM patient ORDER BY random() LIMIT 200");
    let heavy = col("SELECT patient_id FROM session GROUP BY patient_id HAVING count(*) = 200");
    let lots = col("SELECT DISTINCT lot FROM product_applied ORDER BY random() LIMIT 200");
    let query = |i: usize| -> String {
        let f = &families[i % families.len()];
        let g = &givens[i % givens.len()];
        match i % 5 {
            0 => f.chars().take(3).collect(),
            1 => f.chars().take(5).collect(),
            2 => format!(
                "{} {}",
                g.chars().take(3).collect::<String>(),
                f.chars().take(2).collect::<String>()
            ),
            3 => mrns[i % mrns.len()].clone(),
            _ => dobs[i % dobs.len()].clone(),
        }
    };
    println!(
        "\n{} patients, {} sessions ({}{}); p50 / p99\n",
        spec.patients,
        spec.sessions,
        path.display(),
        if key.is_some() { ", encrypted" } else { "" }
    );
    println!(
        "{:<34} {:>12} {:>12}   {:>25} {:>8}",
        "", "p50", "p99", "bare SQLite p50 / p99", "ratio"
    );

    let search = measure(1000, |i| {
        let q = PatientQuery {
            text: query(i),
            include_archived: false,
            limit: Some(100),
        };
        std::hint::black_box(patients::list(&db, &q).expect("search"));
    });
    let mut st = bare
        .prepare(
            "SELECT id, given_name, family_name FROM patient
             WHERE family_key >= ?1 AND family_key < ?2 ORDER BY family_key LIMIT 100",
        )
        .expect("prepare");
    let search_bare = measure(1000, |i| {
        let p: String = families[i % families.len()].chars().take(3).collect();
        let n = st
            .query_map(params![p, format!("{p}\u{10FFFF}")], |r| {
                r.get::<_, String>(0)
            })
            .expect("q")
            .count();
        std::hint::black_box(n);
    });
    row("patient search (100 rows max)", &search, Some(&search_bare));
    for (shape, name) in [
        "3-letter family prefix",
        "5-letter family prefix",
        "given + family prefixes",
        "record number",
        "date of birth",
    ]
    .iter()
    .enumerate()
    {
        let one = measure(400, |i| {
            let q = PatientQuery {
                text: query(i * 5 + shape),
                include_archived: false,
                limit: Some(100),
            };
            std::hint::black_box(patients::list(&db, &q).expect("search"));
        });
        row(&format!("  {name}"), &one, None);
    }

    let history = measure(200, |i| {
        let id = heavy[i % heavy.len()].parse().expect("id");
        let h = sessions::list_for_patient(&db, id).expect("history");
        assert_eq!(h.len(), 200);
    });
    let history_bare = measure(200, |i| {
        let id = &heavy[i % heavy.len()];
        let mut n = 0usize;
        for sql in [
            "SELECT * FROM session WHERE patient_id = ?1",
            "SELECT * FROM treated_area WHERE session_id IN (SELECT id FROM session WHERE patient_id = ?1)",
            "SELECT * FROM product_applied WHERE session_id IN (SELECT id FROM session WHERE patient_id = ?1)",
            "SELECT * FROM reaction WHERE session_id IN (SELECT id FROM session WHERE patient_id = ?1)",
        ] {
            let mut st = bare.prepare_cached(sql).expect("prepare");
            let mut rows = st.query(params![id]).expect("q");
            while let Some(r) = rows.next().expect("row") {
                n += r.as_ref().column_count();
            }
        }
        std::hint::black_box(n);
    });
    row(
        "history of a 200-session patient",
        &history,
        Some(&history_bare),
    );

    let recall = measure(200, |i| {
        std::hint::black_box(recall::by_lot(&db, &lots[i % lots.len()]).expect("recall"));
    });
    let recall_bare = measure(200, |i| {
        let mut st = bare
            .prepare_cached("SELECT session_id FROM product_applied WHERE lot = ?1")
            .expect("prepare");
        std::hint::black_box(
            st.query_map(params![lots[i % lots.len()]], |r| r.get::<_, String>(0))
                .expect("q")
                .count(),
        );
    });
    row("lot recall", &recall, Some(&recall_bare));

    review::run(&db, &bare, today, &lots);

    // One verified backup of the whole clinic (VACUUM INTO, integrity_check, fsync, manifest),
    // into a scratch folder removed afterwards.
    let backups = dir.join("backup-scratch");
    let info = dermalog_core::backup::create(
        &db,
        &backups,
        dermalog_core::backup::BackupReason::Manual,
        Utc::now(),
    )
    .expect("backup");
    println!(
        "verified backup of the clinic           {:>8.1} s     ({} MB, {} patients, {} sessions)",
        info.millis as f64 / 1000.0,
        info.bytes / 1_000_000,
        info.patients,
        info.sessions
    );
    // Restoring it into a fresh place (copy, sync, rename, audit head), then opening it with
    // every open check, as the app does after a restore.
    let target = backups.join("restored.sqlite3");
    let t = std::time::Instant::now();
    dermalog_core::backup::restore(&backups, &info, &target, Utc::now(), key.as_ref())
        .expect("restore");
    let copied = t.elapsed();
    drop(Db::open_with(&target, Utc::now(), &options).expect("restored file opens"));
    println!(
        "restore of that backup, then reopen      {:>8.1} s     (copy and sync {:.1} s)",
        t.elapsed().as_secs_f64(),
        copied.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&backups);

    // A durable write: a 3-area session through the core, against one bare row committed
    // with the same WAL + synchronous=FULL settings, both on a small scratch database.
    let scratch = tempfile_path(&dir);
    let small = Db::open(&scratch, Utc::now()).expect("scratch");
    demo::generate(
        &small,
        &DemoSpec {
            patients: 10,
            sessions: 10,
            seed: 1,
            heavy_patients: 0,
            heavy_sessions: 0,
        },
        today,
    )
    .expect("scratch clinic");
    let template = {
        let p = patients::list(&small, &PatientQuery::default()).expect("patients");
        let id = p
            .iter()
            .find(|x| x.session_count > 0)
            .expect("a patient with a session")
            .id;
        sessions::list_for_patient(&small, id).expect("sessions")[0].clone()
    };
    let user = bench_user(&small);
    let save = measure(100, |_| {
        let input = as_input(&template);
        let by = Actor::new(user, Utc::now());
        std::hint::black_box(sessions::save(&small, input, &by).expect("save"));
    });
    let raw = Connection::open(scratch.with_extension("bare")).expect("bare scratch");
    raw.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)",
    )
    .expect("bare setup");
    let commit_bare = measure(100, |i| {
        raw.execute_batch("BEGIN IMMEDIATE").expect("begin");
        raw.execute("INSERT INTO t (v) VALUES (?1)", params![i.to_string()])
            .expect("insert");
        raw.execute_batch("COMMIT").expect("commit");
    });
    row("save a 3-area session (durable)", &save, Some(&commit_bare));
    drop(small);
    for ext in ["", "-wal", "-shm", ".audit-head"] {
        let _ = std::fs::remove_file(format!("{}{ext}", scratch.display()));
        let _ = std::fs::remove_file(format!("{}{ext}", scratch.with_extension("bare").display()));
    }
}

/// The user the timed saves are made by: the first admin, set up when the database has none
/// (every save is audited under a signed-in user).
fn bench_user(db: &Db) -> uuid::Uuid {
    if !accounts::needs_setup(db).expect("accounts") {
        let users = accounts::list(db).expect("users");
        return users
            .iter()
            .find(|u| u.active && u.has(Role::Admin))
            .expect("an active admin")
            .id;
    }
    let setup = ClinicSetup {
        clinic_name: "Bench Clinic".into(),
        admin: UserInput {
            id: uuid::Uuid::now_v7(),
            username: "bench".into(),
            display_name: "Bench".into(),
            signature_name: "Bench".into(),
            registration: String::new(),
            roles: vec![Role::Clinician, Role::Admin],
            active: true,
            password: Some("bench password".into()),
        },
    };
    accounts::set_up(db, setup, Utc::now()).expect("set up").id
}

fn tempfile_path(dir: &std::path::Path) -> PathBuf {
    dir.join(format!("scratch-{}.sqlite3", std::process::id()))
}

/// A new session with the stored one's content (fresh ids), as the form would send it.
fn as_input(s: &sessions::Session) -> sessions::SessionInput {
    use sessions::{ProductInput, ReactionInput, SessionInput, TreatedAreaInput};
    SessionInput {
        id: uuid::Uuid::now_v7(),
        patient_id: s.patient_id,
        started_at: s.started_at.to_rfc3339(),
        ended_at: s.ended_at.map(|t| t.to_rfc3339()),
        clinician_name: s.clinician_name.clone(),
        indications: s.indications.clone(),
        numbing_product: s.numbing_product.clone(),
        numbing_minutes: s.numbing_minutes,
        skin_prep: s.skin_prep.clone(),
        pain_score: s.pain_score,
        notes: s.notes.clone(),
        aftercare_given: s.aftercare_given,
        next_session_on: None,
        areas: s
            .areas
            .iter()
            .map(|a| TreatedAreaInput {
                id: None,
                area_id: Some(a.area_id),
                device_kind: Some(a.device_kind),
                device_model_id: a.device_model_id,
                device_model: a.device_model.clone(),
                needle_depth_mm: Some(a.needle_depth_mm),
                passes: Some(a.passes),
                speed_level: a.speed_level,
                pattern: a.pattern,
                needle_count: a.needle_count,
                cartridge_lot: a.cartridge_lot.clone(),
                endpoint: a.endpoint.clone(),
                notes: a.notes.clone(),
            })
            .collect(),
        products: s
            .products
            .iter()
            .map(|p| ProductInput {
                id: None,
                product_id: p.product_id,
                name: p.name.clone(),
                role: Some(p.role),
                lot: p.lot.clone(),
                expiry_on: None,
                amount: p.amount.clone(),
                area_id: p.area_id,
            })
            .collect(),
        reactions: s
            .reactions
            .iter()
            .map(|r| ReactionInput {
                id: None,
                reaction_type_id: Some(r.reaction_type_id),
                scale_id: Some(r.scale_id),
                grade: Some(r.grade),
                time_point: Some(r.time_point),
                area_id: r.area_id,
                note: r.note.clone(),
            })
            .collect(),
        overrides: vec![],
        course_id: None,
    }
}
