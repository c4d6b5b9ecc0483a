//! Whether a photo may leave the record for a given use: teaching and marketing need a photo
//! consent with that scope in force; the clinical record is what the photo was taken for.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::consent::{self, PhotoScope};
use crate::db::Db;
use crate::error::{Error, Result};

/// `Ok` when photos of `patient_id` may be used for `purpose` on `on`; otherwise an invalid
/// `purpose` saying which consent is missing.
pub fn check_use(db: &Db, patient_id: Uuid, purpose: PhotoScope, on: NaiveDate) -> Result<()> {
    if purpose == PhotoScope::ClinicalRecord
        || consent::photo_use_allowed(db, patient_id, purpose, on)?
    {
        return Ok(());
    }
    let what = match purpose {
        PhotoScope::Teaching => "teaching",
        _ => "marketing",
    };
    Err(Error::invalid(
        "purpose",
        format!(
            "This patient has no photo consent for {what} in force. Record a photo consent \
             that includes {what} before exporting photos for it."
        ),
    ))
}
