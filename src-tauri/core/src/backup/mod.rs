//! Verified backups: a consistent copy of the live database (`VACUUM INTO` on a separate
//! read connection, so saves carry on meanwhile; the online backup API restarts under
//! concurrent writes), checked and made durable before it counts.
//!
//! Invariants:
//! - a backup is written to a temporary name, opened and checked (`integrity_check`, our
//!   `application_id`, a schema this app knows), fsynced and only then renamed into place;
//!   a partial or failed one is never promoted and is removed;
//! - each backup has a manifest beside it (JSON: time, reason, counts, schema, the audit
//!   chain's head) written the same way, after the backup itself;
//! - a restore checks the backup first and moves the current database aside, never over it;
//! - retention keeps the newest backup of each of the last 7 days, 4 weeks and 12 months,
//!   every copy taken before a schema upgrade for 12 months, and never the newest backup.

mod create;
mod folder;
mod restore;
mod retention;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use create::create_from;
pub use create::{check, create, default_dir, list};
pub use folder::{choose_dir, chosen_dir, dir_for};
pub use restore::{record_restore, restore};
pub use retention::{keep, prune};

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// An admin asked.
    Manual,
    /// The app was closing.
    Quit,
    /// Every 4 hours of use.
    Scheduled,
    /// Just before the database's schema was upgraded.
    Upgrade,
}

impl BackupReason {
    fn code(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Quit => "quit",
            BackupReason::Scheduled => "scheduled",
            BackupReason::Upgrade => "upgrade",
        }
    }
}

/// A backup, as its manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// The backup file's name in the backup folder.
    pub file_name: String,
    /// When it was taken (UTC).
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Why.
    pub reason: BackupReason,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Patients in it.
    #[ts(type = "number")]
    pub patients: i64,
    /// Sessions in it.
    #[ts(type = "number")]
    pub sessions: i64,
    /// Its schema version.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// The workstation whose audit chain head is recorded.
    pub audit_workstation: String,
    /// That chain's newest row in the backup (0: none).
    #[ts(type = "number")]
    pub audit_seq: i64,
    /// That row's hash.
    pub audit_hash: String,
    /// How long taking and checking it took, ms.
    #[ts(type = "number")]
    pub millis: u64,
    /// Encrypted with the database's key; its key file is beside it (`<file>.keys`).
    /// Manifests written before encryption existed lack it: false.
    #[serde(default)]
    pub encrypted: bool,
}
