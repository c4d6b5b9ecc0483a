//! Consent templates: the texts patients sign, versioned. Seeded by the migration (a
//! microneedling treatment consent and a photo consent) and edited by adding a version, so
//! a consent signed on version 1 still reads as version 1 after version 2 is saved.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;
use uuid::Uuid;

use super::ConsentKind;
use crate::audit::{Action, Actor, Change};
use crate::db::{parse_id, parse_ts, ts, Db};
use crate::digest::sha256_hex;
use crate::error::{Error, Result};
use crate::text;
use crate::validate::Check;

const TITLE_MAX: usize = 120;
const TEXT_MIN: usize = 20;
const TEXT_MAX: usize = 20_000;

/// One version of a consent text, exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateVersion {
    /// Its id: what a consent names.
    pub id: Uuid,
    /// 1, 2, … within its template.
    pub version: u32,
    /// The title printed above the text.
    pub title: String,
    /// The full text.
    pub text: String,
    /// SHA-256 (hex) of the text's UTF-8 bytes: what the UI sends back when it is signed.
    pub text_sha256: String,
    /// When it was saved (UTC).
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Who saved it; `null` for the seeded versions.
    pub created_by: Option<Uuid>,
}

/// An older version, for the template's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateVersionSummary {
    /// Its id.
    pub id: Uuid,
    /// Its number.
    pub version: u32,
    /// Its title.
    pub title: String,
    /// When it was saved (UTC).
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

/// A consent template with its current (highest) version and the older ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentTemplate {
    /// Its id.
    pub id: Uuid,
    /// Treatment or photo.
    pub kind: ConsentKind,
    /// Its name in lists.
    pub title: String,
    /// The version new consents are signed on.
    pub current: TemplateVersion,
    /// Older versions, newest first.
    pub history: Vec<TemplateVersionSummary>,
}

/// A new version of a template's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateVersionInput {
    /// The template.
    pub template_id: Uuid,
    /// The title printed above the text (1–120 characters).
    pub title: String,
    /// The full text (20–20,000 characters).
    pub text: String,
}

/// Every consent template (treatment first), each with its current version and history.
/// A text that no longer matches its hash is refused as damage: nobody is shown it to sign.
pub fn templates(db: &Db) -> Result<Vec<ConsentTemplate>> {
    db.read(|conn| load(conn, None))
}

/// Saves a new version of `input.template_id`'s text, by `by`, and returns the template.
/// The versions before stay as they are, and so does every consent signed on them. A version
/// identical to the current one is refused.
pub fn save_template_version(
    db: &Db,
    by: &Actor,
    input: TemplateVersionInput,
) -> Result<ConsentTemplate> {
    let mut c = Check::default();
    let title = c.required_line("title", "Title", &input.title, TITLE_MAX);
    // One line ending, so the same words hash the same whichever platform typed them.
    let text = text::clean(&input.text.replace("\r\n", "\n"));
    let length = text.chars().count();
    if length < TEXT_MIN {
        c.fail(
            "text",
            format!("The consent text needs at least {TEXT_MIN} characters."),
        );
    } else if length > TEXT_MAX {
        c.fail("text", "The consent text can be at most 20,000 characters.");
    }
    if text::has_note_control(&text) {
        c.fail(
            "text",
            "The consent text contains an invisible control character.",
        );
    }
    c.finish()?;
    let text_sha256 = sha256_hex(text.as_bytes());
    db.write_audited(by, |tx| {
        let before = one(tx, input.template_id)?;
        if before.current.title == title && before.current.text == text {
            return Err(Error::Conflict(format!(
                "This is the same as version {}: there is nothing new to save.",
                before.current.version
            )));
        }
        let id = Uuid::now_v7();
        let version = before.current.version + 1;
        tx.prepare_cached(
            "INSERT INTO consent_template_version (id, template_id, version, title, text,
                 text_sha256, created_at, created_by, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            id.to_string(),
            input.template_id.to_string(),
            version,
            title,
            text,
            text_sha256,
            ts(by.now),
            by.user_id.to_string(),
            db.workstation_id().to_string()
        ])?;
        let after = one(tx, input.template_id)?;
        let change = Change::new(Action::Settings, "consent_template", input.template_id)
            .old_value(&json!({
                "version_id": before.current.id,
                "version": before.current.version,
                "text_sha256": before.current.text_sha256,
            }))
            .new_value(&json!({
                "version_id": id,
                "version": version,
                "title": title,
                "text_sha256": text_sha256,
            }));
        Ok((after, change))
    })
}

/// A version as a consent is recorded against it.
pub(super) struct Signable {
    pub kind: ConsentKind,
    /// True while no later version of its template exists.
    pub is_current: bool,
    pub version: TemplateVersion,
}

/// The version `id` with its template's kind, its text checked against its hash.
pub(super) fn version(conn: &Connection, id: Uuid) -> Result<Signable> {
    let found = conn
        .prepare_cached(
            "SELECT t.kind, v.version = (SELECT max(o.version) FROM consent_template_version o
                                         WHERE o.template_id = v.template_id),
                    v.id, v.version, v.title, v.text, v.text_sha256, v.created_at, v.created_by
             FROM consent_template_version v JOIN consent_template t ON t.id = v.template_id
             WHERE v.id = ?1",
        )?
        .query_row(params![id.to_string()], |r| {
            Ok((|| {
                Ok(Signable {
                    kind: ConsentKind::parse(&r.get::<_, String>(0)?)?,
                    is_current: r.get(1)?,
                    version: version_row(r, 2)?,
                })
            })())
        })
        .optional()?;
    found.ok_or_else(|| Error::NotFound {
        entity: "consent template version",
        id: id.to_string(),
    })?
}

fn one(conn: &Connection, id: Uuid) -> Result<ConsentTemplate> {
    load(conn, Some(id))?.pop().ok_or_else(|| Error::NotFound {
        entity: "consent template",
        id: id.to_string(),
    })
}

fn load(conn: &Connection, only: Option<Uuid>) -> Result<Vec<ConsentTemplate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.kind, t.title, v.id, v.version, v.title, v.text, v.text_sha256,
                v.created_at, v.created_by
         FROM consent_template t JOIN consent_template_version v ON v.template_id = t.id
         WHERE ?1 IS NULL OR t.id = ?1
         ORDER BY CASE t.kind WHEN 'treatment' THEN 0 ELSE 1 END, t.title, t.id,
                  v.version DESC",
    )?;
    let mut rows = stmt.query(params![only.map(|id| id.to_string())])?;
    let mut out: Vec<ConsentTemplate> = Vec::new();
    while let Some(r) = rows.next()? {
        let id = parse_id("consent_template.id", &r.get::<_, String>(0)?)?;
        let v = version_row(r, 3)?;
        match out.last_mut() {
            Some(t) if t.id == id => t.history.push(TemplateVersionSummary {
                id: v.id,
                version: v.version,
                title: v.title,
                created_at: v.created_at,
            }),
            _ => out.push(ConsentTemplate {
                id,
                kind: ConsentKind::parse(&r.get::<_, String>(1)?)?,
                title: r.get(2)?,
                current: v,
                history: Vec::new(),
            }),
        }
    }
    Ok(out)
}

/// A version from the seven columns starting at `at`.
fn version_row(r: &Row<'_>, at: usize) -> Result<TemplateVersion> {
    let v = TemplateVersion {
        id: parse_id("consent_template_version.id", &r.get::<_, String>(at)?)?,
        version: r.get(at + 1)?,
        title: r.get(at + 2)?,
        text: r.get(at + 3)?,
        text_sha256: r.get(at + 4)?,
        created_at: parse_ts(
            "consent_template_version.created_at",
            &r.get::<_, String>(at + 5)?,
        )?,
        created_by: r
            .get::<_, Option<String>>(at + 6)?
            .map(|s| parse_id("consent_template_version.created_by", &s))
            .transpose()?,
    };
    if sha256_hex(v.text.as_bytes()) != v.text_sha256 {
        return Err(Error::CorruptData(
            "consent_template_version.text does not match its hash".into(),
        ));
    }
    Ok(v)
}
