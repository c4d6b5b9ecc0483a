//! Where a file or folder the user chooses comes from: the system's open dialog, or, in
//! unattended runs, answers given in advance (the IPC tests build them; the end-to-end
//! tests pass `DERMALOG_PICK_FILES`, a path list, to the app). The webview never names a
//! path itself; it asks a command, and the command asks the picker.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The source of chosen paths.
pub enum Picker {
    /// Ask with the system dialog.
    Dialog,
    /// Hand out these answers in order (`None`: the user cancelled).
    Answers(Mutex<VecDeque<Option<PathBuf>>>),
}

impl Picker {
    /// Answers given in advance, for tests.
    pub fn answers(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        Picker::Answers(Mutex::new(answers.into_iter().collect()))
    }

    fn next_answer(&self) -> Option<Option<PathBuf>> {
        match self {
            Picker::Dialog => None,
            Picker::Answers(a) => Some(
                a.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .pop_front()
                    .flatten(),
            ),
        }
    }

    /// A Dermalog database file to open; `None` when cancelled.
    pub fn database_file<R: Runtime>(&self, app: &AppHandle<R>) -> Option<PathBuf> {
        self.next_answer().unwrap_or_else(|| {
            app.dialog()
                .file()
                .set_title("Open a Dermalog database")
                .add_filter("Dermalog database", &["sqlite3", "sqlite", "db"])
                .blocking_pick_file()
                .and_then(|p| p.into_path().ok())
        })
    }

    /// A folder for backups; `None` when cancelled.
    pub fn folder<R: Runtime>(&self, app: &AppHandle<R>) -> Option<PathBuf> {
        self.next_answer().unwrap_or_else(|| {
            app.dialog()
                .file()
                .set_title("Choose the backup folder")
                .blocking_pick_folder()
                .and_then(|p| p.into_path().ok())
        })
    }

    /// A CSV file to import as `kind`; `None` when cancelled.
    pub fn csv_file<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        kind: dermalog_core::import::FileKind,
    ) -> Option<PathBuf> {
        self.next_answer().unwrap_or_else(|| {
            let title = match kind {
                dermalog_core::import::FileKind::Patients => "Choose the patients file",
                dermalog_core::import::FileKind::Sessions => "Choose the sessions file",
            };
            app.dialog()
                .file()
                .set_title(title)
                .add_filter("CSV or text", &["csv", "txt", "tsv"])
                .blocking_pick_file()
                .and_then(|p| p.into_path().ok())
        })
    }

    /// A folder to write an export into; `None` when cancelled.
    pub fn export_folder<R: Runtime>(&self, app: &AppHandle<R>) -> Option<PathBuf> {
        self.next_answer().unwrap_or_else(|| {
            app.dialog()
                .file()
                .set_title("Choose where to save the record packet")
                .blocking_pick_folder()
                .and_then(|p| p.into_path().ok())
        })
    }

    /// Photos to add (JPEG, PNG or WebP, several at once); empty when cancelled. An answer
    /// given in advance is one file.
    pub fn photo_files<R: Runtime>(&self, app: &AppHandle<R>) -> Vec<PathBuf> {
        match self.next_answer() {
            Some(answer) => answer.into_iter().collect(),
            None => app
                .dialog()
                .file()
                .set_title("Choose photos")
                .add_filter("Photos", &["jpg", "jpeg", "png", "webp"])
                .blocking_pick_files()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.into_path().ok())
                .collect(),
        }
    }
}
