//! SHA-256 fingerprints as the database keeps them: lowercase hex. Photos, consent texts and
//! pictures, and import files are checked against these.

use sha2::{Digest, Sha256};

/// `bytes` as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`, as lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
