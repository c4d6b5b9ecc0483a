//! Quarantine: a copy of a refused database file, with its `-wal`, `-shm` and audit head,
//! taken at start before anyone tries to recover. Whatever is done next (a restore moves the
//! file aside, a technician experiments on it), the file exactly as it was found is kept in
//! `quarantine/<time>/` beside it for support or forensic recovery. Copies, never moves:
//! the original stays where it was, untouched.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::OpenError;

impl OpenError {
    /// Whether the file itself is suspect (damaged, foreign, emptied, rolled back) and so
    /// worth keeping as found. A newer schema is a good file for a newer app; an unavailable
    /// file could not be read; a failed migration was rolled back and backed up.
    pub fn quarantines(&self) -> bool {
        matches!(
            self,
            OpenError::Empty { .. }
                | OpenError::NotADatabase { .. }
                | OpenError::Foreign { .. }
                | OpenError::Corrupt { .. }
                | OpenError::RowsMissing { .. }
                | OpenError::AuditMismatch { .. }
        )
    }
}

/// Copies the database at `path` and whichever of its companion files exist into a new
/// folder `quarantine/<time>/` beside it, each copy synced; returns the folder.
pub fn quarantine(path: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let parent = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent
        .join("quarantine")
        .join(now.format("%Y%m%dT%H%M%S%6fZ").to_string());
    fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    for suffix in ["", "-wal", "-shm", ".audit-head", ".keys"] {
        let mut from = path.as_os_str().to_owned();
        from.push(suffix);
        let from = PathBuf::from(from);
        if !from.exists() {
            continue;
        }
        let mut to_name = name.clone();
        to_name.push(suffix);
        let to = dir.join(to_name);
        fs::copy(&from, &to)?;
        fs::File::open(&to)?.sync_all()?;
    }
    fs::File::open(&dir)?.sync_all()?;
    Ok(dir)
}
