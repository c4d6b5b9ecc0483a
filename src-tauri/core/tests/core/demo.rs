//! The demo-clinic generator: the counts asked for, rows the core reads back without
//! complaint, depths on the device grid, and the same clinic from the same seed.

use chrono::NaiveDate;
use dermalog_core::audit::{self, Action, AuditQuery};
use dermalog_core::demo::{self, DemoSpec};
use dermalog_core::patients::{self, PatientQuery};
use dermalog_core::sessions;

use super::fixtures::fresh;

fn spec(seed: u64) -> DemoSpec {
    DemoSpec {
        patients: 40,
        sessions: 400,
        seed,
        heavy_patients: 2,
        heavy_sessions: 60,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

#[test]
fn the_demo_clinic_has_the_sizes_asked_for_and_reads_back_cleanly() {
    let t = fresh();
    let rows = super::audit::rows(&t);
    let summary = demo::generate(&t.db, &spec(1), today()).expect("generate");
    assert_eq!((summary.patients, summary.sessions), (40, 400));
    assert_eq!(
        super::audit::rows(&t),
        rows + 1,
        "one audit row for the lot"
    );
    let q = AuditQuery {
        action: Some(Action::Generate),
        ..AuditQuery::default()
    };
    let e = audit::list(&t.db, &q).expect("audit").remove(0);
    assert_eq!(
        (e.user_id, e.patient_id, e.at.as_str()),
        (None, None, "2026-11-20T00:00:00.000000Z")
    );
    let counts: serde_json::Value =
        serde_json::from_str(e.new_value.as_deref().unwrap_or("null")).expect("json");
    assert_eq!(
        (counts["patients"].as_u64(), counts["sessions"].as_u64()),
        (Some(40), Some(400))
    );
    assert!(audit::verify(&t.db).expect("verify").ok);
    assert!(summary.areas >= summary.sessions && summary.reactions >= summary.sessions);
    let everyone = patients::list(
        &t.db,
        &PatientQuery {
            limit: Some(1000),
            ..Default::default()
        },
    )
    .expect("list");
    assert_eq!(everyone.len(), 40);
    let heavy: Vec<_> = everyone.iter().filter(|p| p.session_count == 60).collect();
    assert!(heavy.len() >= 2, "two patients with the heavy history");
    let history = sessions::list_for_patient(&t.db, heavy[0].id).expect("history reads back");
    assert_eq!(history.len(), 60);
    assert!(history
        .iter()
        .all(|s| !s.areas.is_empty() && s.products.len() == 1));
    assert_eq!(
        history.last().and_then(|s| s.course_number),
        Some(1),
        "the first six form a course"
    );

    let (bad_fk, off_grid, off_scale): (i64, i64, i64) =
        t.db.read(|c| {
            Ok((
                c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?,
                c.query_row(
                    "SELECT count(*) FROM treated_area WHERE needle_depth_um % 250 <> 0
                        OR needle_depth_um < 250 OR needle_depth_um > 2500",
                    [],
                    |r| r.get(0),
                )?,
                c.query_row(
                    "SELECT count(*) FROM reaction r JOIN reaction_scale s ON s.id = r.scale_id
                     WHERE r.grade < s.min_grade OR r.grade > s.max_grade",
                    [],
                    |r| r.get(0),
                )?,
            ))
        })
        .expect("checks");
    assert_eq!((bad_fk, off_grid, off_scale), (0, 0, 0));

    // The report counts were built for the generated sessions.
    let months = dermalog_core::reports::sessions_per_month(
        &t.db,
        &dermalog_core::reports::ReportPeriod {
            from_month: "2010-01".into(),
            to_month: "2026-12".into(),
        },
    )
    .expect("months");
    let counted: u32 = months.iter().map(|m| m.sessions).sum();
    assert_eq!(
        counted,
        everyone.iter().map(|p| p.session_count).sum::<u32>()
    );
}

#[test]
fn the_same_seed_builds_the_same_clinic_and_another_seed_does_not() {
    let rows = |seed| {
        let t = fresh();
        demo::generate(&t.db, &spec(seed), today()).expect("generate");
        t.db.read(|c| {
            let mut stmt = c.prepare(
                "SELECT p.id, p.family_name, s.started_at, t.needle_depth_um
                 FROM patient p JOIN session s ON s.patient_id = p.id
                 JOIN treated_area t ON t.session_id = s.id ORDER BY t.id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(format!(
                        "{}|{}|{}|{}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .expect("rows")
    };
    let a = rows(5);
    assert_eq!(a, rows(5));
    assert_ne!(a, rows(6));
}

#[test]
fn a_lot_recall_finds_every_session_that_used_the_lot_and_only_those() {
    let t = fresh();
    demo::generate(&t.db, &spec(3), today()).expect("generate");
    let (lot, expected): (String, i64) =
        t.db.read(|c| {
            Ok(c.query_row(
                "SELECT lot, count(DISTINCT session_id) FROM product_applied
                 GROUP BY lot ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("a lot");
    let hits = dermalog_core::recall::by_lot(&t.db, &format!(" {lot} ")).expect("recall");
    assert_eq!(hits.len() as i64, expected);
    assert!(hits
        .iter()
        .all(|h| h.used_as == dermalog_core::recall::LotUse::Product));
    assert!(
        hits.windows(2).all(|w| w[0].started_at >= w[1].started_at),
        "newest first"
    );
    assert!(
        hits.iter().all(|h| h.mrn.is_some() && h.phone.is_some()),
        "contact details"
    );

    let cartridge: String =
        t.db.read(|c| {
            Ok(
                c.query_row("SELECT cartridge_lot FROM treated_area LIMIT 1", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .expect("cartridge lot");
    let hits = dermalog_core::recall::by_lot(&t.db, &cartridge).expect("recall");
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h.used_as == dermalog_core::recall::LotUse::Cartridge));
    assert!(dermalog_core::recall::by_lot(&t.db, "NO-SUCH-LOT")
        .expect("recall")
        .is_empty());
}
