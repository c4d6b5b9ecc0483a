//! The aftercare handout: read it for a saved session, mark it given, edit its text and
//! downtime bands.

use dermalog_core::aftercare::{self, AftercareSettings, AftercareTemplate, DowntimeBand, Handout};
use dermalog_core::sessions::Session;
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ADMIN, ANYONE, CLINICIAN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// The printable handout for a saved session.
#[tauri::command(async)]
pub fn get_aftercare_handout(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    session_id: Payload<Uuid>,
) -> Result<Handout, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(aftercare::handout(&g.db, session_id.into_inner()?)?)
}

/// Records that the handout was given.
#[tauri::command(async)]
pub fn mark_aftercare_given(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    session_id: Payload<Uuid>,
) -> Result<Session, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(aftercare::mark_given(
        &g.db,
        session_id.into_inner()?,
        &g.by,
    )?)
}

/// The handout text and downtime bands.
#[tauri::command(async)]
pub fn get_aftercare_settings(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<AftercareSettings, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(aftercare::settings(&g.db)?)
}

/// Edits the handout text.
#[tauri::command(async)]
pub fn save_aftercare_template(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<AftercareTemplate>,
) -> Result<AftercareTemplate, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(aftercare::save_template(&g.db, input.into_inner()?, &g.by)?)
}

/// Adds or edits a downtime band.
#[tauri::command(async)]
pub fn save_downtime_band(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<DowntimeBand>,
) -> Result<DowntimeBand, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(aftercare::save_band(&g.db, input.into_inner()?, &g.by)?)
}
