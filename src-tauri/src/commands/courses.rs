//! Courses and protocol templates: a patient's plans with their progress, the clinic-wide
//! due list, and editing protocols. "Today" is the clock's day.

use dermalog_core::courses::{self, Course, CourseInput, DueCourse, Protocol, ProtocolInput};
use tauri::State;
use uuid::Uuid;

use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// A patient's courses with progress.
#[tauri::command(async)]
pub fn list_patient_courses(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    patient_id: Payload<Uuid>,
) -> Result<Vec<Course>, ApiError> {
    let today = clock.now().date_naive();
    Ok(courses::list_for_patient(
        store.db()?,
        patient_id.into_inner()?,
        today,
    )?)
}

/// Starts or edits a course.
#[tauri::command(async)]
pub fn save_course(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<CourseInput>,
) -> Result<Course, ApiError> {
    Ok(courses::save_course(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}

/// Courses overdue or due soon, clinic-wide.
#[tauri::command(async)]
pub fn list_due_courses(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
) -> Result<Vec<DueCourse>, ApiError> {
    Ok(courses::due_list(store.db()?, clock.now().date_naive())?)
}

/// Adds or edits a protocol template.
#[tauri::command(async)]
pub fn save_protocol(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    input: Payload<ProtocolInput>,
) -> Result<Protocol, ApiError> {
    Ok(courses::save_protocol(
        store.db()?,
        input.into_inner()?,
        clock.now(),
    )?)
}
