//! Password hashing with Argon2id (the RustCrypto `argon2` crate), in PHC string form so
//! the algorithm, parameters and salt are stored with each hash and can be raised later
//! without breaking existing accounts.
//!
//! Parameters: Argon2id v1.3, 19 MiB memory, 2 iterations, 1 lane, 16-byte random salt,
//! 32-byte output: the OWASP minimum recommendation, about 30 ms per check on this
//! machine's cores in a release build, which is slow for a guesser and unnoticeable at
//! sign-in.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{Error, Result};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest password accepted (a bound on hashing work).
pub const MAX_LENGTH: usize = 200;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, Some(32)).expect("constant parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The field error for an unacceptable new password, if it is one.
pub fn problem(password: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        Some(format!(
            "The password needs at least {MIN_LENGTH} characters."
        ))
    } else if n > MAX_LENGTH {
        Some(format!(
            "The password can be at most {MAX_LENGTH} characters."
        ))
    } else {
        None
    }
}

/// A PHC string for `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::CorruptData(format!("password hashing failed: {e}")))
}

/// True when `password` matches the stored `phc` string. A stored value that is not a
/// valid hash is damage, not a mismatch.
pub fn matches(password: &str, phc: &str) -> Result<bool> {
    let parsed = PasswordHash::new(phc)
        .map_err(|_| Error::CorruptData("a stored password hash is not readable".into()))?;
    // The parameters come from the stored string, so older hashes keep verifying.
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// Spends the time of one real check, so an unknown user name takes as long to refuse as a
/// wrong password.
pub fn waste_one_check(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("not a password of anyone").unwrap_or_default());
    let _ = matches(password, phc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_is_argon2id() {
        let h = hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(matches("correct horse battery", &h).expect("check"));
        assert!(!matches("correct horse batterY", &h).expect("check"));
        assert_ne!(h, hash("correct horse battery").expect("hash"), "salted");
        assert!(matches("x", "not a hash").is_err());
    }

    #[test]
    fn short_and_overlong_passwords_are_refused() {
        assert!(problem("123456789").is_some());
        assert!(problem("1234567890").is_none());
        assert!(problem(&"x".repeat(201)).is_some());
    }
}
