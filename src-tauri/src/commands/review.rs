//! Reviewing records across the clinic: session search (also a patient's history filters),
//! lot recall, and the reports. Read-only.

use dermalog_core::recall::{self, RecallHit};
use dermalog_core::reports::{
    self, CoursesDueReport, Dimension, MonthCount, ReactionReport, ReportPeriod,
};
use dermalog_core::sessions::{self, PageRequest, SessionFilter, SessionPage};
use tauri::State;

use crate::auth::{Auth, ANYONE};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// One page of sessions matching a filter, newest first.
#[tauri::command(async)]
pub fn search_sessions(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    filter: Payload<SessionFilter>,
    page: Payload<PageRequest>,
) -> Result<SessionPage, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(sessions::search(
        &g.db,
        &filter.into_inner()?,
        page.into_inner()?,
    )?)
}

/// Every use of a product or cartridge lot, with patients' contact details.
#[tauri::command(async)]
pub fn recall_lot(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    lot: Payload<String>,
) -> Result<Vec<RecallHit>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(recall::by_lot(&g.db, &lot.into_inner()?)?)
}

/// Reactions by type and grade per group over a period of months.
#[tauri::command(async)]
pub fn get_reaction_report(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    dimension: Payload<Dimension>,
    period: Payload<ReportPeriod>,
) -> Result<ReactionReport, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(reports::reactions(
        &g.db,
        dimension.into_inner()?,
        &period.into_inner()?,
    )?)
}

/// Sessions per month over a period.
#[tauri::command(async)]
pub fn get_sessions_per_month(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    period: Payload<ReportPeriod>,
) -> Result<Vec<MonthCount>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(reports::sessions_per_month(&g.db, &period.into_inner()?)?)
}

/// Courses due soon and overdue, counted per protocol, as of the clock's day.
#[tauri::command(async)]
pub fn get_courses_due_report(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<CoursesDueReport, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(reports::courses_due(&g.db, g.by.now.date_naive())?)
}
