//! The generator end to end: the real binary on the real digest files.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::html::Doc;
use common::*;
use paperpress::content;

/// Distinct arXiv ids linked from a file: what a reader of the file counts as its papers.
fn ids_listed(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for marker in ["arxiv.org/abs/", "arxiv.org/pdf/"] {
        for (i, _) in text.match_indices(marker) {
            let rest = &text[i + marker.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '/' || c == '-'))
                .unwrap_or(rest.len());
            if let Some(id) = paperpress::arxiv::parse_id(rest[..end].trim_end_matches(".pdf")) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// The arXiv ids that have a page in a built site.
fn ids_with_pages(public: &Path) -> BTreeSet<String> {
    let papers = public.join("papers");
    walkdir::WalkDir::new(&papers)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&papers).ok()?.to_string_lossy();
            Some(rel.strip_suffix(".html")?.replace('\\', "/"))
        })
        .collect()
}

fn build_ok(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    stdout(&o)
}

fn parse_real(path: &Path) -> paperpress::model::Digest {
    let bytes = fs::read(path).expect("read real file");
    let name = Path::new(path.file_name().expect("name"));
    let (digest, diags) = content::parse_file(name, name, &bytes);
    assert!(
        diags.iter().all(|d| !d.is_error()),
        "{}: {diags:?}",
        path.display()
    );
    digest.expect("a digest")
}

#[test]
fn seed_daily_arxiv_figures() {
    let Some(shared) = shared() else { return };
    let file = shared.join("seeds/daily-arxiv-2025-06-27.md");
    let dir = scratch();
    copy_into_content(dir.path(), std::slice::from_ref(&file));
    let b = build_json(dir.path(), &[]);
    assert_eq!(b.papers, 56, "{b:?}");

    // The day page groups the 56 papers by category with the right counts.
    let html = fs::read_to_string(dir.path().join("public/days/2025-06-27/index.html")).unwrap();
    let doc = Doc::parse(&html);
    let mut counts = BTreeMap::new();
    for (i, el) in doc.elements.iter().enumerate() {
        if el.name == "section" && el.has_class("group") {
            let code = doc.inside(i, "h2").first().map(|&h| {
                doc.elements[h]
                    .text
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string()
            });
            let cards = doc
                .inside(i, "article")
                .into_iter()
                .filter(|&a| doc.elements[a].has_class("card"))
                .count();
            counts.insert(code.unwrap_or_default(), cards);
        }
    }
    let expected: BTreeMap<String, usize> = [
        ("cs.CL", 38),
        ("cs.SD", 1),
        ("eess.AS", 1),
        ("cs.CV", 3),
        ("cs.AI", 5),
        ("cs.LG", 8),
    ]
    .into_iter()
    .map(|(c, n)| (c.to_string(), n))
    .collect();
    assert_eq!(counts, expected);
    assert_eq!(ids_with_pages(&dir.path().join("public")).len(), 56);

    // Every field the file gives is there, the abstract joined into one paragraph.
    let d = parse_real(&file);
    assert_eq!(d.papers.len(), 56);
    for p in &d.papers {
        let what = format!("paper {}", p.id);
        assert!(!p.title().is_empty(), "{what}");
        assert!(!p.authors().is_empty(), "{what}");
        assert!(p.authors().iter().all(|a| !a.contains(',')), "{what}");
        for (name, v) in [
            ("tldr", p.tldr()),
            ("motivation", p.motivation()),
            ("method", p.method()),
            ("result", p.result()),
            ("conclusion", p.conclusion()),
            ("abstract", p.abstract_en()),
        ] {
            assert!(!v.is_empty(), "{what}: {name} empty");
        }
        assert!(
            !p.abstract_en().contains('\n'),
            "{what}: abstract not joined"
        );
        assert!(!p.category.is_empty(), "{what}");
    }
    let first = &d.papers[0];
    assert_eq!(first.id, "2506.20747");
    assert_eq!(
        first.title(),
        "Towards Probabilistic Question Answering Over Tabular Data"
    );
    assert_eq!(
        first.authors().to_vec(),
        ["Chen Shen", "Sajjadur Rahman", "Estevam Hruschka"]
    );
    assert!(first.abstract_en().starts_with(
        "Current approaches for question answering (QA) over tabular data, such as NL2SQL systems,"
    ));
}

#[test]
fn seed_bilingual_figures() {
    let Some(shared) = shared() else { return };
    for (name, n) in [
        ("bilingual-2025-06-09.md", 56),
        ("bilingual-2025-05-06.md", 57),
    ] {
        let file = shared.join("seeds").join(name);
        let text = fs::read_to_string(&file).unwrap();
        let d = parse_real(&file);
        assert_eq!(d.papers.len(), n, "{name}");
        // Fields given in the file are never empty in the paper.
        let given = |label: &str| {
            text.lines()
                .filter(|l| l.starts_with(label) && !l[label.len()..].trim().is_empty())
                .count()
        };
        let count =
            |f: fn(&paperpress::model::Paper) -> bool| d.papers.iter().filter(|p| f(p)).count();
        assert_eq!(
            count(|p| !p.title_zh().is_empty()),
            given("**Title (ZH)**:"),
            "{name}"
        );
        assert_eq!(
            count(|p| !p.authors().is_empty()),
            given("**Authors**:"),
            "{name}"
        );
        assert_eq!(
            count(|p| !p.abstract_en().is_empty()),
            given("**Abstract**:"),
            "{name}"
        );
        assert_eq!(
            count(|p| !p.abstract_zh().is_empty()),
            given("**Abstract (ZH)**:"),
            "{name}"
        );

        let dir = scratch();
        copy_into_content(dir.path(), &[file]);
        let b = build_json(dir.path(), &[]);
        assert_eq!(b.papers, n, "{name}: {b:?}");
        assert_eq!(
            ids_with_pages(&dir.path().join("public")),
            ids_listed(&text)
        );
    }
}

#[test]
fn no_paper_is_lost_in_any_corpus_file() {
    let Some(shared) = shared() else { return };
    for file in real_files(&shared) {
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap()).into_owned();
        let dir = scratch();
        copy_into_content(dir.path(), std::slice::from_ref(&file));
        let o = run(dir.path(), &["build"]);
        assert!(o.status.success(), "{}: {}", file.display(), stderr(&o));
        let built = ids_with_pages(&dir.path().join("public"));
        assert_eq!(built, ids_listed(&text), "{}", file.display());
    }
}

#[test]
fn corpus_variants_keep_their_fields() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus/daily-arxiv");
    let extra_labels = |d: &paperpress::model::Digest| -> BTreeSet<String> {
        d.papers
            .iter()
            .flat_map(|p| p.extra.iter().map(|(l, _)| l.clone()))
            .collect()
    };

    // English output with extra fields and a tab-indented list.
    let d = parse_real(&corpus.join("ZL-Asica__daily-arXiv-digest__2025-05-02.md"));
    let labels = extra_labels(&d);
    for l in [
        "Keywords",
        "Relevance Score",
        "Read time",
        "Key Contributions",
    ] {
        assert!(labels.contains(l), "{l} missing from {labels:?}");
    }
    let p = &d.papers[0];
    assert_eq!(p.category, "cs.HC");
    assert!(p.tldr().starts_with("Audo-Sight is an assistive system"));
    let contributions = &p
        .extra
        .iter()
        .find(|(l, _)| l == "Key Contributions")
        .unwrap()
        .1;
    assert!(
        contributions.starts_with("1. Integration of MLLMs"),
        "{contributions}"
    );
    assert!(
        !p.extra.iter().any(|(l, _)| l == "Limitations"),
        "empty in the file"
    );

    // The fork template v2: quoted Chinese title, bold inline category, comments.
    let d = parse_real(&corpus.join("xmkxabc__daily-arXiv-ai-enhanced__2025-06-19.md"));
    assert_eq!(d.papers.len(), 468);
    let p = &d.papers[0];
    assert_eq!(p.id, "2506.14913");
    assert_eq!(
        p.title_zh(),
        "冬日战士：通过间接数据投毒在预训练阶段为语言模型植入后门"
    );
    assert_eq!(p.category, "cs.CR");
    assert!(p.tldr().starts_with("研究表明"));
    assert!(p.abstract_zh().starts_with("大型语言模型"));
    assert!(extra_labels(&d).contains("AI_Comments"));
    assert!(
        d.papers
            .iter()
            .all(|p| !p.tldr().is_empty() && !p.authors().is_empty())
    );

    // `TLDR:` without the semicolon.
    let d = parse_real(&corpus.join("xmkxabc__daily-arXiv-ai-enhanced__2025-04-15.md"));
    assert!(d.papers.iter().all(|p| !p.tldr().is_empty()));

    // The v0 template: no numbering, no categories, Task before the details.
    let d = parse_real(&corpus.join("xmkxabc__daily-arXiv-ai-enhanced__2025-03-21.md"));
    assert_eq!(d.papers.len(), 45);
    assert!(
        d.papers
            .iter()
            .all(|p| !p.motivation().is_empty() && !p.abstract_en().is_empty())
    );
    assert!(extra_labels(&d).contains("Task"));
}

/// Every page of the seeds + corpus site: internal links and assets resolve to files,
/// same-page anchors exist, and every page parses without HTML5 errors.
#[test]
fn site_of_all_real_files_links_and_parses() {
    let Some(shared) = shared() else { return };
    let dir = scratch();
    copy_into_content(dir.path(), &real_files(&shared));
    build_ok(
        dir.path(),
        &["--base-url", "https://example.github.io/digest/"],
    );
    let public = dir.path().join("public");
    let mut pages = 0;
    let mut kinds = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let rel = entry.path().strip_prefix(&public).unwrap().to_path_buf();
        let html = fs::read_to_string(entry.path()).unwrap();
        let doc = Doc::parse(&html);
        assert!(doc.errors.is_empty(), "{}: {:?}", rel.display(), doc.errors);
        if let Some(body) = doc.by_name("body").next() {
            kinds.insert(body.attr("class").unwrap_or("").to_string());
        }
        let ids: BTreeSet<&str> = doc.ids().into_iter().collect();
        for el in &doc.elements {
            for attr in ["href", "src"] {
                let Some(url) = el.attr(attr) else { continue };
                check_link(&public, &rel, url, &ids);
            }
        }
    }
    assert!(pages > 1500, "{pages} pages");
    for kind in [
        "home",
        "archive",
        "day",
        "categories",
        "category",
        "category_month",
        "paper",
        "search",
        "404",
    ] {
        assert!(
            kinds.contains(&format!("kind-{kind}")),
            "no {kind} page among {kinds:?}"
        );
    }
}

fn check_link(public: &Path, from: &Path, url: &str, ids: &BTreeSet<&str>) {
    if let Some(anchor) = url.strip_prefix('#') {
        assert!(
            ids.contains(anchor),
            "{}: no #{anchor} on the page",
            from.display()
        );
        return;
    }
    let url = match url.strip_prefix("https://example.github.io") {
        Some(rest) => rest,
        None if url.starts_with("https://")
            || url.starts_with("http://")
            || url.starts_with("mailto:") =>
        {
            return;
        }
        None => url,
    };
    let path = url
        .strip_prefix("/digest/")
        .unwrap_or_else(|| panic!("{}: link {url:?} leaves /digest/", from.display()));
    let path = path.split(['#', '?']).next().unwrap_or("");
    let file: PathBuf = if path.is_empty() || path.ends_with('/') {
        public.join(path).join("index.html")
    } else {
        public.join(path)
    };
    assert!(file.is_file(), "{}: broken link {url}", from.display());
}

#[test]
fn digest_cannot_inject_markup() {
    let payload = |field: &str| {
        format!(
            "<script>alert('{field}')</script> <img src=x onerror=alert(1)> <iframe src=\"javascript:alert(2)\"></iframe> [x](javascript:alert(3)) [y](data:text/html;base64,PHNjcmlwdD4=) <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">z</a> \" onmouseover=\"alert(6)"
        )
    };
    let daily = format!(
        "### [1] [Title {t}](https://arxiv.org/abs/2501.00001)\n*{a}*\n\nMain category: cs.CL\n\nTL;DR: {tl}\n\n<details>\n<summary>Details</summary>\nMotivation: {m}\n\nMethod: {me}\n\nResult: {r}\n\nConclusion: {c}\n\nAbstract: {ab}\n\n**Keywords:** {k}\n</details>\n",
        t = payload("title"),
        a = payload("authors"),
        tl = payload("tldr"),
        m = payload("motivation"),
        me = payload("method"),
        r = payload("result"),
        c = payload("conclusion"),
        ab = payload("abstract"),
        k = payload("keywords"),
    );
    let bilingual = format!(
        "# {t}\n\n**Title (ZH)**: {tz}\n\n**Authors**: {a}\n\n**Link**: [PDF](https://arxiv.org/pdf/2501.00002)\n\n**Abstract**: {ab}\n\n**Abstract (ZH)**: {az}\n",
        t = payload("btitle"),
        tz = payload("title_zh"),
        a = payload("bauthors"),
        ab = payload("babstract"),
        az = payload("abstract_zh"),
    );
    let dir = scratch();
    site(
        dir.path(),
        &[
            ("2025/01/2025-01-02.md", &daily),
            ("2025/01/2025-01-03.md", &bilingual),
        ],
    );
    build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        let doc = Doc::parse(&html);
        for (i, el) in doc.elements.iter().enumerate() {
            assert!(
                !["iframe", "img", "object", "embed", "frame", "svg", "form"]
                    .contains(&el.name.as_str())
                    || (el.name == "svg" && common::csp::is_site_chart(&doc, i))
                    || (el.name == "form"
                        && ["search-form", "site-search", "filter-add"]
                            .iter()
                            .any(|c| el.has_class(c))),
                "{}: <{}> from content",
                entry.path().display(),
                el.name
            );
            if el.name == "script" {
                assert!(
                    el.attr("src")
                        .is_some_and(|s| s.ends_with("app.js") || s.ends_with("search.js")),
                    "inline script"
                );
                assert!(el.text.trim().is_empty());
            }
            for (name, value) in &el.attrs {
                assert!(
                    !name.starts_with("on"),
                    "{}: {name}= attribute",
                    entry.path().display()
                );
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("data:"),
                    "{}: {name}={value}",
                    entry.path().display()
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 10);
    // The payloads are shown as text.
    let page = fs::read_to_string(public.join("papers/2501.00001.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert"),
        "payload not shown as text"
    );
}

#[test]
fn errors_keep_the_previous_site_and_name_the_file() {
    let dir = scratch();
    let good = "### [1] [A Paper](https://arxiv.org/abs/2501.00001)\n*A*\n\nTL;DR: fine\n";
    site(dir.path(), &[("2025/01/2025-01-02.md", good)]);
    build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    let snapshot = |p: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(p)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(p).unwrap().display().to_string(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let before = snapshot(&public);

    // An undated file is an error: non-zero exit, message names it, output untouched.
    fs::write(dir.path().join("content/notes.md"), "# notes\n").unwrap();
    let o = run(dir.path(), &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("content/notes.md: error: cannot tell which day"),
        "{err}"
    );
    assert_eq!(snapshot(&public), before);

    // A malformed paper is a warning naming file and line; the rest builds.
    fs::remove_file(dir.path().join("content/notes.md")).unwrap();
    let text = format!(
        "{good}\n### [2] [No Link]()\n*B*\n\n### [3] [Third](https://arxiv.org/abs/2501.00003)\n*C*\n"
    );
    fs::write(dir.path().join("content/2025/01/2025-01-02.md"), text).unwrap();
    fs::write(
        dir.path().join("content/2025/01/2025-01-03.md"),
        "### [1] [Later](https://arxiv.org/abs/2501.00004)\n",
    )
    .unwrap();
    let o = run(dir.path(), &["build", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/2025/01/2025-01-02.md:6: warning:"),
        "{err}"
    );
    let b = built(&o);
    assert_eq!(
        (b.files, b.days, b.papers, b.categories),
        (2, 2, 3, 1),
        "{b:?}"
    );
    assert!(b.warnings >= 1, "{b:?}");
    assert!(public.join("papers/2501.00003.html").is_file());

    // Stale pages from earlier builds are gone after a successful build.
    fs::remove_file(dir.path().join("content/2025/01/2025-01-03.md")).unwrap();
    build_ok(dir.path(), &[]);
    assert!(!public.join("papers/2501.00004.html").exists());
    assert!(!public.join("days/2025-01-03").exists());
    assert!(public.join("papers/2501.00003.html").is_file());
}

#[test]
fn same_day_files_merge_and_repeated_papers_are_one_page() {
    let dir = scratch();
    site(
        dir.path(),
        &[
            (
                "11-Feb-2025/RO/README.md",
                "# Robot Paper \n\n**Authors**: R. One  \n\n**Link**: [PDF](https://arxiv.org/pdf/2502.00001)  \n\n**Abstract**: Robots.\n",
            ),
            (
                "2025/02/2025-02-11-cv.md",
                "+++\ncategory = \"cs.CV\"\n+++\n# Vision Paper\n\n**Authors**: V. One\n\n**Link**: [PDF](https://arxiv.org/pdf/2502.00002)\n",
            ),
            (
                "2025/02/2025-02-12.md",
                "### [1] [Robot Paper](https://arxiv.org/abs/2502.00001v2)\n*R. One*\n\nMain category: cs.RO\n\nTL;DR: Again.\n",
            ),
        ],
    );
    let b = build_json(dir.path(), &[]);
    assert_eq!((b.files, b.days, b.papers), (3, 2, 2), "{b:?}");
    let day = fs::read_to_string(dir.path().join("public/days/2025-02-11/index.html")).unwrap();
    assert!(day.contains("Robot Paper") && day.contains("Vision Paper"));
    let paper = fs::read_to_string(dir.path().join("public/papers/2502.00001.html")).unwrap();
    let doc = Doc::parse(&paper);
    let listed: Vec<&str> = doc
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "section" && e.has_class("appearances"))
        .flat_map(|(i, _)| doc.inside(i, "li"))
        .map(|li| doc.elements[li].text.as_str())
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed[0].starts_with("2025-02-11"));
    assert!(listed[1].starts_with("2025-02-12"));
    // The TL;DR of the later listing fills the gap; the category comes from it too.
    assert!(paper.contains("Again."));
    assert!(paper.contains(">cs.RO<"));
}

#[test]
fn unknown_format_falls_back_to_links_with_a_warning() {
    let dir = scratch();
    let text = "Today's reading list\n\n1. [Deep Residual Learning](https://arxiv.org/abs/1512.03385)\n2. Adam: see https://arxiv.org/pdf/1412.6980v9.\n3. [PDF](https://arxiv.org/pdf/hep-th/9901001)\n";
    site(dir.path(), &[("2025/03/2025-03-01-list.md", text)]);
    let o = run(dir.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/2025/03/2025-03-01-list.md: warning: format not recognised; read 3 arXiv link(s)"),
        "{}",
        stderr(&o)
    );
    let public = dir.path().join("public");
    assert_eq!(
        ids_with_pages(&public),
        ["1412.6980", "1512.03385", "hep-th/9901001"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    let page = fs::read_to_string(public.join("papers/1512.03385.html")).unwrap();
    assert!(page.contains("<h1>Deep Residual Learning</h1>"));
}
