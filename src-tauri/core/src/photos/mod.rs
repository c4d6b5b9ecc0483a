//! Before/after photos of a session: what is stored, how a file becomes a photo, and who may
//! read one.
//!
//! Invariants:
//! - an image is decoded with limits ([`LIMITS`]) and written again from its pixels, so no
//!   metadata of the original (GPS, camera, time, comments) reaches the disk; the EXIF
//!   orientation is applied first so the stored picture stands upright;
//! - the files live in `<db>.photos/`, named by the SHA-256 of their (plain) bytes; each is
//!   written under a temporary name, synced and renamed **before** its row is committed, so
//!   a row never points at a missing or partial file; files without a row (a crash between
//!   the two) are swept at start ([`sweep_orphans`]): set aside, not deleted;
//! - backups carry the photo files: a backup folder keeps one shared store
//!   (`<backup folder>/photos/`, files copied as they are, encrypted ones still encrypted),
//!   and a restore copies back whatever the live store lacks;
//! - with an encrypted database the files are encrypted too (XChaCha20-Poly1305 under a key
//!   derived from the database key), including while they sit under the temporary name;
//! - photo rows are never changed or deleted (triggers): removing one adds a removal row;
//!   on a signed session that removal is an addendum and needs a reason. Nothing can be added
//!   to a signed session, and the signature covers the session's photos
//!   ([`crate::signing`]);
//! - a photo is read only together with its patient's id, so a caller can only reach photos
//!   of the patient it names; the original file name is never stored or logged;
//! - a photo leaves the record for teaching or marketing only with a photo consent of that
//!   scope in force ([`check_use`]).

mod export;
mod files;
mod process;
mod read;
mod verify;
mod write;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::sessions::{DeviceKind, SessionStatus};

pub use export::check_use;
pub(crate) use files::mirror;
pub use files::{dir_for, sweep_orphans, Sweep};
pub use process::{process, Processed, LIMITS};
pub(crate) use read::signed_digest;
pub use read::{list, read_image};
pub use verify::{verify_files, PhotoFileCheck, PhotoFileProblem};
pub use write::{add, remove};

/// When in the course of treatment a photo was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PhotoPhase {
    /// Before the first session of a course.
    Baseline,
    /// At this session, before treatment.
    Before,
    /// Immediately after treatment.
    After,
    /// At a later check.
    FollowUp,
}

/// The standard view, so photos of different sessions compare like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PhotoView {
    /// Straight on.
    Frontal,
    /// 45° from the patient's left.
    ObliqueLeft,
    /// 45° from the patient's right.
    ObliqueRight,
    /// The left profile.
    LateralLeft,
    /// The right profile.
    LateralRight,
    /// A close-up of one spot.
    CloseUp,
}

/// Which of a photo's two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PhotoSize {
    /// The thumbnail (at most 400 pixels a side, JPEG; `process::THUMB_SIDE`).
    Thumb,
    /// The stored image at full size.
    Full,
}

/// What the photos being added are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhotoInput {
    /// The session they belong to (a draft).
    pub session_id: Uuid,
    /// The treated area shown, if one.
    pub area_id: Option<Uuid>,
    /// Baseline, before, after or follow-up.
    pub phase: PhotoPhase,
    /// The standard view.
    pub view: PhotoView,
}

/// A request to remove a photo from view (it is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RemovePhotoInput {
    /// The photo.
    pub photo_id: Uuid,
    /// Why; required once the session is signed.
    pub reason: String,
}

/// How a photo was removed from view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PhotoRemoval {
    /// When.
    #[ts(type = "string")]
    pub removed_at: DateTime<Utc>,
    /// By whom, as printed then.
    pub removed_by_name: String,
    /// Why.
    pub reason: String,
    /// The session was signed: the removal is an addendum.
    pub after_signing: bool,
}

/// A stored photo, with what the compare view shows under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Photo {
    /// Id.
    pub id: Uuid,
    /// Patient.
    pub patient_id: Uuid,
    /// Session.
    pub session_id: Uuid,
    /// The session's start (UTC).
    #[ts(type = "string")]
    pub session_started_at: DateTime<Utc>,
    /// Draft or signed.
    pub session_status: SessionStatus,
    /// The area shown, if one.
    pub area_id: Option<Uuid>,
    /// Its name.
    pub area_name: Option<String>,
    /// Phase.
    pub phase: PhotoPhase,
    /// View.
    pub view: PhotoView,
    /// Pixels across (upright).
    pub width: u32,
    /// Pixels down (upright).
    pub height: u32,
    /// Size of the stored image.
    #[ts(type = "number")]
    pub bytes: u64,
    /// `image/jpeg` or `image/png`.
    pub media_type: String,
    /// SHA-256 (hex) of the stored image.
    pub sha256: String,
    /// When it was added (UTC).
    #[ts(type = "string")]
    pub added_at: DateTime<Utc>,
    /// Who added it.
    pub added_by_name: String,
    /// The needle depth of that area in that session, if the area was treated.
    pub depth_mm: Option<f64>,
    /// The device used on that area.
    pub device_kind: Option<DeviceKind>,
    /// Serums of that session (on that area or the whole session), with lots.
    pub serums: Vec<String>,
    /// Set when removed from view.
    pub removal: Option<PhotoRemoval>,
}
