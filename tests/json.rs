//! `build --json` and `check --json` for scripts: one JSON object on stdout, with the figures
//! the summary line gives people; problems still on stderr.

mod common;

use std::path::Path;

use common::server::example_site;
use common::*;
use serde_json::{Value, json};

/// Runs `args` in `dir`: (success, the JSON object on stdout, stderr). Stdout must be one
/// JSON object on one line and nothing else.
fn json_of(dir: &Path, args: &[&str]) -> (bool, Value, String) {
    let o = run(dir, args);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{args:?}: not one line:\n{out}");
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"));
    assert!(v.is_object(), "{v}");
    (o.status.success(), v, stderr(&o))
}

/// The summary line for people without its time: "built … removed)".
fn human_line(dir: &Path, out: &str) -> String {
    let o = run(dir, &["build", "--output", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let line = text.lines().next().unwrap_or("");
    line.rsplit_once(" in ")
        .map(|(figures, _)| figures.to_string())
        .unwrap_or_else(|| panic!("no time on the summary line: {line}"))
}

#[test]
fn build_json_gives_the_summary_figures() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let (ok, v, err) = json_of(site, &["build", "--json", "--output", "a"]);
    assert!(ok, "{err}");
    assert_eq!(err, "", "the example builds without a diagnostic");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "ok",
            "files",
            "days",
            "papers",
            "categories",
            "pages",
            "rendered",
            "output_files",
            "output_bytes",
            "written",
            "unchanged",
            "removed",
            "elapsed_seconds",
            "errors",
            "warnings",
            "lines",
            "uncategorised"
        ]
    );
    assert_eq!(v["ok"], json!(true));
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(
        v["elapsed_seconds"].as_f64().is_some_and(|s| s > 0.0),
        "{v}"
    );
    let n = |key: &str| {
        v[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} is no count: {v}"))
    };
    // The same figures as the line a first build into another folder gives people.
    assert_eq!(
        format!(
            "built {} files, {} days, {} papers, {} categories into {} pages ({} rendered; {} files written, {} unchanged, {} removed)",
            n("files"),
            n("days"),
            n("papers"),
            n("categories"),
            n("pages"),
            n("rendered"),
            n("written"),
            n("unchanged"),
            n("removed")
        ),
        human_line(site, "b")
    );
    assert!(n("papers") > 10 && n("days") > 1, "{v}");
    assert_eq!(
        n("written"),
        n("output_files"),
        "a first build writes every file"
    );

    // What became of the content's lines, as the line report counts them.
    let lines = &v["lines"];
    let part = |k: &str| lines[k].as_u64().unwrap_or(u64::MAX);
    assert_eq!(
        part("total"),
        part("shown") + part("text") + part("structure") + part("outside") + part("lost"),
        "{lines}"
    );
    assert_eq!(part("files"), n("files"), "{lines}");
    let o = run(site, &["build", "--output", "c"]);
    assert!(
        stdout(&o).contains(&format!(
            "lines: {} in {} file(s);",
            part("total"),
            part("files")
        )),
        "{}",
        stdout(&o)
    );
    assert_eq!(v["uncategorised"]["papers"], json!(0), "{v}");

    // Again into the same folder: nothing rendered, nothing written.
    let (ok, again, _) = json_of(site, &["build", "--json", "--output", "a"]);
    assert!(ok);
    assert_eq!(again["rendered"], json!(0), "{again}");
    assert_eq!(again["written"], json!(0), "{again}");
    assert_eq!(again["removed"], json!(0), "{again}");
    assert_eq!(again["unchanged"], v["output_files"], "{again}");

    // --quiet silences people's lines, not the object asked for.
    let (ok, quiet, _) = json_of(site, &["build", "--json", "--quiet", "--output", "a"]);
    assert!(ok);
    assert_eq!(quiet["papers"], v["papers"]);
}

#[test]
fn build_json_counts_problems_and_papers_without_a_category() {
    let dir = scratch();
    let site = dir.path();
    common::site(
        site,
        &[
            (
                "2025/01/2025-01-02.md",
                "### [1] [Filed](https://arxiv.org/abs/2501.00001)\n*A*\n\nMain category: cs.CL\n",
            ),
            (
                "2025/01/2025-01-03.md",
                "### [1] [Nowhere](https://arxiv.org/abs/2501.00002)\n*B*\n\n### [2] No link here\n",
            ),
        ],
    );
    let (ok, v, err) = json_of(site, &["build", "--json"]);
    assert!(ok, "{err}");
    // Problems go to stderr as ever; stdout holds the object alone.
    assert!(
        err.contains("content/2025/01/2025-01-03.md:4: warning:"),
        "{err}"
    );
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(0), Some(1)),
        "{v}"
    );
    assert_eq!(v["papers"], json!(2), "{v}");
    assert_eq!(
        v["uncategorised"],
        json!({
            "category": "misc",
            "papers": 1,
            "files": [{ "path": "content/2025/01/2025-01-03.md", "papers": 1 }],
        })
    );

    // An error: nothing built, exit status 1, and the object says so.
    std::fs::write(
        site.join("content/undated.md"),
        "### [1] [Undated](https://arxiv.org/abs/2501.00003)\n*C*\n",
    )
    .unwrap();
    let (ok, v, err) = json_of(site, &["build", "--json"]);
    assert!(!ok, "a build with an error succeeded");
    assert!(err.contains("content/undated.md: error:"), "{err}");
    assert!(err.contains("build failed with 1 error(s)"), "{err}");
    assert_eq!(v["ok"], json!(false), "{v}");
    assert_eq!(v["errors"], json!(1), "{v}");
    for key in ["files", "papers", "pages", "written", "elapsed_seconds"] {
        assert_eq!(v[key], Value::Null, "{key}: {v}");
    }
}

#[test]
fn check_json_says_what_the_check_found() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let (ok, v, err) = json_of(site, &["check", "--json", "--strict"]);
    assert!(ok, "{err}");
    assert_eq!(v["ok"], json!(true), "{v}");
    assert_eq!(v["strict"], json!(true), "{v}");
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(v["pages"].as_u64().is_some_and(|n| n > 10), "{v}");
    assert!(v["links"].as_u64().is_some_and(|n| n > 100), "{v}");

    // A warning: the check passes, but not with --strict.
    std::fs::write(
        site.join("content/2025/06/2025-06-27.md"),
        "### [1] No link here\n",
    )
    .unwrap();
    let (ok, v, err) = json_of(site, &["check", "--json"]);
    assert!(ok, "{err}");
    assert_eq!(
        (v["ok"].clone(), v["warnings"].clone()),
        (json!(true), json!(1)),
        "{v}"
    );
    let (ok, v, err) = json_of(site, &["check", "--json", "--strict"]);
    assert!(!ok);
    assert!(err.contains(": warning: "), "{err}");
    assert!(err.contains("--strict fails on warnings"), "{err}");
    assert_eq!(v["ok"], json!(false), "{v}");
}
