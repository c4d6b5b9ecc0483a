//! HL7 FHIR R4 export: a `collection` Bundle of one patient's record ([`patient_bundle`]) or
//! of the whole clinic, streamed patient by patient ([`write_clinic_bundle`]).
//!
//! What a bundle holds: the local `CodeSystem` of microneedling codes; a `Practitioner` for
//! every user who signed, performed (the author signer) or added an addendum; per patient a
//! `Patient`; per session an `Encounter`, per treated area a `Procedure` (SNOMED CT body
//! site from the area table), a `Device` (model, cartridge lot, needle count) and
//! `Observation`s partOf the Procedure (depth in UCUM mm, passes, speed, pattern,
//! endpoint); per product a `Medication` (batch lot / expiry) and a
//! `MedicationAdministration`; per reaction a graded `Observation` (also for follow-up
//! reactions added as addenda); the pain score as an `Observation`; per signature a
//! `Provenance` with its `signature`.
//!
//! Invariants:
//! - every entry's `fullUrl` is `urn:uuid:<resource id>` and every reference points at an
//!   entry of the same bundle; a Practitioner appears once per bundle;
//! - resource ids are record ids (patient, session, treated area, product, reaction,
//!   signature, user) or derived from one (`elements::derived_id`), and entries come in a
//!   fixed order (patients by id, sessions by start then id, children in form order), so the
//!   same data and `now` export byte for byte the same;
//! - the clinic export holds one patient's record in memory at a time; it is the same
//!   entries as the union of the per-patient bundles, each Practitioner written once;
//! - a draft session is exported with `in-progress` / `preliminary` statuses, a signed one
//!   `finished` / `completed` / `final`; an archived patient is `active: false`;
//! - addenda never change what was signed: they become notes on the session's Procedures
//!   (only on the areas a correction names, when it names areas), with author and time,
//!   and follow-up reactions become Observations of their own;
//! - stored data that cannot be mapped (an area, reaction type, scale, grade, device model,
//!   indication or user that is not in the reference lists) is [`Error::CorruptData`],
//!   never a silent default. Nothing here logs names or notes.
//!
//! The export is not audited here (it has no actor); the caller records who exported what.

mod codes;
mod elements;
mod observations;
mod products;
mod resources;
mod session;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::accounts::{self, User};
use crate::db::{parse_id, Db};
use crate::error::{Error, Result};
use crate::reference::{Area, DeviceModel, Indication, ReactionScale, ReactionType};
use crate::sessions::Session;

pub use codes::{
    AREA, INDICATION, MICRONEEDLING, MRN, REACTION_GRADE, REACTION_SCALE, REACTION_TYPE,
    REGISTRATION, SNOMED, UCUM,
};

/// How many patient ids the clinic export reads per query.
const PATIENT_PAGE: i64 = 500;

/// One patient's record as a FHIR R4 `collection` Bundle stamped `now`.
pub fn patient_bundle(db: &Db, patient_id: Uuid, now: DateTime<Utc>) -> Result<Value> {
    let mut catalog = Catalog::load(db)?;
    let group = patient_group(db, &mut catalog, patient_id)?;
    let mut entries = vec![entry(codes::code_system())];
    for user in &group.practitioners {
        entries.push(entry(resources::practitioner(catalog.user(*user)?)));
    }
    entries.extend(group.resources.into_iter().map(entry));
    Ok(json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": elements::instant(now),
        "entry": entries,
    }))
}

/// Writes every patient's record (archived patients included) to `out` as one FHIR R4
/// `collection` Bundle stamped `now`, one patient at a time, and returns the number of
/// resources written. On an error the output is incomplete and should be discarded.
pub fn write_clinic_bundle(db: &Db, now: DateTime<Utc>, out: &mut impl Write) -> Result<usize> {
    let mut catalog = Catalog::load(db)?;
    let mut w = EntryWriter::start(out, now)?;
    w.write(&entry(codes::code_system()))?;
    let mut written_users = HashSet::new();
    let mut after = String::new();
    loop {
        let page = patient_page(db, &after)?;
        for id in &page {
            let group = patient_group(db, &mut catalog, *id)?;
            for user in group.practitioners {
                if written_users.insert(user) {
                    w.write(&entry(resources::practitioner(catalog.user(user)?)))?;
                }
            }
            for r in group.resources {
                w.write(&entry(r))?;
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == PATIENT_PAGE => after = last.to_string(),
            _ => break,
        }
    }
    w.finish()
}

/// Patient ids after `after` (text order, as stored), one page.
fn patient_page(db: &Db, after: &str) -> Result<Vec<Uuid>> {
    db.read(|c| {
        let mut stmt =
            c.prepare_cached("SELECT id FROM patient WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let mut rows = stmt.query(params![after, PATIENT_PAGE])?;
        let mut ids = Vec::new();
        while let Some(r) = rows.next()? {
            ids.push(parse_id("patient.id", &r.get::<_, String>(0)?)?);
        }
        Ok(ids)
    })
}

/// A bundle entry for `resource`.
fn entry(resource: Value) -> Value {
    let id = resource.get("id").and_then(Value::as_str).unwrap_or("");
    json!({ "fullUrl": format!("urn:uuid:{id}"), "resource": resource })
}

/// One patient's resources, and the users they refer to.
struct PatientGroup {
    practitioners: BTreeSet<Uuid>,
    resources: Vec<Value>,
}

fn patient_group(db: &Db, catalog: &mut Catalog, patient_id: Uuid) -> Result<PatientGroup> {
    let patient = crate::patients::get(db, patient_id)?;
    let mut sessions = crate::sessions::list_for_patient(db, patient_id)?;
    sessions.sort_by_key(|s| (s.started_at, s.id));
    if !catalog.knows_all(&sessions) {
        // Reference data or a user added since the export began: read the lists again.
        *catalog = Catalog::load(db)?;
    }
    let mut group = PatientGroup {
        practitioners: BTreeSet::new(),
        resources: vec![resources::patient(&patient)],
    };
    for s in &sessions {
        session::build(catalog, &patient, s, &mut group.resources)?;
        group
            .practitioners
            .extend(s.signatures.iter().map(|x| x.signer_id));
        group
            .practitioners
            .extend(s.addenda.iter().map(|a| a.author_id));
    }
    Ok(group)
}

/// The reference lists and users the export maps records with.
struct Catalog {
    areas: HashMap<Uuid, Area>,
    reaction_types: HashMap<Uuid, ReactionType>,
    scales: HashMap<Uuid, ReactionScale>,
    device_models: HashMap<Uuid, DeviceModel>,
    indications: HashMap<String, Indication>,
    users: HashMap<Uuid, User>,
}

impl Catalog {
    fn load(db: &Db) -> Result<Catalog> {
        let r = crate::reference::list(db)?;
        Ok(Catalog {
            areas: r.areas.into_iter().map(|a| (a.id, a)).collect(),
            reaction_types: r.reaction_types.into_iter().map(|t| (t.id, t)).collect(),
            scales: r.reaction_scales.into_iter().map(|s| (s.id, s)).collect(),
            device_models: r.device_models.into_iter().map(|d| (d.id, d)).collect(),
            indications: r
                .indications
                .into_iter()
                .map(|i| (i.code.clone(), i))
                .collect(),
            users: accounts::list(db)?.into_iter().map(|u| (u.id, u)).collect(),
        })
    }

    /// Whether every list entry and user `sessions` point at is known.
    fn knows_all(&self, sessions: &[Session]) -> bool {
        sessions.iter().all(|s| {
            s.indications
                .iter()
                .all(|c| self.indications.contains_key(c))
                && s.areas.iter().all(|a| {
                    self.areas.contains_key(&a.area_id)
                        && a.device_model_id
                            .is_none_or(|d| self.device_models.contains_key(&d))
                })
                && s.reactions.iter().all(|r| {
                    self.reaction_types.contains_key(&r.reaction_type_id)
                        && self.scales.contains_key(&r.scale_id)
                })
                && s.signatures
                    .iter()
                    .all(|x| self.users.contains_key(&x.signer_id))
                && s.addenda
                    .iter()
                    .all(|a| self.users.contains_key(&a.author_id))
        })
    }

    fn area(&self, id: Uuid) -> Result<&Area> {
        self.areas.get(&id).ok_or_else(|| unknown("area"))
    }

    fn reaction_type(&self, id: Uuid) -> Result<&ReactionType> {
        self.reaction_types
            .get(&id)
            .ok_or_else(|| unknown("reaction type"))
    }

    fn scale(&self, id: Uuid) -> Result<&ReactionScale> {
        self.scales
            .get(&id)
            .ok_or_else(|| unknown("reaction scale"))
    }

    fn device_model(&self, id: Uuid) -> Result<&DeviceModel> {
        self.device_models
            .get(&id)
            .ok_or_else(|| unknown("device model"))
    }

    fn indication(&self, code: &str) -> Result<&Indication> {
        self.indications
            .get(code)
            .ok_or_else(|| unknown("indication"))
    }

    fn user(&self, id: Uuid) -> Result<&User> {
        self.users.get(&id).ok_or_else(|| unknown("user"))
    }
}

fn unknown(what: &str) -> Error {
    Error::CorruptData(format!("a record names a {what} that is not in the lists"))
}

/// Writes `{"resourceType":"Bundle",…,"entry":[` , then entries, then `]}`.
struct EntryWriter<'w, W: Write> {
    out: &'w mut W,
    count: usize,
}

impl<'w, W: Write> EntryWriter<'w, W> {
    fn start(out: &'w mut W, now: DateTime<Utc>) -> Result<Self> {
        let head = format!(
            "{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":{},\"entry\":[",
            Value::String(elements::instant(now))
        );
        out.write_all(head.as_bytes()).map_err(write_failed)?;
        Ok(EntryWriter { out, count: 0 })
    }

    fn write(&mut self, entry: &Value) -> Result<()> {
        if self.count > 0 {
            self.out.write_all(b",\n").map_err(write_failed)?;
        }
        let bytes = serde_json::to_vec(entry).map_err(|_| {
            Error::CorruptData("a FHIR resource could not be written as JSON".into())
        })?;
        self.out.write_all(&bytes).map_err(write_failed)?;
        self.count += 1;
        Ok(())
    }

    fn finish(self) -> Result<usize> {
        self.out.write_all(b"]}\n").map_err(write_failed)?;
        self.out.flush().map_err(write_failed)?;
        Ok(self.count)
    }
}

/// A failed write of the export file ([`crate::error::file_error`]); the core has no
/// dedicated I/O error variant, so anything but a full disk is refused with the reason.
fn write_failed(e: std::io::Error) -> Error {
    crate::error::file_error("the file", e, Error::Export)
}
