//! One app per database file. Two processes writing one database would each keep their own
//! audit head beside it and each think itself the only writer; a second launch on the same
//! file instead asks the first to come to the front, and exits.
//!
//! The first instance listens on a Unix socket named after the database's full path, in the
//! user's runtime folder; a later one connects, writes `focus`, and leaves. A socket left by
//! a crashed instance refuses connections and is replaced. Other databases (another clinic's
//! file, the test suite's many temporary ones) have their own socket and run side by side.
//! On platforms without Unix sockets every launch runs.

use std::path::{Path, PathBuf};

/// What a launch is.
pub enum Launch {
    /// The first on this database: keep the guard for as long as the app runs.
    First(Guard),
    /// Another instance has the database and was asked to come to the front.
    Second,
}

/// Holds the database's socket (where there is one); removes it when dropped.
pub struct Guard {
    #[cfg(unix)]
    _held: dermalog_core::db::InstanceGuard,
}

/// The socket for `db_path` (see `dermalog_core::db::instance_socket_path`).
pub fn socket_path(db_path: &Path) -> PathBuf {
    dermalog_core::db::instance_socket_path(db_path)
}

/// Claims `db_path` for this process. `on_focus` runs (on a listener thread) each time a
/// later launch asks this one to come to the front.
#[cfg(unix)]
pub fn claim(db_path: &Path, on_focus: impl Fn() + Send + 'static) -> std::io::Result<Launch> {
    use dermalog_core::db::{claim_instance, Claim};
    use std::io::{Read, Write};

    let held = match claim_instance(db_path)? {
        Claim::Answered(mut first) => {
            first.write_all(b"focus\n")?;
            return Ok(Launch::Second);
        }
        Claim::Held(held) => held,
    };
    let listener = held.listener().try_clone()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut word = [0u8; 5];
            let mut stream = stream;
            if stream.read_exact(&mut word).is_ok() && &word == b"focus" {
                on_focus();
            }
        }
    });
    Ok(Launch::First(Guard { _held: held }))
}

/// Claims `db_path` for this process (no single-instance check on this platform).
#[cfg(not(unix))]
pub fn claim(_db_path: &Path, _on_focus: impl Fn() + Send + 'static) -> std::io::Result<Launch> {
    Ok(Launch::First(Guard {}))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_claim_on_one_database_focuses_the_first_and_others_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("clinic.sqlite3");
        let (tx, rx) = mpsc::channel();
        let Launch::First(guard) = claim(&db, move || tx.send(()).expect("send")).expect("claim")
        else {
            panic!("the first launch must run");
        };
        assert!(matches!(claim(&db, || {}).expect("claim"), Launch::Second));
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the first instance was asked to come to the front");

        let other = dir.path().join("other.sqlite3");
        let Launch::First(_other_guard) = claim(&other, || {}).expect("claim") else {
            panic!("another database runs beside it");
        };

        // The same file named another way is the same database.
        let roundabout = dir.path().join(".").join("clinic.sqlite3");
        assert!(matches!(
            claim(&roundabout, || {}).expect("claim"),
            Launch::Second
        ));

        drop(guard);
        assert!(
            matches!(claim(&db, || {}).expect("claim"), Launch::First(_)),
            "after the first closes, a launch runs"
        );
    }

    #[test]
    fn a_socket_left_by_a_crashed_instance_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("clinic.sqlite3");
        let socket = socket_path(&db);
        // A bound-then-dropped listener leaves its file with no one listening.
        drop(std::os::unix::net::UnixListener::bind(&socket).expect("bind"));
        assert!(socket.exists());
        assert!(matches!(
            claim(&db, || {}).expect("claim"),
            Launch::First(_)
        ));
    }
}
