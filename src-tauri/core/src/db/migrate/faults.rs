//! Migration faults: for every migration, a failure injected right after each of its
//! statements (the migration cut there, followed by a statement that fails) must leave the
//! schema and every row exactly as before, with the verified backup taken before the upgrade
//! in the backup folder. For the first migration, which builds a new file, the failure must
//! leave no file at all.
//!
//! The cut migrations run through the real upgrade path (backup, one transaction per step,
//! rollback), so nothing in production code knows about fault injection.

use std::fs;
use std::path::Path;

use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::super::open;
use super::tests::{add_v1_rows, now};
use super::{Migration, MIGRATIONS};
use crate::backup::{self, BackupReason};
use crate::db::OpenError;

/// Fails at prepare time, inside the migration's transaction.
const FAULT: &str = "INSERT INTO injected_fault_no_such_table VALUES (1);";

/// Migration `m`'s statements, as SQLite splits them (so a trigger body's inner `;` does
/// not split it): prepared one by one on a scratch database at the version before `m`,
/// each run before the next is prepared, as a later statement may name what an earlier one
/// creates.
fn statements(m: &Migration) -> Vec<String> {
    let conn = Connection::open_in_memory().expect("scratch");
    for earlier in &MIGRATIONS[..(m.version - 1) as usize] {
        conn.execute_batch(earlier.sql).expect("earlier migration");
    }
    let mut out = Vec::new();
    let mut batch = rusqlite::Batch::new(&conn, m.sql);
    while let Some(mut stmt) = batch.next().expect("statement prepares") {
        let text = stmt.expanded_sql().expect("statement text");
        out.push(text.trim().trim_end_matches(';').to_string());
        let mut rows = stmt.raw_query();
        while rows.next().expect("statement runs").is_some() {}
    }
    out
}

/// The migration list up to `m`, with `m` cut after statement `i` and then failing.
fn cut_after(m: &Migration, i: usize) -> Vec<Migration> {
    let stmts = statements(m);
    let sql = format!("{};\n{FAULT}", stmts[..=i].join(";\n"));
    let mut list = MIGRATIONS[..(m.version - 1) as usize].to_vec();
    list.push(Migration {
        version: m.version,
        file: m.file,
        sql: Box::leak(sql.into_boxed_str()),
    });
    list
}

/// Schema, version, application id and every row of every table, in a stable order.
fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let mut out = Vec::new();
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .pragma_query_value(None, pragma, |r| r.get(0))
            .expect("pragma");
        out.push(format!("{pragma}={v}"));
    }
    let mut stmt = conn
        .prepare("SELECT type, name, ifnull(sql, '') FROM sqlite_master ORDER BY type, name")
        .expect("schema");
    let objects: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for (kind, name, sql) in objects {
        out.push(format!("{kind} {name}: {sql}"));
        if kind != "table" {
            continue;
        }
        let mut rows_stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\""))
            .expect("select");
        let width = rows_stmt.column_count();
        let mut rows: Vec<String> = rows_stmt
            .query_map([], |r| {
                (0..width)
                    .map(|c| r.get::<_, Value>(c))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("rows")
            .map(|row| format!("{name} {:?}", row.expect("row")))
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn statements_are_split_where_sqlite_ends_them() {
    let m = &MIGRATIONS[MIGRATIONS.len() - 1];
    let stmts = statements(m);
    let trigger = stmts
        .iter()
        .find(|s| s.contains("CREATE TRIGGER"))
        .expect("the signing migration has triggers");
    assert!(
        trigger.trim_end().ends_with("END"),
        "a trigger is one statement, body included: {trigger}"
    );
    let normalise = |s: &str| s.split_whitespace().collect::<String>();
    assert!(
        normalise(m.sql).contains(&normalise(&stmts.join(";"))),
        "the statements are the migration's text, in order"
    );
}

#[test]
fn a_failure_after_any_statement_of_any_upgrade_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("template.sqlite3");
    let (conn, _) = super::tests::open(&template, now(), &MIGRATIONS[..1]).expect("version 1");
    add_v1_rows(&conn);
    drop(conn);

    let mut cases = 0;
    for m in &MIGRATIONS[1..] {
        let before = dump(&template);
        let count = statements(m).len();
        assert!(count > 0, "{} has statements", m.file);
        for i in 0..count {
            let case = dir.path().join(format!("v{}-{i}.sqlite3", m.version));
            let backups = dir.path().join(format!("v{}-{i}-backups", m.version));
            fs::copy(&template, &case).expect("copy");
            let err = open::open(&case, now(), &cut_after(m, i), &backups, None)
                .expect_err("the injected fault fails the upgrade");
            let OpenError::MigrationFailed {
                version, backup, ..
            } = err
            else {
                panic!("{} after statement {i}: {err:?}", m.file);
            };
            assert_eq!(version, m.version);
            assert_eq!(
                dump(&case),
                before,
                "{} failing after statement {i} left a trace",
                m.file
            );
            let taken = backup::list(&backups).expect("backups");
            assert_eq!(taken.len(), 1, "one backup before the upgrade");
            assert_eq!(taken[0].reason, BackupReason::Upgrade);
            assert_eq!(taken[0].schema_version, m.version - 1);
            assert_eq!(
                backup,
                backups.join(&taken[0].file_name),
                "the error names it"
            );
            backup::check(&backups, &taken[0], None).expect("the backup passes its check");
            assert_eq!(
                dump(&backup),
                before,
                "the backup is the database as it was"
            );
            fs::remove_file(&case).expect("rm");
            fs::remove_dir_all(&backups).expect("rm");
            cases += 1;
        }
        // The real migration, so the next one starts from its true predecessor.
        let (conn, _) = super::tests::open(&template, now(), &MIGRATIONS[..m.version as usize])
            .expect("the real migration applies");
        drop(conn);
    }
    println!("migration faults: {cases} injected, every one left schema and data unchanged");
}

#[test]
fn a_failure_while_building_a_new_database_leaves_no_file() {
    let first = &MIGRATIONS[0];
    for i in 0..statements(first).len() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("new.sqlite3");
        let err = open::open(
            &path,
            now(),
            &cut_after(first, i),
            &dir.path().join("b"),
            None,
        )
        .expect_err("the injected fault fails");
        assert!(
            matches!(err, OpenError::MigrationFailed { version: 1, .. }),
            "{err:?}"
        );
        let left: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(left.is_empty(), "after statement {i}: {left:?} left behind");
    }
}
