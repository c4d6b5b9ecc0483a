//! Builds a demo clinic database: `dermalog-demo [--patients N] [--sessions M] [--seed S]
//! [--today YYYY-MM-DD] OUT.sqlite3`. The output file must not exist: this never writes into
//! an existing database. Open the result with `bash .ci/launch --db OUT.sqlite3`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use dermalog_core::demo::{self, DemoSpec};
use dermalog_core::Db;

const USAGE: &str = "usage: dermalog-demo [--patients N] [--sessions M] [--seed S] \
                     [--today YYYY-MM-DD] OUT.sqlite3";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dermalog-demo: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut spec = DemoSpec {
        patients: 1_000,
        sessions: 10_000,
        seed: 42,
        heavy_patients: 10,
        heavy_sessions: 200,
    };
    let mut today = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad default date")?;
    let mut out: Option<PathBuf> = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--patients" => spec.patients = value(&a)?.parse().map_err(|_| "bad --patients")?,
            "--sessions" => spec.sessions = value(&a)?.parse().map_err(|_| "bad --sessions")?,
            "--seed" => spec.seed = value(&a)?.parse().map_err(|_| "bad --seed")?,
            "--today" => {
                today =
                    NaiveDate::parse_from_str(&value(&a)?, "%Y-%m-%d").map_err(|_| "bad --today")?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            path => out = Some(PathBuf::from(path)),
        }
    }
    let out = out.ok_or("name the output file")?;
    if out.exists() {
        return Err(format!("{} exists; choose a new file", out.display()));
    }
    let t0 = Instant::now();
    let db = Db::open(&out, Utc::now()).map_err(|e| e.to_string())?;
    let s = demo::generate(&db, &spec, today).map_err(|e| e.to_string())?;
    println!(
        "{}: {} patients, {} sessions, {} areas, {} products, {} reactions, {} courses, \
         {} history entries in {:.1?}",
        out.display(),
        s.patients,
        s.sessions,
        s.areas,
        s.products,
        s.reactions,
        s.courses,
        s.history_entries,
        t0.elapsed()
    );
    Ok(())
}
