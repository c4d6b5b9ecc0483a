//! Exports of the records themselves: whole-clinic CSVs (patients, sessions by treated area,
//! reactions), HL7 FHIR R4 bundles (the clinic or one patient) and a patient's record packet
//! (a folder with a readable summary and the FHIR file, for a patient's access request).
//!
//! Invariants: admins only; the shell chooses the place (save dialog or folder picker, or
//! `DERMALOG_EXPORT_DIR` in unattended runs), the webview never names a path; files are
//! streamed to a temporary name, synced and renamed, so a failed export leaves nothing under
//! the chosen name; each export is audited once its file is on disk (kind and count, never
//! content); only kinds and counts are logged.

use std::path::Path;

use dermalog_core::audit::{Action, Change};
use dermalog_core::error::Error;
use dermalog_core::files::write_atomically;
use dermalog_core::records::{self, RecordsKind};
use dermalog_core::{accounts, fhir, packet};
use serde_json::json;
use tauri::{AppHandle, Runtime, State};
use uuid::Uuid;

use super::exports::{save_path, ExportDone};
use crate::auth::{Auth, ADMIN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::picker::Picker;
use crate::state::{Clock, ExportTarget, Store};

/// Every patient, every treated area or every reaction as CSV; `null` when cancelled.
#[tauri::command(async)]
pub fn export_records<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    target: State<'_, ExportTarget>,
    kind: Payload<RecordsKind>,
) -> Result<Option<ExportDone>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let kind = kind.into_inner()?;
    let name = kind.file_name(g.by.now.date_naive());
    let Some(path) = save_path(&app, &target, &name, "CSV", "csv") else {
        return Ok(None);
    };
    let rows = write_atomically(&path, |w| records::write_csv(&g.db, kind, w))?;
    log::info!("exported {rows} rows ({})", kind.as_str());
    accounts::record(
        &g.db,
        &g.by,
        Change::on(Action::Export, "records").new_value(&json!({
            "kind": kind.as_str(), "rows": rows,
        })),
    )?;
    Ok(Some(done(&path, rows)))
}

/// One patient's record, or the whole clinic's (`patientId` null), as a FHIR R4 bundle;
/// `null` when cancelled.
#[tauri::command(async)]
pub fn export_fhir<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    target: State<'_, ExportTarget>,
    patient_id: Payload<Option<Uuid>>,
) -> Result<Option<ExportDone>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let patient = patient_id.into_inner()?;
    let now = g.by.now;
    let name = match patient {
        Some(id) => format!(
            "dermalog-patient-{}-{}.fhir.json",
            short(id),
            now.date_naive()
        ),
        None => format!("dermalog-clinic-{}.fhir.json", now.date_naive()),
    };
    let Some(path) = save_path(&app, &target, &name, "FHIR JSON", "json") else {
        return Ok(None);
    };
    let resources = write_atomically(&path, |w| match patient {
        Some(id) => {
            let bundle = fhir::patient_bundle(&g.db, id, now)?;
            let count = bundle["entry"].as_array().map_or(0, Vec::len);
            serde_json::to_writer_pretty(&mut *w, &bundle)
                .map_err(|e| Error::Export(e.to_string()))?;
            Ok(count)
        }
        None => {
            let mut w = w;
            fhir::write_clinic_bundle(&g.db, now, &mut w)
        }
    })?;
    log::info!("exported a FHIR bundle of {resources} resources");
    accounts::record(
        &g.db,
        &g.by,
        Change::on(Action::Export, "fhir").new_value(&json!({
            "kind": if patient.is_some() { "patient" } else { "clinic" },
            "patient_id": patient,
            "resources": resources,
        })),
    )?;
    Ok(Some(done(&path, resources)))
}

/// A patient's record packet (summary and FHIR file) in a new folder inside the folder the
/// user chooses; `null` when cancelled.
#[tauri::command(async)]
pub fn export_patient_packet<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    target: State<'_, ExportTarget>,
    picker: State<'_, Picker>,
    patient_id: Payload<Uuid>,
) -> Result<Option<ExportDone>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let patient = patient_id.into_inner()?;
    let parent = match &*target {
        ExportTarget::Folder(dir) => dir.clone(),
        ExportTarget::Dialog => match picker.export_folder(&app) {
            Some(dir) => dir,
            None => return Ok(None),
        },
    };
    let offset = chrono::Local::now().offset().local_minus_utc() / 60;
    let written = packet::write_packet(&g.db, patient, &parent, g.by.now, offset)?;
    log::info!(
        "record packet of patient {patient} written ({} sessions)",
        written.sessions
    );
    accounts::record(
        &g.db,
        &g.by,
        Change::on(Action::Export, "packet").new_value(&json!({
            "kind": "patient_packet",
            "patient_id": patient,
            "sessions": written.sessions,
            "files": written.files,
        })),
    )?;
    Ok(Some(done(&written.folder, written.sessions)))
}

/// The random end of a v7 id (its start is a timestamp that patients imported together
/// share): tells files apart without a name in the path.
pub(super) fn short(id: Uuid) -> String {
    id.simple().to_string()[24..].to_string()
}

pub(super) fn done(path: &Path, count: usize) -> ExportDone {
    ExportDone {
        path: path.display().to_string(),
        rows: u32::try_from(count).unwrap_or(u32::MAX),
    }
}
