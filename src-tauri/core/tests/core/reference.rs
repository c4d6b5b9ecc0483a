//! Editing the reference tables the checks read: the edit takes effect in the next check.

use dermalog_core::accounts;
use dermalog_core::guidance::{self, FindingCode};
use dermalog_core::reference::{self, ClinicSettings, DepthGuidanceInput, DeviceModelInput};
use dermalog_core::sessions::DeviceKind;
use uuid::Uuid;

use super::fixtures::{
    add_patient, area_id, by, fresh, invalid_fields, now, reference as load, session_input,
};

fn pen(model: &str) -> DeviceModelInput {
    DeviceModelInput {
        id: Uuid::now_v7(),
        kind: DeviceKind::DermaPen,
        manufacturer: "Acme".into(),
        model: model.into(),
        min_depth_mm: 0.2,
        max_depth_mm: 2.0,
        depth_step_mm: Some(0.2),
        evaluated_max_mm: None,
        speed_levels: Some(6),
        needles_per_cartridge: Some(16),
        note: String::new(),
        archived: false,
    }
}

#[test]
fn device_models_are_added_validated_and_unique() {
    let t = fresh();
    let saved = reference::save_device_model(&t.db, pen("Model X"), &by(now())).expect("add");
    assert_eq!(
        (saved.min_depth_mm, saved.max_depth_mm, saved.depth_step_mm),
        (0.2, 2.0, Some(0.2))
    );
    assert!(load(&t.db).device_models.iter().any(|d| d.id == saved.id));
    assert_eq!(
        invalid_fields(reference::save_device_model(
            &t.db,
            pen("Model X"),
            &by(now())
        )),
        ["model"]
    );
    let mut bad = pen("Model Y");
    bad.max_depth_mm = 0.1;
    bad.evaluated_max_mm = Some(3.0);
    assert_eq!(
        invalid_fields(reference::save_device_model(&t.db, bad, &by(now()))),
        ["max_depth_mm", "evaluated_max_mm"]
    );
    let mut deep = pen("Model Z");
    deep.max_depth_mm = 3.6;
    assert_eq!(
        invalid_fields(reference::save_device_model(&t.db, deep, &by(now()))),
        ["max_depth_mm"]
    );
}

#[test]
fn edited_guidance_and_settings_change_the_next_check() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let r = load(&t.db);
    let forehead = area_id(&r, "forehead");
    let mut s = session_input(&t.db, p.id);
    s.indications.clear();
    s.areas.truncate(1);
    s.areas[0].area_id = Some(forehead);
    s.areas[0].needle_depth_mm = Some(0.6);
    s.reactions.clear();
    let warned = |t: &super::fixtures::TestDb, s: &dermalog_core::sessions::SessionInput| {
        guidance::check(&t.db, s)
            .expect("check")
            .iter()
            .any(|f| f.code == FindingCode::DepthAboveTypical)
    };
    assert!(warned(&t, &s), "seeded forehead guidance is 0.25–0.5 mm");
    let row = r
        .depth_guidance
        .iter()
        .find(|g| g.area_id == forehead)
        .expect("seeded row");
    let edit = DepthGuidanceInput {
        id: row.id,
        area_id: forehead,
        indication: None,
        typical_min_mm: 0.25,
        typical_max_mm: 0.75,
        upper_use_mm: 1.0,
        source: "Our protocol".into(),
    };
    reference::save_depth_guidance(&t.db, edit.clone(), &by(now())).expect("edit");
    assert!(!warned(&t, &s), "the clinic's edit applies at once");

    let mut duplicate = edit.clone();
    duplicate.id = Uuid::now_v7();
    assert_eq!(
        invalid_fields(reference::save_depth_guidance(&t.db, duplicate, &by(now()))),
        ["indication"]
    );
    let mut upside_down = edit;
    upside_down.upper_use_mm = 0.5;
    assert_eq!(
        invalid_fields(reference::save_depth_guidance(
            &t.db,
            upside_down,
            &by(now())
        )),
        ["upper_use_mm"]
    );

    let settings = ClinicSettings {
        min_interval_days: 14,
        pih_min_fitzpatrick: 5,
        pih_depth_mm: 2.0,
        due_soon_days: 10,
        clinic_name: "Skin & Co".into(),
        idle_lock_minutes: 240,
    };
    assert_eq!(
        reference::save_settings(&t.db, settings.clone(), &by(now())).expect("settings"),
        settings
    );
    assert_eq!(load(&t.db).settings, settings);
    let bad = ClinicSettings {
        min_interval_days: 400,
        pih_min_fitzpatrick: 7,
        pih_depth_mm: 0.0,
        due_soon_days: 91,
        clinic_name: " ".into(),
        idle_lock_minutes: 0,
    };
    assert_eq!(
        invalid_fields(reference::save_settings(&t.db, bad, &by(now()))),
        [
            "min_interval_days",
            "pih_min_fitzpatrick",
            "pih_depth_mm",
            "due_soon_days",
            "clinic_name",
            "idle_lock_minutes"
        ]
    );
}

#[test]
fn the_clinic_name_and_idle_lock_are_settings_the_accounts_read_too() {
    let t = fresh();
    let mut settings = load(&t.db).settings;
    assert_eq!(
        (settings.clinic_name.as_str(), settings.idle_lock_minutes),
        ("Test Clinic", 15),
        "named at set-up; the migration's default lock"
    );
    settings.clinic_name = "  Clínica \"Piel\"  ".into();
    settings.idle_lock_minutes = 1;
    let saved = reference::save_settings(&t.db, settings.clone(), &by(now())).expect("save");
    assert_eq!(
        saved.clinic_name, "Clínica \"Piel\"",
        "trimmed, quotes kept"
    );
    assert_eq!(
        accounts::clinic_name(&t.db).expect("name"),
        saved.clinic_name
    );
    assert_eq!(accounts::idle_lock_minutes(&t.db).expect("lock"), 1);

    settings.clinic_name = "x".repeat(101);
    settings.idle_lock_minutes = 241;
    assert_eq!(
        invalid_fields(reference::save_settings(&t.db, settings, &by(now()))),
        ["clinic_name", "idle_lock_minutes"]
    );
}
