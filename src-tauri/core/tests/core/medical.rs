//! The medical history and the product catalogue: entry rules, Fitzpatrick history, and the
//! intradermal warning for serums.

use dermalog_core::guidance::{self, FindingCode};
use dermalog_core::medical::{self, HistoryEntryInput};
use dermalog_core::patients;
use dermalog_core::reference::{self, CatalogueProductInput, Intradermal, ProductKind};
use dermalog_core::sessions::{self, ProductRole};
use uuid::Uuid;

use super::fixtures::{
    add_patient, by, fresh, invalid_fields, now, patient_input, reference, session_input,
};

fn entry(patient: Uuid, term: Option<Uuid>) -> HistoryEntryInput {
    HistoryEntryInput {
        id: Uuid::now_v7(),
        patient_id: patient,
        term_id: term,
        area_id: None,
        started_on: None,
        ended_on: None,
        note: String::new(),
        archived: false,
    }
}

#[test]
fn history_entries_are_checked_field_by_field() {
    let t = fresh();
    let r = reference(&t.db);
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let term = |code: &str| {
        r.history_terms
            .iter()
            .find(|x| x.code == code)
            .map(|x| x.id)
    };

    assert_eq!(
        invalid_fields(medical::save_entry(&t.db, entry(p.id, None), &by(now()))),
        ["term_id"]
    );

    let mut e = entry(p.id, term("isotretinoin"));
    e.started_on = Some("2026-06-01".into());
    e.ended_on = Some("2026-05-31".into());
    assert_eq!(
        invalid_fields(medical::save_entry(&t.db, e.clone(), &by(now()))),
        ["ended_on"]
    );
    e.started_on = Some("2026-11-21".into());
    e.ended_on = None;
    assert_eq!(
        invalid_fields(medical::save_entry(&t.db, e, &by(now()))),
        ["started_on"]
    );

    // A treatment needs its date.
    let e = entry(p.id, term("filler"));
    assert_eq!(
        invalid_fields(medical::save_entry(&t.db, e.clone(), &by(now()))),
        ["started_on"]
    );
    let mut e = e;
    e.started_on = Some("2026-09-01".into());
    let saved = medical::save_entry(&t.db, e, &by(now())).expect("valid treatment saves");
    assert_eq!(saved.term_code, "filler");
    assert_eq!(
        medical::history(&t.db, p.id).expect("history").entries,
        [saved]
    );
}

#[test]
fn an_entry_cannot_move_to_another_patient() {
    let t = fresh();
    let r = reference(&t.db);
    let a = add_patient(&t.db, "Ada", "Lovelace");
    let b = add_patient(&t.db, "Bea", "Lovelace");
    let mut e = entry(a.id, r.history_terms.first().map(|x| x.id));
    medical::save_entry(&t.db, e.clone(), &by(now())).expect("save");
    e.patient_id = b.id;
    assert!(matches!(
        medical::save_entry(&t.db, e, &by(now())),
        Err(dermalog_core::Error::Conflict(_))
    ));
}

#[test]
fn every_fitzpatrick_type_assessed_is_kept() {
    let t = fresh();
    let mut input = patient_input("Mae", "Jemison");
    patients::save(&t.db, input.clone(), &by(now())).expect("save");
    patients::save(&t.db, input.clone(), &by(now())).expect("unchanged save adds nothing");
    input.fitzpatrick = Some(5);
    input.fitzpatrick_assessed_on = Some("2026-11-01".into());
    patients::save(&t.db, input.clone(), &by(now())).expect("reassessed");
    let h = medical::history(&t.db, input.id).expect("history");
    let types: Vec<i32> = h.fitzpatrick.iter().map(|f| f.fitzpatrick).collect();
    assert_eq!(types.len(), 2);
    assert!(types.contains(&4) && types.contains(&5));
}

#[test]
fn a_serum_not_approved_for_intradermal_use_warns_and_an_approved_one_does_not() {
    let t = fresh();
    let p = add_patient(&t.db, "Chien-Shiung", "Wu");
    let mut s = session_input(&t.db, p.id);
    s.products[0].name = "vitamin c SERUM".into();
    let warned = |s: &sessions::SessionInput| {
        guidance::check(&t.db, s)
            .expect("check")
            .into_iter()
            .filter(|f| f.code == FindingCode::NotIntradermal)
            .map(|f| f.field)
            .collect::<Vec<_>>()
    };
    assert_eq!(warned(&s), ["products[0].name"]);
    // Post-care goes on the surface: no warning.
    s.products[0].role = Some(ProductRole::PostCare);
    assert!(warned(&s).is_empty());

    s.products[0].role = Some(ProductRole::Serum);
    s.products[0].name = "Hyaluronic acid serum".into();
    assert_eq!(
        warned(&s),
        ["products[0].name"],
        "approval unknown still warns"
    );
    let r = reference(&t.db);
    let ha = r
        .products
        .iter()
        .find(|x| x.name == "Hyaluronic acid serum")
        .expect("seeded");
    reference::save_product(
        &t.db,
        CatalogueProductInput {
            id: ha.id,
            name: ha.name.clone(),
            kind: ProductKind::Serum,
            intradermal: Intradermal::Yes,
            note: "CE-marked for microneedling.".into(),
            archived: false,
        },
        &by(now()),
    )
    .expect("mark approved");
    assert!(warned(&s).is_empty());
    let saved = sessions::save(&t.db, s, &by(now())).expect("save");
    assert_eq!(
        saved.products[0].product_id,
        Some(ha.id),
        "the row points at the catalogue"
    );
}

#[test]
fn catalogue_names_are_unique_ignoring_case() {
    let t = fresh();
    let input = CatalogueProductInput {
        id: Uuid::now_v7(),
        name: "EXOSOME SERUM".into(),
        kind: ProductKind::Serum,
        intradermal: Intradermal::No,
        note: String::new(),
        archived: false,
    };
    assert_eq!(
        invalid_fields(reference::save_product(&t.db, input, &by(now()))),
        ["name"]
    );
}
