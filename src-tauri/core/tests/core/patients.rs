//! Patients: validation on both sides of each bound, idempotent saves, archive, search.

use dermalog_core::patients::{self, PatientQuery};
use dermalog_core::Error;
use rstest::rstest;

use super::fixtures::{add_patient, by, fresh, invalid_fields, now, patient_input};

#[test]
fn a_valid_patient_round_trips_normalised() {
    let t = fresh();
    let mut input = patient_input("  Jose\u{301} ", "Mu\u{308}ller");
    input.mrn = Some(" MRN-001 ".into());
    let saved = patients::save(&t.db, input.clone(), &by(now())).expect("saves");
    assert_eq!(saved.given_name, "José", "trimmed and NFC");
    assert_eq!(saved.family_name, "Müller");
    assert_eq!(saved.mrn.as_deref(), Some("MRN-001"));
    assert_eq!(saved.fitzpatrick, Some(4));
    assert_eq!(patients::get(&t.db, input.id).expect("get"), saved);
}

#[test]
fn saving_the_same_input_twice_keeps_one_patient() {
    let t = fresh();
    let input = patient_input("Ada", "Lovelace");
    patients::save(&t.db, input.clone(), &by(now())).expect("first");
    patients::save(&t.db, input, &by(now())).expect("retry");
    let all = patients::list(&t.db, &PatientQuery::default()).expect("list");
    assert_eq!(all.len(), 1);
}

#[rstest]
#[case::empty_given("given_name", |p: &mut dermalog_core::patients::PatientInput| p.given_name = "  ".into())]
#[case::long_family("family_name", |p: &mut dermalog_core::patients::PatientInput| p.family_name = "x".repeat(101))]
#[case::control_char("given_name", |p: &mut dermalog_core::patients::PatientInput| p.given_name = "An\u{7}na".into())]
#[case::bidi_override("family_name", |p: &mut dermalog_core::patients::PatientInput| p.family_name = "Smith\u{202E}".into())]
#[case::future_birth("date_of_birth", |p: &mut dermalog_core::patients::PatientInput| p.date_of_birth = "2026-11-21".into())]
#[case::not_a_date("date_of_birth", |p: &mut dermalog_core::patients::PatientInput| p.date_of_birth = "2023-02-29".into())]
#[case::no_sex("sex_at_birth", |p: &mut dermalog_core::patients::PatientInput| p.sex_at_birth = None)]
#[case::fitzpatrick_zero("fitzpatrick", |p: &mut dermalog_core::patients::PatientInput| p.fitzpatrick = Some(0))]
#[case::fitzpatrick_seven("fitzpatrick", |p: &mut dermalog_core::patients::PatientInput| p.fitzpatrick = Some(7))]
#[case::assessed_before_birth("fitzpatrick_assessed_on", |p: &mut dermalog_core::patients::PatientInput| p.fitzpatrick_assessed_on = Some("1980-01-01".into()))]
#[case::bad_email("email", |p: &mut dermalog_core::patients::PatientInput| p.email = Some("ada@".into()))]
#[case::bad_phone("phone", |p: &mut dermalog_core::patients::PatientInput| p.phone = Some("call me".into()))]
#[case::unknown_indication("indications", |p: &mut dermalog_core::patients::PatientInput| p.indications = vec!["tattoo".into()])]
fn invalid_patients_are_refused_on_their_field(
    #[case] field: &str,
    #[case] spoil: fn(&mut dermalog_core::patients::PatientInput),
) {
    let t = fresh();
    let mut input = patient_input("Ada", "Lovelace");
    spoil(&mut input);
    assert_eq!(
        invalid_fields(patients::save(&t.db, input.clone(), &by(now()))),
        [field]
    );
    assert!(
        matches!(patients::get(&t.db, input.id), Err(Error::NotFound { .. })),
        "nothing was written"
    );
}

#[rstest]
#[case::fitzpatrick_one(Some(1))]
#[case::fitzpatrick_six(Some(6))]
#[case::birth_today(None)]
fn bounds_themselves_are_accepted(#[case] fitzpatrick: Option<i32>) {
    let t = fresh();
    let mut input = patient_input("Ada", "Lovelace");
    match fitzpatrick {
        Some(f) => input.fitzpatrick = Some(f),
        None => {
            input.date_of_birth = now().date_naive().to_string();
            input.fitzpatrick_assessed_on = None;
        }
    }
    input.given_name = "x".repeat(100);
    patients::save(&t.db, input, &by(now())).expect("bounds are inclusive");
}

#[test]
fn record_numbers_are_unique_ignoring_case() {
    let t = fresh();
    let mut a = patient_input("Ada", "Lovelace");
    a.mrn = Some("mrn-7".into());
    patients::save(&t.db, a.clone(), &by(now())).expect("first");
    let mut b = patient_input("Grace", "Hopper");
    b.mrn = Some("MRN-7".into());
    assert_eq!(
        invalid_fields(patients::save(&t.db, b, &by(now()))),
        ["mrn"]
    );
    patients::save(&t.db, a, &by(now())).expect("the owner may save again");
}

#[test]
fn archived_patients_leave_the_default_list_but_stay_on_record() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    add_patient(&t.db, "Grace", "Hopper");
    patients::set_archived(&t.db, p.id, true, &by(now())).expect("archive");
    let visible = patients::list(&t.db, &PatientQuery::default()).expect("list");
    assert_eq!(
        visible
            .iter()
            .map(|p| p.family_name.as_str())
            .collect::<Vec<_>>(),
        ["Hopper"]
    );
    let all = patients::list(
        &t.db,
        &PatientQuery {
            include_archived: true,
            ..Default::default()
        },
    )
    .expect("list all");
    assert_eq!(all.len(), 2);
    assert!(patients::get(&t.db, p.id).expect("still stored").archived);
    patients::set_archived(&t.db, p.id, false, &by(now())).expect("restore");
    assert_eq!(
        patients::list(&t.db, &PatientQuery::default())
            .expect("list")
            .len(),
        2
    );
}

fn search(t: &super::fixtures::TestDb, text: &str) -> Vec<String> {
    patients::list(
        &t.db,
        &PatientQuery {
            text: text.into(),
            ..Default::default()
        },
    )
    .expect("search")
    .into_iter()
    .map(|p| format!("{} {}", p.given_name, p.family_name))
    .collect()
}

#[test]
fn search_by_name_prefix_mrn_and_birth_date() {
    let t = fresh();
    add_patient(&t.db, "Ada", "Lovelace");
    add_patient(&t.db, "Grace", "Hopper");
    add_patient(&t.db, "Özlem", "Türeci");
    add_patient(&t.db, "Anna Maria", "Smith-Jones");
    let mut mrn = patient_input("Alan", "Turing");
    mrn.mrn = Some("K-2024-001".into());
    mrn.date_of_birth = "1912-06-23".into();
    mrn.fitzpatrick_assessed_on = None;
    patients::save(&t.db, mrn, &by(now())).expect("save");

    assert_eq!(search(&t, "love"), ["Ada Lovelace"]);
    assert_eq!(search(&t, "GRA"), ["Grace Hopper"], "case-insensitive");
    assert_eq!(
        search(&t, "öz"),
        ["Özlem Türeci"],
        "case-insensitive beyond ASCII"
    );
    assert_eq!(
        search(&t, "O\u{308}ZLEM"),
        ["Özlem Türeci"],
        "decomposed input matches"
    );
    assert_eq!(
        search(&t, "tür öz"),
        ["Özlem Türeci"],
        "every word must match"
    );
    assert!(search(&t, "tür ada").is_empty());
    assert_eq!(
        search(&t, "anna jones"),
        ["Anna Maria Smith-Jones"],
        "later name parts"
    );
    assert_eq!(search(&t, "k-2024-001"), ["Alan Turing"], "MRN, any case");
    assert_eq!(
        search(&t, "1912-06-23"),
        ["Alan Turing"],
        "ISO date of birth"
    );
    assert_eq!(search(&t, "23.06.1912"), ["Alan Turing"], "day.month.year");
    assert_eq!(search(&t, "").len(), 5);
    assert!(search(&t, "zzz").is_empty());
    assert!(search(&t, "%").is_empty(), "no LIKE wildcards");
}

#[test]
fn name_matches_list_a_record_number_first_then_family_then_given_names() {
    let t = fresh();
    add_patient(&t.db, "Zoe", "Martin");
    add_patient(&t.db, "Anna", "Marsh");
    add_patient(&t.db, "Mara", "Zeller");
    add_patient(&t.db, "Mark", "Adams");
    let mut by_mrn = patient_input("Yusuf", "Brown");
    by_mrn.mrn = Some("MAR".into());
    patients::save(&t.db, by_mrn, &by(now())).expect("save");
    assert_eq!(
        search(&t, "mar"),
        [
            "Yusuf Brown",
            "Anna Marsh",
            "Zoe Martin",
            "Mara Zeller",
            "Mark Adams"
        ],
        "record number, then family names by family, then given names by given"
    );
    // A patient whose family and given names both match is listed once, as a family match.
    add_patient(&t.db, "Marta", "Marquez");
    let hits = search(&t, "mar");
    assert_eq!(hits.iter().filter(|h| *h == "Marta Marquez").count(), 1);
    assert_eq!(hits[1], "Marta Marquez");
}
