//! CSV exports: core builds the file, the shell asks the user where to put it (the system
//! save dialog) and writes it atomically. The webview never names a path and never touches
//! the filesystem. Only the kind and row count are logged: exports carry patient details.

use std::path::PathBuf;

use dermalog_core::accounts;
use dermalog_core::audit::{Action, Change};
use dermalog_core::error::{file_error, Error};
use dermalog_core::export::{self, CsvRequest};
use dermalog_core::files::write_atomically;
use serde::Serialize;
use serde_json::json;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::auth::{Auth, ADMIN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, ExportTarget, Store};

/// A written export.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportDone {
    /// Where it was written.
    pub path: String,
    /// Data rows.
    pub rows: u32,
}

/// Builds a CSV and writes it where the user chooses; `null` when the user cancels.
#[tauri::command(async)]
pub fn export_csv<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    target: State<'_, ExportTarget>,
    request: Payload<CsvRequest>,
) -> Result<Option<ExportDone>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let request = request.into_inner()?;
    let file = export::csv(&g.db, &request, g.by.now.date_naive())?;
    let Some(path) = save_path(&app, &target, &file.suggested_name, "CSV", "csv") else {
        return Ok(None);
    };
    write_atomically(&path, |w| {
        w.write_all(&file.bytes)
            .map_err(|e| file_error("the export file", e, Error::Export))
    })?;
    log::info!("exported {} rows ({})", file.rows, kind(&request));
    // After the file is on disk: a failed write is not an export.
    accounts::record(
        &g.db,
        &g.by,
        Change::on(Action::Export, "csv").new_value(&json!({
            "kind": kind(&request),
            "rows": file.rows,
            "request": request,
        })),
    )?;
    Ok(Some(ExportDone {
        path: path.display().to_string(),
        rows: u32::try_from(file.rows).unwrap_or(u32::MAX),
    }))
}

fn kind(r: &CsvRequest) -> &'static str {
    match r {
        CsvRequest::Recall { .. } => "recall",
        CsvRequest::Sessions { .. } => "sessions",
        CsvRequest::Reactions { .. } => "reactions report",
        CsvRequest::SessionsPerMonth { .. } => "sessions per month",
        CsvRequest::CoursesDue => "courses due",
        CsvRequest::Audit { .. } => "audit trail",
    }
}

/// Where to write a file named `name`: in the export folder, or where the user says in the
/// save dialog (which asks before replacing a file); `None` when the user cancels.
pub(crate) fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    target: &ExportTarget,
    name: &str,
    filter: &str,
    ext: &str,
) -> Option<PathBuf> {
    match target {
        ExportTarget::Folder(dir) => Some(dir.join(name)),
        ExportTarget::Dialog => app
            .dialog()
            .file()
            .set_file_name(name)
            .add_filter(filter, &[ext])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    }
}
