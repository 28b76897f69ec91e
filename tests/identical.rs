//! Guards a refactor that must not change a byte of output: builds the example site, the
//! seeds + corpus site and a generated site, and compares every output file's hash with
//! the list in `tests/identical.sums`, made before the refactor. `PAPERPRESS_WRITE_SUMS=1`
//! writes the list instead. Removed with the list once the refactor has landed.

mod common;

#[path = "../benches/build/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::path::Path;

const SUMS: &str = "tests/identical.sums";

/// `site/file hash` for every output file of a build of `root` into `out`.
fn sums(name: &str, root: &Path, out: &Path, into: &mut BTreeMap<String, String>) {
    let o = common::run(
        root,
        &["build", "--output", out.to_str().expect("utf-8 path")],
    );
    assert!(o.status.success(), "{name}: {}", common::stderr(&o));
    // The manifest holds the page fingerprints, which a refactor may compute otherwise.
    for (rel, bytes) in common::tree(out)
        .into_iter()
        .filter(|(r, _)| r != ".paperpress")
    {
        into.insert(
            format!("{name}/{rel}"),
            format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes)),
        );
    }
}

#[test]
fn output_is_byte_identical_to_before_the_refactor() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = common::scratch();
    let mut all = BTreeMap::new();

    let example = dir.path().join("example");
    sums("example", &common::repo(), &example, &mut all);

    let real = dir.path().join("real");
    std::fs::create_dir_all(&real).expect("mkdir");
    let mut files = common::real_files(&shared);
    for e in std::fs::read_dir(shared.join("corpus/jsonl")).expect("corpus/jsonl") {
        files.push(e.expect("entry").path());
    }
    files.sort();
    common::copy_into_content(&real, &files);
    sums("real", &real, &real.join("public"), &mut all);

    let generated = dir.path().join("generated");
    std::fs::create_dir_all(&generated).expect("mkdir");
    common::site(&generated, &[]);
    corpus::write(&generated.join("content"), 70, 12).expect("generate");
    sums("generated", &generated, &generated.join("public"), &mut all);

    let listed: String = all.iter().map(|(f, h)| format!("{f} {h}\n")).collect();
    let path = common::repo().join(SUMS);
    if std::env::var_os("PAPERPRESS_WRITE_SUMS").is_some() {
        std::fs::write(&path, &listed).expect("write sums");
        return;
    }
    let before = std::fs::read_to_string(&path).expect("tests/identical.sums");
    let diff: Vec<String> = diffs(&before, &listed);
    assert!(
        diff.is_empty(),
        "{} files differ:\n{}",
        diff.len(),
        diff.join("\n")
    );
}

fn diffs(before: &str, after: &str) -> Vec<String> {
    let map = |s: &str| -> BTreeMap<String, String> {
        s.lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let (b, a) = (map(before), map(after));
    let mut out = Vec::new();
    for (f, h) in &b {
        match a.get(f) {
            None => out.push(format!("gone: {f}")),
            Some(x) if x != h => out.push(format!("changed: {f}")),
            _ => {}
        }
    }
    out.extend(
        a.keys()
            .filter(|f| !b.contains_key(*f))
            .map(|f| format!("new: {f}")),
    );
    out
}
