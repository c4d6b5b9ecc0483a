//! User accounts: who may sign in, with which roles, and how passwords are kept.
//!
//! Invariants:
//! - accounts are deactivated, never deleted (audit rows and signatures name them);
//! - a password is stored only as an Argon2id hash ([`password`]), and never logged;
//! - the clinic always keeps at least one active admin;
//! - a sign-in failure says the same thing for an unknown name and a wrong password, and
//!   after [`MAX_FAILURES`] failures in [`FAILURE_WINDOW_MINUTES`] the name is refused
//!   unchecked until the window has passed.

pub mod password;
mod sign_in;
mod store;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use sign_in::{
    admin_in_file, check_password, record, sign_in, FAILURE_WINDOW_MINUTES, MAX_FAILURES,
};
pub use store::{
    change_own_password, check_setup, clinic_name, get, idle_lock_minutes, list, needs_setup,
    save_user, set_up,
};

/// What a user may do. A user holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Records and signs sessions.
    Clinician,
    /// Reads everything; records follow-up reactions and review comments.
    Aesthetician,
    /// Users, settings, backups and exports.
    Admin,
}

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct User {
    /// Unique, permanent id.
    pub id: Uuid,
    /// The name typed at sign-in (case does not matter).
    pub username: String,
    /// How the app names the user.
    pub display_name: String,
    /// The name printed under a signature.
    pub signature_name: String,
    /// Credentials or registration number.
    pub registration: String,
    /// One or more roles, sorted.
    pub roles: Vec<Role>,
    /// False once deactivated: cannot sign in.
    pub active: bool,
}

impl User {
    /// True when the user holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A new account, or changes to one. `password` is required for a new account; on an
/// existing one it sets a new password when present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserInput {
    /// The account's id (new: a fresh UUID v7 from the UI).
    pub id: Uuid,
    /// The sign-in name: letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// How the app names the user.
    pub display_name: String,
    /// The name printed under a signature.
    pub signature_name: String,
    /// Credentials or registration number (may be empty).
    pub registration: String,
    /// One or more roles.
    pub roles: Vec<Role>,
    /// False deactivates the account.
    pub active: bool,
    /// A new password, at least [`password::MIN_LENGTH`] characters.
    pub password: Option<String>,
}

/// First run: the clinic's name and its first admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClinicSetup {
    /// The clinic's name.
    pub clinic_name: String,
    /// The first admin (the admin role is added if missing).
    pub admin: UserInput,
}
