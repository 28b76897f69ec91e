//! Topic feeds (`[[feeds]]` in site.toml): the configuration's checks, each feed as a feed
//! reader parses it, the OPML list of every feed, the feeds page, stability across builds,
//! and the search page finding the same papers for a feed's query as the feed holds.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use common::files::FileServer;
use common::html::Doc;
use common::webdriver::Browser;
use common::*;

const WAIT: Duration = Duration::from_secs(20);

/// A paper of the fixture: id number, title, authors, categories (the first primary),
/// abstract.
type P = (u32, &'static str, &'static str, &'static str, &'static str);

/// Four days; the comments say which feed each paper is for.
const DAYS: [(&str, &[P]); 4] = [
    (
        "2025-06-01",
        &[
            (
                1,
                "Diffusion Language Models for Translation",
                "Alice Zhang, Bob Li",
                "cs.CL, cs.LG",
                "We translate with diffusion.",
            ),
            (
                2,
                "A Survey of Diffusion Models",
                "Carol Wang",
                "cs.CL",
                "A survey of diffusion.",
            ),
        ],
    ),
    (
        "2025-06-02",
        &[
            (
                3,
                "Diffusion for Image Generation",
                "Alice Zhang",
                "cs.CV",
                "Images from noise.",
            ),
            (
                4,
                "Robots That Swim",
                "Dan Chen",
                "cs.RO",
                "Inspired by fish.",
            ),
        ],
    ),
    (
        "2025-06-03",
        &[
            (
                5,
                "Transformers Everywhere",
                "Yann LeCun, Eve Doe",
                "cs.LG",
                "Attention, and diffusion too.",
            ),
            (
                6,
                "Hostile <script>alert(1)</script> & \"Quotes\" ]]>",
                "Mallory <i>Evil</i>",
                "cs.LG",
                "Markup & <b>tags</b>.",
            ),
        ],
    ),
    (
        "2025-06-04",
        &[
            (
                7,
                "Diffusing Attention in Language Models",
                "Bob Li",
                "cs.CL, cs.CV",
                "Attention spreads.",
            ),
            (
                8,
                "Reinforcement Learning Agents",
                "Frank Zhang",
                "cs.AI",
                "Agents that learn.",
            ),
        ],
    ),
];

/// The name of the hostile feed, and its query.
const HOSTILE_NAME: &str = "Évil <b>&amp;</b> \"quotes\" ]]> 'x'";
const HOSTILE_QUERY: &str = "author:\"Mallory\" tags&<b>";

/// The topic feeds: name, query, and the papers each holds with `feed_days = 2` (the latest
/// two days that had a match, newest first).
fn topics() -> Vec<(&'static str, &'static str, Vec<u32>)> {
    vec![
        // Word forms share a stem (`Diffusing`); a survey is left out; days 4 and 3.
        ("Diffusion", "diffusion -survey", vec![7, 5]),
        // Both words of the name; Frank Zhang is not Alice. Her latest days are 2 and 1.
        ("Alice", "author:\"Alice Zhang\"", vec![3, 1]),
        // Primary or cross-listed.
        ("Vision", "cat:cs.CV", vec![7, 3]),
        // Exclusions of a category (7 is cross-listed there) and of an author.
        (
            "Diffusion, not vision",
            "diffusion -cat:cs.cv -author:LeCun",
            vec![1, 2],
        ),
        // A category code and an author's words, together.
        ("Bob in NLP", "cs.CL author:bob", vec![7, 1]),
        // An arXiv id, its version ignored, is matched whole.
        ("One paper", "2506.00004v2", vec![4]),
        (HOSTILE_NAME, HOSTILE_QUERY, vec![6]),
    ]
}

fn id(n: u32) -> String {
    format!("2506.{n:05}")
}

fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Writes the fixture site into `dir`, served at `base_url`.
fn write_site(dir: &Path, base_url: &str) {
    let mut toml =
        format!("title = \"Topic Digest\"\nbase_url = \"{base_url}\"\nfeed_days = 2\n\n");
    for (name, query, _) in topics() {
        toml.push_str(&format!(
            "[[feeds]]\nname = {}\nquery = {}\n",
            toml_str(name),
            toml_str(query)
        ));
        if name == HOSTILE_NAME {
            toml.push_str("slug = \"hostile\"\n");
        }
        toml.push('\n');
    }
    fs::write(dir.join("site.toml"), toml).unwrap();
    for (date, papers) in DAYS {
        write_day(dir, date, papers);
    }
}

fn write_day(dir: &Path, date: &str, papers: &[P]) {
    let mut md = String::new();
    for (n, title, authors, cats, abs) in papers {
        let primary = cats.split(',').next().unwrap();
        md.push_str(&format!(
            "# {title}\n\n**Authors**: {authors}\n\n**Category**: {primary}\n\n\
             **Categories**: {cats}\n\n**Link**: [PDF](https://arxiv.org/pdf/{})\n\n\
             **Abstract**: {abs}\n\n---\n",
            id(*n)
        ));
    }
    let p = dir.join(format!(
        "content/{}/{date}.md",
        &date[..7].replace('-', "/")
    ));
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, md).unwrap();
}

fn build(dir: &Path, out: &Path) {
    let o = run(dir, &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
}

/// The fixture, built into `public/` of a scratch folder.
fn built(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = scratch();
    write_site(dir.path(), base_url);
    let out = dir.path().join("public");
    build(dir.path(), &out);
    (dir, out)
}

fn parse_feed(path: &Path) -> feed_rs::model::Feed {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A feed's entries as arXiv ids, in order (each entry's id is its page's URL).
fn entry_ids(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.id.rsplit('/')
                .next()
                .and_then(|f| f.strip_suffix(".html"))
                .unwrap_or(&e.id)
                .to_string()
        })
        .collect()
}

fn slug(name: &str) -> &str {
    match name {
        "Diffusion" => "diffusion",
        "Alice" => "alice",
        "Vision" => "vision",
        "Diffusion, not vision" => "diffusion-not-vision",
        "Bob in NLP" => "bob-in-nlp",
        "One paper" => "one-paper",
        _ => "hostile",
    }
}

#[test]
fn each_topic_feed_holds_the_papers_its_query_matches() {
    let (_dir, out) = built("https://example.org/digest/");
    for (name, _, want) in topics() {
        let rel = format!("feeds/{}.xml", slug(name));
        let feed = parse_feed(&out.join(&rel));
        let want: Vec<String> = want.iter().map(|&n| id(n)).collect();
        assert_eq!(entry_ids(&feed), want, "{rel}");
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some(format!("Topic Digest · {name}").as_str()),
            "{rel}: the title, markup and all, as text"
        );
        assert_eq!(
            feed.id,
            format!("https://example.org/digest/{rel}"),
            "{rel}: its id is its address"
        );
        let newest = ["2025-06-04", "2025-06-03", "2025-06-02", "2025-06-01"]
            .iter()
            .find(|d| {
                DAYS.iter()
                    .any(|(day, ps)| day == *d && ps.iter().any(|p| want.contains(&id(p.0))))
            })
            .unwrap();
        assert_eq!(
            feed.updated.map(|t| t.format("%Y-%m-%d").to_string()),
            Some(newest.to_string()),
            "{rel}: as new as its newest entry"
        );
        for e in &feed.entries {
            assert!(
                e.id.starts_with("https://example.org/digest/papers/"),
                "{rel}: {}",
                e.id
            );
            assert!(
                e.title.is_some() && !e.authors.is_empty(),
                "{rel}: {}",
                e.id
            );
        }
    }
    // The hostile paper's title survives as text.
    let feed = parse_feed(&out.join("feeds/hostile.xml"));
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "Hostile <script>alert(1)</script> & \"Quotes\" ]]>"
    );
}

#[test]
fn opml_lists_every_feed_and_the_feeds_page_links_them() {
    let (_dir, out) = built("https://example.org/digest/");
    let text = fs::read_to_string(out.join("feeds.opml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("feeds.opml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "opml");
    assert_eq!(root.attribute("version"), Some("2.0"));
    let title = root
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some("Topic Digest · feeds"));
    let outlines: Vec<roxmltree::Node> = root
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .collect();
    let categories: Vec<String> = fs::read_dir(out.join("categories"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("feed.xml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(categories.len(), 5, "{categories:?}");
    assert_eq!(outlines.len(), 1 + topics().len() + categories.len());
    let mut files = BTreeSet::new();
    for o in &outlines {
        assert_eq!(o.attribute("type"), Some("rss"));
        assert_eq!(o.attribute("text"), o.attribute("title"));
        let xml = o.attribute("xmlUrl").unwrap();
        let rel = xml
            .strip_prefix("https://example.org/digest/")
            .expect("an absolute feed URL");
        parse_feed(&out.join(rel));
        files.insert(rel.to_string());
        assert!(
            o.attribute("htmlUrl")
                .unwrap()
                .starts_with("https://example.org/digest/")
        );
    }
    assert!(files.contains("feed.xml"));
    for (name, query, _) in topics() {
        let rel = format!("feeds/{}.xml", slug(name));
        assert!(files.contains(&rel), "{rel} not in feeds.opml");
        let o = outlines
            .iter()
            .find(|o| o.attribute("xmlUrl").unwrap().ends_with(&rel))
            .unwrap();
        assert_eq!(
            o.attribute("text").unwrap(),
            format!("Topic Digest · {name}"),
            "names are escaped and read back as written"
        );
        // The page of a topic feed is the search for its query.
        let html_url = o.attribute("htmlUrl").unwrap();
        let q = html_url.split_once("?q=").unwrap().1;
        assert_eq!(
            percent_encoding::percent_decode_str(q)
                .decode_utf8()
                .unwrap(),
            query
        );
    }
    for c in &categories {
        assert!(files.contains(&format!("categories/{c}/feed.xml")), "{c}");
    }

    // The feeds page: every feed, the OPML file, autodiscovery links for the topics, and
    // each topic's query linked to the search page.
    let html = fs::read_to_string(out.join("feeds/index.html")).unwrap();
    assert!(!html.contains("<b>&amp;</b>") && !html.contains("<script>"));
    let doc = Doc::parse(&html);
    let hrefs: Vec<&str> = doc.by_name("a").filter_map(|a| a.attr("href")).collect();
    assert!(hrefs.contains(&"/digest/feeds.opml"));
    assert!(hrefs.contains(&"/digest/feed.xml"));
    let alternates: Vec<(&str, &str)> = doc
        .by_name("link")
        .filter(|l| l.attr("rel") == Some("alternate"))
        .map(|l| (l.attr("title").unwrap(), l.attr("href").unwrap()))
        .collect();
    for (name, query, _) in topics() {
        let feed = format!("/digest/feeds/{}.xml", slug(name));
        assert!(hrefs.contains(&feed.as_str()), "{feed} not linked");
        let title = format!("Topic Digest · {name}");
        assert!(
            alternates.contains(&(title.as_str(), feed.as_str())),
            "{feed}: no <link rel=alternate>: {alternates:?}"
        );
        let search = hrefs.iter().find(|h| searches_for(h, query)).copied();
        assert!(
            search.is_some_and(|s| s.starts_with("/digest/search/?q=")),
            "no search link for {query:?}"
        );
    }
    for c in &categories {
        let feed = format!("/digest/categories/{c}/feed.xml");
        assert!(hrefs.contains(&feed.as_str()), "{feed} not linked");
    }
    // Every page's footer links the feeds page.
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"/digest/feeds/\">Feeds</a>"));
}

#[test]
fn feeds_are_the_same_bytes_from_build_to_build_and_keep_their_entry_ids() {
    let (dir, out) = built("https://example.org/");
    let feeds = |out: &Path| -> BTreeMap<String, Vec<u8>> {
        let mut m: BTreeMap<String, Vec<u8>> = tree(&out.join("feeds"))
            .into_iter()
            .map(|(k, v)| (format!("feeds/{k}"), v))
            .collect();
        m.insert(
            "feeds.opml".into(),
            fs::read(out.join("feeds.opml")).unwrap(),
        );
        m
    };
    let first = feeds(&out);
    assert_eq!(first.len(), topics().len() + 2, "{:?}", first.keys());
    // Built again from nothing, elsewhere: the same bytes.
    let again = dir.path().join("again");
    build(dir.path(), &again);
    assert_eq!(feeds(&again), first);
    // Built again over itself: nothing is written.
    let o = build_json(dir.path(), &["--output", out.to_str().unwrap()]);
    assert_eq!(o.written, 0, "an unchanged site writes nothing");
    assert_eq!(feeds(&out), first);

    // A new day: the feeds move on, and an entry that stays keeps its id.
    write_day(
        dir.path(),
        "2025-06-05",
        &[(
            9,
            "Diffusion Once More",
            "Gina Roe",
            "cs.LG",
            "More diffusion.",
        )],
    );
    build(dir.path(), &out);
    let feed = parse_feed(&out.join("feeds/diffusion.xml"));
    assert_eq!(entry_ids(&feed), [id(9), id(7)]);
    let before = parse_feed(&again.join("feeds/diffusion.xml"));
    assert_eq!(feed.entries[1].id, before.entries[0].id);
    assert_eq!(
        fs::read(out.join("feeds/alice.xml")).unwrap(),
        first["feeds/alice.xml"],
        "a feed the new day adds nothing to keeps its bytes"
    );
}

/// `site.toml` with `feeds` (TOML) after a valid head: the build's error.
fn config_error(feeds: &str) -> String {
    let dir = scratch();
    site(dir.path(), &[]);
    let toml = fs::read_to_string(dir.path().join("site.toml")).unwrap();
    fs::write(dir.path().join("site.toml"), format!("{toml}{feeds}")).unwrap();
    let o = run(dir.path(), &["build"]);
    assert!(!o.status.success(), "{feeds}: the build must fail");
    stderr(&o)
}

#[test]
fn a_wrong_feed_is_an_error_naming_site_toml_and_the_feed() {
    let cases = [
        ("[[feeds]]\nname = \"Empty\"\nquery = \"  \"\n", "empty"),
        (
            "[[feeds]]\nname = \"Op\"\nquery = \"title:diffusion\"\n",
            "unknown operator `title:`",
        ),
        (
            "[[feeds]]\nname = \"Quote\"\nquery = 'author:\"Yann LeCun'\n",
            "not closed",
        ),
        (
            "[[feeds]]\nname = \"Only out\"\nquery = \"-cat:cs.CV\"\n",
            "not only exclusions",
        ),
        (
            "[[feeds]]\nname = \"Stop\"\nquery = \"the of\"\n",
            "no word the search indexes",
        ),
        (
            "[[feeds]]\nname = \"Phrase\"\nquery = '\"large models\"'\n",
            "phrases are not supported",
        ),
        (
            "[[feeds]]\nname = \" \"\nquery = \"x y\"\n",
            "name must not be empty",
        ),
        (
            "[[feeds]]\nname = \"中文\"\nquery = \"model\"\n",
            "give it a slug",
        ),
        (
            "[[feeds]]\nname = \"Bad slug\"\nslug = \"A/B\"\nquery = \"model\"\n",
            "may hold only",
        ),
        (
            "[[feeds]]\nname = \"Twice\"\nquery = \"model\"\n[[feeds]]\nname = \"twice\"\nquery = \"data\"\n",
            "another feed has the name",
        ),
        (
            "[[feeds]]\nname = \"Deep Learning\"\nquery = \"model\"\n[[feeds]]\nname = \"Deep-learning!\"\nquery = \"data\"\n",
            "another feed has the slug \"deep-learning\"",
        ),
        ("[[feeds]]\nname = \"Typo\"\nquerry = \"model\"\n", "querry"),
    ];
    for (feeds, says) in cases {
        let err = config_error(feeds);
        assert!(err.contains("site.toml"), "{feeds}: {err}");
        assert!(err.contains(says), "{feeds}: wanted {says:?} in {err}");
        if !feeds.contains("querry") {
            assert!(
                err.contains("[[feeds]] #"),
                "{feeds}: names the feed: {err}"
            );
        }
    }
    // A name of the feed itself, and the second of two.
    let err = config_error(
        "[[feeds]]\nname = \"Good\"\nquery = \"model\"\n[[feeds]]\nname = \"Bad one\"\nquery = \"cat:\"\n",
    );
    assert!(err.contains("[[feeds]] #2 (\"Bad one\")"), "{err}");
}

/// One browser at a time: the machine is small and Chromium is not.
fn one_browser() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// The fixture built for the root of a file server, with axe-core beside it.
fn served() -> (tempfile::TempDir, PathBuf, FileServer) {
    let (dir, out) = built("http://127.0.0.1/");
    if let Ok(axe) = fs::read(repo().join("node_modules/axe-core/axe.min.js")) {
        fs::write(out.join("__axe.min.js"), axe).unwrap();
    }
    let server = FileServer::start(out.clone());
    (dir, out, server)
}

/// Every result the search page shows for the query it was opened with: (id, day).
fn search_results(b: &Browser) -> Vec<(String, String)> {
    assert!(
        b.wait_until(
            "var s = document.getElementById('search-status').textContent; \
             return s.startsWith('No papers') || \
               (/ match/.test(s) && document.querySelectorAll('#search-results li').length > 0);",
            WAIT
        ),
        "the search gave no answer: {}",
        b.run("return document.body.innerText;")
    );
    for _ in 0..20 {
        if b.run("return document.getElementById('search-more').hidden;") == serde_json::json!(true)
        {
            break;
        }
        let n = b.run("return document.querySelectorAll('#search-results li').length;");
        b.click("#search-more");
        b.wait_until(
            &format!("return document.querySelectorAll('#search-results li').length > {n};"),
            WAIT,
        );
    }
    let v = b.run(
        "return Array.from(document.querySelectorAll('#search-results li')).map(li => \
         [new URL(li.querySelector('.result-title a').href).pathname, \
          li.querySelector('.result-meta a').textContent]);",
    );
    let rows: Vec<(String, String)> = serde_json::from_value(v).unwrap();
    rows.into_iter()
        .map(|(path, day)| {
            let id = path
                .trim_start_matches("/papers/")
                .trim_end_matches(".html")
                .to_string();
            (id, day)
        })
        .collect()
}

#[test]
fn the_search_page_finds_what_each_topic_feed_holds() {
    let _g = one_browser();
    let (_dir, out, server) = served();
    let Some(b) = Browser::start() else {
        return;
    };
    let page = fs::read_to_string(out.join("feeds/index.html")).unwrap();
    let doc = Doc::parse(&page);
    for (name, query, _) in topics() {
        // The feeds page's own link to the search for the topic's query.
        let href = doc
            .by_name("a")
            .filter_map(|a| a.attr("href"))
            .find(|h| searches_for(h, query))
            .unwrap_or_else(|| panic!("no search link for {query:?}"))
            .to_string();
        b.goto(&server.at(&href));
        let found = search_results(&b);
        // The feed's rule over the search's results: the papers of the latest two days
        // that have any.
        let mut days: Vec<&str> = found.iter().map(|(_, d)| d.as_str()).collect();
        days.sort_unstable();
        days.dedup();
        let latest: Vec<&str> = days.iter().rev().take(2).copied().collect();
        let from_search: BTreeSet<String> = found
            .iter()
            .filter(|(_, d)| latest.contains(&d.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        let feed = parse_feed(&out.join(format!("feeds/{}.xml", slug(name))));
        let in_feed: BTreeSet<String> = entry_ids(&feed).into_iter().collect();
        assert!(!in_feed.is_empty(), "{name}: an empty feed proves nothing");
        assert_eq!(
            from_search,
            in_feed,
            "{name}: {query:?} found {found:?}: {}",
            b.run("return document.getElementById('search-status').textContent;")
        );
        assert_eq!(
            b.run("return document.getElementById('q').value;"),
            serde_json::json!(query)
        );
    }
    // Two exclusions' worth of papers on a plain query: the search without them finds more.
    b.goto(&server.at("/search/?q=diffusion"));
    let all: BTreeSet<String> = search_results(&b).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        all,
        [1, 2, 3, 5, 7]
            .iter()
            .map(|&n| id(n))
            .collect::<BTreeSet<_>>()
    );
}

#[test]
fn the_feeds_page_passes_axe_in_light_and_dark() {
    if !repo().join("node_modules/axe-core/axe.min.js").exists() {
        skip(Need::Axe, "node_modules/axe-core missing (run npm ci)");
        return;
    }
    let _g = one_browser();
    let (_dir, _out, server) = served();
    let Some(b) = Browser::start() else {
        return;
    };
    b.script_timeout(Duration::from_secs(60));
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme);
        for page in [
            "/feeds/",
            "/search/?q=author%3A%22Alice%20Zhang%22%20-cat%3Acs.CV",
        ] {
            b.goto(&server.at(page));
            assert!(
                b.wait_until("return document.readyState === 'complete';", WAIT),
                "{page} did not load"
            );
            for p in b.axe_problems() {
                problems.push(format!("{page} ({scheme}): {p}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether link `href` is a search for `query`.
fn searches_for(href: &str, query: &str) -> bool {
    href.split_once("?q=").is_some_and(|(_, q)| {
        percent_encoding::percent_decode_str(q)
            .decode_utf8()
            .unwrap()
            == query
    })
}
