//! Window timing at clinic scale: the real app, on the 100,000-patient / 1,000,000-session
//! demo clinic, driven through tauri-driver under Xvfb. Prints p50/p95/max of
//!
//! - keystroke to search results painted: from the `keydown` in the search box to the
//!   first paint after the list shows the results for the text typed so far;
//! - history click to first screen painted: from the click on a 200-session patient to the
//!   first paint of their page with the session history;
//! - "Find sessions" with no filter (10,000+ sessions, a virtualized list): from the click
//!   on the link to the first paint of its first rows.
//!
//! Times are taken inside the page (`performance.now()`); "painted" is a task queued from
//! the next animation frame, which runs after that frame is drawn. WebDriver's own latency
//! is not in the figures. Run (builds the release app and, once, the demo clinic):
//!
//! `npm --prefix ui run build && xvfb-run -a cargo bench --features custom-protocol --bench window`

// Shared with the E2E suite, which uses the rest of them.
#[allow(dead_code)]
#[path = "driver.rs"]
mod driver;
#[allow(dead_code)]
#[path = "seed.rs"]
mod seed;
#[allow(dead_code)]
#[path = "ui.rs"]
mod ui;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dermalog_core::demo::{self, DemoSpec};
use dermalog_core::Db;
use serde_json::{json, Value};

use driver::{testid, Driver};
use ui::Ui;

/// Installs the probes: keystroke → results painted, click → history painted.
const PROBE: &str = r#"
const p = window.__probe = { key: null, want: null, typed: [], click: null, opened: [],
  find: null, found: [], arrived: [], drawn: [], frame: [] };
// The patient page marks when its data arrive and when they are drawn (User Timing).
const lastMark = (name) => {
  const marks = performance.getEntriesByName(name, 'mark');
  return marks.length ? marks[marks.length - 1].startTime : null;
};
const input = document.querySelector('[data-testid="patient-search"]');
const list = document.querySelector('[data-testid="patient-results"]');
const painted = (start, into) =>
  requestAnimationFrame(() => setTimeout(() => into.push(performance.now() - start), 0));
input.addEventListener('keydown', () => { p.key = performance.now(); p.want = null; }, true);
input.addEventListener('input', () => { p.want = input.value; }, true);
new MutationObserver(() => {
  if (p.key === null || p.want === null || list.dataset.resultsFor !== p.want) return;
  const k = p.key; p.key = null;
  painted(k, p.typed);
}).observe(list, { attributes: true, childList: true, subtree: true });
document.addEventListener('click', (e) => {
  if (e.target.closest('[data-testid="patient-row"]')) p.click = performance.now();
  if (e.target.closest('[data-testid="search-link"]')) p.find = performance.now();
}, true);
new MutationObserver(() => {
  if (p.click !== null && document.querySelector('[data-testid="session-count"]')) {
    const c = p.click; p.click = null;
    painted(c, p.opened);
    requestAnimationFrame(() => p.frame.push(performance.now() - c));
    setTimeout(() => {
      const data = lastMark('patient-data'), drawn = lastMark('patient-rendered');
      if (data !== null && data > c) p.arrived.push(data - c);
      if (drawn !== null && drawn > c) p.drawn.push(drawn - c);
    }, 100);
  }
  if (p.find !== null && document.querySelector('[data-testid="search-hit"]')) {
    const f = p.find; p.find = null;
    painted(f, p.found);
  }
}).observe(document.getElementById('main'), { childList: true, subtree: true });
"#;

fn percentile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut ms: Vec<f64>) {
    if ms.is_empty() {
        println!("{name:<42} n=0");
        return;
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "{name:<42} n={:<4} p50 {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(0.0)
    );
}

/// Waits until the probe list `name` holds more than `n` figures.
async fn wait_for(ui: &Ui, name: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let len =
            ui.c.execute(&format!("return window.__probe.{name}.length"), vec![])
                .await
                .expect("probe")
                .as_u64()
                .unwrap_or(0) as usize;
        if len > n {
            return;
        }
        assert!(Instant::now() < deadline, "no paint recorded for {name}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Waits until `selector`'s attribute `name` equals `value`.
async fn wait_attr(ui: &Ui, selector: &str, name: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = match ui.c.find(fantoccini::Locator::Css(selector)).await {
            Ok(el) => el.attr(name).await.ok().flatten(),
            Err(_) => None,
        };
        if now.as_deref() == Some(value) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "`{selector}` never had {name}={value:?}; it has {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Sets the search box without typing (between measured runs) and waits for its results.
async fn set_search(ui: &Ui, text: &str) {
    ui.c.execute(
        "const i = document.querySelector('[data-testid=\"patient-search\"]');
         i.value = arguments[0]; i.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(text)],
    )
    .await
    .expect("set search");
    wait_attr(ui, &testid("patient-results"), "data-results-for", text).await;
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let spec = DemoSpec::clinic_scale();
    let t = Instant::now();
    let path = demo::cached(&dir, &spec, today).expect("demo clinic");
    println!("clinic {} ready in {:.1?}", path.display(), t.elapsed());
    // The app runs `quick_check` over the whole file when it opens it (2.6 s for 3 GB when
    // cached): read it once so a cold cache does not stretch the start-up, which is not
    // what is timed here.
    let t = Instant::now();
    let mut file = std::fs::File::open(&path).expect("clinic file");
    std::io::copy(&mut file, &mut std::io::sink()).expect("read the clinic once");
    println!("clinic file read in {:.1?}", t.elapsed());

    // Inputs: family names across the alphabet, and the heavy patients' record numbers.
    let db = Db::open(&path, chrono::Utc::now()).expect("open");
    let column = |sql: &str| -> Vec<String> {
        db.read(|c| {
            let mut st = c.prepare(sql)?;
            let rows = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .expect("inputs")
    };
    let names = column("SELECT DISTINCT family_name FROM patient ORDER BY family_key");
    let heavy = column(&format!(
        "SELECT mrn FROM patient WHERE session_count = {} AND mrn IS NOT NULL",
        spec.heavy_sessions
    ));
    assert!(
        !heavy.is_empty(),
        "the demo clinic has 200-session patients"
    );
    drop(db);

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let driver = Driver::start_with_limit(Duration::from_secs(1800));
        let ui = driver.launch(&path).await;
        wait_attr(&ui, &testid("patient-results"), "data-results-for", "").await;
        ui.c.execute(PROBE, vec![]).await.expect("probe installed");

        let search = ui.el(&testid("patient-search")).await;
        let mut typed = 0;
        for name in names.iter().step_by((names.len() / 40).max(1)).take(40) {
            set_search(&ui, "").await;
            search.click().await.expect("focus search");
            for ch in name.chars().take(4) {
                search.send_keys(&ch.to_string()).await.expect("type");
                wait_for(&ui, "typed", typed).await;
                typed += 1;
            }
        }
        for (opened, mrn) in heavy.iter().cycle().take(40).enumerate() {
            ui.c.execute("location.hash = '#/'", vec![])
                .await
                .expect("home");
            set_search(&ui, mrn).await;
            ui.click(&format!("{} a", testid("patient-results"))).await;
            wait_for(&ui, "opened", opened).await;
        }
        // Where a history click's time goes: the IPC round trips the patient page makes,
        // each timed alone in the page (request, Rust, JSON both ways).
        let patient_id: String =
            ui.c.execute("return location.hash.split('/')[2]", vec![])
                .await
                .expect("id")
                .as_str()
                .unwrap_or_default()
                .to_string();
        let ipc: Value =
            ui.c.execute_async(
                "const [id, done] = [arguments[0], arguments[arguments.length - 1]];
                 const call = window.__TAURI_INTERNALS__.invoke;
                 const time = async (cmd, args) => {
                   const out = [];
                   for (let i = 0; i < 10; i++) {
                     const t = performance.now();
                     await call(cmd, args);
                     out.push(performance.now() - t);
                   }
                   return out;
                 };
                 (async () => done({
                   sessions: await time('list_patient_sessions', { patientId: id }),
                   patient: await time('get_patient', { id }),
                   history: await time('get_patient_history', { patientId: id }),
                   courses: await time('list_patient_courses', { patientId: id }),
                   recent: await time('list_recent_sessions', { patientId: id, limit: 6 }),
                   find: await time('search_sessions', { filter: {
                     patient_id: null, lot: null, area_id: null, device_kind: null,
                     device_model_id: null, product: null, reaction_type_id: null,
                     min_grade: null, clinician: null, course_id: null, from: null, to: null,
                   }, page: { offset: 0, limit: 200 } }),
                 }))().catch((e) => done({ error: String(e && e.message || e) }));",
                vec![json!(patient_id)],
            )
            .await
            .expect("ipc timings");
        assert!(ipc.get("error").is_none(), "IPC timing failed: {ipc}");
        for n in 0..40 {
            ui.c.execute("location.hash = '#/'", vec![])
                .await
                .expect("home");
            ui.click(&testid("search-link")).await;
            wait_for(&ui, "found", n).await;
        }
        let probe: Value =
            ui.c.execute("return window.__probe", vec![])
                .await
                .expect("figures");
        let figures = |k: &str| -> Vec<f64> {
            probe[k]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default()
        };
        println!(
            "\n{} patients, {} sessions; window timings (in-page, to the next paint)\n",
            spec.patients, spec.sessions
        );
        report("keystroke -> search results painted", figures("typed"));
        report("history click -> first screen painted", figures("opened"));
        report("  of which: click -> data arrived", figures("arrived"));
        report(
            "  of which: click -> drawn (before paint)",
            figures("drawn"),
        );
        report("  of which: click -> frame began", figures("frame"));
        report(
            "find sessions (no filter) -> rows painted",
            figures("found"),
        );
        println!("\nIPC round trips behind the history click (in-page, 10 each)\n");
        for (key, name) in [
            ("sessions", "list_patient_sessions (200 sessions)"),
            ("patient", "get_patient"),
            ("history", "get_patient_history"),
            ("courses", "list_patient_courses"),
            ("recent", "list_recent_sessions (6 of 200)"),
            ("find", "search_sessions (no filter, 200 hits)"),
        ] {
            let ms = ipc[key]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            report(name, ms);
        }
        ui.quit().await;
    });
}
