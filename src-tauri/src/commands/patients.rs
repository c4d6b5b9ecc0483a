//! Patients: search, open, save, archive.

use dermalog_core::patients::{self, Patient, PatientInput, PatientQuery, PatientSummary};
use tauri::State;
use uuid::Uuid;

use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Searches patients by name prefix, MRN or date of birth.
#[tauri::command(async)]
pub fn list_patients(
    store: State<'_, Store>,
    query: Payload<PatientQuery>,
) -> Result<Vec<PatientSummary>, ApiError> {
    Ok(patients::list(store.db()?, &query.into_inner()?)?)
}

/// One patient.
#[tauri::command(async)]
pub fn get_patient(store: State<'_, Store>, id: Payload<Uuid>) -> Result<Patient, ApiError> {
    Ok(patients::get(store.db()?, id.into_inner()?)?)
}

/// Creates or updates a patient (idempotent by the client-generated id).
#[tauri::command(async)]
pub fn save_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<PatientInput>,
) -> Result<Patient, ApiError> {
    Ok(patients::save(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}

/// Archives a patient; their records stay.
#[tauri::command(async)]
pub fn archive_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    id: Payload<Uuid>,
) -> Result<Patient, ApiError> {
    Ok(patients::set_archived(
        store.db()?,
        id.into_inner()?,
        true,
        clock.now(),
    )?)
}

/// Brings an archived patient back to the list.
#[tauri::command(async)]
pub fn restore_patient(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    id: Payload<Uuid>,
) -> Result<Patient, ApiError> {
    Ok(patients::set_archived(
        store.db()?,
        id.into_inner()?,
        false,
        clock.now(),
    )?)
}
