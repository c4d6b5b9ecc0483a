//! The UI's TypeScript types are generated from the Rust types with ts-rs and committed in
//! `ui/src/bindings`. This test fails when they drift; `UPDATE_BINDINGS=1 cargo test
//! --test it bindings` rewrites them.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

#[test]
fn typescript_bindings_match_the_rust_types() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let generated = dermalog::typescript_bindings();
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    if update {
        fs::create_dir_all(&dir).expect("bindings folder");
        for entry in fs::read_dir(&dir).expect("read bindings") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "ts") {
                fs::remove_file(path).expect("remove stale binding");
            }
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &generated {
        let path = dir.join(name);
        if update {
            fs::write(&path, text).expect("write binding");
        } else if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let expected: BTreeSet<String> = generated.iter().map(|(n, _)| n.clone()).collect();
    let present: BTreeSet<String> = fs::read_dir(&dir)
        .expect("read bindings")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ts"))
        .collect();
    let extra: Vec<_> = present.difference(&expected).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "TypeScript bindings drifted from the Rust types (changed: {stale:?}, no longer \
         generated: {extra:?}). Run `UPDATE_BINDINGS=1 cargo test --test it bindings` and commit."
    );
}
