//! Digest repositories built where they are: a daily-arXiv repository (`data/` with the
//! `.md` and `.jsonl` of the same days) and an arXiv-Daily-Reporter repository
//! (`D-Mon-YYYY/CODE/README.md` and topic folders), each laid out in a scratch folder from
//! the real files of ../shared, made a site with `paperpress new --here` and built in place.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// A paper the repository's own README links to: its front page is not a digest.
const README_PAPER: &str = "1706.03762";

/// Lays out `files` (path in ../shared/corpus, path in the repository) below `repo`, with
/// what a repository holds besides digests: a README, a workflow, an image.
fn lay_out(shared: &Path, repo: &Path, files: &[(&str, &str)]) -> Vec<PathBuf> {
    let mut digests = Vec::new();
    for (from, to) in files {
        let dest = repo.join(to);
        fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        fs::copy(shared.join("corpus").join(from), &dest).expect("copy a real digest");
        digests.push(dest);
    }
    fs::write(
        repo.join("README.md"),
        format!("# Daily papers\n\nBased on [attention](https://arxiv.org/abs/{README_PAPER}).\n"),
    )
    .expect("write README");
    fs::create_dir_all(repo.join(".github/workflows")).expect("mkdir");
    fs::write(repo.join(".github/workflows/run.yml"), "name: run\n").expect("write");
    // The repository's own documentation, with no date: not a digest.
    fs::create_dir_all(repo.join("docs")).expect("mkdir");
    fs::write(
        repo.join("docs/setup.md"),
        format!("# Setup\n\nWe follow <https://arxiv.org/abs/{README_PAPER}>.\n"),
    )
    .expect("write");
    // A tool's package with a dated Markdown file: not the repository's digests.
    let package = repo.join("node_modules/some-tool");
    fs::create_dir_all(&package).expect("mkdir");
    fs::write(
        package.join("2024-01-01.md"),
        format!("# Changes\n\n- [paper](https://arxiv.org/abs/{README_PAPER})\n"),
    )
    .expect("write");
    fs::create_dir_all(repo.join("images")).expect("mkdir");
    fs::write(
        repo.join("images/logo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .expect("write");
    digests
}

/// The arXiv ids a digest file lists, read without paperpress: a JSON Lines file's `id`
/// keys, else every arXiv abs or pdf link (arXiv-Daily-Reporter's `.jsonl` holds Python
/// literals, with links).
fn ids_in(file: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(file).expect("read digest");
    let records: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map_while(|l| serde_json::from_str(l).ok())
        .collect();
    if !records.is_empty() {
        return records
            .iter()
            .map(|r| r["id"].as_str().expect("a record's id").to_string())
            .collect();
    }
    let mut ids = BTreeSet::new();
    for marker in ["arxiv.org/abs/", "arxiv.org/pdf/"] {
        for (at, _) in text.match_indices(marker) {
            let id: String = text[at + marker.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let id = id.trim_end_matches('.');
            if id.len() >= 9 {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// Makes `repo` a site in place, builds it twice and checks that every paper of every digest
/// file has its page and nothing else does; returns the files `new --here` wrote.
fn adopt_and_build(repo: &Path, digests: &[PathBuf], content_dir: &str) {
    let before = tree(repo);
    let o = run(repo, &["new", "--here"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = fs::read_to_string(repo.join("site.toml")).expect("site.toml written");
    assert!(
        toml.contains(&format!("content_dir = \"{content_dir}\"")),
        "{toml}"
    );
    let mut after = tree(repo);
    assert!(after.remove("site.toml").is_some());
    assert!(after.remove(".github/workflows/paperpress.yml").is_some());
    assert_eq!(
        after, before,
        "new --here changed the repository's own files"
    );

    let first = build_json(repo, &[]);
    assert_eq!(first.files, digests.len(), "digest files read");
    assert_eq!(first.errors, 0);
    let mut expected = BTreeSet::new();
    for d in digests {
        let ids = ids_in(d);
        for id in &ids {
            assert!(
                repo.join(format!("public/papers/{id}.html")).is_file(),
                "{}: paper {id} has no page",
                d.display()
            );
        }
        expected.extend(ids);
    }
    let pages: BTreeSet<String> = fs::read_dir(repo.join("public/papers"))
        .expect("papers/")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .replace(".html", "")
        })
        .collect();
    assert_eq!(pages, expected, "paper pages and the digests' papers");
    assert_eq!(first.papers, expected.len());
    assert!(
        !pages.contains(README_PAPER),
        "the README was read as a digest"
    );

    // The output folder inside the content folder is not read back as content.
    let again = build_json(repo, &[]);
    assert_eq!((again.files, again.papers), (first.files, first.papers));
    assert_eq!(again.written, 0, "a second build changed the site");
}

#[test]
fn a_daily_arxiv_repository_builds_in_place() {
    let Some(shared) = shared() else { return };
    let dir = scratch();
    let repo = dir.path();
    let digests = lay_out(
        &shared,
        repo,
        &[
            (
                "jsonl/dw-dengwei__daily-arXiv-ai-enhanced__2026-04-15.md",
                "data/2026-04-15.md",
            ),
            (
                "jsonl/dw-dengwei__daily-arXiv-ai-enhanced__2026-04-15_AI_enhanced_Chinese.jsonl",
                "data/2026-04-15_AI_enhanced_Chinese.jsonl",
            ),
            (
                "daily-arxiv/dw-dengwei__daily-arXiv-ai-enhanced__2026-02-10.md",
                "data/2026-02-10.md",
            ),
            (
                "daily-arxiv/linyueqian__daily-arXiv-ai-enhanced__2025-04-24.md",
                "data/2025-04-24.md",
            ),
            (
                "jsonl/ZL-Asica__daily-arXiv-digest__2025-09-18_AI_enhanced.jsonl",
                "data/2025-09-18_AI_enhanced.jsonl",
            ),
        ],
    );
    adopt_and_build(repo, &digests, "data");
    let day = fs::read_to_string(repo.join("public/days/2026-04-15/index.html")).expect("day");
    assert!(day.contains("2604."), "the merged day lists its papers");
}

#[test]
fn an_arxiv_daily_reporter_repository_builds_in_place() {
    let Some(shared) = shared() else { return };
    let dir = scratch();
    let repo = dir.path();
    let b = "bilingual/";
    let digests = lay_out(
        &shared,
        repo,
        &[
            (
                &format!(
                    "{b}KJaebye__EmbodiedAI-Robotics-arXiv-Daily-Reporter__11-Feb-2025_RO_README.md"
                ),
                "11-Feb-2025/RO/README.md",
            ),
            (
                &format!("{b}CSQianDong__Awesome-arXiv-Daily-Reporter__1-Apr-2025_IR_README.md"),
                "1-Apr-2025/IR/README.md",
            ),
            (
                &format!(
                    "{b}KJaebye__EmbodiedAI-Robotics-arXiv-Daily-Reporter__17-Feb-2025_topic_RO_related_papers.md"
                ),
                "17-Feb-2025/topic/RO_related_papers.md",
            ),
            (
                "jsonl/CSQianDong__Awesome-arXiv-Daily-Reporter__9-Sep-2025_topic_RAG_related_papers.jsonl",
                "9-Sep-2025/topic/RAG_related_papers.jsonl",
            ),
        ],
    );
    adopt_and_build(repo, &digests, ".");
    assert!(repo.join("public/days/2025-02-11/index.html").is_file());
    assert!(repo.join("public/days/2025-09-09/index.html").is_file());
}

#[test]
fn content_flag_points_at_any_folder() {
    let Some(shared) = shared() else { return };
    let dir = scratch();
    let digests = dir.path().join("elsewhere/data");
    fs::create_dir_all(&digests).expect("mkdir");
    let file = shared.join("corpus/daily-arxiv/dw-dengwei__daily-arXiv-ai-enhanced__2026-02-10.md");
    fs::copy(&file, digests.join("2026-02-10.md")).expect("copy");
    let o = run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = build_json(
        dir.path(),
        &["--root", "site", "--content", "elsewhere/data"],
    );
    assert_eq!(b.files, 1, "only the folder --content names is read");
    assert_eq!(b.papers, ids_in(&file).len());
    assert!(
        dir.path()
            .join("site/public/days/2026-02-10/index.html")
            .is_file()
    );
    assert!(!dir.path().join("site/public/days/2025-06-23").exists());

    // A content folder that is not there is named, with what to do.
    let o = run(
        dir.path(),
        &["build", "--root", "site", "--content", "elsewhere/dat"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("elsewhere/dat: error: the content folder does not exist"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_here_refuses_a_folder_without_digests_or_with_a_site() {
    let dir = scratch();
    fs::write(dir.path().join("notes.md"), "# notes\n").expect("write");
    let o = run(dir.path(), &["new", "--here"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("found no digests"), "{}", stderr(&o));
    assert!(!dir.path().join("site.toml").exists());

    let o = run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&dir.path().join("site"), &["new", "--here"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("has a site.toml already"),
        "{}",
        stderr(&o)
    );
}
