//! Who is signed in, and the check at the top of every command.
//!
//! Invariants:
//! - every command except the public ones (start-up status, auth status, first-run
//!   set-up, sign-in, the recovery-key unlock, and recovery on a refused database) starts
//!   with [`Auth::permit`], before it decodes its arguments;
//! - `permit` refuses with a typed error when no one is signed in (`NotSignedIn`), when the
//!   app is locked or has been idle past the clinic's limit (`AppLocked`, and the lock is
//!   audited), and when the user holds none of the roles the command needs (`Forbidden`);
//! - a permitted call counts as activity and pushes the idle lock back.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use dermalog_core::accounts::{self, Role, User};
use dermalog_core::audit::{Action, Actor, Change};
use dermalog_core::Db;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{ApiError, ApiErrorCode};
use crate::state::{Clock, Store};

/// Any signed-in user.
pub const ANYONE: &[Role] = &[Role::Clinician, Role::Aesthetician, Role::Admin];
/// Clinicians: record, change and sign clinical entries.
pub const CLINICIAN: &[Role] = &[Role::Clinician];
/// Clinicians and aestheticians: follow-up reactions and review comments.
pub const CLINICAL_STAFF: &[Role] = &[Role::Clinician, Role::Aesthetician];
/// Admins: users, settings, exports and the audit trail.
pub const ADMIN: &[Role] = &[Role::Admin];

/// The signed-in user, if any.
#[derive(Default)]
pub struct Auth(Mutex<Option<SignedIn>>);

struct SignedIn {
    user: User,
    last_active: DateTime<Utc>,
    locked: bool,
}

/// What a permitted command may use: the database and the actor its writes name.
pub struct Granted {
    /// The open database.
    pub db: std::sync::Arc<Db>,
    /// The signed-in user, now.
    pub by: Actor,
}

/// What the UI needs to know to show set-up, sign-in, the lock screen or the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AuthStatus {
    /// No account exists yet: show the first-run set-up.
    pub setup_needed: bool,
    /// The clinic's name (empty before set-up).
    pub clinic_name: String,
    /// The signed-in user.
    pub user: Option<User>,
    /// The app is locked: the password is needed again.
    pub locked: bool,
    /// Minutes without use before the app locks.
    pub idle_lock_minutes: i32,
    /// The database is encrypted and not open yet: the first sign-in opens it (or the
    /// recovery key does).
    pub sealed: bool,
    /// The open database is encrypted at rest.
    pub encrypted: bool,
}

impl Auth {
    fn state(&self) -> std::sync::MutexGuard<'_, Option<SignedIn>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks that a user holding one of `roles` is signed in and the app is not locked;
    /// the call counts as activity.
    pub fn permit(
        &self,
        store: &Store,
        clock: &Clock,
        roles: &[Role],
    ) -> Result<Granted, ApiError> {
        let db = store.db()?;
        let now = clock.now();
        let mut state = self.state();
        let Some(s) = state.as_mut() else {
            return Err(ApiError::new(
                ApiErrorCode::NotSignedIn,
                "Please sign in first.",
            ));
        };
        lock_if_idle(&db, s, now)?;
        if s.locked {
            return Err(ApiError::new(
                ApiErrorCode::AppLocked,
                "Dermalog is locked. Enter your password to go on.",
            ));
        }
        if !roles.iter().any(|r| s.user.has(*r)) {
            log::warn!("user {} refused a command needing {roles:?}", s.user.id);
            return Err(ApiError::new(
                ApiErrorCode::Forbidden,
                format!(
                    "Your role does not allow this. It needs: {}.",
                    role_names(roles)
                ),
            ));
        }
        s.last_active = now;
        Ok(Granted {
            db,
            by: Actor::new(s.user.id, now),
        })
    }

    /// The state the UI shows; locks first when the idle limit has passed.
    pub fn status(&self, store: &Store, clock: &Clock) -> Result<AuthStatus, ApiError> {
        if store.is_new() || store.is_sealed() {
            // Nothing to read before set-up or before the key is known.
            return Ok(AuthStatus {
                setup_needed: store.is_new(),
                clinic_name: String::new(),
                user: None,
                locked: false,
                idle_lock_minutes: 15,
                sealed: store.is_sealed(),
                encrypted: store.is_sealed(),
            });
        }
        let db = store.db()?;
        let now = clock.now();
        let mut state = self.state();
        if let Some(s) = state.as_mut() {
            lock_if_idle(&db, s, now)?;
        }
        Ok(AuthStatus {
            setup_needed: accounts::needs_setup(&db)?,
            clinic_name: accounts::clinic_name(&db)?,
            user: state.as_ref().map(|s| s.user.clone()),
            locked: state.as_ref().is_some_and(|s| s.locked),
            idle_lock_minutes: i32::try_from(accounts::idle_lock_minutes(&db)?).unwrap_or(15),
            sealed: false,
            encrypted: db.is_encrypted(),
        })
    }

    /// Starts a session for `user` (after core checked the password).
    pub fn begin(&self, user: User, now: DateTime<Utc>) {
        log::info!("user {} signed in", user.id);
        *self.state() = Some(SignedIn {
            user,
            last_active: now,
            locked: false,
        });
    }

    /// Ends the session, auditing the sign-out. Allowed while locked (the lock screen
    /// offers it).
    pub fn end(&self, store: &Store, clock: &Clock) -> Result<(), ApiError> {
        let db = store.db()?;
        if let Some(s) = self.state().take() {
            accounts::record(
                &db,
                &Actor::new(s.user.id, clock.now()),
                Change::new(Action::SignOut, "user", s.user.id),
            )?;
            log::info!("user {} signed out", s.user.id);
        }
        Ok(())
    }

    /// Locks now (the user asked).
    pub fn lock_now(&self, store: &Store, clock: &Clock) -> Result<(), ApiError> {
        let db = store.db()?;
        let mut state = self.state();
        match state.as_mut() {
            Some(s) if !s.locked => lock(&db, s, clock.now(), "locked by the user"),
            Some(_) => Ok(()),
            None => Err(ApiError::new(
                ApiErrorCode::NotSignedIn,
                "Please sign in first.",
            )),
        }
    }

    /// `NotSignedIn` unless someone is signed in (locked or not).
    pub fn require_session(&self) -> Result<(), ApiError> {
        match self.state().as_ref() {
            Some(_) => Ok(()),
            None => Err(ApiError::new(
                ApiErrorCode::NotSignedIn,
                "Please sign in first.",
            )),
        }
    }

    /// Unlocks when `password` is the locked user's.
    pub fn unlock(&self, store: &Store, clock: &Clock, password: &str) -> Result<(), ApiError> {
        let db = store.db()?;
        let now = clock.now();
        let mut state = self.state();
        let Some(s) = state.as_mut() else {
            return Err(ApiError::new(
                ApiErrorCode::NotSignedIn,
                "Please sign in first.",
            ));
        };
        if !accounts::check_password(&db, s.user.id, password, now)? {
            return Err(ApiError::new(
                ApiErrorCode::SignInFailed,
                "That password is not right.",
            ));
        }
        s.user = accounts::get(&db, s.user.id)?;
        accounts::record(
            &db,
            &Actor::new(s.user.id, now),
            Change::new(Action::Unlock, "user", s.user.id),
        )?;
        s.locked = false;
        s.last_active = now;
        Ok(())
    }

    /// Forgets the session without auditing it (the database it belonged to was replaced).
    pub fn clear(&self) {
        *self.state() = None;
    }

    /// Re-reads the signed-in user after an admin changed accounts (roles, names).
    pub fn refresh(&self, db: &Db) -> Result<(), ApiError> {
        if let Some(s) = self.state().as_mut() {
            s.user = accounts::get(db, s.user.id)?;
        }
        Ok(())
    }
}

fn lock_if_idle(db: &Db, s: &mut SignedIn, now: DateTime<Utc>) -> Result<(), ApiError> {
    if s.locked {
        return Ok(());
    }
    let minutes = accounts::idle_lock_minutes(db)?;
    let deadline = s.last_active + Duration::minutes(minutes);
    if now >= deadline {
        // Dated when the limit passed, not when someone next touched the app.
        lock(db, s, deadline, "idle")?;
    }
    Ok(())
}

fn lock(db: &Db, s: &mut SignedIn, at: DateTime<Utc>, why: &str) -> Result<(), ApiError> {
    s.locked = true;
    log::info!("user {} locked ({why})", s.user.id);
    accounts::record(
        db,
        &Actor::new(s.user.id, at),
        Change::new(Action::Lock, "user", s.user.id).reason(why),
    )?;
    Ok(())
}

fn role_names(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| match r {
            Role::Clinician => "clinician",
            Role::Aesthetician => "aesthetician",
            Role::Admin => "admin",
        })
        .collect::<Vec<_>>()
        .join(" or ")
}
