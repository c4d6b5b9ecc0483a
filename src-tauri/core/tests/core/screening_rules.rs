//! Every seeded contraindication rule against its own history: it fires, and a rule with a
//! window stops counting an entry that ended exactly one window before the session.

use super::fixtures::{add_patient, fresh, reference, session_input};
use super::screening::{record, rules_flagged};

/// The day `count` `unit`s before 20 November 2026, the fixture session's day.
fn window_edge(count: i32, unit: dermalog_core::screening::WindowUnit) -> String {
    use chrono::{Days, Months, NaiveDate};
    use dermalog_core::screening::WindowUnit;
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let n = u32::try_from(count).expect("positive window");
    let edge = match unit {
        WindowUnit::Days => day.checked_sub_days(Days::new(u64::from(n))),
        WindowUnit::Weeks => day.checked_sub_days(Days::new(u64::from(n) * 7)),
        WindowUnit::Months => day.checked_sub_months(Months::new(n)),
    };
    edge.expect("edge").to_string()
}

#[test]
fn every_seeded_rule_fires_on_its_own_history_and_windowed_ones_stop_at_their_edge() {
    use dermalog_core::medical::HistoryKind;
    let t = fresh();
    let r = reference(&t.db);
    for rule in &r.rules {
        let p = add_patient(&t.db, "Rule", &rule.code.replace('_', " "));
        record(&t, p.id, &rule.terms[0], None, Some("2026-11-17"), None);
        let s = session_input(&t.db, p.id);
        assert!(
            rules_flagged(&t, &s).contains(&rule.code),
            "{} fires",
            rule.code
        );

        if let (Some(count), Some(unit)) = (rule.window_count, rule.window_unit) {
            // Ended exactly one window before the session: no longer counts.
            let edge = window_edge(count, unit);
            let q = add_patient(&t.db, "Edge", &rule.code.replace('_', " "));
            match rule.reads {
                HistoryKind::Treatment => record(&t, q.id, &rule.terms[0], None, Some(&edge), None),
                _ => record(
                    &t,
                    q.id,
                    &rule.terms[0],
                    None,
                    Some("2020-01-01"),
                    Some(&edge),
                ),
            };
            let s = session_input(&t.db, q.id);
            assert!(
                !rules_flagged(&t, &s).contains(&rule.code),
                "{} stops at {edge}",
                rule.code
            );
        }
    }
}
