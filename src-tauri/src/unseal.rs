//! Opening an encrypted database: at the first sign-in of a run the user's password
//! unwraps the database key from their slot in the key file (or the clinic's recovery key
//! does), and the store opens and checks the file with it. The key then stays in memory
//! for the run, so later sign-ins (switching users) are checked against the accounts alone.
//!
//! Failures before the database is open cannot be audited in it, so they are limited here,
//! in memory, with the same limit as sign-in ([`MAX_FAILURES`] in
//! [`FAILURE_WINDOW_MINUTES`]) per user name; the recovery restore uses the same counter
//! under its own name.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use dermalog_core::accounts::{FAILURE_WINDOW_MINUTES, MAX_FAILURES};
use dermalog_core::keys::{self, RecoveryKey};
use dermalog_core::Error;

use crate::error::ApiError;
use crate::state::Store;

/// Failed attempts that could not be audited, per name, kept in memory.
#[derive(Default)]
pub struct Attempts(Mutex<HashMap<String, Vec<DateTime<Utc>>>>);

impl Attempts {
    /// `TooManyAttempts` when `name`'s recent failures reached the limit.
    pub fn check(&self, name: &str, now: DateTime<Utc>) -> Result<(), Error> {
        let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let failures = all.entry(name.to_lowercase()).or_default();
        failures.retain(|t| now - *t < window);
        if failures.len() >= MAX_FAILURES {
            return Err(Error::TooManyAttempts {
                retry_after_seconds: (failures[0] + window - now).num_seconds().max(1),
            });
        }
        Ok(())
    }

    /// Counts a failure for `name`.
    pub fn failed(&self, name: &str, now: DateTime<Utc>) {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        all.entry(name.to_lowercase()).or_default().push(now);
    }
}

/// Opens the sealed database with `username`'s password.
pub fn with_password(
    store: &Store,
    attempts: &Attempts,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let name = format!("unlock:{}", dermalog_core::text::clean(username));
    attempts.check(&name, now)?;
    match keys::unlock(&store.path(), username, password) {
        Ok(key) => store.unseal(key, now).map(|_| ()),
        Err(e) => {
            if matches!(e, Error::Denied(_)) {
                attempts.failed(&name, now);
                log::warn!("database key not unwrapped: wrong name or password");
            }
            Err(e.into())
        }
    }
}

/// Opens the sealed database with the clinic's recovery key.
pub fn with_recovery_key(
    store: &Store,
    attempts: &Attempts,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    attempts.check("recovery-key", now)?;
    match keys::unlock_with_recovery(&store.path(), typed) {
        Ok(key) => {
            log::warn!("database opened with the recovery key");
            store.unseal(key, now).map(|_| ())
        }
        Err(e) => {
            if matches!(e, Error::Invalid(_)) {
                attempts.failed("recovery-key", now);
            }
            Err(e.into())
        }
    }
}

/// A recovery key made at set-up (or on request), held until the admin's screen has shown
/// it once.
#[derive(Default)]
pub struct RecoveryKeyToShow(Mutex<Option<RecoveryKey>>);

impl RecoveryKeyToShow {
    /// Keeps `key` to show.
    pub fn put(&self, key: RecoveryKey) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(key);
    }

    /// The key, once; `None` afterwards.
    pub fn take(&self) -> Option<RecoveryKey> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}
