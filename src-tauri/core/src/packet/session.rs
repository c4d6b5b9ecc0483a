//! One session of the summary: its facts, treated areas, products, reactions, signatures
//! and addenda, in the order a clinician reads the form. What was signed and what was added
//! afterwards stay visibly apart (addenda come last, each with its author and time).

use uuid::Uuid;

use super::html::{or_blank, Page, Record, Row, BLANK};
use super::labels;
use crate::error::Result;
use crate::reference::ReactionScale;
use crate::sessions::{Session, SessionStatus};
use crate::signing::{Addendum, AddendumKind};

/// Writes session `s`, number `number` in date order, as an `<article>`.
pub(super) fn render(p: &mut Page, r: &Record<'_>, s: &Session, number: usize) -> Result<()> {
    let number = number.to_string();
    p.tag("<article class=\"session\" id=\"session-")
        .text(&number)
        .tag("\">\n<h2>")
        .text(&format!(
            "Session {number}: {}",
            r.clock.span(s.started_at, s.ended_at)
        ))
        .tag("</h2>\n<dl>\n");
    facts(p, r, s)?;
    p.tag("</dl>\n<h3>Treated areas</h3>\n");
    areas(p, r, s)?;
    p.tag("<h3>Products</h3>\n");
    products(p, r, s)?;
    p.tag("<h3>Reactions</h3>\n");
    let reactions = s
        .reactions
        .iter()
        .map(|x| {
            let scale = r.lists.scale(x.scale_id)?;
            reaction_row(
                r,
                x.reaction_type_id,
                scale,
                x.grade,
                x.time_point,
                x.area_id,
                &x.note,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    if reactions.is_empty() {
        p.none("No reactions were recorded.");
    } else {
        reaction_table(p, &reactions);
    }
    p.tag("<h3>Signatures</h3>\n");
    signatures(p, r, s);
    if !s.addenda.is_empty() {
        p.tag("<h3>Addenda</h3>\n");
        for a in &s.addenda {
            addendum(p, r, s, a)?;
        }
    }
    p.tag("</article>\n");
    Ok(())
}

fn facts(p: &mut Page, r: &Record<'_>, s: &Session) -> Result<()> {
    let numbing = match (
        s.numbing_product.as_deref().map(str::trim),
        s.numbing_minutes,
    ) {
        (Some(n), Some(m)) if !n.is_empty() => format!("{n}, on for {m} minutes"),
        (Some(n), None) if !n.is_empty() => n.to_string(),
        (_, Some(m)) => format!("On for {m} minutes"),
        _ => BLANK.to_string(),
    };
    p.item("Clinician", &s.clinician_name)
        .item("Status", labels::status(s.status))
        .item("Treated for", &r.lists.indications(&s.indications)?);
    if let (Some(n), Some(of)) = (s.course_number, s.course_target) {
        p.item("Course", &format!("Session {n} of {of}"));
    }
    p.item("Numbing", &numbing)
        .item("Skin preparation", &or_blank(s.skin_prep.as_deref()))
        .item(
            "Pain score",
            &s.pain_score
                .map_or_else(|| BLANK.to_string(), |n| format!("{n} out of 10")),
        )
        .item(
            "Aftercare instructions given",
            if s.aftercare_given { "Yes" } else { "No" },
        )
        .item(
            "Next session recommended",
            &s.next_session_on
                .map_or_else(|| BLANK.to_string(), labels::date),
        )
        .item("Notes", &or_blank(Some(&s.notes)));
    Ok(())
}

fn areas(p: &mut Page, r: &Record<'_>, s: &Session) -> Result<()> {
    let mut rows = Vec::with_capacity(s.areas.len());
    for a in &s.areas {
        let model = match a.device_model_id {
            Some(id) => {
                let d = r.lists.device_model(id)?;
                Some(format!("{} {}", d.manufacturer.trim(), d.model.trim()))
            }
            None => a.device_model.clone(),
        };
        let device = match model.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => format!("{}: {m}", labels::device_kind(a.device_kind)),
            _ => labels::device_kind(a.device_kind).to_string(),
        };
        let number = |n: Option<i32>| n.map_or_else(|| BLANK.to_string(), |n| n.to_string());
        rows.push(Row {
            cells: vec![
                r.lists.area(a.area_id)?.to_string(),
                device,
                labels::depth_mm(a.needle_depth_mm),
                a.passes.to_string(),
                number(a.speed_level),
                a.pattern
                    .map_or_else(|| BLANK.to_string(), |x| labels::pattern(x).into()),
                number(a.needle_count),
                or_blank(a.cartridge_lot.as_deref()),
                or_blank(a.endpoint.as_deref()),
            ],
            more: note(&a.notes),
        });
    }
    p.table(
        &[
            "Area",
            "Device",
            "Needle depth",
            "Passes",
            "Speed",
            "Pattern",
            "Needles",
            "Cartridge lot",
            "Endpoint",
        ],
        &rows,
    );
    Ok(())
}

fn products(p: &mut Page, r: &Record<'_>, s: &Session) -> Result<()> {
    if s.products.is_empty() {
        p.none("No products were recorded.");
        return Ok(());
    }
    let rows = s
        .products
        .iter()
        .map(|x| {
            Ok(Row {
                cells: vec![
                    labels::role(x.role).to_string(),
                    x.name.clone(),
                    or_blank(x.lot.as_deref()),
                    x.expiry_on.map_or_else(|| BLANK.to_string(), labels::date),
                    or_blank(x.amount.as_deref()),
                    area_or_all(r, x.area_id)?,
                ],
                more: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    p.table(
        &["Used as", "Product", "Lot", "Expiry", "Amount", "Area"],
        &rows,
    );
    Ok(())
}

/// One reaction, from the session or a follow-up addendum.
fn reaction_row(
    r: &Record<'_>,
    type_id: Uuid,
    scale: &ReactionScale,
    grade: i32,
    time_point: crate::sessions::TimePoint,
    area: Option<Uuid>,
    text: &str,
) -> Result<Row> {
    Ok(Row {
        cells: vec![
            r.lists.reaction_type(type_id)?.name.clone(),
            grade_words(scale, grade),
            labels::time_point(time_point).to_string(),
            area_or_all(r, area)?,
        ],
        more: note(text),
    })
}

fn reaction_table(p: &mut Page, rows: &[Row]) {
    p.table(&["Reaction", "Grade", "Seen", "Area"], rows);
}

/// "2 – mild (Clinician Erythema Assessment, 0–4)": a bare number means little without
/// the scale it is on.
fn grade_words(scale: &ReactionScale, grade: i32) -> String {
    let range = format!("{}, {}–{}", scale.name, scale.min_grade, scale.max_grade);
    match scale.label(grade) {
        Some(l) if l.trim() != grade.to_string() && !l.trim().is_empty() => {
            format!("{grade} – {} ({range})", l.trim())
        }
        _ => format!("{grade} ({range})"),
    }
}

fn area_or_all(r: &Record<'_>, area: Option<Uuid>) -> Result<String> {
    match area {
        Some(id) => Ok(r.lists.area(id)?.to_string()),
        None => Ok("All areas".into()),
    }
}

fn note(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| format!("Note: {t}"))
}

fn signatures(p: &mut Page, r: &Record<'_>, s: &Session) {
    if s.signatures.is_empty() {
        p.none(match s.status {
            SessionStatus::Draft => "Not signed yet: this draft may still change.",
            SessionStatus::Signed => "No signature is on file.",
        });
        return;
    }
    let rows: Vec<Row> = s
        .signatures
        .iter()
        .map(|x| Row {
            cells: vec![
                x.signer_name.clone(),
                or_blank(Some(&x.signer_registration)),
                labels::meaning(x.meaning).to_string(),
                r.clock.at(x.signed_at),
            ],
            more: None,
        })
        .collect();
    p.table(&["Signed by", "Registration", "As", "Signed at"], &rows);
}

fn addendum(p: &mut Page, r: &Record<'_>, s: &Session, a: &Addendum) -> Result<()> {
    p.tag("<section class=\"addendum\">\n<h4>")
        .text(&format!(
            "{} by {}, {}",
            labels::addendum_kind(a.kind),
            a.author_name.trim(),
            r.clock.at(a.created_at)
        ))
        .tag("</h4>\n");
    if !a.reason.trim().is_empty() || !a.text.trim().is_empty() {
        p.tag("<dl>\n");
        if !a.reason.trim().is_empty() {
            p.item("Reason", a.reason.trim());
        }
        if !a.text.trim().is_empty() {
            p.item(
                if a.kind == AddendumKind::Comment {
                    "Comment"
                } else {
                    "Text"
                },
                a.text.trim(),
            );
        }
        p.tag("</dl>\n");
    }
    if !a.corrections.is_empty() {
        let rows: Vec<Row> = a
            .corrections
            .iter()
            .map(|c| Row {
                cells: vec![field_words(r, s, &c.field), c.value.clone()],
                more: None,
            })
            .collect();
        p.table(&["Corrected field", "Corrected value"], &rows);
    }
    if !a.reactions.is_empty() {
        let rows = a
            .reactions
            .iter()
            .map(|x| {
                // Follow-up reactions are graded on their type's default scale.
                let t = r.lists.reaction_type(x.reaction_type_id)?;
                let scale = r.lists.scale(t.default_scale_id)?;
                reaction_row(
                    r,
                    x.reaction_type_id,
                    scale,
                    x.grade,
                    x.time_point,
                    x.area_id,
                    &x.note,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        reaction_table(p, &rows);
    }
    p.tag("</section>\n");
    Ok(())
}

/// A correction's field path as words: "areas[1].needle_depth_mm" becomes
/// "Treated area 2 (Forehead): needle depth (mm)". A path of another shape is shown as
/// written, so nothing the clinician recorded is lost in translation.
fn field_words(r: &Record<'_>, s: &Session, field: &str) -> String {
    let words = |f: &str| {
        let w = f.trim().replace('_', " ");
        match w.strip_suffix(" mm") {
            Some(stem) => format!("{stem} (mm)"),
            None => w,
        }
    };
    let Some((head, rest)) = field.split_once('.') else {
        return capitalised(&words(field));
    };
    let Some((list, index)) = head
        .strip_suffix(']')
        .and_then(|h| h.split_once('['))
        .and_then(|(l, i)| Some((l, i.parse::<usize>().ok()?)))
    else {
        return field.to_string();
    };
    let (item, name) = match list {
        "areas" => (
            "Treated area",
            s.areas
                .get(index)
                .and_then(|a| r.lists.area(a.area_id).ok()),
        ),
        "products" => ("Product", s.products.get(index).map(|x| x.name.as_str())),
        "reactions" => (
            "Reaction",
            s.reactions
                .get(index)
                .and_then(|x| r.lists.reaction_type(x.reaction_type_id).ok())
                .map(|t| t.name.as_str()),
        ),
        _ => return field.to_string(),
    };
    let which = index + 1;
    match name {
        Some(n) => format!("{item} {which} ({n}): {}", words(rest)),
        None => format!("{item} {which}: {}", words(rest)),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
