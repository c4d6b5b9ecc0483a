//! Export files written so that a crash, a full disk or a failed write leaves the old file or
//! the new one under the chosen name, never half of one.
//!
//! Invariant: the content goes to `.<name>.partial` beside the target, is synced, then renamed
//! over the target; on any failure the partial file is removed and the target is untouched.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{file_error, Error, Result};

/// Streams `write` into `path` as above; returns what `write` returns. File errors are
/// [`Error::Export`] (or [`Error::DiskFull`]).
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(path.file_name().unwrap_or_default());
    temp_name.push(".partial");
    let temp = dir.join(temp_name);
    let io = |e| file_error("the export file", e, Error::Export);
    let result = (|| {
        let mut w = BufWriter::new(File::create(&temp).map_err(io)?);
        let value = write(&mut w)?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        fs::rename(&temp, path).map_err(io)?;
        // The new name should survive a power cut too; the file itself already would.
        let _ = sync_dir(&dir);
        Ok(value)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Makes the names in `dir` durable. Only unix can open a folder to sync it; elsewhere a
/// rename is as durable as the file system makes it.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
