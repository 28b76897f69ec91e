//! What a daily reader meets first, read in headless Chromium on a site of the real digests
//! (seeds and corpus) with days whose files listed no papers: the home page shows the latest
//! day that has papers, day links skip empty days, empty days stay in the archive but muted;
//! paper pages show the days a paper was listed (linking to its card there), not file paths,
//! and link the papers before and after it. At phone and desktop widths, light and dark.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use common::files::FileServer;
use common::webdriver::Browser;
use common::*;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);
/// The newest day of the real files with papers; the test adds an empty day after it.
const LATEST_LISTED: &str = "2026-07-24";
const EMPTY_LATEST: &str = "2026-08-01";
/// A seed day, an empty day after it, and the next day that has papers.
const SEED_DAY: &str = "2025-06-27";
const EMPTY_BETWEEN: &str = "2025-06-28";

struct Built {
    server: FileServer,
    out: PathBuf,
}

/// A site written by `write` into `CARGO_TARGET_TMPDIR/name/site/content`, built by the real
/// binary for the root of a file server (axe-core beside its pages) and served.
fn build_site(name: &str, title: &str, write: impl FnOnce(&Path)) -> Built {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    let root = dir.join("site");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("site.toml"),
        format!("title = \"{title}\"\nbase_url = \"http://127.0.0.1/\"\n"),
    )
    .unwrap();
    write(&root.join("content"));
    let out = dir.join("public");
    let o = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    if let Ok(axe) = fs::read(repo().join("node_modules/axe-core/axe.min.js")) {
        fs::write(out.join("__axe.min.js"), axe).unwrap();
    }
    Built {
        server: FileServer::start(out.clone()),
        out,
    }
}

fn built() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let shared = shared()?;
            Some(build_site("morning", "Morning", |content| {
                let mut files = real_files(&shared);
                for e in fs::read_dir(shared.join("corpus/jsonl")).unwrap() {
                    files.push(e.unwrap().path());
                }
                for f in &files {
                    fs::copy(f, content.join(f.file_name().unwrap())).unwrap();
                }
                // A pipeline that failed: a table of contents and no papers.
                let empty = "# Daily arXiv digest\n\n## Table of contents\n\n- cs.CL (0)\n";
                for day in [EMPTY_LATEST, EMPTY_BETWEEN] {
                    fs::write(content.join(format!("{day}.md")), empty).unwrap();
                }
            }))
        })
        .as_ref()
}

fn one_browser() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn open(b: &Browser, site: &Built, path: &str) {
    b.goto(&site.server.at(path));
    assert!(
        b.wait_until("return document.readyState === 'complete';", WAIT),
        "{path} did not load"
    );
}

/// Opens a page with nothing stored for the site.
fn fresh(b: &Browser, site: &Built, path: &str) {
    open(b, site, path);
    b.run("localStorage.clear(); return true;");
    open(b, site, path);
}

const VIEWS: [(u32, &str); 4] = [
    (390, "light"),
    (390, "dark"),
    (1280, "light"),
    (1280, "dark"),
];

fn attr(b: &Browser, css: &str, name: &str) -> Value {
    b.run_with(
        "var el = document.querySelector(arguments[0]); return el ? el.getAttribute(arguments[1]) : null;",
        json!([css, name]),
    )
}

/// Whether the page is wider than a screen `width` px wide. (A phone's browser widens its
/// layout to fit wide content, so `innerWidth` would not tell.)
fn overflows(b: &Browser, width: u32) -> bool {
    b.run_with(
        "return document.documentElement.scrollWidth > arguments[0] + 1;",
        json!([width]),
    ) == json!(true)
}

/// The arXiv id of the first card of a day's page.
fn first_card(site: &Built, day: &str) -> String {
    let page = fs::read_to_string(site.out.join(format!("days/{day}/index.html"))).unwrap();
    let mark = "class=\"card\" id=\"p-";
    let at = page.find(mark).expect("a card with an anchor") + mark.len();
    page[at..].chars().take_while(|&c| c != '"').collect()
}

#[test]
fn home_shows_the_latest_day_with_papers_and_day_links_skip_empty_days() {
    let Some(site) = built() else { return };
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let what = format!("{width} px, {scheme}");
        open(&b, site, "/");
        let shown = b.run("var h = document.querySelector('h1'); return h ? h.textContent : '';");
        let cards = b.run("return document.querySelectorAll('article.card').length;");
        assert!(
            cards.as_u64().unwrap_or(0) > 0,
            "{what}: no cards on the home page"
        );
        let text = b.run("return document.body.innerText;");
        assert!(
            !text
                .as_str()
                .unwrap_or("")
                .contains("No papers on this day"),
            "{what}: the home page shows an empty day ({shown})"
        );
        assert!(
            b.run_with(
                "return [...document.querySelectorAll('a')].some(a => a.getAttribute('href').endsWith(arguments[0]));",
                json!([format!("days/{LATEST_LISTED}/")])
            ) == json!(true),
            "{what}: the home page does not show {LATEST_LISTED} ({shown})"
        );
        // The empty latest day is in the recent days, muted, with its count.
        let muted = b.run_with(
            "var li = [...document.querySelectorAll('.recent li')].find(l => l.querySelector('a').getAttribute('href').endsWith(arguments[0])); \
             if (!li) return null; var a = li.querySelector('a'); \
             var other = document.querySelector('.recent li:not(.no-papers) a'); \
             return [li.className, li.querySelector('.count').textContent, getComputedStyle(a).color, getComputedStyle(other).color];",
            json!([format!("days/{EMPTY_LATEST}/")]),
        );
        assert_eq!(muted[0], json!("no-papers"), "{what}: {muted}");
        assert_eq!(muted[1], json!("0"), "{what}: {muted}");
        assert_ne!(
            muted[2], muted[3],
            "{what}: an empty day looks like the others"
        );
        assert!(
            !overflows(&b, width),
            "{what}: the home page is wider than the screen"
        );

        // The seed day's next link skips the empty day after it.
        open(&b, site, &format!("/days/{SEED_DAY}/"));
        let next = attr(&b, "a[rel=next]", "href");
        let next = next.as_str().unwrap_or("");
        assert!(
            !next.contains(EMPTY_BETWEEN) && next.contains("/days/"),
            "{what}: next day of {SEED_DAY} is {next}"
        );
        // The empty day keeps its page, and links past itself to days with papers.
        open(&b, site, &format!("/days/{EMPTY_BETWEEN}/"));
        assert_eq!(
            attr(&b, "a[rel=prev]", "href"),
            json!(format!("/days/{SEED_DAY}/"))
        );

        // The archive lists both empty days, muted, with a count of 0.
        open(&b, site, "/days/");
        let empty = b.run(
            "return [...document.querySelectorAll('li.no-papers')].map(li => li.querySelector('a').getAttribute('href') + ' ' + li.querySelector('.count').textContent);",
        );
        let empty: Vec<&str> = empty
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for day in [EMPTY_LATEST, EMPTY_BETWEEN] {
            assert!(
                empty.contains(&format!("/days/{day}/ 0").as_str()),
                "{what}: {day} not muted in the archive: {empty:?}"
            );
        }
    }
}

#[test]
fn paper_pages_show_days_not_files_and_lead_to_the_card_and_the_next_paper() {
    let Some(site) = built() else { return };
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    let id = first_card(site, SEED_DAY);
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let what = format!("{width} px, {scheme}");
        open(&b, site, &format!("/papers/{id}.html"));
        let text = b.run("return document.body.innerText;");
        let text = text.as_str().unwrap_or("");
        assert!(
            !text.contains("content/") && !text.contains(".md:"),
            "{what}: the page shows a file path"
        );
        let source = attr(&b, ".appearances li", "data-source");
        assert!(
            source.as_str().is_some_and(|s| s.contains(".md:")),
            "{what}: file and line kept for tools: {source}"
        );
        assert!(
            !overflows(&b, width),
            "{what}: {id}'s page is wider than the screen"
        );

        // Its next paper, whose previous paper is this one.
        let next = attr(&b, ".paper > .pager a[rel=next]", "href");
        let next = next.as_str().expect("a next paper").to_string();
        open(&b, site, &next);
        assert_eq!(
            attr(&b, ".paper > .pager a[rel=prev]", "href"),
            json!(format!("/papers/{id}.html")),
            "{what}"
        );

        // Back to the first paper; its day link leads to its card, on screen.
        open(&b, site, &format!("/papers/{id}.html"));
        b.click(".appearances li a");
        assert!(
            b.wait_until(
                "return location.pathname.indexOf('/days/') === 0 && document.readyState === 'complete';",
                WAIT
            ),
            "{what}: the day link did not lead to the day"
        );
        let card = b.run(
            "var el = document.getElementById(decodeURIComponent(location.hash.slice(1))); \
             if (!el) return null; var r = el.getBoundingClientRect(); \
             return [el.className, r.top >= -1 && r.top < window.innerHeight];",
        );
        assert_eq!(card, json!(["card", true]), "{what}: {id}'s card");
    }
}

#[test]
fn the_new_parts_pass_axe_in_light_and_dark() {
    if !repo().join("node_modules/axe-core/axe.min.js").exists() {
        skip(Need::Axe, "node_modules/axe-core missing (run npm ci)");
        return;
    }
    let Some(site) = built() else { return };
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    b.script_timeout(Duration::from_secs(60));
    let mut problems = Vec::new();
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let paper = format!("/papers/{}.html", first_card(site, SEED_DAY));
        for page in [
            "/".to_string(),
            "/days/".to_string(),
            format!("/days/{EMPTY_BETWEEN}/"),
            format!("/days/{SEED_DAY}/"),
            paper,
            "/404.html".to_string(),
        ] {
            open(&b, site, &page);
            for p in b.axe_problems() {
                problems.push(format!("{page} ({width} px, {scheme}): {p}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// 52 categories, as the biggest real digests list in a day.
const CODES: [&str; 52] = [
    "cs.AI", "cs.AR", "cs.CC", "cs.CE", "cs.CG", "cs.CL", "cs.CR", "cs.CV", "cs.CY", "cs.DB",
    "cs.DC", "cs.DL", "cs.DM", "cs.DS", "cs.ET", "cs.FL", "cs.GL", "cs.GR", "cs.GT", "cs.HC",
    "cs.IR", "cs.IT", "cs.LG", "cs.LO", "cs.MA", "cs.MM", "cs.MS", "cs.NA", "cs.NE", "cs.NI",
    "cs.OH", "cs.OS", "cs.PF", "cs.PL", "cs.RO", "cs.SC", "cs.SD", "cs.SE", "cs.SI", "cs.SY",
    "stat.ML", "stat.ME", "stat.AP", "stat.CO", "math.OC", "math.NA", "math.ST", "eess.AS",
    "eess.IV", "eess.SP", "eess.SY", "q-bio.NC",
];

/// A site of three days, the middle one of 500 papers in 52 categories.
fn big_day() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        build_site("morning-big", "Big", |content| {
            for (day, n) in [("2025-07-01", 20), ("2025-07-02", 500), ("2025-07-03", 20)] {
                let mut text = String::new();
                for i in 0..n {
                    let id = format!("2507.{:05}", day[8..].parse::<usize>().unwrap() * 1000 + i);
                    text.push_str(&format!(
                        "### [{}] [A study of item {i} on {day}](https://arxiv.org/abs/{id})\n*A. Author, B. Author*\n\nMain category: {}\n\nTL;DR: We study item {i} and find that it helps in most settings we tried.\n\n",
                        i + 1,
                        CODES[i % CODES.len()]
                    ));
                }
                fs::write(content.join(format!("{day}.md")), text).unwrap();
            }
        })
    })
}

#[test]
fn a_day_of_500_papers_in_52_categories_reads_on_a_phone() {
    let site = big_day();
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let what = format!("{width} px, {scheme}");
        open(&b, site, "/days/2025-07-02/");
        assert_eq!(
            b.run("return document.querySelectorAll('article.card').length;"),
            json!(500)
        );
        // The first paper starts on the first screen.
        let first = b.run(
            "return [document.querySelector('article.card').getBoundingClientRect().top, window.innerHeight];",
        );
        let (top, height) = (first[0].as_f64().unwrap(), first[1].as_f64().unwrap());
        assert!(
            top < height - 80.0,
            "{what}: the first paper starts at {top} px of {height}"
        );
        assert!(
            !overflows(&b, width),
            "{what}: the day is wider than the screen"
        );
        // Halfway down, a way back to the categories is on screen, and takes the reader there.
        b.run("window.scrollTo(0, document.documentElement.scrollHeight / 2); return true;");
        let back = b.run(
            "var a = document.querySelector('a.to-toc'); if (!a) return null; var r = a.getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;",
        );
        assert_eq!(back, json!(true), "{what}: no way back to the categories");
        b.click("a.to-toc");
        assert!(
            b.wait_until(
                "var r = document.getElementById('toc').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight / 2;",
                WAIT
            ),
            "{what}: the categories are not in view"
        );
        // At the bottom: the previous and next days.
        b.run("window.scrollTo(0, document.documentElement.scrollHeight); return true;");
        let end = b.run(
            "var p = document.querySelector('.pager-end'); if (!p) return null; var r = p.getBoundingClientRect(); \
             var last = [...document.querySelectorAll('article.card')].pop(); \
             return [r.top < window.innerHeight && r.bottom > 0, !!(last.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING), \
                     p.querySelector('a[rel=prev]').getAttribute('href'), p.querySelector('a[rel=next]').getAttribute('href')];",
        );
        assert_eq!(
            end,
            json!([true, true, "/days/2025-07-01/", "/days/2025-07-03/"]),
            "{what}: the days around it at the bottom"
        );
    }
}

#[test]
fn a_filter_set_on_one_day_is_said_on_the_next_with_one_way_to_clear_it() {
    let site = big_day();
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let what = format!("{width} px, {scheme}");
        fresh(&b, site, "/days/2025-07-01/");
        assert_eq!(
            b.run("return document.querySelector('.filter-notice').hidden;"),
            json!(true),
            "{what}: a notice with no filter"
        );
        // Exclude papers on one day, with the panel open...
        b.run("document.querySelector('.filters details').open = true; return true;");
        b.type_into("#filter-term", "item 1");
        b.run("document.querySelector('#filter-mode').value = 'ex'; return true;");
        b.click(".filter-add button[type=submit]");
        // ...then read the next day, panel closed.
        open(&b, site, "/days/2025-07-03/");
        let state = b.run(
            "var n = document.querySelector('.filter-notice'); var r = n.getBoundingClientRect(); \
             var first = [...document.querySelectorAll('article.card')].find(c => !c.hidden); \
             return [document.querySelector('.filters details').open, n.hidden, n.textContent, \
                     r.top < window.innerHeight, !!(n.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING), \
                     document.querySelectorAll('article.card:not([hidden])').length];",
        );
        assert_eq!(state[0], json!(false), "{what}: {state}");
        assert_eq!(state[1], json!(false), "{what}: no notice: {state}");
        assert!(
            state[2]
                .as_str()
                .unwrap_or("")
                .contains("11 of 20 papers are hidden"),
            "{what}: {state}"
        );
        assert_eq!(state[3], json!(true), "{what}: notice off screen: {state}");
        assert_eq!(
            state[4],
            json!(true),
            "{what}: notice after the papers: {state}"
        );
        assert_eq!(state[5], json!(9), "{what}: {state}");
        // One action shows every paper again, here and on the other days.
        b.click(".filter-show-all");
        assert!(
            b.wait_until(
                "return document.querySelectorAll('article.card:not([hidden])').length === 20 && document.querySelector('.filter-notice').hidden;",
                WAIT
            ),
            "{what}: the papers did not come back"
        );
        open(&b, site, "/days/2025-07-01/");
        assert_eq!(
            b.run("return document.querySelectorAll('article.card:not([hidden])').length;"),
            json!(20),
            "{what}"
        );
    }
}

#[test]
fn keys_keep_the_paper_on_screen_favourite_it_change_day_and_list_themselves() {
    let site = big_day();
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let what = format!("{width} px, {scheme}");
        fresh(&b, site, "/days/2025-07-02/");
        // j: each paper in focus is whole on screen, however far down.
        for n in 1..=8 {
            b.keys("j");
            let seen = b.run(
                "var c = document.querySelector('.card.is-current'); var r = c.getBoundingClientRect(); \
                 return r.top >= 0 && r.bottom <= window.innerHeight + 1;",
            );
            assert_eq!(seen, json!(true), "{what}: paper {n} not whole on screen");
        }
        // f: favourites the paper in focus.
        b.keys("f");
        assert_eq!(
            b.run("return document.querySelector('.card.is-current button.fav').getAttribute('aria-pressed');"),
            json!("true"),
            "{what}: f did not favourite"
        );
        // ?: every key, listed; Escape closes the list.
        b.keys("?");
        let help = b.run(
            "var d = document.querySelector('dialog.key-help'); return d ? [d.open, d.textContent] : null;",
        );
        assert_eq!(help[0], json!(true), "{what}: no key list");
        for key in ["j / k", "o or Enter", "f", "[ / ]", "/", "?"] {
            assert!(
                help[1].as_str().unwrap_or("").contains(key),
                "{what}: {key} not listed"
            );
        }
        b.keys("\u{E00C}");
        assert_eq!(
            b.run("return document.querySelector('dialog.key-help').open;"),
            json!(false),
            "{what}: Escape did not close the list"
        );
        // ] and [: the next and previous day.
        b.keys("]");
        assert!(
            b.wait_until("return location.pathname === '/days/2025-07-03/';", WAIT),
            "{what}: ] did not go to the next day"
        );
        b.wait_until("return document.readyState === 'complete';", WAIT);
        b.keys("[");
        assert!(
            b.wait_until("return location.pathname === '/days/2025-07-02/';", WAIT),
            "{what}: [ did not go back"
        );
    }
}

#[test]
fn recent_days_of_another_year_say_their_year() {
    let Some(site) = built() else { return };
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    open(&b, site, "/");
    let labels = b.run(
        "return [...document.querySelectorAll('.recent li a')].map(a => a.getAttribute('href') + ' ' + a.querySelector('.date').textContent);",
    );
    let labels: Vec<&str> = labels
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("/days/2025-")),
        "the recent days span two years: {labels:?}"
    );
    for l in &labels {
        let (href, label) = l.split_once(' ').unwrap();
        let year = &href[6..10];
        assert_eq!(
            label.contains(year),
            year != &EMPTY_LATEST[..4],
            "{href}: {label}"
        );
    }
}

/// A formula too long for a phone, inline and displayed.
const LONG_MATH: &str = r"\mathcal{L}(\theta) = \sum_{i=1}^{N} \log p_\theta(x_i \mid x_{<i}) + \lambda \lVert \theta \rVert_2^2 + \beta \, \mathrm{KL}(q_\phi(z \mid x) \,\|\, p(z)) + \gamma \sum_{j=1}^{M} \mathbb{E}_{z \sim q}[\log p(y_j \mid z)]";

#[test]
fn long_formulas_scroll_in_their_own_box_on_a_phone() {
    let site = build_site("morning-math", "Math", |content| {
        fs::write(
            content.join("2025-07-01.md"),
            format!(
                "### [1] [Long math](https://arxiv.org/abs/2507.00001)\n*A. Author*\n\nMain category: cs.LG\n\nTL;DR: We bound ${LONG_MATH}$ and say more after it. 成本从$5降到$2。\n\nMethod: $${LONG_MATH}$$\n"
            ),
        )
        .unwrap();
    });
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        for page in ["/papers/2507.00001.html", "/days/2025-07-01/"] {
            let what = format!("{page} at {width} px, {scheme}");
            open(&b, &site, page);
            let maths = b.run_with(
                "return [...document.querySelectorAll('math')].map(m => { var r = m.getBoundingClientRect(); \
                 return [m.getAttribute('display') || 'inline', r.left >= -1 && r.right <= arguments[0] + 1, m.scrollWidth > m.clientWidth + 1]; });",
                json!([width]),
            );
            let maths = maths.as_array().unwrap();
            assert!(!maths.is_empty(), "{what}: no MathML");
            // Dollars around Chinese text are currency, not a formula.
            assert_eq!(
                b.run("return document.body.innerText.includes('成本从$5降到$2。');"),
                json!(true),
                "{what}: the sentence was taken for math"
            );
            for m in maths {
                assert_eq!(
                    m[1],
                    json!(true),
                    "{what}: a formula wider than the screen: {m}"
                );
            }
            assert!(
                !overflows(&b, width),
                "{what}: the page is wider than the screen"
            );
            if width == 390 && page.starts_with("/papers/") {
                assert!(
                    maths
                        .iter()
                        .any(|m| m[0] == json!("block") && m[2] == json!(true)),
                    "{what}: the displayed formula does not scroll in its box: {maths:?}"
                );
            }
        }
    }
}

#[test]
fn bold_next_to_chinese_punctuation_shows_bold_not_asterisks() {
    let Some(site) = built() else { return };
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    // Its abstract's translation reads `**目标：**脑龄预测差...`.
    open(&b, site, "/papers/2506.15626.html");
    let seen = b.run(
        "return [[...document.querySelectorAll('strong')].map(s => s.textContent), \
                 /\\*\\*[^*\\s]{1,30}[：」）。]\\*\\*/.test(document.body.innerText)];",
    );
    let strong: Vec<&str> = seen[0]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // (Its 方法, 结果 and 结论 lines are read as fields of their own.)
    assert!(strong.contains(&"目标："), "目标： not bold: {strong:?}");
    assert_eq!(seen[1], json!(false), "asterisks shown around a label");
}

/// Runs `q` on the search page (from its address, as the header's box does) and returns the
/// status line once results are shown.
fn search_status(b: &Browser, site: &Built, q: &str) -> String {
    let encoded: String =
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC).to_string();
    open(b, site, &format!("/search/?q={encoded}"));
    assert!(
        b.wait_until(
            "var s = document.getElementById('search-status').textContent; \
             return s.startsWith('No ') || document.querySelectorAll('#search-results li').length > 0;",
            WAIT
        ),
        "{q}: no results shown: {} (files loaded: {})",
        b.run("return document.getElementById('search-status').textContent;"),
        b.run("return performance.getEntriesByType('resource').map(e => e.name.replace(location.origin, '')).join(' ');")
    );
    b.run("return document.getElementById('search-status').textContent;")
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// The number a status line starts with ("128 papers match ...").
fn count(status: &str) -> u64 {
    status
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {status:?}"))
}

#[test]
fn search_on_the_real_site_finds_word_forms_offers_near_words_and_marks_tldrs() {
    let Some(site) = built() else { return };
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    // The real files write both forms: a plural finds the papers of the singular and back
    // (whole words, as a space after them says: the word being typed also matches longer
    // words it starts).
    for forms in [
        ["transformer ", "transformers ", "Transformer "],
        ["agent ", "agents ", "Agents "],
    ] {
        let counts: Vec<u64> = forms
            .iter()
            .map(|q| count(&search_status(&b, site, q)))
            .collect();
        assert!(
            counts[0] > 0 && counts.iter().all(|&c| c == counts[0]),
            "{forms:?}: {counts:?}"
        );
    }
    // A misspelt word: nothing found, the indexed word offered.
    let status = search_status(&b, site, "diffusoin");
    assert!(status.starts_with("No papers match"), "{status}");
    assert!(
        b.wait_until(
            "return document.getElementById('search-status').textContent.includes('Did you mean diffusion?');",
            WAIT
        ),
        "no suggestion: {}",
        b.run("return document.getElementById('search-status').textContent;")
    );
    // Results show their TL;DR with the query's words marked, on a phone and a desktop, in
    // light and dark, with nothing axe-core finds serious.
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        let what = format!("{width} px, {scheme}");
        search_status(&b, site, "transformer");
        let marks = b.run(
            "return [...document.querySelectorAll('#search-results .result-tldr mark')].map(m => m.textContent.toLowerCase());",
        );
        let marks: Vec<String> = serde_json::from_value(marks).unwrap_or_default();
        assert!(!marks.is_empty(), "{what}: no marked TL;DR");
        assert!(
            marks.iter().all(|m| m.starts_with("transform")),
            "{what}: {marks:?}"
        );
        assert!(
            !overflows(&b, width),
            "{what}: the search page scrolls sideways"
        );
        let problems = b.axe_problems();
        assert!(problems.is_empty(), "{what}: {problems:?}");
    }
}
