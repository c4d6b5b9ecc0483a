//! The real app builder and commands on Tauri's mock runtime, over a real SQLite file in a
//! temp folder. `call` sends a JSON body through the real IPC path (including argument
//! decoding and error serialisation), exactly as the webview would.

use chrono::{DateTime, TimeZone, Utc};
use dermalog::{Backups, Clock, ExportTarget, ManualClock, Store};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    pub _app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub _dir: tempfile::TempDir,
    /// Moves the app's clock (idle-lock tests).
    pub clock: ManualClock,
}

/// The first admin's password (every test user has it).
pub const PASSWORD: &str = "correct horse battery";

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .expect("valid")
}

/// An app on a fresh database, set up, with its first admin (who also holds the clinician
/// and aesthetician roles) signed in.
pub fn harness() -> Harness {
    let h = unset_harness();
    h.ok(
        "set_up_clinic",
        serde_json::json!({"setup": {
            "clinic_name": "Harbour Skin Clinic",
            "admin": user_input("admin", &["clinician", "aesthetician", "admin"]),
        }}),
    );
    h
}

/// An app on a fresh database that has not been set up.
pub fn unset_harness() -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.sqlite3");
    harness_on(dir, &path)
}

/// A new account's input with `roles` and [`PASSWORD`].
pub fn user_input(username: &str, roles: &[&str]) -> Value {
    serde_json::json!({
        "id": uuid::Uuid::now_v7(),
        "username": username,
        "display_name": format!("{username} (test)"),
        "signature_name": format!("{username}, signature"),
        "registration": "",
        "roles": roles,
        "active": true,
        "password": PASSWORD,
    })
}

/// An app on whatever is at `path` (which may be a file the store refuses).
pub fn harness_on(dir: tempfile::TempDir, path: &std::path::Path) -> Harness {
    harness_picking(dir, path, &[])
}

/// As [`harness_on`], with the paths the user will pick in the file dialogs, in order
/// (`None`: cancels).
pub fn harness_picking(
    dir: tempfile::TempDir,
    path: &std::path::Path,
    pick: &[Option<std::path::PathBuf>],
) -> Harness {
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).expect("exports folder");
    let (clock, hand) = Clock::manual(now());
    let app = dermalog::app_builder(mock_builder())
        .manage(Store::open(path, now()))
        .manage(clock)
        .manage(ExportTarget::Folder(exports))
        .manage(Backups::per_database())
        .manage(dermalog::Picker::answers(pick.iter().cloned()))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    Harness {
        _app: app,
        window,
        _dir: dir,
        clock: hand,
    }
}

impl Harness {
    /// Creates an account with `roles` (as the signed-in admin), then signs in as it.
    pub fn become_user(&self, username: &str, roles: &[&str]) {
        self.ok(
            "save_user",
            serde_json::json!({"input": user_input(username, roles)}),
        );
        self.ok("sign_out", serde_json::json!({}));
        self.ok(
            "sign_in",
            serde_json::json!({"username": username, "password": PASSWORD}),
        );
    }

    /// The audit rows, newest first (as an admin sees them).
    pub fn audit(&self) -> Vec<Value> {
        self.ok("list_audit", serde_json::json!({"query": {"limit": 500}}))
            .as_array()
            .expect("rows")
            .clone()
    }

    /// Closes the app and keeps its folder (the database, its backups) for another run.
    pub fn close(self) -> tempfile::TempDir {
        let Harness {
            _app, window, _dir, ..
        } = self;
        drop(window);
        drop(_app);
        _dir
    }

    /// Where `export_csv` writes in tests.
    pub fn exports_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("exports")
    }

    /// Invokes `cmd` with `args`; Ok is the command's JSON result, Err its JSON error.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // On Linux the app's own origin is tauri://localhost.
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }

    /// Invokes `cmd` with a raw `body` and `headers`, as the UI sends files; the raw reply.
    pub fn call_raw(
        &self,
        cmd: &str,
        body: InvokeBody,
        headers: &[(&'static str, String)],
    ) -> Result<tauri::ipc::InvokeResponseBody, Value> {
        let mut map = tauri::http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().expect("header value"));
        }
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body,
            headers: map,
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    pub fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed, returned {v}"),
            Err(e) => e,
        }
    }
}

/// A raw connection on the harness's encrypted database file, opened with the key the
/// admin's password unwraps: for tests that must write around the app (a forger with the
/// file and the key).
pub fn raw_connection(path: &std::path::Path) -> rusqlite::Connection {
    let key = dermalog_core::keys::unlock(path, "admin", PASSWORD).expect("the admin's key");
    let c = rusqlite::Connection::open(path).expect("raw connection");
    key.apply(&c).expect("key");
    c
}

/// The bytes of a raw reply (a photo, a consent's picture).
pub fn reply_bytes(reply: tauri::ipc::InvokeResponseBody) -> Vec<u8> {
    match reply {
        tauri::ipc::InvokeResponseBody::Raw(b) => b,
        tauri::ipc::InvokeResponseBody::Json(j) => panic!("expected bytes, got JSON {j}"),
    }
}

/// The JSON reply of a raw-body call.
pub fn reply_json(reply: tauri::ipc::InvokeResponseBody) -> Value {
    match reply {
        tauri::ipc::InvokeResponseBody::Json(j) => serde_json::from_str(&j).expect("json"),
        tauri::ipc::InvokeResponseBody::Raw(_) => panic!("expected JSON, got bytes"),
    }
}
