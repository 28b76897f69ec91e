//! `paperpress serve`, driven as a person would: the real binary on a free port, a real HTTP
//! client, real files changed on disk, the live-reload stream.

mod common;

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::server::{Events, Serve, Served, example_site};
use common::*;

const SECOND: Duration = Duration::from_secs(1);
const DAY: &str = "content/2025/06/2025-06-23.md";

/// Rewrites `rel` in `site` with `from` replaced by `to`.
fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Waits for reload events until `done` holds after one, within 20 s: a change can reload the
/// pages twice (again once the related papers are found again), and a reload left over from
/// an earlier change may come first.
fn reload_until(events: &mut Events, what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + 20 * SECOND;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        events
            .wait_for("reload", left)
            .unwrap_or_else(|| panic!("no reload that shows {what}"));
        if done() {
            return;
        }
    }
}

#[test]
fn serves_the_site_and_reloads_it_after_a_change() {
    let server = Served::example();
    let site = server.site();
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );

    let (status, ctype, home) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(
        home.contains("<script src=\"/__paperpress/live.js\""),
        "{home}"
    );
    // Served at the root, whatever base_url says.
    assert!(home.contains("href=\"/days/"), "links start at the root");
    let (status, ctype, script) = server.get("/__paperpress/live.js");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/javascript"), "{ctype}");
    assert!(script.contains("EventSource(\"/__paperpress/events\")"));
    // The pages of a browser share one stream, held by a shared worker.
    assert!(script.contains("SharedWorker(\"/__paperpress/worker.js\""));
    let (status, ctype, worker) = server.get("/__paperpress/worker.js");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/javascript"), "{ctype}");
    assert!(worker.contains("EventSource(\"/__paperpress/events\")"));

    let mut events = server.events();
    let hello = events.wait_for("hello", 10 * SECOND).expect("hello event");
    let (_, _, before) = server.get("/days/2025-06-23/");
    assert!(before.contains("Attention Is All You Need"));

    edit(
        site,
        DAY,
        "[Attention Is All You Need]",
        "[Attention Is Still All You Need]",
    );
    let reload = events
        .wait_for("reload", 20 * SECOND)
        .expect("a reload event after the change");
    assert_ne!(reload, hello);
    let (status, _, after) = server.get("/days/2025-06-23/");
    assert_eq!(status, 200);
    assert!(after.contains("Attention Is Still All You Need"), "{after}");
    let (_, _, paper) = server.get("/papers/1706.03762.html");
    assert!(paper.contains("Attention Is Still All You Need"));

    // A new day appears; a removed one goes, and its address shows the site's 404 page.
    let new_day = site.join("content/2025/07/2025-07-01.md");
    fs::create_dir_all(new_day.parent().unwrap()).unwrap();
    fs::write(
        &new_day,
        "### [1] [A Fresh Paper](https://arxiv.org/abs/2507.00001)\n*A. Author*\n\nMain category: cs.CL\n\nTL;DR: Fresh.\n",
    )
    .unwrap();
    reload_until(&mut events, "the new day", || {
        server.get("/days/2025-07-01/").0 == 200
    });
    let (_, _, page) = server.get("/days/2025-07-01/");
    assert!(page.contains("A Fresh Paper"));
    fs::remove_file(&new_day).unwrap();
    reload_until(&mut events, "the day gone", || {
        server.get("/days/2025-07-01/").0 == 404
    });
    let (status, ctype, page) = server.get("/days/2025-07-01/");
    assert_eq!(status, 404);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(page.contains("Page not found"), "the site's own 404 page");

    // Every reload of those changes has come once none came for two seconds.
    while events.wait_for("reload", 2 * SECOND).is_some() {}

    // Saving a file without changing it rebuilds nothing and reloads nothing.
    let text = fs::read(site.join(DAY)).unwrap();
    fs::write(site.join(DAY), &text).unwrap();
    assert_eq!(events.wait_for("reload", 2 * SECOND), None);
}

#[test]
fn changes_to_templates_static_files_and_site_toml_reload_too() {
    let server = Served::example();
    let site = server.site();
    let mut events = server.events();
    events.wait_for("hello", 10 * SECOND).unwrap();

    edit(
        site,
        "templates/404.html",
        "{% endblock main %}",
        "<p>Lost? Try the archive.</p>\n{% endblock main %}",
    );
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload after a template change");
    let (status, _, page) = server.get("/nowhere/");
    assert_eq!(status, 404);
    assert!(page.contains("Lost? Try the archive."), "{page}");

    fs::write(site.join("static/extra.css"), "p { color: red }\n").unwrap();
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload after a static file");
    let (status, ctype, css) = server.get("/extra.css");
    assert_eq!((status, ctype.as_str()), (200, "text/css; charset=utf-8"));
    assert_eq!(css, "p { color: red }\n");

    edit(
        site,
        "site.toml",
        "title = \"Paper Digest\"",
        "title = \"Renamed Digest\"",
    );
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload after site.toml");
    let (_, _, home) = server.get("/");
    assert!(home.contains("Renamed Digest"));
}

#[test]
fn content_types_redirects_head_and_not_found() {
    let server = Served::example_with(|site| {
        fs::write(site.join("static/pixel.png"), b"\x89PNG\r\n\x1a\nfake").unwrap();
        fs::write(site.join("static/font.woff2"), b"wOF2fake").unwrap();
        fs::write(site.join("static/data.json"), b"{}").unwrap();
    });
    for (path, want) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/pixel.png", "image/png"),
        ("/font.woff2", "font/woff2"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let (status, ctype, _) = server.get(path);
        assert_eq!((status, ctype.as_str()), (200, want), "{path}");
    }
    // Only HTML gets the live-reload script.
    let (_, _, css) = server.get("/style.css");
    assert!(!css.contains("__paperpress"));
    let (_, _, png) = server.get("/pixel.png");
    assert!(png.ends_with("fake"));

    let resp = common::server::agent()
        .get(&server.at("/days/2025-06-23?x=1"))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 301);
    assert_eq!(
        common::server::header(&resp, "location"),
        "/days/2025-06-23/?x=1"
    );

    let (status, text) = server.raw("HEAD", "/");
    assert_eq!(status, 200);
    assert!(!text.contains("<html"), "HEAD has no body");
    let (status, _) = server.raw("POST", "/");
    assert_eq!(status, 405);

    for missing in [
        "/nowhere/",
        "/papers/0000.00000.html",
        "/style.cs",
        "/__paperpress/nope",
    ] {
        let (status, _, _) = server.get(missing);
        assert_eq!(status, 404, "{missing}");
    }
    let (_, ctype, page) = server.get("/papers/0000.00000.html");
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(page.contains("Page not found"));
}

#[test]
fn path_traversal_attempts_all_fail() {
    let secret = "TOP-SECRET-OUTSIDE-THE-SITE";
    // The site is site/ in the fixture's scratch folder, the secret beside it.
    let server = Served::example_with(|site| {
        let outside = site.parent().unwrap();
        fs::write(outside.join("secret.txt"), secret).unwrap();
        // Symlinks in static/ that lead out of the site: never followed.
        std::os::unix::fs::symlink(outside.join("secret.txt"), site.join("static/leak.txt"))
            .unwrap();
        std::os::unix::fs::symlink(outside, site.join("static/leakdir")).unwrap();
        std::os::unix::fs::symlink("/etc", site.join("static/etc")).unwrap();
    });
    let outside = server.scratch();
    assert_eq!(server.site(), outside.join("site"));
    let abs = outside.join("secret.txt").display().to_string();
    let attempts = [
        "/../secret.txt".to_string(),
        "/../../../../../../etc/passwd".into(),
        "/days/../../secret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/%2E%2E/etc/passwd".into(),
        "/.%2e/secret.txt".into(),
        "/%2e%2e%2fsecret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%2Fsecret.txt".into(),
        "/..%5csecret.txt".into(),
        "/..%5C..%5Cetc%5Cpasswd".into(),
        "/..\\secret.txt".into(),
        "/%252e%252e/secret.txt".into(),
        "/%c0%ae%c0%ae/secret.txt".into(),
        "/..%00/secret.txt".into(),
        "/secret.txt%00.html".into(),
        "//etc/passwd".into(),
        "/%2fetc%2fpasswd".into(),
        format!("/{}", abs.trim_start_matches('/')),
        format!("/{}", abs.replace('/', "%2f")),
        abs.clone(),
        "/etc/passwd".into(),
        "/proc/self/environ".into(),
        "/leak.txt".into(),
        "/leakdir/secret.txt".into(),
        "/leakdir/site/site.toml".into(),
        "/etc/passwd".into(),
        "/../site.toml".into(),
        "/site.toml".into(),
        "/content/2025/06/2025-06-23.md".into(),
        "/templates/base.html".into(),
        "/.paperpress".into(),
        "http://127.0.0.1/../secret.txt".into(),
        "*".into(),
    ];
    for target in &attempts {
        for method in ["GET", "HEAD"] {
            let (status, text) = server.raw(method, target);
            assert!(
                status == 404 || status == 400,
                "{method} {target} gave {status}:\n{text}"
            );
            assert!(
                !text.contains(secret),
                "{method} {target} leaked the secret"
            );
            assert!(
                !text.contains("root:x:0:0"),
                "{method} {target} leaked /etc/passwd"
            );
            assert!(
                !text.contains("base_url"),
                "{method} {target} leaked site.toml"
            );
        }
        let (status, _) = server.raw("GET", target);
        if target.starts_with('/') {
            assert_eq!(status, 404, "GET {target}");
        }
    }
    // The site itself is still served.
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn errors_show_in_the_browser_and_the_server_recovers() {
    let server = Served::example();
    let site = server.site();
    let mut events = server.events();
    events.wait_for("hello", 10 * SECOND).unwrap();
    let good = fs::read_to_string(site.join(DAY)).unwrap();

    // A file with no date, whose name looks like markup: an error naming it.
    let undated = site.join("content/<img src=x onerror=alert(1)>.md");
    fs::write(&undated, &good).unwrap();
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload on error");
    let (status, ctype, page) = server.get("/days/2025-06-24/");
    assert_eq!(status, 500);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(
        page.contains(
            "content/&lt;img src=x onerror=alert(1)&gt;.md: error: cannot tell which day"
        ),
        "{page}"
    );
    assert!(!page.contains("<img"), "messages are escaped");
    assert!(
        page.contains("<script src=\"/__paperpress/live.js\""),
        "it reloads itself"
    );
    // The server keeps running and recovers as soon as the file is fixed.
    fs::remove_file(&undated).unwrap();
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload on fix");
    let (status, _, page) = server.get("/days/2025-06-24/");
    assert_eq!(status, 200);
    assert!(!page.contains("paperpress-error"));

    // A template error names the template.
    let day = fs::read_to_string(site.join("templates/day.html")).unwrap();
    fs::write(
        site.join("templates/day.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ day.nope( }}\n{% endblock %}\n",
    )
    .unwrap();
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload on template error");
    let (status, _, page) = server.get("/");
    assert_eq!(status, 500);
    assert!(page.contains("day.html"), "{page}");
    fs::write(site.join("templates/day.html"), day).unwrap();
    events
        .wait_for("reload", 20 * SECOND)
        .expect("reload on template fix");
    assert_eq!(server.get("/").0, 200);
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(
        stderr.contains("content/<img src=x onerror=alert(1)>.md: error:"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn fifty_readers_while_rebuilds_run() {
    let server = Arc::new(Served::example());
    let site = server.site();
    let pages = [
        "/",
        "/days/",
        "/days/2025-06-23/",
        "/days/2025-06-26/",
        "/categories/",
        "/papers/1706.03762.html",
        "/style.css",
        "/app.js",
        "/feed.xml",
        "/sitemap.xml",
    ];
    let clients = 50;
    let start = Arc::new(Barrier::new(clients + 1));
    let ok = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for c in 0..clients {
        let (server, start, ok) = (server.clone(), start.clone(), ok.clone());
        handles.push(std::thread::spawn(move || {
            let agent = common::server::agent();
            start.wait();
            for i in 0..20 {
                let path = pages[(c + i) % pages.len()];
                let mut resp = agent
                    .get(&server.at(path))
                    .call()
                    .unwrap_or_else(|e| panic!("client {c}: GET {path}: {e}"));
                assert_eq!(resp.status().as_u16(), 200, "client {c}: GET {path}");
                let body = resp.body_mut().read_to_vec().unwrap();
                assert!(!body.is_empty(), "client {c}: GET {path}: empty");
                if path.ends_with('/') {
                    let text = String::from_utf8(body).unwrap();
                    assert!(
                        text.trim_end().ends_with("</html>"),
                        "client {c}: {path} cut short"
                    );
                }
                ok.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    start.wait();
    let mut events = server.events();
    for i in 0..5 {
        edit(site, DAY, "TL;DR: ", &format!("TL;DR: (edit {i}) "));
        events.wait_for("reload", 20 * SECOND).expect("reload");
    }
    for h in handles {
        h.join().expect("a client failed");
    }
    assert_eq!(ok.load(Ordering::Relaxed), clients * 20);
}

#[test]
fn a_port_in_use_is_a_clear_message() {
    let dir = scratch();
    let site = dir.path();
    common::site(site, &[]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let started = Instant::now();
    let o = run(site, &["serve", "--port", &port]);
    assert!(!o.status.success());
    assert!(started.elapsed() < 30 * SECOND);
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "cannot serve on 127.0.0.1:{port}: the port is already in use"
        )),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let o = run(site, &["serve", "--interface", "not-an-address"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("invalid value 'not-an-address'"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &site.join(".."),
        &["serve", "--root", "no-such-site", "--port", "0"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("has no site.toml"), "{}", stderr(&o));
}

#[test]
fn a_non_loopback_interface_is_warned_about() {
    let server = Served::start(
        |site| common::site(site, &[("2025/01/2025-01-02.md", "")]),
        &["--interface", "0.0.0.0"],
    );
    // The test talks to it over loopback only.
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(server.get("/").0, 200);
    let err = server.stderr.lock().unwrap().clone();
    assert!(
        err.contains("warning: serving on 0.0.0.0: anyone who can reach this machine"),
        "{err}"
    );
}

/// How many files the process `pid` has open, where Linux tells.
fn open_files(pid: u32) -> Option<usize> {
    fs::read_dir(format!("/proc/{pid}/fd"))
        .ok()
        .map(|d| d.count())
}

#[test]
fn event_streams_whose_pages_have_gone_are_let_go_within_seconds() {
    let server = Served::example();
    let Some(before) = open_files(server.pid()) else {
        return;
    };
    let mut streams = Vec::new();
    for _ in 0..20 {
        let mut events = server.events();
        events.wait_for("hello", 10 * SECOND).expect("hello");
        streams.push(events);
    }
    let open = open_files(server.pid()).unwrap_or(0);
    assert!(open >= before + 20, "{before} files open, then {open}");
    // The pages go: their connections close.
    drop(streams);
    let gone = Instant::now();
    let deadline = gone + 8 * SECOND;
    loop {
        let now = open_files(server.pid()).unwrap_or(0);
        if now <= before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} s after 20 streams closed the server still has {now} files open, {before} before them",
            gone.elapsed().as_secs()
        );
        std::thread::sleep(SECOND / 10);
    }
    // It still serves, and tells the streams that remain.
    let mut events = server.events();
    events.wait_for("hello", 10 * SECOND).expect("hello");
    edit(
        server.site(),
        DAY,
        "[Attention Is All You Need]",
        "[Attention Is Still All You Need]",
    );
    events.wait_for("reload", 20 * SECOND).expect("reload");
}

#[test]
fn build_output_has_no_trace_of_live_reload() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let o = run(site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files = 0;
    for entry in walkdir::WalkDir::new(site.join("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            files += 1;
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("__paperpress") && !text.contains("live.js"),
                "{} carries the live-reload script",
                entry.path().display()
            );
        }
    }
    assert!(files > 10);
}

#[test]
fn the_search_index_catches_up_after_the_reload() {
    let server = Served::example();
    let site = server.site();
    let papers = |server: &Serve| -> String {
        let (status, _, meta) = server.get("/search/meta.json");
        assert_eq!(status, 200);
        meta.split("\"papers\":")
            .nth(1)
            .and_then(|r| r.split(',').next())
            .unwrap_or("")
            .to_string()
    };
    let before = papers(&server);
    let mut events = server.events();
    events.wait_for("hello", 10 * SECOND).unwrap();
    fs::write(
        site.join("content/2025/06/2025-06-27.md"),
        "### [1] [Quokka Attention](https://arxiv.org/abs/2506.99999)\n\n*A. Author*\n\n\
         **Main category:** cs.CL\n\n**TL;DR:** A new paper.\n",
    )
    .unwrap();
    events.wait_for("reload", 20 * SECOND).expect("reload");
    let deadline = std::time::Instant::now() + 20 * SECOND;
    while papers(&server) == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the index still holds {before} papers"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        papers(&server).parse::<usize>().unwrap(),
        before.parse::<usize>().unwrap() + 1
    );
}
