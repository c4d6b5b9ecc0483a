//! Patient search: by record number, date of birth or name prefixes, as index range scans
//! so a short prefix stays fast at clinic scale.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::{PatientQuery, PatientSummary};
use crate::db::{parse_date, parse_id, parse_ts, Db};
use crate::error::Result;
use crate::text;

/// What a search text means.
enum Needle {
    Everyone,
    /// A date of birth; an MRN could also look like this, so both are tried.
    Date(NaiveDate, String),
    /// Name prefixes (each word starts the given or family name) or an exact MRN.
    Words(Vec<String>, String),
}

fn parse_query(text: &str) -> Needle {
    let t = text.trim();
    if t.is_empty() {
        return Needle::Everyone;
    }
    let mrn = text::search_key(t);
    for fmt in ["%Y-%m-%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Needle::Date(d, mrn);
        }
    }
    let words = text::search_key(t)
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    Needle::Words(words, mrn)
}

/// The exclusive upper bound of every string that starts with `prefix`: U+10FFFF sorts after
/// any character in SQLite's binary (UTF-8 byte) order, so `key >= p AND key < p||max` is an
/// index range scan.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Searches patients: by record number or date of birth ordered by family then given name;
/// by name, a matching record number first, then family-name matches (by family, given),
/// then given-name matches (by given, family).
pub fn list(db: &Db, query: &PatientQuery) -> Result<Vec<PatientSummary>> {
    let limit = query.limit.unwrap_or(200).clamp(1, 1000);
    let archived = if query.include_archived {
        ""
    } else {
        "AND p.archived = 0"
    };
    let summary = "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.mrn,
                p.fitzpatrick, p.archived,
                p.last_session_at, p.session_count
         FROM patient p";
    db.read(|conn| match parse_query(&query.text) {
        Needle::Everyone => {
            let sql = format!(
                "{summary} WHERE 1 {archived} ORDER BY p.family_key, p.given_key, p.id LIMIT ?1"
            );
            collect(conn, &sql, params![limit])
        }
        Needle::Date(d, mrn) => {
            let sql = format!(
                "{summary} WHERE (p.date_of_birth = ?1 OR p.mrn_key = ?2) {archived}
                 ORDER BY p.family_key, p.given_key, p.id LIMIT ?3"
            );
            collect(conn, &sql, params![d.to_string(), mrn, limit])
        }
        Needle::Words(words, mrn) => {
            // Three streams, each an index walk that stops at `limit` rows: an exact record
            // number first, then family names starting with the first word (by family,
            // given), then given names starting with it (by given, family). Sorting every
            // match of a short prefix instead would cost milliseconds at 100,000 patients.
            // Later words are checked on the rows the first one finds.
            let first = words.first().cloned().unwrap_or_default();
            let rest: Vec<&String> = words.iter().skip(1).collect();
            let mut extra = String::new();
            for i in 0..rest.len() {
                let (lo, hi) = (4 + 2 * i, 5 + 2 * i);
                extra.push_str(&format!(
                    " AND ((p.given_key >= ?{lo} AND p.given_key < ?{hi})
                        OR (p.family_key >= ?{lo} AND p.family_key < ?{hi})
                        OR instr(p.given_key, ' ' || ?{lo}) > 0
                        OR instr(p.family_key, ' ' || ?{lo}) > 0
                        OR instr(p.family_key, '-' || ?{lo}) > 0)"
                ));
            }
            let family = "p.family_key >= ?2 AND p.family_key < ?3";
            let given = "p.given_key >= ?2 AND p.given_key < ?3";
            let sql = format!(
                "{summary} JOIN (
                     SELECT id, 0 AS rank, '' AS k1, '' AS k2 FROM patient p
                     WHERE p.mrn_key = ?1 {archived}
                     UNION ALL
                     SELECT id, 1, family_key, given_key FROM (
                         SELECT id, family_key, given_key FROM patient p
                         WHERE {family} AND p.mrn_key IS NOT ?1 {archived} {extra}
                         ORDER BY p.family_key, p.given_key, p.id LIMIT {limit})
                     UNION ALL
                     SELECT id, 2, given_key, family_key FROM (
                         SELECT id, family_key, given_key FROM patient p
                         WHERE {given} AND NOT ({family}) AND p.mrn_key IS NOT ?1 {archived}
                             {extra}
                         ORDER BY p.given_key, p.family_key, p.id LIMIT {limit})
                 ) m ON m.id = p.id
                 ORDER BY m.rank, m.k1, m.k2, p.id LIMIT {limit}"
            );
            let mut values: Vec<String> = vec![mrn, first.clone(), prefix_end(&first)];
            for w in rest {
                values.push(w.clone());
                values.push(prefix_end(w));
            }
            collect(conn, &sql, rusqlite::params_from_iter(values))
        }
    })
}

fn collect(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<PatientSummary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(PatientSummary {
            id: parse_id("patient.id", &r.get::<_, String>(0)?)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            date_of_birth: parse_date("patient.date_of_birth", &r.get::<_, String>(3)?)?,
            mrn: r.get(4)?,
            fitzpatrick: r.get(5)?,
            archived: r.get(6)?,
            last_session_at: r
                .get::<_, Option<String>>(7)?
                .map(|t| parse_ts("session.started_at", &t))
                .transpose()?,
            session_count: r.get(8)?,
        });
    }
    Ok(out)
}
