//! Putting a backup back: checked first, the current database (with its `-wal`, `-shm` and
//! audit head) moved aside under a dated name, never overwritten; the backup copied in
//! under a temporary name, synced and renamed into place, and the audit head rewritten from
//! its manifest so the restored file passes the high-water check. The caller has closed
//! the database.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{check, BackupInfo};
use crate::audit::head::{self, Head};
use crate::error::{Error, Result};

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Restores `info` from `dir` over the (closed) database at `db_path`; returns where the
/// database that was there now lies. `key` opens an encrypted backup; the database's key
/// file stays (the key never changes), and is taken from beside the backup only when the
/// database has none.
pub fn restore(
    dir: &Path,
    info: &BackupInfo,
    db_path: &Path,
    now: DateTime<Utc>,
    key: Option<&crate::db::DbKey>,
) -> Result<PathBuf> {
    check(dir, info, key)?;
    let fail = super::create::io;
    let aside = with_suffix(
        db_path,
        &format!(".before-restore-{}", now.format("%Y%m%dT%H%M%SZ")),
    );
    // The companions first, the database last: until the database itself moves, nothing is
    // lost if a step fails (a -wal without its database is never read).
    let companions = ["-wal", "-shm"];
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut move_aside = |from: PathBuf, to: PathBuf| -> Result<()> {
        match fs::rename(&from, &to) {
            Ok(()) => {
                moved.push((from, to));
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(fail("the current database cannot be moved aside", e)),
        }
    };
    let result = (|| -> Result<()> {
        for c in companions {
            move_aside(with_suffix(db_path, c), with_suffix(&aside, c))?;
        }
        move_aside(head::path_for(db_path), head::path_for(&aside))?;
        move_aside(db_path.to_path_buf(), aside.clone())?;
        Ok(())
    })();
    let put_back = |moved: &[(PathBuf, PathBuf)]| {
        for (from, to) in moved.iter().rev() {
            let _ = fs::rename(to, from);
        }
    };
    if let Err(e) = result {
        put_back(&moved);
        return Err(e);
    }
    let keys_beside = crate::keys::path_for(db_path);
    if info.encrypted && !keys_beside.exists() {
        let from = crate::keys::path_for(&dir.join(&info.file_name));
        let copied =
            fs::copy(&from, &keys_beside).and_then(|_| File::open(&keys_beside)?.sync_all());
        if let Err(e) = copied {
            let _ = fs::remove_file(&keys_beside);
            put_back(&moved);
            return Err(fail("the backup's key file cannot be copied into place", e));
        }
    }
    // The backup's photos first: copying only adds files, so a failure here changes nothing.
    let photos_in = crate::photos::mirror(
        &dir.join(super::create::PHOTO_STORE),
        &crate::photos::dir_for(db_path),
    );
    if let Err(e) = photos_in {
        put_back(&moved);
        return Err(fail("the backup's photos cannot be copied into place", e));
    }
    let incoming = with_suffix(db_path, ".restoring");
    let copied = (|| -> std::io::Result<()> {
        fs::copy(dir.join(&info.file_name), &incoming)?;
        File::open(&incoming)?.sync_all()?;
        fs::rename(&incoming, db_path)?;
        if let Some(parent) = db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
            File::open(parent)?.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(&incoming);
        // Nothing restored: the moved database and its companions go back where they were.
        put_back(&moved);
        return Err(fail("the backup cannot be copied into place", e));
    }
    if info.audit_seq > 0 {
        let workstation = uuid::Uuid::parse_str(&info.audit_workstation)
            .map_err(|_| Error::Backup("the manifest's workstation id is invalid".into()))?;
        head::write(
            &head::path_for(db_path),
            &Head {
                workstation_id: workstation,
                seq: info.audit_seq,
                hash: info.audit_hash.clone(),
            },
        )
        .map_err(|e| fail("the audit head cannot be written", e))?;
    }
    Ok(aside)
}

/// Records in the restored database that `by` restored `info`, and why: the one audit row
/// every front end (Backups page, recovery page, command line) writes for a restore.
pub fn record_restore(
    db: &crate::Db,
    by: &crate::audit::Actor,
    info: &BackupInfo,
    reason: String,
) -> Result<()> {
    crate::accounts::record(
        db,
        by,
        crate::audit::Change::new(
            crate::audit::Action::BackupRestored,
            "backup",
            &info.file_name,
        )
        .new_value(info)
        .reason(reason),
    )
}
