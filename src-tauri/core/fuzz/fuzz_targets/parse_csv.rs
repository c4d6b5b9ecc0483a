//! Fuzz target: every parser of the CSV import (mapping file, table, preview, row checks) on
//! arbitrary bytes must return, never panic. The first byte picks encoding, delimiter, date
//! order and time zone; the rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dermalog_core::import::parse_any(data);
});
