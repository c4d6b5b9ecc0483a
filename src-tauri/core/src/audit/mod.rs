//! The audit trail: one row per audited act, written in the same transaction as the change
//! it records (see [`crate::Db::write_audited`]), append-only (triggers refuse update and
//! delete) and hash-chained per workstation.
//!
//! Invariants:
//! - every mutation goes through `write_audited`, which appends exactly one row;
//! - a row's hash covers its canonical JSON (see [`canonical`]) including the previous
//!   row's hash, so changing, removing or reordering any row breaks the chain at that row;
//! - the newest row's position is also kept outside the database ([`head`]), so removing
//!   the newest rows or putting an older copy back is noticed too;
//! - values are health data: they live only in the database, never in logs.

pub mod canonical;
mod chain;
pub mod head;
mod query;
mod verify;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

pub(crate) use chain::append;
pub use query::{list, AuditEvent, AuditQuery};
pub use verify::{verify, AuditProblem, AuditReport, ProblemCode};

/// Who acts, and when. Every write takes one; its audit row records both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The signed-in user.
    pub user_id: Uuid,
    /// The moment of the act (UTC).
    pub now: DateTime<Utc>,
}

impl Actor {
    /// `user_id` acting at `now`.
    pub fn new(user_id: Uuid, now: DateTime<Utc>) -> Self {
        Actor { user_id, now }
    }
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A record was created.
    Create,
    /// A record was changed.
    Update,
    /// A record was archived.
    Archive,
    /// An archived record was restored.
    Restore,
    /// A patient record was opened.
    View,
    /// Data left the app as a file.
    Export,
    /// A record was printed (or saved as PDF).
    Print,
    /// A user signed in.
    SignIn,
    /// A sign-in (or unlock) was tried with a wrong name or password.
    SignInFailed,
    /// A sign-in was refused unchecked after too many failures.
    SignInRefused,
    /// A user signed out.
    SignOut,
    /// The app locked (idle, or on request).
    Lock,
    /// The app was unlocked with the password.
    Unlock,
    /// A screening block was overridden with a reason.
    Override,
    /// Clinic settings or reference lists changed.
    Settings,
    /// A record was signed.
    Sign,
    /// An addendum was added to a signed record.
    Addendum,
    /// A password was set or changed.
    PasswordChange,
    /// Demonstration data was generated.
    Generate,
    /// A backup was taken on request.
    Backup,
    /// The database was replaced by a backup (written into the restored database).
    BackupRestored,
    /// Patients and sessions were imported from CSV files.
    Import,
}

impl Action {
    /// Every action, for filters.
    pub const ALL: [Action; 22] = [
        Action::Create,
        Action::Update,
        Action::Archive,
        Action::Restore,
        Action::View,
        Action::Export,
        Action::Print,
        Action::SignIn,
        Action::SignInFailed,
        Action::SignInRefused,
        Action::SignOut,
        Action::Lock,
        Action::Unlock,
        Action::Override,
        Action::Settings,
        Action::Sign,
        Action::Addendum,
        Action::PasswordChange,
        Action::Generate,
        Action::Backup,
        Action::BackupRestored,
        Action::Import,
    ];

    /// The stored code (`sign_in_failed`).
    pub fn code(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Archive => "archive",
            Action::Restore => "restore",
            Action::View => "view",
            Action::Export => "export",
            Action::Print => "print",
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::SignInRefused => "sign_in_refused",
            Action::SignOut => "sign_out",
            Action::Lock => "lock",
            Action::Unlock => "unlock",
            Action::Override => "override",
            Action::Settings => "settings",
            Action::Sign => "sign",
            Action::Addendum => "addendum",
            Action::PasswordChange => "password_change",
            Action::Generate => "generate",
            Action::Backup => "backup",
            Action::BackupRestored => "backup_restored",
            Action::Import => "import",
        }
    }

    /// The action stored as `code`.
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// One audited act, as a mutation describes it to [`crate::Db::write_audited`].
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What was done.
    pub action: Action,
    /// The kind of record (`patient`, `session`, `user`, `settings`).
    pub entity: &'static str,
    /// Its id, when it has one.
    pub entity_id: Option<String>,
    /// The patient whose record this is, for the viewer's patient filter.
    pub patient_id: Option<Uuid>,
    /// The record before.
    pub old: Option<Value>,
    /// The record after.
    pub new: Option<Value>,
    /// Why, where the act has a reason (an override, an addendum).
    pub reason: Option<String>,
}

impl Change {
    /// `action` on the `entity` with `id`.
    pub fn new(action: Action, entity: &'static str, id: impl ToString) -> Self {
        Change {
            action,
            entity,
            entity_id: Some(id.to_string()),
            patient_id: None,
            old: None,
            new: None,
            reason: None,
        }
    }

    /// `action` on something without an id of its own (the settings).
    pub fn on(action: Action, entity: &'static str) -> Self {
        Change {
            entity_id: None,
            ..Change::new(action, entity, "")
        }
    }

    /// The patient whose record this is.
    pub fn patient(mut self, id: Uuid) -> Self {
        self.patient_id = Some(id);
        self
    }

    /// The record before (anything that serializes).
    pub fn old_value(mut self, v: &impl Serialize) -> Self {
        self.old = serde_json::to_value(v).ok();
        self
    }

    /// The record before, when there was one (a create has none).
    pub fn old_value_if(self, v: Option<&impl Serialize>) -> Self {
        match v {
            Some(v) => self.old_value(v),
            None => self,
        }
    }

    /// The record after.
    pub fn new_value(mut self, v: &impl Serialize) -> Self {
        self.new = serde_json::to_value(v).ok();
        self
    }

    /// Why.
    pub fn reason(mut self, why: impl Into<String>) -> Self {
        self.reason = Some(why.into());
        self
    }

    /// `Create` when there was no record before, else `Update`.
    pub fn create_or_update(existed: bool, entity: &'static str, id: impl ToString) -> Self {
        Change::new(
            if existed {
                Action::Update
            } else {
                Action::Create
            },
            entity,
            id,
        )
    }
}
