//! CSV import from the app: the admin chooses each file with the system dialog (the shell
//! reads it; the webview never sees a path or the bytes), maps its headers while looking at
//! a preview, checks it (a dry run: every problem with file, line and column), then imports
//! it in one transaction. Progress goes to the window as `import-progress` events.
//!
//! Invariants: the chosen files live in [`ImportDraft`] (memory only, this run) until they
//! are imported or forgotten; the check and the import read exactly those bytes, so what
//! was checked is what is imported; only sizes, counts and batch ids are logged.

use std::fs::File;
use std::io::Read;
use std::sync::Mutex;

use dermalog_core::import::{
    self, ColumnInfo, ColumnMapping, FileKind, ImportBatch, ImportFiles, ImportOptions,
    ImportReport, Preview, Progress, SourceFile,
};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::auth::{Auth, ADMIN};
use crate::error::{ApiError, ApiErrorCode};
use crate::payload::Payload;
use crate::picker::Picker;
use crate::state::{Clock, Store};

/// The event carrying [`Progress`] during a check or an import.
pub const PROGRESS_EVENT: &str = "import-progress";

/// The largest file the app reads (a clinic's ten years fit in a fraction of it).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Rows shown in a preview.
const PREVIEW_ROWS: usize = 20;

/// The files chosen for the next import.
#[derive(Default)]
pub struct ImportDraft(Mutex<ImportFiles>);

impl ImportDraft {
    fn with<T>(&self, f: impl FnOnce(&mut ImportFiles) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

fn slot(files: &mut ImportFiles, kind: FileKind) -> &mut Option<SourceFile> {
    match kind {
        FileKind::Patients => &mut files.patients,
        FileKind::Sessions => &mut files.sessions,
    }
}

/// The fields a file of `kind` can have, for the mapping screen.
#[tauri::command]
pub fn import_columns(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    kind: Payload<FileKind>,
) -> Result<Vec<ColumnInfo>, ApiError> {
    auth.permit(&store, &clock, ADMIN)?;
    Ok(import::columns(kind.into_inner()?))
}

/// Asks for a `kind` file, keeps it for the import and returns its preview; `null` when
/// the user cancels (the file chosen before, if any, stays).
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)] // Tauri injects each piece of state as an argument.
pub fn choose_import_file<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    picker: State<'_, Picker>,
    draft: State<'_, ImportDraft>,
    kind: Payload<FileKind>,
    options: Payload<ImportOptions>,
) -> Result<Option<Preview>, ApiError> {
    auth.permit(&store, &clock, ADMIN)?;
    let (kind, options) = (kind.into_inner()?, options.into_inner()?);
    let Some(path) = picker.csv_file(&app, kind) else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let bytes = read_limited(&path).map_err(|e| {
        log::warn!("import file could not be read: {}", e.kind());
        ApiError::new(
            ApiErrorCode::Invalid,
            format!("{name} could not be read: {e}"),
        )
    })?;
    log::info!("import: {kind:?} file chosen, {} bytes", bytes.len());
    let file = SourceFile::new(name, bytes);
    let preview = import::preview(&file, kind, &options, PREVIEW_ROWS);
    draft.with(|d| *slot(d, kind) = Some(file));
    Ok(Some(preview))
}

fn read_limited(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let f = File::open(path)?;
    if f.metadata()?.len() > MAX_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is larger than 512 MB; split it into several files",
        ));
    }
    let mut bytes = Vec::new();
    f.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads the chosen `kind` file again with `mapping` (kept for the import) and `options`.
#[tauri::command]
pub fn preview_import(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    draft: State<'_, ImportDraft>,
    kind: Payload<FileKind>,
    options: Payload<ImportOptions>,
    mapping: Payload<ColumnMapping>,
) -> Result<Preview, ApiError> {
    auth.permit(&store, &clock, ADMIN)?;
    let (kind, options) = (kind.into_inner()?, options.into_inner()?);
    let mapping = mapping.into_inner()?;
    draft.with(|d| match slot(d, kind) {
        Some(file) => {
            file.mapping = mapping;
            Ok(import::preview(file, kind, &options, PREVIEW_ROWS))
        }
        None => Err(ApiError::new(
            ApiErrorCode::NotFound,
            "Choose the file first.",
        )),
    })
}

/// Drops the chosen `kind` file.
#[tauri::command]
pub fn forget_import_file(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    draft: State<'_, ImportDraft>,
    kind: Payload<FileKind>,
) -> Result<(), ApiError> {
    auth.permit(&store, &clock, ADMIN)?;
    let kind = kind.into_inner()?;
    draft.with(|d| *slot(d, kind) = None);
    Ok(())
}

fn reporter<R: Runtime>(app: &AppHandle<R>) -> impl FnMut(Progress) + '_ {
    move |p| {
        // A window that has gone away misses a progress bar, nothing more.
        let _ = app.emit(PROGRESS_EVENT, p);
    }
}

/// Everything the chosen files would create, and every problem; writes nothing.
#[tauri::command(async)]
pub fn check_import<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    draft: State<'_, ImportDraft>,
    options: Payload<ImportOptions>,
) -> Result<ImportReport, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let options = options.into_inner()?;
    let files = draft.with(|d| d.clone());
    let report =
        import::dry_run_with_progress(&g.db, &files, &options, g.by.now, &mut reporter(&app))?;
    log::info!(
        "import check: {} problems, {} patients and {} sessions to create",
        report.problems.len(),
        report.created.patients,
        report.created.sessions
    );
    Ok(report)
}

/// Imports the chosen files: all in one transaction, or nothing (`Invalid`, one field per
/// problem keyed `file:line:column`). The files are forgotten once imported.
#[tauri::command(async)]
pub fn run_import<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    draft: State<'_, ImportDraft>,
    options: Payload<ImportOptions>,
) -> Result<ImportReport, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let options = options.into_inner()?;
    let files = draft.with(|d| d.clone());
    let report = import::import(&g.db, &files, &options, &g.by, &mut reporter(&app))?;
    draft.with(|d| {
        // Only the files imported: another choice made meanwhile stays.
        if d.patients == files.patients {
            d.patients = None;
        }
        if d.sessions == files.sessions {
            d.sessions = None;
        }
    });
    Ok(report)
}

/// Every import, newest first.
#[tauri::command]
pub fn list_import_batches(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<Vec<ImportBatch>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(import::batches(&g.db)?)
}
