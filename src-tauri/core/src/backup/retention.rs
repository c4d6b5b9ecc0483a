//! Which backups to keep: the newest of each of the last 7 days, 4 ISO weeks and 12 months
//! (UTC), every copy taken before a schema upgrade in the last 12 months (upgrades are rare
//! and a problem they cause may surface weeks later), and always the newest of all.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{list, BackupInfo, BackupReason};
use crate::error::Result;

/// The file names to keep among `backups` (any order) as of `now`.
pub fn keep(backups: &[BackupInfo], now: DateTime<Utc>) -> HashSet<String> {
    let mut sorted: Vec<&BackupInfo> = backups.iter().collect();
    sorted.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    let mut kept = HashSet::new();
    if let Some(newest) = sorted.first() {
        kept.insert(newest.file_name.clone());
    }
    let year_ago = now - Duration::days(365);
    kept.extend(
        sorted
            .iter()
            .filter(|b| b.reason == BackupReason::Upgrade && b.created_at > year_ago)
            .map(|b| b.file_name.clone()),
    );
    let mut newest_per = |key: &dyn Fn(&BackupInfo) -> Option<String>| {
        let mut seen = HashSet::new();
        for b in &sorted {
            if let Some(k) = key(b) {
                if seen.insert(k) {
                    kept.insert(b.file_name.clone());
                }
            }
        }
    };
    let today = now.date_naive();
    newest_per(&|b| {
        let d = b.created_at.date_naive();
        (today - d < Duration::days(7)).then(|| d.to_string())
    });
    newest_per(&|b| {
        let d = b.created_at.date_naive();
        (today - d < Duration::weeks(4)).then(|| {
            let w = d.iso_week();
            format!("{}-W{}", w.year(), w.week())
        })
    });
    newest_per(&|b| {
        let d = b.created_at.date_naive();
        let months = (today.year() - d.year()) * 12 + today.month() as i32 - d.month() as i32;
        (months < 12).then(|| format!("{}-{:02}", d.year(), d.month()))
    });
    kept
}

/// Removes the backups (file and manifest) `keep` does not keep; returns their names.
pub fn prune(dir: &Path, now: DateTime<Utc>) -> Result<Vec<String>> {
    let all = list(dir)?;
    let kept = keep(&all, now);
    let mut removed = Vec::new();
    for b in all.iter().filter(|b| !kept.contains(&b.file_name)) {
        let manifest = b.file_name.replace(".sqlite3", ".json");
        // The manifest goes first: a backup without one is no longer listed, never the other
        // way round.
        if fs::remove_file(dir.join(&manifest)).is_ok() {
            let _ = fs::remove_file(dir.join(&b.file_name));
            let _ = fs::remove_file(crate::keys::path_for(&dir.join(&b.file_name)));
            removed.push(b.file_name.clone());
        }
    }
    Ok(removed)
}
