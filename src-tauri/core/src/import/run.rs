//! The import use cases: dry-run an import, and import.
//!
//! Invariants: files are read and checked against the rules before the database is
//! touched; the judgement against stored records (already imported? conflicting? record
//! number taken?) is made again inside the import's own transaction, so what is written is
//! exactly what was judged; an import with any error-level problem writes nothing.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use super::columns::FileKind;
use super::headers::Columns;
use super::lookup::Lookups;
use super::patients::{self, PatientDraft};
use super::plan::{resolve, Plan};
use super::preview::{read_file, ReadFile};
use super::problem::{self, FileProblems, Problem, Severity};
use super::sessions::{self, Reading, SessionDraft};
use super::write::{write, Batch};
use super::{FileSummary, ImportFiles, ImportOptions, ImportReport, Phase, Progress};
use crate::accounts::{self, Role};
use crate::audit::{Action, Actor, Change};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::reference::{self, ReferenceData};

/// How often (in rows) progress is reported while checking.
const EVERY: u32 = 4096;

/// Files read and checked against the rules, before the database is consulted.
pub(crate) struct Checked {
    files: Vec<FileSummary>,
    pub problems: Vec<Problem>,
    pub patients: Vec<PatientDraft>,
    listed: HashSet<String>,
    pub sessions: Vec<SessionDraft>,
    /// (patient, line) of the sessions refused by the rules.
    refused: Vec<(String, u32)>,
    /// (file name, columns) of each file, for problems found against the database.
    patients_file: (String, Columns),
    sessions_file: (String, Columns),
}

pub(crate) fn check(
    reference: &ReferenceData,
    files: &ImportFiles,
    options: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Checked {
    let mut problems = Vec::new();
    if options
        .utc_offset_minutes
        .is_some_and(|m| !(-18 * 60..=18 * 60).contains(&m))
    {
        problems.push(Problem::error(
            "options",
            None,
            "The UTC offset must be between -18 and +18 hours.",
        ));
    }
    let n_files = u32::from(files.patients.is_some()) + u32::from(files.sessions.is_some());
    progress(Progress {
        phase: Phase::Reading,
        done: 0,
        total: n_files,
    });
    let p = files
        .patients
        .as_ref()
        .and_then(|f| read_file(f, FileKind::Patients, options, &mut problems));
    let s = files
        .sessions
        .as_ref()
        .and_then(|f| read_file(f, FileKind::Sessions, options, &mut problems));
    if files.patients.is_none() && files.sessions.is_none() {
        problems.push(Problem::error(
            "",
            None,
            "Choose a patients or a sessions file.",
        ));
    }
    let rows = |r: &Option<ReadFile>| r.as_ref().map_or(0, |r| r.summary.rows);
    let total = rows(&p).saturating_add(rows(&s));
    let mut done = 0u32;
    let mut tick = || {
        done += 1;
        if done.is_multiple_of(EVERY) {
            progress(Progress {
                phase: Phase::Checking,
                done,
                total,
            });
        }
    };
    let mut lookups = Lookups::new(reference);
    let mut out = Checked {
        files: Vec::new(),
        problems: Vec::new(),
        patients: Vec::new(),
        listed: HashSet::new(),
        sessions: Vec::new(),
        refused: Vec::new(),
        patients_file: (String::new(), Columns::none()),
        sessions_file: (String::new(), Columns::none()),
    };
    if let Some(r) = p {
        let mut fp = FileProblems::new(&r.summary.name, &r.columns);
        let (drafts, listed) = patients::check(
            &r.table,
            &r.columns,
            r.order,
            &mut lookups,
            now,
            &mut fp,
            &mut tick,
        );
        problems.append(&mut fp.list);
        out.patients = drafts;
        out.listed = listed;
        out.patients_file = (r.summary.name.clone(), r.columns);
        out.files.push(r.summary);
    }
    if let Some(r) = s {
        let mut fp = FileProblems::new(&r.summary.name, &r.columns);
        let reading = Reading {
            order: r.order,
            utc_offset_minutes: options.utc_offset_minutes,
        };
        (out.sessions, out.refused) = sessions::check(
            &r.table,
            &r.columns,
            reading,
            &mut lookups,
            now,
            &mut fp,
            &mut tick,
        );
        problems.append(&mut fp.list);
        out.sessions_file = (r.summary.name.clone(), r.columns);
        out.files.push(r.summary);
    }
    out.problems = problems;
    out
}

/// Judges the checked files against the database through `conn`.
fn judge(
    conn: &rusqlite::Connection,
    c: Checked,
) -> Result<(Plan, Vec<FileSummary>, Vec<Problem>)> {
    let Checked {
        files,
        mut problems,
        patients,
        listed,
        sessions,
        refused,
        patients_file,
        sessions_file,
    } = c;
    let mut pp = FileProblems::new(&patients_file.0, &patients_file.1);
    let mut sp = FileProblems::new(&sessions_file.0, &sessions_file.1);
    let plan = resolve(
        conn, patients, sessions, &refused, &listed, &mut pp, &mut sp,
    )?;
    problems.append(&mut pp.list);
    problems.append(&mut sp.list);
    problem::sort(&mut problems);
    Ok((plan, files, problems))
}

fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

fn refusal(problems: &[Problem]) -> Error {
    Error::Invalid(
        problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(Problem::to_field_error)
            .collect(),
    )
}

/// Everything an import of `files` would do, and every problem with it; writes nothing.
/// `now` is the moment the rules judge against (no session or birth date after it).
pub fn dry_run(
    db: &Db,
    files: &ImportFiles,
    options: &ImportOptions,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    dry_run_with_progress(db, files, options, now, &mut |_| {})
}

/// As [`dry_run`], reporting progress.
pub fn dry_run_with_progress(
    db: &Db,
    files: &ImportFiles,
    options: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let reference = db.read(reference::load)?;
    let checked = check(&reference, files, options, now, progress);
    let (plan, files, problems) = db.read(|conn| judge(conn, checked))?;
    progress(Progress {
        phase: Phase::Done,
        done: 1,
        total: 1,
    });
    Ok(ImportReport {
        dry_run: true,
        batch_id: None,
        files,
        created: plan.created,
        already_present: plan.present,
        problems,
    })
}

/// Imports `files` as `by` (an administrator): everything in one transaction with one
/// `import` audit row, or nothing. Refused with [`Error::Invalid`] (one field error per
/// error-level problem, `field` as `file:line:column`) when there is any problem; run
/// [`dry_run`] first for the full, structured list. Re-importing creates nothing new.
pub fn import(
    db: &Db,
    files: &ImportFiles,
    options: &ImportOptions,
    by: &Actor,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let user = accounts::get(db, by.user_id)?;
    if !user.active || !user.has(Role::Admin) {
        return Err(Error::Forbidden(
            "Only an administrator can import records.".into(),
        ));
    }
    let reference = db.read(reference::load)?;
    let checked = check(&reference, files, options, by.now, progress);
    if has_errors(&checked.problems) {
        return Err(refusal(&checked.problems));
    }
    let ws = db.workstation_id().to_string();
    let batch_id = Uuid::now_v7();
    let report = db.write_audited(by, |tx| {
        let (plan, files, problems) = judge(tx, checked)?;
        if has_errors(&problems) {
            return Err(refusal(&problems));
        }
        let sha = |k: FileKind| {
            files
                .iter()
                .find(|f| f.kind == k)
                .map(|f| f.sha256.as_str())
        };
        let batch = Batch {
            id: batch_id,
            user: by.user_id,
            now: by.now,
            workstation: &ws,
            patients_sha256: sha(FileKind::Patients),
            sessions_sha256: sha(FileKind::Sessions),
        };
        write(tx, &plan, &batch, progress)?;
        // Sizes and file hashes only: no name, date or clinical value.
        let change = Change::new(Action::Import, "import_batch", batch_id).new_value(&json!({
            "files": files.iter().map(|f| json!({
                "kind": f.kind, "sha256": f.sha256, "rows": f.rows,
            })).collect::<Vec<_>>(),
            "created": plan.created,
            "already_present": plan.present,
        }));
        let report = ImportReport {
            dry_run: false,
            batch_id: Some(batch_id),
            files,
            created: plan.created,
            already_present: plan.present,
            problems,
        };
        Ok((report, change))
    })?;
    log::info!(
        "import batch {batch_id}: {} patients and {} sessions created, {} skipped",
        report.created.patients,
        report.created.sessions,
        report.already_present.patients + report.already_present.sessions
    );
    progress(Progress {
        phase: Phase::Done,
        done: 1,
        total: 1,
    });
    Ok(report)
}
