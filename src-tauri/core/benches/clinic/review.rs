//! The review benchmarks: session search, each report, and courses due, each beside the
//! same query shape run with rusqlite directly.

use dermalog_core::reports::{self, Dimension, ReportPeriod};
use dermalog_core::sessions::{self, PageRequest, SessionFilter};
use dermalog_core::Db;
use rusqlite::{params, Connection};

use super::{measure, row};

pub fn run(db: &Db, bare: &Connection, today: chrono::NaiveDate, lots: &[String]) {
    let reference = dermalog_core::reference::list(db).expect("reference");
    let area = |code: &str| {
        reference
            .areas
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.id)
            .expect("area")
    };
    let erythema = reference
        .reaction_types
        .iter()
        .find(|t| t.code == "erythema")
        .map(|t| t.id);
    let page = PageRequest {
        offset: 0,
        limit: 200,
    };
    let searches: Vec<(&str, SessionFilter)> = vec![
        ("sessions: no filter (first 200)", SessionFilter::default()),
        (
            "sessions: chin, last 12 months",
            SessionFilter {
                area_id: Some(area("chin")),
                from: Some(today - chrono::Duration::days(365)),
                ..SessionFilter::default()
            },
        ),
        (
            "sessions: erythema grade >= 3",
            SessionFilter {
                reaction_type_id: erythema,
                min_grade: Some(3),
                ..SessionFilter::default()
            },
        ),
        (
            "sessions: stamp (a rare device)",
            SessionFilter {
                device_kind: Some(dermalog_core::sessions::DeviceKind::Stamp),
                ..SessionFilter::default()
            },
        ),
        (
            "sessions: by lot",
            SessionFilter {
                lot: Some(lots[0].clone()),
                ..SessionFilter::default()
            },
        ),
    ];
    for (name, filter) in &searches {
        let s = measure(30, |_| {
            std::hint::black_box(sessions::search(db, filter, page).expect("search"));
        });
        row(name, &s, None);
    }
    let mut st = bare
        .prepare("SELECT id FROM session ORDER BY started_at DESC, id DESC LIMIT 200")
        .expect("prepare");
    let first_page_bare = measure(30, |_| {
        std::hint::black_box(
            st.query_map([], |r| r.get::<_, String>(0))
                .expect("q")
                .count(),
        );
    });
    row("  bare: newest 200 session ids", &first_page_bare, None);

    let month = |d: chrono::NaiveDate| d.format("%Y-%m").to_string();
    let year = ReportPeriod {
        from_month: month(today - chrono::Duration::days(334)),
        to_month: month(today),
    };
    let all = ReportPeriod {
        from_month: "2020-01".into(),
        to_month: month(today),
    };
    let mut bare_report = bare
        .prepare(
            "SELECT dimension, key, reaction_type_id, grade, sum(sessions) FROM report_count
             WHERE dimension IN ('all', ?1) AND month BETWEEN ?2 AND ?3
             GROUP BY dimension, key, reaction_type_id, grade",
        )
        .expect("prepare");
    for (label, period) in [("12 months", &year), ("all years", &all)] {
        for d in Dimension::ALL {
            let ours = measure(50, |_| {
                std::hint::black_box(reports::reactions(db, d, period).expect("report"));
            });
            let code = d.code();
            let base = measure(50, |_| {
                let n = bare_report
                    .query_map(params![code, period.from_month, period.to_month], |r| {
                        r.get::<_, i64>(4)
                    })
                    .expect("q")
                    .count();
                std::hint::black_box(n);
            });
            row(&format!("reactions by {code}, {label}"), &ours, Some(&base));
        }
    }
    let months = measure(50, |_| {
        std::hint::black_box(reports::sessions_per_month(db, &all).expect("months"));
    });
    row("sessions per month, all years", &months, None);
    let due = measure(10, |_| {
        std::hint::black_box(reports::courses_due(db, today).expect("due"));
    });
    row("courses due and overdue", &due, None);
}
