//! `paperpress check`: content diagnostics, broken links and anchors, exit codes.

mod common;

use std::fs;

use common::server::example_site;
use common::*;

#[test]
fn the_example_site_passes() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let o = run(site, &["check", "--strict"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("internal links"), "{out}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
    assert!(!site.join("public").exists(), "check writes no site");
}

#[test]
fn broken_links_and_anchors_are_errors_with_page_and_line() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let base = fs::read_to_string(site.join("templates/404.html")).unwrap();
    fs::write(
        site.join("templates/404.html"),
        base.replace(
            "{% endblock main %}",
            "<p><a href=\"{{ url(path=\"nowhere/\") }}\">gone</a>\n<a href=\"#no-such-id\">here</a>\n<a href=\"{{ url(path=\"days/\") }}#also-missing\">days</a>\n<a href=\"https://example.com/\">out</a></p>\n{% endblock main %}",
        ),
    )
    .unwrap();
    let o = run(site, &["check"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("404.html:")).collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].contains(": error: broken link \"/nowhere/\": no such page"),
        "{err}"
    );
    assert!(
        lines[1].contains("no element with id \"no-such-id\" on 404.html"),
        "{err}"
    );
    assert!(
        lines[2].contains("no element with id \"also-missing\" on days/index.html"),
        "{err}"
    );
    // Each names its line in the page.
    let n: Vec<usize> = lines
        .iter()
        .map(|l| l.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(n[0] > 1 && n[1] == n[0] + 1 && n[2] == n[1] + 1, "{n:?}");
    assert!(err.contains("error: check found 3 error(s)"), "{err}");
}

#[test]
fn content_errors_and_warnings_set_the_exit_code() {
    let dir = scratch();
    let site = dir.path();
    common::site(
        site,
        &[(
            "2025/01/2025-01-02.md",
            "### [1] [A Paper](https://arxiv.org/abs/2501.00001)\n*A. Author*\n\nMain category: cs.CL\n\nTL;DR: Fine.\n\n### [2] A paper without a link\n*B. Author*\n",
        )],
    );
    let o = run(site, &["check"]);
    assert!(o.status.success(), "warnings alone pass: {}", stderr(&o));
    assert!(
        stderr(&o).contains("content/2025/01/2025-01-02.md:8: warning:"),
        "{}",
        stderr(&o)
    );
    let o = run(site, &["check", "--strict"]);
    assert!(!o.status.success(), "--strict fails on warnings");
    assert!(
        stderr(&o).contains("--strict fails on warnings"),
        "{}",
        stderr(&o)
    );

    fs::write(site.join("content/notes.md"), "+++\ntitle = 3\n+++\n").unwrap();
    let o = run(site, &["check"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    // Broken front matter is a warning; without it the file has no date, an error.
    assert!(
        err.contains("content/notes.md:2: warning: front matter"),
        "{err}"
    );
    assert!(
        err.contains("content/notes.md: error: cannot tell which day"),
        "{err}"
    );
    assert!(err.contains("check found 1 error(s)"), "{err}");
}

#[test]
fn the_real_corpus_checks_clean_of_errors() {
    let Some(shared) = shared() else { return };
    let dir = scratch();
    let site = dir.path();
    copy_into_content(site, &real_files(&shared));
    let o = run(site, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("broken link"), "{}", stderr(&o));
}

/// `build` and `check` say what became of the content's lines; `--verbose` by line number;
/// `check --strict` fails on a file whose papers lost text.
#[test]
fn the_lines_of_every_file_are_reported() {
    let dir = scratch();
    let digest = "# cs.CL\n\n### [1] [A Paper](https://arxiv.org/abs/2501.00001)\n*A*\n\nA note under no label.\n\nTL;DR: short\n\n---\n\n### [2] [Kept](https://arxiv.org/abs/2501.00002)\n*B*\n\nTL;DR: fine\n";
    site(dir.path(), &[("2025/01/2025-01-02.md", digest)]);
    let o = run(dir.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("content/2025/01/2025-01-02.md: 6 shown on papers' pages, 1 shown as unlabelled text, 2 dropped as structure"),
        "{out}"
    );
    assert!(out.contains("lines: 9 in 1 file(s);"), "{out}");

    let o = run(dir.path(), &["check", "--strict", "--verbose"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("  unlabelled text: line 6\n"), "{out}");
    assert!(out.contains("  structure: line 1, 10\n"), "{out}");

    // A paper that cannot be read: its lines are lost, said so, and --strict fails.
    let broken = digest.replace("https://arxiv.org/abs/2501.00002", "https://example.org/x");
    fs::write(dir.path().join("content/2025/01/2025-01-02.md"), broken).unwrap();
    let o = run(dir.path(), &["check", "--strict"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("content/2025/01/2025-01-02.md:12: warning: paper \"Kept\" links to \"https://example.org/x\", not to arXiv; skipped (3 lines not shown)"),
        "{err}"
    );
    assert!(stdout(&o).contains("3 lost"), "{}", stdout(&o));
}

/// The links and ids of a page as html5ever's tokenizer reads them: a browser's reading, to
/// hold check's own scanner (faster, see check/html.rs) to.
mod tokenizer {
    use std::cell::RefCell;

    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    };
    use paperpress::check::html::Scan;

    #[derive(Default)]
    struct Sink(RefCell<Scan>);

    impl TokenSink for Sink {
        type Handle = ();

        fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
            let TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            if tag.kind != StartTag {
                return TokenSinkResult::Continue;
            }
            let mut out = self.0.borrow_mut();
            for a in &tag.attrs {
                match &*a.name.local {
                    "href" | "src" => out.links.push((line as usize, a.value.to_string())),
                    "id" => out.ids.push(a.value.to_string()),
                    _ => {}
                }
            }
            // What a tree builder would do: these elements hold raw text.
            match &*tag.name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" => TokenSinkResult::RawData(RawKind::Rawtext),
                "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                _ => TokenSinkResult::Continue,
            }
        }
    }

    pub fn scan(html: &str) -> Scan {
        let tokenizer = Tokenizer::new(Sink::default(), Default::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.0.take()
    }
}

/// check's scanner finds the links, lines and ids a browser's tokenizer finds, on markup
/// that trips hand-written scanners and on every page of the example and the real corpus.
#[test]
fn the_link_scanner_reads_pages_as_a_browser_does() {
    use paperpress::check::html;
    let tricky = [
        "<!DOCTYPE html>\n<title>a <b href=x></title>\n<script>if (a<b) x = '<a href=\"/no\">';</script>",
        "<!-- <a href=\"/commented\"> --><a\n  HREF='/a?x=1&amp;y=2#s&#39;' id=\"m&lt;n\">x</a>",
        "<img src = 'p.png' alt=\">\"><p id=top>a < b</p><a href=/u/v/>",
        "<style>a[href=\"x\"]{}</STYLE><a href=1></a><textarea><a href=2></textarea><a href=&quot;4&quot;>",
        "<?xml x?><a/href=/s><b id=\"\" ></b></a href=/end-tag>",
    ];
    for page in tricky {
        assert_eq!(html::scan(page), tokenizer::scan(page), "{page}");
    }
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    if let Some(shared) = shared() {
        copy_into_content(site, &real_files(&shared));
    }
    let o = run(site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    let mut links = 0;
    for e in walkdir::WalkDir::new(site.join("public")) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let text = fs::read_to_string(e.path()).unwrap();
        let ours = html::scan(&text);
        assert_eq!(ours, tokenizer::scan(&text), "{}", e.path().display());
        pages += 1;
        links += ours.links.len();
    }
    assert!(pages > 10 && links > pages, "{pages} pages, {links} links");
}
