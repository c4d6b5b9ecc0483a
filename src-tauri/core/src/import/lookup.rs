//! The clinic's reference lists indexed by matching key, built once per import: areas,
//! indications and reaction types by code or name, device models by model name (with or
//! without the manufacturer).
//!
//! Invariant: a code wins over another entry's name with the same key.

use std::collections::HashMap;

use uuid::Uuid;

use super::values::{key, key_into};
use crate::reference::{DeviceModel, ReactionScale, ReactionType, ReferenceData};

pub(crate) struct Lookups<'r> {
    pub reference: &'r ReferenceData,
    areas: HashMap<String, Uuid>,
    indications: HashMap<String, String>,
    reactions: HashMap<String, usize>,
    devices: HashMap<String, usize>,
    /// Catalogue products by search key, and the names already looked up.
    products: HashMap<String, Uuid>,
    product_names: HashMap<String, Option<Uuid>>,
    /// Scratch buffer for keys, so lookups do not allocate.
    buf: String,
}

impl<'r> Lookups<'r> {
    pub fn new(reference: &'r ReferenceData) -> Self {
        let mut areas = HashMap::new();
        for a in &reference.areas {
            areas.insert(key(&a.name), a.id);
        }
        for a in &reference.areas {
            areas.insert(key(&a.code), a.id);
        }
        let mut indications = HashMap::new();
        for i in &reference.indications {
            indications.insert(key(&i.name), i.code.clone());
        }
        for i in &reference.indications {
            indications.insert(key(&i.code), i.code.clone());
        }
        let mut reactions = HashMap::new();
        for (n, r) in reference.reaction_types.iter().enumerate() {
            reactions.insert(key(&r.name), n);
        }
        for (n, r) in reference.reaction_types.iter().enumerate() {
            reactions.insert(key(&r.code), n);
        }
        let mut devices = HashMap::new();
        for (n, d) in reference.device_models.iter().enumerate() {
            devices.insert(key(&d.model), n);
        }
        for (n, d) in reference.device_models.iter().enumerate() {
            devices.insert(key(&format!("{} {}", d.manufacturer, d.model)), n);
        }
        let products = reference
            .products
            .iter()
            .map(|p| (crate::text::search_key(&p.name), p.id))
            .collect();
        Lookups {
            reference,
            areas,
            indications,
            reactions,
            devices,
            products,
            product_names: HashMap::new(),
            buf: String::new(),
        }
    }

    /// The area with this code or name.
    pub fn area(&mut self, s: &str) -> Option<Uuid> {
        key_into(s, &mut self.buf);
        self.areas.get(self.buf.as_str()).copied()
    }

    /// The indication code for this code or name.
    pub fn indication(&mut self, s: &str) -> Option<String> {
        key_into(s, &mut self.buf);
        self.indications.get(self.buf.as_str()).cloned()
    }

    /// Every indication code, for the patient rules.
    pub fn indication_codes(&self) -> Vec<String> {
        self.reference
            .indications
            .iter()
            .map(|i| i.code.clone())
            .collect()
    }

    /// The reaction type with this code or name, and its default scale.
    pub fn reaction(&mut self, s: &str) -> Option<(&'r ReactionType, Option<&'r ReactionScale>)> {
        key_into(s, &mut self.buf);
        let t = self
            .reference
            .reaction_types
            .get(*self.reactions.get(self.buf.as_str())?)?;
        let scale = self
            .reference
            .reaction_scales
            .iter()
            .find(|s| s.id == t.default_scale_id);
        Some((t, scale))
    }

    /// The catalogue product named `s` (ignoring case, as the session form matches it),
    /// remembered per name so a name repeated on many rows is normalised once.
    pub fn product(&mut self, s: &str) -> Option<Uuid> {
        if let Some(found) = self.product_names.get(s) {
            return *found;
        }
        let found = self.products.get(&crate::text::search_key(s)).copied();
        self.product_names.insert(s.to_string(), found);
        found
    }

    /// The device model named `s` (model, or manufacturer and model).
    pub fn device(&mut self, s: &str) -> Option<&'r DeviceModel> {
        key_into(s, &mut self.buf);
        self.reference
            .device_models
            .get(*self.devices.get(self.buf.as_str())?)
    }
}

/// A grade on `scale`: its number, or its label (`mild`).
pub(crate) fn grade(scale: Option<&ReactionScale>, s: &str) -> Option<i32> {
    if let Ok(g) = super::values::parse_int(s) {
        return Some(g);
    }
    let scale = scale?;
    let k = key(s);
    scale
        .labels
        .iter()
        .position(|l| key(l) == k)
        .and_then(|i| i32::try_from(i).ok())
        .map(|i| scale.min_grade + i)
}
