//! Session checks after the form's validation: each validation error put back on the line
//! and column it came from, the device model's depth limits, and the content hash that
//! tells a re-imported session from a changed one.

use uuid::Uuid;

use super::columns::Field;
use super::lookup::Lookups;
use super::plan::Digest;
use super::problem::FileProblems;
use super::rows::{Children, PRODUCT_GROUPS, REACTION_GROUPS};
use super::session_values::SessionValues;
use crate::guidance::depth;
use crate::guidance::FindingLevel;
use crate::sessions::validate::ValidSession;

/// The line and column of a session validation error's field path (`areas[1].passes`).
pub(crate) fn locate(path: &str, sv: &SessionValues<'_>, c: &Children, first: u32) -> (u32, Field) {
    let (list, index, name) = match path.split_once('[') {
        Some((list, rest)) => {
            let (n, name) = rest.split_once("].").unwrap_or((rest, ""));
            (list, n.parse::<usize>().ok(), name)
        }
        None => ("", None, path),
    };
    let session = |f: Field| (sv.line(f), f);
    match (list, index) {
        ("areas", Some(i)) => {
            let line = c.area_lines.get(i).copied().unwrap_or(first);
            let f = match name {
                "area_id" => Field::Area,
                "device_kind" => Field::DeviceKind,
                "device_model_id" | "device_model" => Field::DeviceModel,
                "needle_depth_mm" => Field::NeedleDepthMm,
                "passes" => Field::Passes,
                "speed_level" => Field::SpeedLevel,
                "pattern" => Field::Pattern,
                "needle_count" => Field::NeedleCount,
                "cartridge_lot" => Field::CartridgeLot,
                "endpoint" => Field::Endpoint,
                "notes" => Field::AreaNotes,
                _ => Field::Area,
            };
            (line, f)
        }
        ("products", Some(i)) => {
            let (line, g) = c.product_src.get(i).copied().unwrap_or((first, 0));
            let [name_f, lot, expiry, amount] = PRODUCT_GROUPS[g.min(2)].0;
            let f = match name {
                "lot" => lot,
                "expiry_on" => expiry,
                "amount" => amount,
                _ => name_f,
            };
            (line, f)
        }
        ("reactions", Some(i)) => {
            let (line, g) = c.reaction_src.get(i).copied().unwrap_or((first, 0));
            let [kind, grade, time, note] = REACTION_GROUPS[g.min(2)];
            let f = match name {
                "grade" => grade,
                "time_point" => time,
                "note" => note,
                _ => kind,
            };
            (line, f)
        }
        _ => match path {
            "ended_at" => session(Field::EndTime),
            "clinician_name" => session(Field::Clinician),
            "indications" => session(Field::Indications),
            "numbing_product" => session(Field::NumbingProduct),
            "numbing_minutes" => session(Field::NumbingMinutes),
            "skin_prep" => session(Field::SkinPrep),
            "pain_score" => session(Field::PainScore),
            "notes" => session(Field::SessionNotes),
            "next_session_on" => session(Field::NextSessionOn),
            "areas" => (first, Field::Area),
            _ => session(Field::Date),
        },
    }
}

/// The device model's depth limits, as the form enforces them (refusals only: the other
/// depth guidance is advice for a treatment about to happen).
pub(crate) fn device_limits(
    v: &ValidSession,
    lookups: &Lookups<'_>,
    c: &Children,
    p: &mut FileProblems<'_>,
) {
    let reference = lookups.reference;
    for (i, a) in v.areas.iter().enumerate() {
        let Some(device) = a
            .device_model_id
            .and_then(|id| reference.device_models.iter().find(|d| d.id == id))
        else {
            continue;
        };
        let cx = depth::Context {
            area: None,
            guidance: None,
            device: Some(device),
            fitzpatrick: None,
            settings: &reference.settings,
        };
        for f in depth::findings("", &cx, a.needle_depth_um) {
            if f.level == FindingLevel::Block {
                let line = c.area_lines.get(i).copied().unwrap_or(0);
                p.cell(line, Field::NeedleDepthMm, f.message);
            }
        }
    }
}

/// The hash of what the session's rows say, as validated.
pub(crate) fn hash(patient: &str, v: &ValidSession) -> [u8; 32] {
    let mut d = Digest::default();
    let id = |u: Option<Uuid>| u.map(|u| u.to_string());
    d.s(patient);
    d.s(&crate::db::ts(v.started_at));
    d.o(v.ended_at.map(crate::db::ts).as_deref());
    d.s(&v.clinician_name);
    d.s(&v.indications.join("|"));
    d.o(v.numbing_product.as_deref());
    d.i(v.numbing_minutes.map(i64::from));
    d.o(v.skin_prep.as_deref());
    d.i(v.pain_score.map(i64::from));
    d.s(&v.notes);
    d.i(Some(i64::from(v.aftercare_given)));
    d.o(v.next_session_on.map(|x| x.to_string()).as_deref());
    for a in &v.areas {
        d.s(&a.area_id.to_string());
        d.s(a.device_kind.as_str());
        d.o(id(a.device_model_id).as_deref());
        d.o(a.device_model.as_deref());
        d.i(Some(a.needle_depth_um));
        d.i(Some(i64::from(a.passes)));
        d.i(a.speed_level.map(i64::from));
        d.o(a.pattern.map(|x| x.as_str()));
        d.i(a.needle_count.map(i64::from));
        d.o(a.cartridge_lot.as_deref());
        d.o(a.endpoint.as_deref());
        d.s(&a.notes);
    }
    d.s("products");
    for x in &v.products {
        d.o(id(x.product_id).as_deref());
        d.s(&x.name);
        d.s(x.role.as_str());
        d.o(x.lot.as_deref());
        d.o(x.expiry_on.map(|e| e.to_string()).as_deref());
        d.o(x.amount.as_deref());
        d.o(id(x.area_id).as_deref());
    }
    d.s("reactions");
    for r in &v.reactions {
        d.s(&r.reaction_type_id.to_string());
        d.s(&r.scale_id.to_string());
        d.i(Some(i64::from(r.grade)));
        d.s(r.time_point.as_str());
        d.o(id(r.area_id).as_deref());
        d.s(&r.note);
    }
    d.finish()
}
