//! CSV exports: core builds the file, the shell asks the user where to put it (the system
//! save dialog) and writes it atomically. The webview never names a path and never touches
//! the filesystem. Only the kind and row count are logged: exports carry patient details.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use dermalog_core::accounts;
use dermalog_core::audit::{Action, Change};
use dermalog_core::export::{self, CsvRequest};
use serde::Serialize;
use serde_json::json;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::auth::{Auth, ADMIN};
use crate::error::{ApiError, ApiErrorCode};
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
    let path = match &*target {
        ExportTarget::Folder(dir) => dir.join(&file.suggested_name),
        ExportTarget::Dialog => {
            let chosen = app
                .dialog()
                .file()
                .set_file_name(&file.suggested_name)
                .add_filter("CSV", &["csv"])
                .blocking_save_file();
            match chosen.and_then(|p| p.into_path().ok()) {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    write_atomically(&path, &file.bytes).map_err(|e| {
        log::error!("export could not be written: {}", e.kind());
        ApiError::new(
            ApiErrorCode::WriteFailed,
            format!("The file could not be written ({e}). Choose another folder and try again."),
        )
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

/// Writes beside the target, syncs, then renames over it: a crash leaves the old file or
/// the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut temp_name = path.file_name().unwrap_or_default().to_os_string();
    temp_name.push(".partial");
    let temp = dir.join(temp_name);
    let result = (|| {
        let mut f = File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&temp, path)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
