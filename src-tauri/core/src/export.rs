//! CSV exports of the lot recall, a session search, each report and the audit trail, as UTF-8 with a byte
//! order mark (so spreadsheet programs read accents right) and a header row.
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or carriage return) get a leading apostrophe: a patient named "=HYPERLINK(…)" stays
//! text. Numbers and dates are written as they are. Exports carry patient details, so
//! callers log what was exported (kind, row count), never the content.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::reports::{self, Dimension, ReportPeriod};
use crate::sessions::{self, PageRequest, SessionFilter, PAGE_MAX};

/// What to export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CsvRequest {
    /// Every use of a product or cartridge lot, with the patients' contact details.
    Recall {
        /// The lot.
        lot: String,
    },
    /// Every session a search finds (up to the search's total cap).
    Sessions {
        /// The search.
        filter: SessionFilter,
    },
    /// The reactions report.
    Reactions {
        /// Grouped by.
        dimension: Dimension,
        /// Period.
        period: ReportPeriod,
    },
    /// Sessions per month.
    SessionsPerMonth {
        /// Period.
        period: ReportPeriod,
    },
    /// Courses due and overdue.
    CoursesDue,
    /// The audit rows a viewer's filters select (paging ignored: all of them).
    Audit {
        /// The filters.
        query: crate::audit::AuditQuery,
    },
}

/// A finished export, not yet written anywhere.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvFile {
    /// A file name to suggest ("recall-HA-2611-2026-11-21.csv").
    pub suggested_name: String,
    /// Data rows (header not counted).
    pub rows: usize,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Builds the CSV for `request` as of `today`.
pub fn csv(db: &Db, request: &CsvRequest, today: NaiveDate) -> Result<CsvFile> {
    let mut out = Sheet::new();
    let name = match request {
        CsvRequest::Recall { lot } => {
            if lot.trim().is_empty() {
                return Err(Error::invalid("lot", "Enter the lot number to recall."));
            }
            out.header(&[
                "Session date (UTC)",
                "Used as",
                "Product or areas",
                "Lot",
                "Family name",
                "Given name",
                "Record number",
                "Phone",
                "Email",
                "Patient id",
                "Session id",
            ]);
            for h in crate::recall::by_lot(db, lot)? {
                out.row(&[
                    h.started_at.to_rfc3339(),
                    match h.used_as {
                        crate::recall::LotUse::Product => "product".into(),
                        crate::recall::LotUse::Cartridge => "cartridge".into(),
                    },
                    h.what,
                    lot.trim().to_string(),
                    h.family_name,
                    h.given_name,
                    h.mrn.unwrap_or_default(),
                    h.phone.unwrap_or_default(),
                    h.email.unwrap_or_default(),
                    h.patient_id.to_string(),
                    h.session_id.to_string(),
                ]);
            }
            format!("recall-{}", file_part(lot))
        }
        CsvRequest::Sessions { filter } => {
            out.header(&[
                "Session date (UTC)",
                "Family name",
                "Given name",
                "Record number",
                "Clinician",
                "Areas",
                "Devices",
                "Products",
                "Reactions (highest grade)",
                "Patient id",
                "Session id",
            ]);
            let mut offset = 0;
            loop {
                let page = sessions::search(
                    db,
                    filter,
                    PageRequest {
                        offset,
                        limit: PAGE_MAX,
                    },
                )?;
                let n = page.hits.len();
                for h in page.hits {
                    out.row(&[
                        h.started_at.to_rfc3339(),
                        h.family_name,
                        h.given_name,
                        h.mrn.unwrap_or_default(),
                        h.clinician_name,
                        h.areas,
                        h.devices,
                        h.products,
                        h.reactions,
                        h.patient_id.to_string(),
                        h.session_id.to_string(),
                    ]);
                }
                offset += u32::try_from(n).unwrap_or(PAGE_MAX);
                if n < PAGE_MAX as usize || offset >= page.total {
                    break;
                }
            }
            "sessions".to_string()
        }
        CsvRequest::Reactions { dimension, period } => {
            let r = reports::reactions(db, *dimension, period)?;
            out.header(&[
                &r.heading,
                "Sessions",
                "Reaction",
                "Grade",
                "Grade label",
                "Sessions with this grade",
                "Share of sessions (%)",
            ]);
            for g in std::iter::once(&r.overall).chain(r.groups.iter()) {
                for t in &r.reaction_types {
                    for grade in &t.grades {
                        let n = g
                            .cells
                            .iter()
                            .find(|c| c.reaction_type_id == t.id && c.grade == grade.grade)
                            .map_or(0, |c| c.sessions);
                        let share = if g.sessions == 0 {
                            0.0
                        } else {
                            f64::from(n) * 100.0 / f64::from(g.sessions)
                        };
                        out.row(&[
                            g.label.clone(),
                            g.sessions.to_string(),
                            t.name.clone(),
                            grade.grade.to_string(),
                            grade.label.clone(),
                            n.to_string(),
                            format!("{share:.1}"),
                        ]);
                    }
                }
            }
            format!(
                "reactions-by-{}-{}-to-{}",
                dimension_file(*dimension),
                r.period.from_month,
                r.period.to_month
            )
        }
        CsvRequest::Audit { query } => {
            out.header(&[
                "Time (UTC)",
                "User",
                "User id",
                "Action",
                "Entity",
                "Entity id",
                "Patient id",
                "Reason",
                "Old value (JSON)",
                "New value (JSON)",
                "Workstation",
                "Sequence",
                "Hash",
            ]);
            let mut q = query.clone();
            q.offset = 0;
            q.limit = 500;
            loop {
                let page = crate::audit::list(db, &q)?;
                let n = page.len();
                for e in page {
                    out.row(&[
                        e.at,
                        e.user_name.unwrap_or_default(),
                        e.user_id.map(|u| u.to_string()).unwrap_or_default(),
                        e.action.code().to_string(),
                        e.entity,
                        e.entity_id.unwrap_or_default(),
                        e.patient_id.map(|p| p.to_string()).unwrap_or_default(),
                        e.reason.unwrap_or_default(),
                        e.old_value.unwrap_or_default(),
                        e.new_value.unwrap_or_default(),
                        e.workstation_id.to_string(),
                        e.seq.to_string(),
                        e.hash,
                    ]);
                }
                if n < 500 {
                    break;
                }
                q.offset += 500;
            }
            "audit-trail".to_string()
        }
        CsvRequest::SessionsPerMonth { period } => {
            out.header(&["Month", "Sessions"]);
            for m in reports::sessions_per_month(db, period)? {
                out.row(&[m.month, m.sessions.to_string()]);
            }
            format!(
                "sessions-per-month-{}-to-{}",
                period.from_month.trim(),
                period.to_month.trim()
            )
        }
        CsvRequest::CoursesDue => {
            let r = reports::courses_due(db, today)?;
            out.header(&[
                "State",
                "Days overdue",
                "Next due",
                "Family name",
                "Given name",
                "Course",
                "Sessions done",
                "Sessions planned",
                "Patient id",
                "Course id",
            ]);
            for c in r.courses {
                let state = match c.course.state {
                    crate::courses::CourseState::Overdue => "overdue",
                    _ => "due soon",
                };
                out.row(&[
                    state.to_string(),
                    c.course.days_overdue.to_string(),
                    c.course
                        .next_due_on
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    c.family_name,
                    c.given_name,
                    c.course.name,
                    c.course.sessions_done.to_string(),
                    c.course.target_sessions.to_string(),
                    c.course.patient_id.to_string(),
                    c.course.id.to_string(),
                ]);
            }
            "courses-due".to_string()
        }
    };
    let rows = out.rows;
    Ok(CsvFile {
        suggested_name: format!("{name}-{today}.csv"),
        rows,
        bytes: out.finish()?,
    })
}

fn dimension_file(d: Dimension) -> &'static str {
    match d {
        Dimension::DeviceKind => "device-type",
        Dimension::DeviceModel => "device-model",
        Dimension::Serum => "serum",
        Dimension::DepthBand => "depth",
        Dimension::Fitzpatrick => "fitzpatrick",
    }
}

/// A lot number made safe for a file name.
fn file_part(s: &str) -> String {
    let part: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if part.is_empty() {
        "lot".into()
    } else {
        part
    }
}

/// Text a spreadsheet will not run.
pub(crate) fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

struct Sheet {
    writer: csv::Writer<Vec<u8>>,
    rows: usize,
    failed: Option<csv::Error>,
}

impl Sheet {
    fn new() -> Self {
        Sheet {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer("\u{feff}".as_bytes().to_vec()),
            rows: 0,
            failed: None,
        }
    }

    fn header(&mut self, cells: &[&str]) {
        if let Err(e) = self.writer.write_record(cells) {
            self.failed.get_or_insert(e);
        }
    }

    fn row(&mut self, cells: &[String]) {
        let safe: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        match self.writer.write_record(&safe) {
            Ok(()) => self.rows += 1,
            Err(e) => {
                self.failed.get_or_insert(e);
            }
        }
    }

    fn finish(self) -> Result<Vec<u8>> {
        if let Some(e) = self.failed {
            return Err(Error::CorruptData(format!("CSV could not be written: {e}")));
        }
        self.writer
            .into_inner()
            .map_err(|e| Error::CorruptData(format!("CSV could not be written: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_plain_text_is_untouched() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+44 20 7946 0958"), "'+44 20 7946 0958");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Dupont-Martin"), "Dupont-Martin");
        assert_eq!(cell("2026-11-21"), "2026-11-21");
    }

    #[test]
    fn lot_file_names_keep_only_safe_characters() {
        assert_eq!(file_part(" HA/26 11 "), "HA_26_11");
        assert_eq!(file_part("../../etc"), "______etc");
        assert_eq!(file_part("  "), "lot");
    }
}
