//! JSON Lines digests, cross-listed papers and categories from paths, with the real binary:
//! hand-written fixtures for each rule, and the real files of ../shared where they show it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::html::Doc;
use common::*;

fn build_ok(dir: &Path) -> String {
    let o = run(dir, &["build"]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    stdout(&o)
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The cards of a list page: (paper id, marked as a cross-list).
fn cards(html: &str) -> Vec<(String, bool)> {
    let doc = Doc::parse(html);
    doc.elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "article" && e.has_class("card"))
        .map(|(i, e)| {
            let cross = doc
                .inside(i, "span")
                .iter()
                .any(|&s| doc.elements[s].has_class("cross-mark"));
            (e.attr("data-id").unwrap_or("").to_string(), cross)
        })
        .collect()
}

const RECORD_A: &str = r#"{"id": "2504.00001", "categories": ["cs.IT", "cs.LG"], "pdf": "https://arxiv.org/pdf/2504.00001", "abs": "https://arxiv.org/abs/2504.00001", "authors": ["A. One"], "title": "Coding Theory", "comment": "12 pages", "summary": "An abstract\nwrapped by arXiv.", "AI": {"tldr": "Short.", "motivation": "Why.", "method": "How.", "result": "What.", "conclusion": "So.", "relevance": "high"}, "_internal": {"x": 1}}"#;
const RECORD_B: &str = r#"{"id": "2504.00002", "categories": ["cs.LG"], "pdf": "https://arxiv.org/pdf/2504.00002", "abs": "https://arxiv.org/abs/2504.00002", "authors": ["B. Two"], "title": "Learning", "comment": null, "summary": "Another abstract.", "AI": {"tldr": "Also short."}}"#;

#[test]
fn json_lines_are_digests_and_cross_lists_are_marked() {
    let dir = scratch();
    let bad = "this line is not JSON\n";
    site(
        dir.path(),
        &[(
            "data/2025-04-15_AI_enhanced_English.jsonl",
            &format!("{RECORD_A}\n{bad}{RECORD_B}\n"),
        )],
    );
    let o = run(dir.path(), &["build", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/data/2025-04-15_AI_enhanced_English.jsonl:2: warning: not JSON"),
        "{err}"
    );
    let b = built(&o);
    assert_eq!((b.papers, b.warnings), (2, 1), "{b:?}");

    // Every field on the paper's page, the internal key not.
    let page = read(dir.path(), "papers/2504.00001.html");
    for text in [
        "Coding Theory",
        "A. One",
        "An abstract wrapped by arXiv.",
        "Short.",
        "Why.",
        "How.",
        "What.",
        "So.",
        "<dt>Comment</dt>",
        "12 pages",
        "<dt>Relevance</dt>",
        ">cs.IT<",
        ">cs.LG<",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    assert!(!page.contains("Internal"));

    // The day lists each paper once, under its primary category.
    let day = read(dir.path(), "days/2025-04-15/index.html");
    assert_eq!(cards(&day).len(), 2);
    // cs.LG lists both, the cs.IT paper marked as a cross-list; counts say so.
    let lg = read(dir.path(), "categories/cs.lg/index.html");
    assert_eq!(
        cards(&lg),
        [
            ("2504.00001".to_string(), true),
            ("2504.00002".to_string(), false)
        ]
    );
    assert!(
        lg.contains("2 papers (1 cross-listed from other categories)"),
        "{lg}"
    );
    assert_eq!(
        cards(&read(dir.path(), "categories/cs.it/index.html")),
        [("2504.00001".to_string(), false)]
    );
    let list = read(dir.path(), "categories/index.html");
    assert!(list.contains("1 cross-listed"), "{list}");
    // The category feed lists the cross-list, saying so.
    let feed = read(dir.path(), "categories/cs.lg/feed.xml");
    assert!(
        feed.contains("<title>Coding Theory (cross-list from cs.IT)</title>"),
        "{feed}"
    );
    assert!(feed.contains("<title>Learning</title>"));
}

#[test]
fn a_day_as_markdown_and_json_lines_gives_each_paper_once() {
    let dir = scratch();
    let md = "# cs.IT\n\n### [1] [Coding Theory](https://arxiv.org/abs/2504.00001)\n*A. One*\n\nMain category: cs.IT\n\nTL;DR: Short.\n\nKeywords: codes\n";
    site(
        dir.path(),
        &[
            ("2025-04-15.md", md),
            (
                "2025-04-15_AI_enhanced_English.jsonl",
                &format!("{RECORD_A}\n{RECORD_B}\n"),
            ),
        ],
    );
    let b = build_json(dir.path(), &[]);
    assert_eq!((b.files, b.days, b.papers), (2, 1, 2), "{b:?}");
    let page = read(dir.path(), "papers/2504.00001.html");
    // The fields of both: the Markdown's keywords and the record's summary and cross-list.
    assert!(page.contains("codes") && page.contains("Why.") && page.contains(">cs.LG<"));
    let article = &page[page.find("<article").expect("an article")..];
    assert_eq!(article.matches("Short.").count(), 1, "the same TL;DR once");
    let doc = Doc::parse(&page);
    let listed = doc
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "section" && e.has_class("appearances"))
        .flat_map(|(i, _)| doc.inside(i, "li"))
        .count();
    assert_eq!(listed, 2, "both files are listed");
}

#[test]
fn categories_from_paths_and_topics() {
    let dir = scratch();
    let paper = |n: u32, title: &str| {
        format!(
            "# {title} \n\n**Authors**: A. Author  \n\n**Link**: [PDF](https://arxiv.org/pdf/2502.{n:05})  \n\n**Abstract**: Text {n}.\n\n---\n"
        )
    };
    site(
        dir.path(),
        &[
            ("11-Feb-2025/RO/README.md", &paper(1, "A Robot")),
            ("11-Feb-2025/IV/README.md", &paper(2, "An Image")),
            (
                "11-Feb-2025/topic/RAG_related_papers.md",
                &format!("{}{}", paper(3, "Retrieval"), paper(1, "A Robot")),
            ),
            // Front matter comes after the path, a paper's own category before both.
            (
                "cs.CL/2025-02-12.md",
                "+++\ncategory = \"cs.AI\"\n+++\n### [1] [Own](https://arxiv.org/abs/2502.00004)\n*A*\n\nMain category: cs.CV\n\n### [2] [Folder](https://arxiv.org/abs/2502.00005)\n*B*\n",
            ),
            (
                "2025-02-13.md",
                "+++\ncategory = \"cs.AI\"\n+++\n### [1] [Front](https://arxiv.org/abs/2502.00006)\n*C*\n",
            ),
        ],
    );
    let out = build_ok(dir.path());
    let category = |id: &str| {
        let page = read(dir.path(), &format!("papers/{id}.html"));
        let doc = Doc::parse(&page);
        doc.elements
            .iter()
            .find(|e| e.name == "a" && e.has_class("tag"))
            .map(|e| e.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(category("2502.00001"), "cs.RO");
    assert_eq!(category("2502.00002"), "eess.IV");
    assert_eq!(category("2502.00004"), "cs.CV");
    assert_eq!(category("2502.00005"), "cs.CL");
    assert_eq!(category("2502.00006"), "cs.AI");
    // The topic file's papers: a tag on the page and the card; 2502.00003 names no category.
    let page = read(dir.path(), "papers/2502.00003.html");
    assert!(
        page.contains("<span class=\"tag topic\">RAG</span>"),
        "{page}"
    );
    assert!(read(dir.path(), "papers/2502.00001.html").contains(">RAG</span>"));
    let day = read(dir.path(), "days/2025-02-11/index.html");
    assert!(day.contains("<span class=\"tag topic\">RAG</span>"));
    assert!(
        out.contains("categories: 1 paper(s) name none")
            && out.contains("filed under \"misc\"")
            && out.contains("11-Feb-2025/topic/RAG_related_papers.md (1)"),
        "{out}"
    );
}

/// The real JSON Lines files: every record a paper, the Python-literal file read too, and
/// the cross-listing counts of each file.
#[test]
fn real_json_lines_files() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/jsonl");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("corpus/jsonl")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    eprintln!(
        "\n{:>7} {:>7} {:>11}  file",
        "records", "papers", "cross-lists"
    );
    for name in &names {
        let bytes = fs::read(dir.join(name)).expect("read");
        let (digest, diags) =
            paperpress::content::parse_file(Path::new(name), Path::new(name), &bytes);
        let digest = digest.expect("a digest");
        let records = String::from_utf8_lossy(&bytes)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        assert!(diags.iter().all(|d| !d.is_error()), "{name}: {diags:?}");
        assert_eq!(
            digest.papers.len(),
            records,
            "{name}: every record is a paper"
        );
        let ids: std::collections::BTreeSet<&str> =
            digest.papers.iter().map(|p| p.id.as_str()).collect();
        let cross = digest
            .papers
            .iter()
            .filter(|p| !p.other_categories.is_empty())
            .count();
        eprintln!("{records:>7} {:>7} {cross:>11}  {name}", ids.len());
    }

    // The day in both forms: one site, each paper once, cross-lists on their categories.
    let site_dir = scratch();
    site(site_dir.path(), &[]);
    fs::create_dir_all(site_dir.path().join("content")).expect("mkdir");
    for name in [
        "dw-dengwei__daily-arXiv-ai-enhanced__2026-04-15.md",
        "dw-dengwei__daily-arXiv-ai-enhanced__2026-04-15_AI_enhanced_Chinese.jsonl",
    ] {
        fs::copy(dir.join(name), site_dir.path().join("content").join(name)).expect("copy");
    }
    let b = build_json(site_dir.path(), &[]);
    assert_eq!((b.files, b.days, b.papers), (2, 1, 209), "{b:?}");
    let day = read(site_dir.path(), "days/2026-04-15/index.html");
    assert_eq!(cards(&day).len(), 209);
    assert!(cards(&day).iter().all(|(_, cross)| !cross));
    let mut per_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for entry in fs::read_dir(site_dir.path().join("public/categories")).expect("categories") {
        let entry = entry.expect("entry");
        if !entry.path().join("index.html").is_file() {
            continue;
        }
        let listed = cards(&fs::read_to_string(entry.path().join("index.html")).expect("read"));
        let cross = listed.iter().filter(|(_, c)| *c).count();
        per_category.insert(
            entry.file_name().to_string_lossy().into_owned(),
            (listed.len(), cross),
        );
    }
    eprintln!("2026-04-15, .md + .jsonl: papers (cross-lists) per category page: {per_category:?}");
    // cs.LG is no section of the Markdown digest: all its papers are cross-lists.
    let (lg, lg_cross) = per_category["cs.lg"];
    assert!(lg > 0 && lg == lg_cross, "{per_category:?}");
    // cs.CV, the largest section, lists its 87 papers and the cross-lists from elsewhere.
    let (cv, cv_cross) = per_category["cs.cv"];
    assert_eq!(cv - cv_cross, 87);
}
