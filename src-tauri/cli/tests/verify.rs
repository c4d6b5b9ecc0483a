//! `verify` through the real binary: a sound clinic passes; a rewritten audit row and a
//! damaged photo file are each named, and the exit code says problems were found.

mod support;

use support::{code, run, stdout_json, Clinic, ADMIN_ID};

#[test]
fn verify_passes_a_sound_database_and_lists_a_changed_audit_row() {
    let c = Clinic::new();
    let out = run(&c.db(), &["--json", "verify"], None);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    let report = stdout_json(&out);
    assert_eq!(report["ok"], true);
    assert_eq!(report["integrity"], serde_json::json!(["ok"]));
    assert!(report["audit"]["rows"].as_u64().expect("rows") >= 4);

    // Someone with the file drops the append-only triggers and rewrites history.
    let raw = c.raw();
    raw.execute_batch(
        "DROP TRIGGER audit_event_append_only_update;
         DROP TRIGGER audit_event_append_only_delete;
         UPDATE audit_event SET reason = 'nothing happened' WHERE seq = 2;",
    )
    .expect("tamper");
    drop(raw);

    let out = run(&c.db(), &["--json", "verify"], None);
    assert_eq!(code(&out), 1, "problems found");
    let report = stdout_json(&out);
    assert_eq!(report["ok"], false);
    let problems = report["audit"]["problems"].as_array().expect("problems");
    assert_eq!(problems[0]["code"], "hash_mismatch", "{problems:?}");
    assert_eq!(problems[0]["seq"], 2);

    let out = run(&c.db(), &["verify"], None);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("audit trail  PROBLEM"), "{text}");
    assert!(text.contains("Audit row 2 was changed"), "{text}");
}

#[test]
fn verify_reads_every_photo_file_back_and_names_a_damaged_one() {
    let c = Clinic::new();
    let photo = {
        let db = dermalog_core::Db::open(&c.db(), chrono::Utc::now()).expect("open");
        let session: String = db
            .read(|c| Ok(c.query_row("SELECT id FROM session LIMIT 1", [], |r| r.get(0))?))
            .expect("a session");
        let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 99]));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        img.write_to(&mut jpeg, image::ImageFormat::Jpeg)
            .expect("encode");
        dermalog_core::photos::add(
            &db,
            &dermalog_core::audit::Actor::new(ADMIN_ID, chrono::Utc::now()),
            &dermalog_core::photos::PhotoInput {
                session_id: session.parse().expect("id"),
                area_id: None,
                phase: dermalog_core::photos::PhotoPhase::Before,
                view: dermalog_core::photos::PhotoView::Frontal,
            },
            jpeg.get_ref(),
        )
        .expect("photo")
    };
    let out = run(&c.db(), &["--json", "verify"], None);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stdout_json(&out)["photos"]["checked"], 1);

    let file = dermalog_core::photos::dir_for(&c.db())
        .join(&photo.sha256[..2])
        .join(&photo.sha256);
    let mut bytes = std::fs::read(&file).expect("photo file");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    std::fs::write(&file, bytes).expect("damage it");
    let out = run(&c.db(), &["--json", "verify"], None);
    assert_eq!(code(&out), 1, "problems found");
    let report = stdout_json(&out);
    assert_eq!(
        report["photos"]["problems"][0]["photo_id"],
        photo.id.to_string()
    );
    assert_eq!(report["photos"]["problems"][0]["size"], "full");
    assert_eq!(report["photos"]["problems"][0]["problem"], "damaged");
    let text = String::from_utf8_lossy(&run(&c.db(), &["verify"], None).stdout).into_owned();
    assert!(text.contains("photo files  PROBLEM"), "{text}");
}
