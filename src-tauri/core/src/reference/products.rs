//! The clinic's product catalogue: what it applies (serums, glides, post-care, numbing
//! creams) and uses (cartridges), and whether each is approved for intradermal use. Names
//! are unique ignoring case, so a product typed on a session finds its catalogue entry.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::audit::{Action, Actor, Change};
use crate::db::{parse_id, ts, Db};
use crate::error::{Error, Result};
use crate::text;
use crate::validate::{Check, SHORT_MAX};

/// What a catalogue product is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    /// Glide applied before needling.
    Glide,
    /// Serum.
    Serum,
    /// Post-care.
    PostCare,
    /// Numbing cream.
    Anaesthetic,
    /// Needle cartridge or roller head.
    Cartridge,
}

/// Whether a product is approved for use in the skin (needled in), not only on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Intradermal {
    /// Approved.
    Yes,
    /// Not approved.
    No,
    /// Not checked.
    Unknown,
}

/// A catalogue product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogueProduct {
    /// Row id.
    pub id: Uuid,
    /// Name, unique ignoring case.
    pub name: String,
    /// Kind.
    pub kind: ProductKind,
    /// Approved for intradermal use.
    pub intradermal: Intradermal,
    /// Note (shown with warnings).
    pub note: String,
    /// Hidden from new sessions.
    pub archived: bool,
}

/// Adds or edits a catalogue product (a new `id` adds one).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CatalogueProductInput {
    /// Client-generated id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ProductKind,
    /// Approved for intradermal use.
    pub intradermal: Intradermal,
    /// Note.
    pub note: String,
    /// Archive.
    pub archived: bool,
}

pub(crate) fn load_products(conn: &Connection) -> Result<Vec<CatalogueProduct>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, intradermal, note, archived FROM product ORDER BY sort_order, name",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(CatalogueProduct {
            id: parse_id("product.id", &r.get::<_, String>(0)?)?,
            name: r.get(1)?,
            kind: ProductKind::parse(&r.get::<_, String>(2)?)?,
            intradermal: Intradermal::parse(&r.get::<_, String>(3)?)?,
            note: r.get(4)?,
            archived: r.get(5)?,
        });
    }
    Ok(out)
}

/// Adds or edits a catalogue product, by `by`, with one `settings` audit row.
pub fn save_product(db: &Db, input: CatalogueProductInput, by: &Actor) -> Result<CatalogueProduct> {
    let mut c = Check::default();
    let name = c.required_line("name", "Name", &input.name, SHORT_MAX);
    let note = c
        .optional_line("note", "Note", Some(&input.note), 500)
        .unwrap_or_default();
    c.finish()?;
    let key = text::search_key(&name);
    let id = input.id.to_string();
    let ws = db.workstation_id().to_string();
    db.write_audited(by, |tx| {
        let taken: Option<String> = tx
            .prepare_cached("SELECT id FROM product WHERE name_key = ?1 AND id <> ?2")?
            .query_row(params![key, id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(Error::invalid(
                "name",
                "Another product already has this name.",
            ));
        }
        let before = load_products(tx)?.into_iter().find(|p| p.id == input.id);
        tx.prepare_cached(
            "INSERT INTO product (id, name, name_key, kind, intradermal, note, archived,
                 sort_order, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                 (SELECT coalesce(max(sort_order), 0) + 1 FROM product), ?8, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET name = ?2, name_key = ?3, kind = ?4,
                 intradermal = ?5, note = ?6, archived = ?7, updated_at = ?8,
                 workstation_id = ?9",
        )?
        .execute(params![
            id,
            name,
            key,
            input.kind.as_str(),
            input.intradermal.as_str(),
            note,
            input.archived,
            ts(by.now),
            ws
        ])?;
        let after = CatalogueProduct {
            id: input.id,
            name: name.clone(),
            kind: input.kind,
            intradermal: input.intradermal,
            note: note.clone(),
            archived: input.archived,
        };
        let change = Change::new(Action::Settings, "product", input.id)
            .old_value_if(before.as_ref())
            .new_value(&after);
        Ok((after, change))
    })
}

/// The catalogue entry a session's product row names: by id, else by name ignoring case.
pub(crate) fn find<'a>(
    products: &'a [CatalogueProduct],
    id: Option<Uuid>,
    name: &str,
) -> Option<&'a CatalogueProduct> {
    match id {
        Some(id) => products.iter().find(|p| p.id == id),
        None => {
            let key = text::search_key(name);
            products.iter().find(|p| text::search_key(&p.name) == key)
        }
    }
}
