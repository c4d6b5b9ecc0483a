//! Signing in and re-entering a password (unlock, signing), with failures rate-limited
//! and audited; and [`record`] for audited acts that change nothing else.

use chrono::{DateTime, Duration, Utc};
use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde_json::json;
use uuid::Uuid;

use super::store::{row, COLUMNS};
use super::{password, User};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};

/// Failed attempts allowed in [`FAILURE_WINDOW_MINUTES`] before a name is refused unchecked.
pub const MAX_FAILURES: usize = 5;
/// The window failures are counted in, and how long a refusal lasts.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

const WRONG: &str = "That user name and password do not match an active account.";

/// Checks `username` and `password`. A failure is audited and counts towards the limit; past
/// the limit the attempt is refused without checking (and audited as refused).
pub fn sign_in(db: &Db, username: &str, password: &str, now: DateTime<Utc>) -> Result<User> {
    let name = crate::text::clean(username);
    let user = with_hash(db, "username", &name)?;
    let account = user.as_ref().map(|(u, _)| u);
    if let Some(wait) = wait_after_failures(db, &name, now)? {
        audit_failure(db, account, &name, now, Action::SignInRefused)?;
        return Err(Error::TooManyAttempts {
            retry_after_seconds: wait,
        });
    }
    let ok = match &user {
        Some((u, hash)) => password::matches(password, hash)? && u.active,
        None => {
            password::waste_one_check(password);
            false
        }
    };
    match user {
        Some((u, _)) if ok => {
            db.write_audited(&Actor::new(u.id, now), |_| {
                Ok(((), Change::new(Action::SignIn, "user", u.id)))
            })?;
            // The sign-in stands even if the slot cannot be written; it is tried again at
            // the next one.
            match crate::keys::add_own_slot(db, &u, password) {
                Ok(true) => log::info!("key slot added for user {}", u.id),
                Ok(false) => {}
                Err(e) => log::error!("key slot for user {} not added: {e}", u.id),
            }
            Ok(u)
        }
        _ => {
            let account = user.as_ref().map(|(u, _)| u);
            audit_failure(db, account, &name, now, Action::SignInFailed)?;
            Err(Error::Denied(WRONG.into()))
        }
    }
}

/// Re-checks the password of a signed-in user (unlock, signing). A wrong password is
/// audited as a failed sign-in and counts towards the same limit.
pub fn check_password(db: &Db, user_id: Uuid, password: &str, now: DateTime<Utc>) -> Result<bool> {
    let (user, hash) =
        with_hash(db, "id", &user_id.to_string())?.ok_or_else(|| Error::NotFound {
            entity: "user",
            id: user_id.to_string(),
        })?;
    if let Some(wait) = wait_after_failures(db, &user.username, now)? {
        audit_failure(db, Some(&user), &user.username, now, Action::SignInRefused)?;
        return Err(Error::TooManyAttempts {
            retry_after_seconds: wait,
        });
    }
    let ok = user.active && password::matches(password, &hash)?;
    if !ok {
        audit_failure(db, Some(&user), &user.username, now, Action::SignInFailed)?;
    }
    Ok(ok)
}

/// The account whose `column` (`username` or `id`) is `key`, with its stored hash.
fn with_hash(db: &Db, column: &str, key: &str) -> Result<Option<(User, String)>> {
    db.read(|c| with_hash_on(c, column, key))
}

fn with_hash_on(c: &Connection, column: &str, key: &str) -> Result<Option<(User, String)>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS}, password_hash FROM app_user WHERE {column} = ?1"
    ))?
    .query_row(params![key], |r| Ok((row(r)?, r.get::<_, String>(9)?)))
    .optional()?
    .map(|(user, hash)| user.map(|u| (u, hash)))
    .transpose()
}

/// Checks `username` and `password` against an active admin account of another database
/// file, opened read-only (a backup): how a restore is authorised when the clinic's own
/// database cannot be opened, so no one can sign in to it. `Ok(None)`: the file predates
/// accounts, so there is no one to ask. Nothing is written anywhere; the caller limits
/// attempts. `key` opens an encrypted file.
pub fn admin_in_file(
    file: &Path,
    key: Option<&crate::db::DbKey>,
    username: &str,
    password: &str,
) -> Result<Option<Uuid>> {
    let c = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    crate::db::apply_key(&c, key)?;
    let has_accounts: bool = c.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'app_user'",
        [],
        |r| r.get(0),
    )?;
    if !has_accounts {
        return Ok(None);
    }
    let name = crate::text::clean(username);
    match with_hash_on(&c, "username", &name)? {
        Some((u, hash)) if password::matches(password, &hash)? && u.active => {
            if u.roles.contains(&super::Role::Admin) {
                Ok(Some(u.id))
            } else {
                Err(Error::Forbidden(
                    "Only an admin of the clinic can restore a backup.".into(),
                ))
            }
        }
        Some(_) => Err(Error::Denied(WRONG.into())),
        None => {
            password::waste_one_check(password);
            Err(Error::Denied(WRONG.into()))
        }
    }
}

fn audit_failure(
    db: &Db,
    user: Option<&User>,
    name: &str,
    now: DateTime<Utc>,
    action: Action,
) -> Result<()> {
    // The user id only when the account is active: an inactive account cannot act, and the
    // attempt is still recorded under the name.
    let active = user.filter(|u| u.active).map(|u| u.id);
    db.write_with_audit(active, now, |_| {
        let mut change = Change::on(action, "user").new_value(&json!({ "username": name }));
        change.entity_id = user.map(|u| u.id.to_string());
        Ok(((), change))
    })
}

/// Seconds to wait when `name` has failed [`MAX_FAILURES`] times in the window since its
/// last successful sign-in; `None` when an attempt may be checked.
fn wait_after_failures(db: &Db, name: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
    let since = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let failures: Vec<String> = db.read(|c| {
        let mut stmt = c.prepare_cached(
            "SELECT at FROM audit_event
             WHERE action = 'sign_in_failed' AND at >= ?1
               AND json_extract(new_value, '$.username') = ?2 COLLATE NOCASE
               AND at > coalesce((SELECT max(s.at) FROM audit_event s
                                  JOIN app_user u ON u.id = s.user_id
                                  WHERE s.action IN ('sign_in', 'unlock')
                                    AND u.username = ?2 AND s.at >= ?1), '')
             ORDER BY at DESC",
        )?;
        let rows = stmt.query_map(params![ts(since), name], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    })?;
    if failures.len() < MAX_FAILURES {
        return Ok(None);
    }
    // Refused until the window has passed since the MAX_FAILURES-th newest failure.
    let oldest_counted = crate::db::parse_ts("audit_event.at", &failures[MAX_FAILURES - 1])?;
    let until = oldest_counted + Duration::minutes(FAILURE_WINDOW_MINUTES);
    Ok(Some((until - now).num_seconds().max(1)))
}

/// Records an act that changes nothing else: a patient record viewed, printed or exported,
/// sign-out, lock, unlock.
pub fn record(db: &Db, by: &Actor, change: Change) -> Result<()> {
    db.write_audited(by, |_| Ok(((), change)))
}
