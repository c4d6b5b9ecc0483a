//! The printable summary: one self-contained HTML page (inline CSS, no scripts, nothing
//! fetched from elsewhere) that any browser shows, prints and saves as PDF.
//!
//! Escaping holds by construction: markup enters the page only as `&'static str` literals
//! ([`Page::tag`]); everything else goes through [`Page::text`], which escapes it. A name or
//! note can therefore never become markup, whatever it holds. The page's own
//! Content-Security-Policy forbids scripts as a second line of defence.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::labels::{self, Clock};
use super::session;
use crate::error::{Error, Result};
use crate::patients::Patient;
use crate::reference::{Area, DeviceModel, ReactionScale, ReactionType, ReferenceData};
use crate::sessions::Session;

/// Appends `s` with the five characters that are special in HTML text and in quoted
/// attributes replaced by character references.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Markup under construction.
pub(super) struct Page {
    out: String,
}

impl Page {
    fn new() -> Page {
        Page {
            out: String::with_capacity(32 * 1024),
        }
    }

    /// Literal markup; `'static` so that no stored value can be passed here by mistake.
    pub(super) fn tag(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Data, escaped.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s);
        self
    }

    /// `<name>text</name>`.
    pub(super) fn el(&mut self, name: &'static str, s: &str) -> &mut Self {
        self.tag("<")
            .tag(name)
            .tag(">")
            .text(s)
            .tag("</")
            .tag(name)
            .tag(">")
    }

    /// One term and its value in a `<dl>`.
    pub(super) fn item(&mut self, term: &str, value: &str) -> &mut Self {
        self.tag("<div>")
            .el("dt", term)
            .el("dd", value)
            .tag("</div>\n")
    }

    /// A table with a header row; a row's `more`, when given, is a full-width line under it.
    pub(super) fn table(&mut self, headers: &[&'static str], rows: &[Row]) -> &mut Self {
        self.tag("<table>\n<thead><tr>");
        for h in headers {
            self.tag("<th scope=\"col\">").text(h).tag("</th>");
        }
        self.tag("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.tag("<tr>");
            for c in &row.cells {
                self.el("td", c);
            }
            self.tag("</tr>\n");
            if let Some(more) = &row.more {
                self.tag("<tr class=\"more\"><td colspan=\"")
                    .text(&headers.len().to_string())
                    .tag("\">")
                    .text(more)
                    .tag("</td></tr>\n");
            }
        }
        self.tag("</tbody>\n</table>\n")
    }

    /// A line saying a list is empty.
    pub(super) fn none(&mut self, s: &str) -> &mut Self {
        self.tag("<p class=\"none\">").text(s).tag("</p>\n")
    }
}

/// One table row.
pub(super) struct Row {
    pub cells: Vec<String>,
    pub more: Option<String>,
}

/// What an empty cell shows, so a reader sees "not recorded" rather than a gap.
pub(super) const BLANK: &str = "—";

/// `s`, or [`BLANK`] when it is missing or only spaces.
pub(super) fn or_blank(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => BLANK.to_string(),
    }
}

/// The reference lists a record's ids and codes are named from.
pub(super) struct Lists<'r> {
    areas: HashMap<Uuid, &'r Area>,
    indications: HashMap<&'r str, &'r str>,
    reaction_types: HashMap<Uuid, &'r ReactionType>,
    scales: HashMap<Uuid, &'r ReactionScale>,
    device_models: HashMap<Uuid, &'r DeviceModel>,
}

impl<'r> Lists<'r> {
    pub(super) fn new(r: &'r ReferenceData) -> Lists<'r> {
        Lists {
            areas: r.areas.iter().map(|a| (a.id, a)).collect(),
            indications: r
                .indications
                .iter()
                .map(|i| (i.code.as_str(), i.name.as_str()))
                .collect(),
            reaction_types: r.reaction_types.iter().map(|t| (t.id, t)).collect(),
            scales: r.reaction_scales.iter().map(|s| (s.id, s)).collect(),
            device_models: r.device_models.iter().map(|d| (d.id, d)).collect(),
        }
    }

    pub(super) fn area(&self, id: Uuid) -> Result<&'r str> {
        self.areas
            .get(&id)
            .map(|a| a.name.as_str())
            .ok_or_else(|| unknown("area"))
    }

    /// Indication names, in the record's order, joined for one line.
    pub(super) fn indications(&self, codes: &[String]) -> Result<String> {
        let names = codes
            .iter()
            .map(|c| {
                self.indications
                    .get(c.as_str())
                    .copied()
                    .ok_or_else(|| unknown("indication"))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(if names.is_empty() {
            BLANK.to_string()
        } else {
            names.join("; ")
        })
    }

    pub(super) fn reaction_type(&self, id: Uuid) -> Result<&'r ReactionType> {
        self.reaction_types
            .get(&id)
            .copied()
            .ok_or_else(|| unknown("reaction type"))
    }

    pub(super) fn scale(&self, id: Uuid) -> Result<&'r ReactionScale> {
        self.scales
            .get(&id)
            .copied()
            .ok_or_else(|| unknown("reaction scale"))
    }

    pub(super) fn device_model(&self, id: Uuid) -> Result<&'r DeviceModel> {
        self.device_models
            .get(&id)
            .copied()
            .ok_or_else(|| unknown("device model"))
    }
}

/// Same wording as the FHIR export: a reference the lists do not hold is damage, and a
/// copy of the record must not paper over it.
fn unknown(what: &str) -> Error {
    Error::CorruptData(format!("a record names a {what} that is not in the lists"))
}

/// What the page shows.
pub(super) struct Record<'a> {
    pub clinic_name: &'a str,
    pub patient: &'a Patient,
    /// Newest first.
    pub sessions: &'a [Session],
    pub lists: Lists<'a>,
    pub now: DateTime<Utc>,
    pub clock: Clock,
    pub photos: &'a [super::extras::PacketPhoto],
    pub consents: &'a [super::extras::PacketConsent],
}

pub(super) fn render(r: &Record<'_>) -> Result<String> {
    let mut p = Page::new();
    let name = full_name(r.patient);
    p.tag("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .tag(
            "<meta http-equiv=\"Content-Security-Policy\" \
             content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        )
        .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .tag("<title>Treatment record: ")
        .text(&name)
        .tag("</title>\n<style>\n")
        .tag(CSS)
        .tag("</style>\n</head>\n<body>\n<header>\n");
    if !r.clinic_name.trim().is_empty() {
        p.tag("<p class=\"clinic\">")
            .text(r.clinic_name.trim())
            .tag("</p>\n");
    }
    p.tag("<h1>Microneedling treatment record</h1>\n<p class=\"meta\">")
        .text(&format!(
            "Record prepared on {}. {}.",
            r.clock.at(r.now),
            count(r.sessions.len())
        ))
        .tag("</p>\n</header>\n");
    patient(&mut p, r, &name)?;
    index(&mut p, r)?;
    let total = r.sessions.len();
    for (i, s) in r.sessions.iter().enumerate() {
        session::render(&mut p, r, s, total - i)?;
    }
    super::extras::render(&mut p, r.photos, r.consents, r.clock);
    p.tag("<footer>\n<p>")
        .text(&format!(
            "All times are shown in {}. A signed session is locked: later corrections, \
             follow-ups and comments appear beneath it as addenda, and never change what \
             was signed.",
            r.clock.zone()
        ))
        .tag("</p>\n</footer>\n</body>\n</html>\n");
    Ok(p.out)
}

fn full_name(p: &Patient) -> String {
    format!("{} {}", p.given_name.trim(), p.family_name.trim())
        .trim()
        .to_string()
}

fn count(n: usize) -> String {
    match n {
        1 => "1 session".into(),
        n => format!("{n} sessions"),
    }
}

fn patient(p: &mut Page, r: &Record<'_>, name: &str) -> Result<()> {
    let pt = r.patient;
    let skin = pt.fitzpatrick.map(|t| match pt.fitzpatrick_assessed_on {
        Some(on) => format!("{} (assessed {})", labels::fitzpatrick(t), labels::date(on)),
        None => labels::fitzpatrick(t),
    });
    p.tag("<section class=\"patient\">\n<h2>Patient</h2>\n<dl>\n")
        .item("Name", name)
        .item("Date of birth", &labels::date(pt.date_of_birth))
        .item("Sex at birth", labels::sex(pt.sex_at_birth))
        .item("Record number", &or_blank(pt.mrn.as_deref()))
        .item("Phone", &or_blank(pt.phone.as_deref()))
        .item("Email", &or_blank(pt.email.as_deref()))
        .item("Fitzpatrick skin type", &or_blank(skin.as_deref()))
        .item("Treated for", &r.lists.indications(&pt.indications)?)
        .tag("</dl>\n</section>\n");
    Ok(())
}

/// The list of sessions at the top, each linking to its section below.
fn index(p: &mut Page, r: &Record<'_>) -> Result<()> {
    p.tag("<section class=\"index\">\n<h2>Sessions</h2>\n");
    if r.sessions.is_empty() {
        p.none("No sessions are recorded.");
        p.tag("</section>\n");
        return Ok(());
    }
    p.tag("<table>\n<thead><tr><th scope=\"col\">No.</th><th scope=\"col\">Date and time</th>")
        .tag("<th scope=\"col\">Clinician</th><th scope=\"col\">Areas</th>")
        .tag("<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    let total = r.sessions.len();
    for (i, s) in r.sessions.iter().enumerate() {
        let number = (total - i).to_string();
        let areas = s
            .areas
            .iter()
            .map(|a| r.lists.area(a.area_id))
            .collect::<Result<Vec<_>>>()?
            .join("; ");
        p.tag("<tr>")
            .el("td", &number)
            .tag("<td><a href=\"#session-")
            .text(&number)
            .tag("\">")
            .text(&r.clock.at(s.started_at))
            .tag("</a></td>")
            .el("td", &s.clinician_name)
            .el("td", &areas)
            .el("td", labels::status(s.status))
            .tag("</tr>\n");
    }
    p.tag("</tbody>\n</table>\n</section>\n");
    Ok(())
}

const CSS: &str = r#"
* { box-sizing: border-box; }
html { color-scheme: light; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem;
  font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #000; background: #fff; }
h1 { font-size: 1.6rem; margin: .2rem 0; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 2px solid #000; }
h3 { font-size: 1.05rem; margin: 1rem 0 .35rem; }
h4 { font-size: .95rem; margin: .5rem 0 .3rem; }
.clinic { font-weight: 600; font-size: 1.1rem; margin: 0; }
.meta { margin: .2rem 0 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: 0; }
dl > div { display: contents; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; }
table { width: 100%; border-collapse: collapse; margin: .3rem 0 .7rem; font-size: .9rem; }
th, td { border: 1px solid #000; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td { white-space: pre-wrap; }
tr.more td { border-top: none; }
.none { font-style: italic; margin: .2rem 0 .6rem; }
.session { margin-top: 2.2rem; }
.addendum { border-left: 3px solid #000; padding-left: .7rem; margin: .7rem 0; }
a { color: #000; }
footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid #000; font-size: .85rem; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  th { background: none; }
  a { text-decoration: none; }
  .session, .addendum, tr, dl > div { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s);
        out
    }

    #[test]
    fn escape_turns_every_special_character_into_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("Tom & Jerry"), "Tom &amp; Jerry");
        assert_eq!(escape(r#"say "hi" it's"#), "say &quot;hi&quot; it&#39;s");
        assert_eq!(
            escape("&amp;"),
            "&amp;amp;",
            "already escaped text is escaped again"
        );
        assert_eq!(escape("Zoë Ødegård 日本"), "Zoë Ødegård 日本");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn page_text_escapes_and_only_literals_are_markup() {
        let mut p = Page::new();
        p.el("td", "<b onclick='x'>").item("A&B", "\"q\"");
        assert_eq!(
            p.out,
            "<td>&lt;b onclick=&#39;x&#39;&gt;</td>\
             <div><dt>A&amp;B</dt><dd>&quot;q&quot;</dd></div>\n"
        );
    }
}
