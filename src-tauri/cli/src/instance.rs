//! Is the app running on this database? The app listens on a Unix socket named after the
//! database (`dermalog_core::db::instance_socket_path`); a connection that succeeds means it
//! is up. The tool connects and closes without a word: the app only acts on `focus`, so
//! checking never brings its window forward.
//!
//! A restore also holds that socket for as long as it runs, so an app started meanwhile
//! finds "another instance" and leaves instead of opening, or creating, a database that is
//! half moved aside.

use std::path::Path;

use dermalog_core::db::instance_socket_path;

use crate::exit::{Exit, Failure};

const APP_OPEN: &str = "Dermalog is open on this database; close it first";

/// True when an app answers on `db`'s socket.
#[cfg(unix)]
pub fn app_has_open(db: &Path) -> bool {
    std::os::unix::net::UnixStream::connect(instance_socket_path(db)).is_ok()
}

/// No single-instance socket on this platform: the app cannot be seen.
#[cfg(not(unix))]
pub fn app_has_open(_db: &Path) -> bool {
    false
}

/// Refuses (exit 4) when the app has `db` open.
pub fn refuse_if_app_open(db: &Path) -> Result<(), Failure> {
    if app_has_open(db) {
        return Err(Failure::new(Exit::AppOpen, APP_OPEN));
    }
    Ok(())
}

/// The database's socket, held by this process; removed when dropped.
pub struct Claim {
    #[cfg(unix)]
    _held: dermalog_core::db::InstanceGuard,
}

/// Takes `db`'s socket for this process: exit 4 when the app has it. `None` when the socket
/// cannot be made here (a warning is printed).
#[cfg(unix)]
pub fn claim(db: &Path) -> Result<Option<Claim>, Failure> {
    use dermalog_core::db::{claim_instance, Claim as Found};

    // Connecting and closing without a word: the app only acts on `focus`.
    match claim_instance(db) {
        Ok(Found::Held(held)) => Ok(Some(Claim { _held: held })),
        Ok(Found::Answered(_)) => Err(Failure::new(Exit::AppOpen, APP_OPEN)),
        Err(e) => {
            eprintln!("dermalog-cli: warning: the app's socket cannot be taken ({e})");
            refuse_if_app_open(db)?;
            Ok(None)
        }
    }
}

/// No single-instance socket on this platform.
#[cfg(not(unix))]
pub fn claim(db: &Path) -> Result<Option<Claim>, Failure> {
    refuse_if_app_open(db)?;
    Ok(None)
}
