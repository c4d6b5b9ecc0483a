//! Depth rules on both sides of every boundary, against seeded-style reference rows.

use uuid::Uuid;

use super::{findings, Context};
use crate::guidance::{FindingCode, FindingLevel};
use crate::reference::{Area, ClinicSettings, DepthGuidance, DeviceModel, Region};
use crate::sessions::DeviceKind;

fn forehead() -> (Area, DepthGuidance) {
    let id = Uuid::now_v7();
    let area = Area {
        id,
        code: "forehead".into(),
        name: "Forehead".into(),
        region: Region::Face,
        snomed_code: None,
        includes: vec![],
        map: None,
        archived: false,
    };
    let g = DepthGuidance {
        id: Uuid::now_v7(),
        area_id: id,
        indication: None,
        typical_min_mm: 0.25,
        typical_max_mm: 0.5,
        upper_use_mm: 0.75,
        source: String::new(),
    };
    (area, g)
}

fn pen(step: Option<f64>, evaluated: Option<f64>) -> DeviceModel {
    DeviceModel {
        id: Uuid::now_v7(),
        kind: DeviceKind::DermaPen,
        manufacturer: "Generic".into(),
        model: "Pen".into(),
        min_depth_mm: 0.25,
        max_depth_mm: 2.5,
        depth_step_mm: step,
        evaluated_max_mm: evaluated,
        speed_levels: None,
        needles_per_cartridge: None,
        note: String::new(),
        archived: false,
    }
}

fn settings() -> ClinicSettings {
    ClinicSettings {
        min_interval_days: 28,
        pih_min_fitzpatrick: 4,
        pih_depth_mm: 1.5,
        due_soon_days: 7,
        clinic_name: "Test Clinic".into(),
        idle_lock_minutes: 15,
    }
}

fn codes(cx: &Context<'_>, um: i64) -> Vec<(FindingLevel, FindingCode)> {
    findings("areas[0].needle_depth_mm", cx, um)
        .into_iter()
        .map(|f| (f.level, f.code))
        .collect()
}

#[test]
fn area_guidance_warns_outside_the_typical_range_and_above_upper_use() {
    let (area, g) = forehead();
    let s = settings();
    let cx = Context {
        area: Some(&area),
        guidance: Some(&g),
        device: None,
        fitzpatrick: None,
        settings: &s,
    };
    use FindingCode::*;
    use FindingLevel::Warn;
    assert_eq!(
        codes(&cx, 240),
        [(Warn, DepthBelowTypical)],
        "just below 0.25"
    );
    assert!(codes(&cx, 250).is_empty(), "typical low end");
    assert!(codes(&cx, 500).is_empty(), "typical high end");
    assert_eq!(
        codes(&cx, 510),
        [(Warn, DepthAboveTypical)],
        "just above typical"
    );
    assert_eq!(codes(&cx, 750), [(Warn, DepthAboveTypical)], "at upper use");
    assert_eq!(
        codes(&cx, 760),
        [(Warn, DepthAboveUpperUse)],
        "just above upper use"
    );
    let message = &findings("f", &cx, 760)[0].message;
    assert!(
        message.contains("Forehead") && message.contains("0.75 mm"),
        "{message}"
    );
}

#[test]
fn device_limits_refuse_and_the_evaluated_maximum_warns() {
    let s = settings();
    let device = pen(None, Some(1.5));
    let cx = Context {
        area: None,
        guidance: None,
        device: Some(&device),
        fitzpatrick: None,
        settings: &s,
    };
    use FindingCode::*;
    use FindingLevel::*;
    assert_eq!(
        codes(&cx, 2500),
        [(Warn, DepthAboveEvaluated)],
        "at max, above evaluated"
    );
    assert_eq!(
        codes(&cx, 2510),
        [(Block, DepthAboveDevice)],
        "just above the device maximum"
    );
    assert!(codes(&cx, 1500).is_empty(), "at the evaluated maximum");
    assert_eq!(codes(&cx, 1510), [(Warn, DepthAboveEvaluated)]);
    assert!(codes(&cx, 250).is_empty(), "device minimum");
    assert_eq!(codes(&cx, 240), [(Block, DepthBelowDevice)]);
}

#[test]
fn depths_off_the_step_grid_are_refused_unless_the_device_has_no_step() {
    let s = settings();
    let stepped = pen(Some(0.25), None);
    let cx = Context {
        area: None,
        guidance: None,
        device: Some(&stepped),
        fitzpatrick: None,
        settings: &s,
    };
    assert!(codes(&cx, 1250).is_empty(), "0.25 + 4 steps");
    assert_eq!(
        codes(&cx, 1300),
        [(FindingLevel::Block, FindingCode::DepthOffStep)]
    );
    let message = &findings("f", &cx, 1300)[0].message;
    assert!(
        message.contains("1.25 mm or 1.5 mm"),
        "names the nearest settings: {message}"
    );
    let mut short = pen(Some(0.25), None);
    short.max_depth_mm = 2.4;
    let cx_short = Context {
        device: Some(&short),
        ..cx
    };
    let message = &findings("f", &cx_short, 2300)[0].message;
    assert!(
        message.ends_with("use 2.25 mm."),
        "2.5 mm is beyond this device: {message}"
    );
    let free = pen(None, None);
    let cx = Context {
        device: Some(&free),
        ..cx
    };
    assert!(codes(&cx, 1300).is_empty(), "no step: any depth in range");
}

#[test]
fn darker_skin_types_deeper_than_the_pih_depth_warn() {
    let s = settings();
    let at = |f| Context {
        area: None,
        guidance: None,
        device: None,
        fitzpatrick: Some(f),
        settings: &s,
    };
    let pih = [(FindingLevel::Warn, FindingCode::PihRisk)];
    assert_eq!(codes(&at(4), 1510), pih, "type IV just deeper than 1.5 mm");
    assert!(codes(&at(4), 1500).is_empty(), "at 1.5 mm");
    assert!(
        codes(&at(3), 2000).is_empty(),
        "type III is below the configured type"
    );
    assert_eq!(codes(&at(6), 2000), pih);
    assert!(findings("f", &at(5), 2000)[0].message.contains("type V"));
    let none = Context {
        fitzpatrick: None,
        ..at(6)
    };
    assert!(codes(&none, 2000).is_empty(), "unknown type: no guess");
}
