//! FHIR data types as JSON: references, codings, annotations, quantities, dates, and the
//! ids of resources derived from a record.
//!
//! Invariants kept here, so that no builder has to remember them:
//! - FHIR forbids empty elements, so [`Obj`] never stores `null`, an empty or blank string,
//!   an empty array or an empty object, and text is trimmed and stripped of control
//!   characters other than tab, CR and LF;
//! - every reference is `urn:uuid:<id>`, the `fullUrl` of an entry in the same bundle;
//! - instants and dateTimes are UTC with `Z`, dates `YYYY-MM-DD`;
//! - a derived id ([`derived_id`]) is a UUID v8 built from SHA-256 of the parent record id and
//!   a fixed label (RFC 9562, name-based with SHA-256), so the same data gets the same ids.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A JSON object that leaves out empty values.
#[derive(Debug, Default)]
pub(super) struct Obj(Map<String, Value>);

impl Obj {
    /// A resource of `resource_type` with `id`.
    pub(super) fn resource(resource_type: &str, id: Uuid) -> Obj {
        Obj::default()
            .set("resourceType", resource_type)
            .set("id", id.to_string())
    }

    /// Sets `key` unless `value` is empty.
    pub(super) fn set(mut self, key: &str, value: impl Into<Value>) -> Obj {
        if let Some(v) = non_empty(value.into()) {
            self.0.insert(key.to_string(), v);
        }
        self
    }

    /// Sets `key` when `value` is `Some` and not empty.
    pub(super) fn maybe<V: Into<Value>>(self, key: &str, value: Option<V>) -> Obj {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// The object as a value.
    pub(super) fn done(self) -> Value {
        Value::Object(self.0)
    }
}

impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        o.done()
    }
}

/// `value` without its empty parts, or `None` when nothing is left.
fn non_empty(value: Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) => {
            let clean: String = s
                .trim()
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'))
                .collect();
            (!clean.is_empty()).then_some(Value::String(clean))
        }
        Value::Array(items) => {
            let items: Vec<Value> = items.into_iter().filter_map(non_empty).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: Map<String, Value> = map
                .into_iter()
                .filter_map(|(k, v)| non_empty(v).map(|v| (k, v)))
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other),
    }
}

/// The `fullUrl` of the resource with `id`, and what references to it say.
pub(super) fn full_url(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

/// A reference to the resource with `id` in the same bundle.
pub(super) fn reference(id: Uuid) -> Value {
    Obj::default().set("reference", full_url(id)).done()
}

/// A reference with a display text.
pub(super) fn reference_named(id: Uuid, display: &str) -> Value {
    Obj::default()
        .set("reference", full_url(id))
        .set("display", display)
        .done()
}

/// A reference to someone known only by name (no resource): display only.
pub(super) fn named_only(display: &str) -> Value {
    Obj::default().set("display", display).done()
}

/// A Coding.
pub(super) fn coding(system: &str, code: &str, display: &str) -> Value {
    Obj::default()
        .set("system", system)
        .set("code", code)
        .set("display", display)
        .done()
}

/// A CodeableConcept of `codings` and `text`.
pub(super) fn concept(codings: Vec<Value>, text: &str) -> Value {
    Obj::default()
        .set("coding", codings)
        .set("text", text)
        .done()
}

/// An Annotation: `text`, optionally by a Practitioner and at a time.
pub(super) fn annotation(text: &str, author: Option<Value>, time: Option<DateTime<Utc>>) -> Value {
    Obj::default()
        .maybe("authorReference", author)
        .maybe("time", time.map(instant))
        .set("text", text)
        .done()
}

/// A UCUM Quantity; `value` must be a JSON number.
pub(super) fn ucum(value: Value, unit: &str, code: &str) -> Value {
    Obj::default()
        .set("value", value)
        .set("unit", unit)
        .set("system", super::codes::UCUM)
        .set("code", code)
        .done()
}

/// A Period from `start` to `end`.
pub(super) fn period(start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> Value {
    Obj::default()
        .set("start", instant(start))
        .maybe("end", end.map(instant))
        .done()
}

/// An instant (also a valid dateTime): UTC, `Z`, fractions only when present.
pub(super) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A date, `YYYY-MM-DD`.
pub(super) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The id of the resource `label` derived from the record `parent` (UUID v8, SHA-256).
pub(super) fn derived_id(parent: Uuid, label: &str) -> Uuid {
    let mut h = Sha256::new();
    h.update(b"dermalog-fhir:");
    h.update(parent.as_bytes());
    h.update(b":");
    h.update(label.as_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_parts_are_left_out_and_text_is_cleaned() {
        let o = Obj::default()
            .set("a", "")
            .set("b", "  ")
            .set("c", json!([]))
            .set("d", json!({"x": "", "y": []}))
            .set("e", json!([{"z": null}, " keep\u{7} "]))
            .set("f", 0)
            .maybe("g", None::<String>)
            .done();
        assert_eq!(o, json!({"e": ["keep"], "f": 0}));
    }

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let p = Uuid::from_u128(42);
        assert_eq!(derived_id(p, "device"), derived_id(p, "device"));
        assert_ne!(derived_id(p, "device"), derived_id(p, "passes"));
        assert_ne!(
            derived_id(p, "device"),
            derived_id(Uuid::from_u128(43), "device")
        );
        assert_eq!(derived_id(p, "device").get_version_num(), 8);
    }
}
