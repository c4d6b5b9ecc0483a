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
    /// The key file beside an encrypted database could not be read or written; the
    /// database itself is unchanged.
    #[error("The database's key file could not be used: {0}")]
    Keys(String),
    /// An export file could not be written; nothing in the database changed.
    #[error("The export could not be written: {0}")]
    Export(String),
    /// Stored data that cannot be decoded: a sign of damage, never silently defaulted.
    #[error("Stored data could not be read: {0}")]
    CorruptData(String),
    /// The disk holding the database or the backup folder is full. The write was refused
    /// whole (its transaction rolled back, or its temporary file removed), so everything saved
    /// before is intact, and the same act succeeds once space is freed.
    #[error("The disk is full, so this was not saved. Nothing already saved is affected. Free some space, then try again.")]
    DiskFull {
        /// What the system reported, for the log (never patient data).
        detail: String,
    },
    /// A photo file could not be written or read (other than a full disk); nothing was saved.
    #[error("A photo file could not be saved or read, so nothing was saved. The details are in the log.")]
    Storage(String),
    /// SQLite failed (other than a full disk, which is [`Error::DiskFull`]).
    #[error("The database reported an error: {0}")]
    Database(rusqlite::Error),
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

/// Every `?` on a SQLite call lands here, so a full disk is recognised wherever it happens
/// (a statement, the commit, `VACUUM INTO`) without each caller checking for it. SQLite
/// reports `SQLITE_FULL` when a write gets "no space left on device"; other I/O failures keep
/// their own codes and stay [`Error::Database`].
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            Error::DiskFull {
                detail: e.to_string(),
            }
        } else {
            Error::Database(e)
        }
    }
}

/// A failed file operation, as `kind` (what was being done, `what`), except a full disk,
/// which gets its own error wherever it happens: freeing space is the user's remedy.
pub fn file_error(what: &str, e: std::io::Error, kind: fn(String) -> Error) -> Error {
    if is_disk_full(&e) {
        Error::DiskFull {
            detail: format!("{what}: {e}"),
        }
    } else {
        kind(format!("{what}: {e}"))
    }
}

/// True when a file operation failed because the disk is full: `io::ErrorKind::StorageFull`,
/// or the platform's own code where the standard library does not map it (`ENOSPC`; on
/// Windows `ERROR_HANDLE_DISK_FULL` or `ERROR_DISK_FULL`).
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    const CODES: &[i32] = &[28];
    #[cfg(windows)]
    const CODES: &[i32] = &[39, 112];
    #[cfg(not(any(unix, windows)))]
    const CODES: &[i32] = &[];
    e.kind() == std::io::ErrorKind::StorageFull
        || e.raw_os_error().is_some_and(|c| CODES.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn only_no_space_left_counts_as_a_full_disk() {
        // ENOSPC is 28 on Linux, macOS and the BSDs.
        assert!(is_disk_full(&std::io::Error::from_raw_os_error(28)));
        assert!(
            !is_disk_full(&std::io::Error::from_raw_os_error(13)),
            "EACCES"
        );
        assert!(!is_disk_full(&std::io::Error::other("no code")));
    }

    #[test]
    fn sqlite_full_becomes_disk_full_and_other_failures_stay_database() {
        let full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(13), None);
        assert!(matches!(Error::from(full), Error::DiskFull { .. }));
        let busy = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(5), None);
        assert!(matches!(Error::from(busy), Error::Database(_)));
    }
}
