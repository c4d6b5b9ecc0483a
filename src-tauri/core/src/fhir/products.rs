//! What was used: the needling Device of each treated area, and each product applied as a
//! Medication (with its batch) and a MedicationAdministration.
//!
//! Invariants: a Device's id is derived from its treated area (one per area: the lot is the
//! area's cartridge lot); a Medication's id is the product row's id and its administration's
//! is derived from it; an amount becomes `dosage.dose` only when it reads as a number and a
//! UCUM unit (R4 requires a dose or rate in a dosage), otherwise it is kept as a note. The
//! schema records no cartridge expiry or device serial, so Device has neither.

use serde_json::{json, Value};
use uuid::Uuid;

use super::codes::{self, local};
use super::elements::{annotation, concept, date, derived_id, reference, ucum, Obj};
use super::session::Visit;
use crate::error::Result;
use crate::sessions::{ProductApplied, TreatedArea};

/// The id of the Device used on `area`.
pub(super) fn device_id(area: &TreatedArea) -> Uuid {
    derived_id(area.id, "device")
}

/// The device used on `area`: kind, model (from the clinic's list, else as typed),
/// manufacturer, cartridge lot and needle count.
pub(super) fn device(v: &Visit<'_>, area: &TreatedArea) -> Result<Value> {
    let model = area
        .device_model_id
        .map(|id| v.catalog.device_model(id))
        .transpose()?;
    let model_name = model
        .map(|m| m.model.as_str())
        .or(area.device_model.as_deref());
    let device_name = model_name.map(|name| {
        vec![Obj::default()
            .set("name", name)
            .set("type", "model-name")
            .done()]
    });
    let kind = codes::device_kind(area.device_kind);
    let needles = area.needle_count.map(|n| {
        vec![Obj::default()
            .set("type", concept(vec![local("needle-count")], "Needle count"))
            .set(
                "valueQuantity",
                vec![ucum(json!(n), "needles", "{needles}")],
            )
            .done()]
    });
    Ok(Obj::resource("Device", device_id(area))
        .maybe("manufacturer", model.map(|m| m.manufacturer.as_str()))
        .maybe("lotNumber", area.cartridge_lot.as_deref())
        .maybe("deviceName", device_name)
        .set(
            "type",
            concept(vec![local(kind)], codes::local_display(kind)),
        )
        .maybe("property", needles)
        .done())
}

/// A product applied as a Medication with its batch (lot, expiry).
pub(super) fn medication(p: &ProductApplied) -> Value {
    let batch = Obj::default()
        .maybe("lotNumber", p.lot.as_deref())
        .maybe("expirationDate", p.expiry_on.map(date))
        .done();
    Obj::resource("Medication", p.id)
        .set("code", concept(Vec::new(), &p.name))
        .set("batch", batch)
        .done()
}

/// The id of the administration of product `p`.
pub(super) fn administration_id(p: &ProductApplied) -> Uuid {
    derived_id(p.id, "administration")
}

/// The application of product `p` in the session: partOf the Procedure(s) of its area (or
/// all), with its role as category and the amount as a dose or a note.
pub(super) fn administration(v: &Visit<'_>, p: &ProductApplied) -> Value {
    let role = codes::product_role(p.role);
    let amount = p.amount.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let dose = amount.and_then(dose);
    let dosage = match (amount, dose) {
        (Some(text), Some(q)) => Some(Obj::default().set("text", text).set("dose", q).done()),
        _ => None,
    };
    let note = match (amount, &dosage) {
        (Some(text), None) => Some(vec![annotation(&format!("Amount: {text}"), None, None)]),
        _ => None,
    };
    Obj::resource("MedicationAdministration", administration_id(p))
        .set("partOf", v.procedures_for(p.area_id))
        .set("status", v.status.administration)
        .set(
            "category",
            concept(vec![local(role)], codes::local_display(role)),
        )
        .set("medicationReference", reference(p.id))
        .set("subject", reference(v.patient))
        .set("context", reference(v.session.id))
        .set("effectivePeriod", v.period())
        .set(
            "performer",
            vec![Obj::default().set("actor", v.performer()).done()],
        )
        .maybe("note", note)
        .maybe("dosage", dosage)
        .done()
}

/// An amount such as `2 ml` or `0,5 mL` as a UCUM quantity; `None` for anything else.
fn dose(amount: &str) -> Option<Value> {
    let split = amount
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(amount.len());
    let (number, unit) = amount.split_at(split);
    let number: serde_json::Number = serde_json::from_str(&number.replace(',', ".")).ok()?;
    if number.as_f64().is_none_or(|n| n <= 0.0) {
        return None;
    }
    let code = match unit.trim().to_lowercase().as_str() {
        "ml" => "mL",
        "mg" => "mg",
        "g" => "g",
        "ul" | "µl" | "μl" => "uL",
        _ => return None,
    };
    Some(ucum(Value::Number(number), code, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_ucum_doses_only_when_they_read_as_one() {
        assert_eq!(
            dose("2 ml"),
            Some(json!({"value": 2, "unit": "mL", "system": codes::UCUM, "code": "mL"}))
        );
        assert_eq!(
            dose("0,5mL").and_then(|q| q.get("value").cloned()),
            Some(json!(0.5))
        );
        assert_eq!(dose("2 pumps"), None);
        assert_eq!(dose("a few drops"), None);
        assert_eq!(dose("0 ml"), None);
        assert_eq!(dose("1.2.3 ml"), None);
    }
}
