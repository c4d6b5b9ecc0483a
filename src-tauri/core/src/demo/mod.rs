//! A demo clinic: a realistic, deterministic database of N patients and M sessions, for
//! benchmarks at clinic scale (100,000 patients, 1,000,000 sessions) and for trying the app.
//!
//! Same seed, same clinic: names, dates, areas, depths within each area's guidance, devices
//! and their step grids, serums from the catalogue with monthly lots, cartridge lots,
//! reactions with grades on their scales, courses, and some medical history. Rows are
//! written with plain prepared inserts in batches of one transaction each (validation is
//! the generator's job here: it only draws values the core accepts), because generating a
//! million sessions through the per-session save would take an hour. The first patients
//! have 200 sessions each, the history size the benchmarks read. Screening results are not
//! generated (they would be 24 rows per session); sessions carry no overrides.
//!
//! The bulk rows are not audited one by one (that would double the write); the generation
//! as a whole is one `generate` audit row, without a user, holding the counts only.

mod names;
mod rng;
mod rows;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::{Builder, Uuid};

use crate::audit::{Action, Change};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::reference::{self, ReferenceData};
use rng::Rng;
use rows::patient;

/// How big a clinic to build.
#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    /// Patients.
    pub patients: u32,
    /// Sessions, spread over the patients.
    pub sessions: u32,
    /// Seed: the same seed builds the same clinic.
    pub seed: u64,
    /// Patients (at the start) with exactly this many sessions, for history benchmarks.
    pub heavy_patients: u32,
    /// Sessions of each heavy patient.
    pub heavy_sessions: u32,
}

impl DemoSpec {
    /// The busy multi-year clinic the benchmarks run on: 100,000 patients and 1,000,000
    /// sessions, ten of them with 200 sessions each.
    pub fn clinic_scale() -> Self {
        DemoSpec {
            patients: 100_000,
            sessions: 1_000_000,
            seed: 42,
            heavy_patients: 10,
            heavy_sessions: 200,
        }
    }
}

/// The demo clinic for `spec` in `dir`, built once and then reused: the file name carries
/// the size, seed and schema version, and a build is published by renaming a finished
/// file, so an interrupted build is never taken for a clinic. Errors are text for the
/// benchmark that asked.
pub fn cached(
    dir: &std::path::Path,
    spec: &DemoSpec,
    today: NaiveDate,
) -> std::result::Result<std::path::PathBuf, String> {
    let path = dir.join(format!(
        "clinic-{}-{}-seed{}-v{}.sqlite3",
        spec.patients,
        spec.sessions,
        spec.seed,
        crate::db::LATEST_VERSION
    ));
    if !path.exists() {
        let failed = |what: &str, e: &dyn std::fmt::Display| format!("{what}: {e}");
        std::fs::create_dir_all(dir).map_err(|e| failed("demo folder", &e))?;
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let db = Db::open(&partial, Utc::now()).map_err(|e| failed("demo database", &e))?;
        generate(&db, spec, today).map_err(|e| failed("demo clinic", &e))?;
        drop(db);
        std::fs::rename(&partial, &path).map_err(|e| failed("publish demo clinic", &e))?;
    }
    Ok(path)
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Patients.
    pub patients: u64,
    /// Sessions.
    pub sessions: u64,
    /// Treated areas.
    pub areas: u64,
    /// Products applied.
    pub products: u64,
    /// Reactions.
    pub reactions: u64,
    /// Courses.
    pub courses: u64,
    /// History entries.
    pub history_entries: u64,
}

/// One indication's areas with their depth range (micrometres) and serum.
struct Plan {
    indication: &'static str,
    areas: &'static [(&'static str, i64, i64)],
    serum: &'static str,
}

const PLANS: &[Plan] = &[
    Plan {
        indication: "acne_scars",
        areas: &[
            ("cheek_left", 1000, 1500),
            ("cheek_right", 1000, 1500),
            ("chin", 750, 1250),
        ],
        serum: "Hyaluronic acid serum",
    },
    Plan {
        indication: "fine_lines",
        areas: &[
            ("forehead", 250, 500),
            ("periorbital", 250, 250),
            ("perioral", 250, 500),
        ],
        serum: "Peptide serum",
    },
    Plan {
        indication: "hair_loss",
        areas: &[("scalp", 500, 1500)],
        serum: "PRP (platelet-rich plasma)",
    },
    Plan {
        indication: "stretch_marks",
        areas: &[("abdomen", 1500, 2500), ("thighs", 1500, 2500)],
        serum: "Hyaluronic acid serum",
    },
    Plan {
        indication: "hyperpigmentation",
        areas: &[("full_face", 500, 1000)],
        serum: "Tranexamic acid serum",
    },
    Plan {
        indication: "skin_laxity",
        areas: &[("neck", 250, 500), ("jawline", 500, 1000)],
        serum: "Growth factor serum",
    },
];

const BATCH: u32 = 2_000;

fn id_at(rng: &mut Rng, at: DateTime<Utc>) -> String {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    Builder::from_unix_timestamp_millis(ms, &rng.bytes())
        .into_uuid()
        .to_string()
}

fn lookup(reference: &ReferenceData, code: &str) -> Result<Uuid> {
    reference
        .areas
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.id)
        .ok_or_else(|| Error::CorruptData(format!("seeded area {code} is missing")))
}

/// Builds the demo clinic into `db` (expected to be new), with `today` as the last day, and
/// appends one audit row for it, dated `today` at 00:00 UTC.
pub fn generate(db: &Db, spec: &DemoSpec, today: NaiveDate) -> Result<DemoSummary> {
    let reference = reference::list(db)?;
    let ids = Ids::new(&reference)?;
    let mut rng = Rng::new(spec.seed);
    let mut summary = DemoSummary::default();
    let heavy = spec.heavy_patients.min(spec.patients);
    let heavy_total = u64::from(heavy) * u64::from(spec.heavy_sessions);
    let rest_sessions = u64::from(spec.sessions).saturating_sub(heavy_total);
    let rest_patients = u64::from(spec.patients - heavy).max(1);
    let base = rest_sessions / rest_patients;
    let extra = rest_sessions % rest_patients;
    let ws = db.workstation_id().to_string();
    let mut carry: i64 = 0;
    let mut start = 0;
    while start < spec.patients {
        let end = (start + BATCH).min(spec.patients);
        db.write(|tx| {
            for i in start..end {
                let count = if i < heavy {
                    i64::from(spec.heavy_sessions)
                } else {
                    let k = u64::from(i - heavy);
                    let even = i64::try_from(base + u64::from(k < extra)).unwrap_or(0);
                    // Pairs of patients trade sessions, so counts vary and the total holds.
                    if k % 2 == 0 && i + 1 < spec.patients {
                        carry = rng.range(0, even / 2);
                        even + carry
                    } else {
                        let c = even - carry;
                        carry = 0;
                        c
                    }
                };
                patient(
                    tx,
                    &mut rng,
                    &ids,
                    i,
                    count.max(0),
                    today,
                    &ws,
                    &mut summary,
                )?;
            }
            Ok(())
        })?;
        start = end;
    }
    // Rows went in directly, so course progress and the report counts are built once at
    // the end.
    db.write(|tx| crate::courses::refresh_all_progress(tx))?;
    crate::reports::rebuild(db)?;
    // Sizes and seed only: no generated name or value goes into the audit trail.
    let counts = serde_json::json!({
        "seed": spec.seed,
        "patients": summary.patients,
        "sessions": summary.sessions,
        "areas": summary.areas,
        "products": summary.products,
        "reactions": summary.reactions,
        "courses": summary.courses,
        "history_entries": summary.history_entries,
    });
    let at = today.and_time(chrono::NaiveTime::MIN).and_utc();
    db.write_with_audit(None, at, |_| {
        Ok(((), Change::on(Action::Generate, "demo").new_value(&counts)))
    })?;
    Ok(summary)
}

/// A plan resolved to ids: (area, lowest depth, deepest depth) per area, indication, serum.
type ResolvedPlan = (Vec<(Uuid, i64, i64)>, &'static str, &'static str);

/// Reference ids the generator draws from, looked up once.
struct Ids {
    plans: Vec<ResolvedPlan>,
    pen: Uuid,
    products: Vec<(String, Uuid)>,
    erythema: (Uuid, Uuid),
    edema: (Uuid, Uuid),
    bleeding: (Uuid, Uuid),
    pih: (Uuid, Uuid),
    protocol: Option<Uuid>,
    terms: Vec<Uuid>,
}

impl Ids {
    fn new(r: &ReferenceData) -> Result<Self> {
        let mut plans = Vec::new();
        for p in PLANS {
            let areas = p
                .areas
                .iter()
                .map(|(code, lo, hi)| Ok((lookup(r, code)?, *lo, *hi)))
                .collect::<Result<Vec<_>>>()?;
            plans.push((areas, p.indication, p.serum));
        }
        let reaction = |code: &str| {
            r.reaction_types
                .iter()
                .find(|t| t.code == code)
                .map(|t| (t.id, t.default_scale_id))
                .ok_or_else(|| Error::CorruptData(format!("seeded reaction {code} is missing")))
        };
        let pen = r
            .device_models
            .iter()
            .find(|d| d.depth_step_mm == Some(0.25) && d.evaluated_max_mm.is_none())
            .map(|d| d.id)
            .ok_or_else(|| Error::CorruptData("the seeded 0.25 mm pen is missing".into()))?;
        Ok(Ids {
            plans,
            pen,
            products: r.products.iter().map(|p| (p.name.clone(), p.id)).collect(),
            erythema: reaction("erythema")?,
            edema: reaction("edema")?,
            bleeding: reaction("pinpoint_bleeding")?,
            pih: reaction("pih")?,
            protocol: r.protocols.first().map(|p| p.id),
            terms: r
                .history_terms
                .iter()
                .filter(|t| {
                    [
                        "isotretinoin",
                        "filler",
                        "rosacea",
                        "hsv_history",
                        "warfarin",
                    ]
                    .contains(&t.code.as_str())
                })
                .map(|t| t.id)
                .collect(),
        })
    }
}
