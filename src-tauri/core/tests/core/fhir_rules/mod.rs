//! A FHIR R4 validator for the resource types the export emits, written from the R4
//! specification (hl7.org/fhir/R4): known elements per type, required elements and
//! cardinality, required code sets, primitive formats (id, date, dateTime, instant, code),
//! no empty elements, codings with system and code, UCUM quantities, and references that
//! resolve to an entry of the bundle of an allowed target type. Test-only: it checks what
//! the export produces, and tests prove it fails on broken input.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use formats::{check_format, is_uuid, Format};
use types::{rules, Rules, COMMON};

mod formats;
mod types;

const UCUM: &str = "http://unitsofmeasure.org";

/// What a validation found: resources per type, and every problem.
#[derive(Debug, Default)]
pub struct Report {
    pub counts: BTreeMap<String, usize>,
    pub problems: Vec<String>,
}

impl Report {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// Panics listing the problems, if any.
    pub fn assert_valid(&self) {
        assert!(
            self.problems.is_empty(),
            "FHIR R4 problems:\n{}",
            self.problems.join("\n")
        );
    }

    /// True when some problem mentions `needle`.
    pub fn mentions(&self, needle: &str) -> bool {
        self.problems.iter().any(|p| p.contains(needle))
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        write!(
            f,
            "{} resources ({}); {} problems",
            self.total(),
            counts.join(", "),
            self.problems.len()
        )
    }
}

/// Validates `bundle` against the R4 rules above.
pub fn validate(bundle: &Value) -> Report {
    let mut r = Report::default();
    let p = &mut r.problems;
    let Some(b) = bundle.as_object() else {
        p.push("Bundle: not a JSON object".into());
        return r;
    };
    if b.get("resourceType").and_then(Value::as_str) != Some("Bundle") {
        p.push("Bundle: resourceType is not Bundle".into());
    }
    for k in b.keys() {
        if ![
            "resourceType",
            "id",
            "meta",
            "implicitRules",
            "language",
            "identifier",
            "type",
            "timestamp",
            "total",
            "link",
            "entry",
            "signature",
        ]
        .contains(&k.as_str())
        {
            p.push(format!("Bundle: unknown element {k}"));
        }
    }
    let types = [
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    ];
    match b.get("type").and_then(Value::as_str) {
        Some(t) if types.contains(&t) => {}
        _ => p.push("Bundle: type missing or not a bundle-type code".into()),
    }
    if let Some(t) = b.get("timestamp") {
        check_format(p, "Bundle.timestamp", t, Format::Instant);
    }
    let empty = Vec::new();
    let entries = match b.get("entry") {
        None => &empty,
        Some(Value::Array(e)) if !e.is_empty() => e,
        Some(_) => {
            p.push("Bundle: entry is not a non-empty array".into());
            &empty
        }
    };
    // fullUrl → resource type, for resolving references.
    let mut targets: HashMap<String, String> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let url = e.get("fullUrl").and_then(Value::as_str).unwrap_or("");
        let rt = e
            .pointer("/resource/resourceType")
            .and_then(Value::as_str)
            .unwrap_or("");
        let id = e
            .pointer("/resource/id")
            .and_then(Value::as_str)
            .unwrap_or("");
        if url.is_empty() || rt.is_empty() {
            p.push(format!(
                "Bundle.entry[{i}]: fullUrl and resource are required"
            ));
        }
        if url != format!("urn:uuid:{id}") || !is_uuid(id) {
            p.push(format!(
                "Bundle.entry[{i}]: fullUrl {url} is not urn:uuid:<resource id>"
            ));
        }
        if targets.insert(url.to_string(), rt.to_string()).is_some() {
            p.push(format!(
                "Bundle.entry[{i}]: fullUrl {url} is not unique (bdl-7)"
            ));
        }
        if let Some(k) = e.as_object().and_then(|o| {
            o.keys().find(|k| {
                ![
                    "link", "fullUrl", "resource", "search", "request", "response",
                ]
                .contains(&k.as_str())
            })
        }) {
            p.push(format!("Bundle.entry[{i}]: unknown element {k}"));
        }
    }
    for e in entries {
        let Some(res) = e.get("resource").and_then(Value::as_object) else {
            continue;
        };
        let rt = res
            .get("resourceType")
            .and_then(Value::as_str)
            .unwrap_or("?");
        *r.counts.entry(rt.to_string()).or_default() += 1;
        check_resource(&mut r.problems, res, &targets);
    }
    r
}

fn check_resource(
    p: &mut Vec<String>,
    res: &Map<String, Value>,
    targets: &HashMap<String, String>,
) {
    let rt = res
        .get("resourceType")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let id = res.get("id").and_then(Value::as_str).unwrap_or("");
    let at = format!("{rt}/{id}");
    if !(1..=64).contains(&id.len())
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        p.push(format!("{at}: id does not match [A-Za-z0-9-.]{{1,64}}"));
    }
    let Some(rules) = rules(rt) else {
        p.push(format!("{at}: resource type not covered by these rules"));
        return;
    };
    for k in res.keys() {
        if !COMMON.contains(&k.as_str()) && !rules.elements.contains(&k.as_str()) {
            p.push(format!("{at}: unknown element {k}"));
        }
    }
    for req in rules.required {
        if !res.contains_key(*req) {
            p.push(format!("{at}: {req} is required (1..)"));
        }
    }
    for (path, allowed) in rules.codes {
        for v in values_at(&Value::Object(res.clone()), path) {
            match v.as_str() {
                Some(c) if allowed.contains(&c) => {}
                _ => p.push(format!("{at}: {path} {v} is not in its required code set")),
            }
        }
    }
    walk(p, &at, "", &Value::Object(res.clone()), targets, &rules);
    specific(p, &at, rt, res);
}

/// Rules that tie elements together, per type.
fn specific(p: &mut Vec<String>, at: &str, rt: &str, res: &Map<String, Value>) {
    let count = |prefix: &str| res.keys().filter(|k| k.starts_with(prefix)).count();
    let has = |k: &str| res.contains_key(k);
    match rt {
        "Encounter" => {
            let class = res.get("class");
            if class.is_some_and(|c| !c.is_object())
                || class.and_then(|c| c.get("system")).and_then(Value::as_str)
                    != Some("http://terminology.hl7.org/CodeSystem/v3-ActCode")
            {
                p.push(format!("{at}: class must be a v3-ActCode Coding"));
            }
        }
        "Procedure" if count("performed") > 1 => p.push(format!("{at}: performed[x] 0..1")),
        "Observation" => {
            if count("value") > 1 {
                p.push(format!("{at}: value[x] 0..1"));
            }
            if count("effective") > 1 {
                p.push(format!("{at}: effective[x] 0..1"));
            }
            if has("dataAbsentReason") && count("value") > 0 {
                p.push(format!("{at}: obs-6 dataAbsentReason only without a value"));
            }
            let code = res.get("code");
            for c in values_at(&Value::Object(res.clone()), "component") {
                if c.get("code").is_none() {
                    p.push(format!("{at}: component.code is required"));
                }
                if c.get("code") == code
                    && c.as_object()
                        .is_some_and(|o| o.keys().any(|k| k.starts_with("value")))
                {
                    p.push(format!(
                        "{at}: obs-7 component repeats the observation code"
                    ));
                }
            }
        }
        "MedicationAdministration" => {
            if count("medication") != 1 {
                p.push(format!("{at}: medication[x] is required (1..1)"));
            }
            if count("effective") != 1 {
                p.push(format!("{at}: effective[x] is required (1..1)"));
            }
            for d in values_at(&Value::Object(res.clone()), "dosage") {
                if d.get("dose").is_none()
                    && !d
                        .as_object()
                        .is_some_and(|o| o.keys().any(|k| k.starts_with("rate")))
                {
                    p.push(format!("{at}: mad-1 dosage needs a dose or a rate"));
                }
            }
        }
        "Provenance" => {
            for a in values_at(&Value::Object(res.clone()), "agent") {
                if a.get("who").is_none() {
                    p.push(format!("{at}: agent.who is required"));
                }
            }
            for s in values_at(&Value::Object(res.clone()), "signature") {
                for k in ["type", "when", "who"] {
                    if s.get(k).is_none() {
                        p.push(format!("{at}: signature.{k} is required"));
                    }
                }
            }
        }
        "Patient" => {
            for t in values_at(&Value::Object(res.clone()), "telecom") {
                if t.get("value").is_some() && t.get("system").is_none() {
                    p.push(format!("{at}: cpt-2 telecom with a value needs a system"));
                }
            }
        }
        "Device" => {
            for n in values_at(&Value::Object(res.clone()), "deviceName") {
                if n.get("name").is_none() || n.get("type").is_none() {
                    p.push(format!(
                        "{at}: deviceName.name and deviceName.type are required"
                    ));
                }
            }
            for prop in values_at(&Value::Object(res.clone()), "property") {
                if prop.get("type").is_none() {
                    p.push(format!("{at}: property.type is required"));
                }
                if prop.get("valueQuantity").is_some_and(|q| !q.is_array()) {
                    p.push(format!("{at}: property.valueQuantity is 0..* (an array)"));
                }
            }
            for k in ["lotNumber", "manufacturer", "serialNumber", "modelNumber"] {
                if res.get(k).is_some_and(|v| !v.is_string()) {
                    p.push(format!("{at}: {k} must be a string"));
                }
            }
        }
        "Medication" => {
            if let Some(b) = res.get("batch") {
                let ok = b.as_object().is_some_and(|o| {
                    o.keys().all(|k| k == "lotNumber" || k == "expirationDate")
                        && o.get("lotNumber").is_none_or(Value::is_string)
                });
                if !ok {
                    p.push(format!(
                        "{at}: batch holds only lotNumber (string) and expirationDate"
                    ));
                }
            }
        }
        "CodeSystem" => {
            let mut seen = HashSet::new();
            for c in values_at(&Value::Object(res.clone()), "concept.code") {
                if !seen.insert(c.to_string()) {
                    p.push(format!("{at}: csd-1 concept code {c} repeats"));
                }
            }
        }
        _ => {}
    }
}

/// Checks every element under `v` (at `path`, array steps dropped): no empty values,
/// formats, codings, quantities, annotations and references.
fn walk(
    p: &mut Vec<String>,
    at: &str,
    path: &str,
    v: &Value,
    targets: &HashMap<String, String>,
    rules: &Rules,
) {
    let key = path.rsplit('.').next().unwrap_or(path);
    match v {
        Value::Null => p.push(format!("{at}: {path} is null")),
        Value::String(s) if s.trim().is_empty() => {
            p.push(format!("{at}: {path} is an empty string"))
        }
        Value::Array(items) if items.is_empty() => {
            p.push(format!("{at}: {path} is an empty array"))
        }
        Value::Object(o) if o.is_empty() => p.push(format!("{at}: {path} is an empty object")),
        _ => {}
    }
    let format = match key {
        "birthDate" => Some(Format::Date),
        "effectiveDateTime" | "performedDateTime" | "occurredDateTime" | "expirationDate"
        | "time" | "start" | "end" => Some(Format::DateTime),
        "timestamp" | "recorded" | "when" | "issued" | "lastUpdated" => Some(Format::Instant),
        _ => None,
    };
    if let (Some(f), false) = (format, v.is_array() || v.is_object()) {
        check_format(p, &format!("{at}: {path}"), v, f);
    }
    match v {
        Value::Array(items) => {
            for item in items {
                walk(p, at, path, item, targets, rules);
            }
        }
        Value::Object(o) => {
            let is_coding = key == "coding" || path == "class" || path == "signature.type";
            if is_coding {
                for k in ["system", "code"] {
                    if o.get(k)
                        .and_then(Value::as_str)
                        .is_none_or(|s| s.trim().is_empty())
                    {
                        p.push(format!("{at}: {path} coding without {k}"));
                    }
                }
                if let Some(c) = o.get("code").and_then(Value::as_str) {
                    if c != c.trim() || c.contains("  ") || c.contains(['\n', '\t']) {
                        p.push(format!("{at}: {path} code {c:?} is not a valid code"));
                    }
                }
            }
            if key == "valueQuantity" || key == "dose" {
                if !o.get("value").is_some_and(Value::is_number) {
                    p.push(format!("{at}: {path} has no numeric value"));
                }
                if o.get("system").and_then(Value::as_str) != Some(UCUM) || !o.contains_key("code")
                {
                    p.push(format!(
                        "{at}: {path} is not a UCUM quantity (system and code)"
                    ));
                }
            }
            if key == "note" && !o.contains_key("text") {
                p.push(format!("{at}: {path} annotation without text"));
            }
            if key == "valueInteger" || key == "count" {
                p.push(format!("{at}: {path} must be an integer"));
            }
            if let Some(reference) = o.get("reference") {
                check_reference(p, at, path, reference, targets, rules);
            }
            for (k, child) in o {
                let child_path = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(p, at, &child_path, child, targets, rules);
            }
        }
        Value::Number(n) if (key == "valueInteger" || key == "count") && !n.is_i64() => {
            p.push(format!("{at}: {path} must be an integer"));
        }
        Value::Bool(_) | Value::Number(_) | Value::String(_) | Value::Null => {}
    }
}

fn check_reference(
    p: &mut Vec<String>,
    at: &str,
    path: &str,
    reference: &Value,
    targets: &HashMap<String, String>,
    rules: &Rules,
) {
    let Some(url) = reference.as_str() else {
        p.push(format!("{at}: {path}.reference is not a string"));
        return;
    };
    let Some(allowed) = rules
        .references
        .iter()
        .find(|(rp, _)| *rp == path)
        .map(|(_, a)| *a)
    else {
        p.push(format!(
            "{at}: {path} is not an element that holds a reference"
        ));
        return;
    };
    match targets.get(url) {
        None => p.push(format!(
            "{at}: {path} → {url} does not resolve in the bundle"
        )),
        Some(t) if !allowed.contains(&"*") && !allowed.contains(&t.as_str()) => {
            p.push(format!(
                "{at}: {path} → {t} is not an allowed target ({})",
                allowed.join("|")
            ));
        }
        Some(_) => {}
    }
}

/// The values at a dotted path (array steps dropped), flattened.
fn values_at<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut out = vec![v];
    for step in path.split('.') {
        out = out
            .into_iter()
            .flat_map(|x| match x.get(step) {
                Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
                Some(other) => vec![other],
                None => vec![],
            })
            .collect();
    }
    out
}
