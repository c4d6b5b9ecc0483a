//! Clinical guidance through the real seeded tables: live checks and the save refusing
//! blocks, with the session's own date as "now" for every date rule.

use dermalog_core::guidance::{self, FindingCode, FindingLevel};
use dermalog_core::sessions::{self, SessionInput};
use dermalog_core::Error;

use super::fixtures::{
    add_patient, area_id, by, device_id, fresh, invalid_fields, now, reference, session_input,
    TestDb,
};

fn codes(t: &TestDb, input: &SessionInput) -> Vec<(String, FindingLevel, FindingCode)> {
    guidance::check(&t.db, input)
        .expect("check")
        .into_iter()
        .map(|f| (f.field, f.level, f.code))
        .collect()
}

/// A one-area session on the left cheek at `depth`, on `day` (YYYY-MM-DD, 09:00 UTC).
fn cheek_session(t: &TestDb, patient: uuid::Uuid, day: &str, depth: f64) -> SessionInput {
    let mut s = session_input(&t.db, patient);
    s.started_at = format!("{day}T09:00:00Z");
    s.ended_at = None;
    s.next_session_on = None;
    s.indications.clear();
    s.areas.truncate(1);
    s.areas[0].needle_depth_mm = Some(depth);
    s.products.clear();
    s.reactions.clear();
    s
}

#[test]
fn the_seeded_guidance_warns_by_area_and_by_indication() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = cheek_session(&t, p.id, "2026-11-19", 1.25);
    let above = (
        "areas[0].needle_depth_mm".to_string(),
        FindingLevel::Warn,
        FindingCode::DepthAboveTypical,
    );
    assert_eq!(codes(&t, &s), [above], "cheeks are typically 0.5–1.0 mm");
    s.indications = vec!["acne_scars".into()];
    assert!(
        codes(&t, &s).is_empty(),
        "for acne scars 1.0–1.5 mm is typical"
    );
    s.areas[0].needle_depth_mm = Some(2.25);
    let upper = codes(&t, &s);
    assert_eq!(
        upper[0].2,
        FindingCode::DepthAboveUpperUse,
        "scar upper use is 2.0 mm"
    );
}

#[test]
fn a_depth_the_device_cannot_reach_is_refused_and_nothing_is_written() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let r = reference(&t.db);
    let mut s = cheek_session(&t, p.id, "2026-11-19", 1.3);
    s.areas[0].device_model_id = Some(device_id(&r, "Motorised pen, 0.25 mm steps"));
    let found = guidance::check(&t.db, &s).expect("check");
    let step = found
        .iter()
        .find(|f| f.code == FindingCode::DepthOffStep)
        .expect("off the grid");
    assert_eq!(step.level, FindingLevel::Block);
    assert!(
        step.message.contains("1.25 mm or 1.5 mm"),
        "{}",
        step.message
    );
    assert_eq!(
        invalid_fields(sessions::save(&t.db, s.clone(), &by(now()))),
        ["areas[0].needle_depth_mm"]
    );
    assert!(sessions::list_for_patient(&t.db, p.id)
        .expect("history")
        .is_empty());

    s.areas[0].needle_depth_mm = Some(1.25);
    sessions::save(&t.db, s, &by(now())).expect("on the grid: saved, with a depth warning only");
}

#[test]
fn an_evaluated_maximum_warns_but_saves() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let r = reference(&t.db);
    let mut s = cheek_session(&t, p.id, "2026-11-19", 1.75);
    s.indications = vec!["acne_scars".into()];
    s.areas[0].device_model_id = Some(device_id(&r, "Authorised pen, evaluated to 1.5 mm"));
    let found = codes(&t, &s);
    assert!(found
        .iter()
        .any(|f| f.2 == FindingCode::DepthAboveEvaluated && f.1 == FindingLevel::Warn));
    sessions::save(&t.db, s, &by(now())).expect("warnings do not stop a save");
}

#[test]
fn a_model_of_another_device_kind_is_refused() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let r = reference(&t.db);
    let mut s = cheek_session(&t, p.id, "2026-11-19", 1.0);
    s.areas[0].device_model_id = Some(device_id(&r, "Roller 1.0 mm"));
    assert_eq!(
        invalid_fields(sessions::save(&t.db, s, &by(now()))),
        ["areas[0].device_model_id"]
    );
}

#[test]
fn a_lot_that_expired_before_the_session_date_is_refused() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = session_input(&t.db, p.id);
    // The session is on 20 Nov 2026 in the clinic's time zone (09:00+01:00).
    s.products[0].expiry_on = Some("2026-11-20".into());
    assert!(
        !codes(&t, &s).iter().any(|f| f.2 == FindingCode::LotExpired),
        "valid through its expiry day"
    );
    s.products[0].expiry_on = Some("2026-11-19".into());
    assert_eq!(
        codes(&t, &s)
            .iter()
            .filter(|f| f.2 == FindingCode::LotExpired)
            .count(),
        1,
        "expired the day before"
    );
    assert!(
        matches!(sessions::save(&t.db, s, &by(now())), Err(Error::Invalid(f)) if f[0].field == "products[0].expiry_on")
    );
}

#[test]
fn the_session_date_not_the_clock_decides_expiry_across_time_zones() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = session_input(&t.db, p.id);
    // 23:30 on 31 Dec in New York is already 1 Jan in UTC: the clinic's day is 31 Dec.
    s.started_at = "2025-12-31T23:30:00-05:00".into();
    s.ended_at = None;
    s.next_session_on = None;
    s.products[0].expiry_on = Some("2025-12-31".into());
    assert!(!codes(&t, &s).iter().any(|f| f.2 == FindingCode::LotExpired));
}

#[test]
fn an_area_treated_again_within_the_minimum_interval_warns() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    sessions::save(
        &t.db,
        cheek_session(&t, p.id, "2026-10-01", 0.75),
        &by(now()),
    )
    .expect("earlier");
    let interval = |day: &str| {
        codes(&t, &cheek_session(&t, p.id, day, 0.75))
            .into_iter()
            .filter(|f| f.2 == FindingCode::IntervalShort)
            .map(|f| f.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        interval("2026-10-28"),
        ["areas[0].area_id"],
        "27 days later"
    );
    assert!(interval("2026-10-29").is_empty(), "exactly 28 days later");
    assert_eq!(
        interval("2026-09-10"),
        ["areas[0].area_id"],
        "entered late, 21 days before"
    );
    let mut other_area = cheek_session(&t, p.id, "2026-10-10", 0.5);
    other_area.areas[0].area_id = Some(area_id(&reference(&t.db), "forehead"));
    assert!(
        !codes(&t, &other_area)
            .iter()
            .any(|f| f.2 == FindingCode::IntervalShort),
        "no overlap"
    );
    let mut full_face = cheek_session(&t, p.id, "2026-10-10", 1.0);
    full_face.areas[0].area_id = Some(area_id(&reference(&t.db), "full_face"));
    assert!(
        codes(&t, &full_face)
            .iter()
            .any(|f| f.2 == FindingCode::IntervalShort),
        "full face overlaps the cheek treated 9 days before"
    );
    let message = guidance::check(&t.db, &cheek_session(&t, p.id, "2026-10-15", 0.75))
        .expect("check")
        .into_iter()
        .find(|f| f.code == FindingCode::IntervalShort)
        .expect("interval")
        .message;
    assert!(
        message.contains("14 days before") && message.contains("28 days"),
        "{message}"
    );
}

#[test]
fn a_draft_is_not_compared_with_itself_and_other_patients_do_not_count() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let q = add_patient(&t.db, "Grace", "Hopper");
    let s = cheek_session(&t, p.id, "2026-10-01", 0.75);
    sessions::save(&t.db, s.clone(), &by(now())).expect("save");
    assert!(
        codes(&t, &s).is_empty(),
        "re-checking the saved draft itself"
    );
    assert!(codes(&t, &cheek_session(&t, q.id, "2026-10-02", 0.75)).is_empty());
}

#[test]
fn darker_skin_deeper_than_the_pih_depth_warns_from_the_patient_record() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace"); // Fitzpatrick IV in the fixture
    let mut s = cheek_session(&t, p.id, "2026-11-19", 1.75);
    s.indications = vec!["acne_scars".into()];
    assert!(codes(&t, &s).iter().any(|f| f.2 == FindingCode::PihRisk));
    s.areas[0].needle_depth_mm = Some(1.5);
    assert!(!codes(&t, &s).iter().any(|f| f.2 == FindingCode::PihRisk));
}

#[test]
fn an_incomplete_form_is_checked_as_far_as_it_goes() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = cheek_session(&t, p.id, "2026-11-19", 0.75);
    s.started_at = String::new();
    s.areas[0].area_id = None;
    s.areas[0].needle_depth_mm = Some(9.0);
    assert!(
        codes(&t, &s).is_empty(),
        "nothing to judge yet, and no error either"
    );
}

#[test]
fn intervals_are_counted_in_calendar_days_of_the_clinic() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut first = cheek_session(&t, p.id, "2026-10-01", 0.75);
    first.started_at = "2026-10-01T18:00:00+02:00".into();
    sessions::save(&t.db, first, &by(now())).expect("earlier, in the evening");
    let at = |started: &str| {
        let mut s = cheek_session(&t, p.id, "2026-10-29", 0.75);
        s.started_at = started.into();
        guidance::check(&t.db, &s)
            .expect("check")
            .into_iter()
            .find(|f| f.code == FindingCode::IntervalShort)
            .map(|f| f.message)
    };
    // 27 days 14 hours later, but 28 calendar days: no warning.
    assert_eq!(at("2026-10-29T08:00:00+02:00"), None);
    // The evening before is 27 calendar days, however many hours.
    let message = at("2026-10-28T20:00:00+02:00").expect("27 days warns");
    assert!(
        message.contains("27 days before") && message.contains("1 Oct 2026"),
        "{message}"
    );
}
