//! One app window driven like a user would (type, choose, click, wait for text), plus the
//! selectors the scenarios use.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::driver::STEP;

/// One app window, driven like a user would. It counts what a person would have to do:
/// a click per `click`, two per `choose` (open the list, pick), and per `fill` one key to
/// select the old value plus one per character typed.
pub struct Ui {
    pub c: Client,
    pub started: Instant,
    pub clicks: std::cell::Cell<u32>,
    pub keys: std::cell::Cell<u32>,
}

pub fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl Ui {
    pub async fn el(&self, selector: &str) -> Element {
        match self.c.wait().at_most(STEP).for_element(css(selector)).await {
            Ok(el) => el,
            Err(e) => {
                let why = self.diagnose(&format!("el-{selector}")).await;
                panic!("`{selector}` did not appear: {e}. {why}")
            }
        }
    }

    /// What the window showed when a step failed: a screenshot, the route, and any field
    /// errors or alerts on screen, so a failure in CI explains itself.
    async fn diagnose(&self, step: &str) -> String {
        let name: String = format!("failure-{step}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let shot = match self.c.screenshot().await {
            Ok(png) => {
                let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
                let path = dir.join(format!("{name}.png"));
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(&path, png);
                path.display().to_string()
            }
            Err(e) => format!("(no screenshot: {e})"),
        };
        let seen = self
            .c
            .execute(
                "return location.hash + ' | ' + [...document.querySelectorAll(
                   '[data-testid^=\"error-\"], [role=alert], .field-error')]
                   .map(e => e.innerText.trim()).filter(Boolean).join(' / ');",
                vec![],
            )
            .await
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .unwrap_or_default();
        format!("Route and messages on screen: {seen}. Screenshot: {shot}")
    }

    /// Waits for the element and scrolls it to the middle of the view, as a person would
    /// before using it: WebKitWebDriver's own scrolling puts it at the bottom edge, under the
    /// form's sticky save bar.
    pub async fn reach(&self, selector: &str) -> Element {
        let el = self.el(selector).await;
        let arg = serde_json::to_value(&el).expect("element reference");
        self.c
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![arg],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {selector}: {e}"));
        el
    }

    pub async fn click(&self, selector: &str) {
        self.clicks.set(self.clicks.get() + 1);
        let el = self.reach(selector).await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    /// Clears the input with this id and types `text` into it.
    pub async fn fill(&self, id: &str, text: &str) {
        self.keys
            .set(self.keys.get() + 1 + text.chars().count() as u32);
        let el = self.reach(&format!("[id=\"{id}\"]")).await;
        el.clear()
            .await
            .unwrap_or_else(|e| panic!("clear {id}: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }

    /// Picks the option with this visible label in the select with this id.
    ///
    /// WebKitWebDriver cannot click an `<option>` inside an `<optgroup>` (the area list is
    /// grouped), so the option is selected the way the native picker does it: mark it
    /// selected, then fire `input` and `change`, which is what the UI listens to.
    pub async fn choose(&self, id: &str, label: &str) {
        self.clicks.set(self.clicks.get() + 2);
        self.el(&format!("[id=\"{id}\"]")).await;
        let picked = self
            .c
            .execute(
                "const el = document.getElementById(arguments[0]);
                 const option = [...el.options].find(o => o.text.trim() === arguments[1]);
                 if (!option || option.disabled) return false;
                 el.focus();
                 el.value = option.value;
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));
                 return el.selectedOptions[0] === option;",
                vec![Value::from(id), Value::from(label)],
            )
            .await
            .expect("script");
        assert_eq!(
            picked,
            Value::Bool(true),
            "no enabled option `{label}` in #{id}"
        );
    }

    /// Sets a date input. WebKitGTK's date fields do not take typed keys reliably, so the
    /// value is set the way the browser's own picker does: value, then input/change events.
    pub async fn set_date(&self, id: &str, value: &str) {
        let done = self
            .c
            .execute(
                "const el = document.getElementById(arguments[0]);
                 if (!el) return false;
                 el.value = arguments[1];
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));
                 return el.value === arguments[1];",
                vec![Value::from(id), Value::from(value)],
            )
            .await
            .expect("script");
        assert_eq!(done, Value::Bool(true), "date input #{id} took {value}");
    }

    /// The element's rendered text (`innerText`: hidden elements excluded). WebDriver's own
    /// text call also drops text inside `overflow: hidden` boxes, such as ellipsized lines.
    pub async fn text(&self, selector: &str) -> String {
        let text = self
            .c
            .execute(
                "const el = document.querySelector(arguments[0]);
                 return el ? el.innerText : '';",
                vec![Value::from(selector)],
            )
            .await
            .unwrap_or_else(|e| panic!("read {selector}: {e}"));
        text.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the element's text contains every one of `parts`; returns the text.
    pub async fn wait_text(&self, selector: &str, parts: &[&str]) -> String {
        let deadline = Instant::now() + STEP;
        loop {
            let text = self.text(selector).await;
            if parts.iter().all(|p| text.contains(p)) {
                return text;
            }
            if Instant::now() >= deadline {
                let why = self.diagnose(&format!("wait-{selector}")).await;
                panic!("`{selector}` never showed {parts:?}; it shows {text:?}. {why}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until exactly `n` elements match `selector`.
    pub async fn wait_count(&self, selector: &str, n: usize) {
        let deadline = Instant::now() + STEP;
        loop {
            let now = self.count(selector).await;
            if now == n {
                return;
            }
            if Instant::now() >= deadline {
                let why = self.diagnose(&format!("count-{selector}")).await;
                panic!("`{selector}` matched {now} elements, not {n}. {why}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses Ctrl+S in the focused field (one key chord).
    pub async fn save_with_keyboard(&self, in_field: &str) {
        self.keys.set(self.keys.get() + 1);
        let el = self.el(&format!("[id=\"{in_field}\"]")).await;
        // WebDriver key codes: Control down, "s", then release all modifiers.
        el.send_keys("\u{E009}s\u{E000}")
            .await
            .unwrap_or_else(|e| panic!("Ctrl+S: {e}"));
    }

    /// Scrolls the element to the top of the view (for screenshots of one part of a page).
    pub async fn scroll_to(&self, selector: &str) {
        self.el(selector).await;
        self.c
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
                vec![Value::from(selector)],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {selector}: {e}"));
    }

    /// Resets the interaction counters (after setup steps that are not being measured).
    pub fn start_counting(&self) {
        self.clicks.set(0);
        self.keys.set(0);
    }

    pub async fn count(&self, selector: &str) -> usize {
        self.c
            .find_all(css(selector))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Signs in on the sign-in screen and waits for the app.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.fill("signin-username", username).await;
        self.fill("signin-password", password).await;
        self.click(&testid("signin-submit")).await;
        self.el(&testid("patient-search")).await;
    }

    /// Saves a screenshot to `target/e2e-screenshots/<name>.png` for people to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        // WebKit paints asynchronously: wait for two animation frames and a moment more, so
        // the last change has reached the screen before it is captured.
        let _ = self
            .c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    pub async fn quit(self) {
        self.c.close().await.expect("close the app");
    }
}
