//! Finding sessions across the clinic (or within one patient's history) by lot, area,
//! device, product, reaction, clinician, course and date, newest first, a page at a time.
//!
//! Every filter is optional and they combine with AND. Text filters ignore case. An area
//! filter also finds sessions on areas that include it or that it includes (full face and
//! a cheek). A reaction filter finds sessions where that reaction (or any, without a type)
//! was recorded at `min_grade` or above at any time point; `min_grade` defaults to 1, so
//! "grade 0: none" is not a reaction. The total is counted up to `TOTAL_CAP`, so a filter
//! that matches most of a million sessions still answers at once.

use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::DeviceKind;
use crate::db::{parse_id, parse_ts, Db};
use crate::error::Result;
use crate::reference;
use crate::validate::Check;

/// Totals above this are reported as "more than".
pub const TOTAL_CAP: u32 = 10_000;
/// Most hits in one page.
pub const PAGE_MAX: u32 = 500;

/// What to look for. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SessionFilter {
    /// Only this patient's sessions.
    pub patient_id: Option<Uuid>,
    /// A product lot or a cartridge lot, exactly as recorded (surrounding spaces ignored).
    pub lot: Option<String>,
    /// A treated area (or one overlapping it).
    pub area_id: Option<Uuid>,
    /// Device type.
    pub device_kind: Option<DeviceKind>,
    /// Device model from the clinic's list.
    pub device_model_id: Option<Uuid>,
    /// Product name (serum, glide…), whole name, any case.
    pub product: Option<String>,
    /// Reaction type.
    pub reaction_type_id: Option<Uuid>,
    /// Lowest grade of the reaction (default 1 when a reaction type is chosen).
    pub min_grade: Option<i32>,
    /// Clinician's name, or its beginning, any case.
    pub clinician: Option<String>,
    /// Course.
    pub course_id: Option<Uuid>,
    /// First day (UTC), `YYYY-MM-DD`.
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// Last day (UTC), included.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
}

/// One session found, with what a list row shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionHit {
    /// Session.
    pub session_id: Uuid,
    /// When (UTC).
    #[ts(type = "string")]
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// Patient.
    pub patient_id: Uuid,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Record number.
    pub mrn: Option<String>,
    /// Clinician.
    pub clinician_name: String,
    /// Areas with depths, in the order recorded ("Forehead 1.00 mm, Chin 1.50 mm").
    pub areas: String,
    /// Devices used, in the order of the areas ("Derma pen, Stamp").
    pub devices: String,
    /// Products with lots ("Hyaluronic acid serum (lot HA-2611)").
    pub products: String,
    /// Highest grade of each reaction type ("Erythema 2, Oedema 1"); empty if none.
    pub reactions: String,
    /// Highest reaction grade, if any reaction was recorded.
    pub max_grade: Option<i32>,
}

/// One page of sessions found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionPage {
    /// The page, newest first.
    pub hits: Vec<SessionHit>,
    /// Sessions matching, up to `TOTAL_CAP`.
    pub total: u32,
    /// More than `total` match.
    pub more: bool,
}

/// Which part of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PageRequest {
    /// Hits to skip.
    pub offset: u32,
    /// Hits wanted (at most `PAGE_MAX`).
    pub limit: u32,
}

/// Sessions matching `filter`, newest first.
pub fn search(db: &Db, filter: &SessionFilter, page: PageRequest) -> Result<SessionPage> {
    search_tuned(db, filter, page, DRIVE_MAX)
}

/// `search` with another threshold for driving from a child index: 0 checks every child
/// filter session by session. Both ways must find the same sessions (tested).
#[doc(hidden)]
pub fn search_tuned(
    db: &Db,
    filter: &SessionFilter,
    page: PageRequest,
    drive_max: i64,
) -> Result<SessionPage> {
    let filter = check(filter)?;
    db.read(|conn| {
        let (conds, args) = conditions(conn, &filter, drive_max)?;
        let total: i64 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM session s WHERE {conds} LIMIT {})",
                TOTAL_CAP + 1
            ))?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        let limit = page.limit.clamp(1, PAGE_MAX);
        let sql = format!(
            "SELECT s.id, s.started_at, s.patient_id, p.given_name, p.family_name, p.mrn,
                    s.clinician_name,
                    (SELECT group_concat(x, ', ') FROM (
                        SELECT a.name || ' ' || printf('%.2f', t.needle_depth_um / 1000.0)
                               || ' mm' AS x
                        FROM treated_area t JOIN area a ON a.id = t.area_id
                        WHERE t.session_id = s.id ORDER BY t.position)),
                    (SELECT group_concat(k) FROM (
                        SELECT t.device_kind AS k, min(t.position) AS first
                        FROM treated_area t WHERE t.session_id = s.id
                        GROUP BY t.device_kind ORDER BY first)),
                    (SELECT group_concat(x, ', ') FROM (
                        SELECT pa.name || coalesce(' (lot ' || pa.lot || ')', '') AS x
                        FROM product_applied pa WHERE pa.session_id = s.id
                        ORDER BY pa.position)),
                    (SELECT group_concat(x, ', ') FROM (
                        SELECT rt.name || ' ' || w.g AS x
                        FROM (SELECT reaction_type_id, max(grade) AS g FROM reaction
                              WHERE session_id = s.id GROUP BY reaction_type_id) w
                        JOIN reaction_type rt ON rt.id = w.reaction_type_id
                        ORDER BY rt.sort_order)),
                    (SELECT max(grade) FROM reaction WHERE session_id = s.id)
             FROM session s JOIN patient p ON p.id = s.patient_id
             WHERE {conds}
             ORDER BY s.started_at DESC, s.id DESC
             LIMIT ?{} OFFSET ?{}",
            args.len() + 1,
            args.len() + 2
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let paging = [
            Value::Integer(i64::from(limit)),
            Value::Integer(i64::from(page.offset)),
        ];
        let mut rows = stmt.query(params_from_iter(args.iter().chain(paging.iter())))?;
        let mut hits = Vec::new();
        while let Some(r) = rows.next()? {
            let kinds: Option<String> = r.get(8)?;
            hits.push(SessionHit {
                session_id: parse_id("session.id", &r.get::<_, String>(0)?)?,
                started_at: parse_ts("session.started_at", &r.get::<_, String>(1)?)?,
                patient_id: parse_id("session.patient_id", &r.get::<_, String>(2)?)?,
                given_name: r.get(3)?,
                family_name: r.get(4)?,
                mrn: r.get(5)?,
                clinician_name: r.get(6)?,
                areas: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                devices: device_labels(kinds.as_deref())?,
                products: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                reactions: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                max_grade: r.get(11)?,
            });
        }
        let cap = i64::from(TOTAL_CAP);
        Ok(SessionPage {
            hits,
            total: u32::try_from(total.min(cap)).unwrap_or(TOTAL_CAP),
            more: total > cap,
        })
    })
}

fn device_labels(kinds: Option<&str>) -> Result<String> {
    let mut out = Vec::new();
    for k in kinds
        .unwrap_or_default()
        .split(',')
        .filter(|k| !k.is_empty())
    {
        out.push(crate::reports::device_kind_label(DeviceKind::parse(k)?));
    }
    Ok(out.join(", "))
}

/// The filter with its text cleaned as stored text is (trimmed, NFC; blank is no filter),
/// or field-level problems.
fn check(filter: &SessionFilter) -> Result<SessionFilter> {
    let mut c = Check::default();
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if to < from {
            c.fail(
                "to",
                "The last day is before the first. Swap them or pick a later day.",
            );
        }
    }
    if filter.min_grade.is_some_and(|g| !(0..=10).contains(&g)) {
        c.fail("min_grade", "Choose a grade from 0 to 10.");
    }
    let clean = SessionFilter {
        lot: c.optional_line("lot", "Lot", filter.lot.as_deref(), 100),
        product: c.optional_line("product", "Product", filter.product.as_deref(), 100),
        clinician: c.optional_line("clinician", "Clinician", filter.clinician.as_deref(), 100),
        ..filter.clone()
    };
    c.finish()?;
    Ok(clean)
}

/// A filter on a session's child rows (areas, products, reactions).
struct Child {
    /// Table and alias, e.g. `reaction r`.
    from: &'static str,
    alias: &'static str,
    /// Condition on the child row, with `?N` into the shared arguments.
    pred: String,
    /// Highest argument index `pred` uses.
    last_arg: usize,
}

impl Child {
    fn rows(&self) -> String {
        format!(
            "SELECT {}.session_id FROM {} WHERE {}",
            self.alias, self.from, self.pred
        )
    }

    fn exists(&self) -> String {
        format!(
            "EXISTS (SELECT 1 FROM {} WHERE {a}.session_id = s.id AND {})",
            self.from,
            self.pred,
            a = self.alias
        )
    }
}

/// A child filter matching at most this many rows drives the search from its index (then
/// the matches are sorted by date); broader ones are checked session by session, newest
/// first, which finds a page of matches quickly because they are common.
const DRIVE_MAX: i64 = 50_000;

/// The WHERE clause (over `session s`) and its arguments.
fn conditions(
    conn: &Connection,
    f: &SessionFilter,
    drive_max: i64,
) -> Result<(String, Vec<Value>)> {
    let mut conds: Vec<String> = vec!["1".into()];
    let mut args: Vec<Value> = Vec::new();
    let arg = |args: &mut Vec<Value>, v: Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(p) = f.patient_id {
        conds.push(format!(
            "s.patient_id = {}",
            arg(&mut args, Value::Text(p.to_string()))
        ));
    }
    if let Some(from) = f.from {
        conds.push(format!(
            "s.started_at >= {}",
            arg(&mut args, Value::Text(from.to_string()))
        ));
    }
    if let Some(to) = f.to {
        let next = to + Duration::days(1);
        conds.push(format!(
            "s.started_at < {}",
            arg(&mut args, Value::Text(next.to_string()))
        ));
    }
    if let Some(lot) = f.lot.clone() {
        // Lots are rare: always driven from the two lot indexes.
        let a = arg(&mut args, Value::Text(lot));
        conds.push(format!(
            "s.id IN (SELECT session_id FROM product_applied WHERE lot = {a}
                      UNION SELECT session_id FROM treated_area WHERE cartridge_lot = {a})"
        ));
    }
    if let Some(who) = &f.clinician {
        let escaped = who
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        conds.push(format!(
            "s.clinician_name LIKE {} ESCAPE '\\'",
            arg(&mut args, Value::Text(format!("{escaped}%")))
        ));
    }
    if let Some(course) = f.course_id {
        conds.push(format!(
            "s.course_id = {}",
            arg(&mut args, Value::Text(course.to_string()))
        ));
    }
    let mut children: Vec<Child> = Vec::new();
    if let Some(area) = f.area_id {
        let reference = reference::load(conn)?;
        let mut ids: Vec<String> = reference
            .areas
            .iter()
            .filter(|a| reference.areas_overlap(area, a.id))
            .map(|a| arg(&mut args, Value::Text(a.id.to_string())))
            .collect();
        if ids.is_empty() {
            ids.push(arg(&mut args, Value::Text(area.to_string())));
        }
        children.push(Child {
            from: "treated_area t",
            alias: "t",
            pred: format!("t.area_id IN ({})", ids.join(", ")),
            last_arg: args.len(),
        });
    }
    if let Some(kind) = f.device_kind {
        let a = arg(&mut args, Value::Text(kind.as_str().into()));
        children.push(Child {
            from: "treated_area t",
            alias: "t",
            pred: format!("t.device_kind = {a}"),
            last_arg: args.len(),
        });
    }
    if let Some(model) = f.device_model_id {
        let a = arg(&mut args, Value::Text(model.to_string()));
        children.push(Child {
            from: "treated_area t",
            alias: "t",
            pred: format!("t.device_model_id = {a}"),
            last_arg: args.len(),
        });
    }
    if let Some(product) = f.product.clone() {
        let a = arg(&mut args, Value::Text(product));
        children.push(Child {
            from: "product_applied pa",
            alias: "pa",
            pred: format!("pa.name = {a} COLLATE NOCASE"),
            last_arg: args.len(),
        });
    }
    if f.reaction_type_id.is_some() || f.min_grade.is_some() {
        let of_type = f.reaction_type_id.map_or(String::new(), |t| {
            format!(
                "r.reaction_type_id = {} AND ",
                arg(&mut args, Value::Text(t.to_string()))
            )
        });
        let grade = arg(
            &mut args,
            Value::Integer(i64::from(f.min_grade.unwrap_or(1))),
        );
        children.push(Child {
            from: "reaction r",
            alias: "r",
            pred: format!("{of_type}r.grade >= {grade}"),
            last_arg: args.len(),
        });
    }
    // The most selective child filter, if narrow enough, drives the search.
    let mut driver: Option<(usize, i64)> = None;
    for (i, c) in children.iter().enumerate() {
        let n: i64 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM ({} LIMIT {})",
                c.rows(),
                drive_max + 1
            ))?
            .query_row(params_from_iter(args[..c.last_arg].iter()), |r| r.get(0))?;
        if n <= drive_max && driver.is_none_or(|(_, best)| n < best) {
            driver = Some((i, n));
        }
    }
    for (i, c) in children.iter().enumerate() {
        if driver.is_some_and(|(d, _)| d == i) {
            conds.push(format!("s.id IN ({})", c.rows()));
        } else {
            conds.push(c.exists());
        }
    }
    Ok((conds.join(" AND "), args))
}
