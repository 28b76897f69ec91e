//! `serve` through hostile conditions: content files deleted and renamed while it rebuilds,
//! 10,000 requests over 50 connections (wrk) during rebuilds, and memory across 100 rebuilds.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::server::{Serve, Served};
use common::*;

const SECOND: Duration = Duration::from_secs(1);

fn day_file(site: &Path, date: &str) -> std::path::PathBuf {
    site.join("content/2025/06").join(format!("{date}.md"))
}

/// Waits until `path` answers `want`, or panics after `timeout`.
fn wait_status(server: &Serve, path: &str, want: u16, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let (status, _, _) = server.get(path);
        if status == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} still answers {status}, not {want}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn content_deleted_and_renamed_while_rebuilding() {
    let mut server = Served::example();
    let site = server.site();
    let a = day_file(site, "2025-06-23");
    let b = day_file(site, "2025-06-24");
    let text_a = fs::read_to_string(&a).unwrap();
    let text_b = fs::read_to_string(&b).unwrap();
    let moved = site.join("content/2025/06/2025-06-20.md");

    // Churn faster than a rebuild takes, while reading pages.
    for round in 0..40 {
        match round % 4 {
            0 => fs::remove_file(&a).unwrap(),
            1 => fs::rename(&b, &moved).unwrap(),
            2 => fs::write(&a, &text_a).unwrap(),
            _ => fs::rename(&moved, &b).unwrap(),
        }
        std::thread::sleep(Duration::from_millis(round % 7 * 5));
        for path in ["/", "/days/", "/days/2025-06-25/"] {
            let (status, _, _) = server.get(path);
            assert_eq!(status, 200, "{path} during churn, round {round}");
        }
        assert!(server.try_wait().is_none(), "serve exited during churn");
    }
    // End state: 06-23 is gone, 06-24 is published as 06-20.
    fs::remove_file(&a).unwrap();
    fs::rename(&b, &moved).unwrap();
    fs::write(&moved, text_b.replace("2025-06-24", "2025-06-20")).unwrap();
    wait_status(&server, "/days/2025-06-23/", 404, 20 * SECOND);
    wait_status(&server, "/days/2025-06-24/", 404, 20 * SECOND);
    wait_status(&server, "/days/2025-06-20/", 200, 20 * SECOND);
    wait_status(&server, "/days/2025-06-25/", 200, 20 * SECOND);
    assert!(server.try_wait().is_none(), "serve exited");
    let err = server.stderr.lock().unwrap().clone();
    assert!(!err.contains("panicked"), "{err}");
}

/// The resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn memory_stays_flat_over_a_hundred_rebuilds() {
    if !Path::new("/proc/self/status").exists() {
        skip(Need::Proc, "no /proc to read memory from");
        return;
    }
    let server = Served::example();
    let site = server.site();
    let mut events = server.events();
    events.wait_for("hello", 10 * SECOND).unwrap();
    let path = day_file(site, "2025-06-25");
    let text = fs::read_to_string(&path).unwrap();
    let mut samples = Vec::new();
    for n in 1..=100 {
        // A different title each time: a real change, a real rebuild.
        fs::write(
            &path,
            text.replacen("### [1] [", &format!("### [1] [v{n}x "), 1),
        )
        .unwrap();
        events
            .wait_for("reload", 20 * SECOND)
            .unwrap_or_else(|| panic!("no reload after change {n}"));
        if n % 10 == 0 {
            samples.push(rss_kib(server.pid()));
        }
    }
    let (_, _, day) = server.get("/days/2025-06-25/");
    assert!(day.contains("v100x"), "the last change is not served");
    eprintln!("resident memory after every 10 rebuilds (KiB): {samples:?}");
    let settled = samples[1];
    let last = samples[samples.len() - 1];
    assert!(
        last <= settled + settled / 5 + 4096,
        "memory grows with rebuilds: {samples:?} KiB"
    );
}

/// wrk's Lua script: every request takes the next path of the list.
const PATHS_LUA: &str = r#"
local paths = {PATHS}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"#;

#[test]
fn ten_thousand_requests_over_fifty_connections_during_rebuilds() {
    if Command::new("wrk").arg("--version").output().is_err() {
        skip(Need::Wrk, "wrk not found (apt-get install wrk)");
        return;
    }
    let server = Served::example();
    let site = server.site();
    let (_, _, home) = server.get("/");
    // The pages a reader would fetch: home, days, categories, papers, assets.
    let mut paths: Vec<String> = vec![
        "/".into(),
        "/days/".into(),
        "/categories/".into(),
        "/style.css".into(),
        "/app.js".into(),
        "/feed.xml".into(),
    ];
    for (i, _) in home.match_indices("href=\"/papers/") {
        let rest = &home[i + 6..];
        paths.push(rest[..rest.find('"').unwrap()].to_string());
    }
    assert!(paths.len() > 10, "{paths:?}");
    let list = paths
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let script = server.scratch().join("paths.lua");
    fs::write(&script, PATHS_LUA.replace("PATHS", &list)).unwrap();

    // Rebuilds all along: one day's file changes every 150 ms.
    let stop = Arc::new(AtomicBool::new(false));
    let churn = {
        let stop = stop.clone();
        let path = day_file(site, "2025-06-24");
        let text = fs::read_to_string(&path).unwrap();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                fs::write(&path, text.replacen("\n# ", &format!("\n# r{n} "), 1)).unwrap();
                std::thread::sleep(Duration::from_millis(150));
            }
            n
        })
    };
    let o = Command::new("wrk")
        .args(["-t2", "-c50", "-d6s", "--timeout", "10s", "-s"])
        .arg(&script)
        .arg(server.url.trim_end_matches('/'))
        .output()
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let rebuilds = churn.join().unwrap();
    let report = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{report}{}", stderr(&o));
    eprintln!("{report}\n{rebuilds} changes during the run");
    let requests: u64 = report
        .lines()
        .find_map(|l| l.split_once(" requests in "))
        .and_then(|(n, _)| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(requests >= 10_000, "only {requests} requests: {report}");
    assert!(!report.contains("Socket errors"), "{report}");
    // Every request answered, every answer a success.
    assert!(!report.contains("Non-2xx"), "{report}");
    assert!(rebuilds > 20, "only {rebuilds} changes");
}
