//! The stats page and the category charts, with the real binary: the charts' numbers are the
//! site's counts, rising words come from the words of recent papers (stop words and TeX
//! never), hostile names stay text, and in headless Chromium the pages pass axe-core in
//! light and dark and fit a phone's width. Set `PAPERPRESS_SCREENSHOTS` to a folder to keep
//! a screenshot of each page and view (base64 PNG, `*.png.b64`).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use common::files::FileServer;
use common::html::Doc;
use common::webdriver::Browser;
use common::*;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);

/// One JSON Lines record of a paper.
fn record(id: &str, category: &str, title: &str, abstract_: &str) -> String {
    json!({
        "id": id,
        "categories": [category],
        "authors": ["A. Author"],
        "title": title,
        "summary": abstract_,
        "AI": { "tldr": "" },
    })
    .to_string()
}

/// Writes each day's records as `content/data/DAY_AI_enhanced_English.jsonl`.
fn write_days(dir: &Path, days: &BTreeMap<String, Vec<String>>) {
    for (day, records) in days {
        let p = dir.join(format!("content/data/{day}_AI_enhanced_English.jsonl"));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, records.join("\n") + "\n").unwrap();
    }
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The rows of the tables with class `class` of a page: each cell's text.
fn rows(doc: &Doc, class: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (t, _) in doc
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "table" && e.has_class(class))
    {
        for tr in doc.inside(t, "tr") {
            let cells: Vec<String> = (0..doc.elements.len())
                .filter(|&i| {
                    matches!(doc.elements[i].name.as_str(), "th" | "td") && doc.is_inside(i, tr)
                })
                .map(|i| doc.elements[i].text.trim().to_string())
                .collect();
            if doc.elements[tr]
                .parent
                .is_some_and(|p| doc.elements[p].name == "tbody")
            {
                out.push(cells);
            }
        }
    }
    out
}

/// The bars of a page's chart: (height, the count its title gives).
fn bars(doc: &Doc) -> Vec<(u64, u64)> {
    let figure = doc
        .elements
        .iter()
        .position(|e| e.name == "figure" && e.has_class("chart"))
        .expect("a chart");
    doc.inside(figure, "rect")
        .into_iter()
        .map(|r| {
            let e = &doc.elements[r];
            let h = e.attr("height").unwrap().parse().unwrap();
            let count = e.text.rsplit(": ").next().unwrap().trim().parse().unwrap();
            (h, count)
        })
        .collect()
}

fn num(s: &str) -> u64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// Three months of a small site: cs.CL 3 + 0 + 2 papers, cs.CV 1 in March and 5 on its
/// last day.
fn small_site(dir: &Path) {
    site(dir, &[]);
    let mut days = BTreeMap::new();
    let mut n = 0;
    let mut add = |day: &str, category: &str, count: usize| {
        let list: &mut Vec<String> = days.entry(day.to_string()).or_default();
        for _ in 0..count {
            n += 1;
            list.push(record(
                &format!("2501.{n:05}"),
                category,
                &format!("Paper {n}"),
                "An abstract.",
            ));
        }
    };
    add("2025-01-10", "cs.CL", 3);
    add("2025-03-05", "cs.CL", 2);
    add("2025-03-05", "cs.CV", 1);
    add("2025-03-20", "cs.CV", 5);
    write_days(dir, &days);
}

#[test]
fn the_charts_show_the_sites_counts() {
    let dir = scratch();
    small_site(dir.path());
    let b = build_json(dir.path(), &[]);
    assert_eq!(b.papers, 11);

    // A category's chart: a bar and a table row a month, months without papers included,
    // each the count of the category's month links.
    let page = read(dir.path(), "categories/cs.cl/index.html");
    let doc = Doc::parse(&page);
    let table = rows(&doc, "chart-table");
    assert_eq!(
        table,
        [
            ["January 2025", "3"],
            ["February 2025", "0"],
            ["March 2025", "2"]
        ]
    );
    let linked: Vec<(String, u64)> = doc
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "nav" && e.has_class("months"))
        .flat_map(|(i, _)| doc.inside(i, "a"))
        .map(|a| {
            let t = &doc.elements[a].text;
            let (label, count) = t.rsplit_once(' ').unwrap();
            (label.trim().to_string(), num(count))
        })
        .collect();
    for (label, count) in &linked {
        let row = table
            .iter()
            .find(|r| &r[0] == label)
            .expect("a row per month");
        assert_eq!(num(&row[1]), *count, "{label}");
    }
    assert_eq!(linked.len(), 2, "two months have papers");
    // Bars for the months with papers, the highest full height.
    assert_eq!(bars(&doc), [(1000, 3), (666, 2)]);

    // The stats page: 70 days, a bar a day; each day's count as the archive says it.
    let stats = read(dir.path(), "stats/index.html");
    let doc = Doc::parse(&stats);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let table = rows(&doc, "chart-table");
    assert_eq!(table.len(), 70);
    assert_eq!(table.iter().map(|r| num(&r[1])).sum::<u64>(), 11);
    let archive = Doc::parse(&read(dir.path(), "days/index.html"));
    let days: Vec<(String, u64)> = archive
        .by_name("li")
        .map(|li| {
            let (date, count) = li.text.trim().rsplit_once(' ').unwrap();
            (date.trim().to_string(), num(count))
        })
        .collect();
    for (label, count) in [("2025-01-10", 3), ("2025-03-05", 3), ("2025-03-20", 5)] {
        let row = table.iter().find(|r| r[0] == label).expect("the day's row");
        assert_eq!(num(&row[1]), count, "{label}");
    }
    let mut charted: Vec<u64> = table
        .iter()
        .map(|r| num(&r[1]))
        .filter(|&n| n > 0)
        .collect();
    let mut listed: Vec<u64> = days.iter().map(|d| d.1).collect();
    charted.sort();
    listed.sort();
    assert_eq!(charted, listed, "{days:?}");
    assert_eq!(bars(&doc), [(600, 3), (600, 3), (1000, 5)]);

    // The largest categories: papers and shares of the 11.
    let shares = rows(&doc, "shares");
    assert_eq!(
        shares,
        [
            [
                "Computer Vision and Pattern Recognition cs.CV",
                "6",
                "54.5%"
            ],
            ["Computation and Language cs.CL", "5", "45.5%"]
        ]
    );
    // The page is in the sitemap and linked from every page's footer, the categories page
    // and the archive.
    let sitemap = read(dir.path(), "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/stats/</loc>"),
        "{sitemap}"
    );
    for rel in ["index.html", "categories/index.html", "days/index.html"] {
        let n = read(dir.path(), rel).matches("href=\"/stats/\"").count();
        let least = if rel == "index.html" { 1 } else { 2 };
        assert!(n >= least, "{rel} links the stats page {n} times");
    }
}

/// Before: 40 papers over five months about graphs; recent (the last 30 days): 12 papers
/// about quokkas, with TeX and stop words aplenty, and a word too few papers have.
fn rising_site(dir: &Path, extra: &str) {
    fs::write(
        dir.join("site.toml"),
        format!("title = \"Rising\"\nbase_url = \"http://127.0.0.1/\"\n{extra}"),
    )
    .unwrap();
    let mut days: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut n = 0;
    for (i, day) in [
        "2025-02-03",
        "2025-03-03",
        "2025-04-01",
        "2025-05-02",
        "2025-05-30",
    ]
    .iter()
    .enumerate()
    {
        for j in 0..8 {
            n += 1;
            let category = if j % 2 == 0 { "cs.LG" } else { "cs.CL" };
            let text =
                format!("We study graph networks and their training {i}. The method is fast.");
            days.entry(day.to_string()).or_default().push(record(
                &format!("2502.{n:05}"),
                category,
                "Graph learning",
                &text,
            ));
        }
    }
    for (i, day) in ["2025-06-10", "2025-06-20", "2025-06-30"]
        .iter()
        .enumerate()
    {
        for j in 0..4 {
            n += 1;
            let zebra = if i == 0 && j < 3 { " zebra" } else { "" };
            let text = format!(
                r"The quokka graph and the $\mathbb{{R}}^d$ space, \emph{{with}} \alpha and \(\frac{{a}}{{b}}\) for the quokkas{zebra}."
            );
            days.entry(day.to_string()).or_default().push(record(
                &format!("2506.{n:05}"),
                "cs.LG",
                "Quokka sightings in the wild",
                &text,
            ));
        }
    }
    write_days(dir, &days);
}

#[test]
fn a_word_new_in_the_last_30_days_rises_and_stop_words_and_tex_never_do() {
    let dir = scratch();
    rising_site(dir.path(), "");
    build_json(dir.path(), &[]);
    let doc = Doc::parse(&read(dir.path(), "stats/index.html"));
    let rising = rows(&doc, "rising");
    assert!(!rising.is_empty(), "no rising words");
    // Absent before, in all 12 recent papers: the first.
    assert_eq!(rising[0][..3], ["quokka", "0", "12"], "{rising:?}");
    let words: Vec<&str> = rising.iter().map(|r| r[0].as_str()).collect();
    for never in [
        "the", "and", "with", "mathbb", "emph", "alpha", "frac", "graph", "zebra",
    ] {
        assert!(!words.contains(&never), "{never} in {words:?}");
    }
    // Counts are papers, as the periods' sizes say.
    let note = doc
        .elements
        .iter()
        .find(|e| e.name == "p" && e.text.contains("last 30 days"))
        .expect("the periods");
    assert!(note.text.contains("12 papers"), "{}", note.text);
    assert!(note.text.contains("40 papers"), "{}", note.text);
    // Each word links to a search for it.
    let link = doc
        .by_name("a")
        .find(|a| a.text == "quokka")
        .expect("a link");
    assert_eq!(link.attr("href"), Some("/search/?q=quokka"));
}

#[test]
fn hostile_category_names_and_words_stay_text() {
    let dir = scratch();
    let name = r#"<img src=x onerror="window.__pwned=1"><svg onload=alert(1)>&amp;"#;
    let extra = format!("[category_names]\n\"cs.LG\" = {}\n", toml_str(name));
    rising_site(dir.path(), &extra);
    // A paper whose abstract is markup.
    let p = dir
        .path()
        .join("content/data/2025-06-30_AI_enhanced_English.jsonl");
    let mut text = fs::read_to_string(&p).unwrap();
    text.push_str(&record(
        "2506.09999",
        "cs.LG",
        "</svg><script>window.__pwned=1</script>",
        "<svg><rect onmouseover=alert(1)/></svg> </title></rect></svg><b>x</b>",
    ));
    text.push('\n');
    fs::write(&p, text).unwrap();
    build_json(dir.path(), &[]);
    for rel in ["stats/index.html", "categories/cs.lg/index.html"] {
        let html = read(dir.path(), rel);
        let doc = Doc::parse(&html);
        let handlers: Vec<String> = doc
            .elements
            .iter()
            .flat_map(|e| e.attrs.iter().map(move |(n, _)| format!("{}[{n}]", e.name)))
            .filter(|a| a.contains("[on"))
            .collect();
        assert!(handlers.is_empty(), "{rel}: {handlers:?}");
        assert!(doc.by_name("img").next().is_none(), "{rel}");
        let scripts = doc.by_name("script").count();
        assert_eq!(scripts, 1, "{rel}: only app.js");
        // Every SVG holds bars and their titles only.
        for (i, _) in doc
            .elements
            .iter()
            .enumerate()
            .filter(|(_, e)| e.name == "svg")
        {
            let inside: Vec<&str> = (0..doc.elements.len())
                .filter(|&j| doc.is_inside(j, i))
                .map(|j| doc.elements[j].name.as_str())
                .collect();
            assert!(
                inside.iter().all(|n| ["rect", "title"].contains(n)),
                "{rel}: {inside:?}"
            );
        }
    }
    // The name is shown as written, on the stats page.
    let stats = Doc::parse(&read(dir.path(), "stats/index.html"));
    assert!(
        stats.by_name("a").any(|a| a.text == name),
        "the hostile name is shown as text"
    );
}

/// `s` as a TOML basic string.
fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

struct Served {
    server: FileServer,
    out: PathBuf,
}

/// A site written by `write` into `CARGO_TARGET_TMPDIR/name`, built for the root of a file
/// server with axe-core beside its pages, and served.
fn serve(name: &str, write: impl FnOnce(&Path)) -> Served {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    let root = dir.join("site");
    fs::create_dir_all(root.join("content")).unwrap();
    write(&root);
    let out = dir.join("public");
    let o = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    if let Ok(axe) = fs::read(repo().join("node_modules/axe-core/axe.min.js")) {
        fs::write(out.join("__axe.min.js"), axe).unwrap();
    }
    Served {
        server: FileServer::start(out.clone()),
        out,
    }
}

/// The real digests (seeds and corpus), served.
fn real_site() -> Option<&'static Served> {
    static SITE: OnceLock<Option<Served>> = OnceLock::new();
    SITE.get_or_init(|| {
        let shared = shared()?;
        Some(serve("trends-real", |root| {
            copy_into_content(root, &real_files(&shared));
            fs::write(
                root.join("site.toml"),
                "title = \"Trends\"\nbase_url = \"http://127.0.0.1/\"\n",
            )
            .unwrap();
        }))
    })
    .as_ref()
}

fn rising_served() -> &'static Served {
    static SITE: OnceLock<Served> = OnceLock::new();
    SITE.get_or_init(|| serve("trends-rising", |root| rising_site(root, "")))
}

fn one_browser() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn open(b: &Browser, site: &Served, path: &str) {
    b.goto(&site.server.at(path));
    assert!(
        b.wait_until("return document.readyState === 'complete';", WAIT),
        "{path} did not load"
    );
}

const VIEWS: [(u32, &str); 4] = [
    (390, "light"),
    (390, "dark"),
    (1280, "light"),
    (1280, "dark"),
];

/// Saves a screenshot of the whole page where `PAPERPRESS_SCREENSHOTS` names a folder.
fn screenshot(b: &Browser, name: &str) {
    let Some(dir) = std::env::var_os("PAPERPRESS_SCREENSHOTS") else {
        return;
    };
    let shot = b.cdp(
        "Page.captureScreenshot",
        json!({ "format": "png", "captureBeyondViewport": true }),
    );
    let data = shot["data"].as_str().unwrap_or_default();
    fs::create_dir_all(&dir).unwrap();
    fs::write(Path::new(&dir).join(format!("{name}.png.b64")), data).unwrap();
}

/// The stats page (of the real site and of one with rising words) and a category page pass
/// axe-core in light and dark, and at 390 px nothing is wider than the screen: the charts
/// scale to the column.
#[test]
fn stats_and_category_pages_pass_axe_and_fit_a_phone() {
    let have_axe = repo().join("node_modules/axe-core/axe.min.js").exists();
    if !have_axe {
        skip(Need::Axe, "node_modules/axe-core missing (run npm ci)");
    }
    let Some(real) = real_site() else { return };
    let rising = rising_served();
    let _g = one_browser();
    let Some(b) = Browser::start() else { return };
    b.script_timeout(Duration::from_secs(60));
    // The real site's largest category.
    let category = {
        let stats = Doc::parse(&fs::read_to_string(real.out.join("stats/index.html")).unwrap());
        let table = stats
            .elements
            .iter()
            .position(|e| e.name == "table" && e.has_class("shares"))
            .expect("shares");
        let a = stats.inside(table, "a")[0];
        stats.elements[a].attr("href").unwrap().to_string()
    };
    let pages: [(&Served, &str, &str); 3] = [
        (real, "/stats/", "real-stats"),
        (real, &category, "real-category"),
        (rising, "/stats/", "rising-stats"),
    ];
    let mut problems = Vec::new();
    for (width, scheme) in VIEWS {
        b.view(width, scheme);
        for (site, path, name) in pages {
            open(&b, site, path);
            // The chart's table opened, as a reader checking the numbers would.
            b.run("document.querySelectorAll('.chart details').forEach(function (d) { d.open = true; }); return true;");
            let svg_width = b.run(
                "var s = document.querySelector('.chart svg'); return s ? s.getBoundingClientRect().right : 0;",
            );
            let right = svg_width.as_f64().unwrap_or(0.0);
            assert!(
                right > 0.0 && right <= f64::from(width),
                "{path} ({width} px): the chart ends at {right}"
            );
            let wide = b.run_with(
                "return document.documentElement.scrollWidth > arguments[0] + 1;",
                json!([width]),
            );
            assert_eq!(wide, json!(false), "{path} is wider than {width} px");
            screenshot(&b, &format!("{name}-{width}-{scheme}"));
            if have_axe {
                for p in b.axe_problems() {
                    problems.push(format!("{path} ({width} px, {scheme}): {p}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
