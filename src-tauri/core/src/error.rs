//! Errors of the core. Callers branch on the variant, never on message text; messages are
//! plain sentences fit to show a clinician and never contain patient data.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::OpenError;

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem with one input field. `field` is the input's path as the UI names it:
/// `given_name`, `areas[1].needle_depth_mm`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldError {
    /// Path of the field in the input, e.g. `areas[0].passes`.
    pub field: String,
    /// What is wrong and what is expected, as a sentence.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What can go wrong in a core operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record asked for does not exist.
    #[error("That {entity} could not be found.")]
    NotFound {
        /// Kind of record ("patient", "session").
        entity: &'static str,
        /// Its id, for logs.
        id: String,
    },
    /// The input was refused; nothing was written.
    #[error("Some fields need attention.")]
    Invalid(Vec<FieldError>),
    /// The request clashes with what is stored (e.g. a session id reused for another patient).
    #[error("{0}")]
    Conflict(String),
    /// The record is signed and locked; corrections are addenda.
    #[error("This session is signed and can no longer be changed.")]
    Locked,
    /// The user may not do this, or the password was wrong. The message says which, without
    /// telling a stranger whether a user name exists.
    #[error("{0}")]
    Denied(String),
    /// The user's role does not allow this act.
    #[error("{0}")]
    Forbidden(String),
    /// Too many failed sign-ins: refused unchecked until the wait is over.
    #[error("Too many failed attempts. Try again in {} minute(s).", (.retry_after_seconds + 59) / 60)]
    TooManyAttempts {
        /// Seconds until another attempt is checked.
        retry_after_seconds: i64,
    },
    /// A backup could not be written, checked or read; the database itself is unchanged.
    #[error("Backup failed: {0}")]
    Backup(String),
    /// Stored data that cannot be decoded: a sign of damage, never silently defaulted.
    #[error("Stored data could not be read: {0}")]
    CorruptData(String),
    /// SQLite failed.
    #[error("The database reported an error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The database could not be opened.
    #[error(transparent)]
    Open(#[from] OpenError),
}

impl Error {
    /// A single-field validation error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }
}
