//! The reading experience in a real browser: the example site, built once by the real binary,
//! served by a plain file server under a strict Content-Security-Policy, read by headless
//! Chromium. Language toggle, math, filters, favourites, BibTeX, keyboard, accessibility;
//! and the weight of a 60-paper day.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use common::files::FileServer;
use common::html::Doc;
use common::server::example_site;
use common::webdriver::Browser;
use common::*;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

struct Built {
    out: PathBuf,
    server: FileServer,
}

/// The example site, built once for every test of this file and served.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reading");
        let _ = fs::remove_dir_all(&dir);
        let root = dir.join("site");
        fs::create_dir_all(&root).unwrap();
        example_site(&root);
        // The site is served at the root of the file server.
        let toml = fs::read_to_string(root.join("site.toml")).unwrap();
        let toml = toml
            .lines()
            .map(|l| {
                if l.starts_with("base_url") {
                    "base_url = \"http://127.0.0.1/\"".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(root.join("site.toml"), toml).unwrap();
        let out = dir.join("public");
        let o = run(&root, &["build", "--output", out.to_str().unwrap()]);
        assert!(o.status.success(), "build failed: {}", stderr(&o));
        // axe-core, for the accessibility test, served from the same origin.
        if let Ok(axe) = fs::read(repo().join("node_modules/axe-core/axe.min.js")) {
            fs::write(out.join("__axe.min.js"), axe).unwrap();
        }
        let server = FileServer::start(out.clone());
        Built { out, server }
    })
}

/// One browser at a time: the machine is small and Chromium is not.
fn one_browser() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Opens a page and waits until it and its deferred script are done.
fn open(b: &Browser, path: &str) {
    b.goto(&built().server.at(path));
    assert!(
        b.wait_until("return document.readyState === 'complete';", WAIT),
        "{path} did not load"
    );
}

/// A browser with nothing stored for the site.
fn fresh_browser() -> Option<Browser> {
    let b = Browser::start()?;
    open(&b, "/");
    b.run("localStorage.clear(); return true;");
    Some(b)
}

fn display(b: &Browser, css: &str) -> String {
    let v = b.run_with(
        "var el = document.querySelector(arguments[0]); return el ? getComputedStyle(el).display : 'missing';",
        json!([css]),
    );
    v.as_str().unwrap_or("").to_string()
}

fn text(b: &Browser, css: &str) -> String {
    b.run_with(
        "var el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
        json!([css]),
    )
    .as_str()
    .unwrap_or_else(|| panic!("no element {css}"))
    .to_string()
}

#[test]
fn the_language_toggle_switches_every_text_without_reload_and_is_remembered() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    open(&b, "/days/2025-06-24/");
    // site.toml says English: the Chinese titles are in the page but hidden.
    assert_eq!(
        b.run("return document.documentElement.getAttribute('data-lang');"),
        json!("en")
    );
    assert_eq!(display(&b, ".card-title .bi-zh"), "none");
    assert_ne!(display(&b, ".card-title .bi-en"), "none");
    assert_ne!(display(&b, ".lang-toggle"), "none");
    assert_eq!(
        b.run("return document.querySelector('[data-set-lang=en]').getAttribute('aria-pressed');"),
        json!("true")
    );

    b.run("window.__same_page = true; return true;");
    b.click("[data-set-lang=zh]");
    assert_eq!(display(&b, ".card-title .bi-en"), "none");
    assert_ne!(display(&b, ".card-title .bi-zh"), "none");
    assert_eq!(
        b.run("return [document.querySelector('[data-set-lang=zh]').getAttribute('aria-pressed'), document.querySelector('[data-set-lang=en]').getAttribute('aria-pressed'), window.__same_page === true];"),
        json!(["true", "false", true]),
        "the toggle must switch in place, without a reload"
    );
    assert_eq!(
        b.run("return localStorage.getItem('paperpress.lang');"),
        json!("\"zh\"")
    );

    // Another page opens in the chosen language.
    open(&b, "/papers/2103.00020.html");
    assert_eq!(
        b.run("return document.documentElement.getAttribute('data-lang');"),
        json!("zh")
    );
    assert_eq!(display(&b, "section.abstract.bi-en"), "none");
    assert_ne!(display(&b, "section.abstract.bi-zh"), "none");
    assert_eq!(display(&b, "h1 .bi-en"), "none");

    b.click("[data-set-lang=both]");
    assert_ne!(display(&b, "section.abstract.bi-en"), "none");
    assert_ne!(display(&b, "section.abstract.bi-zh"), "none");
    assert_ne!(display(&b, "h1 .bi-en"), "none");
    assert_ne!(display(&b, "h1 .bi-zh"), "none");

    // A TL;DR given in one language only is shown whatever the choice.
    open(&b, "/papers/1706.03762.html");
    b.click("[data-set-lang=en]");
    assert_ne!(display(&b, "section.tldr"), "none");
}

#[test]
fn site_language_is_the_default_in_the_html() {
    let dir = scratch();
    let root = dir.path();
    example_site(root);
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    fs::write(
        root.join("site.toml"),
        toml.replace("language = \"en\"", "language = \"zh\""),
    )
    .unwrap();
    let o = run(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(root.join("public/days/2025-06-24/index.html")).unwrap();
    assert!(html.contains("data-lang=\"zh\""), "no data-lang=\"zh\"");
    // The toggle is built by app.js from data-lang (it cannot work without the script), so
    // the page does not carry it.
    assert!(!html.contains("data-set-lang"), "the toggle is in the page");
    // Both languages are in the page, marked, for the reader to switch without a request.
    let doc = Doc::parse(&html);
    let zh = doc
        .elements
        .iter()
        .filter(|e| e.has_class("bi-zh") && e.attr("lang") == Some("zh"))
        .count();
    let en = doc.elements.iter().filter(|e| e.has_class("bi-en")).count();
    assert!(zh >= 7 && en >= 7, "{zh} Chinese and {en} English titles");
}

#[test]
fn math_is_mathml_in_the_page() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    open(&b, "/papers/2205.14135.html");
    let v = b.run(
        "var m = document.querySelectorAll('math'); var r = m[0].getBoundingClientRect(); \
         return [m.length, r.width > 0 && r.height > 0, document.querySelectorAll('.math').length];",
    );
    assert!(v[0].as_u64().unwrap() >= 5, "{v}");
    assert_eq!(v[1], json!(true), "MathML is not laid out: {v}");
    assert_eq!(v[2], json!(0), "some math was left as TeX: {v}");
}

#[test]
fn hostile_or_broken_math_shows_its_source_and_nothing_runs() {
    let dir = scratch();
    let root = dir.path();
    let day = "### [1] [Safe $\\href{javascript:alert(1)}{x}$ and $\\frac{a}$ title](https://arxiv.org/abs/2506.00001)\n\
*A. Author*\n\nMain category: cs.LG\n\n\
TL;DR: Uses $\\text{<script>alert(1)</script>}$ and $\\color{red}{x}$ and $$\\style{color:red}{y}$$ and $x^2$.\n";
    site(root, &[("2025/06/2025-06-27.md", day)]);
    let o = run(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(root.join("public/papers/2506.00001.html")).unwrap();
    let doc = Doc::parse(&html);
    for e in &doc.elements {
        assert!(
            !matches!(e.name.as_str(), "script" | "style") || e.attr("src").is_some(),
            "an inline {} element",
            e.name
        );
        for (n, v) in &e.attrs {
            assert!(
                n != "style"
                    && !n.starts_with("on")
                    && !((n == "href" || n == "src") && v.to_lowercase().contains("javascript:")),
                "{} {n}={v:?}",
                e.name
            );
        }
    }
    assert!(
        html.contains("<span class=\"math\">\\frac{a}</span>"),
        "{html}"
    );
    assert!(html.contains("<msup><mi>x</mi><mn>2</mn></msup>"), "{html}");
}

/// (shown cards, all cards, the status line) on the open page.
fn shown(b: &Browser) -> (u64, u64, String) {
    let v = b.run(
        "var c = Array.prototype.slice.call(document.querySelectorAll('.card[data-id]')); \
         return [c.filter(function (x) { return x.offsetParent !== null; }).length, c.length, \
         document.querySelector('.filter-status').textContent];",
    );
    (
        v[0].as_u64().unwrap(),
        v[1].as_u64().unwrap(),
        v[2].as_str().unwrap().to_string(),
    )
}

fn add_rule(b: &Browser, term: &str, field: &str, mode: &str) {
    b.type_into("#filter-term", term);
    b.click(&format!("#filter-field option[value={field}]"));
    b.click(&format!("#filter-mode option[value={mode}]"));
    b.click(".filter-add button[type=submit]");
}

#[test]
fn filters_include_exclude_highlight_by_keyword_author_and_category_and_are_kept() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    open(&b, "/days/2025-06-23/");
    assert_eq!(shown(&b), (9, 9, "Showing 9 of 9 papers".into()));
    b.click(".filters summary");

    // Exclude a keyword: exactly the cards that mention it go.
    add_rule(&b, "Transformer", "kw", "ex");
    let v = b.run(
        "return Array.prototype.map.call(document.querySelectorAll('.card[data-id]'), function (c) { \
           var t = Array.prototype.map.call(c.querySelectorAll('.card-title, .summary'), function (e) { return e.textContent; }).join(' ').toLowerCase(); \
           return [t.indexOf('transformer') >= 0, c.offsetParent !== null]; });",
    );
    let pairs = v.as_array().unwrap();
    let mentioning = pairs.iter().filter(|p| p[0] == json!(true)).count() as u64;
    assert!(mentioning >= 2, "{v}");
    for p in pairs {
        assert_ne!(
            p[0], p[1],
            "a card shown although it mentions the keyword, or hidden although it does not: {v}"
        );
    }
    let (n, all, status) = shown(&b);
    assert_eq!((n, all), (9 - mentioning, 9));
    assert_eq!(status, format!("Showing {n} of 9 papers (filtered)"));
    // Group counts follow.
    let counts = b.run(
        "return Array.prototype.reduce.call(document.querySelectorAll('.group'), function (s, g) { \
         return s + (g.hidden ? 0 : +g.querySelector('h2 .count').textContent); }, 0);",
    );
    assert_eq!(counts, json!(n));

    // Kept across a reload, and on another page.
    open(&b, "/days/2025-06-23/");
    assert_eq!(shown(&b).0, n);
    assert_eq!(
        b.run("return document.querySelectorAll('.filter-rules li').length;"),
        json!(1)
    );

    // Highlight and include by author.
    b.click(".filters summary");
    add_rule(&b, "Residual", "kw", "hl");
    assert_eq!(
        b.run("return Array.prototype.map.call(document.querySelectorAll('.card.is-hl'), function (c) { return c.getAttribute('data-id'); });"),
        json!(["1512.03385"])
    );
    assert_eq!(
        b.run("return Array.prototype.map.call(document.querySelectorAll('mark.hl-term'), function (m) { return m.textContent; });"),
        json!(["Residual"]),
        "the highlighted term is marked in the text"
    );
    b.click(".filter-clear");
    assert_eq!(shown(&b).0, 9);
    add_rule(&b, "Vaswani", "au", "in");
    assert_eq!(shown(&b).0, 1);
    assert!(text(&b, ".card:not([hidden]) .card-title").contains("Attention Is All You Need"));
    b.click(".filter-clear");

    // Categories.
    let before = shown(&b).0;
    b.click(".filter-cat input[value='cs.CV']");
    let (after, _, status) = shown(&b);
    assert_eq!(after, before - 2, "{status}");
    assert_eq!(
        b.run("return document.getElementById('cs.cv').hidden;"),
        json!(true)
    );
    b.click(".filter-clear");
    assert_eq!(shown(&b).0, 9);
}

#[test]
fn favourites_bibtex_and_arxiv_links() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    open(&b, "/days/2025-06-23/");
    b.click(".card[data-id='1810.04805'] button.fav");
    assert_eq!(
        b.run("return document.querySelector(\".card[data-id='1810.04805'] button.fav\").getAttribute('aria-pressed');"),
        json!("true")
    );
    open(&b, "/favourites/");
    let v = b.run(
        "var a = document.querySelector('.fav-list .card-title a'); \
         return [document.querySelectorAll('.fav-list li').length, a.textContent, a.getAttribute('href')];",
    );
    assert_eq!(
        v,
        json!([
            1,
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "/papers/1810.04805.html"
        ])
    );
    // The paper page shows the star pressed; pressing it again removes the favourite.
    open(&b, "/papers/1810.04805.html");
    assert_eq!(
        b.run(
            "return document.querySelector('.paper-links button.fav').getAttribute('aria-pressed');"
        ),
        json!("true")
    );
    b.click(".paper-links button.fav");
    open(&b, "/favourites/");
    assert_eq!(
        b.run("return [document.querySelectorAll('.fav-list li').length, !!document.querySelector('.fav-empty')];"),
        json!([0, true])
    );

    // Links to arXiv.
    open(&b, "/papers/1706.03762.html");
    let links = b.run(
        "return Array.prototype.map.call(document.querySelectorAll('.paper-links a'), function (a) { return a.href; });",
    );
    assert_eq!(
        links,
        json!([
            "https://arxiv.org/abs/1706.03762",
            "https://arxiv.org/pdf/1706.03762",
            "https://arxiv.org/html/1706.03762"
        ])
    );

    // Copy BibTeX through the clipboard API.
    b.run(
        "window.__copied = null; Object.defineProperty(navigator, 'clipboard', { configurable: true, \
         value: { writeText: function (t) { window.__copied = t; return Promise.resolve(); } } }); return true;",
    );
    b.click(".copy-bibtex");
    assert!(b.wait_until("return window.__copied !== null;", WAIT));
    let copied = b.run("return window.__copied;");
    let copied = copied.as_str().unwrap();
    assert_eq!(copied, text(&b, "#bibtex"));
    for part in [
        "@misc{1706.03762,",
        "title = {Attention Is All You Need}",
        "author = {Ashish Vaswani and Noam Shazeer and",
        "year = {2017}",
        "eprint = {1706.03762}",
        "archivePrefix = {arXiv}",
        "primaryClass = {cs.CL}",
    ] {
        assert!(copied.contains(part), "{part} missing from {copied}");
    }
    assert!(b.wait_until(
        "return document.querySelector('.copied').textContent === 'Copied';",
        WAIT
    ));

    // Without the clipboard API the entry is shown and selected.
    b.run("Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined }); return true;");
    b.click(".copy-bibtex");
    let v = b.run("return [document.querySelector('details.cite').open, String(getSelection())];");
    assert_eq!(v[0], json!(true));
    assert!(
        v[1].as_str().unwrap().starts_with("@misc{1706.03762,"),
        "{v}"
    );
}

fn active(b: &Browser) -> Value {
    b.run(
        "var a = document.activeElement; var c = a.closest('.card'); \
         return [a.tagName, a.id, c ? c.getAttribute('data-id') : null];",
    )
}

#[test]
fn keyboard_j_k_move_o_and_enter_open_slash_searches() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    open(&b, "/days/2025-06-23/");
    b.keys("j");
    assert_eq!(active(&b), json!(["A", "", "1706.03762"]));
    b.keys("jj");
    assert_eq!(active(&b), json!(["A", "", "2201.11903"]));
    b.keys("k");
    assert_eq!(active(&b), json!(["A", "", "1810.04805"]));
    assert_eq!(
        b.run("return document.querySelectorAll('.card.is-current').length;"),
        json!(1)
    );
    b.keys("o");
    assert!(
        b.wait_until(
            "return location.pathname === '/papers/1810.04805.html';",
            WAIT
        ),
        "o did not open the paper"
    );

    open(&b, "/days/2025-06-23/");
    b.keys("jj\u{E007}");
    assert!(
        b.wait_until(
            "return location.pathname === '/papers/1810.04805.html';",
            WAIT
        ),
        "Enter did not open the paper"
    );

    // Filtered-out papers are skipped.
    open(&b, "/days/2025-06-23/");
    b.run("localStorage.setItem('paperpress.filters', JSON.stringify({rules: [{t: 'bert', f: 'kw', m: 'ex'}], hide: []})); return true;");
    open(&b, "/days/2025-06-23/");
    b.keys("jj");
    assert_eq!(active(&b), json!(["A", "", "2201.11903"]));
    b.run("localStorage.removeItem('paperpress.filters'); return true;");

    // "/" goes to the search box; letters typed there stay there.
    b.keys("/");
    assert_eq!(active(&b), json!(["INPUT", "site-search", null]));
    b.keys("jk");
    assert_eq!(b.run("return document.activeElement.value;"), json!("jk"));
    open(&b, "/search/");
    b.keys("/");
    assert_eq!(active(&b), json!(["INPUT", "q", null]));
}

#[test]
fn every_control_is_reachable_by_keyboard() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    for page in ["/days/2025-06-23/", "/papers/2103.00020.html"] {
        tab_reaches_every_control(&b, page);
    }
}

fn tab_reaches_every_control(b: &Browser, page: &str) {
    open(b, page);
    b.run("var d = document.querySelector('.filters details, details.cite'); if (d) d.open = true; return true;");
    // Every visible control of the page, in order, must take the focus from Tab.
    let wanted = b.run(
        "return Array.prototype.filter.call(document.querySelectorAll('a[href], button, input, select, summary'), \
         function (e) { return e.offsetParent !== null || e.tagName === 'SUMMARY'; }).length;",
    );
    let wanted = wanted.as_u64().unwrap();
    b.run("window.__seen = new Set(); document.addEventListener('focusin', function (e) { window.__seen.add(e.target); }); return true;");
    let tab = "\u{E004}".repeat(wanted as usize + 5);
    b.keys(&tab);
    let missed = b.run(
        "return Array.prototype.filter.call(document.querySelectorAll('a[href], button, input, select, summary'), \
         function (e) { return (e.offsetParent !== null || e.tagName === 'SUMMARY') && !window.__seen.has(e); }) \
         .map(function (e) { return e.outerHTML.slice(0, 80); });",
    );
    assert_eq!(missed, json!([]), "{page}: not reachable with Tab");
}

#[test]
fn axe_finds_no_serious_or_critical_violations_in_light_or_dark() {
    if !repo().join("node_modules/axe-core/axe.min.js").exists() {
        skip(Need::Axe, "node_modules/axe-core missing (run npm ci)");
        return;
    }
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    b.script_timeout(Duration::from_secs(60));
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme);
        assert_eq!(
            b.run("return matchMedia('(prefers-color-scheme: dark)').matches;"),
            json!(scheme == "dark")
        );
        for page in [
            "/",
            "/days/2025-06-23/",
            "/categories/cs.cl/",
            "/categories/cs.cl/2025-06/",
            "/papers/1706.03762.html",
            "/papers/2103.00020.html",
            "/search/",
            "/favourites/",
        ] {
            open(&b, page);
            b.run("var d = document.querySelector('.filters details, details.cite'); if (d) d.open = true; return true;");
            for p in b.axe_problems() {
                problems.push(format!("{page} ({scheme}): {p}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_choice_made_in_one_tab_applies_to_the_other_open_pages() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    open(&b, "/papers/2103.00020.html");
    b.run("window.__same_page = true; return true;");
    let first = b.new_tab();
    open(&b, "/days/2025-06-24/");
    b.click("[data-set-lang=zh]");
    b.click(".card[data-id='2103.00020'] button.fav");
    b.switch_to(&first);
    assert!(
        b.wait_until(
            "return document.documentElement.getAttribute('data-lang') === 'zh' && \
             document.querySelector('.paper-links button.fav').getAttribute('aria-pressed') === 'true' && \
             window.__same_page === true;",
            WAIT
        ),
        "the other tab did not follow: {}",
        b.run("return [document.documentElement.getAttribute('data-lang'), window.__same_page];")
    );
    assert_eq!(display(&b, "section.abstract.bi-en"), "none");
}

/// A realistic day of `n` papers in six categories, in the daily arXiv format.
fn big_day(n: usize) -> String {
    let cats = ["cs.CL", "cs.CV", "cs.LG", "cs.AI", "cs.RO", "stat.ML"];
    let mut s = String::new();
    for (ci, cat) in cats.iter().enumerate() {
        s.push_str(&format!("## {cat}\n\n"));
        for i in (0..n).filter(|i| i % cats.len() == ci) {
            let authors: Vec<String> = (0..9).map(|a| format!("Author{a} Surname{i}")).collect();
            s.push_str(&format!(
                "### [{}] [A Fairly Long Title About Scalable $O(n \\log n)$ Methods for Learning Number {i}](https://arxiv.org/abs/2506.{:05})\n*{}*\n\nMain category: {cat}\n\n\
TL;DR: {}\n\n<details>\n  <summary>Details</summary>\nMotivation: {}\n\nMethod: {}\n\nResult: {}\n\nConclusion: {}\n\nAbstract: {}\n\n</details>\n\n",
                i + 1,
                10000 + i,
                authors.join(","),
                "本文提出一种新的可扩展学习方法，在多个基准上取得了显著提升，同时降低了计算成本与显存占用。".repeat(2),
                "现有方法计算开销大。".repeat(6),
                "设计了新的结构与训练目标。".repeat(6),
                "在多个数据集上取得最佳结果。".repeat(6),
                "方法简单有效。".repeat(6),
                "We study a problem that matters in practice and propose a method that scales well. ".repeat(16),
            ));
        }
    }
    s
}

#[test]
fn a_day_of_60_papers_is_light_and_nothing_blocks_rendering() {
    let dir = scratch();
    let root = dir.path();
    site(root, &[("2025/06/2025-06-27.md", &big_day(60))]);
    let o = run(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = root.join("public/days/2025-06-27/index.html");
    let html = fs::read_to_string(&page).unwrap();
    let size = html.len();
    eprintln!("a day of 60 papers: {size} bytes of HTML");
    assert_eq!(html.matches("<article class=\"card\"").count(), 60);
    assert!(size < 250_000, "{size} bytes");

    // The site's own JavaScript, the search engine aside.
    let mut js = 0;
    for e in fs::read_dir(repo().join("static")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".js") && name != "search.js" {
            js += e.metadata().unwrap().len();
        }
    }
    eprintln!("own JavaScript: {js} bytes");
    // 29,874 bytes before "New since your last visit" (README), which added 11,000.
    assert!(js < 42_000, "{js} bytes of JavaScript");
}

/// Every page of the example site: no inline script, style or event handler (the pages live
/// under a Content-Security-Policy), and every script is deferred.
#[test]
fn pages_have_nothing_inline_and_no_render_blocking_script() {
    let out = &built().out;
    let mut checked = 0;
    for e in walkdir::WalkDir::new(out).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = fs::read_to_string(e.path()).unwrap();
        let doc = Doc::parse(&html);
        let page = e.path().strip_prefix(out).unwrap().display().to_string();
        for el in &doc.elements {
            assert_ne!(el.name, "style", "{page}: an inline <style>");
            if el.name == "script" {
                assert!(el.attr("src").is_some(), "{page}: an inline <script>");
                assert!(
                    el.attr("defer").is_some() || el.attr("async").is_some(),
                    "{page}: a script that blocks rendering"
                );
            }
            for (n, _) in &el.attrs {
                assert!(
                    n != "style" && !n.starts_with("on"),
                    "{page}: {} {n}=",
                    el.name
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} pages");
}

/// The favourites page's cards: [id, title, href, authors, day, category, summary, links].
fn fav_cards(b: &Browser) -> Value {
    b.run(
        "return Array.prototype.map.call(document.querySelectorAll('.fav-list li.card'), function (li) { \
           function t(s) { var e = li.querySelector(s); return e ? e.textContent : null; } \
           var a = li.querySelector('.card-title a'); \
           return [li.getAttribute('data-id'), t('.card-title'), a ? a.getAttribute('href') : null, \
             t('.authors'), t('.fav-day'), t('.tag'), t('.summary'), \
             Array.prototype.map.call(li.querySelectorAll('.card-links a'), function (x) { return x.href; })]; });",
    )
}

/// Presses an export button and returns the text of the Blob it downloads.
fn exported(b: &Browser, kind: &str) -> String {
    b.run(
        "window.__blob = null; var real = URL.createObjectURL; \
         URL.createObjectURL = function (blob) { window.__blob = blob; return real.call(URL, blob); }; return true;",
    );
    b.click(&format!("button[data-export='{kind}']"));
    let v = b.run_async(
        "var done = arguments[arguments.length - 1]; \
         if (!window.__blob) { done(null); return; } \
         window.__blob.text().then(function (t) { done([t, window.__blob.type]); });",
    );
    assert!(v.is_array(), "{kind}: no Blob was downloaded");
    v[0].as_str().unwrap().to_string()
}

#[test]
fn favourites_show_as_cards_export_and_import_and_outlive_the_pages() {
    let _g = one_browser();
    let Some(b) = fresh_browser() else { return };
    // One from a day page's card, then one from a paper page.
    open(&b, "/days/2025-06-23/");
    b.click(".card[data-id='1810.04805'] button.fav");
    b.run("return new Promise(function (r) { setTimeout(r, 20); });");
    open(&b, "/papers/1706.03762.html");
    b.click(".paper-links button.fav");
    open(&b, "/favourites/");
    let bert = json!([
        "1810.04805",
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "/papers/1810.04805.html",
        "Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova",
        "2025-06-23",
        "cs.CL",
        "BERT 通过掩码语言模型和下一句预测在大规模无标注文本上预训练深层双向 Transformer，只需增加一个输出层进行微调，就在十一项自然语言处理任务上刷新了纪录。",
        [
            "https://arxiv.org/abs/1810.04805",
            "https://arxiv.org/pdf/1810.04805"
        ]
    ]);
    let attention = json!([
        "1706.03762",
        "Attention Is All You Need",
        "/papers/1706.03762.html",
        "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. Gomez, Lukasz Kaiser, Illia Polosukhin",
        "2025-06-23",
        "cs.CL",
        "本文提出完全基于注意力机制的 Transformer 架构，去掉了循环和卷积结构，在机器翻译任务上以更短的训练时间取得了当时最好的成绩。",
        [
            "https://arxiv.org/abs/1706.03762",
            "https://arxiv.org/pdf/1706.03762"
        ]
    ]);
    // Newest first.
    let both = json!([attention.clone(), bert.clone()]);
    assert_eq!(fav_cards(&b), both);

    // Export.
    let js = exported(&b, "json");
    let parsed: Value = serde_json::from_str(&js).expect("the JSON export parses");
    let list = parsed["favourites"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], json!("1706.03762"));
    assert_eq!(list[1]["id"], json!("1810.04805"));
    assert_eq!(list[1]["authors"][3], json!("Kristina Toutanova"));
    assert!(list[0]["added"].as_f64().unwrap() >= list[1]["added"].as_f64().unwrap());
    let bib = exported(&b, "bibtex");
    for part in [
        "@misc{1706.03762,\n  title = {Attention Is All You Need},\n  author = {Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit and Llion Jones and Aidan N. Gomez and Lukasz Kaiser and Illia Polosukhin},\n  year = {2017},\n  eprint = {1706.03762},\n  archivePrefix = {arXiv},\n  primaryClass = {cs.CL},\n  url = {https://arxiv.org/abs/1706.03762}\n}\n",
        "@misc{1810.04805,\n  title = {BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding},\n  author = {Jacob Devlin and Ming-Wei Chang and Kenton Lee and Kristina Toutanova},\n  year = {2018},",
    ] {
        assert!(bib.contains(part), "{part} missing from {bib}");
    }
    assert!(bib.find("@misc{1706").unwrap() < bib.find("@misc{1810").unwrap());
    let ris = exported(&b, "ris");
    for part in [
        "TY  - ELEC\nTI  - Attention Is All You Need\nAU  - Ashish Vaswani\nAU  - Noam Shazeer\n",
        "AU  - Illia Polosukhin\nPY  - 2017\n",
        "UR  - https://arxiv.org/abs/1706.03762\n",
        "N2  - 本文提出完全基于注意力机制的 Transformer 架构",
        "TI  - BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding\nAU  - Jacob Devlin\n",
        "AU  - Kristina Toutanova\nPY  - 2018\n",
    ] {
        assert!(ris.contains(part), "{part} missing from {ris}");
    }
    assert_eq!(ris.matches("ER  - ").count(), 2, "{ris}");

    // Another browser: nothing stored; importing the export (plus junk) brings both back.
    // It already holds BERT as favourites were once kept: id, title and link only.
    b.run(
        "localStorage.clear(); localStorage.setItem('paperpress.favourites', JSON.stringify([{ id: '1810.04805', \
         url: '/papers/1810.04805.html', title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding' }])); return true;",
    );
    open(&b, "/favourites/");
    assert_eq!(
        fav_cards(&b),
        json!([[
            "1810.04805",
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "/papers/1810.04805.html",
            null,
            null,
            null,
            null,
            [
                "https://arxiv.org/abs/1810.04805",
                "https://arxiv.org/pdf/1810.04805"
            ]
        ]])
    );
    let mut hostile = parsed.clone();
    let extra = hostile["favourites"].as_array_mut().unwrap();
    extra.push(json!({ "id": 5, "url": "/x" }));
    extra.push(json!("<img src=x onerror=window.__pwned=1>"));
    extra.push(json!({ "id": "<img src=x onerror=window.__pwned=1>", "url": "javascript:window.__pwned=1", "title": "<b onmouseover=window.__pwned=1>x</b>", "abs": "javascript:window.__pwned=1" }));
    let text = serde_json::to_string(&hostile).unwrap();
    b.run_with(
        "var dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'favourites.json', { type: 'application/json' })); \
         var input = document.querySelector('.fav-tools input[type=file]'); input.files = dt.files; \
         input.dispatchEvent(new Event('change', { bubbles: true })); return true;",
        json!([text]),
    );
    assert!(b.wait_until(
        "return document.querySelectorAll('.fav-list li').length === 3;",
        WAIT
    ));
    let cards = fav_cards(&b);
    assert_eq!(cards[0], attention);
    assert_eq!(cards[1], bert);
    // The hostile entry is text: no link out of the site, no element from its fields.
    assert_eq!(
        b.run(
            "var li = document.querySelectorAll('.fav-list li')[2]; \
             return [li.querySelector('.card-title').textContent, !!li.querySelector('.card-title a, b, img'), \
               li.querySelector('.card-links a').href, window.__pwned === undefined];"
        ),
        json!([
            "<b onmouseover=window.__pwned=1>x</b>",
            false,
            "https://arxiv.org/abs/%3Cimg%20src=x%20onerror=window.__pwned=1%3E",
            true
        ])
    );
    assert_eq!(text_of_status(&b), "Imported 3 favourites.");
    b.click(".fav-list li:nth-child(3) .fav-remove");
    assert_eq!(fav_cards(&b), both);

    // The stored copy is what shows, whatever the pages say now.
    b.run(
        "var l = JSON.parse(localStorage.getItem('paperpress.favourites')); l.push({ id: '9999.99999', url: '/papers/gone.html', title: 'A paper no longer in any digest' }); \
         localStorage.setItem('paperpress.favourites', JSON.stringify(l)); return true;",
    );
    open(&b, "/favourites/");
    let cards = fav_cards(&b);
    assert_eq!(cards[2][1], json!("A paper no longer in any digest"));
    assert_eq!(cards[2][7][0], json!("https://arxiv.org/abs/9999.99999"));

    // Phone and desktop, light and dark: nothing wider than the screen, axe is content.
    b.script_timeout(Duration::from_secs(60));
    let have_axe = repo().join("node_modules/axe-core/axe.min.js").exists();
    let mut problems = Vec::new();
    for (width, scheme) in [
        (390, "light"),
        (390, "dark"),
        (1280, "light"),
        (1280, "dark"),
    ] {
        b.view(width, scheme);
        open(&b, "/favourites/");
        assert_eq!(fav_cards(&b).as_array().unwrap().len(), 3);
        assert_eq!(
            b.run_with(
                "return document.documentElement.scrollWidth > arguments[0] + 1;",
                json!([width])
            ),
            json!(false),
            "{width} {scheme}: wider than the screen"
        );
        if !have_axe {
            continue;
        }
        for p in b.axe_problems() {
            problems.push(format!("{width} {scheme}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn text_of_status(b: &Browser) -> String {
    text(b, ".fav-status")
}

/// Papers whose titles and authors hold what BibTeX escapes: unbalanced braces, math, `& % #`,
/// a trailing backslash, an author with " and " in the name, an old-style id.
const BIBTEX_DAY: &str =
    "### [1] [Braces {unbalanced and $x_{1}$ & 50% of #1 \\\\](https://arxiv.org/abs/2506.99001)
*Ada and Friends Group, Jane {Doe, Bo Li*

Main category: cs.CL

TL;DR: One.

### [2] [An {balanced} title with $a & b$ math](https://arxiv.org/abs/hep-th/9901001)
*Solo Author*

Main category: hep-th

TL;DR: Two.

### [3] [Unclosed $dollar & sign](https://arxiv.org/abs/2506.99003)
*Al  Spaced  *

Main category: misc

TL;DR: Three.
";

#[test]
fn the_bibtex_made_in_the_browser_is_the_entry_the_build_makes() {
    let _g = one_browser();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reading-bibtex");
    let _ = fs::remove_dir_all(&dir);
    let root = dir.join("site");
    fs::create_dir_all(&root).unwrap();
    example_site(&root);
    fs::write(root.join("content/2025/06/2025-06-28.md"), BIBTEX_DAY).unwrap();
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    let toml: Vec<String> = toml
        .lines()
        .map(|l| match l.starts_with("base_url") {
            true => "base_url = \"http://127.0.0.1/\"".to_string(),
            false => l.to_string(),
        })
        .collect();
    fs::write(root.join("site.toml"), toml.join("\n")).unwrap();
    // The built-in paper page, plus the build's own entry where the test can read it.
    let paper = fs::read_to_string(repo().join("templates/paper.html")).unwrap();
    let paper = paper.replace(
        "{% endblock main %}",
        "<pre hidden id=\"built-bibtex\">{{ paper.bibtex }}</pre>\n{% endblock main %}",
    );
    fs::write(root.join("templates/paper.html"), paper).unwrap();
    let out = dir.join("public");
    let o = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let server = FileServer::start(out.clone());
    let Some(b) = Browser::start() else { return };
    let papers = out.join("papers");
    let mut ids: Vec<String> = walkdir::WalkDir::new(&papers)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&papers).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    ids.sort();
    assert!(ids.len() > 30, "{ids:?}");
    for file in &ids {
        b.goto(&server.at(&format!("/papers/{file}")));
        assert!(b.wait_until(
            "return document.readyState === 'complete' && !!document.getElementById('bibtex');",
            WAIT
        ));
        let v = b.run(
            "return [document.getElementById('bibtex').textContent, \
             document.getElementById('built-bibtex').textContent];",
        );
        assert_eq!(v[0], v[1], "{file}: the page's entry is not the build's");
    }
    assert!(ids.contains(&"hep-th/9901001.html".to_string()), "{ids:?}");
}
