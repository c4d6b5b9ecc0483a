//! Signing sessions, addenda to signed ones, and checking every signature still holds.

use dermalog_core::sessions::Session;
use dermalog_core::signing::{self, AddendumInput, SignInput, SignatureCheck};
use tauri::State;

use crate::auth::{Auth, ADMIN, CLINICAL_STAFF, CLINICIAN};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Signs a session (password re-entered): the author's signature locks it.
#[tauri::command(async)]
pub fn sign_session(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<SignInput>,
) -> Result<Session, ApiError> {
    let g = auth.permit(&store, &clock, CLINICIAN)?;
    Ok(signing::sign(&g.db, &g.by, input.into_inner()?)?)
}

/// Adds a correction (clinicians), follow-up reactions or a review comment to a signed
/// session.
#[tauri::command(async)]
pub fn add_addendum(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<AddendumInput>,
) -> Result<Session, ApiError> {
    let g = auth.permit(&store, &clock, CLINICAL_STAFF)?;
    Ok(signing::add_addendum(&g.db, &g.by, input.into_inner()?)?)
}

/// Recomputes every signed session's content hash (admins).
#[tauri::command(async)]
pub fn verify_signatures(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<SignatureCheck, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let check = signing::verify(&g.db)?;
    if !check.mismatches.is_empty() {
        log::warn!("signature verify: {} mismatch(es)", check.mismatches.len());
    }
    Ok(check)
}
