//! What an import would do, judged against the database: which records are new, which were
//! imported before with the same values (skipped), and which clash.
//!
//! Invariants:
//! - a record is identified by its external id (`import_patient`, `import_session`); its
//!   content hash decides between "already present" (same values) and a conflict (changed
//!   values: never overwritten);
//! - a new patient may not take a record number another patient has; a patient with the
//!   same name and date of birth that was not imported is a warning (a likely duplicate);
//! - every session's patient is in the file or was imported before, and is not archived.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use super::columns::Field;
use super::patients::PatientDraft;
use super::problem::FileProblems;
use super::sessions::SessionDraft;
use super::Counts;
use crate::db::parse_id;
use crate::digest::hex;
use crate::error::Result;
use crate::text;

/// A hash over a sequence of values, unambiguous (each value is length-prefixed).
#[derive(Default)]
pub(crate) struct Digest(Sha256);

impl Digest {
    /// A text value.
    pub fn s(&mut self, v: &str) {
        self.0.update((v.len() as u64).to_le_bytes());
        self.0.update(v.as_bytes());
    }

    /// An optional text value.
    pub fn o(&mut self, v: Option<&str>) {
        match v {
            None => self.0.update([0u8]),
            Some(v) => {
                self.0.update([1u8]);
                self.s(v);
            }
        }
    }

    /// An optional number.
    pub fn i(&mut self, v: Option<i64>) {
        match v {
            None => self.0.update([0u8]),
            Some(v) => {
                self.0.update([1u8]);
                self.0.update(v.to_le_bytes());
            }
        }
    }

    /// The SHA-256.
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

/// What happens to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Created with this id.
    New(Uuid),
    /// Imported before with the same values: this id, skipped.
    Present(Uuid),
}

/// The import, record by record.
#[derive(Default)]
pub(crate) struct Plan {
    pub patients: Vec<(PatientDraft, Fate)>,
    /// Each session, its fate and its patient's id.
    pub sessions: Vec<(SessionDraft, Fate, Uuid)>,
    pub created: Counts,
    pub present: Counts,
}

fn n(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Judges the drafts against the database through `conn` (a read, or the import's own
/// transaction); problems go to the files' lists. `listed`: every external id of
/// patients.csv, valid or not.
pub(crate) fn resolve(
    conn: &Connection,
    patients: Vec<PatientDraft>,
    sessions: Vec<SessionDraft>,
    refused: &[(String, u32)],
    listed: &HashSet<String>,
    pp: &mut FileProblems<'_>,
    sp: &mut FileProblems<'_>,
) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut ids: HashMap<String, Uuid> = HashMap::with_capacity(patients.len());
    let mut imported = conn.prepare_cached(
        "SELECT patient_id, content_hash FROM import_patient WHERE external_id = ?1",
    )?;
    let mut mrn_taken = conn.prepare_cached("SELECT 1 FROM patient WHERE mrn_key = ?1")?;
    let mut twin = conn.prepare_cached(
        "SELECT 1 FROM patient WHERE family_key = ?1 AND given_key = ?2 AND date_of_birth = ?3
         LIMIT 1",
    )?;
    // A first import finds the provenance tables empty: no lookup per row then.
    let any_before = exists(conn, "import_patient")?;
    for d in patients {
        let before: Option<(String, String)> = if any_before {
            imported
                .query_row(params![d.external_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        } else {
            None
        };
        if let Some((id, hash)) = before {
            let id = parse_id("import_patient.patient_id", &id)?;
            ids.insert(d.external_id.clone(), id);
            if hash == hex(&d.hash) {
                plan.present.patients += 1;
                plan.patients.push((d, Fate::Present(id)));
            } else {
                pp.cell(
                    d.line,
                    Field::ExternalId,
                    "This patient was imported before with other values, and an import never \
                     overwrites a record: change the patient in Dermalog, or remove this row.",
                );
            }
            continue;
        }
        let v = &d.valid;
        if let Some(mrn) = &v.mrn {
            if mrn_taken
                .query_row(params![text::search_key(mrn)], |_| Ok(()))
                .optional()?
                .is_some()
            {
                pp.cell(
                    d.line,
                    Field::Mrn,
                    "Another patient in Dermalog already has this record number.",
                );
            }
        }
        let family = text::search_key(&v.family_name);
        let given = text::search_key(&v.given_name);
        let dob = v.date_of_birth.to_string();
        if twin
            .query_row(params![family, given, dob], |_| Ok(()))
            .optional()?
            .is_some()
        {
            pp.warn(
                d.line,
                Field::ExternalId,
                "A patient with the same name and date of birth is already in Dermalog (not \
                 imported): this row creates a second record for them.",
            );
        }
        let id = Uuid::now_v7();
        ids.insert(d.external_id.clone(), id);
        plan.created.patients += 1;
        plan.patients.push((d, Fate::New(id)));
    }
    drop((imported, mrn_taken, twin));
    sessions_against_db(conn, sessions, &ids, listed, sp, &mut plan)?;
    unknown_patients(conn, refused, &ids, listed, sp)?;
    Ok(plan)
}

fn sessions_against_db(
    conn: &Connection,
    sessions: Vec<SessionDraft>,
    in_file: &HashMap<String, Uuid>,
    listed: &HashSet<String>,
    sp: &mut FileProblems<'_>,
    plan: &mut Plan,
) -> Result<()> {
    let mut imported_patient =
        conn.prepare_cached("SELECT patient_id FROM import_patient WHERE external_id = ?1")?;
    let mut is_archived = conn.prepare_cached("SELECT archived FROM patient WHERE id = ?1")?;
    let mut imported = conn.prepare_cached(
        "SELECT session_id, content_hash FROM import_session WHERE external_id = ?1",
    )?;
    let any_before = exists(conn, "import_session")?;
    let mut archived: HashMap<Uuid, bool> = HashMap::new();
    let mut keys: HashMap<String, u32> = HashMap::with_capacity(sessions.len());
    let id_column = if sp.columns.has(Field::SessionExternalId) {
        Field::SessionExternalId
    } else {
        Field::Date
    };
    for d in sessions {
        if let Some(first) = keys.insert(d.key.clone(), d.line) {
            sp.cell(
                d.line,
                Field::Date,
                format!("Another session of this patient starts at the same time (line {first})."),
            );
            continue;
        }
        let patient = match in_file.get(&d.patient) {
            Some(id) => Some(*id),
            None => imported_patient
                .query_row(params![d.patient], |r| r.get::<_, String>(0))
                .optional()?
                .map(|id| parse_id("import_patient.patient_id", &id))
                .transpose()?,
        };
        let Some(patient) = patient else {
            if listed.contains(&d.patient) {
                // The patient's own row has a problem already; saying so here again is noise.
                continue;
            }
            sp.cell(d.line, Field::PatientExternalId, NO_PATIENT);
            continue;
        };
        let gone = match archived.get(&patient) {
            Some(a) => *a,
            None => {
                let a = is_archived
                    .query_row(params![patient.to_string()], |r| r.get::<_, bool>(0))
                    .optional()?
                    .unwrap_or(false);
                archived.insert(patient, a);
                a
            }
        };
        if gone {
            sp.cell(
                d.line,
                Field::PatientExternalId,
                "This patient is archived in Dermalog: restore the patient before importing \
                 their sessions.",
            );
            continue;
        }
        let before: Option<(String, String)> = if any_before {
            imported
                .query_row(params![d.key], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        } else {
            None
        };
        let v = &d.valid;
        let sizes = Counts {
            patients: 0,
            sessions: 1,
            areas: n(v.areas.len()),
            products: n(v.products.len()),
            reactions: n(v.reactions.len()),
        };
        let fate = match before {
            Some((id, hash)) if hash == hex(&d.hash) => {
                add(&mut plan.present, sizes);
                Fate::Present(parse_id("import_session.session_id", &id)?)
            }
            Some(_) => {
                sp.cell(
                    d.line,
                    id_column,
                    "This session was imported before with other values. Imported sessions are \
                     signed records and are never overwritten: add a correction to it in \
                     Dermalog, or remove these rows.",
                );
                continue;
            }
            None => {
                add(&mut plan.created, sizes);
                Fate::New(Uuid::now_v7())
            }
        };
        plan.sessions.push((d, fate, patient));
    }
    Ok(())
}

const NO_PATIENT: &str = "No patient has this external id: add the patient to patients.csv, or \
    import the patients first.";

/// The patients of sessions refused for other reasons must exist all the same.
fn unknown_patients(
    conn: &Connection,
    refused: &[(String, u32)],
    in_file: &HashMap<String, Uuid>,
    listed: &HashSet<String>,
    sp: &mut FileProblems<'_>,
) -> Result<()> {
    let mut imported =
        conn.prepare_cached("SELECT 1 FROM import_patient WHERE external_id = ?1")?;
    for (patient, line) in refused {
        if in_file.contains_key(patient) || listed.contains(patient) {
            continue;
        }
        if imported
            .query_row(params![patient], |_| Ok(()))
            .optional()?
            .is_none()
        {
            sp.cell(*line, Field::PatientExternalId, NO_PATIENT);
        }
    }
    Ok(())
}

/// True when `table` (a provenance table) has any row.
fn exists(conn: &Connection, table: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table})");
    Ok(conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?)
}

fn add(to: &mut Counts, c: Counts) {
    to.patients += c.patients;
    to.sessions += c.sessions;
    to.areas += c.areas;
    to.products += c.products;
    to.reactions += c.reactions;
}
