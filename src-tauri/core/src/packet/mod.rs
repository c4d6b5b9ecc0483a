//! The patient-access packet: when a patient asks for a copy of their record, one new folder
//! holding `summary.html` (every session, readable and printable from any browser),
//! `record.fhir.json` (the same record as an HL7 FHIR R4 Bundle, for another system to
//! import), `README.txt` (which file is which), the photos in `photos/` and each consent's
//! text as signed with its signature or scan in `consents/` (see `extras`).
//!
//! Invariants:
//! - a packet is whole or absent: the files are written and fsynced in a hidden temporary
//!   folder beside the final one, which is renamed into place (and the parent fsynced, on
//!   unix) only once all of them are on disk; on any failure the temporary folder is removed;
//! - a packet never writes into an existing folder: a name already taken gets `-2`, `-3`, …;
//! - paths carry no patient name, since they end up in logs and recent-file lists: the folder
//!   is `dermalog-record-<last 8 hex digits of the patient id>-<YYYY-MM-DD>`;
//! - every stored value in the summary is HTML-escaped, by construction (see `html`);
//! - nothing here logs. Preparing a packet is not audited here (it has no actor); the caller
//!   records who prepared which patient's packet, by id.

mod extras;
mod html;
mod labels;
mod session;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::Db;
use crate::error::{file_error, Error, Result};
use crate::files::sync_dir;
use extras::{CONSENTS, PHOTOS};
use labels::Clock;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The new folder.
    pub folder: PathBuf,
    /// Sessions in the summary.
    pub sessions: usize,
    /// Photos copied.
    pub photos: usize,
    /// Consents copied.
    pub consents: usize,
    /// The names of the files in the folder.
    pub files: Vec<String>,
}

const SUMMARY: &str = "summary.html";
const FHIR: &str = "record.fhir.json";
const README: &str = "README.txt";

/// Packets of one patient on one day beyond this many are surely a loop gone wrong.
const MAX_SAME_DAY: u32 = 999;

/// Writes `patient_id`'s packet as a new folder in `parent`; refuses to write into an
/// existing folder. Times in the summary are shown at `utc_offset_minutes` from UTC, and the
/// folder is dated by that clock.
pub fn write_packet(
    db: &Db,
    patient_id: Uuid,
    parent: &Path,
    now: DateTime<Utc>,
    utc_offset_minutes: i32,
) -> Result<Packet> {
    let clock = clock(utc_offset_minutes)?;
    // Everything but the picture files is read before the disk is touched, so an unknown
    // patient or damaged data leaves no trace in `parent`.
    let (photos, consents) = extras::read(db, patient_id, clock)?;
    let summary = summary(db, patient_id, now, clock, &photos, &consents)?;
    let bundle = crate::fhir::patient_bundle(db, patient_id, now)?;
    let mut json = serde_json::to_vec_pretty(&bundle)
        .map_err(|_| Error::CorruptData("the FHIR record could not be written as JSON".into()))?;
    json.push(b'\n');
    let readme = readme(&summary.clinic_name, now, clock);
    let files: [(&str, &[u8]); 3] = [
        (SUMMARY, summary.html.as_bytes()),
        (FHIR, &json),
        (README, readme.as_bytes()),
    ];

    let id = patient_id.simple().to_string();
    let base = format!(
        "dermalog-record-{}-{}",
        &id[24..],
        clock.day(now).format("%Y-%m-%d")
    );
    let tmp = parent.join(format!(".{base}.partial-{}", Uuid::now_v7().simple()));
    fs::create_dir(&tmp).map_err(failed)?;
    let written = fill(&tmp, &files)
        .and_then(|()| extras::write_files(db, &tmp, &photos, &consents, now, clock, write_new))
        .and_then(|()| sync_tree(&tmp))
        .and_then(|()| place(&tmp, parent, &base));
    match written {
        Ok(folder) => {
            let mut names: Vec<String> = files.iter().map(|(name, _)| name.to_string()).collect();
            names.extend(photos.iter().map(|p| p.file.clone()));
            for c in &consents {
                names.push(c.text_file.clone());
                names.extend(c.picture_file.clone());
            }
            Ok(Packet {
                folder,
                sessions: summary.sessions,
                photos: photos.len(),
                consents: consents.len(),
                files: names,
            })
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// The summary alone (for tests and printing).
pub fn summary_html(
    db: &Db,
    patient_id: Uuid,
    now: DateTime<Utc>,
    utc_offset_minutes: i32,
) -> Result<String> {
    let clock = clock(utc_offset_minutes)?;
    let (photos, consents) = extras::read(db, patient_id, clock)?;
    Ok(summary(db, patient_id, now, clock, &photos, &consents)?.html)
}

fn clock(utc_offset_minutes: i32) -> Result<Clock> {
    Clock::new(utc_offset_minutes).ok_or_else(|| {
        Error::invalid(
            "utc_offset_minutes",
            "Choose a time offset between UTC-18:00 and UTC+18:00.",
        )
    })
}

struct Summary {
    html: String,
    sessions: usize,
    clinic_name: String,
}

fn summary(
    db: &Db,
    patient_id: Uuid,
    now: DateTime<Utc>,
    clock: Clock,
    photos: &[extras::PacketPhoto],
    consents: &[extras::PacketConsent],
) -> Result<Summary> {
    let patient = crate::patients::get(db, patient_id)?;
    let mut sessions = crate::sessions::list_for_patient(db, patient_id)?;
    sessions.sort_by_key(|s| std::cmp::Reverse((s.started_at, s.id)));
    // Read after the sessions: reference entries are never deleted, so every one a session
    // names is in this later read.
    let reference = crate::reference::list(db)?;
    let html = html::render(&html::Record {
        clinic_name: &reference.settings.clinic_name,
        patient: &patient,
        sessions: &sessions,
        lists: html::Lists::new(&reference),
        now,
        clock,
        photos,
        consents,
    })?;
    Ok(Summary {
        html,
        sessions: sessions.len(),
        clinic_name: reference.settings.clinic_name.trim().to_string(),
    })
}

fn readme(clinic_name: &str, now: DateTime<Utc>, clock: Clock) -> String {
    let by = if clinic_name.is_empty() {
        String::new()
    } else {
        format!(" by {clinic_name}")
    };
    format!(
        "This folder holds a copy of one patient's microneedling treatment record, prepared{by}\n\
         on {}.\n\
         \n\
         {SUMMARY} is the readable copy: open it in any web browser to read it, print it or\n\
         save it as a PDF.\n\
         \n\
         {FHIR} is the same record in machine-readable form (HL7 FHIR R4), which another\n\
         clinic's or hospital's system can import.\n\
         \n\
         The {PHOTOS} folder holds the photos taken at the sessions; the {CONSENTS} folder\n\
         holds each consent's full text as it was signed, with the signature or the scan.\n",
        clock.at(now)
    )
}

/// Writes each file (never over an existing one) and makes it and its name durable.
fn fill(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    for (name, bytes) in files {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(name))
            .map_err(failed)?;
        f.write_all(bytes).map_err(failed)?;
        f.sync_all().map_err(failed)?;
    }
    sync_dir(dir).map_err(failed)
}

/// Writes one file at `name` (which may be in a subfolder) under `dir`, never over an
/// existing one, and syncs it.
fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder).map_err(failed)?;
    }
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(failed)?;
    f.write_all(bytes).map_err(failed)?;
    f.sync_all().map_err(failed)
}

/// Makes the names in the packet's subfolders durable too.
fn sync_tree(dir: &Path) -> Result<()> {
    for sub in [extras::PHOTOS, extras::CONSENTS] {
        let path = dir.join(sub);
        if path.exists() {
            sync_dir(&path).map_err(failed)?;
        }
    }
    sync_dir(dir).map_err(failed)
}

/// Renames the finished folder `tmp` to the first free name `base`, `base-2`, … in `parent`.
fn place(tmp: &Path, parent: &Path, base: &str) -> Result<PathBuf> {
    for n in 1..=MAX_SAME_DAY {
        let target = match n {
            1 => parent.join(base),
            n => parent.join(format!("{base}-{n}")),
        };
        if taken(&target)? {
            continue;
        }
        // Between the check and the rename another program could create the name. Where
        // `rename` refuses (Windows; a non-empty folder, or a file, on unix) the next name
        // is tried. Unix does let a folder replace an *empty* folder: that loses nothing.
        match fs::rename(tmp, &target) {
            Ok(()) => {
                if let Err(e) = sync_dir(parent) {
                    // Not known to survive a power cut, and reported as failed: do not
                    // leave a packet the user was told was not written.
                    let _ = fs::remove_dir_all(&target);
                    return Err(failed(e));
                }
                return Ok(target);
            }
            Err(_) if taken(&target)? => continue,
            Err(e) => return Err(failed(e)),
        }
    }
    Err(Error::Export(format!(
        "the packet: {MAX_SAME_DAY} packets of this patient already exist for this day"
    )))
}

/// Whether anything (folder, file, link, even a broken one) has the name `path`.
fn taken(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(failed(e)),
    }
}

fn failed(e: std::io::Error) -> Error {
    file_error("the packet", e, Error::Export)
}
