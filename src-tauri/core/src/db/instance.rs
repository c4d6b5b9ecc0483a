//! Where the running app announces that it has a database open. The desktop app listens on
//! a Unix socket named after the database's full path (see the shell's `single` module);
//! other programs on the same file, such as the command-line tool, find it here and refuse
//! to restore over a database the app is using. Shared by both so they can never disagree
//! about the name.

use std::path::{Path, PathBuf};

/// The socket for the database at `db_path`: `dermalog-<hash of the full path>.sock` in
/// `$XDG_RUNTIME_DIR` (private to the user), else the temporary folder. The folder holding
/// the database is made canonical first, so one file named two ways (`./a/db`, `a/db`, a
/// symlinked folder) is one database.
pub fn instance_socket_path(db_path: &Path) -> PathBuf {
    let full = db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .and_then(|d| std::fs::canonicalize(d).ok())
        .map_or_else(
            || db_path.to_path_buf(),
            |d| d.join(db_path.file_name().unwrap_or_default()),
        );
    let hash = crate::audit::canonical::sha256_hex(&serde_json::Value::String(
        full.to_string_lossy().into_owned(),
    ));
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(format!("dermalog-{}.sock", &hash[..24]))
}

/// What claiming a database's socket found.
#[cfg(unix)]
pub enum Claim {
    /// This process now holds the socket; it is removed when the guard drops.
    Held(InstanceGuard),
    /// A running process answers on it; the connection is open for a word to it.
    Answered(std::os::unix::net::UnixStream),
}

/// The socket held by this process. Dropping it removes the socket file.
#[cfg(unix)]
pub struct InstanceGuard {
    path: PathBuf,
    listener: std::os::unix::net::UnixListener,
}

#[cfg(unix)]
impl InstanceGuard {
    /// The listening socket (for a process that answers later launches).
    pub fn listener(&self) -> &std::os::unix::net::UnixListener {
        &self.listener
    }
}

#[cfg(unix)]
impl Drop for InstanceGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Takes `db_path`'s socket for this process, unless a running process answers on it. A
/// socket file no one answers on was left by a process that did not close cleanly and is
/// replaced. Two processes racing for a fresh socket: one binds, the other connects to it.
#[cfg(unix)]
pub fn claim_instance(db_path: &Path) -> std::io::Result<Claim> {
    use std::io::ErrorKind;
    use std::os::unix::net::{UnixListener, UnixStream};

    let path = instance_socket_path(db_path);
    let listener = match UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) if e.kind() == ErrorKind::AddrInUse => match UnixStream::connect(&path) {
            Ok(running) => return Ok(Claim::Answered(running)),
            Err(_) => {
                std::fs::remove_file(&path)?;
                UnixListener::bind(&path)?
            }
        },
        Err(e) => return Err(e),
    };
    Ok(Claim::Held(InstanceGuard { path, listener }))
}
