//! Test clinics made through `dermalog-core` (as the app makes them), and a runner for the
//! real `dermalog-cli` binary with a clean environment: no inherited database, password or
//! backup folder, and no terminal on stdin, so a prompt can never hang a test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{TimeZone, Utc};
use dermalog_core::accounts::{self, ClinicSetup, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::demo::{self, DemoSpec};
use dermalog_core::{patients, Db};
use uuid::Uuid;

/// The clinic's admin.
pub const ADMIN_ID: Uuid = Uuid::from_u128(0x0193_5d2a_7c00_7000_8000_0000_0000_0001);
pub const ADMIN: &str = "tester";
pub const PASSWORD: &str = "correct horse battery";
/// A clinician without the admin role.
pub const CLINICIAN: &str = "clinician";
/// Generated clinic size.
pub const PATIENTS: i64 = 20;
pub const SESSIONS: i64 = 60;

pub struct Clinic {
    pub dir: tempfile::TempDir,
}

impl Clinic {
    /// A demo clinic of [`PATIENTS`] and [`SESSIONS`] (one patient archived) with an admin
    /// and a clinician; the database is closed again, as after the app quits.
    pub fn new() -> Clinic {
        let dir = tempfile::tempdir().expect("tempdir");
        let clinic = Clinic { dir };
        let db = Db::open(&clinic.db(), Utc::now()).expect("create database");
        let spec = DemoSpec {
            patients: PATIENTS as u32,
            sessions: SESSIONS as u32,
            seed: 7,
            heavy_patients: 0,
            heavy_sessions: 0,
        };
        let today = Utc
            .with_ymd_and_hms(2026, 11, 20, 0, 0, 0)
            .single()
            .expect("date")
            .date_naive();
        demo::generate(&db, &spec, today).expect("demo clinic");
        accounts::set_up(&db, setup(), Utc::now()).expect("set up the clinic");
        let by = Actor::new(ADMIN_ID, Utc::now());
        accounts::save_user(&db, &by, user(CLINICIAN, vec![Role::Clinician])).expect("user");
        let first: String = db
            .read(|c| Ok(c.query_row("SELECT id FROM patient LIMIT 1", [], |r| r.get(0))?))
            .expect("a patient");
        let id = Uuid::parse_str(&first).expect("id");
        patients::set_archived(&db, id, true, &by).expect("archive");
        clinic
    }

    /// A small encrypted clinic, set up as the app sets one up (admin only); returns it
    /// with its recovery key.
    pub fn encrypted() -> (Clinic, String) {
        let dir = tempfile::tempdir().expect("tempdir");
        let clinic = Clinic { dir };
        let (db, _, recovery) =
            dermalog_core::keys::set_up(&clinic.db(), &Default::default(), setup(), Utc::now())
                .expect("set up an encrypted clinic");
        let spec = DemoSpec {
            patients: PATIENTS as u32,
            sessions: SESSIONS as u32,
            seed: 7,
            heavy_patients: 0,
            heavy_sessions: 0,
        };
        let today = Utc::now().date_naive();
        demo::generate(&db, &spec, today).expect("demo clinic");
        (clinic, recovery.0)
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("clinic.sqlite3")
    }

    /// The default backup folder, beside the database.
    pub fn backups(&self) -> PathBuf {
        self.dir.path().join("backups")
    }

    /// A raw connection on the file, for counting and tampering around the core.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("raw connection")
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.raw()
            .query_row(sql, [], |r| r.get(0))
            .expect("count query")
    }

    /// The newest audit row: (action, user id, entity id, reason).
    pub fn last_audit(&self) -> (String, Option<String>, Option<String>, Option<String>) {
        self.raw()
            .query_row(
                "SELECT action, user_id, entity_id, reason FROM audit_event
                 ORDER BY at DESC, seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("an audit row")
    }
}

fn setup() -> ClinicSetup {
    ClinicSetup {
        clinic_name: "Test Clinic".into(),
        admin: UserInput {
            id: ADMIN_ID,
            ..user(ADMIN, vec![Role::Admin, Role::Clinician])
        },
    }
}

fn user(name: &str, roles: Vec<Role>) -> UserInput {
    UserInput {
        id: Uuid::now_v7(),
        username: name.into(),
        display_name: format!("Dr {name}"),
        signature_name: format!("Dr {name}"),
        registration: String::new(),
        roles,
        active: true,
        password: Some(PASSWORD.into()),
    }
}

/// The binary under test, with a clean environment.
pub fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dermalog-cli"));
    c.env_remove("DERMALOG_DB")
        .env_remove("DERMALOG_PASSWORD")
        .env_remove("DERMALOG_BACKUP_DIR")
        .env_remove("DERMALOG_RECOVERY_KEY")
        .stdin(Stdio::null());
    c
}

/// Runs the binary on `db` with `args`, signed in as `user` with `password` when given.
pub fn run(db: &Path, args: &[&str], login: Option<(&str, &str)>) -> Output {
    let mut c = cli();
    c.arg("--db").arg(db).args(args);
    if let Some((user, password)) = login {
        c.args(["--user", user]).env("DERMALOG_PASSWORD", password);
    }
    c.output().expect("run dermalog-cli")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

pub fn stdout_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
