//! The patient-access packet on the known record (Ada: a signed session with a review, a
//! correction and a follow-up; an earlier draft): the folder and its three files, what the
//! summary shows, that stored text stays text, and that failures leave nothing behind.

use std::path::Path;

use dermalog_core::packet::{self, Packet};
use dermalog_core::patients;
use dermalog_core::sessions;
use dermalog_core::Error;
use serde_json::Value;
use uuid::Uuid;

use crate::fixtures::*;
use crate::known_record::known;

/// The clinic is an hour ahead of UTC.
const OFFSET: i32 = 60;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn folder_name(patient: Uuid) -> String {
    format!(
        "dermalog-record-{}-2026-11-20",
        &patient.simple().to_string()[24..]
    )
}

#[test]
fn packet_holds_the_summary_the_fhir_record_and_a_readme() {
    let k = known();
    let out = tempfile::tempdir().expect("tempdir");
    let p = packet::write_packet(&k.t.db, k.ada.id, out.path(), now(), OFFSET).expect("packet");

    assert_eq!(
        p,
        Packet {
            folder: out.path().join(folder_name(k.ada.id)),
            sessions: 2,
            photos: 0,
            consents: 0,
            files: vec![
                "summary.html".into(),
                "record.fhir.json".into(),
                "README.txt".into()
            ],
        }
    );
    assert_eq!(
        names_in(out.path()),
        vec![folder_name(k.ada.id)],
        "no temporary folder is left beside the packet"
    );
    assert_eq!(
        names_in(&p.folder),
        vec!["README.txt", "record.fhir.json", "summary.html"]
    );

    let html = std::fs::read_to_string(p.folder.join("summary.html")).expect("summary");
    assert_eq!(
        html,
        packet::summary_html(&k.t.db, k.ada.id, now(), OFFSET).expect("summary"),
        "the file is the summary as printed"
    );
    let bundle: Value = serde_json::from_slice(
        &std::fs::read(p.folder.join("record.fhir.json")).expect("FHIR file"),
    )
    .expect("the FHIR file is JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    let patient = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "Patient")
        .expect("a Patient");
    assert_eq!(patient["id"], k.ada.id.to_string());

    let readme = std::fs::read_to_string(p.folder.join("README.txt")).expect("README");
    for words in [
        "summary.html",
        "record.fhir.json",
        "HL7 FHIR R4",
        "20 Nov 2026, 11:00 (UTC+01:00)",
        "Test Clinic",
    ] {
        assert!(
            readme.contains(words),
            "README mentions {words:?}:\n{readme}"
        );
    }
    assert!(!readme.contains("Ada"), "the README needs no patient name");
}

#[test]
fn summary_shows_every_session_newest_first_with_all_it_holds() {
    let k = known();
    let html = packet::summary_html(&k.t.db, k.ada.id, now(), OFFSET).expect("summary");
    for (what, words) in [
        ("html header", "<!DOCTYPE html>\n<html lang=\"en\">"),
        ("charset", "<meta charset=\"utf-8\">"),
        ("clinic", "Test Clinic"),
        (
            "prepared",
            "Record prepared on 20 Nov 2026, 11:00 (UTC+01:00). 2 sessions.",
        ),
        ("patient", "Ada Lovelace"),
        ("date of birth", "12 Apr 1988"),
        ("record number", "DL-0001"),
        ("contact", "patient@example.com"),
        ("skin type", "Type IV (assessed 15 Jan 2026)"),
        (
            "signed session",
            "Session 2: 20 Nov 2026, 09:00–09:40 (UTC+01:00)",
        ),
        (
            "draft session",
            "Session 1: 1 Oct 2026, 08:00–08:30 (UTC+01:00)",
        ),
        ("clinician", "Dr. Imani Okafor"),
        ("indication", "Acne scars"),
        ("numbing", "Lidocaine 5%, on for 30 minutes"),
        ("pain", "3 out of 10"),
        ("area", "Cheek, left"),
        ("area", "Forehead"),
        ("area", "Scalp"),
        ("depth", "1.5 mm"),
        ("depth", "0.5 mm"),
        ("depth", "1.0 mm"),
        ("listed device", "Derma roller: Generic Roller 1.0 mm"),
        ("cartridge lot", "CART-2291"),
        ("roller lot", "ROLL-77"),
        ("product lot", "HA-7781"),
        ("product lot", "GL-0042"),
        ("expiry", "30 Jun 2027"),
        (
            "grade with label",
            "2 – mild (Clinician Erythema Assessment, 0–4)",
        ),
        (
            "grade with label",
            "3 – moderate (Edema (Draize-type), 0–4)",
        ),
        ("time point", "after 24 hours"),
        ("reaction note", "Settled by day 3."),
        ("author signer", "Dr T. Tester"),
        ("registration", "GMC 0000000"),
        ("reviewer", "Dr R. Viewer"),
        ("status", "Draft (not signed)"),
        ("correction reason", "Depth misread from the pen display"),
        (
            "corrected field",
            "Treated area 2 (Forehead): needle depth (mm)",
        ),
        ("corrected value", "<td>0.75</td>"),
        (
            "follow-up",
            "Follow-up by Dr T. Tester, 20 Nov 2026, 11:00 (UTC+01:00)",
        ),
        ("follow-up grade", "1 – almost clear"),
        ("follow-up time", "after 7 days"),
    ] {
        assert!(
            html.contains(words),
            "the summary shows the {what}: {words:?}"
        );
    }
    let signed = html.find("Session 2:").expect("signed");
    let draft = html.find("Session 1:").expect("draft");
    assert!(signed < draft, "newest first");
    let index = html
        .find("href=\"#session-2\"")
        .expect("index links to sessions");
    assert!(index < signed, "the index comes before the sessions");
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains(&k.ben.family_name), "only Ada's record");
}

#[test]
fn stored_text_stays_text() {
    let t = fresh();
    let mut input = patient_input("<script>alert(1)</script>", "O'Brien & \"Sons\"");
    input.mrn = Some("<b>MRN</b>".into());
    let p = patients::save(&t.db, input, &by(now())).expect("patient");
    let mut s = session_input(&t.db, p.id);
    s.notes = "<img src=x onerror=alert(2)> & more".into();
    s.clinician_name = "Dr <i>Evil</i>".into();
    s.areas[0].notes = "</td></tr></table><script>alert(3)</script>".into();
    s.products[0].lot = Some("\"><script>alert(4)</script>".into());
    sessions::save(&t.db, s, &by(now())).expect("session");

    let html = packet::summary_html(&t.db, p.id, now(), 0).expect("summary");
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("<img") && !html.contains("<i>") && !html.contains("<b>"));
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; &quot;Sons&quot;",
        "&lt;b&gt;MRN&lt;/b&gt;",
        "&lt;img src=x onerror=alert(2)&gt; &amp; more",
        "Dr &lt;i&gt;Evil&lt;/i&gt;",
        "Note: &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
        "&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;",
    ] {
        assert!(html.contains(shown), "shown as text: {shown}");
    }
    assert!(html.contains("(UTC)"), "offset 0 is named");
}

#[test]
fn a_second_packet_the_same_day_gets_its_own_folder() {
    let k = known();
    let out = tempfile::tempdir().expect("tempdir");
    let first = packet::write_packet(&k.t.db, k.ada.id, out.path(), now(), OFFSET).expect("1");
    let second = packet::write_packet(&k.t.db, k.ada.id, out.path(), now(), OFFSET).expect("2");
    let third = packet::write_packet(&k.t.db, k.ada.id, out.path(), now(), OFFSET).expect("3");
    let base = folder_name(k.ada.id);
    assert_eq!(first.folder, out.path().join(&base));
    assert_eq!(second.folder, out.path().join(format!("{base}-2")));
    assert_eq!(third.folder, out.path().join(format!("{base}-3")));
    assert_eq!(names_in(&first.folder).len(), 3, "the first is untouched");
}

#[test]
fn a_file_with_the_folder_name_is_not_replaced() {
    let k = known();
    let out = tempfile::tempdir().expect("tempdir");
    let base = folder_name(k.ada.id);
    std::fs::write(out.path().join(&base), b"someone's file").expect("file");
    let p = packet::write_packet(&k.t.db, k.ada.id, out.path(), now(), OFFSET).expect("packet");
    assert_eq!(p.folder, out.path().join(format!("{base}-2")));
    assert_eq!(
        std::fs::read(out.path().join(&base)).expect("still there"),
        b"someone's file"
    );
}

#[test]
fn a_missing_patient_is_not_found_and_leaves_nothing() {
    let t = fresh();
    let out = tempfile::tempdir().expect("tempdir");
    let r = packet::write_packet(&t.db, Uuid::now_v7(), out.path(), now(), OFFSET);
    assert!(
        matches!(
            r,
            Err(Error::NotFound {
                entity: "patient",
                ..
            })
        ),
        "{r:?}"
    );
    assert!(names_in(out.path()).is_empty());
    assert!(matches!(
        packet::summary_html(&t.db, Uuid::now_v7(), now(), OFFSET),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn an_impossible_offset_is_refused_before_anything_is_written() {
    let t = fresh();
    let p = add_patient(&t.db, "Cleo", "Nash");
    let out = tempfile::tempdir().expect("tempdir");
    let fields = invalid_fields(packet::write_packet(
        &t.db,
        p.id,
        out.path(),
        now(),
        25 * 60,
    ));
    assert_eq!(fields, vec!["utc_offset_minutes"]);
    assert!(names_in(out.path()).is_empty());
}

#[test]
fn a_patient_without_sessions_gets_a_packet_saying_so() {
    let t = fresh();
    let p = add_patient(&t.db, "Cleo", "Nash");
    let out = tempfile::tempdir().expect("tempdir");
    let packet = packet::write_packet(&t.db, p.id, out.path(), now(), -300).expect("packet");
    assert_eq!(packet.sessions, 0);
    let html = std::fs::read_to_string(packet.folder.join("summary.html")).expect("summary");
    assert!(html.contains("0 sessions") && html.contains("No sessions are recorded."));
    assert!(
        packet.folder.ends_with(format!(
            "dermalog-record-{}-2026-11-20",
            &p.id.simple().to_string()[24..]
        )),
        "05:00 at UTC-05:00 is still the 20th"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_an_export_error_and_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt;

    let k = known();
    let out = tempfile::tempdir().expect("tempdir");
    let locked = out.path().join("locked");
    std::fs::create_dir(&locked).expect("folder");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = locked.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        // Root writes anywhere: there is no read-only folder to test with.
        let _ = std::fs::remove_file(&probe);
        return;
    }
    let r = packet::write_packet(&k.t.db, k.ada.id, &locked, now(), OFFSET);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert!(matches!(r, Err(Error::Export(_))), "{r:?}");
    assert!(names_in(&locked).is_empty());
}

/// A size-limited tmpfs on a temp folder, unmounted when dropped (also on a panic).
#[cfg(target_os = "linux")]
struct Tmpfs(tempfile::TempDir);

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// The files do not all fit: the temporary folder exists by then, and must go.
#[cfg(target_os = "linux")]
#[test]
fn a_disk_full_midway_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(dir.path())
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        println!("skipped: a tmpfs cannot be mounted here (needs root)");
        return;
    }
    let small = Tmpfs(dir);
    let k = known();
    let r = packet::write_packet(&k.t.db, k.ada.id, small.0.path(), now(), OFFSET);
    assert!(matches!(r, Err(Error::DiskFull { .. })), "{r:?}");
    assert!(names_in(small.0.path()).is_empty());
}

/// `DERMALOG_PACKET_SAMPLE=/tmp/packet-sample.html cargo test … packet` writes the known
/// record's summary there, to look at in a browser.
#[test]
fn sample_summary_for_a_look() {
    let Some(path) = std::env::var_os("DERMALOG_PACKET_SAMPLE") else {
        return;
    };
    let k = known();
    let html = packet::summary_html(&k.t.db, k.ada.id, now(), OFFSET).expect("summary");
    std::fs::write(path, html).expect("sample written");
}
