//! Photos: adding them to a session (from the file dialog, or as bytes the UI read from a
//! dropped file), the patient's gallery, one photo's bytes, and removal from view.
//!
//! The webview never gets a path or a file URL: images travel as bytes over IPC, asked for
//! with the patient's id, and the UI shows them from in-memory blob URLs, so nothing
//! decrypted lands in the webview's cache.

use std::io::Read;

use dermalog_core::accounts;
use dermalog_core::audit::{Action, Change};
use dermalog_core::consent::PhotoScope;
use dermalog_core::error::{file_error, Error};
use dermalog_core::files::write_atomically;
use dermalog_core::photos::{self, Photo, PhotoInput, PhotoSize, RemovePhotoInput, LIMITS};
use serde::Serialize;
use serde_json::json;
use tauri::ipc::{Request, Response};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;
use uuid::Uuid;

use super::exports::{save_path, ExportDone};
use super::records::{done, short};
use crate::auth::{Auth, ADMIN, ANYONE, CLINICAL_STAFF};
use crate::error::{ApiError, ApiErrorCode};
use crate::payload::{raw_body, Payload};
use crate::picker::Picker;
use crate::state::{Clock, ExportTarget, Store};

/// The header that carries an `add_photo` call's [`PhotoHeader`] (the body is the file).
pub const PHOTO_HEADER: &str = "dermalog-photo";

/// What one chosen file became.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PhotoAdded {
    /// The file's name, to show next to its outcome (never stored).
    pub name: String,
    /// The photo, when added.
    pub photo: Option<Photo>,
    /// Why not, when refused.
    pub error: Option<ApiError>,
}

/// The patient's photos, removed ones included (marked).
#[tauri::command(async)]
pub fn list_photos(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<Vec<Photo>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(photos::list(&g.db, patient_id.into_inner()?)?)
}

/// Opens the file dialog and adds each chosen photo to `input`'s session; one outcome per
/// file, so one bad file does not stop the others. Empty when cancelled.
#[tauri::command(async)]
pub fn choose_photos<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    picker: State<'_, Picker>,
    input: Payload<PhotoInput>,
) -> Result<Vec<PhotoAdded>, ApiError> {
    auth.permit(&store, &clock, CLINICAL_STAFF)?;
    let input = input.into_inner()?;
    let mut out = Vec::new();
    for path in picker.photo_files(&app) {
        let name = path
            .file_name()
            .map_or_else(|| "photo".into(), |n| n.to_string_lossy().into_owned());
        // Each file is its own act: permit again, so a lock in between stops the rest.
        let added = auth.permit(&store, &clock, CLINICAL_STAFF).and_then(|g| {
            let bytes = read_limited(&path)?;
            Ok(photos::add(&g.db, &g.by, &input, &bytes)?)
        });
        if let Ok(p) = &added {
            log::info!("photo {} added to session {}", p.id, p.session_id);
        }
        out.push(PhotoAdded {
            name,
            error: added.as_ref().err().cloned(),
            photo: added.ok(),
        });
    }
    Ok(out)
}

fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, ApiError> {
    let unreadable = |e: std::io::Error| {
        log::warn!("photo file could not be read: {}", e.kind());
        ApiError::new(
            ApiErrorCode::Invalid,
            format!("This file could not be read: {e}."),
        )
    };
    let f = std::fs::File::open(path).map_err(unreadable)?;
    let limit = LIMITS.max_file_bytes as u64;
    let mut bytes = Vec::new();
    // One byte over the limit is enough for core to refuse it with its own message.
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// Adds the file in the request body (read by the UI from a dropped file) to a session; the
/// `dermalog-photo` header holds the [`PhotoInput`] as JSON (other keys, such as the file's
/// name the UI keeps for its own messages, are ignored).
#[tauri::command(async)]
pub fn add_photo(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    request: Request<'_>,
) -> Result<Photo, ApiError> {
    let g = auth.permit(&store, &clock, CLINICAL_STAFF)?;
    let (bytes, header) = raw_body::<PhotoInput>(&request, PHOTO_HEADER, "a photo")?;
    let photo = photos::add(&g.db, &g.by, &header, bytes)?;
    log::info!("photo {} added to session {}", photo.id, photo.session_id);
    Ok(photo)
}

/// The bytes of one of the patient's photos (its thumbnail or the full image).
#[tauri::command(async)]
pub fn get_photo(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
    photo_id: Payload<Uuid>,
    size: Payload<PhotoSize>,
) -> Result<Response, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    let (bytes, _) = photos::read_image(
        &g.db,
        patient_id.into_inner()?,
        photo_id.into_inner()?,
        size.into_inner()?,
    )?;
    Ok(Response::new(bytes))
}

/// Removes a photo from view (kept; an addendum on a signed session, with a reason).
#[tauri::command(async)]
pub fn remove_photo(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<RemovePhotoInput>,
) -> Result<Photo, ApiError> {
    let g = auth.permit(&store, &clock, CLINICAL_STAFF)?;
    let photo = photos::remove(&g.db, &g.by, &input.into_inner()?)?;
    log::info!("photo {} removed from view", photo.id);
    Ok(photo)
}

/// Saves one photo as a file for `purpose` (admins); teaching and marketing need the
/// patient's photo consent with that scope in force. `null` when cancelled.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)] // Tauri injects each piece of state as an argument.
pub fn export_photo<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    target: State<'_, ExportTarget>,
    patient_id: Payload<Uuid>,
    photo_id: Payload<Uuid>,
    purpose: Payload<PhotoScope>,
) -> Result<Option<ExportDone>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let (patient_id, photo_id, purpose) = (
        patient_id.into_inner()?,
        photo_id.into_inner()?,
        purpose.into_inner()?,
    );
    photos::check_use(&g.db, patient_id, purpose, g.by.now.date_naive())?;
    let (bytes, media_type) = photos::read_image(&g.db, patient_id, photo_id, PhotoSize::Full)?;
    let ext = if media_type == "image/png" {
        "png"
    } else {
        "jpg"
    };
    let purpose_name = serde_json::to_value(purpose)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let name = format!("dermalog-photo-{}-{purpose_name}.{ext}", short(photo_id));
    let Some(path) = save_path(&app, &target, &name, "Image", ext) else {
        return Ok(None);
    };
    write_atomically(&path, |w| {
        w.write_all(&bytes)
            .map_err(|e| file_error("the photo file", e, Error::Export))
    })?;
    log::info!("photo {photo_id} exported for {purpose_name}");
    accounts::record(
        &g.db,
        &g.by,
        Change::new(Action::Export, "photo", photo_id)
            .patient(patient_id)
            .new_value(&json!({ "purpose": purpose })),
    )?;
    Ok(Some(done(&path, 1)))
}
