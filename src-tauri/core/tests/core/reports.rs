//! Reports on the known clinic of `review_data`, and the invariant that the kept counts
//! always equal a rebuild from the records, whatever was saved, re-saved or reassessed.

use std::collections::BTreeMap;

use dermalog_core::patients;
use dermalog_core::reports::{self, Dimension, ReactionReport, ReportPeriod};
use dermalog_core::sessions;
use dermalog_core::Db;
use uuid::Uuid;

use crate::fixtures::{by, fresh, invalid_fields, now, patient_input, reaction_type_id, reference};
use crate::review_data::clinic;

fn period(from: &str, to: &str) -> ReportPeriod {
    ReportPeriod {
        from_month: from.into(),
        to_month: to.into(),
    }
}

fn q1() -> ReportPeriod {
    period("2026-01", "2026-03")
}

/// label → (sessions, {(reaction code, grade) → sessions}).
type Table = BTreeMap<String, (u32, BTreeMap<(String, i32), u32>)>;

fn table(db: &Db, r: &ReactionReport) -> Table {
    let refs = reference(db);
    let code = |id: Uuid| {
        refs.reaction_types
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.code.clone())
            .expect("type")
    };
    std::iter::once(&r.overall)
        .chain(r.groups.iter())
        .map(|g| {
            let cells = g
                .cells
                .iter()
                .map(|c| ((code(c.reaction_type_id), c.grade), c.sessions))
                .collect();
            (g.label.clone(), (g.sessions, cells))
        })
        .collect()
}

fn cells(pairs: &[(&str, i32, u32)]) -> BTreeMap<(String, i32), u32> {
    pairs
        .iter()
        .map(|(c, g, n)| (((*c).to_string(), *g), *n))
        .collect()
}

#[test]
fn reactions_by_device_type_count_each_session_once_at_its_highest_grade() {
    let t = fresh();
    clinic(&t.db);
    let r = reports::reactions(&t.db, Dimension::DeviceKind, &q1()).expect("report");
    let got = table(&t.db, &r);
    assert_eq!(
        got["All sessions"],
        (
            6,
            cells(&[
                ("erythema", 0, 1),
                ("erythema", 1, 1),
                ("erythema", 2, 1),
                ("erythema", 3, 1),
                ("edema", 1, 1)
            ])
        )
    );
    assert_eq!(
        got["Derma pen"],
        (
            4,
            cells(&[
                ("erythema", 1, 1),
                ("erythema", 3, 1),
                ("erythema", 2, 1),
                ("edema", 1, 1)
            ])
        )
    );
    assert_eq!(got["Derma roller"], (1, cells(&[])));
    assert_eq!(got["Stamp"], (1, cells(&[("erythema", 0, 1)])));
    assert_eq!(r.groups[0].label, "Derma pen", "most sessions first");
    assert_eq!(r.heading, "Device type");
}

#[test]
fn serum_depth_and_fitzpatrick_groups() {
    let t = fresh();
    clinic(&t.db);
    let serum = table(
        &t.db,
        &reports::reactions(&t.db, Dimension::Serum, &q1()).expect("serum"),
    );
    // "hyaluronic ACID serum " is the same serum typed differently.
    assert_eq!(serum["Hyaluronic acid serum"].0, 3);
    assert_eq!(serum["Pdrn serum"].0, 2);
    assert_eq!(serum["None recorded"], (1, cells(&[("erythema", 0, 1)])));
    let depth = table(
        &t.db,
        &reports::reactions(&t.db, Dimension::DepthBand, &q1()).expect("depth"),
    );
    assert_eq!(depth["0.5 mm or less"], (1, cells(&[("erythema", 1, 1)])));
    // Session 5 is 1.0 + 0.25 mm: its deepest area decides.
    assert_eq!(
        depth["over 0.5 to 1.0 mm"],
        (2, cells(&[("erythema", 0, 1)]))
    );
    assert_eq!(
        depth["over 1.0 to 1.5 mm"],
        (2, cells(&[("erythema", 2, 1), ("erythema", 3, 1)]))
    );
    assert_eq!(depth["over 2.0 mm"], (1, cells(&[("edema", 1, 1)])));
    assert!(
        !depth.contains_key("over 1.5 to 2.0 mm"),
        "empty bands are not listed"
    );
    let fitz = table(
        &t.db,
        &reports::reactions(&t.db, Dimension::Fitzpatrick, &q1()).expect("fitz"),
    );
    assert_eq!(fitz["Type IV"].0, 3);
    assert_eq!(fitz["Type II"].0, 2);
    assert_eq!(fitz["Not assessed"], (1, cells(&[("erythema", 2, 1)])));
}

#[test]
fn the_period_selects_whole_months() {
    let t = fresh();
    clinic(&t.db);
    let feb = reports::reactions(&t.db, Dimension::DeviceKind, &period("2026-02", "2026-02"))
        .expect("feb");
    assert_eq!(feb.overall.sessions, 2);
    // 23:30 UTC on 31 March is March.
    let march = reports::sessions_per_month(&t.db, &period("2025-12", "2026-04")).expect("months");
    let months: Vec<(&str, u32)> = march
        .iter()
        .map(|m| (m.month.as_str(), m.sessions))
        .collect();
    assert_eq!(
        months,
        [
            ("2025-12", 0),
            ("2026-01", 1),
            ("2026-02", 2),
            ("2026-03", 3),
            ("2026-04", 0)
        ]
    );
}

#[test]
fn bad_periods_are_field_errors() {
    let t = fresh();
    assert_eq!(
        invalid_fields(reports::sessions_per_month(
            &t.db,
            &period("2026-13", "2026-01")
        )),
        ["from_month"]
    );
    assert_eq!(
        invalid_fields(reports::reactions(
            &t.db,
            Dimension::Serum,
            &period("2026-05", "2026-01")
        )),
        ["to_month"]
    );
    assert_eq!(
        invalid_fields(reports::sessions_per_month(
            &t.db,
            &period("1990-01", "2026-01")
        )),
        ["to_month"],
        "at most 20 years"
    );
}

#[test]
fn courses_due_counts_per_protocol() {
    let t = fresh();
    let c = clinic(&t.db);
    // Ana's course: last session 20 March, every 42 days → due 1 May; on 20 November it is
    // long overdue.
    let r = reports::courses_due(&t.db, now().date_naive()).expect("courses");
    assert_eq!((r.overdue, r.due_soon), (1, 0));
    assert_eq!(r.courses[0].course.id, c.course);
    assert_eq!(r.by_protocol.len(), 1);
    assert_eq!(r.by_protocol[0].label, "No protocol");
    assert_eq!(r.by_protocol[0].overdue, 1);
}

/// Every row of the kept counts.
fn counts(db: &Db) -> Vec<(String, String, String, String, i64, i64)> {
    db.read(|c| {
        let mut st = c.prepare(
            "SELECT dimension, month, key, reaction_type_id, grade, sessions FROM report_count
             ORDER BY 1, 2, 3, 4, 5",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    })
    .expect("counts")
}

fn assert_counts_match_a_rebuild(db: &Db, when: &str) {
    let kept = counts(db);
    reports::rebuild(db).expect("rebuild");
    assert_eq!(kept, counts(db), "kept counts differ from a rebuild {when}");
}

#[test]
fn kept_counts_equal_a_rebuild_after_every_kind_of_change() {
    let t = fresh();
    let c = clinic(&t.db);
    assert!(
        counts(&t.db).len() > 30,
        "the known clinic fills the counts"
    );
    assert_counts_match_a_rebuild(&t.db, "after the first saves");

    // A draft re-saved with other children, another month and a new reaction.
    let r = reference(&t.db);
    let mut again = sessions::get(&t.db, c.s[1].id).expect("session 2");
    let mut input = crate::fixtures::session_input(&t.db, again.patient_id);
    input.id = again.id;
    input.started_at = "2026-04-02T10:00:00Z".into();
    input.ended_at = None;
    input.next_session_on = None;
    input.reactions[0].reaction_type_id = Some(reaction_type_id(&r, "edema"));
    again = sessions::save(&t.db, input.clone(), &by(now())).expect("re-save");
    assert_eq!(again.id, c.s[1].id);
    assert_counts_match_a_rebuild(&t.db, "after a draft was re-saved");
    let feb = reports::sessions_per_month(&t.db, &period("2026-02", "2026-02")).expect("feb");
    assert_eq!(feb[0].sessions, 1, "the moved session left February");

    // The same save twice changes nothing.
    sessions::save(&t.db, input, &by(now())).expect("same again");
    assert_counts_match_a_rebuild(&t.db, "after the same save twice");

    // A new Fitzpatrick type moves every session of the patient.
    let mut ben = patient_input("Ben", "Brooks");
    ben.id = c.ben.id;
    ben.fitzpatrick = Some(5);
    patients::save(&t.db, ben, &by(now())).expect("reassessed");
    assert_counts_match_a_rebuild(&t.db, "after a Fitzpatrick change");
    let fitz = reports::reactions(&t.db, Dimension::Fitzpatrick, &q1()).expect("fitz");
    assert!(fitz
        .groups
        .iter()
        .any(|g| g.label == "Type V" && g.sessions == 2));
    assert!(!fitz.groups.iter().any(|g| g.label == "Type II"));

    // Editing the patient without changing the type keeps the counts as they are.
    let before = counts(&t.db);
    let mut ben = patient_input("Benjamin", "Brooks");
    ben.id = c.ben.id;
    ben.fitzpatrick = Some(5);
    patients::save(&t.db, ben, &by(now())).expect("renamed");
    assert_eq!(before, counts(&t.db));
}

#[test]
fn a_refused_save_leaves_the_counts_untouched() {
    let t = fresh();
    let c = clinic(&t.db);
    let before = counts(&t.db);
    let mut input = crate::fixtures::session_input(&t.db, c.ana.id);
    input.id = c.s[0].id;
    input.areas.clear();
    assert!(sessions::save(&t.db, input, &by(now())).is_err());
    assert_eq!(before, counts(&t.db));
}
