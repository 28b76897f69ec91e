//! `paperpress new DIR`: a ready site that builds, checks and serves.

mod common;

use std::fs;

use common::*;

#[test]
fn new_makes_a_site_that_builds_and_checks() {
    let dir = scratch();
    let o = run(dir.path(), &["new", "my-digest"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("paperpress serve"), "{}", stdout(&o));
    // The workflow it wrote names the action with OWNER to fill in, and `new` says so.
    assert!(
        stdout(&o).contains("replace OWNER in `uses: OWNER/paperpress@v1`"),
        "{}",
        stdout(&o)
    );
    let site = dir.path().join("my-digest");
    for f in [
        "site.toml",
        ".gitignore",
        "content/2025/06/2025-06-23.md",
        "templates/base.html",
        "templates/day.html",
        "static/style.css",
        "static/app.js",
        ".github/workflows/paperpress.yml",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    // The publishing workflow is the one the README shows (tests/workflow.rs).
    assert_eq!(
        fs::read_to_string(site.join(".github/workflows/paperpress.yml")).unwrap(),
        fs::read_to_string(repo().join("src/scaffold/workflow.yml")).unwrap()
    );
    let o = run(&site, &["check", "--strict"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/days/2025-06-23/index.html").is_file());
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = scratch();
    let target = dir.path().join("site");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("notes.txt"), "mine").unwrap();
    let o = run(dir.path(), &["new", "site"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    let names: Vec<_> = fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);
    assert_eq!(
        fs::read_to_string(target.join("notes.txt")).unwrap(),
        "mine"
    );

    // An empty folder is fine.
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    let o = run(dir.path(), &["new", "empty"]);
    assert!(o.status.success(), "{}", stderr(&o));
}
