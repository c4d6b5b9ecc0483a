//! Which folder backups go to. The admin's choice (say, an external drive) is kept in a
//! small file beside the database, `<db>.backup-folder`, not inside it: the folder must be
//! known when the database itself cannot be opened (to offer its newest backup) and before
//! it is upgraded (the backup taken first goes there). Absent file: `backups/` beside the
//! database.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::default_dir;
use crate::error::{Error, Result};

fn setting_path(db_path: &Path) -> PathBuf {
    let mut p = db_path.as_os_str().to_owned();
    p.push(".backup-folder");
    PathBuf::from(p)
}

/// The folder chosen for `db_path`'s backups, if one was chosen.
pub fn chosen_dir(db_path: &Path) -> Option<PathBuf> {
    let text = fs::read_to_string(setting_path(db_path)).ok()?;
    let dir = text.trim_end_matches(['\n', '\r']);
    (!dir.is_empty()).then(|| PathBuf::from(dir))
}

/// Where `db_path`'s backups go: the chosen folder, else the default beside it.
pub fn dir_for(db_path: &Path) -> PathBuf {
    chosen_dir(db_path).unwrap_or_else(|| default_dir(db_path))
}

/// Makes `dir` the backup folder of `db_path` (`None`: back to the default), after checking
/// that a file can be written and made durable there. The choice is written to a temporary
/// name and renamed, so it is either the old or the new one.
pub fn choose_dir(db_path: &Path, dir: Option<&Path>) -> Result<PathBuf> {
    let setting = setting_path(db_path);
    let Some(dir) = dir else {
        match fs::remove_file(&setting) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::Backup(format!("the choice cannot be removed: {e}"))),
        }
        return Ok(default_dir(db_path));
    };
    if !dir.is_absolute() {
        return Err(Error::invalid(
            "folder",
            "Choose a full folder path (starting from the drive or /).",
        ));
    }
    check_writable(dir)?;
    let mut tmp = setting.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let written = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(dir.as_os_str().to_string_lossy().as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, &setting)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(Error::Backup(format!("the choice cannot be saved: {e}")));
    }
    Ok(dir.to_path_buf())
}

/// Creates `dir` if needed and writes, syncs and removes a probe file in it.
fn check_writable(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::Backup(format!(
            "backups cannot be written to {}: {e}",
            dir.display()
        ))
    };
    fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(format!(".dermalog-probe-{}", uuid::Uuid::now_v7()));
    let result = File::create(&probe).and_then(|mut f| {
        f.write_all(b"dermalog")?;
        f.sync_all()
    });
    let _ = fs::remove_file(&probe);
    result.map_err(fail)
}
