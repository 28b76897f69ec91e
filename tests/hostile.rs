//! Hostile digest files (tests/hostile/ and byte-level cases made here) through the real
//! binary: each gives a clear `path:line` diagnostic or renders safely, and none keeps the
//! other files from building.

mod common;

use std::fs;
use std::path::Path;

use common::csp::scan_site;
use common::*;

/// A well-formed day: its three papers must always be on the site.
const GOOD: &str = "\
# cs.CL [[Back]](#toc)

### [1] [Good Paper One](https://arxiv.org/abs/2501.09001)
*Ann Good,Ben Good*

Main category: cs.CL

TL;DR: The first good paper.

### [2] [Good Paper Two](https://arxiv.org/abs/2501.09002)
*Cat Good*

TL;DR: The second good paper.

# cs.LG [[Back]](#toc)

### [3] [Good Paper Three](https://arxiv.org/abs/2501.09003)
*Dan Good*

TL;DR: The third good paper.
";

const GOOD_IDS: [&str; 3] = ["2501.09001", "2501.09002", "2501.09003"];

/// One hostile file: where it goes below content/, its bytes, and the diagnostic it must get
/// (`None`: it must build without one); `error` for those that stop a build.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    expect: Option<(&'static str, &'static str)>,
    error: bool,
}

fn committed(file: &str) -> Vec<u8> {
    fs::read(repo().join("tests/hostile").join(file)).expect("read tests/hostile file")
}

/// Bytes that are not text: a fixed pseudo-random sequence.
fn binary(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9E37_79B9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn paper(n: u32, title: &str) -> String {
    format!(
        "### [{n}] [{title}](https://arxiv.org/abs/2501.{:05})\n*Some Author*\n\nTL;DR: Text of {n}.\n\n",
        100 + n
    )
}

/// Every hostile case that lets a build go on (warnings at most), then those that stop it.
fn cases() -> Vec<Case> {
    let w = |name, bytes, line, msg| Case {
        name,
        bytes,
        expect: Some((line, msg)),
        error: false,
    };
    let ok = |name, bytes| Case {
        name,
        bytes,
        expect: None,
        error: false,
    };
    vec![
        w("2025/01/2025-01-02-injection-daily.md", committed("injection-daily.md"), "4", "is not an arXiv category"),
        ok("2025/01/2025-01-03-injection-bilingual.md", committed("injection-bilingual.md")),
        ok("2025/01/2025-01-04-rtl-emoji.md", committed("rtl-emoji.md")),
        w(
            "2025/01/2025-01-20-injection-generic.md",
            committed("injection-generic.md"),
            "",
            "format not recognised; read 2 arXiv link(s)",
        ),
        ok("2025/01/2025-01-05-old-ids.md", committed("old-ids.md")),
        ok("2025/01/2025-01-06-tabs.md", committed("tabs.md")),
        w("2025/01/front-only.md", committed("front-only.md"), "", "no papers found"),
        w(
            "2025/01/2025-01-09-invalid-utf8.md",
            [&b"### [1] [Fine](https://arxiv.org/abs/2501.00201)\n*A*\n\nTL;DR: bad \xff\xfe\xc3 bytes\n"[..]].concat(),
            "4",
            "not UTF-8",
        ),
        ok(
            "2025/01/2025-01-10-bom-crlf.md",
            b"\xEF\xBB\xBF+++\r\ntitle = \"BOM and CRLF\"\r\n+++\r\n### [1] [BOM Paper](https://arxiv.org/abs/2501.00202)\r\n*A,B*\r\n\r\nTL;DR: crlf\r\nwrapped\r\n".to_vec(),
        ),
        ok(
            "2025/01/2025-01-11-lone-cr.md",
            b"### [1] [Lone CR Paper](https://arxiv.org/abs/2501.00203)\r*A*\r\rTL;DR: old Mac\rline endings\r".to_vec(),
        ),
        w(
            "2025/01/2025-01-12-nul.md",
            b"### [1] [NUL\0Paper](https://arxiv.org/abs/2501.00204)\n*A\0B*\n\nTL;DR: nul\0here\n".to_vec(),
            "",
            "contains NUL bytes",
        ),
        w("2025/01/2025-01-13-empty.md", Vec::new(), "", "the file is empty"),
        w("2025/01/2025-01-14-binary.md", binary(20_000), "", "looks like a binary file"),
        ok(
            "2025/01/2025-01-15-long-title.md",
            paper(1, &"Long title ".repeat(910)).into_bytes(),
        ),
        // The same id with a different title and TL;DR on a later day: the first day's
        // title is the paper's, the later one is warned about and shown among its fields.
        ok("2025/01/2025-01-16-conflict-a.md", paper(7, "Conflict First").into_bytes()),
        w(
            "2025/01/2025-01-17-conflict-b.md",
            paper(7, "Conflict Second").replace("Text of 7", "Another text").into_bytes(),
            "1",
            "paper 2501.00107 has a different title at content/2025/01/2025-01-16-conflict-a.md:1",
        ),
        // Broken front matter is left out with a warning; without its date, this file has
        // none, and an undated file is an error.
        Case {
            name: "2025/01/broken-front.md",
            bytes: committed("broken-front.md"),
            expect: Some(("", "cannot tell which day")),
            error: true,
        },
        w(
            "2025/01/2025-01-19-unclosed-front.md",
            committed("unclosed-front.md"),
            "1",
            "never closed by another +++ line; the front matter is ignored",
        ),
    ]
}

fn write_site(dir: &Path, cases: &[&Case]) {
    site(dir, &[("2025/01/2025-01-01-good.md", GOOD)]);
    for c in cases {
        let p = dir.join("content").join(c.name);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, &c.bytes).expect("write hostile file");
    }
}

/// The diagnostic line `content/NAME:LINE: severity: ...MSG...` (no `:LINE` when `line` is
/// empty) is among `lines`.
fn has_diagnostic(lines: &str, name: &str, line: &str, severity: &str, msg: &str) -> bool {
    let head = if line.is_empty() {
        format!("content/{name}: {severity}: ")
    } else {
        format!("content/{name}:{line}: {severity}: ")
    };
    lines
        .lines()
        .any(|l| l.starts_with(&head) && l.contains(msg))
}

#[test]
fn every_hostile_file_is_reported_and_the_rest_builds() {
    let all = cases();
    let dir = scratch();
    let root = dir.path();
    let building: Vec<&Case> = all.iter().filter(|c| !c.error).collect();
    write_site(root, &building);
    let o = run(root, &["build"]);
    let err = stderr(&o);
    assert!(o.status.success(), "build failed:\n{err}");
    for c in &building {
        if let Some((line, msg)) = c.expect {
            assert!(
                has_diagnostic(&err, c.name, line, "warning", msg),
                "no `{msg}` warning for {} at line {line:?}:\n{err}",
                c.name
            );
        } else {
            assert!(
                !err.lines()
                    .any(|l| l.starts_with(&format!("content/{}:", c.name))),
                "{} should build without a word:\n{err}",
                c.name
            );
        }
    }
    assert!(!err.contains("panicked"), "{err}");
    let out = root.join("public");
    for id in GOOD_IDS {
        assert!(
            out.join(format!("papers/{id}.html")).is_file(),
            "{id} is missing"
        );
    }
    let good_day = fs::read_to_string(out.join("days/2025-01-01/index.html")).expect("good day");
    for t in ["Good Paper One", "Good Paper Two", "Good Paper Three"] {
        assert!(good_day.contains(t), "{t} is not on its day");
    }
    // What each case must show, safely.
    let page = |id: &str| {
        fs::read_to_string(out.join(format!("papers/{id}.html")))
            .unwrap_or_else(|_| panic!("no page for {id}"))
    };
    assert!(
        page("2501.00001").contains("Title &lt;script&gt;"),
        "the hostile title is shown as text"
    );
    assert!(page("hep-th/9901001").contains("String theory in old ids"));
    assert!(page("2501.00060").contains("&lt;img src=/pwned-generic"));
    assert!(page("2501.00061").contains("arXiv:2501.00061"));
    assert!(page("math.AG/0601001").contains("Math id"));
    assert!(page("2501.00020").contains("🧠🚀"));
    assert!(page("2501.00202").contains("BOM Paper"));
    assert!(page("2501.00203").contains("old Mac line endings"));
    assert!(page("2501.00204").contains("NUL\u{FFFD}Paper"));
    assert!(page("2501.00201").contains("bad \u{FFFD}"));
    assert!(page("2501.00101").contains(&"Long title ".repeat(910).trim_end().to_string()));
    let conflict = page("2501.00107");
    assert!(conflict.contains("<h1>Conflict First</h1>"));
    let more = &conflict[conflict.find("<h2>More</h2>").expect("a More section")..];
    assert!(more.contains("Conflict Second") && more.contains("Another text"));
    assert!(
        conflict.contains("2025-01-16") && conflict.contains("2025-01-17"),
        "both days listed"
    );
    assert!(
        page("2501.00031").contains("Lost"),
        "the paper under broken front matter"
    );
    let tabs = page("2501.00040");
    assert!(tabs.contains("tabs") && tabs.contains("everywhere"), "tabs");
    // Nothing a digest wrote became markup or a script URL.
    let problems = scan_site(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let index = fs::read_to_string(out.join("index.html")).expect("home");
    assert!(
        !index.contains("<script>window"),
        "payload in the home page"
    );
}

#[test]
fn files_with_errors_are_named_and_leave_the_site_as_it_was() {
    let all = cases();
    let dir = scratch();
    let root = dir.path();
    write_site(root, &[]);
    let o = run(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = fs::read(root.join("public/index.html")).expect("home");

    let erroring: Vec<&Case> = all.iter().filter(|c| c.error).collect();
    write_site(root, &all.iter().collect::<Vec<_>>());
    let o = run(root, &["build"]);
    let err = stderr(&o);
    assert!(
        !o.status.success(),
        "a broken file must fail the build:\n{err}"
    );
    for c in &erroring {
        let (line, msg) = c.expect.expect("an error case names its message");
        assert!(
            has_diagnostic(&err, c.name, line, "error", msg),
            "no `{msg}` error for {} at line {line}:\n{err}",
            c.name
        );
    }
    assert!(
        has_diagnostic(
            &err,
            "2025/01/broken-front.md",
            "4",
            "warning",
            "unclosed array"
        ),
        "{err}"
    );
    assert_eq!(
        fs::read(root.join("public/index.html")).expect("home"),
        before
    );
    assert!(!err.contains("panicked"), "{err}");

    // `check` still reads and renders every other file, and lists every problem.
    let o = run(root, &["check"]);
    let err = stderr(&o);
    assert!(!o.status.success());
    for c in all.iter().filter(|c| c.expect.is_some()) {
        let (line, msg) = c.expect.expect("expect");
        let severity = if c.error { "error" } else { "warning" };
        assert!(
            has_diagnostic(&err, c.name, line, severity, msg),
            "check lacks `{msg}` for {}:\n{err}",
            c.name
        );
    }
    assert!(!err.contains("broken link"), "{err}");
}

#[test]
fn five_thousand_categories_build() {
    let dir = scratch();
    let root = dir.path();
    let mut text = String::new();
    let mut codes = Vec::new();
    for i in 0..5000u32 {
        let sub: String = (0..4)
            .map(|k| (b'A' + ((i / 26u32.pow(k)) % 26) as u8) as char)
            .collect();
        let code = format!("cs.{sub}");
        text.push_str(&format!(
            "# {code}\n\n### [{i}] [Paper {i}](https://arxiv.org/abs/2502.{i:05})\n*Author {i}*\n\nTL;DR: In {code}.\n\n"
        ));
        codes.push(code);
    }
    // And one paper that names all of them in a field.
    text.push_str(&format!(
        "# cs.CL\n\n### [5000] [Every category](https://arxiv.org/abs/2502.10000)\n*Many*\n\nCategories: {}\n",
        codes.join(", ")
    ));
    site(root, &[("2025/02/2025-02-01.md", &text)]);
    let b = build_json(root, &[]);
    assert_eq!((b.papers, b.categories), (5001, 5001), "{b:?}");
    let cats = fs::read_to_string(root.join("public/categories/index.html")).expect("categories");
    assert!(
        cats.contains(&codes[0]) && cats.contains(&codes[4999]),
        "categories listed"
    );
    let pages = fs::read_dir(root.join("public/categories"))
        .expect("categories folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().join("index.html").is_file())
        })
        .count();
    assert_eq!(pages, 5001, "a page per category");
    let every = fs::read_to_string(root.join("public/papers/2502.10000.html")).expect("paper");
    assert!(every.contains(&codes[4999]), "the field with every code");
}
