//! Exit codes and the one error type every subcommand returns. A script branches on the
//! code, never on the message; the message is a sentence for the person at the terminal and,
//! like the app's logs, never holds a patient's name or health data.

use dermalog_core::{Error, OpenError};

/// The process exit codes (see the crate documentation for the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done; for `verify`, nothing wrong.
    Ok = 0,
    /// `verify` found problems.
    Problems = 1,
    /// The command line was wrong (clap uses 2 for its own errors too).
    Usage = 2,
    /// The database was refused or is missing.
    Refused = 3,
    /// The app has the database open.
    AppOpen = 4,
    /// Sign-in failed, or the user may not do this.
    NotAllowed = 5,
    /// A backup or restore failed.
    BackupFailed = 6,
    /// Anything else.
    Other = 7,
}

impl Exit {
    /// The code handed to the operating system.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Why a subcommand stopped.
#[derive(Debug)]
pub struct Failure {
    /// How the process ends.
    pub exit: Exit,
    /// What to tell the user.
    pub message: String,
}

impl Failure {
    /// A failure ending with `exit`.
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }

    /// A core error, by what it means for the user: refused database, refused person, or
    /// otherwise `fallback` (a backup command's I/O trouble is a failed backup).
    pub fn core(e: Error, fallback: Exit) -> Self {
        let exit = match &e {
            Error::Open(_) => Exit::Refused,
            Error::Denied(_) | Error::Forbidden(_) | Error::TooManyAttempts { .. } => {
                Exit::NotAllowed
            }
            Error::Backup(_) | Error::DiskFull { .. } => Exit::BackupFailed,
            _ => fallback,
        };
        Failure::new(exit, e.to_string())
    }
}

impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Self {
        Failure::new(Exit::Refused, e.to_string())
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::core(e, Exit::Other)
    }
}

/// What a subcommand returns: the exit code it ends with, or why it stopped.
pub type Outcome = Result<Exit, Failure>;
