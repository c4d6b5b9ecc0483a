//! A small known clinic for the search, report and export tests: three patients, six
//! sessions, each built so that every filter and every report group has a known answer.
//!
//! | # | patient | start (UTC)        | areas (depth, device)                 | serum (lot)      | reactions (type grade @time)      | clinician |
//! |---|---------|--------------------|---------------------------------------|------------------|-----------------------------------|-----------|
//! | 1 | Ana     | 2026-01-10 09:00   | forehead 0.5 pen                      | HA (HA-1)        | erythema 1 @imm                   | Okafor    |
//! | 2 | Ana     | 2026-02-14 09:00   | cheek_left 1.5 pen, cartridge CART-9  | HA (HA-2)        | erythema 2 @imm, erythema 3 @24h  | Okafor    |
//! | 3 | Ana     | 2026-03-20 09:00   | full_face 1.0 roller                  | PDRN (P-1)       | none                              | Lee       |
//! | 4 | Ben     | 2026-02-01 09:00   | chin 2.5 pen                          | HA (HA-2)        | edema 1 @imm                      | Lee       |
//! | 5 | Ben     | 2026-03-05 09:00   | chin 1.0 stamp + forehead 0.25 stamp  | none             | erythema 0 @imm                   | Okafor    |
//! | 6 | Cleo    | 2026-03-31 23:30   | cheek_right 1.5 pen                   | PDRN (P-2)       | erythema 2 @imm                   | Okafor    |
//!
//! Ana is Fitzpatrick IV, Ben II, Cleo not assessed. Session 3 is in Ana's course.

use dermalog_core::courses::{self, CourseInput};
use dermalog_core::patients::{self, Patient};
use dermalog_core::sessions::{
    self, DeviceKind, ProductInput, ProductRole, ReactionInput, Session, TimePoint,
};
use dermalog_core::Db;
use uuid::Uuid;

use crate::fixtures::{
    add_patient, area, area_id, by, now, patient_input, reaction_type_id, reference, session_input,
};

pub struct Clinic {
    pub ana: Patient,
    pub ben: Patient,
    pub cleo: Patient,
    /// Sessions 1..=6 at index 0..=5.
    pub s: Vec<Session>,
    pub course: Uuid,
}

struct Row<'a> {
    patient: Uuid,
    start: &'a str,
    areas: &'a [(&'a str, f64, DeviceKind)],
    serum: Option<(&'a str, &'a str)>,
    reactions: &'a [(&'a str, i32, TimePoint)],
    clinician: &'a str,
    cartridge: Option<&'a str>,
    course: Option<Uuid>,
}

fn save(db: &Db, row: Row<'_>) -> Session {
    let r = reference(db);
    let mut input = session_input(db, row.patient);
    input.started_at = row.start.into();
    input.ended_at = None;
    input.next_session_on = None;
    input.clinician_name = row.clinician.into();
    input.areas = row
        .areas
        .iter()
        .map(|(code, depth, kind)| {
            let mut a = area(area_id(&r, code), *depth);
            a.device_kind = Some(*kind);
            a.device_model = None;
            a.cartridge_lot = row.cartridge.map(str::to_string);
            a
        })
        .collect();
    input.products = row
        .serum
        .iter()
        .map(|(name, lot)| ProductInput {
            id: None,
            product_id: None,
            name: (*name).into(),
            role: Some(ProductRole::Serum),
            lot: Some((*lot).into()),
            expiry_on: Some("2027-06-30".into()),
            amount: None,
            area_id: None,
        })
        .collect();
    input.reactions = row
        .reactions
        .iter()
        .map(|(code, grade, at)| ReactionInput {
            id: None,
            reaction_type_id: Some(reaction_type_id(&r, code)),
            scale_id: None,
            grade: Some(*grade),
            time_point: Some(*at),
            area_id: None,
            note: String::new(),
        })
        .collect();
    input.indications = vec![];
    input.course_id = row.course;
    sessions::save(db, input, &by(now())).expect("known session saves")
}

pub fn clinic(db: &Db) -> Clinic {
    let ana = add_patient(db, "Ana", "Alvarez");
    let mut ben_input = patient_input("Ben", "Brooks");
    ben_input.fitzpatrick = Some(2);
    ben_input.phone = Some("+44 20 7946 0000".into());
    ben_input.family_name = "=Brooks".into();
    let ben = patients::save(db, ben_input, &by(now())).expect("ben");
    let mut cleo_input = patient_input("Cleo", "Chen");
    cleo_input.fitzpatrick = None;
    cleo_input.fitzpatrick_assessed_on = None;
    let cleo = patients::save(db, cleo_input, &by(now())).expect("cleo");
    let course = courses::save_course(
        db,
        CourseInput {
            id: Uuid::now_v7(),
            patient_id: ana.id,
            protocol_id: None,
            name: "Acne scars".into(),
            indication: None,
            target_sessions: 3,
            interval_days: 42,
            started_on: "2026-03-01".into(),
            stopped_on: None,
            note: String::new(),
        },
        &by(now()),
    )
    .expect("course")
    .id;
    use DeviceKind::*;
    use TimePoint::*;
    let pen = DermaPen;
    let s = vec![
        save(
            db,
            Row {
                patient: ana.id,
                start: "2026-01-10T09:00:00Z",
                areas: &[("forehead", 0.5, pen)],
                serum: Some(("Hyaluronic acid serum", "HA-1")),
                reactions: &[("erythema", 1, Immediate)],
                clinician: "Dr. Imani Okafor",
                cartridge: None,
                course: None,
            },
        ),
        save(
            db,
            Row {
                patient: ana.id,
                start: "2026-02-14T09:00:00Z",
                areas: &[("cheek_left", 1.5, pen)],
                serum: Some(("Hyaluronic acid serum", "HA-2")),
                reactions: &[("erythema", 2, Immediate), ("erythema", 3, H24)],
                clinician: "Dr. Imani Okafor",
                cartridge: Some("CART-9"),
                course: None,
            },
        ),
        save(
            db,
            Row {
                patient: ana.id,
                start: "2026-03-20T09:00:00Z",
                areas: &[("full_face", 1.0, DermaRoller)],
                serum: Some(("PDRN serum", "P-1")),
                reactions: &[],
                clinician: "Dr. Sam Lee",
                cartridge: None,
                course: Some(course),
            },
        ),
        save(
            db,
            Row {
                patient: ben.id,
                start: "2026-02-01T09:00:00Z",
                areas: &[("chin", 2.5, pen)],
                serum: Some(("hyaluronic ACID serum ", "HA-2")),
                reactions: &[("edema", 1, Immediate)],
                clinician: "Dr. Sam Lee",
                cartridge: None,
                course: None,
            },
        ),
        save(
            db,
            Row {
                patient: ben.id,
                start: "2026-03-05T09:00:00Z",
                areas: &[("chin", 1.0, Stamp), ("forehead", 0.25, Stamp)],
                serum: None,
                reactions: &[("erythema", 0, Immediate)],
                clinician: "Dr. Imani Okafor",
                cartridge: None,
                course: None,
            },
        ),
        save(
            db,
            Row {
                patient: cleo.id,
                start: "2026-03-31T23:30:00Z",
                areas: &[("cheek_right", 1.5, pen)],
                serum: Some(("PDRN serum", "P-2")),
                reactions: &[("erythema", 2, Immediate)],
                clinician: "Dr. Imani Okafor",
                cartridge: None,
                course: None,
            },
        ),
    ];
    Clinic {
        ana,
        ben,
        cleo,
        s,
        course,
    }
}
