//! Courses and protocol templates: a patient's plans with their progress, the clinic-wide
//! due list, and editing protocols. "Today" is the clock's day.

use dermalog_core::courses::{self, Course, CourseInput, DueCourse, Protocol, ProtocolInput};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ADMIN, ANYONE, CLINICIAN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// A patient's courses with progress.
#[tauri::command(async)]
pub fn list_patient_courses(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<Vec<Course>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    let today = g.by.now.date_naive();
    Ok(courses::list_for_patient(
        &g.db,
        patient_id.into_inner()?,
        today,
    )?)
}

/// Starts or edits a course.
#[tauri::command(async)]
pub fn save_course(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<CourseInput>,
) -> Result<Course, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(courses::save_course(&g.db, input.into_inner()?, &g.by)?)
}

/// Courses overdue or due soon, clinic-wide.
#[tauri::command(async)]
pub fn list_due_courses(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<Vec<DueCourse>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(courses::due_list(&g.db, g.by.now.date_naive())?)
}

/// Adds or edits a protocol template.
#[tauri::command(async)]
pub fn save_protocol(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<ProtocolInput>,
) -> Result<Protocol, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(courses::save_protocol(&g.db, input.into_inner()?, &g.by)?)
}
