//! What the shell holds while it runs besides the database ([`crate::store`]): the clock,
//! where the database is, and where exports go.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

pub use crate::store::{StartupProblem, StartupStatus, Store};

/// The time source. Commands take `now` from here so tests can fix it.
pub struct Clock(Box<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Box::new(Utc::now))
    }

    /// A clock that always says `t`.
    pub fn fixed(t: DateTime<Utc>) -> Self {
        Clock(Box::new(move || t))
    }

    /// A clock that says `t` until the returned handle moves it (tests of the idle lock).
    pub fn manual(t: DateTime<Utc>) -> (Self, ManualClock) {
        let handle = ManualClock(std::sync::Arc::new(std::sync::Mutex::new(t)));
        let reader = handle.clone();
        (Clock(Box::new(move || reader.now())), handle)
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

/// The hand that moves a [`Clock::manual`].
#[derive(Clone)]
pub struct ManualClock(std::sync::Arc<std::sync::Mutex<DateTime<Utc>>>);

impl ManualClock {
    /// What the clock says.
    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

/// Where the database is: `--db PATH` (or `--db=PATH`) on the command line, else the
/// `DERMALOG_DB` environment variable, else `dermalog.sqlite3` in the app-data folder.
pub fn database_path(
    args: &[String],
    env: Option<String>,
    app_data_dir: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, String> {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args
                .next()
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .ok_or_else(|| "--db needs a file path".to_string());
        }
        if let Some(p) = arg.strip_prefix("--db=") {
            return if p.is_empty() {
                Err("--db needs a file path".into())
            } else {
                Ok(p.into())
            };
        }
    }
    if let Some(p) = env.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    app_data_dir()
        .map(|d| d.join("dermalog.sqlite3"))
        .ok_or_else(|| "the app-data folder could not be determined".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn command_line_wins_over_environment_and_default() {
        let default = || Some(PathBuf::from("/data"));
        assert_eq!(
            database_path(
                &args(&["app", "--db", "/a.db"]),
                Some("/b.db".into()),
                default
            ),
            Ok(PathBuf::from("/a.db"))
        );
        assert_eq!(
            database_path(&args(&["app", "--db=/c.db"]), None, default),
            Ok(PathBuf::from("/c.db"))
        );
        assert_eq!(
            database_path(&args(&["app"]), Some("/b.db".into()), default),
            Ok(PathBuf::from("/b.db"))
        );
        assert_eq!(
            database_path(&args(&["app"]), None, default),
            Ok(PathBuf::from("/data/dermalog.sqlite3"))
        );
        assert!(database_path(&args(&["app", "--db"]), None, default).is_err());
        assert!(database_path(&args(&["app"]), None, || None).is_err());
    }
}

/// Where exports go: the system save dialog, or (unattended runs such as the end-to-end
/// tests, set with `DERMALOG_EXPORT_DIR`) straight into a folder under the suggested name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// Ask with the save dialog.
    Dialog,
    /// Write into this folder.
    Folder(PathBuf),
}

impl ExportTarget {
    /// From `DERMALOG_EXPORT_DIR` when set and not empty, else the dialog.
    pub fn from_env(value: Option<String>) -> Self {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(dir) => ExportTarget::Folder(PathBuf::from(dir)),
            None => ExportTarget::Dialog,
        }
    }
}
