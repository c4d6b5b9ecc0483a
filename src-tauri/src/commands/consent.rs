//! Consent: the clinic's templates, a patient's consents (drawn on screen or paper on file),
//! revocation, the consent in force for the session form, and the printable record.

use dermalog_core::consent::{
    self, Consent, ConsentDocument, ConsentInput, ConsentMethod, ConsentStatus, ConsentTemplate,
    RevokeConsentInput, TemplateVersionInput,
};
use tauri::ipc::{Request, Response};
use tauri::State;
use uuid::Uuid;

use crate::auth::{Auth, ADMIN, ANYONE, CLINICAL_STAFF};
use crate::error::{ApiError, ApiErrorCode};
use crate::payload::{raw_body, Payload};
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

/// The header that carries a raw-body `record_consent`'s [`ConsentInput`] as JSON.
pub const CONSENT_HEADER: &str = "dermalog-consent";

/// Records a consent the patient signed on screen, or a paper one with its scan; the
/// signed-in user is the witness. The picture (the drawn signature, or the scan of a paper
/// consent, up to 10 MB) is the raw request body, never a JSON array of numbers; the
/// `dermalog-consent` header holds the rest of the [`ConsentInput`] as JSON.
#[tauri::command(async)]
pub fn record_consent(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    request: Request<'_>,
) -> Result<Consent, ApiError> {
    let g = auth.permit(&store, &clock, CLINICAL_STAFF)?;
    let (picture, mut input) = raw_body::<ConsentInput>(&request, CONSENT_HEADER, "a consent")?;
    // The body is the picture the method calls for; an empty body is no picture, which core
    // refuses on the field the form shows.
    let picture = (!picture.is_empty()).then(|| picture.to_vec());
    (input.signature_png, input.scan) = match input.method {
        ConsentMethod::Drawn => (picture, None),
        ConsentMethod::Paper => (None, picture),
    };
    let c = consent::record_consent(&g.db, &g.by, input)?;
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

/// The printable consent record: the consent and the full text as signed (its picture comes
/// from `get_consent_picture`).
#[tauri::command(async)]
pub fn get_consent_document(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    consent_id: Payload<Uuid>,
) -> Result<ConsentDocument, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(consent::consent_record(&g.db, consent_id.into_inner()?)?)
}

/// The consent's drawn signature or paper scan, as raw bytes (a scan may be 10 MB: as JSON
/// numbers it would be several times that), checked against its hash like the document.
#[tauri::command(async)]
pub fn get_consent_picture(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    consent_id: Payload<Uuid>,
) -> Result<Response, ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    let bytes = consent::consent_picture(&g.db, consent_id.into_inner()?)?.ok_or_else(|| {
        ApiError::new(
            ApiErrorCode::NotFound,
            "This consent has no signature or scan on record.",
        )
    })?;
    Ok(Response::new(bytes))
}
