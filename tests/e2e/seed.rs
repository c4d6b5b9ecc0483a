//! Test data written through `dermalog-core` on the database file before the app starts,
//! so a scenario measures only what the user does in the window.

use chrono::{Duration, Utc};
use dermalog_core::accounts::{self, ClinicSetup, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::courses::{self, CourseInput};
use dermalog_core::patients::{self, PatientInput, SexAtBirth};
use dermalog_core::reference;
use dermalog_core::sessions::{
    self, DeviceKind, ProductInput, ProductRole, SessionInput, TreatedAreaInput,
};
use dermalog_core::Db;
use uuid::Uuid;

/// The E2E user: all three roles, so one sign-in reaches every screen.
pub const USERNAME: &str = "dr.lee";
/// Their password.
pub const PASSWORD: &str = "correct horse battery";

/// Opens (creating) the database at `path` and sets the clinic up with the E2E user when no
/// account exists yet; returns it and that user acting at `now`.
pub fn open(path: &std::path::Path, now: chrono::DateTime<Utc>) -> (Db, Actor) {
    let db = Db::open(path, now).expect("database");
    let id = ensure_user(&db);
    (db, Actor::new(id, now))
}

/// The E2E user's id, setting the clinic up with it first if needed.
pub fn ensure_user(db: &Db) -> Uuid {
    if accounts::needs_setup(db).expect("accounts") {
        accounts::set_up(
            db,
            ClinicSetup {
                clinic_name: "Harbour Skin Clinic".into(),
                admin: UserInput {
                    id: Uuid::now_v7(),
                    username: USERNAME.into(),
                    display_name: "Dr Mei Lee".into(),
                    signature_name: "Dr Mei Lee, MBBS".into(),
                    registration: "GMC 7654321".into(),
                    roles: vec![Role::Clinician, Role::Aesthetician, Role::Admin],
                    active: true,
                    password: Some(PASSWORD.into()),
                },
            },
            Utc::now(),
        )
        .expect("set-up")
        .id
    } else {
        accounts::list(db)
            .expect("accounts")
            .into_iter()
            .find(|u| u.username == USERNAME)
            .expect("the E2E user")
            .id
    }
}

/// Florence Nightingale, with one three-area session (cheeks and chin, 1 serum) `days_ago`.
pub fn seed(path: &std::path::Path, days_ago: i64) {
    seed_with(path, &[days_ago], false);
}

/// Florence Nightingale with one such session per entry of `days_ago` (oldest first), the
/// cheek depth 0.25 mm deeper each time (back to 1.25 mm after 2.0 mm).
pub fn seed_visits(path: &std::path::Path, days_ago: &[i64]) {
    seed_with(path, days_ago, false);
}

/// The same, with the session as the first of a 6-session acne-scar course (28-day interval)
/// that started on the day of that session.
pub fn seed_in_course(path: &std::path::Path, days_ago: i64) {
    seed_with(path, &[days_ago], true);
}

fn seed_with(path: &std::path::Path, visits: &[i64], in_course: bool) {
    let now = Utc::now();
    let (db, by) = open(path, now);
    let r = reference::list(&db).expect("reference");
    let area = |code: &str| r.areas.iter().find(|a| a.code == code).map(|a| a.id);
    let pen = r
        .device_models
        .iter()
        .find(|d| d.model == "Motorised pen, 0.25 mm steps")
        .map(|d| d.id);
    let patient = patients::save(
        &db,
        PatientInput {
            id: Uuid::now_v7(),
            given_name: "Florence".into(),
            family_name: "Nightingale".into(),
            date_of_birth: "1985-05-12".into(),
            sex_at_birth: Some(SexAtBirth::Female),
            mrn: None,
            phone: None,
            email: None,
            fitzpatrick: Some(2),
            fitzpatrick_assessed_on: None,
            indications: vec!["acne_scars".into()],
            notes: String::new(),
        },
        &by,
    )
    .expect("patient");
    let treated = |code: &str, depth: f64| TreatedAreaInput {
        id: None,
        area_id: area(code),
        device_kind: Some(DeviceKind::DermaPen),
        device_model_id: pen,
        device_model: None,
        needle_depth_mm: Some(depth),
        passes: Some(3),
        speed_level: Some(4),
        pattern: None,
        needle_count: Some(16),
        cartridge_lot: Some("CART-2291".into()),
        endpoint: Some("Pinpoint bleeding".into()),
        notes: String::new(),
    };
    let first = now - Duration::days(visits[0]);
    let course = in_course.then(|| {
        let protocol = r.protocols.iter().find(|p| p.name == "Acne scars, face");
        courses::save_course(
            &db,
            CourseInput {
                id: Uuid::now_v7(),
                patient_id: patient.id,
                protocol_id: protocol.map(|p| p.id),
                name: "Acne scars, face".into(),
                indication: Some("acne_scars".into()),
                target_sessions: 6,
                interval_days: 28,
                started_on: first.date_naive().to_string(),
                stopped_on: None,
                note: String::new(),
            },
            &by,
        )
        .expect("course")
        .id
    });
    for (n, days_ago) in visits.iter().enumerate() {
        let start = now - Duration::days(*days_ago);
        sessions::save(
            &db,
            SessionInput {
                id: Uuid::now_v7(),
                patient_id: patient.id,
                started_at: start.to_rfc3339(),
                ended_at: Some((start + Duration::minutes(40)).to_rfc3339()),
                clinician_name: "Dr. Imani Okafor".into(),
                indications: vec!["acne_scars".into()],
                numbing_product: Some("Lidocaine 5%".into()),
                numbing_minutes: Some(30),
                skin_prep: Some("Chlorhexidine".into()),
                pain_score: Some(3),
                notes: "First session of the course.".into(),
                aftercare_given: true,
                next_session_on: None,
                areas: vec![
                    treated("cheek_left", 1.25 + 0.25 * (n % 4) as f64),
                    treated("cheek_right", 1.25),
                    treated("chin", 1.0),
                ],
                products: vec![ProductInput {
                    id: None,
                    product_id: None,
                    name: "Hyaluronic acid serum".into(),
                    role: Some(ProductRole::Serum),
                    lot: Some("HA-7781".into()),
                    expiry_on: Some((now + Duration::days(200)).date_naive().to_string()),
                    amount: Some("2 ml".into()),
                    area_id: None,
                }],
                reactions: vec![],
                overrides: vec![],
                course_id: course,
            },
            &by,
        )
        .expect("earlier session");
    }
}
