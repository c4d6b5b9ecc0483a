//! Accounts on a real database: first-run set-up once only, sign-in failures that say
//! nothing about which part was wrong and are audited and rate-limited, the clinic never
//! left without an active admin, and the checks on names and passwords.

use chrono::{DateTime, Duration, Utc};
use dermalog_core::accounts::{self, Role, UserInput, FAILURE_WINDOW_MINUTES, MAX_FAILURES};
use dermalog_core::audit::{self, Action, Actor, AuditQuery};
use dermalog_core::{patients, Error};
use uuid::Uuid;

use super::audit::rows;
use super::fixtures::{
    by, fresh, invalid_fields, now, patient_input, setup, TestDb, PASSWORD, USER_ID,
};

fn later(minutes: i64) -> DateTime<Utc> {
    now() + Duration::minutes(minutes)
}

fn user(username: &str, roles: Vec<Role>) -> UserInput {
    UserInput {
        id: Uuid::now_v7(),
        username: username.into(),
        display_name: format!("User {username}"),
        signature_name: format!("User {username}"),
        registration: String::new(),
        roles,
        active: true,
        password: Some("a long enough password".into()),
    }
}

/// The audit rows of `action`, newest first, as (user id, entity id).
fn audited(t: &TestDb, action: Action) -> Vec<(Option<Uuid>, Option<String>)> {
    let q = AuditQuery {
        action: Some(action),
        ..AuditQuery::default()
    };
    audit::list(&t.db, &q)
        .expect("audit")
        .into_iter()
        .map(|e| (e.user_id, e.entity_id))
        .collect()
}

#[test]
fn the_clinic_is_set_up_once() {
    let t = fresh();
    assert!(!accounts::needs_setup(&t.db).expect("needs setup"));
    let before = rows(&t);
    let mut again = setup();
    again.admin.id = Uuid::now_v7();
    again.admin.username = "intruder".into();
    let r = accounts::set_up(&t.db, again, later(1));
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    assert_eq!(rows(&t), before, "a refused set-up writes nothing");
    assert_eq!(accounts::list(&t.db).expect("users").len(), 1);
}

#[test]
fn a_wrong_password_and_an_unknown_name_are_refused_alike_and_audited() {
    let t = fresh();
    let wrong = accounts::sign_in(&t.db, "tester", "not the password", later(1))
        .expect_err("wrong password");
    let unknown = accounts::sign_in(&t.db, "nobody", PASSWORD, later(1)).expect_err("unknown name");
    let (Error::Denied(a), Error::Denied(b)) = (&wrong, &unknown) else {
        panic!("both are Denied: {wrong:?} / {unknown:?}");
    };
    assert_eq!(a, b, "the message does not tell which part was wrong");
    assert_eq!(
        audited(&t, Action::SignInFailed),
        [(None, None), (Some(USER_ID), Some(USER_ID.to_string()))],
        "an unknown name is audited without a user"
    );
    let me = accounts::sign_in(&t.db, "TESTER", PASSWORD, later(2)).expect("case-insensitive");
    assert_eq!(me.id, USER_ID);
    assert_eq!(audited(&t, Action::SignIn).len(), 1);
}

#[test]
fn too_many_failures_refuse_even_the_right_password_until_the_window_passes() {
    let t = fresh();
    let at = later(1);
    for i in 0..MAX_FAILURES {
        let r = accounts::sign_in(&t.db, "tester", "guess", at);
        assert!(matches!(r, Err(Error::Denied(_))), "failure {i}: {r:?}");
    }
    let r = accounts::sign_in(&t.db, "tester", PASSWORD, at);
    assert!(
        matches!(r, Err(Error::TooManyAttempts { retry_after_seconds }) if retry_after_seconds > 0),
        "{r:?}"
    );
    assert_eq!(audited(&t, Action::SignInRefused).len(), 1);
    assert_eq!(audited(&t, Action::SignIn).len(), 0, "refused unchecked");

    let after = at + Duration::minutes(FAILURE_WINDOW_MINUTES + 1);
    let me = accounts::sign_in(&t.db, "tester", PASSWORD, after).expect("the window passed");
    assert_eq!(me.id, USER_ID);
}

#[test]
fn the_last_active_admin_keeps_the_role_and_stays_active() {
    let t = fresh();
    let me = accounts::get(&t.db, USER_ID).expect("me");
    let mut demoted = UserInput {
        id: me.id,
        username: me.username.clone(),
        display_name: me.display_name.clone(),
        signature_name: me.signature_name.clone(),
        registration: me.registration.clone(),
        roles: vec![Role::Clinician],
        active: true,
        password: None,
    };
    let before = rows(&t);
    let r = accounts::save_user(&t.db, &by(later(1)), demoted.clone());
    assert!(matches!(r, Err(Error::Conflict(_))), "losing admin: {r:?}");
    let mut gone = demoted.clone();
    gone.roles = me.roles.clone();
    gone.active = false;
    let r = accounts::save_user(&t.db, &by(later(1)), gone);
    assert!(matches!(r, Err(Error::Conflict(_))), "deactivated: {r:?}");
    assert_eq!(rows(&t), before, "refusals write nothing");

    let other = user("second.admin", vec![Role::Admin]);
    accounts::save_user(&t.db, &by(later(2)), other).expect("a second admin");
    demoted.roles = vec![Role::Clinician, Role::Aesthetician];
    let saved = accounts::save_user(&t.db, &by(later(3)), demoted).expect("now allowed");
    assert!(!saved.has(Role::Admin));
}

#[test]
fn user_names_are_unique_ignoring_case_and_passwords_long_enough() {
    let t = fresh();
    assert_eq!(
        invalid_fields(accounts::save_user(
            &t.db,
            &by(later(1)),
            user("TESTER", vec![Role::Clinician])
        )),
        ["username"]
    );
    let mut short = user("nurse", vec![Role::Aesthetician]);
    short.password = Some("short".into());
    assert_eq!(
        invalid_fields(accounts::save_user(&t.db, &by(later(1)), short)),
        ["password"]
    );
    let r = accounts::change_own_password(&t.db, &by(later(2)), "not it", "a new long password");
    assert_eq!(invalid_fields(r), ["current_password"]);
    accounts::change_own_password(&t.db, &by(later(3)), PASSWORD, "a new long password")
        .expect("change");
    assert!(accounts::sign_in(&t.db, "tester", PASSWORD, later(4)).is_err());
    accounts::sign_in(&t.db, "tester", "a new long password", later(5)).expect("new password");
}

#[test]
fn a_deactivated_user_can_no_longer_write() {
    let t = fresh();
    let mut off = user("nurse", vec![Role::Aesthetician]);
    let id = off.id;
    accounts::save_user(&t.db, &by(later(1)), off.clone()).expect("add");
    off.active = false;
    off.password = None;
    accounts::save_user(&t.db, &by(later(2)), off).expect("deactivate");
    let before = rows(&t);
    let r = patients::save(
        &t.db,
        patient_input("Ada", "Lovelace"),
        &Actor::new(id, later(3)),
    );
    assert!(matches!(r, Err(Error::Denied(_))), "{r:?}");
    assert_eq!(rows(&t), before);
    assert!(patients::list(&t.db, &Default::default())
        .expect("list")
        .is_empty());
}
