//! Start-up: is the database open, and if not, why.

use tauri::State;

use crate::backups::Backups;
use crate::state::{StartupStatus, Store};

/// The database state; the UI calls this first and shows a recovery page on a problem.
#[tauri::command(async)]
pub fn get_startup_status(store: State<'_, Store>, backups: State<'_, Backups>) -> StartupStatus {
    let status = store.status(&backups);
    // The first call means the window has loaded the UI: support (and the package check)
    // read this line as "the app is up".
    log::info!(
        "window loaded; database {}",
        status
            .problem
            .as_ref()
            .map_or("usable", |p| p.code.as_str())
    );
    status
}
