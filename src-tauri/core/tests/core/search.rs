//! Session search on the known clinic of `review_data`: every filter alone, combined,
//! paging and the total, and field errors.

use chrono::NaiveDate;
use dermalog_core::sessions::{self, DeviceKind, PageRequest, SessionFilter};
use uuid::Uuid;

use crate::fixtures::{area_id, fresh, invalid_fields, reaction_type_id, reference};
use crate::review_data::{clinic, Clinic};

const ALL: PageRequest = PageRequest {
    offset: 0,
    limit: 500,
};

/// Session numbers (1-based, as in the table of `review_data`) found, newest first. Each
/// search runs both ways: driven from the child indexes (as a small clinic always is) and
/// checked session by session (as broad filters are in a large clinic); they must agree.
fn found(db: &dermalog_core::Db, c: &Clinic, f: SessionFilter) -> Vec<usize> {
    let page = sessions::search(db, &f, ALL).expect("search");
    let scanned = sessions::search_tuned(db, &f, ALL, 0).expect("search, scanning");
    assert_eq!(
        page, scanned,
        "both search plans find the same sessions for {f:?}"
    );
    assert_eq!(page.total as usize, page.hits.len(), "one page holds all");
    page.hits
        .iter()
        .map(|h| {
            1 + c
                .s
                .iter()
                .position(|s| s.id == h.session_id)
                .expect("known session")
        })
        .collect()
}

fn day(s: &str) -> Option<NaiveDate> {
    Some(s.parse().expect("day"))
}

#[test]
fn no_filter_finds_every_session_newest_first() {
    let t = fresh();
    let c = clinic(&t.db);
    assert_eq!(
        found(&t.db, &c, SessionFilter::default()),
        vec![6, 3, 5, 2, 4, 1]
    );
}

#[test]
fn each_filter_alone_finds_exactly_its_sessions() {
    let t = fresh();
    let c = clinic(&t.db);
    let r = reference(&t.db);
    let f = |edit: &dyn Fn(&mut SessionFilter)| {
        let mut f = SessionFilter::default();
        edit(&mut f);
        found(&t.db, &c, f)
    };
    assert_eq!(f(&|f| f.patient_id = Some(c.ana.id)), vec![3, 2, 1]);
    // A product lot (used by two patients) and a cartridge lot.
    assert_eq!(f(&|f| f.lot = Some(" HA-2 ".into())), vec![2, 4]);
    assert_eq!(f(&|f| f.lot = Some("CART-9".into())), vec![2]);
    assert_eq!(
        f(&|f| f.lot = Some("ha-2".into())),
        Vec::<usize>::new(),
        "lots are exact"
    );
    // The left cheek: its own session, and the full-face session that includes it.
    assert_eq!(
        f(&|f| f.area_id = Some(area_id(&r, "cheek_left"))),
        vec![3, 2]
    );
    // Full face: every face area treated.
    assert_eq!(f(&|f| f.area_id = Some(area_id(&r, "full_face"))).len(), 6);
    assert_eq!(f(&|f| f.area_id = Some(area_id(&r, "chin"))), vec![3, 5, 4]);
    assert_eq!(f(&|f| f.device_kind = Some(DeviceKind::Stamp)), vec![5]);
    assert_eq!(
        f(&|f| f.device_kind = Some(DeviceKind::DermaRoller)),
        vec![3]
    );
    assert_eq!(
        f(&|f| f.product = Some("HYALURONIC acid serum".into())),
        vec![2, 4, 1]
    );
    assert_eq!(
        f(&|f| f.product = Some("PDRN".into())),
        Vec::<usize>::new(),
        "whole names"
    );
    let erythema = reaction_type_id(&r, "erythema");
    // Grade 0 is "none": not a reaction.
    assert_eq!(f(&|f| f.reaction_type_id = Some(erythema)), vec![6, 2, 1]);
    assert_eq!(
        f(&|f| {
            f.reaction_type_id = Some(erythema);
            f.min_grade = Some(3);
        }),
        vec![2],
        "the 24 h grade counts"
    );
    assert_eq!(f(&|f| f.min_grade = Some(1)), vec![6, 2, 4, 1]);
    assert_eq!(f(&|f| f.min_grade = Some(0)), vec![6, 5, 2, 4, 1]);
    assert_eq!(f(&|f| f.clinician = Some("dr. sam".into())), vec![3, 4]);
    assert_eq!(
        f(&|f| f.clinician = Some("%".into())),
        Vec::<usize>::new(),
        "no wildcards"
    );
    assert_eq!(f(&|f| f.course_id = Some(c.course)), vec![3]);
    assert_eq!(f(&|f| f.from = day("2026-03-05")), vec![6, 3, 5]);
    assert_eq!(
        f(&|f| f.to = day("2026-02-14")),
        vec![2, 4, 1],
        "the last day is included"
    );
    assert_eq!(
        f(&|f| f.device_model_id = Some(Uuid::now_v7())),
        Vec::<usize>::new()
    );
}

#[test]
fn filters_combine_with_and() {
    let t = fresh();
    let c = clinic(&t.db);
    let r = reference(&t.db);
    let f = SessionFilter {
        area_id: Some(area_id(&r, "chin")),
        device_kind: Some(DeviceKind::DermaPen),
        from: day("2026-02-01"),
        to: day("2026-02-28"),
        ..SessionFilter::default()
    };
    assert_eq!(found(&t.db, &c, f), vec![4]);
    let none = SessionFilter {
        patient_id: Some(c.cleo.id),
        clinician: Some("Dr. Sam".into()),
        ..SessionFilter::default()
    };
    assert!(found(&t.db, &c, none).is_empty());
}

#[test]
fn hits_carry_what_a_row_shows() {
    let t = fresh();
    let c = clinic(&t.db);
    let f = SessionFilter {
        lot: Some("CART-9".into()),
        ..SessionFilter::default()
    };
    let page = sessions::search(&t.db, &f, ALL).expect("search");
    let h = &page.hits[0];
    assert_eq!(h.patient_id, c.ana.id);
    assert_eq!(
        (h.given_name.as_str(), h.family_name.as_str()),
        ("Ana", "Alvarez")
    );
    assert_eq!(h.areas, "Cheek, left 1.50 mm");
    assert_eq!(h.devices, "Derma pen");
    assert_eq!(h.products, "Hyaluronic acid serum (lot HA-2)");
    assert!(h.reactions.starts_with("Erythema"), "{}", h.reactions);
    assert!(
        h.reactions.ends_with(" 3"),
        "highest grade: {}",
        h.reactions
    );
    assert_eq!(h.max_grade, Some(3));
    let quiet = sessions::search(
        &t.db,
        &SessionFilter {
            course_id: Some(c.course),
            ..SessionFilter::default()
        },
        ALL,
    )
    .expect("search");
    assert_eq!(quiet.hits[0].reactions, "");
    assert_eq!(quiet.hits[0].max_grade, None);
}

#[test]
fn pages_walk_the_same_order_and_the_total_counts_all() {
    let t = fresh();
    let c = clinic(&t.db);
    let mut seen = Vec::new();
    for offset in [0, 2, 4] {
        let page = sessions::search(
            &t.db,
            &SessionFilter::default(),
            PageRequest { offset, limit: 2 },
        )
        .expect("page");
        assert_eq!(page.total, 6);
        assert!(!page.more);
        seen.extend(page.hits.iter().map(|h| h.session_id));
    }
    let expected: Vec<_> = [6, 3, 5, 2, 4, 1].iter().map(|n| c.s[n - 1].id).collect();
    assert_eq!(seen, expected);
}

#[test]
fn bad_filters_are_field_errors() {
    let t = fresh();
    let backwards = SessionFilter {
        from: day("2026-03-01"),
        to: day("2026-02-01"),
        min_grade: Some(11),
        lot: Some("x".repeat(101)),
        ..SessionFilter::default()
    };
    let mut fields = invalid_fields(sessions::search(&t.db, &backwards, ALL));
    fields.sort();
    assert_eq!(fields, ["lot", "min_grade", "to"]);
}
