//! `export-fhir`: the clinic's records, or one patient's, as an HL7 FHIR R4 JSON Bundle
//! (`dermalog_core::fhir`), for a move to another system or a patient's request. Needs an
//! admin (`--user`); audited as an export (kind and resource count, never content). The
//! file is written under a temporary name, synced and renamed, so a failed export never
//! leaves a partial bundle under the chosen name; an existing file is not overwritten.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use dermalog_core::accounts;
use dermalog_core::audit::{Action, Actor, Change};
use dermalog_core::fhir;
use serde::Serialize;
use uuid::Uuid;

use crate::exit::{Exit, Failure, Outcome};
use crate::{place, show, signin};

/// What was written.
#[derive(Debug, Serialize)]
struct Exported {
    file: String,
    resources: usize,
}

/// Runs `export-fhir`.
pub fn run(
    db_path: &Path,
    patient: Option<Uuid>,
    out: &Path,
    user: Option<&str>,
    json: bool,
) -> Outcome {
    let user = signin::required(user, "export-fhir")?;
    if out.exists() {
        return Err(Failure::new(
            Exit::Usage,
            format!("{} already exists; choose a new file", out.display()),
        ));
    }
    place::require_file(db_path)?;
    let key = crate::key::for_database(db_path, Some(user), "export-fhir")?;
    let db = place::open_existing(db_path, &place::backup_dir(db_path, None), key)?;
    let admin = signin::admin(&db, user, "export the clinic's records")?;
    let now = Utc::now();
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let bar = show::spinner("Writing the FHIR bundle", json);
    let written = (|| -> Result<usize, Failure> {
        let mut w = BufWriter::new(File::create(&tmp).map_err(io)?);
        let resources = match patient {
            Some(id) => {
                let bundle = fhir::patient_bundle(&db, id, now)?;
                serde_json::to_writer(&mut w, &bundle)
                    .map_err(|e| Failure::new(Exit::Other, e.to_string()))?;
                bundle["entry"].as_array().map_or(0, Vec::len)
            }
            None => fhir::write_clinic_bundle(&db, now, &mut w)?,
        };
        let f = w.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        fs::rename(&tmp, out).map_err(io)?;
        Ok(resources)
    })();
    bar.finish_and_clear();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    let resources = written?;
    let mut change = Change::on(Action::Export, "fhir_bundle").new_value(&serde_json::json!({
        "kind": if patient.is_some() { "patient" } else { "clinic" },
        "resources": resources,
    }));
    if let Some(id) = patient {
        change = change.patient(id);
    }
    accounts::record(&db, &Actor::new(admin.id, now), change)?;
    let done = Exported {
        file: out.display().to_string(),
        resources,
    };
    if json {
        show::json(&done)?;
    } else {
        println!("{} resources written to {}", done.resources, done.file);
    }
    let _ = std::io::stdout().flush();
    Ok(Exit::Ok)
}

fn io(e: std::io::Error) -> Failure {
    Failure::new(
        Exit::Other,
        format!("The export file could not be written: {e}"),
    )
}
