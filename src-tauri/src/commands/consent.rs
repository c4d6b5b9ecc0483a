//! Consent: the clinic's templates, a patient's consents (drawn on screen or paper on file),
//! revocation, the consent in force for the session form, and the printable record.

use dermalog_core::consent::{
    self, Consent, ConsentDocument, ConsentInput, ConsentStatus, ConsentTemplate,
    RevokeConsentInput, TemplateVersionInput,
};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ADMIN, ANYONE, CLINICAL_STAFF};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};

/// Every consent template with its current text.
#[tauri::command(async)]
pub fn list_consent_templates(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<Vec<ConsentTemplate>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(consent::templates(&g.db)?)
}

/// Saves a new version of a template (admins); what was signed before keeps its text.
#[tauri::command(async)]
pub fn save_consent_template(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<TemplateVersionInput>,
) -> Result<ConsentTemplate, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(consent::save_template_version(
        &g.db,
        &g.by,
        input.into_inner()?,
    )?)
}

/// The patient's consents, newest first, revoked ones included.
#[tauri::command(async)]
pub fn list_patient_consents(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<Vec<Consent>, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(consent::patient_consents(&g.db, patient_id.into_inner()?)?)
}

/// The treatment consent and photo scopes in force today, for the session form.
#[tauri::command(async)]
pub fn get_consent_status(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    patient_id: Payload<Uuid>,
) -> Result<ConsentStatus, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(consent::consent_status(
        &g.db,
        patient_id.into_inner()?,
        g.by.now.date_naive(),
    )?)
}

/// Records a consent the patient signed on screen, or a paper one with its scan; the
/// signed-in user is the witness.
#[tauri::command(async)]
pub fn record_consent(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<ConsentInput>,
) -> Result<Consent, ApiError> {
    let g = auth.permit(&store, &clock, CLINICAL_STAFF)?;
    let c = consent::record_consent(&g.db, &g.by, input.into_inner()?)?;
    log::info!("consent {} recorded for patient {}", c.id, c.patient_id);
    Ok(c)
}

/// Revokes a consent from a date, with a reason; it stays on record.
#[tauri::command(async)]
pub fn revoke_consent(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<RevokeConsentInput>,
) -> Result<Consent, ApiError> {
    let g = auth.permit(&store, &clock, CLINICAL_STAFF)?;
    let c = consent::revoke_consent(&g.db, &g.by, input.into_inner()?)?;
    log::info!("consent {} revoked", c.id);
    Ok(c)
}

/// The printable consent record: the full text as signed and the signature or scan.
#[tauri::command(async)]
pub fn get_consent_document(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    consent_id: Payload<Uuid>,
) -> Result<ConsentDocument, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(consent::consent_document(&g.db, consent_id.into_inner()?)?)
}
