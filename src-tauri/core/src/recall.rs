//! Lot recall: every session (and its patient, with contact details) that used a product
//! lot or a cartridge lot. Exact match on the lot as recorded (trimmed); both lot columns
//! are indexed, so this is two index lookups whatever the size of the clinic.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::db::{parse_id, parse_ts, Db};
use crate::error::Result;

/// Where the lot was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LotUse {
    /// A product (serum, glide…) lot.
    Product,
    /// A needle cartridge or roller lot.
    Cartridge,
}

/// One use of the lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecallHit {
    /// Session.
    pub session_id: Uuid,
    /// When (UTC).
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    /// Product or cartridge.
    pub used_as: LotUse,
    /// The product's name, or the area the cartridge was used on.
    pub what: String,
    /// Patient.
    pub patient_id: Uuid,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Record number.
    pub mrn: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
}

/// Every use of `lot`, newest first. One row per session and use (a cartridge used on three
/// areas of one session is one row).
pub fn by_lot(db: &Db, lot: &str) -> Result<Vec<RecallHit>> {
    let lot = lot.trim();
    db.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.started_at, u.used_as, u.what, p.id, p.given_name, p.family_name,
                    p.mrn, p.phone, p.email
             FROM (SELECT session_id, 'product' AS used_as, name AS what
                   FROM product_applied WHERE lot = ?1
                   UNION
                   SELECT t.session_id, 'cartridge', group_concat(a.name, ', ')
                   FROM treated_area t JOIN area a ON a.id = t.area_id
                   WHERE t.cartridge_lot = ?1 GROUP BY t.session_id) u
             JOIN session s ON s.id = u.session_id
             JOIN patient p ON p.id = s.patient_id
             ORDER BY s.started_at DESC, s.id",
        )?;
        let mut rows = stmt.query(params![lot])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(RecallHit {
                session_id: parse_id("session.id", &r.get::<_, String>(0)?)?,
                started_at: parse_ts("session.started_at", &r.get::<_, String>(1)?)?,
                used_as: if r.get::<_, String>(2)? == "product" {
                    LotUse::Product
                } else {
                    LotUse::Cartridge
                },
                what: r.get(3)?,
                patient_id: parse_id("patient.id", &r.get::<_, String>(4)?)?,
                given_name: r.get(5)?,
                family_name: r.get(6)?,
                mrn: r.get(7)?,
                phone: r.get(8)?,
                email: r.get(9)?,
            });
        }
        Ok(out)
    })
}
