//! Timing boundaries of rules: each case sits one day either side of an edge, with month
//! ends and leap days where calendar arithmetic can go wrong.

use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::{counts_on, window_start};
use crate::guidance::FindingLevel;
use crate::medical::{HistoryEntry, HistoryKind};
use crate::screening::{Rule, Timing, WindowUnit};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn rule(reads: HistoryKind, timing: Timing, window: Option<(i32, WindowUnit)>) -> Rule {
    Rule {
        id: Uuid::nil(),
        code: "r".into(),
        description: "r".into(),
        reads,
        terms: vec!["t".into()],
        timing,
        window_count: window.map(|w| w.0),
        window_unit: window.map(|w| w.1),
        in_area: false,
        indications: vec![],
        severity: FindingLevel::Warn,
        advice: String::new(),
        source: String::new(),
        version: 1,
        active: true,
    }
}

fn entry(kind: HistoryKind, start: Option<&str>, end: Option<&str>) -> HistoryEntry {
    HistoryEntry {
        id: Uuid::nil(),
        patient_id: Uuid::nil(),
        term_id: Uuid::nil(),
        term_code: "t".into(),
        kind,
        area_id: None,
        started_on: start.map(d),
        ended_on: end.map(d),
        note: String::new(),
        archived: false,
        updated_at: Utc::now(),
    }
}

fn within(kind: HistoryKind, count: i32, unit: WindowUnit) -> Rule {
    rule(kind, Timing::Within, Some((count, unit)))
}

#[test]
fn medication_stopped_exactly_six_months_ago_no_longer_counts() {
    let r = within(HistoryKind::Medication, 6, WindowUnit::Months);
    let day = d("2026-09-30");
    let stopped = |s| entry(HistoryKind::Medication, Some("2025-01-01"), Some(s));
    assert!(!counts_on(&r, &stopped("2026-03-30"), day));
    assert!(counts_on(&r, &stopped("2026-03-31"), day));
}

#[test]
fn months_back_from_a_month_end_clamp_to_the_shorter_month() {
    let r = within(HistoryKind::Medication, 6, WindowUnit::Months);
    // 31 August minus six months is 28 February in a common year…
    assert_eq!(
        window_start(d("2026-08-31"), 6, WindowUnit::Months),
        Some(d("2026-02-28"))
    );
    let stopped = |s| entry(HistoryKind::Medication, None, Some(s));
    assert!(!counts_on(&r, &stopped("2026-02-28"), d("2026-08-31")));
    assert!(counts_on(&r, &stopped("2026-03-01"), d("2026-08-31")));
    // …and 29 February in a leap year.
    assert_eq!(
        window_start(d("2028-08-31"), 6, WindowUnit::Months),
        Some(d("2028-02-29"))
    );
    assert!(!counts_on(&r, &stopped("2028-02-29"), d("2028-08-31")));
    assert!(counts_on(&r, &stopped("2028-03-01"), d("2028-08-31")));
}

#[test]
fn day_windows_cross_a_leap_day() {
    let r = within(HistoryKind::Treatment, 30, WindowUnit::Days);
    // 30 days before 15 March 2028 is 14 February (29 days in that February).
    assert_eq!(
        window_start(d("2028-03-15"), 30, WindowUnit::Days),
        Some(d("2028-02-14"))
    );
    let peel = |s| entry(HistoryKind::Treatment, Some(s), None);
    assert!(!counts_on(&r, &peel("2028-02-14"), d("2028-03-15")));
    assert!(counts_on(&r, &peel("2028-02-15"), d("2028-03-15")));
}

#[test]
fn peel_thirty_days_ago_is_outside_and_twenty_nine_inside() {
    let r = within(HistoryKind::Treatment, 30, WindowUnit::Days);
    let peel = |s| entry(HistoryKind::Treatment, Some(s), None);
    assert!(!counts_on(&r, &peel("2026-05-01"), d("2026-05-31")));
    assert!(counts_on(&r, &peel("2026-05-02"), d("2026-05-31")));
}

#[test]
fn laser_two_weeks_ago_is_outside_and_thirteen_days_inside() {
    let r = within(HistoryKind::Treatment, 2, WindowUnit::Weeks);
    let laser = |s| entry(HistoryKind::Treatment, Some(s), None);
    assert!(!counts_on(&r, &laser("2026-11-06"), d("2026-11-20")));
    assert!(counts_on(&r, &laser("2026-11-07"), d("2026-11-20")));
    // The same day counts; a treatment booked after the session does not.
    assert!(counts_on(&r, &laser("2026-11-20"), d("2026-11-20")));
    assert!(!counts_on(&r, &laser("2026-11-21"), d("2026-11-20")));
}

#[test]
fn within_counts_a_medication_still_being_taken() {
    let r = within(HistoryKind::Medication, 7, WindowUnit::Days);
    assert!(counts_on(
        &r,
        &entry(HistoryKind::Medication, Some("2020-01-01"), None),
        d("2026-11-20")
    ));
    // Stopping later than the session date means still taking it on that day.
    assert!(counts_on(
        &r,
        &entry(
            HistoryKind::Medication,
            Some("2020-01-01"),
            Some("2026-12-01")
        ),
        d("2026-11-20")
    ));
}

#[test]
fn current_means_ongoing_on_the_session_day() {
    let r = rule(HistoryKind::Condition, Timing::Current, None);
    let day = d("2026-11-20");
    let c = |s: Option<&str>, e: Option<&str>| entry(HistoryKind::Condition, s, e);
    assert!(counts_on(&r, &c(Some("2026-11-01"), None), day));
    assert!(counts_on(
        &r,
        &c(Some("2026-11-01"), Some("2026-11-20")),
        day
    ));
    assert!(!counts_on(
        &r,
        &c(Some("2026-11-01"), Some("2026-11-19")),
        day
    ));
    assert!(counts_on(&r, &c(Some("2026-11-20"), None), day));
    assert!(!counts_on(&r, &c(Some("2026-11-21"), None), day));
    assert!(counts_on(&r, &c(None, None), day));
}

#[test]
fn ever_counts_a_resolved_condition_but_not_one_recorded_after_the_session() {
    let r = rule(HistoryKind::Condition, Timing::Ever, None);
    let day = d("2026-11-20");
    assert!(counts_on(
        &r,
        &entry(
            HistoryKind::Condition,
            Some("2001-01-01"),
            Some("2001-02-01")
        ),
        day
    ));
    assert!(!counts_on(
        &r,
        &entry(HistoryKind::Condition, Some("2026-11-21"), None),
        day
    ));
}

#[test]
fn other_terms_and_kinds_never_count() {
    let r = rule(HistoryKind::Condition, Timing::Ever, None);
    let mut e = entry(HistoryKind::Condition, None, None);
    e.term_code = "other".into();
    assert!(!counts_on(&r, &e, d("2026-11-20")));
    let mut e = entry(HistoryKind::Medication, None, None);
    e.term_code = "t".into();
    assert!(!counts_on(&r, &e, d("2026-11-20")));
}
