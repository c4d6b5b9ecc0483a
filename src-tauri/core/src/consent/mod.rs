//! Patient consent: to microneedling treatment, and to photographs for the clinical record,
//! teaching and marketing. The session form asks [`consent_status`] whether a treatment
//! consent is in force; a photo export asks [`photo_use_allowed`].
//!
//! Invariants:
//! - consent texts are versioned templates ([`templates`]); a version never changes (triggers
//!   refuse it) and an edit adds the next version, so what was signed stays readable as
//!   signed;
//! - a consent names the exact version and carries the SHA-256 of its text; the UI sends the
//!   hash of the text it displayed and a mismatch is refused, so nobody signs a text other
//!   than the one recorded;
//! - a drawn signature or a paper scan is decoded with size limits and re-encoded before it
//!   is stored, so only pixels are kept (no EXIF, no GPS), and the stored bytes are hashed;
//! - a consent is never deleted and changes once at most, when it is revoked (from a date,
//!   with a reason); triggers refuse anything else, even from raw SQL;
//! - [`consent_document`] (and its halves [`consent_record`], [`consent_picture`]) re-checks
//!   every hash on read: a mismatch is damage, not a default;
//! - names, texts and pictures go into neither the log nor the audit values.

mod images;
mod read;
mod record;
mod templates;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};

pub use images::{SCAN_MAX_BYTES, SIGNATURE_MAX_BYTES};
pub use read::{
    consent_document, consent_picture, consent_record, consent_status, patient_consents,
    photo_use_allowed,
};
pub use record::{record_consent, revoke_consent};
pub use templates::{
    save_template_version, templates, ConsentTemplate, TemplateVersion, TemplateVersionInput,
    TemplateVersionSummary,
};

/// What a consent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// Consent to microneedling treatment.
    Treatment,
    /// Consent to clinical photographs, for the scopes ticked.
    Photo,
}

impl ConsentKind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            ConsentKind::Treatment => "treatment",
            ConsentKind::Photo => "photo",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<ConsentKind> {
        match s {
            "treatment" => Ok(ConsentKind::Treatment),
            "photo" => Ok(ConsentKind::Photo),
            _ => Err(Error::CorruptData("consent kind is unknown".into())),
        }
    }
}

/// A use of a patient's photographs that a photo consent may allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PhotoScope {
    /// Part of the clinical record: every photo consent includes it.
    ClinicalRecord,
    /// Shown for teaching (courses, journals), unnamed.
    Teaching,
    /// Used in the clinic's publicity, unnamed.
    Marketing,
}

/// Who signed, relative to the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum SignerRelation {
    /// The patient signed for themselves.
    #[serde(rename = "self")]
    Patient,
    /// A parent or legal guardian signed for the patient.
    #[serde(rename = "guardian")]
    Guardian,
}

impl SignerRelation {
    pub(crate) fn code(self) -> &'static str {
        match self {
            SignerRelation::Patient => "self",
            SignerRelation::Guardian => "guardian",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<SignerRelation> {
        match s {
            "self" => Ok(SignerRelation::Patient),
            "guardian" => Ok(SignerRelation::Guardian),
            _ => Err(Error::CorruptData(
                "patient_consent.signer_relation is unknown".into(),
            )),
        }
    }
}

/// How the consent was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// Signed on screen: the signature drawn on a canvas is kept as a PNG.
    Drawn,
    /// Signed on paper: the clinician keeps a scan of the signed form.
    Paper,
}

impl ConsentMethod {
    pub(crate) fn code(self) -> &'static str {
        match self {
            ConsentMethod::Drawn => "drawn",
            ConsentMethod::Paper => "paper",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<ConsentMethod> {
        match s {
            "drawn" => Ok(ConsentMethod::Drawn),
            "paper" => Ok(ConsentMethod::Paper),
            _ => Err(Error::CorruptData(
                "patient_consent.method is unknown".into(),
            )),
        }
    }
}

/// A consent to record. The pictures travel as byte arrays: a canvas signature is some tens
/// of kilobytes; a scan may be up to [`SCAN_MAX_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentInput {
    /// The patient.
    pub patient_id: Uuid,
    /// The template version shown to the signer.
    pub template_version_id: Uuid,
    /// SHA-256 (hex) of the text displayed, as [`templates`] gave it.
    pub text_sha256: String,
    /// Photo uses agreed to: at least `clinical_record` for a photo consent, none for a
    /// treatment consent.
    pub scopes: Vec<PhotoScope>,
    /// The signer's name as they write it.
    pub signer_name: String,
    /// The patient, or their guardian.
    pub signer_relation: SignerRelation,
    /// Drawn on screen or on paper.
    pub method: ConsentMethod,
    /// The drawn signature as PNG (drawn only), at most [`SIGNATURE_MAX_BYTES`]. Over IPC
    /// the picture is the request's raw body, not part of this JSON.
    #[ts(type = "Uint8Array | null")]
    pub signature_png: Option<Vec<u8>>,
    /// The scan of the signed paper form, JPEG, PNG or WebP (paper only), at most
    /// [`SCAN_MAX_BYTES`]. Over IPC, the request's raw body.
    #[ts(type = "Uint8Array | null")]
    pub scan: Option<Vec<u8>>,
}

/// A request to revoke a consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevokeConsentInput {
    /// The consent.
    pub consent_id: Uuid,
    /// Why (1–500 characters).
    pub reason: String,
    /// The first day the consent no longer holds: not before the day it was signed, not
    /// after today.
    pub effective_on: NaiveDate,
}

/// How a consent was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Revocation {
    /// When it was recorded (UTC).
    #[ts(type = "string")]
    pub revoked_at: DateTime<Utc>,
    /// The first day the consent no longer holds.
    pub effective_on: NaiveDate,
    /// Who recorded it.
    pub revoked_by: Uuid,
    /// Why.
    pub reason: String,
}

/// A stored consent, without its pictures (see [`consent_document`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Consent {
    /// Its id.
    pub id: Uuid,
    /// The patient.
    pub patient_id: Uuid,
    /// Treatment or photo.
    pub kind: ConsentKind,
    /// The template.
    pub template_id: Uuid,
    /// The exact version signed.
    pub template_version_id: Uuid,
    /// That version's number.
    pub template_version: u32,
    /// That version's title, as printed.
    pub template_title: String,
    /// SHA-256 (hex) of the text signed.
    pub text_sha256: String,
    /// Photo uses agreed to (empty for treatment).
    pub scopes: Vec<PhotoScope>,
    /// Who signed, as they wrote their name.
    pub signer_name: String,
    /// The patient, or their guardian.
    pub signer_relation: SignerRelation,
    /// Drawn on screen or on paper.
    pub method: ConsentMethod,
    /// When (UTC).
    #[ts(type = "string")]
    pub signed_at: DateTime<Utc>,
    /// The signed-in user who witnessed it.
    pub witness_id: Uuid,
    /// Their printed name at that moment.
    pub witness_name: String,
    /// A drawn signature is stored.
    pub has_signature: bool,
    /// SHA-256 (hex) of the stored signature PNG.
    pub signature_sha256: Option<String>,
    /// A scan of the paper form is stored.
    pub has_scan: bool,
    /// The scan's media type (`image/jpeg` or `image/png`).
    pub scan_media_type: Option<String>,
    /// SHA-256 (hex) of the stored scan.
    pub scan_sha256: Option<String>,
    /// Set once the consent is revoked.
    pub revoked: Option<Revocation>,
}

impl Consent {
    /// True when the consent holds on `on`: signed that day or before, and not revoked from
    /// that day or before.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.signed_at.date_naive() <= on
            && self.revoked.as_ref().is_none_or(|r| r.effective_on > on)
    }
}

/// What a patient has consented to on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentStatus {
    /// The newest treatment consent in force that day; `None`: warn before treating.
    pub treatment: Option<Consent>,
    /// Every photo use allowed that day, in a fixed order.
    pub photo_scopes: Vec<PhotoScope>,
}

/// The printable consent record: the consent, the full text exactly as signed, and the
/// signature or scan, all checked against their hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentDocument {
    /// The consent.
    pub consent: Consent,
    /// The full text of the version signed.
    pub text: String,
    /// The drawn signature (PNG). Not in the IPC reply's JSON: the shell's
    /// `get_consent_picture` sends it as raw bytes, and the UI's API layer puts it here.
    #[serde(skip_serializing, default)]
    #[ts(type = "Uint8Array | null")]
    pub signature_png: Option<Vec<u8>>,
    /// The scan of the paper form, of `consent.scan_media_type`; over IPC as the signature.
    #[serde(skip_serializing, default)]
    #[ts(type = "Uint8Array | null")]
    pub scan: Option<Vec<u8>>,
}
