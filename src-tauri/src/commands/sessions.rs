//! Sessions: record (or edit a draft), open, list a patient's history.

use dermalog_core::guidance::{self, Finding};
use dermalog_core::sessions::{self, RecentSessions, Session, SessionInput};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ANYONE, CLINICIAN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// The clinical guidance for a session form as it stands (warnings and refusals next to
/// their fields), for the form to show while it is filled in.
#[tauri::command(async)]
pub fn check_session(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<SessionInput>,
) -> Result<Vec<Finding>, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(guidance::check(&g.db, &input.into_inner()?)?)
}

/// Saves a session with all its areas, products and reactions in one transaction. Returns
/// only after the commit is on disk.
#[tauri::command(async)]
pub fn save_session(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<SessionInput>,
) -> Result<Session, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(sessions::save(&g.db, input.into_inner()?, &g.by)?)
}

/// One session.
#[tauri::command(async)]
pub fn get_session(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    id: Payload<Uuid>,
) -> Result<Session, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(sessions::get(&g.db, id.into_inner()?)?)
}

/// A patient's newest `limit` sessions (1 to 50) and how many they have: a patient page's first
/// screen, so a long history does not hold up its first paint.
#[tauri::command(async)]
pub fn list_recent_sessions(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
    limit: Payload<u32>,
) -> Result<RecentSessions, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    let (patient_id, limit) = (patient_id.into_inner()?, limit.into_inner()?);
    Ok(sessions::recent_for_patient(&g.db, patient_id, limit)?)
}

/// A patient's sessions, newest first.
#[tauri::command(async)]
pub fn list_patient_sessions(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<Vec<Session>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(sessions::list_for_patient(&g.db, patient_id.into_inner()?)?)
}
