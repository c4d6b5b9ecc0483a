//! Reference lists (areas, indications, reaction types and scales).

use dermalog_core::reference::{
    self, Area, AreaInput, ClinicSettings, DepthGuidance, DepthGuidanceInput, DeviceModel,
    DeviceModelInput, ReferenceData,
};
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

/// Adds or edits a device model and its depth limits.
#[tauri::command(async)]
pub fn save_device_model(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<DeviceModelInput>,
) -> Result<DeviceModel, ApiError> {
    Ok(reference::save_device_model(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}

/// Adds or edits a depth guidance row.
#[tauri::command(async)]
pub fn save_depth_guidance(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<DepthGuidanceInput>,
) -> Result<DepthGuidance, ApiError> {
    Ok(reference::save_depth_guidance(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}

/// Changes the clinic settings the checks read.
#[tauri::command(async)]
pub fn save_settings(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<ClinicSettings>,
) -> Result<ClinicSettings, ApiError> {
    Ok(reference::save_settings(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}
