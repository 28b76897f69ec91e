//! Incremental builds skip pages whose fingerprint is unchanged. After every kind of change,
//! the incremental output must equal a build from scratch, byte for byte.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A build's figures: (rendered, written, unchanged, removed).
fn figures(summary: &Built) -> (usize, usize, usize, usize) {
    (
        summary.rendered,
        summary.written,
        summary.unchanged,
        summary.removed,
    )
}

fn build(site: &Path, out: &Path) -> Built {
    build_json(site, &["--output", out.to_str().unwrap()])
}

/// Builds incrementally into `public`, and from scratch into a fresh folder; both equal.
fn check_equal_to_scratch(site: &Path, what: &str) -> (usize, usize, usize, usize) {
    let summary = build(site, &site.join("public"));
    let fresh = site.join(format!("fresh-{}", what.replace(' ', "-")));
    let fresh_summary = build(site, &fresh);
    let (a, b) = (tree(&site.join("public")), tree(&fresh));
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: {only_a:?} vs {only_b:?}"
    );
    for (k, v) in &a {
        assert!(v == &b[k], "{what}: {k} differs from a build from scratch");
    }
    fs::remove_dir_all(&fresh).unwrap();
    assert_eq!(figures(&fresh_summary).2, 0);
    figures(&summary)
}

const DAY: &str = "### [1] [A New Paper](https://arxiv.org/abs/2507.00001)\n*N. Author*\n\nMain category: cs.CL\n\nTL;DR: New.\n\n### [2] [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n*Ashish Vaswani*\n\nMain category: cs.CL\n\nTL;DR: Listed again.\n";

#[test]
fn incremental_builds_equal_builds_from_scratch() {
    let dir = scratch();
    let site = dir.path();
    // The example site of the repository.
    for entry in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(repo()).unwrap();
            fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
            fs::copy(entry.path(), site.join(rel)).unwrap();
        }
    }
    fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
    let first = figures(&build(site, &site.join("public")));
    assert_eq!(first.2, 0, "a first build writes everything");
    let total = first.1;

    // Nothing changed: nothing rendered, nothing written.
    let (rendered, written, unchanged, removed) = check_equal_to_scratch(site, "nothing");
    assert_eq!((rendered, written, removed), (0, 0, 0));
    assert_eq!(unchanged, total);

    // A new day that lists one new paper and one known paper.
    fs::create_dir_all(site.join("content/2025/07")).unwrap();
    fs::write(site.join("content/2025/07/2025-07-01.md"), DAY).unwrap();
    let (rendered, written, ..) = check_equal_to_scratch(site, "new day");
    assert!(
        written > 0 && written < total / 2,
        "{written} of {total} written"
    );
    assert!(rendered < total / 2, "{rendered} of {total} rendered");

    // An edited TL;DR in an existing day.
    let file = site.join("content/2025/07/2025-07-01.md");
    fs::write(&file, DAY.replace("TL;DR: New.", "TL;DR: Newer.")).unwrap();
    let (_, written, ..) = check_equal_to_scratch(site, "edit");
    assert!(written < total / 4, "{written} of {total} written");

    // A category renamed in site.toml.
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(
        site.join("site.toml"),
        toml.replace("# \"cs.CL\" = \"NLP\"", "\"cs.CL\" = \"Language\""),
    )
    .unwrap();
    check_equal_to_scratch(site, "category name");

    // A template of the site's own.
    fs::create_dir_all(site.join("templates")).unwrap();
    let card = fs::read_to_string(repo().join("templates/card.html")).unwrap();
    fs::write(
        site.join("templates/card.html"),
        card.replace(
            "+{{ paper.authors_more }} more",
            "and {{ paper.authors_more }} others",
        ),
    )
    .unwrap();
    let (rendered, ..) = check_equal_to_scratch(site, "template");
    assert_eq!(
        rendered,
        total_pages(site),
        "a template change renders every page"
    );

    // A day removed: its pages go.
    fs::remove_file(&file).unwrap();
    let (.., removed) = check_equal_to_scratch(site, "removed day");
    assert!(removed > 0);
    assert!(!site.join("public/days/2025-07-01").exists());
    assert!(!site.join("public/papers/2507.00001.html").exists());
}

fn total_pages(site: &Path) -> usize {
    let b = build(site, &site.join("count"));
    fs::remove_dir_all(site.join("count")).unwrap();
    b.pages
}

#[test]
fn output_without_manifest_is_compared_byte_by_byte() {
    let dir = scratch();
    let site = dir.path();
    common::site(site, &[("2025/01/2025-01-02.md", DAY)]);
    build(site, &site.join("public"));
    // Lose the manifest: the next build renders everything but writes nothing.
    let manifest = site.join(".public.paperpress-manifest");
    assert!(manifest.is_file());
    fs::remove_file(&manifest).unwrap();
    let (rendered, written, unchanged, _) = figures(&build(site, &site.join("public")));
    assert!(rendered > 0);
    assert_eq!(written, 0);
    assert!(unchanged > 0);
    // A page deleted by hand comes back even though the manifest says it was written.
    fs::remove_file(site.join("public/papers/2507.00001.html")).unwrap();
    let (rendered, written, ..) = figures(&build(site, &site.join("public")));
    assert_eq!((rendered, written), (1, 1));
    assert!(site.join("public/papers/2507.00001.html").is_file());
}
