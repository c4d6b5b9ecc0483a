//! Shared test data: a fresh database (set up with one admin who is also clinician and
//! aesthetician), the actor every write is made by, a valid patient and a valid two-area
//! session.

use chrono::{DateTime, TimeZone, Utc};
use dermalog_core::accounts::{self, ClinicSetup, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::patients::{self, Patient, PatientInput, SexAtBirth};
use dermalog_core::reference::{self, ReferenceData};
use dermalog_core::sessions::{
    DeviceKind, NeedlePattern, ProductInput, ProductRole, ReactionInput, SessionInput, TimePoint,
    TreatedAreaInput,
};
use dermalog_core::Db;
use uuid::Uuid;

pub struct TestDb {
    pub db: Db,
    pub dir: tempfile::TempDir,
}

/// The test clinic's admin, who makes every write in the tests.
pub const USER_ID: Uuid = Uuid::from_u128(0x0193_5d2a_7c00_7000_8000_0000_0000_0001);
/// Their password.
pub const PASSWORD: &str = "correct horse battery";

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .expect("valid")
}

/// The test user acting at `at`.
pub fn by(at: DateTime<Utc>) -> Actor {
    Actor::new(USER_ID, at)
}

/// The first-run set-up `fresh` does.
pub fn setup() -> ClinicSetup {
    ClinicSetup {
        clinic_name: "Test Clinic".into(),
        admin: UserInput {
            id: USER_ID,
            username: "tester".into(),
            display_name: "Dr Test".into(),
            signature_name: "Dr T. Tester".into(),
            registration: "GMC 0000000".into(),
            roles: vec![Role::Clinician, Role::Aesthetician, Role::Admin],
            active: true,
            password: Some(PASSWORD.into()),
        },
    }
}

pub fn fresh() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(&dir.path().join("clinic.sqlite3"), now()).expect("create database");
    accounts::set_up(&db, setup(), now()).expect("set up the clinic");
    TestDb { db, dir }
}

impl TestDb {
    /// Where the database file is, for raw connections.
    pub fn file(&self) -> std::path::PathBuf {
        self.dir.path().join("clinic.sqlite3")
    }

    /// A second, raw connection on the file: for tests that must write around the core
    /// (damage, tampering), which the core's audited writes cannot do.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.file()).expect("raw connection")
    }
}

pub fn patient_input(given: &str, family: &str) -> PatientInput {
    PatientInput {
        id: Uuid::now_v7(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: "1988-04-12".into(),
        sex_at_birth: Some(SexAtBirth::Female),
        mrn: None,
        phone: Some("+44 20 7946 0958".into()),
        email: Some("patient@example.com".into()),
        fitzpatrick: Some(4),
        fitzpatrick_assessed_on: Some("2026-01-15".into()),
        indications: vec!["acne_scars".into()],
        notes: String::new(),
    }
}

pub fn add_patient(db: &Db, given: &str, family: &str) -> Patient {
    patients::save(db, patient_input(given, family), &by(now())).expect("valid patient saves")
}

pub fn reference(db: &Db) -> ReferenceData {
    reference::list(db).expect("reference data")
}

pub fn area_id(r: &ReferenceData, code: &str) -> Uuid {
    r.areas
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.id)
        .expect("seeded area")
}

pub fn reaction_type_id(r: &ReferenceData, code: &str) -> Uuid {
    r.reaction_types
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.id)
        .expect("seeded reaction")
}

pub fn area(area: Uuid, depth_mm: f64) -> TreatedAreaInput {
    TreatedAreaInput {
        id: None,
        area_id: Some(area),
        device_kind: Some(DeviceKind::DermaPen),
        device_model_id: None,
        device_model: Some("Dermapen 4".into()),
        needle_depth_mm: Some(depth_mm),
        passes: Some(3),
        speed_level: Some(5),
        pattern: Some(NeedlePattern::Crosshatch),
        needle_count: Some(16),
        cartridge_lot: Some("CART-2291".into()),
        endpoint: Some("Pinpoint bleeding".into()),
        notes: String::new(),
    }
}

/// A two-area session with a serum and an erythema reaction.
pub fn session_input(db: &Db, patient: Uuid) -> SessionInput {
    let r = reference(db);
    let cheek = area_id(&r, "cheek_left");
    SessionInput {
        id: Uuid::now_v7(),
        patient_id: patient,
        started_at: "2026-11-20T09:00:00+01:00".into(),
        ended_at: Some("2026-11-20T09:40:00+01:00".into()),
        clinician_name: "Dr. Imani Okafor".into(),
        indications: vec!["acne_scars".into()],
        numbing_product: Some("Lidocaine 5%".into()),
        numbing_minutes: Some(30),
        skin_prep: Some("Chlorhexidine".into()),
        pain_score: Some(3),
        notes: "Tolerated well.".into(),
        aftercare_given: true,
        next_session_on: Some("2026-12-18".into()),
        areas: vec![area(cheek, 1.5), area(area_id(&r, "forehead"), 0.5)],
        products: vec![ProductInput {
            id: None,
            product_id: None,
            name: "Hyaluronic acid serum".into(),
            role: Some(ProductRole::Serum),
            lot: Some("HA-7781".into()),
            expiry_on: Some("2027-06-30".into()),
            amount: Some("2 ml".into()),
            area_id: None,
        }],
        reactions: vec![ReactionInput {
            id: None,
            reaction_type_id: Some(reaction_type_id(&r, "erythema")),
            scale_id: None,
            grade: Some(2),
            time_point: Some(TimePoint::Immediate),
            area_id: Some(cheek),
            note: String::new(),
        }],
        overrides: vec![],
        course_id: None,
    }
}

/// The fields named in an `Invalid` error, or a panic naming what came instead.
pub fn invalid_fields<T: std::fmt::Debug>(r: dermalog_core::Result<T>) -> Vec<String> {
    match r {
        Err(dermalog_core::Error::Invalid(errs)) => errs.into_iter().map(|e| e.field).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

pub fn device_id(r: &ReferenceData, model: &str) -> Uuid {
    r.device_models
        .iter()
        .find(|d| d.model == model)
        .map(|d| d.id)
        .expect("seeded device")
}
