//! One session's rows to its treated areas, products and reactions (the form's inputs).
//!
//! Each row is one treated area. A product (glide, serum, post-care: name, lot, expiry,
//! amount) or a reaction (type, grade, time point, note) that is on every row of the session
//! is recorded once for the whole session; one that is on some rows only is recorded for
//! each of those rows' areas. Invariant: `Children` says, for every input it produced, the
//! line (and column group) it came from, so validation errors land on the right cell.

use chrono::NaiveDate;

use super::columns::Field;
use super::dates::parse_date;
use super::headers::Columns;
use super::lookup::{grade, Lookups};
use super::problem::FileProblems;
use super::values;
use super::{DateOrder, Table};
use crate::sessions::{ProductInput, ProductRole, ReactionInput, TreatedAreaInput};

/// Product column groups: (name, lot, expiry, amount) and the role.
pub(crate) const PRODUCT_GROUPS: [([Field; 4], ProductRole); 3] = [
    (
        [
            Field::Glide,
            Field::GlideLot,
            Field::GlideExpiry,
            Field::GlideAmount,
        ],
        ProductRole::Glide,
    ),
    (
        [
            Field::Serum,
            Field::SerumLot,
            Field::SerumExpiry,
            Field::SerumAmount,
        ],
        ProductRole::Serum,
    ),
    (
        [
            Field::PostCare,
            Field::PostCareLot,
            Field::PostCareExpiry,
            Field::PostCareAmount,
        ],
        ProductRole::PostCare,
    ),
];

/// Reaction column groups: type, grade, time point, note.
pub(crate) const REACTION_GROUPS: [[Field; 4]; 3] = [
    [
        Field::Reaction,
        Field::ReactionGrade,
        Field::ReactionTimePoint,
        Field::ReactionNote,
    ],
    [
        Field::Reaction2,
        Field::Reaction2Grade,
        Field::Reaction2TimePoint,
        Field::Reaction2Note,
    ],
    [
        Field::Reaction3,
        Field::Reaction3Grade,
        Field::Reaction3TimePoint,
        Field::Reaction3Note,
    ],
];

/// Where each input of the last session came from; reused from session to session.
#[derive(Default)]
pub(crate) struct Children {
    /// Line of each area.
    pub area_lines: Vec<u32>,
    /// (line, product group) of each product.
    pub product_src: Vec<(u32, usize)>,
    /// (line, reaction group) of each reaction.
    pub reaction_src: Vec<(u32, usize)>,
    products: Vec<(usize, usize, ProductInput)>,
    reactions: Vec<(usize, usize, ReactionInput)>,
}

type Inputs = (Vec<TreatedAreaInput>, Vec<ProductInput>, Vec<ReactionInput>);

/// One row's cells.
#[derive(Clone, Copy)]
struct Row<'t> {
    t: &'t Table,
    cols: &'t Columns,
    row: usize,
}

impl<'t> Row<'t> {
    fn get(&self, f: Field) -> &'t str {
        self.cols.get(self.t, self.row, f)
    }
}

/// The products (or reactions) of a session's rows, `found` as (row, group, item): one given
/// the same (`same` on (group, item)) on every row is the session's, kept once without an
/// area; any other belongs to its row's area. Records in `src` the (line, group) each kept
/// item was read from.
#[allow(clippy::too_many_arguments)]
fn merge<T: Clone>(
    found: &[(usize, usize, T)],
    rows: usize,
    areas: &[TreatedAreaInput],
    lines: &[u32],
    src: &mut Vec<(u32, usize)>,
    same: impl Fn((usize, &T), (usize, &T)) -> bool,
    set_area: impl Fn(&mut T, Option<uuid::Uuid>),
) -> Vec<T> {
    let mut kept = Vec::new();
    for (n, (i, g, x)) in found.iter().enumerate() {
        let like = |o: &(usize, usize, T)| same((*g, x), (o.1, &o.2));
        let everywhere = (0..rows)
            .filter(|r| found.iter().any(|o| o.0 == *r && like(o)))
            .count()
            == rows;
        if everywhere && found[..n].iter().any(like) {
            continue;
        }
        let mut x = x.clone();
        let area = if everywhere {
            None
        } else {
            areas.get(*i).and_then(|a| a.area_id)
        };
        set_area(&mut x, area);
        src.push((lines.get(*i).copied().unwrap_or(0), *g));
        kept.push(x);
    }
    kept
}

/// The areas, products and reactions of the session made of rows `members`; `day` is the
/// session's date, for the expiry warning.
#[allow(clippy::too_many_arguments)]
pub(crate) fn children(
    t: &Table,
    cols: &Columns,
    members: &[usize],
    order: DateOrder,
    day: Option<NaiveDate>,
    lookups: &mut Lookups<'_>,
    p: &mut FileProblems<'_>,
    c: &mut Children,
) -> Inputs {
    c.area_lines.clear();
    c.product_src.clear();
    c.reaction_src.clear();
    c.products.clear();
    c.reactions.clear();
    let mut areas = Vec::with_capacity(members.len());
    for (i, &row) in members.iter().enumerate() {
        let line = t.line(row);
        let get = Row { t, cols, row };
        let area = area(lookups, p, line, get.get(Field::Area));
        areas.push(treated_area(lookups, p, line, get, area));
        c.area_lines.push(line);
        for (g, (fields, role)) in PRODUCT_GROUPS.iter().enumerate() {
            if let Some(mut x) = product(p, line, fields, *role, order, day, get) {
                x.product_id = lookups.product(&x.name);
                c.products.push((i, g, x));
            }
        }
        for (g, fields) in REACTION_GROUPS.iter().enumerate() {
            if let Some(x) = reaction(lookups, p, line, fields, get) {
                c.reactions.push((i, g, x));
            }
        }
    }
    let rows = members.len();
    let products = merge(
        &c.products,
        rows,
        &areas,
        &c.area_lines,
        &mut c.product_src,
        |(g, x), (h, o)| {
            g == h
                && o.name == x.name
                && o.lot == x.lot
                && o.expiry_on == x.expiry_on
                && o.amount == x.amount
        },
        |x, area| x.area_id = area,
    );
    let reactions = merge(
        &c.reactions,
        rows,
        &areas,
        &c.area_lines,
        &mut c.reaction_src,
        |(_, x), (_, o)| {
            o.reaction_type_id == x.reaction_type_id
                && o.grade == x.grade
                && o.time_point == x.time_point
                && o.note == x.note
        },
        |x, area| x.area_id = area,
    );
    (areas, products, reactions)
}

fn area(
    lookups: &mut Lookups<'_>,
    p: &mut FileProblems<'_>,
    line: u32,
    v: &str,
) -> Option<uuid::Uuid> {
    if v.is_empty() {
        p.cell(line, Field::Area, "The area is required.");
        return None;
    }
    let found = lookups.area(v);
    if found.is_none() {
        p.cell(
            line,
            Field::Area,
            format!("\"{v}\" is not an area of the clinic's list: use its code or name."),
        );
    }
    found
}

fn treated_area(
    lookups: &mut Lookups<'_>,
    p: &mut FileProblems<'_>,
    line: u32,
    row: Row<'_>,
    area_id: Option<uuid::Uuid>,
) -> TreatedAreaInput {
    let get = |f: Field| row.get(f);
    let model_text = get(Field::DeviceModel);
    let model = if model_text.is_empty() {
        None
    } else {
        lookups.device(model_text)
    };
    let device_kind = match get(Field::DeviceKind) {
        "" => model.map(|m| m.kind),
        v => values::device_kind(v)
            .map_err(|m| p.cell(line, Field::DeviceKind, m))
            .ok(),
    };
    let mut int = |f: Field| match get(f) {
        "" => None,
        v => values::parse_int(v).map_err(|m| p.cell(line, f, m)).ok(),
    };
    let passes = int(Field::Passes);
    let speed_level = int(Field::SpeedLevel);
    let needle_count = int(Field::NeedleCount);
    let needle_depth_mm = match get(Field::NeedleDepthMm) {
        "" => None,
        v => values::parse_decimal(v)
            .map_err(|m| p.cell(line, Field::NeedleDepthMm, m))
            .ok(),
    };
    let pattern = match get(Field::Pattern) {
        "" => None,
        v => values::pattern(v)
            .map_err(|m| p.cell(line, Field::Pattern, m))
            .ok(),
    };
    let optional = |f: Field| Some(get(f)).filter(|v| !v.is_empty()).map(str::to_string);
    TreatedAreaInput {
        id: None,
        area_id,
        device_kind,
        device_model_id: model.map(|m| m.id),
        device_model: if model.is_none() {
            optional(Field::DeviceModel)
        } else {
            None
        },
        needle_depth_mm,
        passes,
        speed_level,
        pattern,
        needle_count,
        cartridge_lot: optional(Field::CartridgeLot),
        endpoint: optional(Field::Endpoint),
        notes: get(Field::AreaNotes).to_string(),
    }
}

fn product(
    p: &mut FileProblems<'_>,
    line: u32,
    [name_f, lot_f, expiry_f, amount_f]: &[Field; 4],
    role: ProductRole,
    order: DateOrder,
    day: Option<NaiveDate>,
    row: Row<'_>,
) -> Option<ProductInput> {
    let get = |f: Field| row.get(f);
    let (name, lot, expiry, amount) = (get(*name_f), get(*lot_f), get(*expiry_f), get(*amount_f));
    if name.is_empty() {
        if !(lot.is_empty() && expiry.is_empty() && amount.is_empty()) {
            p.cell(
                line,
                *name_f,
                "A lot, expiry or amount is given without the product name.",
            );
        }
        return None;
    }
    let expiry_on = match expiry {
        "" => None,
        v => match parse_date(v, order) {
            Ok(d) => {
                if day.is_some_and(|day| d < day) {
                    p.warn(
                        line,
                        *expiry_f,
                        "This lot had expired on the session date; it is imported as recorded.",
                    );
                }
                Some(d.to_string())
            }
            Err(m) => {
                p.cell(line, *expiry_f, m);
                None
            }
        },
    };
    let optional = |v: &str| (!v.is_empty()).then(|| v.to_string());
    Some(ProductInput {
        id: None,
        product_id: None,
        name: name.to_string(),
        role: Some(role),
        lot: optional(lot),
        expiry_on,
        amount: optional(amount),
        area_id: None,
    })
}

fn reaction(
    lookups: &mut Lookups<'_>,
    p: &mut FileProblems<'_>,
    line: u32,
    [kind_f, grade_f, time_f, note_f]: &[Field; 4],
    row: Row<'_>,
) -> Option<ReactionInput> {
    let get = |f: Field| row.get(f);
    let (kind, g, time, note) = (get(*kind_f), get(*grade_f), get(*time_f), get(*note_f));
    if kind.is_empty() {
        if !(g.is_empty() && time.is_empty() && note.is_empty()) {
            p.cell(
                line,
                *kind_f,
                "A grade, time point or note is given without the reaction.",
            );
        }
        return None;
    }
    let found = lookups.reaction(kind);
    if found.is_none() {
        p.cell(
            line,
            *kind_f,
            format!("\"{kind}\" is not a reaction of the clinic's list: use its code or name."),
        );
    }
    let grade = match g {
        "" => None,
        v => {
            let parsed = grade(found.and_then(|f| f.1), v);
            if parsed.is_none() {
                p.cell(
                    line,
                    *grade_f,
                    "Not a grade: use a number or the scale's label.",
                );
            }
            parsed
        }
    };
    let time_point = values::time_point(time)
        .map_err(|m| p.cell(line, *time_f, m))
        .ok();
    Some(ReactionInput {
        id: None,
        reaction_type_id: found.map(|f| f.0.id),
        scale_id: None,
        grade,
        time_point,
        area_id: None,
        note: note.to_string(),
    })
}
