//! A tiny W3C WebDriver client over HTTP (ureq + serde_json) for headless Chromium through
//! chromedriver: start a session, navigate, run a script, quit.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// chromedriver with one headless Chromium session; both stop when dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
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
    /// Starts chromedriver and a headless Chromium session. `None` (with a note) where
    /// chromedriver or Chromium is not installed.
    pub fn start() -> Option<Browser> {
        let chromium = "/usr/bin/chromium";
        if !std::path::Path::new(chromium).exists() {
            eprintln!("skipping: {chromium} not found (install Debian's chromium)");
            return None;
        }
        let port = free_port();
        let driver = match Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("skipping: cannot run chromedriver ({e}); install chromium-driver");
                return None;
            }
        };
        let base = format!("http://127.0.0.1:{port}");
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
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
        call("POST", &self.url("url"), Some(json!({ "url": url })))
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

    /// Types `text` into the element `css` selects, as a user would, key by key
    /// (`\u{E004}` is Tab, `\u{E007}` Enter).
    pub fn type_into(&self, css: &str, text: &str) {
        let el = call(
            "POST",
            &self.url("element"),
            Some(json!({ "using": "css selector", "value": css })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let id = el
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {el}"))
            .to_string();
        call(
            "POST",
            &self.url(&format!("element/{id}/value")),
            Some(json!({ "text": text })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Sends keys to whatever has the focus (`\u{E004}` is Tab).
    pub fn keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                let k = c.to_string();
                [
                    json!({ "type": "keyDown", "value": k }),
                    json!({ "type": "keyUp", "value": k }),
                ]
            })
            .collect();
        call(
            "POST",
            &self.url("actions"),
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        )
        .unwrap_or_else(|e| panic!("{e}"));
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
