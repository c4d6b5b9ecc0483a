//! The encryption key's human side: opening a sealed database with the recovery key,
//! showing a new clinic's recovery key once, replacing it, and which accounts can open the
//! database with their own password.

use dermalog_core::accounts;
use dermalog_core::audit::{Action, Change};
use dermalog_core::keys;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use crate::auth::{Auth, AuthStatus, ADMIN};
use crate::error::{ApiError, ApiErrorCode};
use crate::payload::Payload;
use crate::state::{Clock, Store};
use crate::unseal::{self, Attempts, RecoveryKeyToShow};

/// Who can open the encrypted database.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EncryptionStatus {
    /// The database is encrypted at rest.
    pub encrypted: bool,
    /// The key file beside it (empty when not encrypted).
    pub key_file: String,
    /// Accounts whose password opens the database key; others can sign in only after
    /// someone has opened it in this run (their slot is added then).
    #[ts(type = "string[]")]
    pub users_with_key: Vec<Uuid>,
}

/// Public, only while the database is sealed: opens it with the clinic's recovery key
/// (then anyone signs in as usual).
#[tauri::command(async)]
pub fn unlock_with_recovery_key(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    attempts: State<'_, Attempts>,
    recovery_key: Payload<String>,
) -> Result<AuthStatus, ApiError> {
    if !store.is_sealed() {
        return Err(ApiError::new(
            ApiErrorCode::Conflict,
            "The database is already open.",
        ));
    }
    unseal::with_recovery_key(&store, &attempts, &recovery_key.into_inner()?, clock.now())?;
    auth.status(&store, &clock)
}

/// The recovery key made at set-up, once (admins); `null` once it has been shown.
#[tauri::command(async)]
pub fn take_recovery_key(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    to_show: State<'_, RecoveryKeyToShow>,
) -> Result<Option<String>, ApiError> {
    auth.permit(&store, &clock, ADMIN)?;
    Ok(to_show.take().map(|k| k.0))
}

/// Replaces the recovery key after the admin re-enters their password; the old key stops
/// working. Audited (without the key).
#[tauri::command(async)]
pub fn new_recovery_key(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    password: Payload<String>,
) -> Result<String, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    if !accounts::check_password(&g.db, g.by.user_id, &password.into_inner()?, g.by.now)? {
        return Err(
            dermalog_core::Error::invalid("password", "That password is not right.").into(),
        );
    }
    let key = keys::new_recovery_key(&g.db)?;
    accounts::record(
        &g.db,
        &g.by,
        Change::new(Action::Settings, "key_file", "recovery_key")
            .reason("a new recovery key replaced the old one"),
    )?;
    log::info!("recovery key replaced by user {}", g.by.user_id);
    Ok(key.0)
}

/// Whether the database is encrypted, and whose password opens it (admins).
#[tauri::command(async)]
pub fn get_encryption_status(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<EncryptionStatus, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let users = keys::slot_users(&g.db)?;
    Ok(EncryptionStatus {
        encrypted: users.is_some(),
        key_file: if users.is_some() {
            keys::path_for(g.db.path()).display().to_string()
        } else {
            String::new()
        },
        users_with_key: users.unwrap_or_default(),
    })
}
