//! Medical history and the screening rules: the patient's history entries, and the
//! clinic's vocabulary, rules and product catalogue they are judged with.

use dermalog_core::medical::{
    self, HistoryEntry, HistoryEntryInput, HistoryTerm, HistoryTermInput, PatientHistory,
};
use dermalog_core::reference::{self, CatalogueProduct, CatalogueProductInput};
use dermalog_core::screening::{self, Rule, RuleInput};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ADMIN, ANYONE, CLINICIAN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// A patient's medical history and Fitzpatrick assessments.
#[tauri::command(async)]
pub fn get_patient_history(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<PatientHistory, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(medical::history(&g.db, patient_id.into_inner()?)?)
}

/// Adds, edits or archives (entered in error) a history entry.
#[tauri::command(async)]
pub fn save_history_entry(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<HistoryEntryInput>,
) -> Result<HistoryEntry, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(medical::save_entry(&g.db, input.into_inner()?, &g.by)?)
}

/// Adds or edits a history term.
#[tauri::command(async)]
pub fn save_history_term(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<HistoryTermInput>,
) -> Result<HistoryTerm, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(medical::save_term(&g.db, input.into_inner()?, &g.by)?)
}

/// Adds or edits a contraindication rule (an edit raises its version).
#[tauri::command(async)]
pub fn save_rule(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<RuleInput>,
) -> Result<Rule, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(screening::save_rule(&g.db, input.into_inner()?, &g.by)?)
}

/// Adds or edits a catalogue product.
#[tauri::command(async)]
pub fn save_product(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<CatalogueProductInput>,
) -> Result<CatalogueProduct, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(reference::save_product(&g.db, input.into_inner()?, &g.by)?)
}
