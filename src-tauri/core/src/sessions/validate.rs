//! Session input rules: the shape of a valid record (required fields, ranges, dates in
//! order, children that point at real reference rows and at this session's own areas).
//! Clinical guidance (depth by area, screening, intervals) is a separate, warn-level layer
//! built on the clinic's rule tables, not here.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use super::{
    DeviceKind, NeedlePattern, ProductInput, ProductRole, ReactionInput, SessionInput, TimePoint,
    TreatedAreaInput,
};
use crate::error::{Error, Result};
use crate::reference::{find_product, ReferenceData};
use crate::validate::{depth_um, Check, CODE_MAX, NAME_MAX, SHORT_MAX};

/// A session cannot start further ahead than this (clock differences between machines).
const FUTURE_SLACK: Duration = Duration::hours(1);
/// Longest plausible session.
const MAX_LENGTH: Duration = Duration::hours(12);

pub(crate) struct ValidSession {
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub clinician_name: String,
    pub indications: Vec<String>,
    pub numbing_product: Option<String>,
    pub numbing_minutes: Option<i32>,
    pub skin_prep: Option<String>,
    pub pain_score: Option<i32>,
    pub notes: String,
    pub course_id: Option<Uuid>,
    pub aftercare_given: bool,
    pub next_session_on: Option<NaiveDate>,
    pub areas: Vec<ValidArea>,
    pub products: Vec<ValidProduct>,
    pub reactions: Vec<ValidReaction>,
}

pub(crate) struct ValidArea {
    pub id: Option<Uuid>,
    pub area_id: Uuid,
    pub device_kind: DeviceKind,
    pub device_model_id: Option<Uuid>,
    pub device_model: Option<String>,
    pub needle_depth_um: i64,
    pub passes: i32,
    pub speed_level: Option<i32>,
    pub pattern: Option<NeedlePattern>,
    pub needle_count: Option<i32>,
    pub cartridge_lot: Option<String>,
    pub endpoint: Option<String>,
    pub notes: String,
}

pub(crate) struct ValidProduct {
    pub id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub name: String,
    pub role: ProductRole,
    pub lot: Option<String>,
    pub expiry_on: Option<NaiveDate>,
    pub amount: Option<String>,
    pub area_id: Option<Uuid>,
}

pub(crate) struct ValidReaction {
    pub id: Option<Uuid>,
    pub reaction_type_id: Uuid,
    pub scale_id: Uuid,
    pub grade: i32,
    pub time_point: TimePoint,
    pub area_id: Option<Uuid>,
    pub note: String,
}

pub(crate) fn validate(
    input: &SessionInput,
    reference: &ReferenceData,
    now: DateTime<Utc>,
) -> Result<ValidSession> {
    let mut c = Check::default();
    let started_at = c.instant("started_at", "Start", &input.started_at);
    if let Some(start) = started_at {
        if start > now + FUTURE_SLACK {
            c.fail("started_at", "Start cannot be in the future.");
        }
    }
    let ended_at = match input.ended_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => c.instant("ended_at", "End", v),
    };
    if let (Some(start), Some(end)) = (started_at, ended_at) {
        if end <= start {
            c.fail("ended_at", "End must be after the start.");
        } else if end - start > MAX_LENGTH {
            c.fail("ended_at", "A session cannot last more than 12 hours.");
        }
    }
    let clinician_name = c.required_line(
        "clinician_name",
        "Clinician",
        &input.clinician_name,
        NAME_MAX,
    );
    let mut indications = Vec::new();
    for code in &input.indications {
        if !reference.indications.iter().any(|i| &i.code == code) {
            c.fail("indications", "Choose indications from the list.");
            break;
        }
        if !indications.contains(code) {
            indications.push(code.clone());
        }
    }
    let numbing_product = c.optional_line(
        "numbing_product",
        "Numbing cream",
        input.numbing_product.as_deref(),
        SHORT_MAX,
    );
    c.int_range(
        "numbing_minutes",
        "Numbing time",
        input.numbing_minutes,
        0,
        180,
    );
    let skin_prep = c.optional_line(
        "skin_prep",
        "Skin preparation",
        input.skin_prep.as_deref(),
        SHORT_MAX,
    );
    c.int_range("pain_score", "Pain score", input.pain_score, 0, 10);
    let notes = c.note("notes", &input.notes);
    let next_session_on = c.optional_date(
        "next_session_on",
        "Next session",
        input.next_session_on.as_deref(),
        None,
    );
    if let (Some(next), Some(start)) = (next_session_on, started_at) {
        if next <= start.date_naive() {
            c.fail(
                "next_session_on",
                "Next session must be after this session's date.",
            );
        }
    }

    if input.areas.is_empty() {
        c.fail("areas", "Add at least one treated area.");
    }
    let areas: Vec<Option<ValidArea>> = input
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| area(&mut c, i, a, reference))
        .collect();
    let treated: Vec<Uuid> = input.areas.iter().filter_map(|a| a.area_id).collect();
    let products: Vec<Option<ValidProduct>> = input
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| product(&mut c, i, p, reference, &treated))
        .collect();
    let reactions: Vec<Option<ValidReaction>> = input
        .reactions
        .iter()
        .enumerate()
        .map(|(i, r)| reaction(&mut c, i, r, reference, &treated))
        .collect();
    c.finish()?;

    // `finish` passed, so every required value above is present.
    let missing = || Error::invalid("started_at", "Start is required.");
    Ok(ValidSession {
        course_id: input.course_id,
        started_at: started_at.ok_or_else(missing)?,
        ended_at,
        clinician_name,
        indications,
        numbing_product,
        numbing_minutes: input.numbing_minutes,
        skin_prep,
        pain_score: input.pain_score,
        notes,
        aftercare_given: input.aftercare_given,
        next_session_on,
        areas: areas
            .into_iter()
            .collect::<Option<_>>()
            .ok_or_else(missing)?,
        products: products
            .into_iter()
            .collect::<Option<_>>()
            .ok_or_else(missing)?,
        reactions: reactions
            .into_iter()
            .collect::<Option<_>>()
            .ok_or_else(missing)?,
    })
}

fn area(
    c: &mut Check,
    i: usize,
    a: &TreatedAreaInput,
    reference: &ReferenceData,
) -> Option<ValidArea> {
    let f = |name: &str| format!("areas[{i}].{name}");
    let area_id = match a.area_id {
        None => {
            c.fail(f("area_id"), "Choose the area treated.");
            None
        }
        Some(id) if !reference.areas.iter().any(|r| r.id == id) => {
            c.fail(f("area_id"), "Choose an area from the list.");
            None
        }
        Some(id) => Some(id),
    };
    if a.device_kind.is_none() {
        c.fail(f("device_kind"), "Choose the device used.");
    }
    if let Some(id) = a.device_model_id {
        match reference.device_models.iter().find(|d| d.id == id) {
            None => c.fail(f("device_model_id"), "Choose a device model from the list."),
            Some(d) if a.device_kind.is_some_and(|k| k != d.kind) => c.fail(
                f("device_model_id"),
                "This model is a different kind of device from the one chosen.",
            ),
            Some(_) => {}
        }
    }
    let device_model = c.optional_line(
        &f("device_model"),
        "Device model",
        a.device_model.as_deref(),
        SHORT_MAX,
    );
    let needle_depth_um = match a.needle_depth_mm.map(depth_um) {
        None => {
            c.fail(f("needle_depth_mm"), "Needle depth is required.");
            None
        }
        Some(Err(message)) => {
            c.fail(f("needle_depth_mm"), message);
            None
        }
        Some(Ok(um)) => Some(um),
    };
    match a.passes {
        None => c.fail(f("passes"), "Number of passes is required."),
        Some(p) => c.int_range(&f("passes"), "Passes", Some(p), 1, 12),
    }
    c.int_range(&f("speed_level"), "Speed level", a.speed_level, 1, 20);
    c.int_range(&f("needle_count"), "Needle count", a.needle_count, 1, 1000);
    let cartridge_lot = c.optional_line(
        &f("cartridge_lot"),
        "Cartridge lot",
        a.cartridge_lot.as_deref(),
        CODE_MAX,
    );
    let endpoint = c.optional_line(&f("endpoint"), "Endpoint", a.endpoint.as_deref(), SHORT_MAX);
    let notes = c.note(&f("notes"), &a.notes);
    Some(ValidArea {
        id: a.id,
        area_id: area_id?,
        device_kind: a.device_kind?,
        device_model_id: a.device_model_id,
        device_model,
        needle_depth_um: needle_depth_um?,
        passes: a.passes?,
        speed_level: a.speed_level,
        pattern: a.pattern,
        needle_count: a.needle_count,
        cartridge_lot,
        endpoint,
        notes,
    })
}

fn on_treated_area(c: &mut Check, field: String, area: Option<Uuid>, treated: &[Uuid]) {
    if let Some(id) = area {
        if !treated.contains(&id) {
            c.fail(field, "Choose one of the areas treated in this session.");
        }
    }
}

fn product(
    c: &mut Check,
    i: usize,
    p: &ProductInput,
    reference: &ReferenceData,
    treated: &[Uuid],
) -> Option<ValidProduct> {
    let f = |name: &str| format!("products[{i}].{name}");
    let name = c.required_line(&f("name"), "Product name", &p.name, SHORT_MAX);
    let product_id = find_product(&reference.products, p.product_id, &name).map(|c| c.id);
    if p.product_id.is_some() && product_id.is_none() {
        c.fail(f("name"), "This product is not in the clinic's catalogue.");
    }
    if p.role.is_none() {
        c.fail(f("role"), "Choose what the product was used for.");
    }
    let lot = c.optional_line(&f("lot"), "Lot", p.lot.as_deref(), CODE_MAX);
    let expiry_on = c.optional_date(&f("expiry_on"), "Expiry", p.expiry_on.as_deref(), None);
    let amount = c.optional_line(&f("amount"), "Amount", p.amount.as_deref(), CODE_MAX);
    on_treated_area(c, f("area_id"), p.area_id, treated);
    Some(ValidProduct {
        id: p.id,
        product_id,
        name,
        role: p.role?,
        lot,
        expiry_on,
        amount,
        area_id: p.area_id,
    })
}

fn reaction(
    c: &mut Check,
    i: usize,
    r: &ReactionInput,
    reference: &ReferenceData,
    treated: &[Uuid],
) -> Option<ValidReaction> {
    let f = |name: &str| format!("reactions[{i}].{name}");
    let kind = match r.reaction_type_id {
        None => {
            c.fail(f("reaction_type_id"), "Choose the reaction.");
            None
        }
        Some(id) => {
            let kind = reference.reaction_types.iter().find(|t| t.id == id);
            if kind.is_none() {
                c.fail(f("reaction_type_id"), "Choose a reaction from the list.");
            }
            kind
        }
    };
    let scale_id = r.scale_id.or(kind.map(|k| k.default_scale_id));
    let scale = scale_id.and_then(|id| reference.reaction_scales.iter().find(|s| s.id == id));
    if scale_id.is_some() && scale.is_none() {
        c.fail(f("scale_id"), "Choose a grading scale from the list.");
    }
    match (r.grade, scale) {
        (None, _) => c.fail(f("grade"), "Grade is required."),
        (Some(g), Some(s)) if s.label(g).is_none() => c.fail(
            f("grade"),
            format!(
                "On the {} scale the grade is {} to {}.",
                s.name, s.min_grade, s.max_grade
            ),
        ),
        _ => {}
    }
    if r.time_point.is_none() {
        c.fail(f("time_point"), "Choose when the reaction was seen.");
    }
    on_treated_area(c, f("area_id"), r.area_id, treated);
    let note = c.note(&f("note"), &r.note);
    Some(ValidReaction {
        id: r.id,
        reaction_type_id: kind?.id,
        scale_id: scale?.id,
        grade: r.grade?,
        time_point: r.time_point?,
        area_id: r.area_id,
        note,
    })
}
