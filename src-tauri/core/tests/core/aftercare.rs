//! The aftercare handout from a saved session: depth-scaled downtime at each band's edge,
//! the clinic's text, and marking it given.

use dermalog_core::aftercare::{self, AftercareTemplate, DowntimeBand};
use dermalog_core::sessions;
use uuid::Uuid;

use super::fixtures::{add_patient, by, fresh, invalid_fields, now, session_input, TestDb};

fn downtime_at(t: &TestDb, depths: &[f64]) -> Option<String> {
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = session_input(&t.db, p.id);
    s.indications.clear();
    for (a, d) in s.areas.iter_mut().zip(depths) {
        a.needle_depth_mm = Some(*d);
    }
    let saved = sessions::save(&t.db, s, &by(now())).expect("save");
    let h = aftercare::handout(&t.db, saved.id).expect("handout");
    assert_eq!(
        h.deepest_depth_mm,
        depths.iter().copied().fold(0.0, f64::max)
    );
    h.downtime
}

#[test]
fn downtime_follows_the_deepest_area_at_each_band_edge() {
    let t = fresh();
    assert_eq!(
        downtime_at(&t, &[0.5, 0.25]).as_deref(),
        Some("about 2-3 days")
    );
    assert_eq!(
        downtime_at(&t, &[0.5, 0.6]).as_deref(),
        Some("about 4-5 days")
    );
    assert_eq!(
        downtime_at(&t, &[1.5, 0.5]).as_deref(),
        Some("about 4-5 days")
    );
    assert_eq!(
        downtime_at(&t, &[1.6, 0.5]).as_deref(),
        Some("about 6-7 days")
    );
}

#[test]
fn the_handout_carries_the_session_the_patient_and_the_clinics_text() {
    let t = fresh();
    let p = add_patient(&t.db, "Florence", "Nightingale");
    let saved = sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("save");
    aftercare::save_template(
        &t.db,
        AftercareTemplate {
            clinic_name: "Harley Skin Clinic".into(),
            title: "Aftercare".into(),
            body: "- SPF 30+ outside.".into(),
        },
        &by(now()),
    )
    .expect("template");
    let h = aftercare::handout(&t.db, saved.id).expect("handout");
    assert_eq!(h.patient_name, "Florence Nightingale");
    assert_eq!(h.clinic_name, "Harley Skin Clinic");
    assert_eq!(h.areas.len(), 2);
    assert_eq!(h.areas[0].name, "Cheek, left");
    assert_eq!(h.next_session_on, saved.next_session_on);
    assert!(h.body.contains("SPF 30+"));
}

#[test]
fn marking_aftercare_given_sets_the_flag_and_unknown_sessions_are_not_found() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let mut s = session_input(&t.db, p.id);
    s.aftercare_given = false;
    let saved = sessions::save(&t.db, s, &by(now())).expect("save");
    assert!(!saved.aftercare_given);
    let marked = aftercare::mark_given(&t.db, saved.id, &by(now())).expect("mark");
    assert!(marked.aftercare_given);
    assert!(matches!(
        aftercare::mark_given(&t.db, Uuid::now_v7(), &by(now())),
        Err(dermalog_core::Error::NotFound { .. })
    ));
}

#[test]
fn template_and_bands_are_checked_field_by_field() {
    let t = fresh();
    let bad = AftercareTemplate {
        clinic_name: String::new(),
        title: " ".into(),
        body: " ".into(),
    };
    let mut fields = invalid_fields(aftercare::save_template(&t.db, bad, &by(now())));
    fields.sort();
    assert_eq!(fields, ["body", "title"]);
    let settings = aftercare::settings(&t.db).expect("settings");
    let taken = DowntimeBand {
        id: Uuid::now_v7(),
        max_depth_mm: settings.bands[0].max_depth_mm,
        downtime: "x".into(),
    };
    assert_eq!(
        invalid_fields(aftercare::save_band(&t.db, taken, &by(now()))),
        ["max_depth_mm"]
    );
}
