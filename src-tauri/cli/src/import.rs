//! `import`: patients and past sessions from CSV files (`dermalog_core::import`). With
//! `--dry-run` it reads and checks everything and writes nothing: every problem is listed
//! with file, line and column, with what would be created. Without it, the files go in as
//! one transaction with one audit row, or not at all. Needs an admin (`--user`).
//!
//! Exit 0 when the files are (or would be) imported, 1 when a problem stops them (nothing
//! written). Output names files, lines, columns and counts; a problem quotes a cell only for
//! codes (areas, reactions) and dates, never a name or note.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use dermalog_core::audit::Actor;
use dermalog_core::import::{
    self, ColumnMapping, DateOrder, Delimiter, Encoding, ImportFiles, ImportOptions, ImportReport,
    Phase, Progress, Severity, SourceFile,
};

use crate::exit::{Exit, Failure, Outcome};
use crate::{place, show, signin};

/// What `import` was asked.
pub struct Request {
    pub patients: Option<PathBuf>,
    pub sessions: Option<PathBuf>,
    pub patients_mapping: Option<PathBuf>,
    pub sessions_mapping: Option<PathBuf>,
    pub options: ImportOptions,
    pub dry_run: bool,
}

/// Reads `--utc-offset`: `+01:00`, `-05:30`, `0`, or minutes (`60`).
pub fn parse_offset(s: &str) -> Result<i32, String> {
    let s = s.trim();
    let wrong = || format!("{s} is not an offset: write +01:00, -05:30 or minutes such as 60");
    let minutes = if let Some((h, m)) = s.split_once(':') {
        let sign = if h.starts_with('-') { -1 } else { 1 };
        let h: i32 = h
            .trim_start_matches(['+', '-'])
            .parse()
            .map_err(|_| wrong())?;
        let m: i32 = m.parse().map_err(|_| wrong())?;
        if !(0..60).contains(&m) {
            return Err(wrong());
        }
        sign * (h * 60 + m)
    } else {
        s.parse().map_err(|_| wrong())?
    };
    if (-18 * 60..=18 * 60).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(format!("{s} is beyond ±18 hours"))
    }
}

/// `day-first` / `month-first`.
pub fn parse_date_order(s: &str) -> Result<DateOrder, String> {
    match s {
        "day-first" | "dmy" => Ok(DateOrder::DayFirst),
        "month-first" | "mdy" => Ok(DateOrder::MonthFirst),
        _ => Err("write day-first (03/04/2024 is 3 April) or month-first (March 4)".into()),
    }
}

/// `auto`, `utf8`, `utf16`, `windows-1252`.
pub fn parse_encoding(s: &str) -> Result<Encoding, String> {
    match s.to_ascii_lowercase().as_str() {
        "auto" => Ok(Encoding::Auto),
        "utf8" | "utf-8" => Ok(Encoding::Utf8),
        "utf16" | "utf-16" => Ok(Encoding::Utf16),
        "windows-1252" | "windows1252" | "cp1252" | "latin1" => Ok(Encoding::Windows1252),
        _ => Err("write auto, utf8, utf16 or windows-1252".into()),
    }
}

/// `auto`, `comma`, `semicolon`, `tab`.
pub fn parse_delimiter(s: &str) -> Result<Delimiter, String> {
    match s {
        "auto" => Ok(Delimiter::Auto),
        "comma" | "," => Ok(Delimiter::Comma),
        "semicolon" | ";" => Ok(Delimiter::Semicolon),
        "tab" | "\\t" => Ok(Delimiter::Tab),
        _ => Err("write auto, comma, semicolon or tab".into()),
    }
}

/// Runs `import`.
pub fn run(db_path: &Path, req: Request, user: Option<&str>, json: bool) -> Outcome {
    let user = signin::required(user, "import")?;
    if req.patients.is_none() && req.sessions.is_none() {
        return Err(Failure::new(
            Exit::Usage,
            "import needs --patients FILE, --sessions FILE, or both",
        ));
    }
    let files = ImportFiles {
        patients: source(req.patients.as_deref(), req.patients_mapping.as_deref())?,
        sessions: source(req.sessions.as_deref(), req.sessions_mapping.as_deref())?,
    };
    place::require_file(db_path)?;
    let key = crate::key::for_database(db_path, Some(user), "import")?;
    let db = place::open_existing(db_path, &place::backup_dir(db_path, None), key)?;
    let admin = signin::admin(&db, user, "import records")?;
    let by = Actor::new(admin.id, Utc::now());
    let bar = show::progress(json);
    let mut progress = |p: Progress| {
        let label = match p.phase {
            Phase::Reading => "Reading",
            Phase::Checking => "Checking rows",
            Phase::Writing => "Writing records",
            Phase::Done => "Done",
        };
        bar.set_message(label);
        bar.set_length(u64::from(p.total));
        bar.set_position(u64::from(p.done));
    };
    let report = if req.dry_run {
        import::dry_run_with_progress(&db, &files, &req.options, by.now, &mut progress)
    } else {
        match import::import(&db, &files, &req.options, &by, &mut progress) {
            // Refused, nothing written: the dry run gives the full list, line by line.
            Err(dermalog_core::Error::Invalid(_)) => {
                import::dry_run_with_progress(&db, &files, &req.options, by.now, &mut progress)
            }
            other => other,
        }
    };
    bar.finish_and_clear();
    let report = report?;
    if json {
        show::json(&report)?;
    } else {
        print_report(&report, req.dry_run);
    }
    Ok(if report.has_errors() {
        Exit::Problems
    } else {
        Exit::Ok
    })
}

fn source(path: Option<&Path>, mapping: Option<&Path>) -> Result<Option<SourceFile>, Failure> {
    let Some(path) = path else {
        if mapping.is_some() {
            return Err(Failure::new(
                Exit::Usage,
                "a mapping file is given for a file that is not",
            ));
        }
        return Ok(None);
    };
    let read = |p: &Path| {
        fs::read(p)
            .map_err(|e| Failure::new(Exit::Usage, format!("{} cannot be read: {e}", p.display())))
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut file = SourceFile::new(name, read(path)?);
    if let Some(m) = mapping {
        let mname = m.file_name().map(|n| n.to_string_lossy().into_owned());
        let mapping = ColumnMapping::parse(mname.as_deref().unwrap_or("mapping"), &read(m)?)
            .map_err(|problems| {
                let lines: Vec<String> = problems.iter().map(problem_line).collect();
                Failure::new(Exit::Usage, lines.join("\n"))
            })?;
        file = file.with_mapping(mapping);
    }
    Ok(Some(file))
}

fn problem_line(p: &dermalog_core::import::Problem) -> String {
    let mut place = p.file.clone();
    if let Some(line) = p.line {
        place.push_str(&format!(":{line}"));
    }
    if let Some(col) = &p.column {
        place.push_str(&format!(" [{col}]"));
    }
    let severity = match p.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{place}: {severity}: {}", p.message)
}

fn print_report(r: &ImportReport, dry_run: bool) {
    for f in &r.files {
        let encoding = match f.encoding {
            Encoding::Auto | Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1252 => "Windows-1252",
        };
        let delimiter = match f.delimiter {
            Delimiter::Auto | Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        };
        let dates = match f.date_order {
            DateOrder::Unset => "",
            DateOrder::DayFirst => ", slash dates day first",
            DateOrder::MonthFirst => ", slash dates month first",
        };
        println!(
            "{}: {} rows ({encoding}, {delimiter}-separated{dates})",
            f.name, f.rows
        );
    }
    let errors = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = r.problems.len() - errors;
    for p in &r.problems {
        println!("{}", problem_line(p));
    }
    let c = &r.created;
    let what = format!(
        "{} patients, {} sessions ({} areas, {} products, {} reactions)",
        c.patients, c.sessions, c.areas, c.products, c.reactions
    );
    let present = format!(
        "{} patients and {} sessions already imported",
        r.already_present.patients, r.already_present.sessions
    );
    if errors > 0 {
        println!("{errors} errors, {warnings} warnings: nothing was imported. Fix the files and run again.");
    } else if dry_run {
        println!(
            "Would create {what}; {present}. {warnings} warnings. Nothing was written (dry run)."
        );
    } else {
        let batch = r.batch_id.map(|b| b.to_string()).unwrap_or_default();
        println!("Created {what}; {present}. {warnings} warnings. Batch {batch}.");
    }
}
