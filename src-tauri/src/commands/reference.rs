//! Reference lists (areas, indications, reaction types and scales).

use dermalog_core::reference::{
    self, Area, AreaInput, ClinicSettings, DepthGuidance, DepthGuidanceInput, DeviceModel,
    DeviceModelInput, ReferenceData,
};
use tauri::State;

use crate::auth::{Auth, ADMIN, ANYONE};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Every reference list.
#[tauri::command(async)]
pub fn get_reference_data(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<ReferenceData, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(reference::list(&g.db)?)
}

/// Adds or edits an area.
#[tauri::command(async)]
pub fn save_area(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<AreaInput>,
) -> Result<Area, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(reference::save_area(&g.db, input.into_inner()?, &g.by)?)
}

/// Adds or edits a device model and its depth limits.
#[tauri::command(async)]
pub fn save_device_model(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<DeviceModelInput>,
) -> Result<DeviceModel, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(reference::save_device_model(
        &g.db,
        input.into_inner()?,
        &g.by,
    )?)
}

/// Adds or edits a depth guidance row.
#[tauri::command(async)]
pub fn save_depth_guidance(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<DepthGuidanceInput>,
) -> Result<DepthGuidance, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(reference::save_depth_guidance(
        &g.db,
        input.into_inner()?,
        &g.by,
    )?)
}

/// Changes the clinic settings the checks read.
#[tauri::command(async)]
pub fn save_settings(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<ClinicSettings>,
) -> Result<ClinicSettings, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(reference::save_settings(&g.db, input.into_inner()?, &g.by)?)
}
