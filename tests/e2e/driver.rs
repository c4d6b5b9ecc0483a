//! Starting tauri-driver on fresh ports and opening app sessions on a chosen database (the
//! window itself is driven through `ui::Ui`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use serde_json::json;

pub use crate::ui::{testid, Ui};

/// How long a step may take before the test fails (the app starts in about a second).
pub(crate) const STEP: Duration = Duration::from_secs(15);

/// Longest a scenario may hold the driver. WebDriver calls have no timeout of their own, so
/// if the app dies mid-call the test would wait forever; past this limit the watchdog stops
/// tauri-driver, the pending call fails, and the test fails with the reason.
const SCENARIO_LIMIT: Duration = Duration::from_secs(120);

pub struct Driver {
    child: Child,
    port: u16,
    finished: Arc<AtomicBool>,
    // Each driver's apps get their own data, cache and config folders: WebKit keeps its
    // storage there, and apps running side by side must not share it (nor localStorage).
    _home: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn find_program(name: &str, extra: &[PathBuf]) -> PathBuf {
    let from_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    from_path.into_iter().chain(extra.iter().cloned()).find(|p| p.is_file()).unwrap_or_else(|| {
        panic!("E2E prerequisite missing: `{name}` was not found (see .ci/setup, which installs it)")
    })
}

/// The app binary under test. It must embed the UI (`--features custom-protocol`); without
/// it the window would wait for a Vite dev server.
pub fn app_binary() -> PathBuf {
    if !cfg!(feature = "custom-protocol") {
        panic!(
            "E2E tests need the app with its UI embedded: \
             run `cargo test --features custom-protocol --test e2e`"
        );
    }
    PathBuf::from(env!("CARGO_BIN_EXE_dermalog"))
}

impl Driver {
    pub fn start() -> Driver {
        Driver::start_with_limit(SCENARIO_LIMIT)
    }

    /// A driver whose watchdog allows `limit` (long measurements such as the window
    /// benchmark). Apps write CSV exports into `exports_dir()` instead of asking with the
    /// save dialog (`DERMALOG_EXPORT_DIR`).
    pub fn start_with_limit(limit: Duration) -> Driver {
        Driver::start_with(limit, &[])
    }

    /// A driver whose apps answer their file dialogs with `picks`, in order
    /// (`DERMALOG_PICK_FILES`): the system dialog cannot be driven by WebDriver.
    pub fn start_picking(picks: &[PathBuf]) -> Driver {
        Driver::start_with(SCENARIO_LIMIT, picks)
    }

    fn start_with(limit: Duration, picks: &[PathBuf]) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "E2E tests need a display: run them under `xvfb-run -a`"
        );
        let user_home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        let tauri_driver =
            find_program("tauri-driver", &[user_home.join(".cargo/bin/tauri-driver")]);
        let home = tempfile::tempdir().expect("a data folder for the app under test");
        let exports = home.path().join("exports");
        std::fs::create_dir_all(&exports).expect("exports folder");
        let native = find_program(
            "WebKitWebDriver",
            &[PathBuf::from("/usr/bin/WebKitWebDriver")],
        );
        let (port, native_port) = (free_port(), free_port());
        let child = Command::new(tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .arg("--native-driver")
            .arg(native)
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("DERMALOG_EXPORT_DIR", &exports)
            // WebKit's fake camera: the suite takes a photo without a camera on the machine.
            .env("DERMALOG_MOCK_CAMERA", "1")
            .env(
                "DERMALOG_PICK_FILES",
                std::env::join_paths(picks).expect("pick list"),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let deadline = Instant::now() + STEP;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let finished = Arc::new(AtomicBool::new(false));
        let (pid, done) = (child.id(), finished.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + limit;
            while !done.load(Ordering::SeqCst) {
                if Instant::now() > deadline {
                    eprintln!("E2E scenario exceeded {limit:?}: stopping tauri-driver");
                    let _ = Command::new("kill")
                        .arg("-TERM")
                        .arg(pid.to_string())
                        .status();
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        Driver {
            child,
            port,
            finished,
            _home: home,
        }
    }

    /// Where the apps of this driver write their CSV exports.
    pub fn exports_dir(&self) -> PathBuf {
        self._home.path().join("exports")
    }

    /// Launches the app on `db` signed in as the E2E user (the clinic is set up with that
    /// user first when it has no account).
    pub async fn launch(&self, db: &Path) -> Ui {
        let opened = dermalog_core::Db::open(db, chrono::Utc::now()).expect("database");
        crate::seed::ensure_user(&opened);
        drop(opened);
        let ui = self.launch_unseeded(db).await;
        ui.sign_in(crate::seed::USERNAME, crate::seed::PASSWORD)
            .await;
        ui
    }

    /// Launches the app on `db` as it is (possibly not set up, or not a database at all)
    /// and waits for its first screen.
    pub async fn launch_unseeded(&self, db: &Path) -> Ui {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({"application": app_binary(), "args": ["--db", db]}),
        );
        // tauri-driver listens before its WebKitWebDriver is ready: retry. A cold start on a
        // busy two-core machine has taken over 5 s (the first launch of a CI run), so allow
        // two steps' time before calling it a failure.
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + 2 * STEP;
        let client = loop {
            match ClientBuilder::rustls()
                .expect("tls config")
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("WebDriver session not ready yet ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("no WebDriver session on the app: {e}"),
            }
        };
        let ui = Ui {
            c: client,
            started: Instant::now(),
            clicks: Default::default(),
            keys: Default::default(),
        };
        ui.el("#app > *").await;
        ui
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.finished.store(true, Ordering::SeqCst);
        // SIGTERM, not SIGKILL: tauri-driver then stops its WebKitWebDriver too.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}
