//! One entry point over every parser of the import, without a database, for the fuzz
//! target (`fuzz/fuzz_targets/parse_csv.rs`) and the test that runs it on the seed corpus.
//!
//! Invariant: returns for any bytes, never panics.

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::columns::FileKind;
use super::run::check;
use super::{
    preview, read_table, ColumnMapping, DateOrder, Delimiter, Encoding, ImportFiles, ImportOptions,
    SourceFile,
};
use crate::reference::{
    Area, ClinicSettings, DeviceModel, Indication, ReactionScale, ReactionType, ReferenceData,
    Region,
};
use crate::sessions::DeviceKind;

/// Reads `data` every way the import does: as a mapping file, as a table, previewed as
/// both kinds of file, and checked as both against a small fixed reference list. The first
/// byte chooses the options (encoding, delimiter, date order, offset). Returns a count of
/// what was found, so the work cannot be optimised away.
#[doc(hidden)]
pub fn parse_any(data: &[u8]) -> usize {
    let flags = usize::from(data.first().copied().unwrap_or(0));
    let options = ImportOptions {
        encoding: [
            Encoding::Auto,
            Encoding::Utf8,
            Encoding::Utf16,
            Encoding::Windows1252,
        ][flags & 3],
        delimiter: [
            Delimiter::Auto,
            Delimiter::Comma,
            Delimiter::Semicolon,
            Delimiter::Tab,
        ][(flags >> 2) & 3],
        date_order: [DateOrder::Unset, DateOrder::DayFirst, DateOrder::MonthFirst]
            [((flags >> 4) & 3) % 3],
        utc_offset_minutes: (flags & 0x40 == 0).then_some(60),
    };
    let body = data.get(1..).unwrap_or(&[]);
    let mut found = 0;
    let mapping = match ColumnMapping::parse("map.txt", body) {
        Ok(m) => m,
        Err(problems) => {
            found += problems.len();
            ColumnMapping::default()
        }
    };
    let mut problems = Vec::new();
    if let Some(t) = read_table(
        "t.csv",
        body,
        options.encoding,
        options.delimiter,
        &mut problems,
    ) {
        found += t.len() + (0..t.len()).map(|r| t.row(r).count()).sum::<usize>();
    }
    for kind in [FileKind::Patients, FileKind::Sessions] {
        let file = SourceFile::new("f.csv", body).with_mapping(mapping.clone());
        found += preview(&file, kind, &options, 5).problems.len();
    }
    let files = ImportFiles {
        patients: Some(SourceFile::new("patients.csv", body)),
        sessions: Some(SourceFile::new("sessions.csv", body)),
    };
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let checked = check(&reference(), &files, &options, now, &mut |_| {});
    found
        + problems.len()
        + checked.problems.len()
        + checked.patients.len()
        + checked.sessions.len()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A small clinic: one area, indication, reaction type with its scale, and device model.
fn reference() -> ReferenceData {
    ReferenceData {
        areas: vec![Area {
            id: id(1),
            code: "chin".into(),
            name: "Chin".into(),
            region: Region::Face,
            snomed_code: None,
            includes: vec![],
            map: None,
            archived: false,
        }],
        indications: vec![Indication {
            id: id(2),
            code: "acne_scars".into(),
            name: "Acne scars".into(),
            responds: true,
            archived: false,
        }],
        reaction_scales: vec![ReactionScale {
            id: id(3),
            code: "cea".into(),
            name: "Erythema".into(),
            min_grade: 0,
            max_grade: 2,
            labels: vec!["none".into(), "mild".into(), "severe".into()],
        }],
        reaction_types: vec![ReactionType {
            id: id(4),
            code: "erythema".into(),
            name: "Erythema".into(),
            default_scale_id: id(3),
            archived: false,
        }],
        device_models: vec![DeviceModel {
            id: id(5),
            kind: DeviceKind::DermaPen,
            manufacturer: "Generic".into(),
            model: "Pen".into(),
            min_depth_mm: 0.25,
            max_depth_mm: 2.5,
            depth_step_mm: Some(0.25),
            evaluated_max_mm: None,
            speed_levels: Some(5),
            needles_per_cartridge: None,
            note: String::new(),
            archived: false,
        }],
        depth_guidance: vec![],
        settings: ClinicSettings {
            min_interval_days: 28,
            pih_min_fitzpatrick: 4,
            pih_depth_mm: 1.5,
            due_soon_days: 7,
            clinic_name: String::new(),
            idle_lock_minutes: 15,
        },
        history_terms: vec![],
        rules: vec![],
        products: vec![],
        protocols: vec![],
    }
}
