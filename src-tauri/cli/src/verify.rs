//! `verify`: every check the clinic's records can be put through without the app: SQLite's
//! full `integrity_check` (the open only runs `quick_check`, which misses some index
//! damage), `foreign_key_check`, the hash-chained audit trail with its head file
//! (`audit::verify`) and every signed session against the hash it was signed with
//! (`signing::verify`), and every photo's files against their hashes (`photos::verify_files`).
//! Problems name tables, row ids and record ids, never their contents.
//! Exit 0 when all is well, 1 when anything was found.

use std::path::{Path, PathBuf};

use dermalog_core::audit::{self, AuditReport};
use dermalog_core::photos::{self, PhotoFileCheck};
use dermalog_core::signing::{self, SignatureCheck};
use serde::Serialize;

use crate::exit::{Exit, Outcome};
use crate::{place, show};

/// Rows of `integrity_check` kept: enough to see the kind of damage.
const INTEGRITY_ROWS: u32 = 100;

/// A row pointing at a parent that does not exist.
#[derive(Debug, Serialize)]
pub struct ForeignKeyProblem {
    /// The child table.
    pub table: String,
    /// The child row's rowid.
    pub rowid: Option<i64>,
    /// The table it should point into.
    pub parent: String,
}

/// What `verify` found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// True when nothing was found.
    pub ok: bool,
    /// `integrity_check`'s answer: `["ok"]`, or what it found.
    pub integrity: Vec<String>,
    /// Rows whose parent is missing.
    pub foreign_keys: Vec<ForeignKeyProblem>,
    /// The audit trail.
    pub audit: AuditReport,
    /// The signatures.
    pub signatures: SignatureCheck,
    /// The photo files.
    pub photos: PhotoFileCheck,
}

/// Runs `verify`.
pub fn run(db_path: &Path, dir: Option<PathBuf>, user: Option<&str>, json: bool) -> Outcome {
    place::require_file(db_path)?;
    let key = crate::key::for_database(db_path, user, "verify")?;
    let db = place::open_existing(db_path, &place::backup_dir(db_path, dir), key)?;
    let bar = show::spinner("Checking the database", json);
    let (integrity, foreign_keys) = db.read(|conn| {
        let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({INTEGRITY_ROWS})"))?;
        let integrity = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let keys = stmt
            .query_map([], |r| {
                Ok(ForeignKeyProblem {
                    table: r.get(0)?,
                    rowid: r.get(1)?,
                    parent: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((integrity, keys))
    })?;
    let audit = audit::verify(&db)?;
    let signatures = signing::verify(&db)?;
    let photos = photos::verify_files(&db)?;
    bar.finish_and_clear();
    let report = Report {
        ok: integrity == ["ok"]
            && foreign_keys.is_empty()
            && audit.ok
            && signatures.mismatches.is_empty()
            && photos.problems.is_empty(),
        integrity,
        foreign_keys,
        audit,
        signatures,
        photos,
    };
    if json {
        show::json(&report)?;
    } else {
        print_report(&report);
    }
    Ok(if report.ok { Exit::Ok } else { Exit::Problems })
}

fn print_report(r: &Report) {
    let mark = |ok: bool| if ok { "ok" } else { "PROBLEM" };
    let integrity_ok = r.integrity == ["ok"];
    println!("{:<12} {}", "integrity", mark(integrity_ok));
    if !integrity_ok {
        for line in &r.integrity {
            println!("  {line}");
        }
    }
    println!("{:<12} {}", "foreign keys", mark(r.foreign_keys.is_empty()));
    for p in &r.foreign_keys {
        let row = p.rowid.map_or_else(|| "?".into(), |id| id.to_string());
        println!("  {} row {row} points at a missing {}", p.table, p.parent);
    }
    println!(
        "{:<12} {} ({} rows, {} chains)",
        "audit trail",
        mark(r.audit.ok),
        r.audit.rows,
        r.audit.chains
    );
    for p in &r.audit.problems {
        println!("  {}", p.message);
    }
    println!(
        "{:<12} {} ({} checked)",
        "signatures",
        mark(r.signatures.mismatches.is_empty()),
        r.signatures.checked
    );
    for m in &r.signatures.mismatches {
        println!(
            "  session {} no longer matches its signature {}",
            m.session_id, m.signature_id
        );
    }
    println!(
        "{:<12} {} ({} checked)",
        "photo files",
        mark(r.photos.problems.is_empty()),
        r.photos.checked
    );
    for p in &r.photos.problems {
        let which = match p.size {
            photos::PhotoSize::Full => "image",
            photos::PhotoSize::Thumb => "thumbnail",
        };
        println!("  photo {}: {which} file {}", p.photo_id, p.problem);
    }
    println!(
        "{}",
        if r.ok {
            "All checks passed."
        } else {
            "Problems found."
        }
    );
}
