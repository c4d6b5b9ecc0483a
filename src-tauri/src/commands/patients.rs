//! Patients: search, open, save, archive.

use dermalog_core::patients::{self, Patient, PatientInput, PatientQuery, PatientSummary};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ANYONE, CLINICIAN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Searches patients by name prefix, MRN or date of birth.
#[tauri::command(async)]
pub fn list_patients(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    query: Payload<PatientQuery>,
) -> Result<Vec<PatientSummary>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(patients::list(&g.db, &query.into_inner()?)?)
}

/// One patient.
#[tauri::command(async)]
pub fn get_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    id: Payload<Uuid>,
) -> Result<Patient, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(patients::view(&g.db, id.into_inner()?, &g.by)?)
}

/// Creates or updates a patient (idempotent by the client-generated id).
#[tauri::command(async)]
pub fn save_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<PatientInput>,
) -> Result<Patient, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(patients::save(&g.db, input.into_inner()?, &g.by)?)
}

/// Archives a patient; their records stay.
#[tauri::command(async)]
pub fn archive_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    id: Payload<Uuid>,
) -> Result<Patient, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(patients::set_archived(
        &g.db,
        id.into_inner()?,
        true,
        &g.by,
    )?)
}

/// Brings an archived patient back to the list.
#[tauri::command(async)]
pub fn restore_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    id: Payload<Uuid>,
) -> Result<Patient, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(patients::set_archived(
        &g.db,
        id.into_inner()?,
        false,
        &g.by,
    )?)
}
