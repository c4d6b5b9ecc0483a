//! The key of an encrypted database, for the command line. A database with a key file
//! beside it is encrypted: its key is unwrapped with the clinic's recovery key from
//! `DERMALOG_RECOVERY_KEY` when set, else with `--user`'s password (the same
//! `DERMALOG_PASSWORD` or hidden prompt as sign-in, asked once per run). A database without
//! a key file is an unencrypted one made before encryption, and needs no key.

use std::path::Path;

use dermalog_core::keys::{self, DbKey};

use crate::exit::{Exit, Failure};
use crate::signin;

/// The key that opens `db`; `None` when it is not encrypted.
pub fn for_database(
    db: &Path,
    user: Option<&str>,
    command: &str,
) -> Result<Option<DbKey>, Failure> {
    if !keys::path_for(db).exists() {
        return Ok(None);
    }
    if let Some(typed) = std::env::var_os("DERMALOG_RECOVERY_KEY").filter(|k| !k.is_empty()) {
        let typed = typed.into_string().map_err(|_| {
            Failure::new(Exit::NotAllowed, "DERMALOG_RECOVERY_KEY is not valid text")
        })?;
        return Ok(Some(keys::unlock_with_recovery(db, &typed)?));
    }
    let user = user.filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        Failure::new(
            Exit::Usage,
            format!(
                "{command}: the database is encrypted; name a user with --user NAME (their \
                 password opens it) or set DERMALOG_RECOVERY_KEY"
            ),
        )
    })?;
    Ok(Some(keys::unlock(db, user, &signin::password(user)?)?))
}
