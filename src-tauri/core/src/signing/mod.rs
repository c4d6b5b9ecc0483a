//! Signing sessions and adding addenda to signed ones.
//!
//! Invariants:
//! - a session is a draft until its author (a clinician) signs it with their password; a
//!   signature stores signer, printed name, registration, time, meaning and the SHA-256 of
//!   the session's canonical content ([`content_hash`]);
//! - a signed session and its children never change: core refuses (`Error::Locked`) and
//!   triggers refuse the same for raw SQL; corrections, follow-up reactions and review
//!   comments are addenda, which only add;
//! - review and co-sign signatures come after the author's, from another clinician;
//! - [`verify`] recomputes every signed session's content hash.

mod addenda;
mod read;
mod sign;
mod verify;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::sessions::{Session, TimePoint};

pub use addenda::add_addendum;
pub(crate) use read::attach;
pub use sign::sign;
pub use verify::{verify, SignatureCheck, SignatureMismatch};

/// What a signature means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    /// The treating clinician's: signs and locks the session.
    Author,
    /// A clinician reviewed the signed record.
    Review,
    /// A supervising clinician co-signs.
    Cosign,
}

impl Meaning {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Meaning::Author => "author",
            Meaning::Review => "review",
            Meaning::Cosign => "cosign",
        }
    }

    pub(crate) fn parse(s: &str) -> crate::Result<Meaning> {
        match s {
            "author" => Ok(Meaning::Author),
            "review" => Ok(Meaning::Review),
            "cosign" => Ok(Meaning::Cosign),
            _ => Err(crate::Error::CorruptData(
                "session_signature.meaning is unknown".into(),
            )),
        }
    }
}

/// A stored signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Signature {
    /// Its id.
    pub id: Uuid,
    /// The signer's account.
    pub signer_id: Uuid,
    /// Their printed name when they signed.
    pub signer_name: String,
    /// Their registration number when they signed.
    pub signer_registration: String,
    /// Author, review or co-sign.
    pub meaning: Meaning,
    /// When (UTC).
    #[ts(type = "string")]
    pub signed_at: DateTime<Utc>,
    /// SHA-256 (hex) of the session content signed.
    pub content_hash: String,
}

/// What an addendum adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AddendumKind {
    /// A correction (clinicians), with a reason and optionally corrected values.
    Correction,
    /// Reactions seen at a follow-up time point (clinicians and aestheticians).
    FollowUp,
    /// A review comment (clinicians and aestheticians).
    Comment,
}

impl AddendumKind {
    pub(crate) fn code(self) -> &'static str {
        match self {
            AddendumKind::Correction => "correction",
            AddendumKind::FollowUp => "follow_up",
            AddendumKind::Comment => "comment",
        }
    }

    pub(crate) fn parse(s: &str) -> crate::Result<AddendumKind> {
        match s {
            "correction" => Ok(AddendumKind::Correction),
            "follow_up" => Ok(AddendumKind::FollowUp),
            "comment" => Ok(AddendumKind::Comment),
            _ => Err(crate::Error::CorruptData(
                "session_addendum.kind is unknown".into(),
            )),
        }
    }
}

/// A corrected value: which field, and what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Correction {
    /// The field as the form names it ("areas[0].needle_depth_mm", "notes").
    pub field: String,
    /// The corrected value, as text.
    pub value: String,
}

/// A reaction seen at a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FollowUpReaction {
    /// The reaction type.
    pub reaction_type_id: Uuid,
    /// Its grade on the type's scale.
    pub grade: i32,
    /// When it was seen.
    pub time_point: TimePoint,
    /// The area, when it was local.
    pub area_id: Option<Uuid>,
    /// A note.
    pub note: String,
}

/// A stored addendum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Addendum {
    /// Its id.
    pub id: Uuid,
    /// Correction, follow-up or comment.
    pub kind: AddendumKind,
    /// Who added it.
    pub author_id: Uuid,
    /// Their printed name then.
    pub author_name: String,
    /// When (UTC).
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Why (required for a correction).
    pub reason: String,
    /// The text.
    pub text: String,
    /// Corrected values.
    pub corrections: Vec<Correction>,
    /// Follow-up reactions.
    pub reactions: Vec<FollowUpReaction>,
}

/// A new addendum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AddendumInput {
    /// Client-generated id (a retry adds nothing twice).
    pub id: Uuid,
    /// The signed session.
    pub session_id: Uuid,
    /// What it adds.
    pub kind: AddendumKind,
    /// Why (required for a correction).
    pub reason: String,
    /// The text (required for a comment).
    pub text: String,
    /// Corrected values (corrections only).
    pub corrections: Vec<Correction>,
    /// Reactions (follow-ups only; at least one).
    pub reactions: Vec<FollowUpReaction>,
}

/// A request to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignInput {
    /// The session.
    pub session_id: Uuid,
    /// Author, review or co-sign.
    pub meaning: Meaning,
    /// The signer's password, entered again.
    pub password: String,
}

/// SHA-256 (hex) of the session's canonical content: everything recorded in the session and
/// its children, without what changes around it (status, last-changed time, course position
/// and target, rule codes, signatures and addenda). Always from a fully loaded session.
pub fn content_hash(session: &Session) -> String {
    let mut v = serde_json::to_value(session).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        for key in [
            "status",
            "updated_at",
            "course_number",
            "course_target",
            "signatures",
            "addenda",
        ] {
            map.remove(key);
        }
        if let Some(Value::Array(results)) = map.get_mut("screening") {
            for r in results {
                if let Value::Object(r) = r {
                    r.remove("rule_code");
                }
            }
        }
    }
    crate::audit::canonical::sha256_hex(&v)
}

/// The hash a signature holds: [`content_hash`], and when the session has photos, their
/// digest too ([`crate::photos`]); a session without photos hashes exactly as before photos
/// existed, so older signatures still verify.
pub(crate) fn signed_hash(conn: &rusqlite::Connection, session: &Session) -> crate::Result<String> {
    let content = content_hash(session);
    Ok(match crate::photos::signed_digest(conn, session.id)? {
        None => content,
        Some(photos) => crate::audit::canonical::sha256_hex(
            &serde_json::json!({ "content": content, "photos": photos }),
        ),
    })
}
