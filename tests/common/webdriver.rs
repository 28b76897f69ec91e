//! A tiny W3C WebDriver client over HTTP (ureq + serde_json) for headless Chromium through
//! chromedriver: start a session, navigate, run scripts, find and click elements, type,
//! press keys, quit.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::Need;

/// chromedriver with one headless Chromium session; both stop when dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    /// The browser's temporary folder, removed after the browser stopped (fields drop
    /// after [`Drop::drop`]).
    _tmp: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The program `name` as found on `PATH`.
fn on_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn call(method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let agent = super::server::agent();
    let resp = match (method, body) {
        ("POST", Some(b)) => agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(b.to_string()),
        ("DELETE", _) => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut resp = resp.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let v: Value =
        serde_json::from_str(&text).map_err(|e| format!("{method} {url}: {e}: {text}"))?;
    if status >= 400 {
        return Err(format!("{method} {url}: {status}: {text}"));
    }
    Ok(v["value"].clone())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session. `None` where chromedriver or
    /// Chromium is not installed, and the running test is recorded as skipped
    /// ([`super::skip`]): it returns.
    pub fn start() -> Option<Browser> {
        let Some(chromium) = on_path("chromium") else {
            super::skip(
                Need::Chromium,
                "chromium not found on PATH (install Debian's chromium)",
            );
            return None;
        };
        let chromium = chromium.display().to_string();
        let port = free_port();
        // Chromium's profile and scratch files go here, and with it when the test ends,
        // not into the machine's temporary folder, where a killed browser leaves them.
        let tmp = tempfile::Builder::new()
            .prefix("paperpress-browser-")
            .tempdir()
            .expect("cannot create a temporary folder");
        let driver = match Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                super::skip(
                    Need::Chromium,
                    &format!("cannot run chromedriver ({e}); install chromium-driver"),
                );
                return None;
            }
        };
        let base = format!("http://127.0.0.1:{port}");
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            _tmp: tmp,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(v) = call("GET", &format!("{}/status", b.base), None)
                && v["ready"] == json!(true)
            {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": [
                            "--headless", "--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update",
                            "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"
                        ]
                    }
                }
            }
        });
        let v = call("POST", &format!("{}/session", b.base), Some(caps))
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}"));
        b.session = v["sessionId"].as_str().expect("sessionId").to_string();
        Some(b)
    }

    fn url(&self, rest: &str) -> String {
        format!("{}/session/{}/{rest}", self.base, self.session)
    }

    pub fn goto(&self, url: &str) {
        self.try_goto(url).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Navigates to `url` and waits for the page to load: an error when it does not load
    /// within the page load timeout ([`Browser::page_load_timeout`]).
    pub fn try_goto(&self, url: &str) -> Result<(), String> {
        call("POST", &self.url("url"), Some(json!({ "url": url }))).map(|_| ())
    }

    /// Goes one page back in the tab's history, as the Back button does.
    pub fn back(&self) {
        call("POST", &self.url("back"), Some(json!({}))).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Sets how long a navigation may wait for its page to load (300 s unless set).
    pub fn page_load_timeout(&self, t: Duration) {
        call(
            "POST",
            &self.url("timeouts"),
            Some(json!({ "pageLoad": t.as_millis() as u64 })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub fn run(&self, script: &str) -> Value {
        call(
            "POST",
            &self.url("execute/sync"),
            Some(json!({ "script": script, "args": [] })),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs `script` with `args` (a function body; `arguments[i]`) and returns its value.
    pub fn run_with(&self, script: &str, args: Value) -> Value {
        call(
            "POST",
            &self.url("execute/sync"),
            Some(json!({ "script": script, "args": args })),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs an asynchronous `script`, which calls `arguments[arguments.length - 1]` with
    /// its result.
    pub fn run_async(&self, script: &str) -> Value {
        call(
            "POST",
            &self.url("execute/async"),
            Some(json!({ "script": script, "args": [] })),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Sets how long asynchronous scripts may run.
    pub fn script_timeout(&self, t: Duration) {
        call(
            "POST",
            &self.url("timeouts"),
            Some(json!({ "script": t.as_millis() as u64 })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// The first element matching a CSS selector, as a WebDriver element reference.
    pub fn find(&self, css: &str) -> Value {
        let v = call(
            "POST",
            &self.url("element"),
            Some(json!({ "using": "css selector", "value": css })),
        )
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        json!({ ELEMENT_KEY: element_id(&v) })
    }

    /// Clicks an element as a user would (it must be visible and not covered).
    pub fn click(&self, css: &str) {
        let el = self.find(css);
        call(
            "POST",
            &self.url(&format!("element/{}/click", element_id(&el))),
            Some(json!({})),
        )
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Types `text` into an element.
    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        call(
            "POST",
            &self.url(&format!("element/{}/value", element_id(&el))),
            Some(json!({ "text": text })),
        )
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Presses keys in turn on whatever has the focus, as a keyboard does (`"\u{E007}"` is
    /// Enter, `"\u{E004}"` Tab).
    pub fn keys(&self, keys: &str) {
        let mut actions = Vec::new();
        for c in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": c.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": c.to_string() }));
        }
        call(
            "POST",
            &self.url("actions"),
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        )
        .unwrap_or_else(|e| panic!("keys {keys:?}: {e}"));
    }

    /// The handle of the current tab or window.
    pub fn window(&self) -> String {
        let v = call("GET", &self.url("window"), None).unwrap_or_else(|e| panic!("{e}"));
        v.as_str().expect("a window handle").to_string()
    }

    /// Opens a new tab and makes it the current one; returns the handle of the tab before.
    pub fn new_tab(&self) -> String {
        let before = self.window();
        let v = call(
            "POST",
            &self.url("window/new"),
            Some(json!({ "type": "tab" })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        self.switch_to(v["handle"].as_str().expect("a window handle"));
        before
    }

    /// Makes the tab or window `handle` the current one.
    pub fn switch_to(&self, handle: &str) {
        call(
            "POST",
            &self.url("window"),
            Some(json!({ "handle": handle })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Sends a Chrome DevTools Protocol command (for emulation: colour scheme and the like).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        call(
            "POST",
            &self.url("goog/cdp/execute"),
            Some(json!({ "cmd": cmd, "params": params })),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Pages laid out as on a screen `width` px wide (a phone below 600), in the `scheme`
    /// colour scheme (`light` or `dark`).
    pub fn view(&self, width: u32, scheme: &str) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 844, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
        self.color_scheme(scheme);
    }

    /// Pages in the `scheme` colour scheme (`light` or `dark`).
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// The serious and critical problems axe-core finds on the open page, each as
    /// `rule (impact): help at nodes`. The site must serve axe-core at `/__axe.min.js`.
    pub fn axe_problems(&self) -> Vec<String> {
        let v = self.run_async(
            "var done = arguments[arguments.length - 1]; \
             function go() { axe.run(document, { resultTypes: ['violations'] }).then(function (r) { \
               done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; }) \
                 .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
                   v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }).join(', '); })); \
             }, function (e) { done(['axe failed: ' + e]); }); } \
             var s = document.createElement('script'); s.src = '/__axe.min.js'; s.onload = go; \
             s.onerror = function () { done(['cannot load axe']); }; document.head.appendChild(s);",
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|p| p.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("axe gave no list: {v}")])
    }

    /// Polls `script` until it returns true, for up to `timeout`.
    pub fn wait_until(&self, script: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            // A page in the middle of reloading may refuse scripts for a moment.
            if call(
                "POST",
                &self.url("execute/sync"),
                Some(json!({ "script": script, "args": [] })),
            )
            .is_ok_and(|v| v == json!(true))
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

/// The key under which WebDriver names an element.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn element_id(v: &Value) -> String {
    v[ELEMENT_KEY]
        .as_str()
        .unwrap_or_else(|| panic!("not an element: {v}"))
        .to_string()
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = call(
                "DELETE",
                &format!("{}/session/{}", self.base, self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
