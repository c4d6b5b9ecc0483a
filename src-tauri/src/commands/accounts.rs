//! Signing in and out, the lock, first-run set-up, and managing accounts. The first four
//! commands here are the only ones that answer without a signed-in user.

use dermalog_core::accounts::{self, ClinicSetup, User, UserInput};
use tauri::State;

use crate::auth::{Auth, AuthStatus, ADMIN, ANYONE};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::state::{Clock, Store};
use crate::unseal::{self, Attempts, RecoveryKeyToShow};

/// Public: whether set-up is needed, who is signed in, whether the app is locked.
#[tauri::command(async)]
pub fn get_auth_status(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<AuthStatus, ApiError> {
    auth.status(&store, &clock)
}

/// Public, first run only: names the clinic, creates the first admin and signs them in.
/// A new clinic's database is created encrypted; its recovery key waits in memory for
/// [`super::keys::take_recovery_key`].
#[tauri::command(async)]
pub fn set_up_clinic(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    to_show: State<'_, RecoveryKeyToShow>,
    setup: Payload<ClinicSetup>,
) -> Result<AuthStatus, ApiError> {
    let setup = setup.into_inner()?;
    let user = if store.is_new() {
        // A new clinic's database is encrypted from its first byte.
        let (user, recovery_key) = store.set_up(setup, clock.now())?;
        to_show.put(recovery_key);
        user
    } else {
        accounts::set_up(&*store.db()?, setup, clock.now())?
    };
    auth.begin(user, clock.now());
    auth.status(&store, &clock)
}

/// Public: checks the name and password (rate-limited, audited) and starts a session. The
/// first sign-in of a run on an encrypted database also opens it with the key from the
/// user's slot.
#[tauri::command(async)]
pub fn sign_in(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    attempts: State<'_, Attempts>,
    username: Payload<String>,
    password: Payload<String>,
) -> Result<AuthStatus, ApiError> {
    let (username, password) = (username.into_inner()?, password.into_inner()?);
    if store.is_sealed() {
        unseal::with_password(&store, &attempts, &username, &password, clock.now())?;
    }
    let db = store.db()?;
    let user = accounts::sign_in(&db, &username, &password, clock.now())?;
    auth.begin(user, clock.now());
    auth.status(&store, &clock)
}

/// Ends the session (also from the lock screen).
#[tauri::command(async)]
pub fn sign_out(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<AuthStatus, ApiError> {
    auth.end(&store, &clock)?;
    auth.status(&store, &clock)
}

/// Locks the app now; the password opens it again.
#[tauri::command(async)]
pub fn lock_app(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<AuthStatus, ApiError> {
    auth.lock_now(&store, &clock)?;
    auth.status(&store, &clock)
}

/// Unlocks with the locked user's password (a wrong one is audited and rate-limited).
#[tauri::command(async)]
pub fn unlock_app(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    password: Payload<String>,
) -> Result<AuthStatus, ApiError> {
    auth.require_session()?;
    auth.unlock(&store, &clock, &password.into_inner()?)?;
    auth.status(&store, &clock)
}

/// The user is typing or pointing: pushes the idle lock back.
#[tauri::command(async)]
pub fn keep_alive(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<(), ApiError> {
    auth.permit(&store, &clock, ANYONE).map(|_| ())
}

/// Every account (admins).
#[tauri::command(async)]
pub fn list_users(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
) -> Result<Vec<User>, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    Ok(accounts::list(&g.db)?)
}

/// Creates or changes an account (admins).
#[tauri::command(async)]
pub fn save_user(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    input: Payload<UserInput>,
) -> Result<User, ApiError> {
    let g = auth.permit(&store, &clock, ADMIN)?;
    let user = accounts::save_user(&g.db, &g.by, input.into_inner()?)?;
    auth.refresh(&g.db)?;
    Ok(user)
}

/// The signed-in user changes their own password.
#[tauri::command(async)]
pub fn change_password(
    store: State<'_, Store>,
    clock: State<'_, Clock>,
    auth: State<'_, Auth>,
    current_password: Payload<String>,
    new_password: Payload<String>,
) -> Result<(), ApiError> {
    let g = auth.permit(&store, &clock, ANYONE)?;
    Ok(accounts::change_own_password(
        &g.db,
        &g.by,
        &current_password.into_inner()?,
        &new_password.into_inner()?,
    )?)
}
