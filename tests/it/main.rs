//! Integration tests of the app package: the real commands through Tauri's mock runtime on a
//! real SQLite file, and the TypeScript bindings check. One test binary for speed.

mod bindings;
mod clinical;
mod consent;
mod courses;
mod data_io;
mod encryption;
mod harness;
mod hostile;
mod ipc;
mod permissions;
mod photos;
mod records;
mod recovery;
mod review;
