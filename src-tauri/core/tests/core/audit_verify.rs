//! `audit::verify` on real files: a chain of varied saves checks out; then, with the
//! append-only triggers dropped through a raw connection (what someone with the file could
//! do), every kind of change is found at the row where it was made: any column of a row,
//! a removed row, the newest rows cut off, the head file put back or removed.

use dermalog_core::audit::{self, canonical::canonical, head, AuditProblem, ProblemCode};
use dermalog_core::screening::ScreeningOverride;
use dermalog_core::{aftercare, patients, reference, sessions, Db};
use rusqlite::{params, Connection};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::fixtures::{add_patient, by, fresh, now, patient_input, session_input, TestDb};

const FILE: &str = "clinic.sqlite3";

/// A closed clinic database with a varied chain of `rows` audit rows; `middle` is an
/// override (every column filled in), with rows after it.
struct Built {
    dir: tempfile::TempDir,
    rows: i64,
    middle: i64,
}

fn build() -> Built {
    let t = fresh();
    let a = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = session_input(&t.db, a.id);
    sessions::save(&t.db, s.clone(), &by(now())).expect("session");
    let b = patients::save(&t.db, patient_input("Bea", "Byron"), &by(now())).expect("b");
    super::screening::record(&t, a.id, "pregnant", None, Some("2026-09-01"), None);
    s.overrides = vec![ScreeningOverride {
        rule_code: "pregnancy".into(),
        reason: "Obstetrician approved; neck only.".into(),
    }];
    sessions::save(&t.db, s.clone(), &by(now())).expect("override");
    aftercare::mark_given(&t.db, s.id, &by(now())).expect("given");
    let mut settings = reference::list(&t.db).expect("reference").settings;
    settings.idle_lock_minutes = 5;
    reference::save_settings(&t.db, settings, &by(now())).expect("settings");
    patients::set_archived(&t.db, b.id, true, &by(now())).expect("archive");
    let report = audit::verify(&t.db).expect("verify");
    assert!(report.ok, "an untouched chain verifies: {report:?}");
    let (rows, middle): (i64, i64) =
        t.db.read(|c| {
            Ok(c.query_row(
                "SELECT count(*), (SELECT seq FROM audit_event WHERE action = 'override')
             FROM audit_event",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("rows");
    assert_eq!(report.rows, rows as u64);
    assert!(
        1 < middle && middle < rows - 1,
        "the override is a middle row"
    );
    let TestDb { db, dir } = t;
    drop(db); // closed, so the file alone holds everything
    Built { dir, rows, middle }
}

/// A copy of the built clinic (database and head file), and a raw connection on it with the
/// append-only triggers dropped.
fn copy(b: &Built) -> (TestDb, Connection) {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        FILE.to_string(),
        format!("{FILE}-wal"),
        format!("{FILE}.audit-head"),
    ] {
        let from = b.dir.path().join(&name);
        if from.exists() {
            std::fs::copy(&from, dir.path().join(&name)).expect("copy");
        }
    }
    let db = Db::open(&dir.path().join(FILE), now()).expect("open copy");
    let raw = Connection::open(dir.path().join(FILE)).expect("raw");
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER audit_event_append_only_update;
         DROP TRIGGER audit_event_append_only_delete;",
    )
    .expect("drop the triggers");
    (TestDb { db, dir }, raw)
}

/// The earliest problem in chain order (a row moved to another chain is reported there too).
fn first_problem(t: &TestDb) -> AuditProblem {
    let report = audit::verify(&t.db).expect("verify");
    assert!(!report.ok, "the change is noticed");
    report
        .problems
        .into_iter()
        .min_by_key(|p| p.seq.unwrap_or(i64::MAX))
        .expect("a problem")
}

fn assert_found(t: &TestDb, what: &str, code: ProblemCode, seq: i64) {
    let p = first_problem(t);
    assert_eq!((p.code, p.seq), (code, Some(seq)), "{what}: {}", p.message);
}

/// `text` with one character changed (the first letter or digit moved on by one).
fn one_char(text: &str) -> String {
    let (i, c) = text
        .char_indices()
        .find(|(_, c)| c.is_ascii_alphanumeric())
        .expect("a letter or digit");
    let next = match c {
        '9' => '0',
        'z' => 'a',
        'Z' => 'A',
        c => char::from(c as u8 + 1),
    };
    format!("{}{next}{}", &text[..i], &text[i + 1..])
}

#[test]
fn changing_any_column_of_a_row_is_found_at_that_row() {
    let b = build();
    let m = b.middle;
    for column in [
        "workstation_id",
        "at",
        "user_id",
        "action",
        "entity",
        "entity_id",
        "patient_id",
        "reason",
        "prev_hash",
        "hash",
    ] {
        let (t, raw) = copy(&b);
        let sql = format!("SELECT {column} FROM audit_event WHERE seq = ?1");
        let old: String = raw
            .query_row(&sql, params![m], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{column} of the override row is set: {e}"));
        let sql = format!("UPDATE audit_event SET {column} = ?2 WHERE seq = ?1");
        assert_eq!(
            raw.execute(&sql, params![m, one_char(&old)]).expect(column),
            1
        );
        // A row moved to another chain starts that chain at the wrong number.
        let code = if column == "workstation_id" {
            ProblemCode::SequenceGap
        } else {
            ProblemCode::HashMismatch
        };
        assert_found(&t, column, code, m);
    }
    for column in ["old_value", "new_value"] {
        let (t, raw) = copy(&b);
        let sql = format!(
            "UPDATE audit_event SET {column} = replace({column}, '\"notes\":\"Tolerated well.\"',
                                                     '\"notes\":\"Tolerated well!\"')
             WHERE seq = ?1"
        );
        raw.execute(&sql, params![m]).expect(column);
        let text: String = raw
            .query_row(
                &format!("SELECT {column} FROM audit_event WHERE seq = ?1"),
                params![m],
                |r| r.get(0),
            )
            .expect("read");
        assert!(text.contains("Tolerated well!"), "{column} was changed");
        assert!(
            serde_json::from_str::<Value>(&text).is_ok(),
            "and is still JSON"
        );
        assert_found(&t, column, ProblemCode::HashMismatch, m);
    }
    // The row's number: the chain has a hole where it was, found at the next row.
    let (t, raw) = copy(&b);
    raw.execute(
        "UPDATE audit_event SET seq = seq + 1000 WHERE seq = ?1",
        params![m],
    )
    .expect("seq");
    assert_found(&t, "seq", ProblemCode::SequenceGap, m + 1);
}

/// The hash `verify` expects for a row as stored now.
fn recompute(raw: &Connection, seq: i64) -> String {
    raw.query_row(
        "SELECT workstation_id, seq, at, user_id, action, entity, entity_id, patient_id,
                old_value, new_value, reason, prev_hash FROM audit_event WHERE seq = ?1",
        params![seq],
        |r| {
            let value = |i: usize| -> rusqlite::Result<Value> {
                let text: Option<String> = r.get(i)?;
                Ok(text.map_or(Value::Null, |t| serde_json::from_str(&t).expect("json")))
            };
            let text = |i: usize| r.get::<_, Option<String>>(i);
            let doc = json!({
                "workstation_id": text(0)?, "seq": r.get::<_, i64>(1)?, "at": text(2)?,
                "user_id": text(3)?, "action": text(4)?, "entity": text(5)?,
                "entity_id": text(6)?, "patient_id": text(7)?, "old": value(8)?,
                "new": value(9)?, "reason": text(10)?, "prev_hash": text(11)?,
            });
            let digest = Sha256::digest(canonical(&doc).as_bytes());
            Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
        },
    )
    .expect("row")
}

#[test]
fn a_changed_row_with_a_recomputed_hash_breaks_the_link_to_the_next() {
    let b = build();
    let (t, raw) = copy(&b);
    let stored: String = raw
        .query_row(
            "SELECT hash FROM audit_event WHERE seq = ?1",
            [b.middle],
            |r| r.get(0),
        )
        .expect("hash");
    assert_eq!(
        recompute(&raw, b.middle),
        stored,
        "the test computes hashes as verify does"
    );
    raw.execute(
        "UPDATE audit_event SET reason = 'No reason needed.' WHERE seq = ?1",
        [b.middle],
    )
    .expect("forge");
    let forged = recompute(&raw, b.middle);
    raw.execute(
        "UPDATE audit_event SET hash = ?2 WHERE seq = ?1",
        params![b.middle, forged],
    )
    .expect("rehash");
    assert_found(&t, "forged row", ProblemCode::BrokenLink, b.middle + 1);
}

#[test]
fn removing_any_row_or_the_newest_rows_is_found() {
    let b = build();
    for (what, seq, code, at) in [
        ("first row", 1, ProblemCode::SequenceGap, 2),
        (
            "middle row",
            b.middle,
            ProblemCode::SequenceGap,
            b.middle + 1,
        ),
        ("last row", b.rows, ProblemCode::RowsMissing, b.rows),
    ] {
        let (t, raw) = copy(&b);
        let n = raw
            .execute("DELETE FROM audit_event WHERE seq = ?1", [seq])
            .expect(what);
        assert_eq!(n, 1);
        assert_found(&t, what, code, at);
    }
    let (t, raw) = copy(&b);
    let cut = 3;
    raw.execute("DELETE FROM audit_event WHERE seq > ?1", [b.rows - cut])
        .expect("truncate");
    assert_found(&t, "last rows", ProblemCode::RowsMissing, b.rows - cut + 1);
}

#[test]
fn an_older_or_missing_head_file_is_found() {
    let b = build();
    let (t, _raw) = copy(&b);
    let file = head::path_for(&t.dir.path().join(FILE));
    let older = std::fs::read(&file).expect("head file");
    add_patient(&t.db, "Cy", "Newer");
    assert!(audit::verify(&t.db).expect("verify").ok);
    std::fs::write(&file, &older).expect("put the older head back");
    assert_found(&t, "older head file", ProblemCode::HeadBehind, b.rows + 1);

    let (t, _raw) = copy(&b);
    std::fs::remove_file(head::path_for(&t.dir.path().join(FILE))).expect("remove head");
    assert_found(&t, "no head file", ProblemCode::HeadMissing, b.rows);
}

#[test]
fn stored_values_are_canonical_json_so_hashes_survive_a_round_trip() {
    let b = build();
    let (_t, raw) = copy(&b);
    let mut stmt = raw
        .prepare("SELECT old_value, new_value FROM audit_event")
        .expect("prepare");
    let values: Vec<(Option<String>, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for text in values.into_iter().flat_map(|(a, b)| [a, b]).flatten() {
        let parsed: Value = serde_json::from_str(&text).expect("json");
        let pretty = serde_json::to_string_pretty(&parsed).expect("pretty");
        let again: Value = serde_json::from_str(&pretty).expect("json again");
        assert_eq!(canonical(&again), text, "stored text is canonical");
    }
    for seq in 1..=b.rows {
        let stored: String = raw
            .query_row("SELECT hash FROM audit_event WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .expect("hash");
        assert_eq!(recompute(&raw, seq), stored, "row {seq}");
    }
}
