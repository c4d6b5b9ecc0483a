//! Photos and consent in the real window: a clinician adds a photo of the left cheek to each
//! of two sessions (answered file dialogs), opens the patient's gallery, compares baseline
//! with latest under the wipe slider, zooms both at once, and reads the depth and serum of
//! each session under its photo; then the patient signs a treatment consent on the canvas
//! (real pointer input), the new-session form shows it, and its printable record shows the
//! text and the signature.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::driver::Driver;
use crate::ui::{testid, Ui};

/// A cheek-like picture: warm skin tones, redder for the earlier session (more erythema),
/// a few darker spots fading in the later one, so the wipe shows a difference.
fn cheek(path: &Path, redness: u8, spots: u8) -> PathBuf {
    let img = image::RgbImage::from_fn(1200, 900, |x, y| {
        let (cx, cy) = (x as i64 - 600, y as i64 - 450);
        let inside = cx * cx * 9 + cy * cy * 16 < 600 * 600 * 9;
        let spot = inside && (x / 90 + y / 70) % 5 == 0 && (x % 90) < 18 && (y % 70) < 14;
        let shade = (255 - (cy.unsigned_abs() / 8).min(60)) as u8;
        match (inside, spot) {
            (false, _) => image::Rgb([40, 44, 52]),
            (true, true) => image::Rgb([150 - spots, 90 - spots / 2, 70]),
            (true, false) => image::Rgb([shade, shade.saturating_sub(70 + redness), 150 - redness]),
        }
    });
    img.save(path).expect("write the photo");
    path.to_path_buf()
}

const CLIP: &str =
    "return document.querySelector('[data-testid=\"compare-wipe-top\"]').style.clipPath";

async fn js(ui: &Ui, script: &str) -> Value {
    ui.c.execute(script, vec![]).await.expect("script")
}

async fn add_photo_to_card(ui: &Ui, card: usize) {
    ui.wait_count(&testid("session-card"), 2).await;
    js(
        ui,
        &format!("document.querySelectorAll('[data-testid=\"session-card\"]')[{card}].click()"),
    )
    .await;
    ui.reach(&testid("session-photos")).await;
    ui.choose("photo-area", "Cheek, left").await;
    ui.click(&testid("photo-choose")).await;
    ui.wait_text(&testid("photo-results"), &["added"]).await;
    ui.wait_count(&testid("photo-thumb"), 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_sessions_photos_compared_under_the_wipe_slider() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    crate::seed::seed_visits(&db, &[60, 20]);
    let before = cheek(&dir.path().join("IMG_2041.jpg"), 60, 0);
    let after = cheek(&dir.path().join("IMG_3377.jpg"), 10, 50);
    let driver = Driver::start_picking(&[before, after]);
    let ui = driver.launch(&db).await;

    ui.click(&testid("patient-row")).await;
    // Newest first: the second card is the earlier session.
    add_photo_to_card(&ui, 1).await;
    js(&ui, "history.back()").await;
    add_photo_to_card(&ui, 0).await;

    take_a_camera_photo(&ui).await;

    ui.click(&testid("session-photos-gallery")).await;
    ui.wait_count(&testid("photo-thumb"), 3).await;
    let gallery = ui.screenshot("photo-gallery").await;
    ui.click(&testid("gallery-baseline-latest")).await;
    ui.reach(&testid("photo-compare")).await;
    ui.click(&testid("compare-wipe")).await;
    ui.reach(&testid("compare-wipe-top")).await;

    let halfway = js(&ui, CLIP).await;
    js(
        &ui,
        "const s = document.querySelector('[data-testid=\"compare-wipe-slider\"]');
         s.value = 30; s.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    let moved = js(&ui, CLIP).await;
    assert_ne!(halfway, moved, "the slider moves the wipe line");
    assert!(
        moved.as_str().unwrap_or_default().contains("70%"),
        "{moved}"
    );

    ui.click(&testid("compare-zoom-in")).await;
    ui.click(&testid("compare-zoom-in")).await;
    let transforms = js(
        &ui,
        "return [...document.querySelectorAll('[data-testid=\"compare-image\"]')]
           .map(e => e.style.transform)",
    )
    .await;
    let list = transforms.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2, "{transforms}");
    assert_eq!(list[0], list[1], "one zoom for both photos");
    assert_ne!(list[0], json!(""), "zoomed: {transforms}");
    // Both images really painted (decoded from the bytes the app sent).
    let painted = js(
        &ui,
        "return [...document.querySelectorAll('[data-testid=\"photo-compare\"] img')]
           .every(i => i.complete && i.naturalWidth === 1200)",
    )
    .await;
    assert_eq!(painted, json!(true));

    let captions = ui.text(&testid("photo-compare")).await;
    for part in ["1.25 mm", "1.5 mm", "HA-7781"] {
        assert!(captions.contains(part), "{part} in {captions}");
    }
    ui.click(&testid("compare-zoom-reset")).await;
    let shot = ui.screenshot("photo-compare-wipe").await;
    ui.click(&testid("compare-close")).await;

    let consent = sign_treatment_consent(&ui).await;
    println!(
        "screenshots: {} {} {}",
        gallery.display(),
        shot.display(),
        consent.display()
    );
    ui.quit().await;
}

/// On the open session: "Use camera" (WebKit's fake camera, `DERMALOG_MOCK_CAMERA`), the
/// permission the app grants its own page, a live preview, "Take photo", and the photo is
/// in the session.
async fn take_a_camera_photo(ui: &Ui) {
    // A close-up, so "baseline vs latest" (frontal) still pairs the two files.
    ui.choose("photo-view", "Close-up").await;
    ui.click(&testid("photo-camera")).await;
    ui.reach(&testid("photo-camera-live")).await;
    // The preview has frames once the video knows its size.
    for _ in 0..100 {
        let size = js(
            ui,
            "const v = document.querySelector('[data-testid=\"photo-camera-live\"] video');
                           return v ? v.videoWidth : 0;",
        )
        .await;
        if size.as_u64().unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    ui.screenshot("photo-camera").await;
    ui.click(&testid("photo-camera-take")).await;
    ui.wait_count(&testid("photo-thumb"), 2).await;
    ui.click(&testid("photo-camera-stop")).await;
}

/// From the gallery: back to the patient, no consent warned on a new session, the patient
/// draws a signature, the consent is listed, the form now says it is on file, and the
/// printable record carries the signature image.
async fn sign_treatment_consent(ui: &Ui) -> PathBuf {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    use std::time::Duration;

    ui.click(&testid("photos-back")).await;
    ui.click(&testid("new-session")).await;
    ui.wait_text(
        &testid("session-consent-warning"),
        &["No treatment consent"],
    )
    .await;
    js(ui, "history.back()").await;
    ui.click(&testid("consent-new-treatment")).await;
    ui.wait_text(&testid("consent-text"), &["microneedling"])
        .await;
    let canvas = ui.reach(&testid("consent-signature")).await;
    let mut stroke = MouseActions::new("pen".into())
        .then(PointerAction::MoveToElement {
            element: canvas.clone(),
            duration: None,
            x: -220.0,
            y: 10.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for (dx, dy) in [
        (40.0, -30.0),
        (40.0, 40.0),
        (40.0, -35.0),
        (50.0, 30.0),
        (60.0, -20.0),
    ] {
        stroke = stroke.then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(60)),
            x: dx,
            y: dy,
        });
    }
    let stroke = stroke.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    ui.c.perform_actions(stroke)
        .await
        .expect("draw the signature");
    let form = ui.screenshot("consent-signing").await;
    ui.click(&testid("consent-save")).await;
    ui.wait_text(&testid("consent-row"), &["Florence Nightingale"])
        .await;
    ui.click(&testid("new-session")).await;
    ui.wait_text(&testid("session-consent-ok"), &["Treatment consent"])
        .await;
    js(ui, "history.back()").await;
    ui.click(&testid("consent-view")).await;
    ui.wait_text(
        &testid("consent-document"),
        &["microneedling", "Florence Nightingale"],
    )
    .await;
    let signature = js(
        ui,
        "const i = document.querySelector('[data-testid=\"consent-document-picture\"] img')
           || document.querySelector('[data-testid=\"consent-document-picture\"]');
         return i && i.tagName === 'IMG' ? [i.complete, i.naturalWidth] : null;",
    )
    .await;
    assert_eq!(
        signature[0],
        json!(true),
        "the signature image shows: {signature}"
    );
    assert!(signature[1].as_u64().unwrap_or(0) > 0, "{signature}");
    js(
        ui,
        "document.querySelector('[data-testid=\"consent-document-picture\"]')
           .scrollIntoView({block: 'center'})",
    )
    .await;
    let shot = ui.screenshot("consent-record").await;
    println!("consent form: {}", form.display());
    shot
}

/// Seeds 200 photos of Florence (10 on each of 20 sessions) through core.
fn seed_200(db: &Path) {
    let days: Vec<i64> = (0..20).map(|i| 400 - i * 20).collect();
    crate::seed::seed_visits(db, &days);
    let (opened, by) = crate::seed::open(db, chrono::Utc::now());
    let patient = dermalog_core::patients::list(&opened, &Default::default())
        .expect("patients")
        .remove(0);
    let sessions =
        dermalog_core::sessions::list_for_patient(&opened, patient.id).expect("sessions");
    for (s, session) in sessions.iter().enumerate() {
        for n in 0..10u32 {
            let img = image::RgbImage::from_fn(640, 480, |x, y| {
                image::Rgb([
                    (x / 3) as u8,
                    (y / 2) as u8 ^ (s as u8 * 12),
                    (n * 25) as u8,
                ])
            });
            let mut jpeg = std::io::Cursor::new(Vec::new());
            img.write_to(&mut jpeg, image::ImageFormat::Jpeg)
                .expect("encode");
            dermalog_core::photos::add(
                &opened,
                &by,
                &dermalog_core::photos::PhotoInput {
                    session_id: session.id,
                    area_id: None,
                    phase: dermalog_core::photos::PhotoPhase::Before,
                    view: dermalog_core::photos::PhotoView::Frontal,
                },
                jpeg.get_ref(),
            )
            .expect("photo");
        }
    }
}

/// Milliseconds from `start` (performance.now) until every `[data-testid=photo-thumb] img`
/// in view (or all of them with `all`) has decoded, painted at the next frame.
const PAINTED: &str = "
    const [start, all, done] = arguments;
    const expected = document.querySelectorAll('[data-testid=\"photo-thumb\"]').length;
    const ready = () => {
      const imgs = [...document.querySelectorAll('[data-testid=\"photo-thumb\"] img')];
      const h = innerHeight;
      const wanted = all ? imgs : imgs.filter(i => {
        const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < h; });
      const enough = all ? wanted.length === expected : wanted.length > 0;
      return enough && wanted.every(i => i.complete && i.naturalWidth > 0) ? wanted.length : 0;
    };
    const poll = () => {
      const n = ready();
      if (n) requestAnimationFrame(() => done([performance.now() - start, n]));
      else setTimeout(poll, 2);
    };
    poll();";

/// The gallery of 200 thumbnails in the real window: the first screen painted after the
/// click, and every thumbnail painted after scrolling through. Prints the figures (a
/// measurement; the assertions are only that all 200 arrive).
#[tokio::test(flavor = "multi_thread")]
async fn gallery_of_200_thumbnails_painted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.sqlite3");
    seed_200(&db);
    let driver = Driver::start();
    let ui = driver.launch(&db).await;
    ui.click(&testid("patient-row")).await;
    ui.reach(&testid("patient-photos-link")).await;
    let mut first = Vec::new();
    for round in 0..5 {
        let start = js(
            &ui,
            "const t = performance.now();
             document.querySelector('[data-testid=\"patient-photos-link\"]').click();
             return t;",
        )
        .await;
        let out =
            ui.c.execute_async(PAINTED, vec![start, json!(false)])
                .await
                .expect("first screen");
        first.push(out[0].as_f64().unwrap_or(f64::NAN));
        if round < 4 {
            js(&ui, "history.back()").await;
            ui.reach(&testid("patient-photos-link")).await;
        }
    }
    let start = js(
        &ui,
        "const t = performance.now();
         const thumbs = [...document.querySelectorAll('[data-testid=\"photo-thumb\"]')];
         let i = 0;
         const step = () => { thumbs[Math.min(i, thumbs.length - 1)].scrollIntoView();
           i += 8; if (i < thumbs.length + 8) requestAnimationFrame(step); };
         step();
         return t;",
    )
    .await;
    let all =
        ui.c.execute_async(PAINTED, vec![start, json!(true)])
            .await
            .expect("every thumbnail");
    assert_eq!(all[1], json!(200), "all 200 thumbnails painted");
    first.sort_by(f64::total_cmp);
    println!(
        "gallery of 200 thumbnails: first screen painted median {:.0} ms (min {:.0}, max {:.0}, 5 runs); \
         all 200 painted {:.0} ms after scrolling began",
        first[2],
        first[0],
        first[4],
        all[0].as_f64().unwrap_or(f64::NAN)
    );
    ui.screenshot("photo-gallery-200").await;
    ui.quit().await;
}
