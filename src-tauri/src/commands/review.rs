//! Reviewing records across the clinic: session search (also a patient's history filters),
//! lot recall, and the reports. Read-only.

use dermalog_core::recall::{self, RecallHit};
use dermalog_core::reports::{
    self, CoursesDueReport, Dimension, MonthCount, ReactionReport, ReportPeriod,
};
use dermalog_core::sessions::{self, PageRequest, SessionFilter, SessionPage};
use tauri::State;

use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// One page of sessions matching a filter, newest first.
#[tauri::command(async)]
pub fn search_sessions(
    store: State<'_, Store>,
    filter: Payload<SessionFilter>,
    page: Payload<PageRequest>,
) -> Result<SessionPage, ApiError> {
    Ok(sessions::search(
        store.db()?,
        &filter.into_inner()?,
        page.into_inner()?,
    )?)
}

/// Every use of a product or cartridge lot, with patients' contact details.
#[tauri::command(async)]
pub fn recall_lot(
    store: State<'_, Store>,
    lot: Payload<String>,
) -> Result<Vec<RecallHit>, ApiError> {
    Ok(recall::by_lot(store.db()?, &lot.into_inner()?)?)
}

/// Reactions by type and grade per group over a period of months.
#[tauri::command(async)]
pub fn get_reaction_report(
    store: State<'_, Store>,
    dimension: Payload<Dimension>,
    period: Payload<ReportPeriod>,
) -> Result<ReactionReport, ApiError> {
    Ok(reports::reactions(
        store.db()?,
        dimension.into_inner()?,
        &period.into_inner()?,
    )?)
}

/// Sessions per month over a period.
#[tauri::command(async)]
pub fn get_sessions_per_month(
    store: State<'_, Store>,
    period: Payload<ReportPeriod>,
) -> Result<Vec<MonthCount>, ApiError> {
    Ok(reports::sessions_per_month(
        store.db()?,
        &period.into_inner()?,
    )?)
}

/// Courses due soon and overdue, counted per protocol, as of the clock's day.
#[tauri::command(async)]
pub fn get_courses_due_report(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
) -> Result<CoursesDueReport, ApiError> {
    Ok(reports::courses_due(store.db()?, clock.now().date_naive())?)
}
