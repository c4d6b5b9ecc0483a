//! The aftercare handout: read it for a saved session, mark it given, edit its text and
//! downtime bands.

use dermalog_core::aftercare::{self, AftercareSettings, AftercareTemplate, DowntimeBand, Handout};
use dermalog_core::sessions::Session;
use tauri::State;
use uuid::Uuid;

use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// The printable handout for a saved session.
#[tauri::command(async)]
pub fn get_aftercare_handout(
    store: State<'_, Store>,
    session_id: Payload<Uuid>,
) -> Result<Handout, ApiError> {
    Ok(aftercare::handout(store.db()?, session_id.into_inner()?)?)
}

/// Records that the handout was given.
#[tauri::command(async)]
pub fn mark_aftercare_given(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    session_id: Payload<Uuid>,
) -> Result<Session, ApiError> {
    Ok(aftercare::mark_given(
        store.db()?,
        session_id.into_inner()?,
        clock.now(),
    )?)
}

/// The handout text and downtime bands.
#[tauri::command(async)]
pub fn get_aftercare_settings(store: State<'_, Store>) -> Result<AftercareSettings, ApiError> {
    Ok(aftercare::settings(store.db()?)?)
}

/// Edits the handout text.
#[tauri::command(async)]
pub fn save_aftercare_template(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<AftercareTemplate>,
) -> Result<AftercareTemplate, ApiError> {
    Ok(aftercare::save_template(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}

/// Adds or edits a downtime band.
#[tauri::command(async)]
pub fn save_downtime_band(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<DowntimeBand>,
) -> Result<DowntimeBand, ApiError> {
    Ok(aftercare::save_band(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}
