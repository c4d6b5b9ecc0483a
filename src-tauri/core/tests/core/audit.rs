//! Every core mutation writes exactly one audit row, in its own transaction, naming the
//! action, the record, its patient and the user; a refused save writes none. The raw
//! database refuses to change or remove audit rows.

use std::fmt::Debug;

use dermalog_core::audit::{self, Action, AuditEvent, AuditQuery};
use dermalog_core::courses::{self, CourseInput};
use dermalog_core::medical::{self, HistoryEntryInput};
use dermalog_core::screening::ScreeningOverride;
use dermalog_core::{aftercare, patients, sessions, Result};
use serde_json::Value;
use uuid::Uuid;

use super::fixtures::{
    add_patient, by, fresh, now, patient_input, reference, session_input, TestDb, USER_ID,
};

pub(super) fn rows(t: &TestDb) -> i64 {
    t.db.read(|c| Ok(c.query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))?))
        .expect("count audit rows")
}

/// The newest audit row (every act here is at `now()`, so the newest is the last appended).
fn newest(t: &TestDb) -> AuditEvent {
    let q = AuditQuery {
        limit: 1,
        ..AuditQuery::default()
    };
    audit::list(&t.db, &q).expect("audit rows").remove(0)
}

fn json(text: &Option<String>) -> Option<Value> {
    text.as_deref()
        .map(|t| serde_json::from_str(t).expect("audit values are JSON"))
}

/// Runs `f`, which must succeed and append exactly one audit row: `action` on `entity`
/// (with `id`), for `patient`, by the test user. Returns the value and the row.
pub(super) fn one<T: Debug>(
    t: &TestDb,
    (action, entity, id): (Action, &str, Option<Uuid>),
    patient: Option<Uuid>,
    f: impl FnOnce() -> Result<T>,
) -> (T, AuditEvent) {
    let before = rows(t);
    let value = f().unwrap_or_else(|e| panic!("{action:?} {entity}: {e:?}"));
    assert_eq!(
        rows(t),
        before + 1,
        "{action:?} {entity} adds one audit row"
    );
    let e = newest(t);
    assert_eq!(
        (e.action, e.entity.as_str(), e.patient_id, e.user_id),
        (action, entity, patient, Some(USER_ID)),
        "the audit row of {action:?} {entity}"
    );
    if let Some(id) = id {
        assert_eq!(e.entity_id, Some(id.to_string()), "{entity} id");
        let new = json(&e.new_value).expect("the new value is kept");
        assert_eq!(
            new["id"],
            Value::String(id.to_string()),
            "{entity} new value"
        );
    }
    (value, e)
}

/// Runs `f`, which must be refused without adding an audit row.
pub(super) fn refused<T: Debug>(t: &TestDb, what: &str, f: impl FnOnce() -> Result<T>) {
    let before = rows(t);
    let r = f();
    assert!(r.is_err(), "{what} is refused, got {r:?}");
    assert_eq!(rows(t), before, "a refused {what} writes no audit row");
}

#[test]
fn patient_records_write_one_row_each_with_the_patient_and_user() {
    let t = fresh();
    let input = patient_input("Ada", "Lovelace");
    let id = input.id;
    let p = Some(id);
    let (_, e) = one(&t, (Action::Create, "patient", p), p, || {
        patients::save(&t.db, input.clone(), &by(now()))
    });
    assert_eq!(e.old_value, None, "a create has no value before");
    let mut renamed = input.clone();
    renamed.family_name = "King".into();
    let (_, e) = one(&t, (Action::Update, "patient", p), p, || {
        patients::save(&t.db, renamed.clone(), &by(now()))
    });
    let old = json(&e.old_value).expect("an update keeps the value before");
    assert_eq!(old["family_name"], "Lovelace");
    assert_eq!(json(&e.new_value).expect("after")["family_name"], "King");
    one(&t, (Action::Archive, "patient", p), p, || {
        patients::set_archived(&t.db, id, true, &by(now()))
    });
    one(&t, (Action::Restore, "patient", p), p, || {
        patients::set_archived(&t.db, id, false, &by(now()))
    });

    let mut bad = patient_input("Bea", "Bad");
    bad.date_of_birth = "not a date".into();
    refused(&t, "invalid patient", || {
        patients::save(&t.db, bad, &by(now()))
    });
    let mut clash = patient_input("Cy", "Clash");
    clash.mrn = Some("MRN-1".into());
    one(
        &t,
        (Action::Create, "patient", Some(clash.id)),
        Some(clash.id),
        || patients::save(&t.db, clash.clone(), &by(now())),
    );
    let mut again = patient_input("Di", "Clash");
    again.mrn = Some("mrn-1".into());
    refused(
        &t,
        "duplicate record number (checked in the transaction)",
        || patients::save(&t.db, again, &by(now())),
    );
    refused(&t, "archive of an unknown patient", || {
        patients::set_archived(&t.db, Uuid::now_v7(), true, &by(now()))
    });
}

#[test]
fn sessions_history_courses_and_aftercare_write_one_row_each() {
    let t = fresh();
    let pat = add_patient(&t.db, "Grace", "Hopper");
    let p = Some(pat.id);
    let s = session_input(&t.db, pat.id);
    let sid = Some(s.id);
    one(&t, (Action::Create, "session", sid), p, || {
        sessions::save(&t.db, s.clone(), &by(now()))
    });
    let mut edited = s.clone();
    edited.notes = "Tolerated well; mild erythema.".into();
    let (_, e) = one(&t, (Action::Update, "session", sid), p, || {
        sessions::save(&t.db, edited.clone(), &by(now()))
    });
    assert_eq!(
        json(&e.old_value).expect("before")["notes"],
        "Tolerated well."
    );
    one(&t, (Action::Update, "session", sid), p, || {
        aftercare::mark_given(&t.db, s.id, &by(now()))
    });
    refused(&t, "mark given of an unknown session", || {
        aftercare::mark_given(&t.db, Uuid::now_v7(), &by(now()))
    });
    let mut bad = session_input(&t.db, pat.id);
    bad.areas[0].needle_depth_mm = Some(9.0);
    refused(&t, "invalid session", || {
        sessions::save(&t.db, bad, &by(now()))
    });

    let r = reference(&t.db);
    let term = r
        .history_terms
        .iter()
        .find(|x| x.code == "rosacea")
        .expect("term");
    let entry = HistoryEntryInput {
        id: Uuid::now_v7(),
        patient_id: pat.id,
        term_id: Some(term.id),
        area_id: None,
        started_on: Some("2025-01-01".into()),
        ended_on: None,
        note: String::new(),
        archived: false,
    };
    let eid = Some(entry.id);
    one(&t, (Action::Create, "history_entry", eid), p, || {
        medical::save_entry(&t.db, entry.clone(), &by(now()))
    });
    let mut in_error = entry.clone();
    in_error.archived = true;
    one(&t, (Action::Update, "history_entry", eid), p, || {
        medical::save_entry(&t.db, in_error.clone(), &by(now()))
    });
    let mut no_term = entry.clone();
    no_term.id = Uuid::now_v7();
    no_term.term_id = None;
    refused(&t, "history entry without a term", || {
        medical::save_entry(&t.db, no_term, &by(now()))
    });

    let course = CourseInput {
        id: Uuid::now_v7(),
        patient_id: pat.id,
        protocol_id: None,
        name: "Acne scars".into(),
        indication: None,
        target_sessions: 6,
        interval_days: 35,
        started_on: "2026-11-01".into(),
        stopped_on: None,
        note: String::new(),
    };
    let cid = Some(course.id);
    one(&t, (Action::Create, "course", cid), p, || {
        courses::save_course(&t.db, course.clone(), &by(now()))
    });
    let mut stopped = course.clone();
    stopped.stopped_on = Some("2026-11-10".into());
    one(&t, (Action::Update, "course", cid), p, || {
        courses::save_course(&t.db, stopped.clone(), &by(now()))
    });
    let other = add_patient(&t.db, "Other", "Patient");
    let mut moved = course;
    moved.patient_id = other.id;
    refused(&t, "course moved to another patient", || {
        courses::save_course(&t.db, moved, &by(now()))
    });

    patients::set_archived(&t.db, pat.id, true, &by(now())).expect("archive");
    refused(&t, "session for an archived patient", || {
        sessions::save(&t.db, session_input(&t.db, pat.id), &by(now()))
    });
}

#[test]
fn passing_a_block_is_an_override_with_its_reason_once() {
    let t = fresh();
    let pat = add_patient(&t.db, "Grace", "Hopper");
    let p = Some(pat.id);
    super::screening::record(&t, pat.id, "pregnant", None, Some("2026-09-01"), None);
    let mut s = session_input(&t.db, pat.id);
    refused(&t, "blocked session without a reason", || {
        sessions::save(&t.db, s.clone(), &by(now()))
    });
    let reason = "Patient's obstetrician approved; neck only, 0.5 mm.";
    s.overrides = vec![ScreeningOverride {
        rule_code: "pregnancy".into(),
        reason: reason.into(),
    }];
    let sid = Some(s.id);
    let (_, e) = one(&t, (Action::Override, "session", sid), p, || {
        sessions::save(&t.db, s.clone(), &by(now()))
    });
    assert_eq!(e.reason.as_deref(), Some(reason));
    assert_eq!(e.old_value, None, "the override created the session");

    let (_, e) = one(&t, (Action::Update, "session", sid), p, || {
        sessions::save(&t.db, s.clone(), &by(now()))
    });
    assert_eq!(
        e.reason, None,
        "the same reason again is not a new override"
    );

    let better = "Obstetrician's letter on file; neck only at 0.5 mm.";
    s.overrides[0].reason = better.into();
    let (_, e) = one(&t, (Action::Override, "session", sid), p, || {
        sessions::save(&t.db, s.clone(), &by(now()))
    });
    assert_eq!(
        e.reason.as_deref(),
        Some(better),
        "a new reason is a new override"
    );

    // A reason sent for a rule that does not fire overrides nothing.
    let calm = add_patient(&t.db, "Calm", "Patient");
    let mut plain = session_input(&t.db, calm.id);
    plain.overrides = s.overrides.clone();
    one(
        &t,
        (Action::Create, "session", Some(plain.id)),
        Some(calm.id),
        || sessions::save(&t.db, plain.clone(), &by(now())),
    );
}

#[test]
fn audit_rows_cannot_be_changed_or_removed_through_sql() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    let raw = t.raw();
    for sql in [
        "UPDATE audit_event SET reason = 'tampered' WHERE seq = 1",
        "UPDATE audit_event SET hash = hash",
        "DELETE FROM audit_event WHERE seq = 2",
        "DELETE FROM audit_event",
    ] {
        let e = raw.execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(rows(&t), 2, "set-up and the patient, untouched");
    let report = audit::verify(&t.db).expect("verify");
    assert!(report.ok, "{report:?}");
}
