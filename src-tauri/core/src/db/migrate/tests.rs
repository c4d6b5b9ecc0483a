//! Migration mechanics, with test-only migrations appended to the real list: an upgrade
//! takes a copy first and keeps data; a failing step rolls back to exactly the old schema.

use std::path::Path;

use chrono::{TimeZone, Utc};
use rusqlite::Connection;

use super::super::open;
use super::{Migration, MIGRATIONS};
use crate::db::OpenError;

pub(super) fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0)
        .single()
        .expect("valid time")
}

/// Opens with the backup folder `backups/` beside the file, as the app does by default.
pub(super) fn open(
    path: &Path,
    now: chrono::DateTime<Utc>,
    migrations: &[Migration],
) -> Result<(Connection, uuid::Uuid), OpenError> {
    open::open(
        path,
        now,
        migrations,
        &crate::backup::default_dir(path),
        None,
    )
}

fn with_extra(extra: Migration) -> Vec<Migration> {
    let mut all = MIGRATIONS.to_vec();
    all.push(extra);
    all
}

fn schema(path: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT name, ifnull(sql, '') FROM sqlite_master ORDER BY name")
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query");
    rows.collect::<Result<_, _>>().expect("rows")
}

fn add_patient(conn: &Connection) {
    conn.execute(
        "INSERT INTO patient (id, given_name, family_name, given_key, family_key, date_of_birth,
             sex_at_birth, created_at, updated_at, workstation_id)
         VALUES ('01900000-0000-7000-8000-000000000001', 'Ada', 'Lovelace', 'ada', 'lovelace',
             '1990-12-10', 'female', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
             (SELECT id FROM workstation WHERE is_local = 1))",
        [],
    )
    .expect("insert patient");
}

/// A patient with one session (an area and a product) in a version 1 schema: every
/// later migration has rows to carry over.
pub(super) fn add_v1_rows(conn: &Connection) {
    add_patient(conn);
    conn.execute_batch(
        "INSERT INTO session (id, patient_id, started_at, clinician_name, created_at, updated_at,
             workstation_id)
         VALUES ('01900000-0000-7000-8000-00000000000a', '01900000-0000-7000-8000-000000000001',
             '2026-01-05T09:00:00.000000Z', 'Dr. Okafor', '2026-01-05T09:00:00Z',
             '2026-01-05T09:00:00Z', (SELECT id FROM workstation WHERE is_local = 1));
         INSERT INTO treated_area (id, session_id, position, area_id, device_kind,
             needle_depth_um, passes, created_at, updated_at, workstation_id)
         VALUES ('01900000-0000-7000-8000-00000000000b', '01900000-0000-7000-8000-00000000000a',
             0, '00000000-0000-7000-8001-000000000004', 'derma_pen', 1250, 3,
             '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z',
             (SELECT id FROM workstation WHERE is_local = 1));
         UPDATE patient SET fitzpatrick = 5, fitzpatrick_assessed_on = '2025-12-01';
         INSERT INTO product_applied (id, session_id, position, name, role, created_at,
             updated_at, workstation_id)
         VALUES ('01900000-0000-7000-8000-00000000000c', '01900000-0000-7000-8000-00000000000a',
             0, 'Vitamin C Serum', 'serum', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z',
             (SELECT id FROM workstation WHERE is_local = 1));",
    )
    .expect("version 1 rows");
}

#[test]
fn upgrade_takes_a_copy_first_and_keeps_every_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let (conn, _) = open(&path, now(), MIGRATIONS).expect("create at current version");
    add_patient(&conn);
    drop(conn);

    let next = MIGRATIONS.len() as i64 + 1;
    let extra = Migration {
        version: next,
        file: "test_add_column.sql",
        sql: "ALTER TABLE patient ADD COLUMN preferred_name TEXT;",
    };
    let (conn, _) = open(&path, now(), &with_extra(extra)).expect("upgrade");
    let name: String = conn
        .query_row("SELECT family_name FROM patient", [], |r| r.get(0))
        .expect("patient survived the upgrade");
    assert_eq!(name, "Lovelace");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(version, next);

    let backups_dir = crate::backup::default_dir(&path);
    let copies = crate::backup::list(&backups_dir).expect("backups");
    assert_eq!(copies.len(), 1, "exactly one pre-upgrade backup");
    assert_eq!(copies[0].reason, crate::backup::BackupReason::Upgrade);
    crate::backup::check(&backups_dir, &copies[0], None).expect("the backup passes its check");
    let copy = Connection::open(backups_dir.join(&copies[0].file_name)).expect("open copy");
    let old_version: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(
        old_version,
        next - 1,
        "the copy is the database as it was before"
    );
    let n: i64 = copy
        .query_row("SELECT count(*) FROM patient", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 1);
}

#[test]
fn a_failing_migration_rolls_back_to_the_exact_old_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let (conn, _) = open(&path, now(), MIGRATIONS).expect("create");
    add_patient(&conn);
    drop(conn);
    let before = schema(&path);

    let broken = Migration {
        version: MIGRATIONS.len() as i64 + 1,
        file: "test_broken.sql",
        // The first statement succeeds, the second fails: the first must not survive.
        sql: "CREATE TABLE half_done (id TEXT) STRICT; ALTER TABLE no_such_table ADD COLUMN x;",
    };
    let err = open(&path, now(), &with_extra(broken)).expect_err("must fail");
    let OpenError::MigrationFailed {
        version, backup, ..
    } = err
    else {
        panic!("expected MigrationFailed, got {err:?}");
    };
    assert_eq!(version, MIGRATIONS.len() as i64 + 1);
    assert!(backup.exists(), "the pre-upgrade copy is kept and named");
    assert_eq!(
        schema(&path),
        before,
        "schema unchanged after the failed step"
    );

    let (conn, _) = open(&path, now(), MIGRATIONS).expect("still opens with the real list");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM patient", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 1, "data kept");
}

#[test]
fn every_migration_applies_in_order_to_an_empty_database() {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(
            m.version,
            i as i64 + 1,
            "versions are 1, 2, 3… with no gaps"
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fresh.sqlite3");
    let (conn, _) = open(&path, now(), MIGRATIONS).expect("create");
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk check");
    assert_eq!(fk_problems, 0, "seed rows satisfy every foreign key");
}

#[test]
fn upgrading_a_version_1_database_to_the_latest_keeps_its_sessions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    let (conn, _) = open(&path, now(), &MIGRATIONS[..1]).expect("a version 1 database");
    add_v1_rows(&conn);
    drop(conn);

    let (conn, _) = open(&path, now(), MIGRATIONS).expect("upgrade to the latest");
    let (depth, model): (i64, Option<String>) = conn
        .query_row(
            "SELECT needle_depth_um, device_model_id FROM treated_area",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the treated area survived");
    assert_eq!((depth, model), (1250, None), "old rows get no device model");
    let guidance: i64 = conn
        .query_row("SELECT count(*) FROM depth_guidance", [], |r| r.get(0))
        .expect("count");
    assert!(guidance > 0, "the new tables arrive seeded");
    let product: Option<String> = conn
        .query_row("SELECT product_id FROM product_applied", [], |r| r.get(0))
        .expect("product row");
    assert_eq!(
        product.as_deref(),
        Some("00000000-0000-7000-800a-000000000004"),
        "an old product row finds its catalogue entry by name"
    );
    let (fitz, id): (i64, String) = conn
        .query_row(
            "SELECT fitzpatrick, id FROM fitzpatrick_assessment",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the current type starts the Fitzpatrick history");
    assert_eq!(fitz, 5);
    let (count, last): (i64, Option<String>) = conn
        .query_row(
            "SELECT session_count, last_session_at FROM patient",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("patient summary");
    assert_eq!(
        (count, last.as_deref()),
        (1, Some("2026-01-05T09:00:00.000000Z")),
        "the summary columns are backfilled from existing sessions"
    );
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "backfilled ids are UUIDs: {id}"
    );
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk");
    assert_eq!(fk, 0);
}
