//! Courses and protocols through the real tables: numbering sessions in a course, the next
//! due date, the clinic-wide due list, and the rules for editing protocols.

use chrono::NaiveDate;
use dermalog_core::courses::{self, CourseInput, CourseState, ProtocolInput};
use dermalog_core::patients;
use dermalog_core::sessions;
use uuid::Uuid;

use super::fixtures::{
    add_patient, by, fresh, invalid_fields, now, reference, session_input, TestDb,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn course_input(t: &TestDb, patient: Uuid, started: &str) -> CourseInput {
    let r = reference(&t.db);
    let acne = r
        .protocols
        .iter()
        .find(|p| p.name == "Acne scars, face")
        .expect("seeded");
    CourseInput {
        id: Uuid::now_v7(),
        patient_id: patient,
        protocol_id: Some(acne.id),
        name: acne.name.clone(),
        indication: acne.indication.clone(),
        target_sessions: acne.target_sessions,
        interval_days: acne.interval_days,
        started_on: started.into(),
        stopped_on: None,
        note: String::new(),
    }
}

#[test]
fn seeded_protocols_carry_their_areas_and_settings() {
    let t = fresh();
    let r = reference(&t.db);
    assert_eq!(r.protocols.len(), 4);
    let acne = r
        .protocols
        .iter()
        .find(|p| p.name == "Acne scars, face")
        .expect("acne");
    assert_eq!((acne.target_sessions, acne.interval_days), (6, 35));
    assert_eq!(acne.areas.len(), 3);
    assert_eq!(acne.areas[0].needle_depth_mm, 1.5);
    assert!(acne.areas.iter().all(|a| a.device_model_id.is_some()));
    let placed = r.areas.iter().filter(|a| a.map.is_some()).count();
    assert_eq!(placed, r.areas.len(), "every seeded area is on the map");
}

#[test]
fn sessions_in_a_course_are_numbered_by_date_and_set_the_next_due_date() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let course = courses::save_course(&t.db, course_input(&t, p.id, "2026-10-01"), &by(now()))
        .expect("course");
    assert_eq!(
        course.state,
        CourseState::Overdue,
        "no session yet, start date passed"
    );

    let mut later = session_input(&t.db, p.id);
    later.course_id = Some(course.id);
    let later = sessions::save(&t.db, later, &by(now())).expect("second");
    let mut first = session_input(&t.db, p.id);
    first.course_id = Some(course.id);
    first.started_at = "2026-10-16T09:00:00+02:00".into();
    first.ended_at = None;
    first.next_session_on = None;
    let first = sessions::save(&t.db, first, &by(now())).expect("entered late, dated earlier");
    assert_eq!(
        (first.course_number, first.course_target),
        (Some(1), Some(6))
    );
    let later = sessions::get(&t.db, later.id).expect("reload");
    assert_eq!(
        later.course_number,
        Some(2),
        "numbered by date, not by entry order"
    );

    let list = courses::list_for_patient(&t.db, p.id, d("2026-11-20")).expect("courses");
    assert_eq!(list[0].sessions_done, 2);
    assert_eq!(list[0].last_session_on, Some(d("2026-11-20")));
    assert_eq!(list[0].next_due_on, Some(d("2026-12-25")));
    assert_eq!(list[0].state, CourseState::OnTrack);
    let soon = courses::list_for_patient(&t.db, p.id, d("2026-12-18")).expect("courses");
    assert_eq!(soon[0].state, CourseState::DueSoon);
}

#[test]
fn a_session_cannot_join_another_patients_course() {
    let t = fresh();
    let a = add_patient(&t.db, "Ada", "Lovelace");
    let b = add_patient(&t.db, "Bea", "Lovelace");
    let course = courses::save_course(&t.db, course_input(&t, a.id, "2026-11-01"), &by(now()))
        .expect("course");
    let mut s = session_input(&t.db, b.id);
    s.course_id = Some(course.id);
    assert_eq!(
        invalid_fields(sessions::save(&t.db, s, &by(now()))),
        ["course_id"]
    );
}

#[test]
fn the_due_list_has_overdue_and_due_soon_courses_of_active_patients_only() {
    let t = fresh();
    let late = add_patient(&t.db, "Late", "Patient");
    let soon = add_patient(&t.db, "Soon", "Patient");
    let later = add_patient(&t.db, "Later", "Patient");
    let archived = add_patient(&t.db, "Gone", "Patient");
    courses::save_course(&t.db, course_input(&t, late.id, "2026-11-01"), &by(now())).expect("late");
    courses::save_course(&t.db, course_input(&t, soon.id, "2026-11-25"), &by(now())).expect("soon");
    courses::save_course(&t.db, course_input(&t, later.id, "2027-01-15"), &by(now()))
        .expect("later");
    courses::save_course(
        &t.db,
        course_input(&t, archived.id, "2026-11-01"),
        &by(now()),
    )
    .expect("gone");
    patients::set_archived(&t.db, archived.id, true, &by(now())).expect("archive");
    let mut stopped = course_input(&t, later.id, "2026-10-01");
    stopped.stopped_on = Some("2026-10-15".into());
    courses::save_course(&t.db, stopped, &by(now())).expect("stopped");

    let due = courses::due_list(&t.db, d("2026-11-20")).expect("due");
    let names: Vec<(&str, CourseState, i32)> = due
        .iter()
        .map(|x| (x.given_name.as_str(), x.course.state, x.course.days_overdue))
        .collect();
    assert_eq!(
        names,
        [
            ("Late", CourseState::Overdue, 19),
            ("Soon", CourseState::DueSoon, 0)
        ]
    );
}

#[test]
fn courses_and_protocols_are_checked_field_by_field() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut c = course_input(&t, p.id, "2026-11-01");
    c.stopped_on = Some("2026-10-01".into());
    c.target_sessions = 0;
    let mut fields = invalid_fields(courses::save_course(&t.db, c, &by(now())));
    fields.sort();
    assert_eq!(fields, ["stopped_on", "target_sessions"]);

    let r = reference(&t.db);
    let acne = &r.protocols[0];
    let input = ProtocolInput {
        id: Uuid::now_v7(),
        name: acne.name.clone(),
        indication: None,
        target_sessions: 4,
        interval_days: 28,
        serum: None,
        areas: acne.areas.clone(),
        note: String::new(),
        archived: false,
    };
    assert_eq!(
        invalid_fields(courses::save_protocol(&t.db, input.clone(), &by(now()))),
        ["name"]
    );
    let mut empty = input;
    empty.name = "Custom".into();
    empty.areas.clear();
    assert_eq!(
        invalid_fields(courses::save_protocol(&t.db, empty.clone(), &by(now()))),
        ["areas"]
    );
    empty.areas = acne.areas.clone();
    empty.areas[0].needle_depth_mm = 2.0;
    let saved = courses::save_protocol(&t.db, empty, &by(now())).expect("new protocol");
    assert_eq!(saved.areas[0].needle_depth_mm, 2.0);
    assert_eq!(reference(&t.db).protocols.len(), 5);
}

/// Session `days` into November 2026 at 10:00 UTC, in `course`.
fn in_course(t: &TestDb, patient: Uuid, course: Option<Uuid>, day: u32) -> sessions::SessionInput {
    let mut s = session_input(&t.db, patient);
    s.started_at = format!("2026-11-{day:02}T10:00:00Z");
    s.ended_at = None;
    s.next_session_on = None;
    s.course_id = course;
    s
}

#[test]
fn the_due_list_agrees_with_each_courses_own_state_on_every_day() {
    let t = fresh();
    let mut all = Vec::new();
    // Courses with no, one and two sessions, one nearly complete, intervals 7 and 28 days.
    for (i, sessions_in) in [0u32, 1, 2, 5].iter().enumerate() {
        let p = add_patient(&t.db, &format!("P{i}"), "Course");
        let mut c = course_input(&t, p.id, "2026-11-01");
        c.interval_days = if i % 2 == 0 { 7 } else { 28 };
        let c = courses::save_course(&t.db, c, &by(now())).expect("course");
        for k in 0..*sessions_in {
            sessions::save(
                &t.db,
                in_course(&t, p.id, Some(c.id), 1 + k * 3),
                &by(now()),
            )
            .expect("s");
        }
        all.push(p.id);
    }
    let mut day = d("2026-10-25");
    while day <= d("2027-01-10") {
        let due: Vec<Uuid> = courses::due_list(&t.db, day)
            .expect("due")
            .iter()
            .map(|x| x.course.id)
            .collect();
        let mut expected = Vec::new();
        for p in &all {
            for c in courses::list_for_patient(&t.db, *p, day).expect("courses") {
                if matches!(c.state, CourseState::Overdue | CourseState::DueSoon) {
                    expected.push(c.id);
                }
            }
        }
        let (mut a, mut b) = (due.clone(), expected.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "due list on {day}");
        day = day.succ_opt().expect("next day");
    }
}

#[test]
fn a_draft_moved_to_another_course_updates_both() {
    let t = fresh();
    let p = add_patient(&t.db, "Mover", "Patient");
    let a =
        courses::save_course(&t.db, course_input(&t, p.id, "2026-11-01"), &by(now())).expect("a");
    let b =
        courses::save_course(&t.db, course_input(&t, p.id, "2026-11-01"), &by(now())).expect("b");
    let s = in_course(&t, p.id, Some(a.id), 5);
    sessions::save(&t.db, s.clone(), &by(now())).expect("in a");
    let done = |id: Uuid| {
        courses::list_for_patient(&t.db, p.id, d("2026-11-20"))
            .expect("courses")
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| (c.sessions_done, c.last_session_on))
            .expect("course")
    };
    assert_eq!(done(a.id), (1, Some(d("2026-11-05"))));
    let mut moved = s.clone();
    moved.course_id = Some(b.id);
    moved.started_at = "2026-11-07T10:00:00Z".into();
    sessions::save(&t.db, moved, &by(now())).expect("moved to b");
    assert_eq!(done(a.id), (0, None));
    assert_eq!(done(b.id), (1, Some(d("2026-11-07"))));
    let mut out = s;
    out.course_id = None;
    sessions::save(&t.db, out, &by(now())).expect("out of any course");
    assert_eq!(done(b.id), (0, None));
}
