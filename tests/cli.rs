//! The command line for people: help with examples, --quiet, --verbose, no colour when
//! output is not a terminal.

mod common;

use common::server::example_site;
use common::*;

#[test]
fn every_command_has_help_with_an_example() {
    let dir = scratch();
    for cmd in ["build", "serve", "add", "check", "new"] {
        let o = run(dir.path(), &[cmd, "--help"]);
        assert!(o.status.success(), "{cmd}");
        let out = stdout(&o);
        assert!(
            out.contains("Example"),
            "{cmd} --help has no example:\n{out}"
        );
        assert!(out.contains(&format!("paperpress {cmd}")), "{cmd}:\n{out}");
    }
    let o = run(dir.path(), &["--help"]);
    for cmd in ["build", "serve", "add", "check", "new"] {
        assert!(stdout(&o).contains(cmd));
    }
}

#[test]
fn quiet_verbose_and_plain_output() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let o = run(site, &["build", "--quiet"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "", "--quiet prints no summary");
    let o = run(site, &["build", "--verbose"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("built "), "{}", stdout(&o));
    let err = stderr(&o);
    for phase in ["content: ", "render: ", "write: "] {
        assert!(err.contains(phase), "--verbose shows phase timings: {err}");
    }
    // Not a terminal: no colour, no progress bar, plain lines.
    fs::write(
        site.join("content/2025/06/2025-06-27.md"),
        "### [1] No link here\n",
    )
    .unwrap();
    let o = run(site, &["build"]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        !all.contains('\x1b'),
        "escape codes in plain output: {all:?}"
    );
    assert!(
        stderr(&o).contains("content/2025/06/2025-06-27.md"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(": warning: "), "{}", stderr(&o));
    let o = run(site, &["build", "--quiet", "--verbose"]);
    assert!(!o.status.success(), "--quiet and --verbose conflict");
}

use std::fs;
