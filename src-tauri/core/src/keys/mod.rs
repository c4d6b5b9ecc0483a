//! Where the database key lives between runs: the key file `<database>.keys` beside the
//! database, holding the key wrapped once per user (under their password, Argon2id) and
//! once under the clinic's recovery key. The key itself is random ([`DbKey::generate`]) and
//! never derived from one person's password, so adding, removing or re-passwording a user
//! rewraps one slot and never re-encrypts the database.
//!
//! Invariants:
//! - the file is replaced atomically (temporary name, fsync, rename, directory fsync);
//! - a slot names its owner (user id and user name, or "recovery") and nothing else: no
//!   patient data, no password, no key in the clear;
//! - a wrong password and an unknown name fail the same way ([`Error::Denied`]);
//! - `setup_pending` marks a file written during first set-up before the first admin
//!   exists: such a file (and the database beside it) holds no clinical record, and the
//!   next start sets both aside and offers set-up again ([`clinic::set_aside_unfinished`]).

mod clinic;
mod recovery;
mod wrap;

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::db::DbKey;
pub use clinic::{
    add_own_slot, new_recovery_key, set_aside_unfinished, set_up, slot_users, sync_user_slot,
    unlock, unlock_with_recovery,
};
use recovery::RecoverySecret;

use crate::error::{Error, Result};

const FORMAT: &str = "dermalog-keys";
const WRONG: &str = "That user name and password do not match an active account.";

/// The key file of the database at `db`.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".keys");
    PathBuf::from(name)
}

/// A recovery key, in the printable form shown once.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey(pub String);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

/// The key file's contents.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    /// Written during first set-up, before its admin existed.
    #[serde(default)]
    pub setup_pending: bool,
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Owner {
    User { user_id: Uuid, username: String },
    Recovery,
}

impl Owner {
    fn aad(&self) -> String {
        match self {
            Owner::User { user_id, .. } => format!("dermalog-key-slot/1/user/{user_id}"),
            Owner::Recovery => "dermalog-key-slot/1/recovery".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    #[serde(flatten)]
    owner: Owner,
    /// Argon2id salt and costs; absent for the recovery slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    argon2id: Option<Argon2Params>,
    nonce: String,
    wrapped: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Argon2Params {
    salt: String,
    m: u32,
    t: u32,
    p: u32,
}

impl KeyFile {
    /// A key file for `key` holding only a new recovery slot; returns the recovery key.
    pub fn new(key: &DbKey, setup_pending: bool) -> Result<(KeyFile, RecoveryKey)> {
        let mut file = KeyFile {
            format: FORMAT.into(),
            version: 1,
            setup_pending,
            slots: Vec::new(),
        };
        let recovery = file.replace_recovery(key)?;
        Ok((file, recovery))
    }

    /// Reads the key file at `path`; `None` when there is none.
    pub fn read(path: &Path) -> Result<Option<KeyFile>> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Keys(format!("it cannot be read ({e})"))),
        };
        let file: KeyFile = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Keys(format!("it is damaged ({e})")))?;
        if file.format != FORMAT || file.version != 1 {
            return Err(Error::Keys("it is of an unknown kind or version".into()));
        }
        Ok(Some(file))
    }

    /// Replaces the key file at `path` atomically and durably.
    pub fn write(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::CorruptData(format!("the key file cannot be written ({e})")))?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let done = (|| -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            fs::rename(&tmp, path)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                File::open(dir)?.sync_all()?;
            }
            Ok(())
        })();
        if let Err(e) = done {
            let _ = fs::remove_file(&tmp);
            return Err(crate::error::file_error(
                "the key file cannot be written",
                e,
                Error::Keys,
            ));
        }
        Ok(())
    }

    /// The database key, unwrapped with `username`'s `password`.
    pub fn unlock(&self, username: &str, password: &str) -> Result<DbKey> {
        let name = crate::text::clean(username).to_lowercase();
        let slot = self.slots.iter().find(|s| match &s.owner {
            Owner::User { username, .. } => username.to_lowercase() == name,
            Owner::Recovery => false,
        });
        let Some(slot) = slot else {
            // As long as a real check, so timing does not tell which names have a slot.
            let _ = wrap::password_kek(password, &[0u8; 16], wrap::M_COST, wrap::T_COST, 1);
            return Err(Error::Denied(WRONG.into()));
        };
        let Some(p) = &slot.argon2id else {
            return Err(Error::CorruptData("a user's key slot has no salt".into()));
        };
        let kek = wrap::password_kek(password, &hex(&p.salt)?, p.m, p.t, p.p)?;
        wrap::open(
            &kek,
            &hex(&slot.nonce)?,
            &hex(&slot.wrapped)?,
            &slot.owner.aad(),
        )
        .ok_or_else(|| Error::Denied(WRONG.into()))
    }

    /// The database key, unwrapped with the recovery key as typed.
    pub fn unlock_with_recovery(&self, typed: &str) -> Result<DbKey> {
        let wrong = || {
            Error::invalid(
                "recovery_key",
                "That is not this database's recovery key. Check each group of four characters.",
            )
        };
        let secret = RecoverySecret::parse(typed).ok_or_else(wrong)?;
        let slot = self
            .slots
            .iter()
            .find(|s| matches!(s.owner, Owner::Recovery))
            .ok_or_else(|| Error::CorruptData("the key file has no recovery slot".into()))?;
        let kek = wrap::recovery_kek(secret.0.as_ref());
        wrap::open(
            &kek,
            &hex(&slot.nonce)?,
            &hex(&slot.wrapped)?,
            &slot.owner.aad(),
        )
        .ok_or_else(wrong)
    }

    /// Adds or rewraps `user_id`'s slot under `password`.
    pub fn set_user(
        &mut self,
        key: &DbKey,
        user_id: Uuid,
        username: &str,
        password: &str,
    ) -> Result<()> {
        let owner = Owner::User {
            user_id,
            username: crate::text::clean(username),
        };
        let salt = wrap::random::<16>();
        let kek = wrap::password_kek(password, &salt, wrap::M_COST, wrap::T_COST, wrap::P_COST)?;
        let (nonce, wrapped) = wrap::seal(&kek, key, &owner.aad())?;
        self.remove_user(user_id);
        self.slots.push(Slot {
            owner,
            argon2id: Some(Argon2Params {
                salt: to_hex(&salt),
                m: wrap::M_COST,
                t: wrap::T_COST,
                p: wrap::P_COST,
            }),
            nonce: to_hex(&nonce),
            wrapped: to_hex(&wrapped),
        });
        Ok(())
    }

    /// Renames `user_id`'s slot (the wrapping does not depend on the name).
    pub fn rename_user(&mut self, user_id: Uuid, username: &str) {
        for s in &mut self.slots {
            if let Owner::User {
                user_id: id,
                username: name,
            } = &mut s.owner
            {
                if *id == user_id {
                    *name = crate::text::clean(username);
                }
            }
        }
    }

    /// Removes `user_id`'s slot; true if there was one.
    pub fn remove_user(&mut self, user_id: Uuid) -> bool {
        let before = self.slots.len();
        self.slots
            .retain(|s| !matches!(s.owner, Owner::User { user_id: id, .. } if id == user_id));
        self.slots.len() != before
    }

    /// True when `user_id` has a slot.
    pub fn has_user(&self, user_id: Uuid) -> bool {
        self.users().contains(&user_id)
    }

    /// The users with a slot.
    pub fn users(&self) -> Vec<Uuid> {
        self.slots
            .iter()
            .filter_map(|s| match s.owner {
                Owner::User { user_id, .. } => Some(user_id),
                Owner::Recovery => None,
            })
            .collect()
    }

    /// Replaces the recovery slot with one for a new recovery key, returned once.
    pub fn replace_recovery(&mut self, key: &DbKey) -> Result<RecoveryKey> {
        let secret = RecoverySecret::generate();
        let (nonce, wrapped) = wrap::seal(
            &wrap::recovery_kek(secret.0.as_ref()),
            key,
            &Owner::Recovery.aad(),
        )?;
        self.slots.retain(|s| !matches!(s.owner, Owner::Recovery));
        self.slots.push(Slot {
            owner: Owner::Recovery,
            argon2id: None,
            nonce: to_hex(&nonce),
            wrapped: to_hex(&wrapped),
        });
        Ok(RecoveryKey(secret.text()))
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex(s: &str) -> Result<Vec<u8>> {
    let bad = || Error::CorruptData("the key file holds a malformed value".into());
    if !s.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(bad)
        })
        .collect()
}
