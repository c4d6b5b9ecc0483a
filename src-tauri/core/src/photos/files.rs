//! The photo files: where they live, how one is written so that it is complete before any
//! row names it, encryption when the database is encrypted, and the sweep of files no row
//! names.
//!
//! Layout: `<db>.photos/<first two hex digits>/<sha256>`, the SHA-256 of the plain bytes, so
//! the same picture added twice is stored once. An encrypted file is `DLPHOTO1`, a 24-byte
//! nonce and the XChaCha20-Poly1305 ciphertext, with the file's name as associated data (a
//! file copied under another name does not decrypt).

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::db::Db;
use crate::digest::sha256_hex;
use crate::error::{file_error, Error, Result};
use crate::files::sync_dir;

const MAGIC: &[u8; 8] = b"DLPHOTO1";
const NONCE_LEN: usize = 24;
const TEMP_PREFIX: &str = ".partial-";
const UNREFERENCED: &str = "unreferenced";

/// The folder holding the photos of the database at `db`.
pub fn dir_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".photos");
    PathBuf::from(name)
}

fn path_of(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

fn storage_error(e: std::io::Error) -> Error {
    file_error("the photo file", e, Error::Storage)
}

/// The file key: derived from the database key for this one use, so a photo file's key is
/// never the database's own.
fn file_cipher(db: &Db) -> Option<XChaCha20Poly1305> {
    let key = db.key()?;
    let mut okm = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, key.bytes())
        .expand(b"dermalog photo files v1", okm.as_mut())
        .ok()?;
    Some(XChaCha20Poly1305::new(okm.as_ref().into()))
}

/// Stores `plain` (whose SHA-256 is `sha256`) unless a sound copy is already there: written
/// to a temporary name in the same folder, synced, renamed, and the folder synced.
pub(crate) fn store(db: &Db, sha256: &str, plain: &[u8]) -> Result<()> {
    let dir = dir_for(db.path());
    let path = path_of(&dir, sha256);
    if path.exists() && load(db, sha256).is_ok() {
        return Ok(());
    }
    let bytes = match file_cipher(db) {
        Some(cipher) => {
            let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
            let sealed = cipher
                .encrypt(
                    &nonce,
                    Payload {
                        msg: plain,
                        aad: sha256.as_bytes(),
                    },
                )
                .map_err(|_| Error::Storage("encrypting a photo failed".into()))?;
            let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&nonce);
            out.extend_from_slice(&sealed);
            out
        }
        None => plain.to_vec(),
    };
    let folder = path.parent().unwrap_or(&dir);
    fs::create_dir_all(folder).map_err(storage_error)?;
    let temp = folder.join(format!("{TEMP_PREFIX}{}", Uuid::now_v7()));
    let written = (|| {
        let mut f = File::create(&temp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        fs::rename(&temp, &path)?;
        sync_dir(folder)?;
        sync_dir(&dir)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(storage_error(e));
    }
    Ok(())
}

/// The plain bytes of the file `sha256`, checked against its name: a missing, damaged or
/// substituted file is [`Error::CorruptData`], never shown.
pub(crate) fn load(db: &Db, sha256: &str) -> Result<Vec<u8>> {
    let path = path_of(&dir_for(db.path()), sha256);
    let raw = fs::read(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::CorruptData(format!("photo file {sha256} is missing"))
        } else {
            storage_error(e)
        }
    })?;
    let plain = match file_cipher(db) {
        Some(cipher) => {
            let damaged = || Error::CorruptData(format!("photo file {sha256} is damaged"));
            if raw.len() < MAGIC.len() + NONCE_LEN || &raw[..MAGIC.len()] != MAGIC {
                return Err(damaged());
            }
            let nonce = XNonce::from_slice(&raw[MAGIC.len()..MAGIC.len() + NONCE_LEN]);
            cipher
                .decrypt(
                    nonce,
                    Payload {
                        msg: &raw[MAGIC.len() + NONCE_LEN..],
                        aad: sha256.as_bytes(),
                    },
                )
                .map_err(|_| damaged())?
        }
        None => raw,
    };
    if sha256_hex(&plain) != sha256 {
        return Err(Error::CorruptData(format!(
            "photo file {sha256} does not match its record"
        )));
    }
    Ok(plain)
}

/// Copies into `to` every stored photo file of `from` that `to` lacks (both folders laid out
/// as above): each under a temporary name, synced, renamed. Files are named by their content
/// and never change, so a file present under its name is the same file, and a backup folder
/// can share one photo store across all its backups. Returns how many were copied.
pub(crate) fn mirror(from: &Path, to: &Path) -> std::io::Result<usize> {
    let Ok(folders) = fs::read_dir(from) else {
        return Ok(0); // no photos yet
    };
    let mut copied = 0;
    for folder in folders {
        let folder = folder?;
        let name = folder.file_name();
        if name == UNREFERENCED || !folder.file_type()?.is_dir() {
            continue;
        }
        let target = to.join(&name);
        for file in fs::read_dir(folder.path())? {
            let file = file?;
            let file_name = file.file_name();
            if file_name.to_string_lossy().starts_with(TEMP_PREFIX)
                || target.join(&file_name).exists()
            {
                continue;
            }
            fs::create_dir_all(&target)?;
            let temp = target.join(format!("{TEMP_PREFIX}{}", Uuid::now_v7()));
            let done = fs::copy(file.path(), &temp)
                .and_then(|_| File::open(&temp)?.sync_all())
                .and_then(|()| fs::rename(&temp, target.join(&file_name)));
            if let Err(e) = done {
                let _ = fs::remove_file(&temp);
                return Err(e);
            }
            copied += 1;
        }
        sync_dir(&target)?;
    }
    Ok(copied)
}

/// What a sweep removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sweep {
    /// Files no photo row names (a crash between writing a file and committing its row, or
    /// photos of a database a restore set aside), moved to `unreferenced/`.
    pub orphans: usize,
    /// Temporary files of writes that never finished.
    pub partials: usize,
}

/// Clears the photo folder of files no photo row names, and of leftover temporary files. Run
/// at start, before anything adds photos; files changed in the last ten minutes are left for
/// the next start in case another process is adding one right now. Temporary files are
/// deleted (never acknowledged, never whole); unnamed whole files are moved to
/// `unreferenced/` rather than deleted, because "no row names it" also describes the photos
/// of a database set aside by a restore, which an admin may still want back.
pub fn sweep_orphans(db: &Db) -> Result<Sweep> {
    let dir = dir_for(db.path());
    let mut sweep = Sweep::default();
    let Ok(folders) = fs::read_dir(&dir) else {
        return Ok(sweep);
    };
    let named: HashSet<String> = db.read(|conn| {
        let mut stmt = conn.prepare("SELECT sha256, thumb_sha256 FROM photo")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut set = HashSet::new();
        for row in rows {
            let (a, b) = row?;
            set.insert(a);
            set.insert(b);
        }
        Ok(set)
    })?;
    let settled = SystemTime::now() - Duration::from_secs(600);
    let kept_aside = dir.join(UNREFERENCED);
    for folder in folders.flatten() {
        if folder.file_name() == UNREFERENCED {
            continue;
        }
        let Ok(files) = fs::read_dir(folder.path()) else {
            continue;
        };
        for file in files.flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            let partial = name.starts_with(TEMP_PREFIX);
            if !partial && named.contains(&name) {
                continue;
            }
            let recent = file
                .metadata()
                .and_then(|m| m.modified())
                .map_or(true, |t| t > settled);
            if recent {
                continue;
            }
            if partial {
                if fs::remove_file(file.path()).is_ok() {
                    sweep.partials += 1;
                }
            } else if fs::create_dir_all(&kept_aside).is_ok()
                && fs::rename(file.path(), kept_aside.join(&name)).is_ok()
            {
                sweep.orphans += 1;
            }
        }
    }
    if sweep != Sweep::default() {
        log::info!(
            "photo sweep: {} unreferenced file(s) set aside, {} partial file(s) removed",
            sweep.orphans,
            sweep.partials
        );
    }
    Ok(sweep)
}
