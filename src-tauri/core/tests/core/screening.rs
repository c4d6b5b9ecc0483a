//! Contraindication screening through the real seeded rules and a real history: what fires,
//! what a block needs to be passed, and what is stored with the session.

use dermalog_core::guidance::{self, FindingCode, FindingLevel};
use dermalog_core::medical::{self, HistoryEntryInput};
use dermalog_core::reference::ReferenceData;
use dermalog_core::screening::{self, RuleInput, ScreeningOverride};
use dermalog_core::sessions::{self, SessionInput};
use uuid::Uuid;

use super::fixtures::{
    add_patient, area_id, by, fresh, invalid_fields, now, reference, session_input, TestDb,
};

fn term(r: &ReferenceData, code: &str) -> Uuid {
    r.history_terms
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.id)
        .expect("seeded term")
}

pub(super) fn record(
    t: &TestDb,
    patient: Uuid,
    code: &str,
    area: Option<Uuid>,
    from: Option<&str>,
    to: Option<&str>,
) -> Uuid {
    let r = reference(&t.db);
    let id = Uuid::now_v7();
    medical::save_entry(
        &t.db,
        HistoryEntryInput {
            id,
            patient_id: patient,
            term_id: Some(term(&r, code)),
            area_id: area,
            started_on: from.map(Into::into),
            ended_on: to.map(Into::into),
            note: String::new(),
            archived: false,
        },
        &by(now()),
    )
    .expect("history entry saves");
    id
}

/// Flagged screening rules for the form, as (rule code, level, overridden).
fn flagged(t: &TestDb, input: &SessionInput) -> Vec<(String, FindingLevel, bool)> {
    guidance::check(&t.db, input)
        .expect("check")
        .into_iter()
        .filter(|f| f.code == FindingCode::Contraindication)
        .map(|f| (f.rule.expect("rule code"), f.level, f.overridden))
        .collect()
}

pub(super) fn rules_flagged(t: &TestDb, input: &SessionInput) -> Vec<String> {
    flagged(t, input).into_iter().map(|f| f.0).collect()
}

#[test]
fn the_seeded_rules_block_what_the_domain_reference_blocks() {
    let t = fresh();
    let r = reference(&t.db);
    let mut blocks: Vec<&str> = r
        .rules
        .iter()
        .filter(|x| x.severity == FindingLevel::Block)
        .map(|x| x.code.as_str())
        .collect();
    blocks.sort_unstable();
    assert_eq!(
        blocks,
        [
            "acne_in_area",
            "cold_sore_in_area",
            "infection_in_area",
            "keloid_scar_treatment",
            "pregnancy"
        ]
    );
    assert!(
        r.rules.len() >= 20,
        "every warning of the reference is seeded"
    );
    for rule in &r.rules {
        for code in &rule.terms {
            let t = r
                .history_terms
                .iter()
                .find(|t| &t.code == code)
                .expect("rule term exists");
            assert_eq!(t.kind, rule.reads, "{} reads {code}", rule.code);
        }
    }
}

#[test]
fn a_pregnancy_blocks_until_an_override_reason_is_written_and_is_stored_with_it() {
    let t = fresh();
    let p = add_patient(&t.db, "Grace", "Hopper");
    let entry = record(&t, p.id, "pregnant", None, Some("2026-09-01"), None);
    let mut s = session_input(&t.db, p.id);
    assert_eq!(
        flagged(&t, &s),
        [("pregnancy".to_string(), FindingLevel::Block, false)]
    );
    assert_eq!(
        invalid_fields(sessions::save(&t.db, s.clone(), &by(now()))),
        ["screening.pregnancy"]
    );

    s.overrides = vec![ScreeningOverride {
        rule_code: "pregnancy".into(),
        reason: "ok".into(),
    }];
    assert_eq!(
        invalid_fields(sessions::save(&t.db, s.clone(), &by(now()))),
        ["screening.pregnancy"]
    );

    let reason = "Patient's obstetrician approved; neck only, 0.5 mm.";
    s.overrides[0].reason = reason.into();
    assert_eq!(
        flagged(&t, &s),
        [("pregnancy".to_string(), FindingLevel::Block, true)]
    );
    let saved = sessions::save(&t.db, s, &by(now())).expect("an overridden block saves");
    let active = reference(&t.db).rules.iter().filter(|r| r.active).count();
    assert_eq!(
        saved.screening.len(),
        active,
        "every active rule's verdict is stored"
    );
    let result = &saved.screening[0];
    assert!(result.flagged);
    assert_eq!(result.rule_code, "pregnancy");
    assert_eq!(result.rule_version, 1);
    assert_eq!(result.override_reason.as_deref(), Some(reason));
    assert_eq!(result.decided_by.as_deref(), Some("Dr. Imani Okafor"));
    assert_eq!(result.decided_at, Some(now()));
    assert_eq!(result.evidence.len(), 1);
    assert_eq!(result.evidence[0].entry_id, entry);
    assert!(saved.screening[1..]
        .iter()
        .all(|r| !r.flagged && r.override_reason.is_none()));
}

#[test]
fn a_warning_is_stored_as_acknowledged_without_an_override() {
    let t = fresh();
    let p = add_patient(&t.db, "Alan", "Turing");
    record(
        &t,
        p.id,
        "isotretinoin",
        None,
        Some("2025-06-01"),
        Some("2026-07-01"),
    );
    let s = session_input(&t.db, p.id);
    assert_eq!(
        flagged(&t, &s),
        [("isotretinoin_recent".to_string(), FindingLevel::Warn, false)]
    );
    let saved = sessions::save(&t.db, s, &by(now())).expect("warnings do not refuse");
    let r = saved
        .screening
        .iter()
        .find(|r| r.flagged)
        .expect("flagged result");
    assert_eq!(r.rule_code, "isotretinoin_recent");
    assert!(
        r.message.contains("stopped") || r.message.contains("to 1 Jul 2026"),
        "{}",
        r.message
    );
    assert_eq!(r.override_reason, None);
    assert_eq!(r.decided_by.as_deref(), Some("Dr. Imani Okafor"));
    // The patient's list carries only flagged results.
    let list = sessions::list_for_patient(&t.db, p.id).expect("list");
    assert_eq!(list[0].screening.len(), 1);
}

#[test]
fn an_in_area_rule_fires_only_where_a_treated_area_overlaps() {
    let t = fresh();
    let r = reference(&t.db);
    let p = add_patient(&t.db, "Mary", "Somerville");
    record(
        &t,
        p.id,
        "cold_sore",
        Some(area_id(&r, "perioral")),
        Some("2026-11-18"),
        None,
    );
    let mut s = session_input(&t.db, p.id);
    s.areas.truncate(1); // the left cheek
    assert!(rules_flagged(&t, &s)
        .iter()
        .all(|c| c != "cold_sore_in_area"));
    // Full face includes the lip.
    s.areas[0].area_id = Some(area_id(&r, "full_face"));
    s.areas[0].needle_depth_mm = Some(1.0);
    assert!(rules_flagged(&t, &s).contains(&"cold_sore_in_area".to_string()));
    s.areas[0].area_id = Some(area_id(&r, "perioral"));
    s.areas[0].needle_depth_mm = Some(0.5);
    assert!(rules_flagged(&t, &s).contains(&"cold_sore_in_area".to_string()));
}

#[test]
fn an_entry_without_an_area_counts_for_every_area() {
    let t = fresh();
    let p = add_patient(&t.db, "Emmy", "Noether");
    record(&t, p.id, "skin_infection", None, Some("2026-11-15"), None);
    let s = session_input(&t.db, p.id);
    assert!(rules_flagged(&t, &s).contains(&"infection_in_area".to_string()));
}

#[test]
fn keloid_tendency_blocks_only_when_scars_are_treated() {
    let t = fresh();
    let p = add_patient(&t.db, "Rosalind", "Franklin");
    record(&t, p.id, "keloid_tendency", None, Some("2010-01-01"), None);
    let mut s = session_input(&t.db, p.id);
    assert!(rules_flagged(&t, &s).contains(&"keloid_scar_treatment".to_string()));
    s.indications = vec!["fine_lines".into()];
    assert!(!rules_flagged(&t, &s).contains(&"keloid_scar_treatment".to_string()));
}

#[test]
fn the_session_day_is_the_clinics_calendar_day_not_utc() {
    let t = fresh();
    let p = add_patient(&t.db, "Lise", "Meitner");
    record(&t, p.id, "chemical_peel", None, Some("2026-10-22"), None);
    let mut s = session_input(&t.db, p.id);
    s.next_session_on = None;
    // 20 November in New York (already the 21st in UTC): the peel was 29 days before.
    s.started_at = "2026-11-20T23:30:00-05:00".into();
    s.ended_at = None;
    assert!(rules_flagged(&t, &s).contains(&"peel_recent".to_string()));
    // 21 November in Berlin (still the 20th in UTC): 30 days, outside the window.
    s.started_at = "2026-11-21T00:30:00+01:00".into();
    assert!(!rules_flagged(&t, &s).contains(&"peel_recent".to_string()));
}

#[test]
fn entries_archived_as_made_in_error_are_ignored() {
    let t = fresh();
    let r = reference(&t.db);
    let p = add_patient(&t.db, "Ada", "Yonath");
    let id = record(&t, p.id, "pregnant", None, Some("2026-10-01"), None);
    medical::save_entry(
        &t.db,
        HistoryEntryInput {
            id,
            patient_id: p.id,
            term_id: Some(term(&r, "pregnant")),
            area_id: None,
            started_on: Some("2026-10-01".into()),
            ended_on: None,
            note: "Entered for the wrong patient.".into(),
            archived: true,
        },
        &by(now()),
    )
    .expect("archive");
    let s = session_input(&t.db, p.id);
    assert!(flagged(&t, &s).is_empty());
    let history = medical::history(&t.db, p.id).expect("history");
    assert!(history.entries[0].archived, "kept, not deleted");
}

fn rule_input(r: &ReferenceData, code: &str) -> RuleInput {
    let x = r
        .rules
        .iter()
        .find(|x| x.code == code)
        .expect("seeded rule");
    RuleInput {
        id: x.id,
        code: x.code.clone(),
        description: x.description.clone(),
        reads: x.reads,
        terms: x.terms.clone(),
        timing: x.timing,
        window_count: x.window_count,
        window_unit: x.window_unit,
        in_area: x.in_area,
        indications: x.indications.clone(),
        severity: x.severity,
        advice: x.advice.clone(),
        source: x.source.clone(),
        active: x.active,
    }
}

#[test]
fn editing_a_rule_raises_its_version_and_new_screenings_record_it() {
    let t = fresh();
    let r = reference(&t.db);
    let p = add_patient(&t.db, "Dorothy", "Hodgkin");
    record(
        &t,
        p.id,
        "isotretinoin",
        None,
        Some("2025-01-01"),
        Some("2026-03-01"),
    );
    let first = sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("save");
    // 6 months back from 20 Nov is 20 May: 1 March is outside. Widen the window to 12.
    assert!(first.screening.iter().all(|x| !x.flagged));
    let mut edit = rule_input(&r, "isotretinoin_recent");
    let unchanged = screening::save_rule(&t.db, edit.clone(), &by(now())).expect("save unchanged");
    assert_eq!(
        unchanged.version, 1,
        "saving without a change keeps the version"
    );
    edit.window_count = Some(12);
    let saved = screening::save_rule(&t.db, edit, &by(now())).expect("edit");
    assert_eq!(saved.version, 2);
    let mut s = session_input(&t.db, p.id);
    s.started_at = "2026-11-20T10:30:00+01:00".into();
    s.ended_at = None;
    let second = sessions::save(&t.db, s, &by(now())).expect("save");
    let hit = second
        .screening
        .iter()
        .find(|x| x.flagged)
        .expect("now flagged");
    assert_eq!(
        (hit.rule_code.as_str(), hit.rule_version),
        ("isotretinoin_recent", 2)
    );
    let old = sessions::get(&t.db, first.id).expect("first session");
    assert!(old.screening.iter().all(|x| x.rule_version == 1));
}

#[test]
fn a_rule_is_refused_with_terms_of_another_kind_or_without_its_window() {
    let t = fresh();
    let r = reference(&t.db);
    let mut edit = rule_input(&r, "isotretinoin_recent");
    edit.terms = vec!["pregnant".into()];
    edit.window_count = None;
    let mut fields = invalid_fields(screening::save_rule(&t.db, edit.clone(), &by(now())));
    fields.sort();
    assert_eq!(fields, ["window_count"]);
    edit.window_count = Some(6);
    assert_eq!(
        invalid_fields(screening::save_rule(&t.db, edit, &by(now()))),
        ["terms"]
    );
}

#[test]
fn an_inactive_rule_is_neither_evaluated_nor_stored() {
    let t = fresh();
    let r = reference(&t.db);
    let p = add_patient(&t.db, "Katherine", "Johnson");
    record(&t, p.id, "pregnant", None, Some("2026-09-01"), None);
    let mut edit = rule_input(&r, "pregnancy");
    edit.active = false;
    screening::save_rule(&t.db, edit, &by(now())).expect("deactivate");
    let saved = sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("no block");
    assert!(saved.screening.iter().all(|x| x.rule_code != "pregnancy"));
}
