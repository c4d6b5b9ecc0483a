//! The database handle. One connection behind a mutex; `read` runs a closure on it,
//! `write` runs a closure in a `BEGIN IMMEDIATE` transaction that commits on `Ok` and rolls
//! back on `Err`. Because the connection uses WAL with `synchronous=FULL`, a `write` that
//! returned `Ok` is on disk: only then may the UI say "saved".
//!
//! A second, read-only connection can be added if long reports ever block saves.

mod high_water;
mod instance;
mod key;
mod migrate;
mod open;
mod quarantine;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use uuid::Uuid;

pub use instance::instance_socket_path;
#[cfg(unix)]
pub use instance::{claim_instance, Claim, InstanceGuard};
pub(crate) use key::apply as apply_key;
pub use key::{encrypted_copy, DbKey};
pub use migrate::{Migration, LATEST_VERSION, MIGRATIONS};
pub use open::{check_key, precheck_encrypted, OpenError, APPLICATION_ID};
pub use quarantine::quarantine;
/// SQLite's result codes, for callers that branch on busy/locked.
pub use rusqlite::ErrorCode;

use crate::audit::{Actor, Change};
use crate::error::Result;

/// How to open a database, beyond its path.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Where the verified copy taken before a schema upgrade goes; `None`: the clinic's
    /// backup folder ([`crate::backup::dir_for`]).
    pub backup_dir: Option<PathBuf>,
    /// The key of an encrypted database (SQLCipher); `None` for a plaintext file. A new
    /// database is created encrypted with it.
    pub key: Option<DbKey>,
}

/// An open, checked and migrated Dermalog database.
pub struct Db {
    conn: Mutex<Connection>,
    path: PathBuf,
    workstation_id: Uuid,
    key: Option<DbKey>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .field("workstation_id", &self.workstation_id)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Opens the database at `path`, creating it when no file exists.
    ///
    /// An existing file is checked before anything is written: an empty file, a file that
    /// is not SQLite, a SQLite file of another application, a damaged file and a schema newer
    /// than this app are each refused with an [`OpenError`] and left untouched. An older schema
    /// is backed up (a verified backup in the clinic's backup folder) and then migrated, each
    /// step in its own transaction.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Db, OpenError> {
        Db::open_with(path, now, &OpenOptions::default())
    }

    /// As [`Db::open`], with `options`.
    pub fn open_with(
        path: &Path,
        now: DateTime<Utc>,
        options: &OpenOptions,
    ) -> Result<Db, OpenError> {
        let backup_dir = options
            .backup_dir
            .clone()
            .unwrap_or_else(|| crate::backup::dir_for(path));
        let key = options.key.as_ref();
        let (conn, workstation_id) = open::open(path, now, MIGRATIONS, &backup_dir, key)?;
        Ok(Db {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            workstation_id,
            key: options.key.clone(),
        })
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the file is encrypted (opened with a key).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The key the file was opened with: backups of it need the same key.
    pub fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// The id of this installation, stamped on every row it writes.
    pub fn workstation_id(&self) -> Uuid {
        self.workstation_id
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock dropped its transaction, which rolled back, so the
        // connection itself is still sound.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the connection, outside any write transaction.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.lock();
        f(&conn)
    }

    /// Runs `f` in one immediate transaction: committed (and durable) when `f` returns `Ok`,
    /// rolled back when it returns `Err`. Unaudited: only for migrations-like bulk work
    /// inside core; every use case goes through [`Db::write_audited`].
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in one immediate transaction and appends the one audit row describing it, by
    /// `by`, in the same transaction: both are committed, or neither. After the commit the
    /// head file beside the database is brought up to date.
    pub fn write_audited<T>(
        &self,
        by: &Actor,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Change)>,
    ) -> Result<T> {
        self.write_with_audit(Some(by.user_id), by.now, f)
    }

    /// As [`Db::write_audited`], for the few acts without a signed-in user (a failed sign-in
    /// under an unknown name, generated demo data).
    pub(crate) fn write_with_audit<T>(
        &self,
        user: Option<Uuid>,
        now: DateTime<Utc>,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Change)>,
    ) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, change) = f(&tx)?;
        let head = crate::audit::append(&tx, self.workstation_id, user, now, &change)?;
        tx.commit()?;
        // Still under the connection lock, so head files are written in commit order.
        if let Err(e) = crate::audit::head::write(&crate::audit::head::path_for(&self.path), &head)
        {
            // The commit stands (the UI may say saved); `verify` will report the stale file.
            // On a full disk this can repeat for many saves (a commit may reuse space inside
            // the -wal, the file needs a new block); the next write or open that can write it
            // brings it up to date, and the high-water check accepts a file behind.
            log::error!("audit head file not updated to row {}: {e}", head.seq);
        }
        Ok(value)
    }
}

/// Formats an instant the way every `*_at` column stores it: UTC, RFC 3339, microseconds.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Reads an `*_at` column back; anything unparseable is damage, not a default.
pub(crate) fn parse_ts(column: &str, s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| crate::Error::CorruptData(format!("{column} holds an invalid timestamp")))
}

/// Reads a `*_on` column back.
pub(crate) fn parse_date(column: &str, s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| crate::Error::CorruptData(format!("{column} holds an invalid date")))
}

/// Reads an id column back.
pub(crate) fn parse_id(column: &str, s: &str) -> Result<Uuid> {
    Uuid::parse_str(s)
        .map_err(|_| crate::Error::CorruptData(format!("{column} holds an invalid id")))
}
