//! Schema migrations: plain SQL files in the repository's `migrations/` folder, embedded in
//! the binary in an explicit ordered list. Released files are never edited; a change is a
//! new file. Each migration runs in its own transaction together with the bump of
//! `PRAGMA user_version`, so a failed step leaves the schema exactly as it was; before an
//! existing database is upgraded, a verified backup of it is written into the backup folder
//! (see `backup`), and no upgrade starts without one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::open::{OpenError, APPLICATION_ID};
use super::ts;

/// One numbered migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The schema version this migration produces (1, 2, …).
    pub version: i64,
    /// Its file name in `migrations/`.
    pub file: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Every migration, oldest first. A test checks this list against the folder.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        file: "0001_init.sql",
        sql: include_str!("../../../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        file: "0002_depth_guidance.sql",
        sql: include_str!("../../../../migrations/0002_depth_guidance.sql"),
    },
    Migration {
        version: 3,
        file: "0003_screening.sql",
        sql: include_str!("../../../../migrations/0003_screening.sql"),
    },
    Migration {
        version: 4,
        file: "0004_aftercare.sql",
        sql: include_str!("../../../../migrations/0004_aftercare.sql"),
    },
    Migration {
        version: 5,
        file: "0005_courses.sql",
        sql: include_str!("../../../../migrations/0005_courses.sql"),
    },
    Migration {
        version: 6,
        file: "0006_search_indexes.sql",
        sql: include_str!("../../../../migrations/0006_search_indexes.sql"),
    },
    Migration {
        version: 7,
        file: "0007_patient_session_summary.sql",
        sql: include_str!("../../../../migrations/0007_patient_session_summary.sql"),
    },
    Migration {
        version: 8,
        file: "0008_review_reports.sql",
        sql: include_str!("../../../../migrations/0008_review_reports.sql"),
    },
    Migration {
        version: 9,
        file: "0009_course_progress.sql",
        sql: include_str!("../../../../migrations/0009_course_progress.sql"),
    },
    Migration {
        version: 10,
        file: "0010_accounts_audit.sql",
        sql: include_str!("../../../../migrations/0010_accounts_audit.sql"),
    },
    Migration {
        version: 11,
        file: "0011_signing.sql",
        sql: include_str!("../../../../migrations/0011_signing.sql"),
    },
    Migration {
        version: 12,
        file: "0012_import.sql",
        sql: include_str!("../../../../migrations/0012_import.sql"),
    },
    Migration {
        version: 13,
        file: "0013_photos.sql",
        sql: include_str!("../../../../migrations/0013_photos.sql"),
    },
    Migration {
        version: 14,
        file: "0014_consent.sql",
        sql: include_str!("../../../../migrations/0014_consent.sql"),
    },
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Backs the database up into `backup_dir`, then applies every migration after `from`.
pub(super) fn upgrade(
    conn: &Connection,
    path: &Path,
    from: i64,
    now: DateTime<Utc>,
    migrations: &[Migration],
    backup_dir: &Path,
    key: Option<&super::DbKey>,
) -> Result<(), OpenError> {
    let to = migrations.last().map_or(from, |m| m.version);
    let workstation: String = conn
        .query_row("SELECT id FROM workstation WHERE is_local = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .ok()
        .flatten()
        .unwrap_or_default();
    let info = crate::backup::create_from(
        path,
        key,
        &workstation,
        backup_dir,
        crate::backup::BackupReason::Upgrade,
        now,
    )
    .map_err(|e| OpenError::Unavailable {
        path: path.to_path_buf(),
        detail: format!(
            "the backup before updating it to schema {to} could not be made ({e}), so it was not updated"
        ),
    })?;
    let backup = backup_dir.join(&info.file_name);
    log::info!(
        "database backed up to {} before upgrade {from} -> {to}",
        backup.display()
    );
    apply(conn, path, from, migrations).map_err(|e| match e {
        OpenError::MigrationFailed {
            path,
            version,
            detail,
            ..
        } => OpenError::MigrationFailed {
            path,
            version,
            detail,
            backup,
        },
        other => other,
    })
}

/// Applies each migration newer than `from`, each in one transaction.
pub(super) fn apply(
    conn: &Connection,
    path: &Path,
    from: i64,
    migrations: &[Migration],
) -> Result<(), OpenError> {
    for m in migrations.iter().filter(|m| m.version > from) {
        let fail = |e: rusqlite::Error| OpenError::MigrationFailed {
            path: path.to_path_buf(),
            version: m.version,
            detail: e.to_string(),
            backup: PathBuf::new(),
        };
        // Migration files hold no BEGIN/COMMIT of their own: the step and its version bump
        // commit together or not at all.
        conn.execute_batch("BEGIN IMMEDIATE").map_err(fail)?;
        let step = (|| {
            conn.execute_batch(m.sql)?;
            if m.version == 1 {
                conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            }
            conn.pragma_update(None, "user_version", m.version)?;
            conn.execute_batch("COMMIT")
        })();
        if let Err(e) = step {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(fail(e));
        }
        log::info!("database migrated to schema {} ({})", m.version, m.file);
    }
    Ok(())
}

/// The id of this installation: read from the one `is_local` row, created on first open.
pub(super) fn local_workstation(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Uuid> {
    let existing: Option<String> = conn
        .query_row("SELECT id FROM workstation WHERE is_local = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(id) = existing {
        return Uuid::parse_str(&id).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        });
    }
    let id = Uuid::now_v7();
    let label = std::env::var("HOSTNAME").unwrap_or_else(|_| "this workstation".into());
    let mut stmt = conn.prepare(
        "INSERT INTO workstation (id, label, is_local, created_at) VALUES (?1, ?2, 1, ?3)",
    )?;
    stmt.execute(params![id.to_string(), label, ts(now)])?;
    Ok(id)
}

#[cfg(test)]
mod faults;
#[cfg(test)]
mod tests;
