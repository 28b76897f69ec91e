//! The hostile injection files built into a site and opened in headless Chromium: no payload
//! runs, nothing a digest wrote makes a request, the site's own script still works, and the
//! Content-Security-Policy is in force.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::csp::scan_site;
use common::webdriver::Browser;
use common::*;

/// A plain static file server for a built site that also notes every request for a path
/// with `pwned` in it (the payloads' beacons).
struct Server {
    addr: String,
    beacons: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(listener: TcpListener, root: PathBuf) -> Server {
        let addr = listener.local_addr().expect("address").to_string();
        let beacons = Arc::new(Mutex::new(Vec::new()));
        let seen = beacons.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                let seen = seen.clone();
                std::thread::spawn(move || answer(stream, &root, &seen));
            }
        });
        Server { addr, beacons }
    }

    fn at(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn answer(mut stream: TcpStream, root: &Path, seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
            break;
        }
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    // The search test puts a payload in the query of the page itself: only paths count.
    if path.to_ascii_lowercase().contains("pwned") {
        seen.lock().expect("lock").push(target.clone());
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) if !path.contains("..") => ("200 OK", b),
        _ => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    };
    let ctype = common::files::content_type(&file);
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

#[test]
fn injected_payloads_do_not_run_in_a_browser() {
    let dir = scratch();
    let root = dir.path();
    site(root, &[]);
    for (name, file) in [
        ("2025/01/2025-01-02.md", "injection-daily.md"),
        ("2025/01/2025-01-03.md", "injection-bilingual.md"),
        ("2025/01/2025-01-04.md", "rtl-emoji.md"),
        ("2025/01/2025-01-05.md", "injection-generic.md"),
    ] {
        let p = root.join("content").join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::copy(repo().join("tests/hostile").join(file), p).expect("copy");
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}/", listener.local_addr().expect("addr"));
    let o = run(root, &["build", "--base-url", &base]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = root.join("public");
    // The built pages have no inline script, handler, style or script URL at all.
    let problems = scan_site(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let server = Server::start(listener, out.clone());
    let Some(browser) = Browser::start() else {
        return;
    };
    let pages = [
        ("/", false),
        ("/days/", true),
        ("/days/2025-01-02/", true),
        ("/days/2025-01-03/", true),
        ("/categories/", true),
        ("/categories/cs.cl/", true),
        ("/categories/cs.cl/2025-01/", true),
        ("/papers/2501.00001.html", false),
        ("/papers/2501.00010.html", false),
        ("/papers/2501.00020.html", false),
        ("/papers/2501.00060.html", false),
        ("/days/2025-01-05/", true),
        ("/search/", true),
        (
            "/search/?q=%3Cimg%20src%3D%2Fpwned-q%20onerror%3Dwindow.__pwned%3D1%3E",
            true,
        ),
        ("/no-such-page/", false),
    ];
    for (path, nav_mark) in pages {
        assert!(
            path == "/no-such-page/"
                || path.contains('?')
                || out
                    .join(paperpress::render::urls::file_of(
                        path.trim_start_matches('/')
                    ))
                    .is_file(),
            "{path} was not built"
        );
        browser.goto(&server.at(path));
        assert!(
            browser.wait_until(
                "return document.readyState === 'complete';",
                Duration::from_secs(20)
            ),
            "{path} did not load"
        );
        // Give deferred scripts and any timers a moment.
        std::thread::sleep(Duration::from_millis(300));
        let state = browser.run(
            "return {
               pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
               title: document.title,
               csp: !!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'),
               inline: document.querySelectorAll('script:not([src]), style, [style]').length,
               marked: !!document.querySelector('.nav a[aria-current]')
                 || !!document.querySelector('.lang-toggle:not([hidden])')
             };",
        );
        assert_eq!(
            state["pwned"],
            serde_json::Value::Null,
            "a payload ran on {path}: {state}"
        );
        let title = state["title"].as_str().unwrap_or("");
        assert!(
            !title.contains("PWNED"),
            "the title was changed on {path}: {title}"
        );
        assert_eq!(state["csp"], serde_json::json!(true), "no CSP on {path}");
        assert_eq!(
            state["inline"],
            serde_json::json!(0),
            "inline script or style on {path}"
        );
        if nav_mark {
            assert_eq!(
                state["marked"],
                serde_json::json!(true),
                "app.js did not run on {path}"
            );
        }
    }
    // The policy is in force: an inline script added now is refused.
    let ran = browser.run(
        "var s = document.createElement('script'); s.textContent = 'window.__control = 1;';
         document.head.appendChild(s); return typeof window.__control !== 'undefined';",
    );
    assert_eq!(
        ran,
        serde_json::json!(false),
        "the CSP let an inline script run"
    );
    std::thread::sleep(Duration::from_millis(300));
    let beacons = server.beacons.lock().expect("lock").clone();
    assert!(beacons.is_empty(), "payloads made requests: {beacons:?}");
}
