//! `demo-data`: a demo clinic from the core generator (`dermalog_core::demo`), deterministic
//! from the seed and the last day. It writes only a new file: an existing path is refused,
//! so a clinic's database can never receive invented patients. The generator reports no
//! progress, so a spinner shows it is working.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use dermalog_core::demo::{self, DemoSpec};
use dermalog_core::Db;
use serde::Serialize;

use crate::exit::{Exit, Failure, Outcome};
use crate::show;

/// Sessions of each "heavy" patient (the history the benchmarks read), as `dermalog-demo`.
const HEAVY_SESSIONS: u32 = 200;
/// At most this many heavy patients.
const HEAVY_PATIENTS: u32 = 10;

/// What to build.
pub struct Request {
    /// Patients.
    pub patients: u32,
    /// Sessions in all.
    pub sessions: u32,
    /// Seed.
    pub seed: u64,
    /// The last day of the clinic's history; `None`: today (UTC).
    pub today: Option<NaiveDate>,
    /// The new file.
    pub out: PathBuf,
}

#[derive(Serialize)]
struct Built {
    file: String,
    seed: u64,
    patients: u64,
    sessions: u64,
    areas: u64,
    products: u64,
    reactions: u64,
    courses: u64,
    history_entries: u64,
    millis: u128,
}

/// Heavy patients take at most half the sessions asked for, so a small clinic gets the
/// number of sessions it asked for (the generator gives heavy patients theirs first).
fn heavy_patients(sessions: u32) -> u32 {
    HEAVY_PATIENTS.min(sessions / 2 / HEAVY_SESSIONS)
}

/// Runs `demo-data`.
pub fn run(req: Request, json: bool) -> Outcome {
    if req.out.exists() {
        return Err(Failure::new(
            Exit::Other,
            format!("{} exists; choose a new file", req.out.display()),
        ));
    }
    let spec = DemoSpec {
        patients: req.patients,
        sessions: req.sessions,
        seed: req.seed,
        heavy_patients: heavy_patients(req.sessions),
        heavy_sessions: HEAVY_SESSIONS,
    };
    let today = req.today.unwrap_or_else(|| Utc::now().date_naive());
    let started = Instant::now();
    let bar = show::spinner(
        &format!(
            "Generating {} patients and {} sessions",
            req.patients, req.sessions
        ),
        json,
    );
    let db = Db::open(&req.out, Utc::now()).map_err(|e| {
        bar.finish_and_clear();
        Failure::new(Exit::Other, e.to_string())
    })?;
    let built = demo::generate(&db, &spec, today);
    drop(db);
    bar.finish_and_clear();
    let s = match built {
        Ok(s) => s,
        Err(e) => {
            // The file is new and ours: a half-built clinic is taken back, not left to be
            // mistaken for a whole one.
            for suffix in ["", "-wal", "-shm", ".audit-head"] {
                let mut p = req.out.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            return Err(e.into());
        }
    };
    let done = Built {
        file: req.out.display().to_string(),
        seed: req.seed,
        patients: s.patients,
        sessions: s.sessions,
        areas: s.areas,
        products: s.products,
        reactions: s.reactions,
        courses: s.courses,
        history_entries: s.history_entries,
        millis: started.elapsed().as_millis(),
    };
    if json {
        show::json(&done)?;
    } else {
        println!(
            "{}: {} patients, {} sessions, {} areas, {} products, {} reactions, {} courses, \
             {} history entries in {:.1} s",
            done.file,
            done.patients,
            done.sessions,
            done.areas,
            done.products,
            done.reactions,
            done.courses,
            done.history_entries,
            done.millis as f64 / 1000.0
        );
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::heavy_patients;

    #[test]
    fn heavy_patients_never_take_more_than_half_the_sessions() {
        assert_eq!(heavy_patients(10_000), 10, "dermalog-demo's default clinic");
        assert_eq!(heavy_patients(1_000), 2);
        assert_eq!(heavy_patients(20), 0);
    }
}
