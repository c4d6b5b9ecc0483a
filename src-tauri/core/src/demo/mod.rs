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

mod names;
mod rng;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Transaction};
use uuid::{Builder, Uuid};

use crate::db::{ts, Db};
use crate::error::{Error, Result};
use crate::reference::{self, ReferenceData};
use crate::text;
use rng::Rng;

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

/// Builds the demo clinic into `db` (expected to be new), with `today` as the last day.
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

#[allow(clippy::too_many_arguments)]
fn patient(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    ids: &Ids,
    n: u32,
    sessions: i64,
    today: NaiveDate,
    ws: &str,
    summary: &mut DemoSummary,
) -> Result<()> {
    let given = *rng.pick(names::GIVEN);
    let family = *rng.pick(names::FAMILY);
    let plan = &ids.plans[rng.below(ids.plans.len() as u64) as usize];
    let born = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN)
        + Duration::days(rng.range(0, 56 * 365));
    let created = (today - Duration::days(sessions * 40 + rng.range(30, 400)))
        .and_hms_opt(9, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_default();
    let pid = id_at(rng, created);
    let sex = if rng.percent(78) {
        "female"
    } else if rng.percent(95) {
        "male"
    } else {
        "unknown"
    };
    let mrn = format!("MRN{:07}", 1_000_000 + u64::from(n));
    let fitz = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6][rng.below(10) as usize];
    tx.prepare_cached(
        "INSERT INTO patient (id, given_name, family_name, given_key, family_key, date_of_birth,
             sex_at_birth, mrn, mrn_key, phone, email, fitzpatrick, indications, created_at,
             updated_at, workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
    )?
    .execute(params![
        pid,
        given,
        family,
        text::search_key(given),
        text::search_key(family),
        born.to_string(),
        sex,
        mrn,
        text::search_key(&mrn),
        format!("+44 20 {:04} {:04}", rng.below(10_000), rng.below(10_000)),
        format!("patient{n}@example.org"),
        fitz,
        format!("[\"{}\"]", plan.1),
        ts(created),
        ws
    ])?;
    summary.patients += 1;
    if rng.percent(15) && !ids.terms.is_empty() {
        let term = ids.terms[rng.below(ids.terms.len() as u64) as usize];
        let from = today - Duration::days(rng.range(30, 2000));
        tx.prepare_cached(
            "INSERT INTO history_entry (id, patient_id, term_id, started_on, ended_on, note,
                 created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?6, ?7)",
        )?
        .execute(params![
            id_at(rng, created),
            pid,
            term.to_string(),
            from.to_string(),
            rng.percent(50)
                .then(|| (from + Duration::days(rng.range(10, 300))).to_string()),
            ts(created),
            ws
        ])?;
        summary.history_entries += 1;
    }
    if sessions == 0 {
        return Ok(());
    }
    // Newest session 0–60 days ago; each earlier one 28–42 days before the next.
    let mut day = today - Duration::days(rng.range(0, 60));
    let mut days = Vec::with_capacity(sessions as usize);
    for _ in 0..sessions {
        days.push(day);
        day -= Duration::days(rng.range(28, 42));
    }
    days.reverse();
    let course_id = id_at(rng, created);
    tx.prepare_cached(
        "INSERT INTO course (id, patient_id, protocol_id, name, indication, target_sessions,
             interval_days, started_on, note, created_at, updated_at, workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 6, 35, ?6, '', ?7, ?7, ?8)",
    )?
    .execute(params![
        course_id,
        pid,
        ids.protocol
            .filter(|_| plan.1 == "acne_scars")
            .map(|p| p.to_string()),
        format!("{} course", plan.1.replace('_', " ")),
        plan.1,
        days[0].to_string(),
        ts(created),
        ws
    ])?;
    summary.courses += 1;
    let clinician = *rng.pick(names::CLINICIANS);
    for (k, d) in days.iter().enumerate() {
        session(
            tx,
            rng,
            ids,
            plan,
            &pid,
            (k < 6).then_some(course_id.as_str()),
            *d,
            clinician,
            ws,
            summary,
        )?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn session(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    ids: &Ids,
    plan: &ResolvedPlan,
    patient: &str,
    course: Option<&str>,
    day: NaiveDate,
    clinician: &str,
    ws: &str,
    summary: &mut DemoSummary,
) -> Result<()> {
    let start = day
        .and_hms_opt(
            8 + rng.range(0, 9) as u32,
            [0, 15, 30, 45][rng.below(4) as usize],
            0,
        )
        .map(|t| t.and_utc())
        .unwrap_or_default();
    let sid = id_at(rng, start);
    let at = ts(start);
    tx.prepare_cached(
        "INSERT INTO session (id, patient_id, started_at, ended_at, clinician_name, indications,
             numbing_product, numbing_minutes, skin_prep, pain_score, notes, aftercare_given,
             next_session_on, course_id, created_at, updated_at, workstation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'Lidocaine 4 % cream', 30, 'Chlorhexidine', ?7, '', 1,
                 ?8, ?9, ?3, ?3, ?10)",
    )?
    .execute(params![
        sid,
        patient,
        at,
        ts(start + Duration::minutes(rng.range(20, 60))),
        clinician,
        format!("[\"{}\"]", plan.1),
        rng.range(1, 6),
        (day + Duration::days(35)).to_string(),
        course,
        ws
    ])?;
    summary.sessions += 1;
    let cartridge = format!("C{}-{:03}", day.format("%y%m"), rng.below(20));
    for (pos, (area, lo, hi)) in plan.0.iter().enumerate() {
        let depth = (rng.range(*lo, *hi) / 250).max(1) * 250;
        tx.prepare_cached(
            "INSERT INTO treated_area (id, session_id, position, area_id, device_kind,
                 device_model_id, needle_depth_um, passes, speed_level, pattern, needle_count,
                 cartridge_lot, endpoint, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, 'derma_pen', ?5, ?6, ?7, ?8, 'crosshatch', 16, ?9,
                     'Pinpoint bleeding', ?10, ?10, ?11)",
        )?
        .execute(params![
            id_at(rng, start),
            sid,
            pos as i64,
            area.to_string(),
            ids.pen.to_string(),
            depth,
            rng.range(2, 4),
            rng.range(2, 5),
            cartridge,
            at,
            ws
        ])?;
        summary.areas += 1;
    }
    let product = ids.products.iter().find(|(n, _)| n == plan.2);
    let lot = format!(
        "{}-{}-{}",
        &plan.2[..2].to_uppercase(),
        day.format("%y%m"),
        rng.below(8)
    );
    tx.prepare_cached(
        "INSERT INTO product_applied (id, session_id, position, name, role, lot, expiry_on,
             amount, product_id, created_at, updated_at, workstation_id)
         VALUES (?1, ?2, 0, ?3, 'serum', ?4, ?5, '2 ml', ?6, ?7, ?7, ?8)",
    )?
    .execute(params![
        id_at(rng, start),
        sid,
        plan.2,
        lot,
        (day + Duration::days(rng.range(120, 540))).to_string(),
        product.map(|p| p.1.to_string()),
        at,
        ws
    ])?;
    summary.products += 1;
    let mut reactions = vec![(ids.erythema, rng.range(1, 3), "immediate")];
    if rng.percent(40) {
        reactions.push((ids.edema, rng.range(0, 2), "immediate"));
    }
    if rng.percent(30) {
        reactions.push((ids.bleeding, 1, "immediate"));
    }
    if rng.percent(1) {
        reactions.push((ids.pih, rng.range(1, 2), "next_visit"));
    }
    for (pos, ((kind, scale), grade, when)) in reactions.into_iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO reaction (id, session_id, position, reaction_type_id, scale_id, grade,
                 time_point, note, created_at, updated_at, workstation_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', ?8, ?8, ?9)",
        )?
        .execute(params![
            id_at(rng, start),
            sid,
            pos as i64,
            kind.to_string(),
            scale.to_string(),
            grade,
            when,
            at,
            ws
        ])?;
        summary.reactions += 1;
    }
    Ok(())
}
