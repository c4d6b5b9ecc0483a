//! The photos and consents of a packet: each photo as a file in `photos/`, each consent as
//! its full text (as signed) in `consents/` beside its signature or scan, and a section of
//! the summary listing both. A patient's copy of their record includes them: the photos are
//! part of the record, the consents are what they agreed to.
//!
//! File names carry dates, phases, kinds and short ids, never a name. Nothing here reads a
//! whole patient's photos into memory at once: each is read and written in turn.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::html::{Page, Row, BLANK};
use super::labels::Clock;
use crate::consent::{self, Consent, ConsentKind, ConsentMethod, PhotoScope, SignerRelation};
use crate::db::Db;
use crate::error::Result;
use crate::photos::{self, Photo, PhotoPhase, PhotoSize, PhotoView};

pub(super) const PHOTOS: &str = "photos";
pub(super) const CONSENTS: &str = "consents";

/// A photo and the name it has in the packet.
pub(super) struct PacketPhoto {
    pub photo: Photo,
    pub file: String,
}

/// A consent and the names of its files in the packet.
pub(super) struct PacketConsent {
    pub consent: Consent,
    pub text_file: String,
    pub picture_file: Option<String>,
}

fn short(id: uuid::Uuid) -> String {
    id.simple().to_string()[24..].to_string()
}

/// The patient's photos (removed ones included: they are kept in the record) and consents,
/// with their file names.
pub(super) fn read(
    db: &Db,
    patient_id: uuid::Uuid,
    clock: Clock,
) -> Result<(Vec<PacketPhoto>, Vec<PacketConsent>)> {
    let photos = photos::list(db, patient_id)?
        .into_iter()
        .map(|photo| {
            let ext = if photo.media_type == "image/png" {
                "png"
            } else {
                "jpg"
            };
            let file = format!(
                "{PHOTOS}/{}-{}-{}-{}.{ext}",
                clock.day(photo.session_started_at).format("%Y-%m-%d"),
                phase_code(photo.phase),
                view_code(photo.view),
                short(photo.id)
            );
            PacketPhoto { photo, file }
        })
        .collect();
    let consents = consent::patient_consents(db, patient_id)?
        .into_iter()
        .map(|c| {
            let stem = format!(
                "{CONSENTS}/{}-{}-v{}-{}",
                clock.day(c.signed_at).format("%Y-%m-%d"),
                kind_label(c.kind).to_lowercase(),
                c.template_version,
                short(c.id)
            );
            let picture_file = match c.method {
                ConsentMethod::Drawn if c.has_signature => Some(format!("{stem}-signature.png")),
                ConsentMethod::Paper if c.has_scan => Some(format!(
                    "{stem}-scan.{}",
                    if c.scan_media_type.as_deref() == Some("image/png") {
                        "png"
                    } else {
                        "jpg"
                    }
                )),
                _ => None,
            };
            PacketConsent {
                text_file: format!("{stem}.txt"),
                picture_file,
                consent: c,
            }
        })
        .collect();
    Ok((photos, consents))
}

/// Writes each photo and consent file into `dir` with `write` (which never overwrites and
/// syncs), reading one at a time.
pub(super) fn write_files(
    db: &Db,
    dir: &Path,
    photos: &[PacketPhoto],
    consents: &[PacketConsent],
    now: DateTime<Utc>,
    clock: Clock,
    write: impl Fn(&Path, &str, &[u8]) -> Result<()>,
) -> Result<()> {
    for p in photos {
        let (bytes, _) = photos::read_image(db, p.photo.patient_id, p.photo.id, PhotoSize::Full)?;
        write(dir, &p.file, &bytes)?;
    }
    for c in consents {
        let doc = consent::consent_document(db, c.consent.id)?;
        write(
            dir,
            &c.text_file,
            consent_text(&doc.consent, &doc.text, now, clock).as_bytes(),
        )?;
        if let (Some(name), Some(bytes)) = (&c.picture_file, doc.signature_png.or(doc.scan)) {
            write(dir, name, &bytes)?;
        }
    }
    Ok(())
}

/// A consent as a plain text file: who, when, how, then the text exactly as signed.
fn consent_text(c: &Consent, text: &str, now: DateTime<Utc>, clock: Clock) -> String {
    let mut out = format!(
        "{} (version {})\n\nSigned: {}\nSigned by: {} ({})\nWitness: {}\nHow: {}\n",
        c.template_title,
        c.template_version,
        clock.at(c.signed_at),
        c.signer_name,
        relation_label(c.signer_relation),
        c.witness_name,
        method_label(c.method),
    );
    if c.kind == ConsentKind::Photo {
        out.push_str(&format!("Photo uses agreed: {}\n", scopes_label(&c.scopes)));
    }
    match &c.revoked {
        Some(r) => out.push_str(&format!(
            "Revoked from {}: {}\n",
            super::labels::date(r.effective_on),
            r.reason
        )),
        None => out.push_str(&format!(
            "In force when this copy was made ({}).\n",
            clock.at(now)
        )),
    }
    out.push_str(&format!(
        "Text fingerprint (SHA-256): {}\n\n---\n\n{}\n",
        c.text_sha256,
        text.trim_end()
    ));
    out
}

/// The summary's section listing the packet's photos and consents.
pub(super) fn render(
    p: &mut Page,
    photos: &[PacketPhoto],
    consents: &[PacketConsent],
    clock: Clock,
) {
    p.tag("<section class=\"extras\">\n<h2>Photos</h2>\n");
    if photos.is_empty() {
        p.none("No photos are recorded.");
    } else {
        let rows: Vec<Row> = photos
            .iter()
            .map(|x| Row {
                cells: vec![
                    x.file.clone(),
                    super::labels::date(clock.day(x.photo.session_started_at)),
                    phase_label(x.photo.phase).into(),
                    view_label(x.photo.view).into(),
                    x.photo.area_name.clone().unwrap_or_else(|| BLANK.into()),
                ],
                more: x.photo.removal.as_ref().map(|r| {
                    format!(
                        "Removed from view on {} by {}: {} (kept in the record).",
                        clock.at(r.removed_at),
                        r.removed_by_name,
                        if r.reason.is_empty() {
                            BLANK
                        } else {
                            &r.reason
                        }
                    )
                }),
            })
            .collect();
        p.table(&["File", "Session", "Phase", "View", "Area"], &rows);
    }
    p.tag("<h2>Consents</h2>\n");
    if consents.is_empty() {
        p.none("No consents are recorded.");
    } else {
        let rows: Vec<Row> = consents
            .iter()
            .map(|x| {
                let c = &x.consent;
                Row {
                    cells: vec![
                        x.text_file.clone(),
                        format!("{} (version {})", c.template_title, c.template_version),
                        clock.at(c.signed_at),
                        format!("{} ({})", c.signer_name, relation_label(c.signer_relation)),
                        method_label(c.method).into(),
                    ],
                    more: match (&c.revoked, c.kind) {
                        (Some(r), _) => Some(format!(
                            "Revoked from {}: {}",
                            super::labels::date(r.effective_on),
                            r.reason
                        )),
                        (None, ConsentKind::Photo) => {
                            Some(format!("Photo uses agreed: {}.", scopes_label(&c.scopes)))
                        }
                        (None, ConsentKind::Treatment) => None,
                    },
                }
            })
            .collect();
        p.table(&["File", "Consent", "Signed", "Signed by", "How"], &rows);
    }
    p.tag("</section>\n");
}

fn phase_code(p: PhotoPhase) -> &'static str {
    match p {
        PhotoPhase::Baseline => "baseline",
        PhotoPhase::Before => "before",
        PhotoPhase::After => "after",
        PhotoPhase::FollowUp => "follow-up",
    }
}

fn view_code(v: PhotoView) -> &'static str {
    match v {
        PhotoView::Frontal => "frontal",
        PhotoView::ObliqueLeft => "oblique-left",
        PhotoView::ObliqueRight => "oblique-right",
        PhotoView::LateralLeft => "lateral-left",
        PhotoView::LateralRight => "lateral-right",
        PhotoView::CloseUp => "close-up",
    }
}

fn phase_label(p: PhotoPhase) -> &'static str {
    match p {
        PhotoPhase::Baseline => "Baseline",
        PhotoPhase::Before => "Before treatment",
        PhotoPhase::After => "Immediately after",
        PhotoPhase::FollowUp => "Follow-up",
    }
}

fn view_label(v: PhotoView) -> &'static str {
    match v {
        PhotoView::Frontal => "Frontal",
        PhotoView::ObliqueLeft => "Oblique left",
        PhotoView::ObliqueRight => "Oblique right",
        PhotoView::LateralLeft => "Lateral left",
        PhotoView::LateralRight => "Lateral right",
        PhotoView::CloseUp => "Close-up",
    }
}

fn kind_label(k: ConsentKind) -> &'static str {
    match k {
        ConsentKind::Treatment => "Treatment",
        ConsentKind::Photo => "Photo",
    }
}

fn relation_label(r: SignerRelation) -> &'static str {
    match r {
        SignerRelation::Patient => "the patient",
        SignerRelation::Guardian => "guardian",
    }
}

fn method_label(m: ConsentMethod) -> &'static str {
    match m {
        ConsentMethod::Drawn => "Signed on screen",
        ConsentMethod::Paper => "Signed on paper (scan attached)",
    }
}

fn scopes_label(scopes: &[PhotoScope]) -> String {
    scopes
        .iter()
        .map(|s| match s {
            PhotoScope::ClinicalRecord => "clinical record",
            PhotoScope::Teaching => "teaching",
            PhotoScope::Marketing => "marketing",
        })
        .collect::<Vec<_>>()
        .join(", ")
}
