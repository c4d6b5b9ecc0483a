//! Sessions: record (or edit a draft), open, list a patient's history.

use dermalog_core::sessions::{self, Session, SessionInput};
use tauri::State;
use uuid::Uuid;

use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Saves a session with all its areas, products and reactions in one transaction. Returns
/// only after the commit is on disk.
#[tauri::command(async)]
pub fn save_session(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<SessionInput>,
) -> Result<Session, ApiError> {
    Ok(sessions::save(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}

/// One session.
#[tauri::command(async)]
pub fn get_session(store: State<'_, Store>, id: Payload<Uuid>) -> Result<Session, ApiError> {
    Ok(sessions::get(store.db()?, id.into_inner()?)?)
}

/// A patient's sessions, newest first.
#[tauri::command(async)]
pub fn list_patient_sessions(
    store: State<'_, Store>,
    patient_id: Payload<Uuid>,
) -> Result<Vec<Session>, ApiError> {
    Ok(sessions::list_for_patient(
        store.db()?,
        patient_id.into_inner()?,
    )?)
}
