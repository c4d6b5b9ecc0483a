//! Creating and changing accounts, and the first-run set-up.

use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use super::{password, ClinicSetup, Role, User, UserInput};
use crate::audit::{Action, Actor, Change};
use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::validate::Check;

pub(super) const COLUMNS: &str =
    "id, username, display_name, signature_name, registration, is_clinician,
                       is_aesthetician, is_admin, active";

/// True while no account exists: the app must ask for the clinic and its first admin.
pub fn needs_setup(db: &Db) -> Result<bool> {
    db.read(|c| {
        let n: i64 = c.query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))?;
        Ok(n == 0)
    })
}

/// Every account, active first, by display name.
pub fn list(db: &Db) -> Result<Vec<User>> {
    db.read(|c| {
        let mut stmt = c.prepare(&format!(
            "SELECT {COLUMNS} FROM app_user ORDER BY active DESC, display_name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], row)?;
        rows.map(|r| r?).collect()
    })
}

/// One account.
pub fn get(db: &Db, id: Uuid) -> Result<User> {
    db.read(|c| load(c, id))
}

pub(super) fn load(c: &rusqlite::Connection, id: Uuid) -> Result<User> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM app_user WHERE id = ?1"))?
        .query_row(params![id.to_string()], row)
        .optional()?
        .ok_or(Error::NotFound {
            entity: "user",
            id: id.to_string(),
        })?
}

pub(super) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<User>> {
    let id: String = r.get(0)?;
    let flags: [bool; 3] = [r.get(5)?, r.get(6)?, r.get(7)?];
    let roles = [Role::Clinician, Role::Aesthetician, Role::Admin]
        .into_iter()
        .zip(flags)
        .filter_map(|(role, on)| on.then_some(role))
        .collect();
    Ok(crate::db::parse_id("app_user.id", &id).map(|id| User {
        id,
        username: r.get(1).unwrap_or_default(),
        display_name: r.get(2).unwrap_or_default(),
        signature_name: r.get(3).unwrap_or_default(),
        registration: r.get(4).unwrap_or_default(),
        roles,
        active: r.get(8).unwrap_or(false),
    }))
}

struct Valid {
    username: String,
    display_name: String,
    signature_name: String,
    registration: String,
    roles: Vec<Role>,
}

fn validate(c: &mut Check, input: &UserInput, new: bool) -> Valid {
    let username = c.required_line("username", "User name", &input.username, 50);
    if username
        .chars()
        .any(|ch| !(ch.is_alphanumeric() || "._-@".contains(ch)))
    {
        c.fail(
            "username",
            "Use letters, digits, dots, dashes or underscores, without spaces.",
        );
    }
    let display_name = c.required_line("display_name", "Name", &input.display_name, 100);
    let signature_name = c.required_line(
        "signature_name",
        "Signature name",
        &input.signature_name,
        100,
    );
    let registration = c
        .optional_line(
            "registration",
            "Registration number",
            Some(&input.registration),
            100,
        )
        .unwrap_or_default();
    let mut roles = input.roles.clone();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        c.fail("roles", "Choose at least one role.");
    }
    match (&input.password, new) {
        (None, true) => c.fail("password", "Set a password for the new account."),
        (Some(p), _) => {
            if let Some(problem) = password::problem(p) {
                c.fail("password", problem);
            }
        }
        (None, false) => {}
    }
    Valid {
        username,
        display_name,
        signature_name,
        registration,
        roles,
    }
}

fn exists(tx: &Transaction<'_>, id: Uuid) -> Result<Option<User>> {
    match load(tx, id) {
        Ok(u) => Ok(Some(u)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes the account row (insert or update); the password only when given.
fn put(
    tx: &Transaction<'_>,
    db: &Db,
    input: &UserInput,
    v: &Valid,
    hash: Option<&str>,
    now: &str,
) -> Result<()> {
    let has = |r: Role| v.roles.contains(&r);
    let result = tx
        .prepare_cached(
            "INSERT INTO app_user (id, username, display_name, signature_name, registration,
                                   is_clinician, is_aesthetician, is_admin, password_hash,
                                   active, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, '$argon2id$unset'), ?10, ?11,
                     ?11, ?12)
             ON CONFLICT (id) DO UPDATE SET
                 username = ?2, display_name = ?3, signature_name = ?4, registration = ?5,
                 is_clinician = ?6, is_aesthetician = ?7, is_admin = ?8,
                 password_hash = coalesce(?9, password_hash), active = ?10, updated_at = ?11,
                 workstation_id = ?12",
        )?
        .execute(params![
            input.id.to_string(),
            v.username,
            v.display_name,
            v.signature_name,
            v.registration,
            has(Role::Clinician),
            has(Role::Aesthetician),
            has(Role::Admin),
            hash,
            input.active,
            now,
            db.workstation_id().to_string()
        ]);
    match result {
        Ok(_) => Ok(()),
        Err(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
                && e.to_string().contains("app_user.username") =>
        {
            Err(Error::invalid(
                "username",
                "That user name is already taken.",
            ))
        }
        Err(e) => Err(e.into()),
    }
}

fn require_an_admin(tx: &Transaction<'_>) -> Result<()> {
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM app_user WHERE is_admin = 1 AND active = 1",
        [],
        |r| r.get(0),
    )?;
    if n == 0 {
        return Err(Error::Conflict(
            "The clinic needs at least one active admin. Make another user admin first.".into(),
        ));
    }
    Ok(())
}

/// First run: names the clinic and creates its first admin. Refused once any account exists.
pub fn set_up(db: &Db, setup: ClinicSetup, now: chrono::DateTime<chrono::Utc>) -> Result<User> {
    let (input, clinic, v) = checked_setup(setup)?;
    let hash = password::hash(input.password.as_deref().unwrap_or_default())?;
    let by = Actor::new(input.id, now);
    db.write_audited(&by, |tx| {
        let n: i64 = tx.query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))?;
        if n > 0 {
            return Err(Error::Conflict(
                "This clinic is already set up. Sign in instead.".into(),
            ));
        }
        put(tx, db, &input, &v, Some(&hash), &ts(now))?;
        tx.prepare_cached(
            "UPDATE clinic_setting SET value = json_quote(?1), updated_at = ?2,
                    workstation_id = ?3 WHERE key = 'clinic_name'",
        )?
        .execute(params![clinic, ts(now), db.workstation_id().to_string()])?;
        let user = load(tx, input.id)?;
        let change = Change::new(Action::Create, "user", user.id).new_value(&serde_json::json!({
            "clinic_name": clinic,
            "admin": user,
        }));
        Ok((user, change))
    })
}

/// Checks a first-run set-up without writing anything (so an encrypted set-up can refuse
/// bad input before it creates files).
pub fn check_setup(setup: &ClinicSetup) -> Result<()> {
    checked_setup(setup.clone()).map(|_| ())
}

fn checked_setup(setup: ClinicSetup) -> Result<(UserInput, String, Valid)> {
    let mut input = setup.admin;
    if !input.roles.contains(&Role::Admin) {
        input.roles.push(Role::Admin);
    }
    input.active = true;
    let mut c = Check::default();
    let clinic = c.required_line("clinic_name", "Clinic name", &setup.clinic_name, 100);
    let v = validate(&mut c, &input, true);
    c.finish()?;
    Ok((input, clinic, v))
}

/// Creates or changes an account (admins). A password given on an existing account replaces
/// the old one. The last active admin cannot be deactivated or lose the admin role.
pub fn save_user(db: &Db, by: &Actor, input: UserInput) -> Result<User> {
    let new = get(db, input.id).map(|_| false).or_else(|e| match e {
        Error::NotFound { .. } => Ok(true),
        e => Err(e),
    })?;
    let mut c = Check::default();
    let v = validate(&mut c, &input, new);
    c.finish()?;
    let hash = input.password.as_deref().map(password::hash).transpose()?;
    db.write_audited(by, |tx| {
        let before = exists(tx, input.id)?;
        if before.is_none() && hash.is_none() {
            return Err(Error::invalid(
                "password",
                "Set a password for the new account.",
            ));
        }
        put(tx, db, &input, &v, hash.as_deref(), &ts(by.now))?;
        require_an_admin(tx)?;
        let user = load(tx, input.id)?;
        // Last, so a key file that cannot be written rolls the account change back.
        crate::keys::sync_user_slot(db, &user, input.password.as_deref())?;
        let mut change =
            Change::create_or_update(before.is_some(), "user", user.id).new_value(&user);
        if let Some(old) = &before {
            change = change.old_value(old);
            if hash.is_some() {
                change = change.reason("password reset by an admin");
            }
        }
        Ok((user, change))
    })
}

/// A signed-in user changes their own password, confirming the current one.
pub fn change_own_password(db: &Db, by: &Actor, current: &str, new: &str) -> Result<()> {
    if let Some(problem) = password::problem(new) {
        return Err(Error::invalid("new_password", problem));
    }
    if !super::check_password(db, by.user_id, current, by.now)? {
        return Err(Error::invalid(
            "current_password",
            "The current password is not right.",
        ));
    }
    let hash = password::hash(new)?;
    db.write_audited(by, |tx| {
        tx.prepare_cached(
            "UPDATE app_user SET password_hash = ?2, updated_at = ?3, workstation_id = ?4
             WHERE id = ?1",
        )?
        .execute(params![
            by.user_id.to_string(),
            hash,
            ts(by.now),
            db.workstation_id().to_string()
        ])?;
        crate::keys::sync_user_slot(db, &load(tx, by.user_id)?, Some(new))?;
        Ok(((), Change::new(Action::PasswordChange, "user", by.user_id)))
    })
}

/// Minutes without use after which the app locks (a clinic setting).
pub fn idle_lock_minutes(db: &Db) -> Result<i64> {
    db.read(|c| crate::reference::int_setting(c, "idle_lock_minutes").map(i64::from))
}

/// The clinic's name, as set at first run.
pub fn clinic_name(db: &Db) -> Result<String> {
    db.read(|c| crate::reference::text_setting(c, "clinic_name"))
}
