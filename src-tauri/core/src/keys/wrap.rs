//! Wrapping the database key for one key slot: XChaCha20-Poly1305 (authenticated, so a
//! wrong password or a tampered slot is detected, never mistaken for another key) under a
//! key-encryption key derived from the user's password with Argon2id, or from the recovery
//! key's 160 random bits with SHA-256.
//!
//! Each slot's additional data names its owner, so a slot cannot be relabelled to another
//! user or to the recovery key.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::db::DbKey;
use crate::error::{Error, Result};

/// Argon2id cost of a password slot: the same as the account hashes (19 MiB, 2 passes, 1
/// lane), so unlocking costs one password check more.
pub(super) const M_COST: u32 = 19 * 1024;
pub(super) const T_COST: u32 = 2;
pub(super) const P_COST: u32 = 1;

/// A key-encryption key.
pub(super) struct Kek(Zeroizing<[u8; 32]>);

/// Fresh random bytes (salts).
pub(super) fn random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    OsRng.fill_bytes(&mut out);
    out
}

/// The key-encryption key for `password` with `salt` and the given costs.
pub(super) fn password_kek(password: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Kek> {
    let params = Params::new(m, t, p, Some(32))
        .map_err(|e| Error::CorruptData(format!("a key slot has invalid parameters ({e})")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, out.as_mut())
        .map_err(|e| Error::CorruptData(format!("a key slot cannot be derived ({e})")))?;
    Ok(Kek(out))
}

/// The key-encryption key for a recovery secret.
pub(super) fn recovery_kek(secret: &[u8]) -> Kek {
    let mut h = Sha256::new();
    h.update(b"dermalog recovery key v1\0");
    h.update(secret);
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&h.finalize());
    Kek(out)
}

/// Wraps `key` under `kek`; returns (nonce, ciphertext).
pub(super) fn seal(kek: &Kek, key: &DbKey, owner: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let cipher = XChaCha20Poly1305::new(kek.0.as_ref().into());
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: key.bytes(),
                aad: owner.as_bytes(),
            },
        )
        .map_err(|_| Error::CorruptData("the database key cannot be wrapped".into()))?;
    Ok((nonce.to_vec(), sealed))
}

/// Unwraps a slot; `None` when `kek` is not the one it was sealed with (a wrong password)
/// or the slot was altered.
pub(super) fn open(kek: &Kek, nonce: &[u8], sealed: &[u8], owner: &str) -> Option<DbKey> {
    if nonce.len() != 24 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(kek.0.as_ref().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                nonce.into(),
                Payload {
                    msg: sealed,
                    aad: owner.as_bytes(),
                },
            )
            .ok()?,
    );
    let bytes: [u8; 32] = plain.as_slice().try_into().ok()?;
    Some(DbKey::from_bytes(Zeroizing::new(bytes)))
}
