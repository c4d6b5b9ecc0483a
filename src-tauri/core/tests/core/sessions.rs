//! Sessions: a full save and reload, idempotent retries, draft edits, all-or-nothing
//! writes, and every validation bound from the field list.

use dermalog_core::patients;
use dermalog_core::sessions::{self, SessionInput, SessionStatus, TimePoint};
use dermalog_core::Error;
use rstest::rstest;
use uuid::Uuid;

use super::fixtures::{
    add_patient, area_id, by, fresh, invalid_fields, now, reference, session_input,
};

fn count(t: &super::fixtures::TestDb, table: &str) -> i64 {
    t.db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
        .expect("count")
}

#[test]
fn a_session_with_areas_products_and_reactions_round_trips() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let input = session_input(&t.db, p.id);
    let saved = sessions::save(&t.db, input.clone(), &by(now())).expect("saves");
    assert_eq!(saved.status, SessionStatus::Draft);
    assert_eq!(
        saved.started_at.to_rfc3339(),
        "2026-11-20T08:00:00+00:00",
        "stored as UTC"
    );
    assert_eq!(saved.areas.len(), 2);
    assert_eq!(saved.areas[0].needle_depth_mm, 1.5);
    assert_eq!(saved.areas[1].needle_depth_mm, 0.5, "form order kept");
    assert_eq!(saved.products[0].lot.as_deref(), Some("HA-7781"));
    let erythema = &saved.reactions[0];
    let r = reference(&t.db);
    let cea = r
        .reaction_scales
        .iter()
        .find(|s| s.code == "cea")
        .expect("cea");
    assert_eq!(
        erythema.scale_id, cea.id,
        "the type's default scale is stored with the grade"
    );
    assert_eq!(erythema.time_point, TimePoint::Immediate);
    assert_eq!(sessions::get(&t.db, input.id).expect("reload"), saved);
}

#[test]
fn a_retried_save_never_duplicates_a_session() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let input = session_input(&t.db, p.id);
    let first = sessions::save(&t.db, input.clone(), &by(now())).expect("first");
    let retry = sessions::save(&t.db, input, &by(now())).expect("retry");
    assert_eq!(
        retry, first,
        "the retry stores exactly the same record, child ids included"
    );
    assert_eq!(count(&t, "session"), 1);
    assert_eq!(count(&t, "treated_area"), 2);
    assert_eq!(count(&t, "product_applied"), 1);
    assert_eq!(count(&t, "reaction"), 1);
}

#[test]
fn editing_a_draft_replaces_children_and_keeps_returned_ids() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = session_input(&t.db, p.id);
    let first = sessions::save(&t.db, input.clone(), &by(now())).expect("first");
    input.areas[0].id = Some(first.areas[0].id);
    input.areas.truncate(1);
    input.areas[0].passes = Some(4);
    input.reactions.clear();
    let later = now() + chrono::Duration::minutes(5);
    let edited = sessions::save(&t.db, input, &by(later)).expect("edit");
    assert_eq!(edited.areas.len(), 1);
    assert_eq!(
        edited.areas[0].id, first.areas[0].id,
        "the kept row keeps its id"
    );
    assert_eq!(edited.areas[0].passes, 4);
    assert!(edited.reactions.is_empty());
    assert_eq!(edited.created_at, first.created_at);
    assert_eq!(edited.updated_at, later);
}

#[test]
fn a_new_row_added_before_a_kept_one_gets_its_own_id() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = session_input(&t.db, p.id);
    input.areas.truncate(1);
    let first = sessions::save(&t.db, input.clone(), &by(now())).expect("first");
    let kept = first.areas[0].id;
    let mut added = input.areas[0].clone();
    added.area_id = Some(area_id(&reference(&t.db), "chin"));
    input.areas[0].id = Some(kept);
    input.areas.insert(0, added);
    let edited = sessions::save(&t.db, input, &by(now())).expect("edit");
    assert_eq!(edited.areas[1].id, kept);
    assert_ne!(
        edited.areas[0].id, kept,
        "the new row does not steal the kept row's id"
    );
}

#[test]
fn a_session_id_cannot_be_moved_to_another_patient() {
    let t = fresh();
    let a = add_patient(&t.db, "Ada", "Lovelace");
    let b = add_patient(&t.db, "Grace", "Hopper");
    let mut input = session_input(&t.db, a.id);
    sessions::save(&t.db, input.clone(), &by(now())).expect("first");
    input.patient_id = b.id;
    assert!(matches!(
        sessions::save(&t.db, input, &by(now())),
        Err(Error::Conflict(_))
    ));
    assert!(sessions::list_for_patient(&t.db, b.id)
        .expect("list")
        .is_empty());
}

#[test]
fn a_failed_child_write_leaves_nothing_behind() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let first = sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("first");
    // A second session reusing a child id of the first passes validation but fails in SQL
    // after the session row was written: the whole save must roll back.
    let mut clash = session_input(&t.db, p.id);
    clash.areas[1].id = Some(first.areas[0].id);
    assert!(matches!(
        sessions::save(&t.db, clash.clone(), &by(now())),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        sessions::get(&t.db, clash.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(count(&t, "session"), 1);
    assert_eq!(count(&t, "treated_area"), 2);
}

#[test]
fn archived_and_unknown_patients_cannot_get_sessions() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    patients::set_archived(&t.db, p.id, true, &by(now())).expect("archive");
    assert_eq!(
        invalid_fields(sessions::save(
            &t.db,
            session_input(&t.db, p.id),
            &by(now())
        )),
        ["patient_id"]
    );
    let ghost = session_input(&t.db, Uuid::now_v7());
    assert!(matches!(
        sessions::save(&t.db, ghost, &by(now())),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(count(&t, "session"), 0);
}

/// One session a day in October 2026 for `patient`, each with one area at the given depth.
fn one_area_sessions(t: &super::fixtures::TestDb, patient: Uuid, days: &[(&str, f64)]) {
    for (day, depth) in days {
        let mut s = session_input(&t.db, patient);
        s.started_at = format!("2026-10-{day}T09:00:00Z");
        s.ended_at = None;
        s.areas.truncate(1);
        s.areas[0].needle_depth_mm = Some(*depth);
        sessions::save(&t.db, s, &by(now())).expect("save");
    }
}

#[test]
fn history_is_newest_first_with_each_sessions_own_children() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let other = add_patient(&t.db, "Grace", "Hopper");
    one_area_sessions(&t, p.id, &[("10", 0.5), ("24", 1.0), ("17", 0.75)]);
    sessions::save(&t.db, session_input(&t.db, other.id), &by(now())).expect("other patient");
    let history = sessions::list_for_patient(&t.db, p.id).expect("history");
    let depths: Vec<f64> = history.iter().map(|s| s.areas[0].needle_depth_mm).collect();
    assert_eq!(
        depths,
        [1.0, 0.75, 0.5],
        "newest first, children not mixed up"
    );
    assert!(history
        .iter()
        .all(|s| s.areas.len() == 1 && s.reactions.len() == 1));
    let summary = patients::list(&t.db, &Default::default()).expect("list");
    let ada = summary.iter().find(|s| s.id == p.id).expect("ada");
    assert_eq!(ada.session_count, 3);
    assert_eq!(
        ada.last_session_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-10-24T09:00:00+00:00")
    );
}

#[test]
fn the_newest_sessions_come_with_their_children_and_the_total() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let other = add_patient(&t.db, "Grace", "Hopper");
    one_area_sessions(
        &t,
        p.id,
        &[("10", 0.5), ("24", 1.0), ("17", 0.75), ("03", 0.25)],
    );
    sessions::save(&t.db, session_input(&t.db, other.id), &by(now())).expect("other patient");
    let all = sessions::list_for_patient(&t.db, p.id).expect("history");

    let recent = sessions::recent_for_patient(&t.db, p.id, 2).expect("recent");
    assert_eq!(recent.total, 4);
    assert_eq!(
        recent.sessions,
        all[..2],
        "the same two sessions, children and all"
    );
    let depths: Vec<f64> = recent
        .sessions
        .iter()
        .map(|s| s.areas[0].needle_depth_mm)
        .collect();
    assert_eq!(depths, [1.0, 0.75]);
    assert!(recent.sessions.iter().all(|s| s.areas.len() == 1
        && s.reactions.len() == 1
        && s.products.len() == all[0].products.len()));

    let more = sessions::recent_for_patient(&t.db, p.id, sessions::RECENT_MAX).expect("all");
    assert_eq!((more.sessions, more.total), (all, 4));
    for limit in [0, sessions::RECENT_MAX + 1] {
        assert_eq!(
            invalid_fields(sessions::recent_for_patient(&t.db, p.id, limit)),
            ["limit"]
        );
    }
    assert!(matches!(
        sessions::recent_for_patient(&t.db, Uuid::now_v7(), 5),
        Err(Error::NotFound { .. })
    ));
}

type Spoil = fn(&mut SessionInput);

#[rstest]
#[case::depth_zero("areas[0].needle_depth_mm", |s: &mut SessionInput| s.areas[0].needle_depth_mm = Some(0.0))]
#[case::depth_above_max("areas[0].needle_depth_mm", |s: &mut SessionInput| s.areas[0].needle_depth_mm = Some(3.55))]
#[case::depth_missing("areas[1].needle_depth_mm", |s: &mut SessionInput| s.areas[1].needle_depth_mm = None)]
#[case::passes_zero("areas[0].passes", |s: &mut SessionInput| s.areas[0].passes = Some(0))]
#[case::passes_thirteen("areas[1].passes", |s: &mut SessionInput| s.areas[1].passes = Some(13))]
#[case::no_device("areas[0].device_kind", |s: &mut SessionInput| s.areas[0].device_kind = None)]
#[case::no_area("areas[1].area_id", |s: &mut SessionInput| s.areas[1].area_id = None)]
#[case::unknown_area("areas[1].area_id", |s: &mut SessionInput| s.areas[1].area_id = Some(Uuid::now_v7()))]
#[case::no_areas_at_all("areas", |s: &mut SessionInput| { s.areas.clear(); s.reactions.clear(); })]
#[case::pain_eleven("pain_score", |s: &mut SessionInput| s.pain_score = Some(11))]
#[case::pain_negative("pain_score", |s: &mut SessionInput| s.pain_score = Some(-1))]
#[case::end_before_start("ended_at", |s: &mut SessionInput| s.ended_at = Some("2026-11-20T08:59:00+01:00".into()))]
#[case::end_equals_start("ended_at", |s: &mut SessionInput| s.ended_at = Some("2026-11-20T09:00:00+01:00".into()))]
#[case::start_not_a_time("started_at", |s: &mut SessionInput| s.started_at = "yesterday".into())]
#[case::start_in_future("started_at", |s: &mut SessionInput| { s.started_at = "2026-11-20T11:01:00Z".into(); s.ended_at = None; })]
#[case::no_clinician("clinician_name", |s: &mut SessionInput| s.clinician_name = " ".into())]
#[case::expiry_not_real("products[0].expiry_on", |s: &mut SessionInput| s.products[0].expiry_on = Some("2027-02-30".into()))]
#[case::product_no_name("products[0].name", |s: &mut SessionInput| s.products[0].name = String::new())]
#[case::product_no_role("products[0].role", |s: &mut SessionInput| s.products[0].role = None)]
#[case::lot_too_long("products[0].lot", |s: &mut SessionInput| s.products[0].lot = Some("L".repeat(41)))]
#[case::grade_above_scale("reactions[0].grade", |s: &mut SessionInput| s.reactions[0].grade = Some(5))]
#[case::grade_below_scale("reactions[0].grade", |s: &mut SessionInput| s.reactions[0].grade = Some(-1))]
#[case::no_time_point("reactions[0].time_point", |s: &mut SessionInput| s.reactions[0].time_point = None)]
#[case::reaction_on_untreated_area("reactions[0].area_id", |s: &mut SessionInput| s.reactions[0].area_id = Some(Uuid::now_v7()))]
#[case::numbing_too_long("numbing_minutes", |s: &mut SessionInput| s.numbing_minutes = Some(181))]
#[case::next_before_session("next_session_on", |s: &mut SessionInput| s.next_session_on = Some("2026-11-20".into()))]
#[case::notes_too_long("notes", |s: &mut SessionInput| s.notes = "n".repeat(10_001))]
fn invalid_sessions_are_refused_on_their_field(#[case] field: &str, #[case] spoil: Spoil) {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = session_input(&t.db, p.id);
    spoil(&mut input);
    assert_eq!(
        invalid_fields(sessions::save(&t.db, input, &by(now()))),
        [field]
    );
    assert_eq!(count(&t, "session"), 0, "nothing half-written");
    assert_eq!(count(&t, "treated_area"), 0);
}

#[rstest]
#[case::depth_at_max(|s: &mut SessionInput| s.areas[0].needle_depth_mm = Some(3.5))]
#[case::depth_smallest(|s: &mut SessionInput| s.areas[0].needle_depth_mm = Some(0.01))]
#[case::passes_bounds(|s: &mut SessionInput| { s.areas[0].passes = Some(1); s.areas[1].passes = Some(12); })]
#[case::pain_bounds(|s: &mut SessionInput| s.pain_score = Some(10))]
#[case::pain_zero(|s: &mut SessionInput| s.pain_score = Some(0))]
#[case::grade_top_of_scale(|s: &mut SessionInput| s.reactions[0].grade = Some(4))]
#[case::no_products_or_reactions(|s: &mut SessionInput| { s.products.clear(); s.reactions.clear(); })]
#[case::start_within_clock_slack(|s: &mut SessionInput| { s.started_at = "2026-11-20T10:30:00Z".into(); s.ended_at = None; })]
fn values_at_the_bounds_are_accepted(#[case] adjust: Spoil) {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = session_input(&t.db, p.id);
    adjust(&mut input);
    sessions::save(&t.db, input, &by(now())).expect("bounds are inclusive");
}

#[test]
fn several_problems_are_reported_together() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = session_input(&t.db, p.id);
    input.areas[0].needle_depth_mm = Some(4.0);
    input.areas[1].passes = None;
    input.pain_score = Some(12);
    let fields = invalid_fields(sessions::save(&t.db, input, &by(now())));
    assert_eq!(
        fields,
        ["pain_score", "areas[0].needle_depth_mm", "areas[1].passes"]
    );
}

#[test]
fn products_may_name_one_of_the_sessions_areas() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut input = session_input(&t.db, p.id);
    let forehead = area_id(&reference(&t.db), "forehead");
    input.products[0].area_id = Some(forehead);
    let saved = sessions::save(&t.db, input, &by(now())).expect("save");
    assert_eq!(saved.products[0].area_id, Some(forehead));
}

#[test]
fn the_patient_list_counts_sessions_and_follows_a_redated_draft() {
    let t = super::fixtures::fresh();
    let p = super::fixtures::add_patient(&t.db, "Ada", "Lovelace");
    let summary = |t: &super::fixtures::TestDb| {
        dermalog_core::patients::list(&t.db, &Default::default()).expect("list")[0].clone()
    };
    assert_eq!(
        (summary(&t).session_count, summary(&t).last_session_at),
        (0, None)
    );
    let mut s = super::fixtures::session_input(&t.db, p.id);
    let first = sessions::save(&t.db, s.clone(), &by(now())).expect("save");
    sessions::save(&t.db, s.clone(), &by(now())).expect("retry is the same session");
    assert_eq!(summary(&t).session_count, 1);
    assert_eq!(summary(&t).last_session_at, Some(first.started_at));
    // The draft re-dated a month earlier: the latest session moves with it.
    s.started_at = "2026-10-20T09:00:00+01:00".into();
    s.ended_at = None;
    s.next_session_on = None;
    let moved = sessions::save(&t.db, s, &by(now())).expect("re-date");
    assert_eq!(summary(&t).last_session_at, Some(moved.started_at));
}
