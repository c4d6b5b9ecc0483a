//! `export`: the records as CSV (every patient, every treated area, every reaction), as an
//! HL7 FHIR R4 JSON Bundle (the clinic, or one patient), or as one patient's record packet
//! (a folder with a readable summary and the FHIR file, for an access request).
//! `export-fhir` is the FHIR export under its first name.
//!
//! Invariants: needs an admin (`--user`); audited as an export (kind and count, never
//! content); a file is written under a temporary name, synced and renamed, so a failed export
//! never leaves a partial file under the chosen name, and an existing file is never
//! overwritten; a packet is a new folder inside `--out`.

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use clap::ValueEnum;
use dermalog_core::accounts::{self, User};
use dermalog_core::audit::{Action, Actor, Change};
use dermalog_core::error::Error;
use dermalog_core::files::write_atomically;
use dermalog_core::records::{self, RecordsKind};
use dermalog_core::{fhir, packet, Db};
use serde::Serialize;
use uuid::Uuid;

use crate::exit::{Exit, Failure, Outcome};
use crate::{place, show, signin};

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Every patient, one row each (CSV)
    Patients,
    /// Every treated area of every session, one row each (CSV)
    Sessions,
    /// Every reaction, follow-ups included (CSV)
    Reactions,
    /// HL7 FHIR R4 JSON Bundle of the clinic, or of --patient
    Fhir,
    /// One patient's record packet (--patient): a new folder inside --out
    Packet,
}

/// What was written.
#[derive(Debug, Serialize)]
struct Exported {
    file: String,
    kind: &'static str,
    count: usize,
}

/// Runs `export` (and `export-fhir`).
pub fn run(
    db_path: &Path,
    kind: Kind,
    patient: Option<Uuid>,
    out: &Path,
    user: Option<&str>,
    json: bool,
) -> Outcome {
    let user = signin::required(user, "export")?;
    match kind {
        Kind::Packet if patient.is_none() => {
            return Err(Failure::new(
                Exit::Usage,
                "export packet needs --patient ID",
            ))
        }
        Kind::Patients | Kind::Sessions | Kind::Reactions if patient.is_some() => {
            return Err(Failure::new(
                Exit::Usage,
                "--patient applies to fhir and packet only",
            ))
        }
        Kind::Packet if !out.is_dir() => {
            return Err(Failure::new(
                Exit::Usage,
                format!(
                    "{} is not a folder; the packet is written inside one",
                    out.display()
                ),
            ))
        }
        Kind::Packet => {}
        _ if out.exists() => {
            return Err(Failure::new(
                Exit::Usage,
                format!("{} already exists; choose a new file", out.display()),
            ))
        }
        _ => {}
    }
    let (db, admin) = open_as_admin(db_path, user)?;
    let now = Utc::now();
    let bar = show::spinner("Exporting", json);
    let result = match kind {
        Kind::Packet => {
            let id = patient.unwrap_or_default();
            let offset = chrono::Local::now().offset().local_minus_utc() / 60;
            packet::write_packet(&db, id, out, now, offset)
                .map(|p| (p.folder.display().to_string(), p.sessions))
                .map_err(Failure::from)
        }
        Kind::Fhir => write_atomically(out, |w| match patient {
            Some(id) => {
                let bundle = fhir::patient_bundle(&db, id, now)?;
                serde_json::to_writer(&mut *w, &bundle)
                    .map_err(|e| Error::Export(e.to_string()))?;
                Ok(bundle["entry"].as_array().map_or(0, Vec::len))
            }
            None => {
                let mut w = w;
                fhir::write_clinic_bundle(&db, now, &mut w)
            }
        })
        .map(|n| (out.display().to_string(), n))
        .map_err(Failure::from),
        Kind::Patients | Kind::Sessions | Kind::Reactions => {
            let records = records_kind(kind);
            write_atomically(out, |w| records::write_csv(&db, records, w))
                .map(|n| (out.display().to_string(), n))
                .map_err(Failure::from)
        }
    };
    bar.finish_and_clear();
    let (file, count) = result?;
    let (what, counted) = label(kind, patient.is_some());
    let mut change = Change::on(Action::Export, what).new_value(&serde_json::json!({
        "kind": what, counted: count,
    }));
    if let Some(id) = patient {
        change = change.patient(id);
    }
    accounts::record(&db, &Actor::new(admin.id, now), change)?;
    let done = Exported {
        file,
        kind: what,
        count,
    };
    if json {
        show::json(&done)?;
    } else {
        println!("{} {counted} written to {}", done.count, done.file);
    }
    let _ = std::io::stdout().flush();
    Ok(Exit::Ok)
}

fn records_kind(kind: Kind) -> RecordsKind {
    match kind {
        Kind::Patients => RecordsKind::Patients,
        Kind::Sessions => RecordsKind::SessionAreas,
        _ => RecordsKind::Reactions,
    }
}

/// The audit kind and what its count counts.
fn label(kind: Kind, one_patient: bool) -> (&'static str, &'static str) {
    match kind {
        Kind::Patients => ("patients", "rows"),
        Kind::Sessions => ("session_areas", "rows"),
        Kind::Reactions => ("reactions", "rows"),
        Kind::Fhir if one_patient => ("fhir_patient", "resources"),
        Kind::Fhir => ("fhir_clinic", "resources"),
        Kind::Packet => ("patient_packet", "sessions"),
    }
}

fn open_as_admin(db_path: &Path, user: &str) -> Result<(Db, User), Failure> {
    place::require_file(db_path)?;
    let key = crate::key::for_database(db_path, Some(user), "export")?;
    let db = place::open_existing(db_path, &place::backup_dir(db_path, None), key)?;
    let admin = signin::admin(&db, user, "export the clinic's records")?;
    Ok((db, admin))
}
