//! The audit trail for admins (read and verify), and recording a print.

use dermalog_core::accounts;
use dermalog_core::audit::{self, Action, AuditEvent, AuditQuery, AuditReport, Change};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ADMIN, ANYONE};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Audit rows, newest first, filtered (admins).
#[tauri::command(async)]
pub fn list_audit(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    query: Payload<AuditQuery>,
) -> Result<Vec<AuditEvent>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(audit::list(&g.db, &query.into_inner()?)?)
}

/// Recomputes every chain and compares with the head file (admins).
#[tauri::command(async)]
pub fn verify_audit(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<AuditReport, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let report = audit::verify(&g.db)?;
    if !report.ok {
        log::warn!("audit verify found {} problem(s)", report.problems.len());
    }
    Ok(report)
}

/// The patient summary was sent to the printer (or saved as PDF).
#[tauri::command(async)]
pub fn record_print(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<(), ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    let id = patient_id.into_inner()?;
    Ok(accounts::record(
        &g.db,
        &g.by,
        Change::new(Action::Print, "patient", id).patient(id),
    )?)
}
