//! Helpers shared by the integration tests: the real binary, the real test data, scratch
//! folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use skips::{Need, skip};

/// The `paperpress` binary built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_paperpress"))
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (or `$PAPERPRESS_SHARED`), with the real digest files.
/// `None` where it is absent, and the running test is recorded as skipped ([`skip`]): it
/// returns.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("PAPERPRESS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    if dir.join("seeds").is_dir() {
        Some(dir)
    } else {
        skip(
            Need::Shared,
            &format!(
                "{} not found (the real digest files live there)",
                dir.display()
            ),
        );
        None
    }
}

/// Every file below `dir` with its bytes, by its path relative to `dir`.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("below dir");
            let bytes = std::fs::read(e.path()).expect("read output file");
            (rel.display().to_string(), bytes)
        })
        .collect()
}

/// A fresh empty folder that is removed when dropped.
pub fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("paperpress-test-")
        .tempdir()
        .expect("cannot create a temporary folder")
}

/// Runs the binary with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cannot run paperpress")
}

/// The figures `build --json` prints for a build that succeeded.
#[derive(Debug, serde::Deserialize)]
pub struct Built {
    pub ok: bool,
    /// Content files.
    pub files: usize,
    pub days: usize,
    pub papers: usize,
    pub categories: usize,
    pub pages: usize,
    pub rendered: usize,
    /// Files in the output folder.
    pub output_files: usize,
    /// Their bytes.
    pub output_bytes: u64,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub elapsed_seconds: f64,
    pub errors: usize,
    pub warnings: usize,
}

/// The figures of a successful `build --json` from its output.
pub fn built(o: &Output) -> Built {
    assert!(o.status.success(), "build failed:\n{}", stderr(o));
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("build --json printed no figures ({e}):\n{}", stdout(o)))
}

/// Runs `build --json` with `args` in `dir`: the build must succeed. Its figures.
pub fn build_json(dir: &Path, args: &[&str]) -> Built {
    let mut all = vec!["build", "--json"];
    all.extend_from_slice(args);
    built(&run(dir, &all))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a minimal site (site.toml and content/) into `dir`; `files` are (path below
/// content/, text).
pub fn site(dir: &Path, files: &[(&str, &str)]) {
    std::fs::write(
        dir.join("site.toml"),
        "title = \"Test Digest\"\nbase_url = \"https://example.org/\"\n",
    )
    .expect("write site.toml");
    for (rel, text) in files {
        let p = dir.join("content").join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write digest");
    }
}

/// Copies real digest files into `dir/content/`, keeping their names, and writes a
/// site.toml if there is none.
pub fn copy_into_content(dir: &Path, files: &[PathBuf]) {
    if !dir.join("site.toml").exists() {
        site(dir, &[]);
    }
    let content = dir.join("content");
    std::fs::create_dir_all(&content).expect("mkdir content");
    for f in files {
        std::fs::copy(f, content.join(f.file_name().expect("name"))).expect("copy digest");
    }
}

/// Every `.md` file of the seeds and the corpus (READMEs excluded).
pub fn real_files(shared: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["seeds", "corpus/daily-arxiv", "corpus/bilingual"] {
        let Ok(rd) = std::fs::read_dir(shared.join(dir)) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
pub mod csp;
pub mod files;
pub mod html;
pub mod server;
pub mod skips;
pub mod webdriver;
