//! End-to-end tests in the real app window: the built Dermalog binary (UI embedded) driven
//! through tauri-driver and WebKitWebDriver, under Xvfb. Each test gets its own database
//! file in a temp folder, passed with `--db`.
//!
//! Run with the test command (`bash .ci/test`), or alone:
//! `xvfb-run -a cargo test --features custom-protocol --test e2e -- --test-threads=1`.
//! A missing prerequisite fails the suite with a message; it is never skipped.

mod accounts;
mod courses;
mod data_io;
mod driver;
mod fast_logging;
mod flows;
mod photos;
mod recovery;
mod review;
mod screening;
mod seed;
mod settings;
mod ui;
