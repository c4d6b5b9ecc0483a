//! Writing one demo patient with their history entry, course and sessions (each with its
//! areas, serum and reactions), drawing every value from the generator's RNG.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Transaction};

use super::rng::Rng;
use super::{id_at, names, DemoSummary, Ids, ResolvedPlan};
use crate::db::ts;
use crate::error::Result;
use crate::text;

#[allow(clippy::too_many_arguments)]
pub(super) fn patient(
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
    crate::patients::refresh_session_summary(
        tx,
        pid.parse().map_err(|_| {
            crate::error::Error::CorruptData("a demo patient id is not a UUID".into())
        })?,
    )
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
