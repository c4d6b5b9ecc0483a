//! The chain head kept outside the database: a small JSON file beside it, rewritten
//! (temporary file, fsync, rename) after every audited commit. A database whose own head is
//! behind this file has lost rows, or is an older copy put back.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The newest row of one workstation's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The workstation whose chain this is.
    pub workstation_id: Uuid,
    /// Its newest sequence number.
    pub seq: i64,
    /// That row's hash.
    pub hash: String,
}

/// Where the head file of the database at `db` lives.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".audit-head");
    PathBuf::from(name)
}

/// Replaces the head file atomically and durably.
pub fn write(file: &Path, head: &Head) -> std::io::Result<()> {
    let text = serde_json::to_vec(head).map_err(std::io::Error::other)?;
    let mut tmp_name = file.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = PathBuf::from(tmp_name);
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&text)?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if let Err(e) = written {
        // Typically a full disk: the old head file stands, and no half-written one is left
        // beside it.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself must survive a power cut.
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Reads the head file: `Ok(None)` when there is none.
pub fn read(file: &Path) -> std::io::Result<Option<Head>> {
    match std::fs::read(file) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(std::io::Error::other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}
