//! Dermalog's desktop shell: a thin Tauri layer over `dermalog-core`. It resolves where the
//! database lives, opens it (or keeps the reason it was refused), and exposes one typed
//! command per use case. No rule and no SQL lives here.

#![warn(missing_docs)]

pub mod auth;
pub mod backups;
mod camera;
pub mod commands;
pub mod error;
pub mod payload;
pub mod picker;
pub mod single;
pub mod state;
pub mod store;
pub mod unseal;

use tauri::{Manager, Runtime};

pub use auth::{Auth, AuthStatus};
pub use backups::{BackupStatus, Backups, FolderSetBy};
pub use error::{ApiError, ApiErrorCode};
pub use picker::Picker;
pub use state::{Clock, ExportTarget, ManualClock, StartupStatus, Store};

/// `builder` with every command registered. Generic over the runtime so tests pass Tauri's
/// mock builder; the caller manages a [`Store`], a [`Clock`], an [`ExportTarget`],
/// [`Backups`] and a [`Picker`]. The [`Auth`] (no one signed in), the recovery attempt
/// limit and the files chosen for an import are managed here.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(Auth::default())
        .manage(unseal::Attempts::default())
        .manage(unseal::RecoveryKeyToShow::default())
        .manage(commands::import::ImportDraft::default())
        .invoke_handler(commands::handler())
}

/// TypeScript bindings of the shell's own types (core adds the domain's).
pub fn typescript_bindings() -> Vec<(String, String)> {
    use ts_rs::{Config, TS};
    let cfg = Config::default();
    let mut out = dermalog_core::typescript_bindings();
    macro_rules! add {
        ($($t:ty),*) => {$(
            out.push((format!("{}.ts", <$t as TS>::name(&cfg)),
                      <$t as TS>::export_to_string(&cfg).unwrap_or_else(|e| panic!("{e}"))));
        )*};
    }
    add!(
        ApiError,
        ApiErrorCode,
        AuthStatus,
        BackupStatus,
        FolderSetBy,
        commands::backups::RestoreDone,
        StartupStatus,
        state::StartupProblem,
        commands::exports::ExportDone,
        commands::keys::EncryptionStatus,
        commands::photos::PhotoAdded
    );
    out
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// Runs the desktop app.
pub fn run() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let result = app_builder(tauri::Builder::default())
        .setup(|app| {
            let args: Vec<String> = std::env::args().collect();
            let env = std::env::var("DERMALOG_DB").ok();
            let path = state::database_path(&args, env, || app.path().app_data_dir().ok())?;
            let handle = app.handle().clone();
            match single::claim(&path, move || focus_main_window(&handle)) {
                Ok(single::Launch::First(guard)) => {
                    app.manage(guard);
                }
                Ok(single::Launch::Second) => {
                    log::info!(
                        "this database is already open in Dermalog; brought it to the front"
                    );
                    std::process::exit(0);
                }
                Err(e) => log::warn!("single-instance check unavailable: {e}"),
            }
            // A folder fixed on this computer takes every backup, the one before an upgrade
            // included.
            let fixed_backups: Option<std::path::PathBuf> = std::env::var("DERMALOG_BACKUP_DIR")
                .ok()
                .filter(|d| !d.trim().is_empty())
                .map(Into::into);
            let options = dermalog_core::OpenOptions {
                backup_dir: fixed_backups.clone(),
                key: None,
            };
            app.manage(Store::open_with(&path, chrono::Utc::now(), options));
            app.manage(Clock::system());
            // Unattended runs (the end-to-end tests) answer the file dialogs in advance.
            app.manage(match std::env::var_os("DERMALOG_PICK_FILES") {
                Some(list) if !list.is_empty() => {
                    Picker::answers(std::env::split_paths(&list).map(Some))
                }
                _ => Picker::Dialog,
            });
            app.manage(ExportTarget::from_env(
                std::env::var("DERMALOG_EXPORT_DIR").ok(),
            ));
            app.manage(fixed_backups.map_or_else(Backups::per_database, Backups::fixed));
            backups::schedule(app.handle().clone());
            if let Some(window) = app.get_webview_window("main") {
                camera::allow_camera(&window);
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                backups::on_quit(handle);
            }
        }),
        Err(e) => {
            log::error!("Dermalog could not start: {e}");
            std::process::exit(1);
        }
    }
}
