//! The error every command returns: `{ code, message, fields }`. The UI branches on `code`
//! and shows `message`; `fields` carries field-level problems for the form. Internal
//! failures are logged in full here (ids and SQLite codes, never patient data) and reach
//! the UI as a plain sentence.

use dermalog_core::{Error, FieldError};
use serde::Serialize;
use ts_rs::TS;

/// What kind of failure, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ApiErrorCode {
    /// The record does not exist.
    NotFound,
    /// Field-level problems; see `fields`. Nothing was written.
    Invalid,
    /// Clashes with what is stored.
    Conflict,
    /// The record is signed and locked.
    Locked,
    /// The request itself was malformed (wrong types): a bug in the caller.
    BadRequest,
    /// The database is not open (see the start-up status).
    DatabaseUnavailable,
    /// The database is busy with another write; try again.
    Busy,
    /// A file the user asked for (an export) could not be written; nothing else changed.
    WriteFailed,
    /// No one is signed in.
    NotSignedIn,
    /// The app is locked (idle or on request): the password is needed again.
    AppLocked,
    /// The signed-in user's role does not allow this.
    Forbidden,
    /// The user name or password is wrong, or the account is not active.
    SignInFailed,
    /// Too many failed sign-ins: wait before trying again.
    TooManyAttempts,
    /// The disk is full: nothing was saved; free space and try again.
    DiskFull,
    /// Anything else; details are in the log.
    Internal,
}

/// A command's failure, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    /// What kind of failure.
    pub code: ApiErrorCode,
    /// A sentence to show.
    pub message: String,
    /// Field-level problems (only for `Invalid`).
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// An error without field details.
    pub fn new(code: ApiErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::NotFound { entity, ref id } => {
                log::info!("{entity} {id} not found");
                ApiError::new(ApiErrorCode::NotFound, e.to_string())
            }
            Error::Invalid(fields) => ApiError {
                code: ApiErrorCode::Invalid,
                message: Error::Invalid(Vec::new()).to_string(),
                fields,
            },
            Error::Conflict(m) => ApiError::new(ApiErrorCode::Conflict, m),
            Error::Locked => ApiError::new(ApiErrorCode::Locked, e.to_string()),
            Error::Denied(m) => ApiError::new(ApiErrorCode::SignInFailed, m),
            Error::Forbidden(m) => ApiError::new(ApiErrorCode::Forbidden, m),
            Error::Keys(ref m) => {
                log::error!("key file: {m}");
                ApiError::new(ApiErrorCode::WriteFailed, e.to_string())
            }
            Error::Export(ref m) => {
                log::error!("export failed: {m}");
                ApiError::new(ApiErrorCode::WriteFailed, e.to_string())
            }
            Error::Storage(ref m) => {
                log::error!("photo storage failed: {m}");
                ApiError::new(ApiErrorCode::WriteFailed, e.to_string())
            }
            Error::Backup(ref m) => {
                log::error!("backup failed: {m}");
                ApiError::new(ApiErrorCode::WriteFailed, e.to_string())
            }
            Error::DiskFull { ref detail } => {
                log::error!("disk full: {detail}");
                ApiError::new(ApiErrorCode::DiskFull, e.to_string())
            }
            Error::TooManyAttempts { .. } => {
                ApiError::new(ApiErrorCode::TooManyAttempts, e.to_string())
            }
            Error::Database(ref db)
                if db.sqlite_error_code() == Some(rusqlite_code::DatabaseBusy)
                    || db.sqlite_error_code() == Some(rusqlite_code::DatabaseLocked) =>
            {
                log::warn!("database busy: {db}");
                ApiError::new(
                    ApiErrorCode::Busy,
                    "The database is busy. Nothing was saved; please try again.",
                )
            }
            Error::Open(ref open) => {
                log::error!("database unavailable: {}", open.code());
                ApiError::new(ApiErrorCode::DatabaseUnavailable, e.to_string())
            }
            Error::Database(_) | Error::CorruptData(_) => {
                log::error!("internal error: {e}");
                ApiError::new(
                    ApiErrorCode::Internal,
                    "Something went wrong inside Dermalog. Nothing was saved. The details are in the log.",
                )
            }
        }
    }
}

/// SQLite result codes, re-exported through core's rusqlite so the shell needs no second copy.
mod rusqlite_code {
    pub use dermalog_core::db::ErrorCode::{DatabaseBusy, DatabaseLocked};
}
