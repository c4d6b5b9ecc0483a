//! `dermalog-cli`: the clinic's database without the app window, for scripts, cron jobs and
//! support: counts (`stats`), checks (`verify`), backups (`backup`, `list-backups`,
//! `restore`), CSV import (`import`), exports as CSV, HL7 FHIR R4 or a patient's record
//! packet (`export`, `export-fhir`) and demo clinics (`demo-data`). Everything goes through
//! `dermalog-core`, the same code the app runs, so a backup, restore or import made here is
//! the app's, audit row and all.
//!
//! Invariants:
//! - read-only commands never create a database: a missing file is refused (exit 3);
//! - audited acts (`backup`, `restore`, `import`, `export`) need `--user`, an admin, signed in through the core
//!   with the same rate limit and audit rows as the app; the password is never an argument;
//! - an encrypted database (a key file beside it) is opened with the key unwrapped by
//!   `--user`'s password, or by `DERMALOG_RECOVERY_KEY`, for every command;
//! - `restore` never runs while the app has the database open (exit 4);
//! - output is counts, file names and ids: never a patient's name or health data.
//!
//! Exit codes:
//!
//! | code | meaning                                            |
//! |------|----------------------------------------------------|
//! | 0    | done; for `verify`, no problem found               |
//! | 1    | `verify` or `import` found problems (listed)       |
//! | 2    | usage error (clap's code for a wrong command line)  |
//! | 3    | database refused or missing (the reason is printed)|
//! | 4    | the app has the database open                      |
//! | 5    | sign-in failed, or the user may not do this        |
//! | 6    | backup or restore failed                           |
//! | 7    | any other error                                    |

mod backups;
mod demo;
mod exit;
mod export;
mod import;
mod instance;
mod key;
mod peek;
mod place;
mod restore;
mod show;
mod signin;
mod stats;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{ArgGroup, Parser, Subcommand};

use exit::Outcome;

const AFTER_HELP: &str = "\
Exit codes:
  0  done; for verify, no problem found
  1  verify or import found problems (listed; import wrote nothing)
  2  usage error
  3  database refused or missing (the reason is printed)
  4  Dermalog is open on this database; close it first
  5  sign-in failed, or the user may not do this
  6  backup or restore failed
  7  any other error

Environment:
  DERMALOG_DB          the database, when --db is not given
  DERMALOG_PASSWORD    the --user's password (else asked on the terminal)
  DERMALOG_RECOVERY_KEY  the clinic's recovery key: opens an encrypted database
                       without a user's password (read-only commands)
  DERMALOG_BACKUP_DIR  the backup folder fixed on this computer, when --dir is not given";

/// Dermalog's clinic database from the command line: counts, checks, backups and restores,
/// without the app window.
#[derive(Debug, Parser)]
#[command(name = "dermalog-cli", version, after_help = AFTER_HELP)]
struct Cli {
    /// The database file [default: $DERMALOG_DB, else
    /// $XDG_DATA_HOME/health.dermalog.desktop/dermalog.sqlite3]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Machine-readable JSON on stdout (errors too)
    #[arg(long, global = true)]
    json: bool,
    /// The admin who acts, for audited commands (backup, restore); on an encrypted
    /// database any user, whose password opens it
    #[arg(long, global = true, value_name = "NAME")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Counts: patients, archived, sessions, signed, audit rows, schema, size, last backup.
    ///
    /// Reads over a read-only connection and writes nothing; no sign-in. Shows counts only,
    /// never a name or a value.
    #[command(after_help = AFTER_HELP)]
    Stats {
        /// The backup folder whose newest backup is reported [default: the clinic's]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Checks the database: integrity, foreign keys, the audit chain, the signatures.
    ///
    /// Runs SQLite's full integrity_check and foreign_key_check, walks every audit chain
    /// and its head file, and recomputes every signed session's hash. Exit 0 when all is
    /// well, 1 when anything was found (each problem is listed by table, row or record id).
    #[command(after_help = AFTER_HELP)]
    Verify {
        /// Where a copy goes if the database must be upgraded to open [default: the clinic's]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Takes a verified backup now (needs --user, an admin); audited as in the app.
    ///
    /// Copies the database with VACUUM INTO, checks the copy, writes its manifest, then
    /// applies retention (the newest of each of the last 7 days, 4 weeks and 12 months).
    /// Safe while the app runs.
    #[command(after_help = AFTER_HELP)]
    Backup {
        /// The backup folder [default: $DERMALOG_BACKUP_DIR, else the clinic's choice, else
        /// backups/ beside the database]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Replaces the database with a checked backup (needs --user, an admin).
    ///
    /// Refused while the app has the database open. The database in place is moved aside
    /// (never overwritten). The admin is checked against the database in place when it
    /// opens, else (refused, empty or missing) against the backup's own accounts. The
    /// restore is audited in the restored database.
    #[command(after_help = AFTER_HELP)]
    #[command(group(ArgGroup::new("which").required(true).args(["file_name", "newest"])))]
    Restore {
        /// The backup's file name, as list-backups shows it
        #[arg(value_name = "FILE_NAME")]
        file_name: Option<String>,
        /// The newest backup instead of a named one
        #[arg(long)]
        newest: bool,
        /// The backup folder [default: as for backup]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Lists the backups of the database, newest first.
    ///
    /// Works without opening the database (so also when it is refused or missing).
    #[command(after_help = AFTER_HELP)]
    ListBackups {
        /// The backup folder [default: as for backup]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Imports patients and past sessions from CSV files (needs --user, an admin); audited.
    ///
    /// patients.csv: one row per patient (external_id, family_name, given_name,
    /// date_of_birth required). sessions.csv: one row per treated area; rows with the same
    /// session_external_id are one session (patient_external_id, date, clinician, area,
    /// needle_depth_mm, passes required). Other headers: a mapping file of `their header =
    /// our_field` lines (`ignore` drops a column). UTF-8 (with or without BOM), UTF-16 or
    /// Windows-1252; comma, semicolon or tab. All in one transaction or nothing; a re-run
    /// skips what was imported before. The README lists every column.
    #[command(after_help = AFTER_HELP)]
    Import {
        /// The patients file
        #[arg(long, value_name = "FILE")]
        patients: Option<PathBuf>,
        /// The sessions file (one row per treated area)
        #[arg(long, value_name = "FILE")]
        sessions: Option<PathBuf>,
        /// Header mapping for the patients file
        #[arg(long, value_name = "FILE")]
        patients_mapping: Option<PathBuf>,
        /// Header mapping for the sessions file
        #[arg(long, value_name = "FILE")]
        sessions_mapping: Option<PathBuf>,
        /// How 03/04/2024 reads: day-first or month-first [default: refuse ambiguous dates]
        #[arg(long, value_name = "ORDER", value_parser = import::parse_date_order)]
        date_order: Option<dermalog_core::import::DateOrder>,
        /// auto, utf8, utf16 or windows-1252
        #[arg(long, default_value = "auto", value_parser = import::parse_encoding)]
        encoding: dermalog_core::import::Encoding,
        /// auto, comma, semicolon or tab
        #[arg(long, default_value = "auto", value_parser = import::parse_delimiter)]
        delimiter: dermalog_core::import::Delimiter,
        /// The clinic's offset from UTC for times without one (+01:00, -05:30, or minutes)
        /// [default: this computer's time zone]
        #[arg(long, value_name = "OFFSET", value_parser = import::parse_offset, allow_hyphen_values = true)]
        utc_offset: Option<i32>,
        /// Check everything and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Writes records out (needs --user, an admin); audited.
    ///
    /// patients, sessions (one row per treated area) and reactions are CSV files (UTF-8
    /// with BOM); fhir is an HL7 FHIR R4 JSON Bundle of the clinic or of --patient; packet
    /// is one patient's record for an access request: a new folder inside --out with a
    /// readable summary (HTML, prints to PDF) and the FHIR file. Files are never
    /// overwritten.
    #[command(after_help = AFTER_HELP)]
    Export {
        /// What to export
        #[arg(value_enum)]
        kind: export::Kind,
        /// One patient's id (fhir, packet)
        #[arg(long, value_name = "ID")]
        patient: Option<uuid::Uuid>,
        /// The new file to write; for packet, the folder to write it in
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Writes the records as an HL7 FHIR R4 JSON Bundle (needs --user, an admin); audited.
    ///
    /// The whole clinic, or one patient with --patient ID: Patient, Encounter per session,
    /// a Procedure per treated area (SNOMED body site), Devices with lots, Medications with
    /// batches, Observations for depth (UCUM mm), passes and graded reactions, Provenance for
    /// signatures. Written to a new file only.
    #[command(after_help = AFTER_HELP)]
    ExportFhir {
        /// One patient's id instead of the whole clinic
        #[arg(long, value_name = "ID")]
        patient: Option<uuid::Uuid>,
        /// The new JSON file to write
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Builds a demo clinic into a new file (never into an existing one).
    ///
    /// Deterministic: the same seed and last day build the same clinic. The file has no
    /// user accounts; the app asks for the clinic's first admin when it opens it.
    #[command(after_help = AFTER_HELP)]
    DemoData {
        /// Patients
        #[arg(long, default_value_t = 1_000)]
        patients: u32,
        /// Sessions, spread over the patients
        #[arg(long, default_value_t = 10_000)]
        sessions: u32,
        /// Seed of the generator
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// The last day of the clinic's history, YYYY-MM-DD [default: today, UTC]
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
        /// The new database file to write
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(failure) => {
            if json {
                let error = serde_json::json!({
                    "error": failure.message,
                    "exit_code": failure.exit.code(),
                });
                println!("{error}");
            }
            eprintln!("dermalog-cli: {}", failure.message);
            ExitCode::from(failure.exit.code())
        }
    }
}

fn run(cli: Cli) -> Outcome {
    let Cli {
        db,
        json,
        user,
        command,
    } = cli;
    let user = user.as_deref();
    // Resolved only by the commands that work on the clinic's database: demo-data writes
    // its own new file.
    let db = || place::database(db.clone());
    match command {
        Command::Stats { dir } => stats::run(&db()?, dir, user, json),
        Command::Verify { dir } => verify::run(&db()?, dir, user, json),
        Command::Backup { dir } => backups::run(&db()?, dir, user, json),
        Command::ListBackups { dir } => backups::list(&db()?, dir, json),
        Command::ExportFhir { patient, out } => {
            export::run(&db()?, export::Kind::Fhir, patient, &out, user, json)
        }
        Command::Export { kind, patient, out } => {
            export::run(&db()?, kind, patient, &out, user, json)
        }
        Command::Import {
            patients,
            sessions,
            patients_mapping,
            sessions_mapping,
            date_order,
            encoding,
            delimiter,
            utc_offset,
            dry_run,
        } => {
            let request = import::Request {
                patients,
                sessions,
                patients_mapping,
                sessions_mapping,
                options: dermalog_core::import::ImportOptions {
                    encoding,
                    delimiter,
                    date_order: date_order.unwrap_or_default(),
                    utc_offset_minutes: utc_offset,
                },
                dry_run,
            };
            import::run(&db()?, request, user, json)
        }
        Command::Restore {
            file_name,
            newest: _,
            dir,
        } => {
            let which = file_name.map_or(restore::Which::Newest, restore::Which::Named);
            restore::run(&db()?, which, dir, user, json)
        }
        Command::DemoData {
            patients,
            sessions,
            seed,
            today,
            out,
        } => demo::run(
            demo::Request {
                patients,
                sessions,
                seed,
                today,
                out,
            },
            json,
        ),
    }
}
