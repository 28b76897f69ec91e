//! `paperpress serve` sends the Content-Security-Policy and the usual security headers with
//! every response, and its own pages (the error page) need nothing inline.

mod common;

use std::fs;
use std::time::Duration;

use common::server::Served;

/// The value of header `name` in a raw HTTP response, if present.
fn header_of(response: &str, name: &str) -> Option<String> {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines().skip(1).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

fn assert_secure(response: &str, what: &str) {
    let csp = header_of(response, "Content-Security-Policy")
        .unwrap_or_else(|| panic!("no CSP header on {what}:\n{response:.600}"));
    assert_eq!(
        csp,
        format!("{}; frame-ancestors 'none'", paperpress::security::POLICY),
        "{what}"
    );
    for (name, value) in [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ] {
        assert_eq!(
            header_of(response, name).as_deref(),
            Some(value),
            "{name} on {what}"
        );
    }
}

#[test]
fn every_response_carries_the_security_headers() {
    let server = Served::example();
    let site = server.site();
    let mut events = server.events();
    events
        .wait_for("hello", Duration::from_secs(10))
        .expect("hello");
    for (method, path, status) in [
        ("GET", "/", 200),
        ("HEAD", "/", 200),
        ("GET", "/days/2025-06-23/", 200),
        ("GET", "/style.css", 200),
        ("GET", "/app.js", 200),
        ("GET", "/feed.xml", 200),
        ("GET", "/days", 301),
        ("GET", "/no/such/page/", 404),
        ("GET", "/__paperpress/live.js", 200),
        ("GET", "/__paperpress/worker.js", 200),
        ("GET", "/__paperpress/error.css", 200),
        ("POST", "/", 405),
    ] {
        let (got, response) = server.raw(method, path);
        assert_eq!(got, status, "{method} {path}");
        assert_secure(&response, &format!("{method} {path}"));
    }
    // The page itself also carries the policy, for hosts that send no headers.
    let (_, _, home) = server.get("/");
    assert!(
        home.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            paperpress::security::POLICY
        )),
        "{home:.800}"
    );

    // The error page takes its style from a file: nothing inline for the policy to block.
    let day = site.join("content/2025/06/2025-06-23.md");
    let good = fs::read_to_string(&day).expect("day");
    fs::write(site.join("content/undated.md"), good).expect("write");
    events
        .wait_for("reload", Duration::from_secs(20))
        .expect("reload on error");
    let (status, response) = server.raw("GET", "/");
    assert_eq!(status, 500);
    assert_secure(&response, "the error page");
    assert!(response.contains("href=\"/__paperpress/error.css\""));
    assert!(!response.contains("<style"), "{response}");
    let (_, ctype, css) = server.get("/__paperpress/error.css");
    assert!(ctype.starts_with("text/css"), "{ctype}");
    assert!(
        css.contains("#paperpress-error") || css.contains("font:"),
        "{css}"
    );
}
