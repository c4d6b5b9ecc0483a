//! The database key: 32 random bytes that SQLCipher encrypts every page of the database
//! (and its `-wal`, and every `VACUUM INTO` backup) with.
//!
//! Invariants: the key is made only by [`DbKey::generate`] from the operating system's
//! random source, never derived from a password; it is handed to SQLCipher as a raw key
//! (`x'…'`), so opening costs no key derivation; it is wiped from memory when dropped and
//! never printed (`Debug` shows nothing). Where it is kept between runs is
//! [`crate::keys`]' business: wrapped, once per user and once for the recovery key.

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::OsRng;
use rusqlite::Connection;
use zeroize::Zeroizing;

/// A database key.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    /// A new random key.
    pub fn generate() -> DbKey {
        let mut bytes = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(bytes.as_mut());
        DbKey(bytes)
    }

    /// The key held in `bytes` (unwrapped from a key slot).
    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; 32]>) -> DbKey {
        DbKey(bytes)
    }

    /// The raw bytes, for wrapping into a key slot.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Gives the key to a fresh connection; must run before anything reads the file. Public
    /// for tools and tests that must read an encrypted file directly.
    pub fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        // SQLCipher reports a wrong key on stderr by default; the caller reports it better.
        conn.pragma_update(None, "cipher_log_level", "NONE")?;
        let mut literal = Zeroizing::new(String::with_capacity(67));
        literal.push_str("x'");
        for b in self.0.iter() {
            literal.push(char::from(HEX[usize::from(b >> 4)]));
            literal.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        literal.push('\'');
        conn.pragma_update(None, "key", literal.as_str())
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Gives `key` (if any) to a connection just opened on a database file.
pub(crate) fn apply(conn: &Connection, key: Option<&DbKey>) -> rusqlite::Result<()> {
    match key {
        Some(k) => k.apply(conn),
        None => Ok(()),
    }
}

/// Writes an encrypted copy of the unencrypted database at `source` to the new file
/// `target`, encrypted with `key` (SQLCipher's `sqlcipher_export`, with the schema version
/// and application id, which the export leaves out). The source is only read. How the
/// benchmarks build an encrypted clinic from the cached demo database.
pub fn encrypted_copy(
    source: &std::path::Path,
    target: &std::path::Path,
    key: &DbKey,
) -> crate::Result<()> {
    if target.exists() {
        return Err(crate::Error::Conflict(format!(
            "{} already exists; an encrypted copy is only written to a new file",
            target.display()
        )));
    }
    let conn = Connection::open(target)?;
    key.apply(&conn)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        rusqlite::params![source.to_string_lossy()],
    )?;
    conn.query_row("SELECT sqlcipher_export('main', 'plain')", [], |_| Ok(()))?;
    let version: i64 = conn.query_row("PRAGMA plain.user_version", [], |r| r.get(0))?;
    let app: i32 = conn.query_row("PRAGMA plain.application_id", [], |r| r.get(0))?;
    conn.pragma_update(None, "user_version", version)?;
    conn.pragma_update(None, "application_id", app)?;
    conn.execute_batch("DETACH DATABASE plain")?;
    Ok(())
}
