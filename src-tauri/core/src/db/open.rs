//! Opening a database file safely. Nothing here ever overwrites, truncates or recreates an
//! existing file: every check that can refuse a file runs before the first write, and a new
//! database is built under a temporary name and renamed into place only once complete, so a
//! crash during first start never leaves a half-made file that would later be refused.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use uuid::Uuid;

use super::key::{self, DbKey};
use super::migrate::{self, Migration};

/// `PRAGMA application_id` of a Dermalog database ('DRML'), so a foreign SQLite file is
/// recognised instead of being migrated into.
pub const APPLICATION_ID: i32 = 0x4452_4D4C;

/// Why a database file was refused. The file is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A 0-byte file: SQLite would happily treat it as a new empty database.
    #[error("The database file {path} is empty (0 bytes). A Dermalog database is never empty, so this file may have been truncated or replaced. It has not been changed. Restore it from a backup, or start Dermalog with another file.")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Not an SQLite file at all.
    #[error("The file {path} is not a Dermalog database (it is not an SQLite file). If it is an encrypted Dermalog database, the key file that belongs beside it ({path}.keys) is missing: put it back. The file has not been changed.")]
    NotADatabase {
        /// The file.
        path: PathBuf,
    },
    /// An SQLite file of another application.
    #[error("The file {path} is an SQLite database of another application, not Dermalog. It has not been changed.")]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// Written by a newer Dermalog.
    #[error("The database {path} was written by a newer version of Dermalog (schema {found}; this version knows up to {supported}). Install the newer version to open it. The file has not been changed.")]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// SQLite found damage.
    #[error("The database {path} is damaged ({detail}). It has not been changed. Restore it from a backup, or send a copy to support.")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
    /// A migration failed and was rolled back.
    #[error("Updating the database {path} to schema {version} failed ({detail}). The update was rolled back; a copy taken before it is at {backup}.")]
    MigrationFailed {
        /// The file.
        path: PathBuf,
        /// The migration that failed.
        version: i64,
        /// What went wrong.
        detail: String,
        /// The pre-upgrade copy.
        backup: PathBuf,
    },
    /// The database ends before the audit row recorded beside it: committed rows were lost
    /// (a deleted `-wal` file) or an older copy was put in its place.
    #[error("The database {path} is missing its newest records: its audit trail ends at row {found}, but row {expected} was recorded beside it when it was last written. Rows were lost (for example a deleted -wal file) or an older copy of the file was put back. It has not been changed. Restore the newest backup, or put the newest copy of the file back.")]
    RowsMissing {
        /// The file.
        path: PathBuf,
        /// The newest row recorded in the head file.
        expected: i64,
        /// The newest row in the database.
        found: i64,
    },
    /// The audit head file beside the database names a row the database holds differently,
    /// or belongs to another database.
    #[error("The database {path} does not match the audit record kept beside it ({detail}). It may have been replaced by another copy. It has not been changed. Restore the newest backup, or put the matching file back.")]
    AuditMismatch {
        /// The file.
        path: PathBuf,
        /// What differs.
        detail: String,
    },
    /// The key does not open the file: the key file beside it belongs to another
    /// database, or the database was replaced (also by an unencrypted copy).
    #[error("The database {path} cannot be opened with the key kept beside it ({detail}). The key file may belong to another database, or the database file was replaced. Nothing has been changed. Put back the database and key file that belong together, or restore a backup.")]
    WrongKey {
        /// The file.
        path: PathBuf,
        /// What did not fit.
        detail: String,
    },
    /// The file could not be read, created or locked.
    #[error("The database {path} could not be opened: {detail}")]
    Unavailable {
        /// The file.
        path: PathBuf,
        /// What the system reported.
        detail: String,
    },
}

impl OpenError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::Empty { .. } => "EmptyFile",
            OpenError::NotADatabase { .. } => "NotADatabase",
            OpenError::Foreign { .. } => "ForeignDatabase",
            OpenError::Newer { .. } => "NewerSchema",
            OpenError::Corrupt { .. } => "Corrupt",
            OpenError::MigrationFailed { .. } => "MigrationFailed",
            OpenError::RowsMissing { .. } => "RowsMissing",
            OpenError::AuditMismatch { .. } => "AuditMismatch",
            OpenError::WrongKey { .. } => "WrongKey",
            OpenError::Unavailable { .. } => "Unavailable",
        }
    }
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The schema version that brought the audit trail (and with it the high-water mark).
const AUDIT_VERSION: i64 = 10;

pub(super) fn open(
    path: &Path,
    now: DateTime<Utc>,
    migrations: &[Migration],
    backup_dir: &Path,
    key: Option<&DbKey>,
) -> Result<(Connection, Uuid), OpenError> {
    let unavailable = |e: &dyn std::fmt::Display| OpenError::Unavailable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    match fs::metadata(path) {
        Ok(_) => open_existing(path, now, migrations, backup_dir, key),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create(path, now, migrations, key)?;
            open_existing(path, now, migrations, backup_dir, key)
        }
        Err(e) => Err(unavailable(&e)),
    }
}

fn open_existing(
    path: &Path,
    now: DateTime<Utc>,
    migrations: &[Migration],
    backup_dir: &Path,
    key: Option<&DbKey>,
) -> Result<(Connection, Uuid), OpenError> {
    check_header(path, key.is_some())?;
    let corrupt_or_unavailable = |e: rusqlite::Error| classify(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt_or_unavailable)?;
    configure(&conn, key).map_err(corrupt_or_unavailable)?;
    if key.is_some() {
        check_key(&conn, path)?;
        // Each page read past SQLite's own cache is decrypted and its HMAC checked again,
        // which costs far more than the OS cache's copy: a cache that holds the indexes the
        // search and the history use (SQLite's default is 2 MB) keeps them decrypted. Set
        // once the key is known good: the pragma reads the file.
        conn.pragma_update(None, "cache_size", ENCRYPTED_CACHE_KIB)
            .map_err(corrupt_or_unavailable)?;
    }

    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(corrupt_or_unavailable)?;
    if app_id != APPLICATION_ID {
        return Err(OpenError::Foreign {
            path: path.to_path_buf(),
        });
    }
    let version = migrate::user_version(&conn).map_err(corrupt_or_unavailable)?;
    let supported = migrations.last().map_or(0, |m| m.version);
    if version > supported {
        return Err(OpenError::Newer {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(corrupt_or_unavailable)?;
    if check != "ok" {
        return Err(OpenError::Corrupt {
            path: path.to_path_buf(),
            detail: check,
        });
    }

    if version >= AUDIT_VERSION {
        super::high_water::check(&conn, path)?;
    }

    // Checks passed: from here on the file may be written.
    enable_wal(&conn).map_err(corrupt_or_unavailable)?;
    if version < supported {
        migrate::upgrade(&conn, path, version, now, migrations, backup_dir, key)?;
    }
    let workstation = migrate::local_workstation(&conn, now).map_err(corrupt_or_unavailable)?;
    Ok((conn, workstation))
}

/// The checks an encrypted file can get before its key is known (at start, before anyone
/// has signed in): not empty, readable, and not an unencrypted SQLite file.
pub fn precheck_encrypted(path: &Path) -> Result<(), OpenError> {
    check_header(path, true)
}

/// Reads page 1 through a connection that was given a key: a key that does not decrypt the
/// file fails here (`WrongKey`), before anything else is read or written.
pub fn check_key(conn: &Connection, path: &Path) -> Result<(), OpenError> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            Err(OpenError::WrongKey {
                path: path.to_path_buf(),
                detail: "the key does not decrypt it".into(),
            })
        }
        Err(e) => Err(classify(path, e)),
    }
}

/// Builds a new database beside `path` and renames it into place once complete.
fn create(
    path: &Path,
    now: DateTime<Utc>,
    migrations: &[Migration],
    key: Option<&DbKey>,
) -> Result<(), OpenError> {
    let fail = |e: &dyn std::fmt::Display| OpenError::Unavailable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".creating-{}", Uuid::now_v7()));
    let tmp = PathBuf::from(tmp);
    let built = (|| -> Result<(), OpenError> {
        let conn = Connection::open(&tmp).map_err(|e| fail(&e))?;
        configure(&conn, key).map_err(|e| fail(&e))?;
        migrate::apply(&conn, &tmp, 0, migrations)?;
        migrate::local_workstation(&conn, now).map_err(|e| fail(&e))?;
        // Closing a WAL database checkpoints it into the main file, so the rename below moves
        // everything.
        conn.close().map_err(|(_, e)| fail(&e))?;
        Ok(())
    })();
    if let Err(e) = built {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| fail(&e))?;
    // `hard_link` fails if `path` appeared meanwhile (another instance), so an existing file
    // is never replaced.
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(fail(&e)),
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Make the new directory entry durable too.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Reads the first 16 bytes. A plaintext database starts with SQLite's magic string; an
/// encrypted one with a random salt, so with a key only "plaintext" can be refused here.
fn check_header(path: &Path, encrypted: bool) -> Result<(), OpenError> {
    let mut file = fs::File::open(path).map_err(|e| OpenError::Unavailable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => {
                return Err(OpenError::Unavailable {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                })
            }
        }
    }
    match read {
        0 => Err(OpenError::Empty {
            path: path.to_path_buf(),
        }),
        16 if &header == SQLITE_HEADER && encrypted => Err(OpenError::WrongKey {
            path: path.to_path_buf(),
            detail: "the database is not encrypted, but a key was given for it".into(),
        }),
        16 if &header == SQLITE_HEADER => Ok(()),
        16 if encrypted => Ok(()),
        _ => Err(OpenError::NotADatabase {
            path: path.to_path_buf(),
        }),
    }
}

/// SQLite's page cache for an encrypted database, in KiB (as `PRAGMA cache_size`, negative).
const ENCRYPTED_CACHE_KIB: i64 = -262_144;

/// Settings every connection needs before any statement that reads rows; the key first.
fn configure(conn: &Connection, db_key: Option<&DbKey>) -> rusqlite::Result<()> {
    key::apply(conn, db_key)?;
    if db_key.is_some() {
        // Sorts and temporary tables stay in memory: nothing decrypted lands in a temp file.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
    }
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// WAL + `synchronous=FULL`: a committed transaction survives power loss. Changing the
/// journal mode writes to the file, so it runs only after the checks.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode stayed {mode}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

fn classify(path: &Path, e: rusqlite::Error) -> OpenError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        Some(ErrorCode::NotADatabase) => OpenError::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => OpenError::Unavailable {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    }
}
