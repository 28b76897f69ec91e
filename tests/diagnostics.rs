//! One pipeline for every command: the same content gives the same diagnostics from
//! `build`, `check` and `serve`, and serve shows a later change's diagnostics too.

mod common;

use std::time::{Duration, Instant};

use common::server::Served;
use common::*;

const FIRST: &str = "### [1] [Old Title](https://arxiv.org/abs/2506.00001)\n*A. Author*\n\nMain category: cs.CL\n\nTL;DR: First.\n";
/// The same paper under another title (a conflict), and a paper with no arXiv link.
const SECOND: &str = "### [1] [New Title](https://arxiv.org/abs/2506.00001)\n*A. Author*\n\nMain category: cs.CL\n\nTL;DR: Again.\n\n### [2] [Elsewhere](https://example.org/paper)\n*B. Author*\n\nTL;DR: Not on arXiv.\n";

/// The diagnostic lines (`path:line: warning: ...`) of a command's output, sorted.
fn diagnostics(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .map(str::to_string)
        .collect();
    out.sort();
    out
}

#[test]
fn build_check_and_serve_give_the_same_diagnostics() {
    let write = |root: &std::path::Path| {
        site(root, &[("2025-06-01.md", FIRST), ("2025-06-02.md", SECOND)]);
    };
    let dir = scratch();
    let root = dir.path();
    write(root);
    let built = run(root, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let from_build = diagnostics(&stderr(&built));
    assert!(
        from_build.iter().any(|d| d.contains("different title")),
        "the title conflict is warned about: {from_build:?}"
    );
    assert!(from_build.len() >= 2, "{from_build:?}");

    let checked = run(root, &["check"]);
    assert_eq!(diagnostics(&stderr(&checked)), from_build, "check");

    let serve = Served::start(write, &[]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let from_serve = loop {
        let got = diagnostics(&serve.stderr.lock().unwrap());
        if got.len() >= from_build.len() || Instant::now() > deadline {
            break got;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(from_serve, from_build, "serve");

    // A third listing under yet another title, added while serving: warned about too.
    std::fs::write(
        serve.site().join("content/2025-06-03.md"),
        FIRST.replace("Old Title", "Third Title"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let all = diagnostics(&serve.stderr.lock().unwrap());
        if all.iter().any(|d| {
            d.starts_with(
                "content/2025-06-03.md:1: warning: paper 2506.00001 has a different title",
            )
        }) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no conflict warning for the new day: {all:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
