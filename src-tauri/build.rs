fn main() {
    // Capabilities live in src-tauri/capabilities; say so explicitly and watch that folder,
    // otherwise tauri-build watches a missing root folder and rebuilds the app every time.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attrs =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    tauri_build::try_build(attrs).expect("tauri-build failed");
}
