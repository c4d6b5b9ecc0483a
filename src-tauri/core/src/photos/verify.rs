//! Checking every photo's files against its row, for `verify`: both files present, whole
//! (decrypted when the database is encrypted) and matching the SHA-256 the row holds.

use serde::Serialize;
use uuid::Uuid;

use super::{files, PhotoSize};
use crate::db::{parse_id, Db};
use crate::error::{Error, Result};

/// One file that does not match its row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhotoFileProblem {
    /// The photo.
    pub photo_id: Uuid,
    /// Which of its files.
    pub size: PhotoSize,
    /// `missing` or `damaged`.
    pub problem: &'static str,
}

/// What [`verify_files`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PhotoFileCheck {
    /// Photos checked.
    pub checked: u64,
    /// Files that are missing or do not match.
    pub problems: Vec<PhotoFileProblem>,
}

/// Reads every photo's image and thumbnail back and checks them against their hashes.
pub fn verify_files(db: &Db) -> Result<PhotoFileCheck> {
    let rows: Vec<(String, String, String)> = db.read(|conn| {
        let mut stmt = conn.prepare("SELECT id, sha256, thumb_sha256 FROM photo ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })?;
    let mut check = PhotoFileCheck::default();
    for (id, image, thumb) in rows {
        let photo_id = parse_id("photo.id", &id)?;
        check.checked += 1;
        for (size, sha) in [(PhotoSize::Full, image), (PhotoSize::Thumb, thumb)] {
            let problem = match files::load(db, &sha) {
                Ok(_) => continue,
                Err(Error::CorruptData(m)) if m.ends_with("is missing") => "missing",
                Err(Error::CorruptData(_)) => "damaged",
                Err(e) => return Err(e),
            };
            check.problems.push(PhotoFileProblem {
                photo_id,
                size,
                problem,
            });
        }
    }
    Ok(check)
}
