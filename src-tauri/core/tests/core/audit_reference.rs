//! Reference and configuration edits are each one `settings` audit row naming the kind of
//! row, with the row before (when there was one) and after; a refused edit writes none.

use dermalog_core::aftercare::{self, AftercareTemplate, DowntimeBand};
use dermalog_core::audit::{Action, AuditEvent};
use dermalog_core::courses::{self, ProtocolInput};
use dermalog_core::medical::{self, HistoryKind, HistoryTermInput};
use dermalog_core::reference::{
    self, AreaInput, CatalogueProductInput, DepthGuidanceInput, DeviceModelInput, Intradermal,
    ProductKind, Region,
};
use dermalog_core::screening::{self, RuleInput};
use dermalog_core::sessions::DeviceKind;
use uuid::Uuid;

use super::audit::{one, refused};
use super::fixtures::{by, fresh, now, reference as load, TestDb};

/// One `settings` row on `entity` (with `id` when the row has its own), with a value before
/// exactly when `edit`.
fn settings<T: std::fmt::Debug>(
    t: &TestDb,
    entity: &str,
    id: Option<Uuid>,
    edit: bool,
    f: impl FnOnce() -> dermalog_core::Result<T>,
) -> AuditEvent {
    let (_, e) = one(t, (Action::Settings, entity, id), None, f);
    assert!(e.new_value.is_some(), "{entity}: the value after is kept");
    assert_eq!(e.old_value.is_some(), edit, "{entity}: the value before");
    e
}

#[test]
fn every_reference_edit_is_one_settings_row() {
    let t = fresh();
    let area = AreaInput {
        id: Uuid::now_v7(),
        code: "ear_left".into(),
        name: "Ear, left".into(),
        region: Region::Face,
        snomed_code: None,
        includes: vec![],
        map: None,
        archived: false,
    };
    let id = Some(area.id);
    settings(&t, "area", id, false, || {
        reference::save_area(&t.db, area.clone(), &by(now()))
    });
    let mut renamed = area.clone();
    renamed.name = "Left ear".into();
    settings(&t, "area", id, true, || {
        reference::save_area(&t.db, renamed, &by(now()))
    });
    let mut taken = area;
    taken.id = Uuid::now_v7();
    refused(&t, "area with a used code", || {
        reference::save_area(&t.db, taken, &by(now()))
    });

    let pen = DeviceModelInput {
        id: Uuid::now_v7(),
        kind: DeviceKind::DermaPen,
        manufacturer: "Acme".into(),
        model: "Model X".into(),
        min_depth_mm: 0.2,
        max_depth_mm: 2.0,
        depth_step_mm: Some(0.2),
        evaluated_max_mm: None,
        speed_levels: Some(6),
        needles_per_cartridge: Some(16),
        note: String::new(),
        archived: false,
    };
    settings(&t, "device_model", Some(pen.id), false, || {
        reference::save_device_model(&t.db, pen.clone(), &by(now()))
    });
    let mut twin = pen;
    twin.id = Uuid::now_v7();
    refused(&t, "duplicate device model", || {
        reference::save_device_model(&t.db, twin, &by(now()))
    });

    let r = load(&t.db);
    let row = &r.depth_guidance[0];
    let guidance = DepthGuidanceInput {
        id: row.id,
        area_id: row.area_id,
        indication: row.indication.clone(),
        typical_min_mm: row.typical_min_mm,
        typical_max_mm: row.typical_max_mm,
        upper_use_mm: row.upper_use_mm,
        source: "Our protocol".into(),
    };
    settings(&t, "depth_guidance", Some(row.id), true, || {
        reference::save_depth_guidance(&t.db, guidance.clone(), &by(now()))
    });
    let mut upside_down = guidance;
    upside_down.upper_use_mm = 0.1;
    refused(&t, "upside-down guidance", || {
        reference::save_depth_guidance(&t.db, upside_down, &by(now()))
    });

    let mut clinic = r.settings.clone();
    clinic.due_soon_days = 10;
    let e = settings(&t, "settings", None, true, || {
        reference::save_settings(&t.db, clinic.clone(), &by(now()))
    });
    assert_eq!(e.entity_id, None, "the settings have no id of their own");
    let old: serde_json::Value =
        serde_json::from_str(e.old_value.as_deref().unwrap_or("{}")).expect("json");
    assert_eq!(
        (old["due_soon_days"].as_i64(), old["clinic_name"].as_str()),
        (Some(7), Some("Test Clinic"))
    );
    clinic.idle_lock_minutes = 0;
    refused(&t, "settings with no idle lock", || {
        reference::save_settings(&t.db, clinic, &by(now()))
    });
}

#[test]
fn every_list_and_template_edit_is_one_settings_row() {
    let t = fresh();
    let r = load(&t.db);
    let x = r
        .rules
        .iter()
        .find(|x| x.code == "pregnancy")
        .expect("rule");
    let rule = RuleInput {
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
        advice: "Ask for the obstetrician's letter.".into(),
        source: x.source.clone(),
        active: x.active,
    };
    settings(&t, "rule", Some(x.id), true, || {
        screening::save_rule(&t.db, rule.clone(), &by(now()))
    });
    let mut no_terms = rule;
    no_terms.terms.clear();
    refused(&t, "rule without terms", || {
        screening::save_rule(&t.db, no_terms, &by(now()))
    });

    let product = CatalogueProductInput {
        id: Uuid::now_v7(),
        name: "Audit test serum".into(),
        kind: ProductKind::Serum,
        intradermal: Intradermal::No,
        note: String::new(),
        archived: false,
    };
    settings(&t, "product", Some(product.id), false, || {
        reference::save_product(&t.db, product.clone(), &by(now()))
    });
    let mut same_name = product;
    same_name.id = Uuid::now_v7();
    same_name.name = "AUDIT TEST SERUM".into();
    refused(&t, "product with a taken name", || {
        reference::save_product(&t.db, same_name, &by(now()))
    });

    let term = HistoryTermInput {
        id: Uuid::now_v7(),
        code: "tattoo_ink".into(),
        kind: HistoryKind::Treatment,
        name: "Tattoo".into(),
        archived: false,
    };
    settings(&t, "history_term", Some(term.id), false, || {
        medical::save_term(&t.db, term.clone(), &by(now()))
    });
    let mut retired = term.clone();
    retired.archived = true;
    settings(&t, "history_term", Some(term.id), true, || {
        medical::save_term(&t.db, retired, &by(now()))
    });
    let mut bad_code = term;
    bad_code.code = "Not A Code".into();
    refused(&t, "term with a bad code", || {
        medical::save_term(&t.db, bad_code, &by(now()))
    });

    let template = AftercareTemplate {
        clinic_name: "Harley Skin Clinic".into(),
        title: "Aftercare".into(),
        body: "- SPF 30+ outside.".into(),
    };
    let e = settings(&t, "aftercare_template", None, true, || {
        aftercare::save_template(&t.db, template.clone(), &by(now()))
    });
    assert!(e.entity_id.is_some(), "the one template row is named");
    let mut empty = template;
    empty.body = " ".into();
    refused(&t, "empty handout", || {
        aftercare::save_template(&t.db, empty, &by(now()))
    });

    let band = DowntimeBand {
        id: Uuid::now_v7(),
        max_depth_mm: 2.5,
        downtime: "about 5-6 days".into(),
    };
    settings(&t, "downtime_band", Some(band.id), false, || {
        aftercare::save_band(&t.db, band.clone(), &by(now()))
    });
    let mut same_depth = band;
    same_depth.id = Uuid::now_v7();
    refused(&t, "band at a used depth", || {
        aftercare::save_band(&t.db, same_depth, &by(now()))
    });

    let seeded = &r.protocols[0];
    let protocol = ProtocolInput {
        id: Uuid::now_v7(),
        name: "Custom".into(),
        indication: None,
        target_sessions: 4,
        interval_days: 28,
        serum: None,
        areas: seeded.areas.clone(),
        note: String::new(),
        archived: false,
    };
    settings(&t, "protocol", Some(protocol.id), false, || {
        courses::save_protocol(&t.db, protocol.clone(), &by(now()))
    });
    let mut no_areas = protocol;
    no_areas.areas.clear();
    refused(&t, "protocol without areas", || {
        courses::save_protocol(&t.db, no_areas, &by(now()))
    });
}
