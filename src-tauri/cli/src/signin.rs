//! Who is acting. Audited acts (backup, restore) sign in through the core exactly as the app
//! does: `accounts::sign_in` checks the password, counts failures towards the same limit and
//! writes the same `sign_in` / `sign_in_failed` / `sign_in_refused` rows. The password comes
//! from `DERMALOG_PASSWORD` or a hidden prompt on the terminal, never from the command line
//! (where other users could read it in the process list), and is never printed.

use std::io::IsTerminal;
use std::time::Duration;

use chrono::Utc;
use dermalog_core::accounts::{self, Role, User};
use dermalog_core::Db;
use uuid::Uuid;

use crate::exit::{Exit, Failure};

/// The `--user` a command needs (exit 2 without one).
pub fn required<'a>(user: Option<&'a str>, command: &str) -> Result<&'a str, Failure> {
    user.filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        Failure::new(
            Exit::Usage,
            format!("{command} needs --user NAME (an admin of the clinic)"),
        )
    })
}

/// `user`'s password: `DERMALOG_PASSWORD`, else asked hidden on the terminal; refused (exit
/// 5) when there is neither, rather than waiting on a pipe that will never answer.
pub fn password(user: &str) -> Result<String, Failure> {
    // Asked once per run: unwrapping the database key and signing in both need it.
    static GIVEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(p) = GIVEN.get() {
        return Ok(p.clone());
    }
    let p = ask(user)?;
    Ok(GIVEN.get_or_init(|| p).clone())
}

fn ask(user: &str) -> Result<String, Failure> {
    if let Some(p) = std::env::var_os("DERMALOG_PASSWORD") {
        return p
            .into_string()
            .map_err(|_| Failure::new(Exit::NotAllowed, "DERMALOG_PASSWORD is not valid text"));
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::new(
            Exit::NotAllowed,
            "No password: set DERMALOG_PASSWORD, or run dermalog-cli in a terminal to be asked",
        ));
    }
    rpassword::prompt_password(format!("Password for {user}: ")).map_err(|e| {
        Failure::new(
            Exit::NotAllowed,
            format!("The password cannot be read: {e}"),
        )
    })
}

/// Signs `user` in to `db` and checks they are an admin (exit 5 otherwise).
pub fn admin(db: &Db, user: &str, act: &str) -> Result<User, Failure> {
    let password = password(user)?;
    let signed_in = accounts::sign_in(db, user, &password, Utc::now())?;
    if !signed_in.has(Role::Admin) {
        return Err(Failure::new(
            Exit::NotAllowed,
            format!("Only an admin of the clinic can {act}."),
        ));
    }
    Ok(signed_in)
}

/// Checks `user` against an active admin of the backup `file` (a restore over a database
/// that is refused or missing, as the app's recovery page does). `None`: the backup predates
/// accounts. A refused database cannot hold the failure's audit row, so each failure costs
/// a pause instead, which slows guessing across runs of this tool.
pub fn admin_of_backup(
    file: &std::path::Path,
    key: Option<&dermalog_core::keys::DbKey>,
    user: &str,
) -> Result<Option<Uuid>, Failure> {
    let password = password(user)?;
    match accounts::admin_in_file(file, key, user, &password) {
        Ok(id) => Ok(id),
        Err(e) => {
            let failure = Failure::core(e, Exit::BackupFailed);
            if failure.exit == Exit::NotAllowed {
                std::thread::sleep(Duration::from_secs(2));
            }
            Err(failure)
        }
    }
}
