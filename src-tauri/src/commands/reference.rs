//! Reference lists (areas, indications, reaction types and scales).

use dermalog_core::reference::{self, Area, AreaInput, ReferenceData};
use tauri::State;

use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Every reference list.
#[tauri::command(async)]
pub fn get_reference_data(store: State<'_, Store>) -> Result<ReferenceData, ApiError> {
    Ok(reference::list(store.db()?)?)
}

/// Adds or edits an area.
#[tauri::command(async)]
pub fn save_area(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<AreaInput>,
) -> Result<Area, ApiError> {
    Ok(reference::save_area(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}
