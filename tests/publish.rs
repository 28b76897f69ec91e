//! Publishing on GitHub Pages: a site built for a sub-path, its feeds, sitemap, metadata and
//! hosting files, checked on the real digest files with the real binary.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use chrono::NaiveDate;
use common::html::{Doc, Element as El};
use paperpress::model::Site;
use paperpress::output::list_files;
use paperpress::pipeline::Pipeline;
use paperpress::progress::Progress;
use paperpress::site_dir::SiteDir;
use tempfile::TempDir;

/// Where the test sites are built for: a project site of GitHub Pages.
const BASE: &str = "https://example.github.io/digest/";
const ORIGIN: &str = "https://example.github.io";
const PREFIX: &str = "/digest/";

// ---------------------------------------------------------------------------------------
// Building

/// A scratch site holding every real digest file, with `extra` appended to its site.toml.
/// `None` where ../shared is absent.
fn real_site(extra: &str) -> Option<TempDir> {
    let shared = common::shared()?;
    let dir = common::scratch();
    common::copy_into_content(dir.path(), &common::real_files(&shared));
    write_site_toml(dir.path(), extra);
    Some(dir)
}

/// [`real_site`] built for [`BASE`] into its `public/`: (site folder, output folder).
fn built_real_site(extra: &str) -> Option<(TempDir, PathBuf)> {
    let site = real_site(extra)?;
    let out = site.path().join("public");
    build(site.path(), &out);
    Some((site, out))
}

fn write_site_toml(root: &Path, extra: &str) {
    // base_url is overridden on the command line, as the workflow does.
    fs::write(
        root.join("site.toml"),
        format!(
            "title = \"Paper Digest\"\ndescription = \"Daily papers.\"\nbase_url = \"https://example.org/\"\n{extra}"
        ),
    )
    .expect("write site.toml");
}

/// Builds `root` for [`BASE`] into `out`.
fn build(root: &Path, out: &Path) {
    let o = common::run(
        root,
        &[
            "build",
            "--base-url",
            BASE,
            "--output",
            out.to_str().expect("utf-8 path"),
        ],
    );
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        common::stdout(&o),
        common::stderr(&o)
    );
}

/// The site index the build saw, to know which papers the feeds must hold.
fn site_of(root: &Path) -> Site {
    let loaded = Pipeline::load(SiteDir::new(root), &Progress::default()).expect("site.toml");
    loaded.pipeline.into_site()
}

/// The output file a URL of the site is served from.
fn file_of_url(url: &str) -> Option<String> {
    let rel = url.strip_prefix(BASE)?;
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// The URL a page file is served at.
fn url_of_file(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) => format!("{BASE}{dir}"),
        None => format!("{BASE}{rel}"),
    }
}

fn html_files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = list_files(out)
        .expect("list output")
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------------------------------
// HTML

/// Every element of an HTML document, in document order.
fn elements(html: &str) -> Vec<El> {
    Doc::parse(html).elements
}

/// The `content` of every `<meta>` whose `name` or `property` is `key`.
fn metas(els: &[El], key: &str) -> Vec<String> {
    els.iter()
        .filter(|e| {
            e.name == "meta" && (e.attr("name") == Some(key) || e.attr("property") == Some(key))
        })
        .filter_map(|e| e.attr("content").map(str::to_string))
        .collect()
}

fn one_meta(els: &[El], key: &str, page: &str) -> String {
    let m = metas(els, key);
    assert_eq!(m.len(), 1, "{page}: {key} should appear once, found {m:?}");
    m.into_iter().next().unwrap_or_default()
}

/// (type, href, title) of each `<link rel=REL>`.
fn links(els: &[El], rel: &str) -> Vec<(String, String, String)> {
    els.iter()
        .filter(|e| e.name == "link" && e.attr("rel") == Some(rel))
        .map(|e| {
            (
                e.attr("type").unwrap_or_default().to_string(),
                e.attr("href").unwrap_or_default().to_string(),
                e.attr("title").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// What a paper page says about its paper in its scholarly metadata.
struct PaperMeta {
    title: String,
    authors: Vec<String>,
    /// `2025/06/27`
    date: String,
}

fn paper_meta(out: &Path, id: &str) -> PaperMeta {
    let page = format!("papers/{id}.html");
    let html = fs::read_to_string(out.join(&page)).unwrap_or_else(|e| panic!("{page}: {e}"));
    let els = elements(&html);
    PaperMeta {
        title: one_meta(&els, "citation_title", &page),
        authors: metas(&els, "citation_author"),
        date: one_meta(&els, "citation_date", &page),
    }
}

// ---------------------------------------------------------------------------------------
// An ordinary static file server, and a client for it

/// Serves `root` under `prefix` like a plain static host: `PREFIX/a/b.css` is the file
/// `a/b.css`, a path ending in `/` is that folder's `index.html`, anything else is a 404.
/// It knows nothing of paperpress.
struct FileServer {
    server: Arc<tiny_http::Server>,
    addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl FileServer {
    fn start(root: PathBuf, prefix: &'static str) -> FileServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a port"));
        let addr = server.server_addr().to_ip().expect("an IP address");
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let response = match serve_file(&root, prefix, req.url()) {
                    Some((bytes, ctype)) => tiny_http::Response::from_data(bytes).with_header(
                        tiny_http::Header::from_bytes(&b"Content-Type"[..], ctype.as_bytes())
                            .expect("header"),
                    ),
                    None => {
                        tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                    }
                };
                let _ = req.respond(response);
            }
        });
        FileServer {
            server,
            addr,
            thread: Some(thread),
        }
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_file(root: &Path, prefix: &str, url: &str) -> Option<(Vec<u8>, &'static str)> {
    let path = percent_decode(url.split(['?', '#']).next()?)?;
    let rel = path.strip_prefix(prefix)?;
    if rel.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    let mut file = root.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        file.push("index.html");
    }
    let bytes = fs::read(&file).ok()?;
    let ctype = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("txt") => "text/plain",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    Some((bytes, ctype))
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A plain HTTP/1.0 GET: (status, body).
fn get(addr: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect to the file server");
    write!(s, "GET {path} HTTP/1.0\r\nHost: example.github.io\r\n\r\n").expect("send request");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read response");
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    assert!(
        !head.contains("transfer-encoding: chunked"),
        "unexpected chunked response"
    );
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    (status, buf[end + 4..].to_vec())
}

// ---------------------------------------------------------------------------------------
// Crawling

enum Target {
    /// A fragment on the same page, or nothing.
    Skip,
    /// Another site.
    External,
    /// A path on the site's host, without query or fragment.
    Internal(String),
}

/// Resolves a reference found on the page at `from` (a path on the host).
fn resolve(from: &str, r: &str) -> Target {
    let r = r.trim();
    let r = r.split('#').next().unwrap_or("");
    let r = r.split('?').next().unwrap_or("");
    if r.is_empty() {
        return Target::Skip;
    }
    let host = ORIGIN.trim_start_matches("https://");
    let path = if let Some(rest) = r.strip_prefix(ORIGIN) {
        if rest.is_empty() { "/" } else { rest }.to_string()
    } else if let Some(rest) = r.strip_prefix("//") {
        match rest.strip_prefix(host) {
            Some(p) => p.to_string(),
            None => return Target::External,
        }
    } else if r.contains("://") || r.starts_with("mailto:") {
        return Target::External;
    } else if r.starts_with('/') {
        r.to_string()
    } else {
        let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{r}")
    };
    Target::Internal(normalise(&path))
}

/// Removes `.` and `..` segments from an absolute path.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i != 0 && i != segs.len() - 1 => {}
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    out
}

/// Every link and asset reference in a response, by the kind of file it is.
fn references(path: &str, body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    if path.ends_with('/') || path.ends_with(".html") {
        let mut refs = Vec::new();
        for e in elements(&text) {
            for key in ["href", "src", "action"] {
                if let Some(v) = e.attr(key) {
                    refs.push(v.to_string());
                }
            }
            if e.name == "meta" && e.attr("property") == Some("og:url") {
                refs.extend(e.attr("content").map(str::to_string));
            }
        }
        refs
    } else if path.ends_with(".xml") {
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
        let mut refs = Vec::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            refs.extend(n.attribute("href").map(str::to_string));
            if matches!(n.tag_name().name(), "loc" | "uri") {
                refs.extend(n.text().map(str::to_string));
            }
        }
        refs
    } else if path.ends_with(".txt") {
        text.lines()
            .filter_map(|l| l.strip_prefix("Sitemap:"))
            .map(|s| s.trim().to_string())
            .collect()
    } else if path.ends_with(".css") {
        text.split("url(")
            .skip(1)
            .filter_map(|s| s.split(')').next())
            .map(|s| s.trim_matches(['"', '\'', ' ']).to_string())
            .filter(|s| !s.starts_with("data:"))
            .collect()
    } else {
        Vec::new()
    }
}

#[test]
fn sub_path_site_served_by_a_plain_file_server_has_no_broken_links() {
    let Some((_site, out)) = built_real_site("") else {
        return;
    };
    let server = FileServer::start(out.clone(), PREFIX);

    // The server really serves only below the prefix: a link that left it would 404.
    assert_eq!(get(server.addr, "/index.html").0, 404);
    assert_eq!(get(server.addr, "/digest/index.html").0, 200);

    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    let mut seen: HashSet<String> = HashSet::new();
    for start in ["/digest/", "/digest/robots.txt"] {
        seen.insert(start.to_string());
        queue.push_back((start.to_string(), "the start".to_string()));
    }
    let mut broken = Vec::new();
    let mut leaving = BTreeSet::new();
    let mut fetched = 0;
    while let Some((path, from)) = queue.pop_front() {
        let (status, body) = get(server.addr, &path);
        fetched += 1;
        if status != 200 {
            broken.push(format!("{path} ({status}), linked from {from}"));
            continue;
        }
        for r in references(&path, &body) {
            match resolve(&path, &r) {
                Target::Internal(p) if !p.starts_with(PREFIX) => {
                    leaving.insert(format!("{r} on {path}"));
                }
                Target::Internal(p) => {
                    if seen.insert(p.clone()) {
                        queue.push_back((p, path.clone()));
                    }
                }
                Target::External | Target::Skip => {}
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links, first: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
    assert!(
        leaving.is_empty(),
        "links that leave {PREFIX}: {leaving:#?}"
    );

    // The crawl reached every file the site has, but the not-found page, the hosting
    // markers and the search index's data (which search.js fetches, tests/search.rs checks):
    // nothing is orphaned.
    let reached: HashSet<String> = seen
        .iter()
        .filter_map(|p| file_of_url(&format!("{ORIGIN}{p}")))
        .collect();
    let unreached: Vec<String> = list_files(&out)
        .expect("list output")
        .into_iter()
        .filter(|f| !matches!(f.as_str(), "404.html" | ".nojekyll" | ".paperpress"))
        .filter(|f| !f.starts_with("search/") || f.ends_with(".html"))
        .filter(|f| !reached.contains(f))
        .collect();
    assert!(
        unreached.is_empty(),
        "files no link leads to: {unreached:#?}"
    );

    // The not-found page is served for missing paths at any depth, so its links must not
    // be relative; each must work.
    let html = fs::read_to_string(out.join("404.html")).expect("404.html");
    for r in references("/digest/404.html", html.as_bytes()) {
        let r = r.split('#').next().unwrap_or("");
        if r.is_empty() || r.contains("://") {
            continue;
        }
        assert!(r.starts_with(PREFIX), "404.html links to {r}");
        assert_eq!(get(server.addr, r).0, 200, "404.html links to {r}");
    }
    eprintln!("crawled {fetched} URLs below {PREFIX}");
}

// ---------------------------------------------------------------------------------------
// Feeds

fn parse_feed(path: &Path) -> feed_rs::model::Feed {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn day_of(d: &chrono::DateTime<chrono::Utc>) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The arXiv ids of the papers first listed on the latest `n` days that listed any, among
/// the papers `keep` accepts.
fn latest_papers(
    site: &Site,
    n: usize,
    keep: impl Fn(&paperpress::model::Paper) -> bool,
) -> BTreeSet<String> {
    let mut by_day: BTreeMap<NaiveDate, Vec<&str>> = BTreeMap::new();
    for p in site.papers().iter().filter(|p| keep(p)) {
        by_day.entry(p.date()).or_default().push(&p.id);
    }
    by_day
        .values()
        .rev()
        .take(n)
        .flatten()
        .map(|s| s.to_string())
        .collect()
}

/// Checks a feed's head and each entry against the paper pages; returns the arXiv ids.
fn check_feed(out: &Path, rel: &str) -> Vec<String> {
    let feed = parse_feed(&out.join(rel));
    assert_eq!(feed.id, format!("{BASE}{rel}"), "{rel}: feed id");
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && l.href == format!("{BASE}{rel}")),
        "{rel}: self link"
    );
    assert!(feed.title.as_ref().is_some_and(|t| !t.content.is_empty()));
    let mut ids = HashSet::new();
    let mut papers = Vec::new();
    let mut newest = None;
    let mut previous: Option<String> = None;
    for e in &feed.entries {
        let alternate = e
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("alternate"))
            .unwrap_or_else(|| panic!("{rel}: entry {} has no page link", e.id));
        assert_eq!(e.id, alternate.href, "{rel}: the id is the page's URL");
        assert!(ids.insert(e.id.clone()), "{rel}: id {} twice", e.id);
        let arxiv = alternate
            .href
            .strip_prefix(&format!("{BASE}papers/"))
            .and_then(|s| s.strip_suffix(".html"))
            .unwrap_or_else(|| panic!("{rel}: {} is not a paper page", alternate.href));
        assert!(
            e.links
                .iter()
                .any(|l| l.href == format!("https://arxiv.org/abs/{arxiv}")),
            "{rel}: {arxiv} has no arXiv link"
        );
        let meta = paper_meta(out, arxiv);
        let title = e.title.as_ref().map(|t| t.content.as_str()).unwrap_or("");
        assert!(!title.is_empty(), "{rel}: {arxiv} has no title");
        assert_eq!(title, meta.title, "{rel}: {arxiv} title");
        let authors: Vec<String> = e.authors.iter().filter_map(|a| a.name.clone()).collect();
        assert_eq!(authors, meta.authors, "{rel}: {arxiv} authors");
        let summary = e.summary.as_ref().map(|s| s.content.trim()).unwrap_or("");
        assert!(!summary.is_empty(), "{rel}: {arxiv} has no summary");
        let updated = e.updated.as_ref().map(day_of).expect("updated");
        assert_eq!(updated, meta.date.replace('/', "-"), "{rel}: {arxiv} day");
        assert_eq!(e.published.as_ref().map(day_of), Some(updated.clone()));
        assert!(!e.categories.is_empty(), "{rel}: {arxiv} has no category");
        if let Some(p) = &previous {
            assert!(*p >= updated, "{rel}: entries are newest first");
        }
        newest = newest.max(Some(updated.clone()));
        previous = Some(updated);
        papers.push(arxiv.to_string());
    }
    assert_eq!(
        feed.updated.as_ref().map(day_of),
        newest,
        "{rel}: the feed is as new as its newest entry"
    );
    papers
}

#[test]
fn feeds_hold_the_latest_days_and_every_entry_is_complete() {
    let Some((site_dir, out)) = built_real_site("feed_days = 3\n") else {
        return;
    };
    let site = site_of(site_dir.path());

    let listed: BTreeSet<String> = check_feed(&out, "feed.xml").into_iter().collect();
    assert_eq!(listed, latest_papers(&site, 3, |_| true));
    assert!(listed.len() > 50, "3 real days hold many papers");

    // One feed per category, holding the category's own latest days.
    let feeds: Vec<String> = list_files(&out)
        .expect("list")
        .into_iter()
        .filter(|f| f.ends_with("feed.xml"))
        .collect();
    assert_eq!(feeds.len(), 1 + site.categories().len());
    for c in site.categories() {
        let rel = format!("categories/{}/feed.xml", c.slug);
        let papers = check_feed(&out, &rel);
        let expected = latest_papers(&site, 3, |p| {
            p.category == c.code || p.other_categories.contains(&c.code)
        });
        assert_eq!(
            papers.iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{rel}"
        );
        for e in &parse_feed(&out.join(&rel)).entries {
            assert!(
                e.categories.iter().any(|k| c.code == k.term.as_str()),
                "{rel}: entry {} lacks category {}",
                e.id,
                c.code
            );
        }
    }
}

#[test]
fn feed_ids_stay_the_same_when_a_day_is_added() {
    let Some(site_dir) = real_site("feed_days = 3\n") else {
        return;
    };
    let root = site_dir.path();
    let before = root.join("before");
    build(root, &before);
    fs::create_dir_all(root.join("content/2026/03")).expect("mkdir");
    fs::write(
        root.join("content/2026/03/2026-03-01.md"),
        "+++\ncategory = \"cs.CL\"\n+++\n# Feeds That Do Not Move \n\n**Authors**: Ada Lovelace, Alan Turing\n\n**Link**: [PDF](https://arxiv.org/pdf/2603.00001)\n\n**Abstract**: Entry ids must not change.\n\n---\n# A Second New Paper \n\n**Authors**: Grace Hopper\n\n**Link**: [PDF](https://arxiv.org/pdf/2603.00002)\n\n**Abstract**: Nor must their order.\n",
    )
    .expect("write the new day");
    let after = root.join("after");
    build(root, &after);

    let ids = |out: &Path, rel: &str| -> BTreeMap<String, String> {
        parse_feed(&out.join(rel))
            .entries
            .into_iter()
            .map(|e| {
                let page = e
                    .links
                    .iter()
                    .find(|l| l.rel.as_deref() == Some("alternate"))
                    .map(|l| l.href.clone())
                    .unwrap_or_default();
                (page, e.id)
            })
            .collect()
    };
    let (old, new) = (ids(&before, "feed.xml"), ids(&after, "feed.xml"));
    let new_day: Vec<&String> = new
        .keys()
        .filter(|k| k.contains("/papers/2603.0000"))
        .collect();
    assert_eq!(new_day.len(), 2, "the new day's papers are in the feed");
    let common: Vec<&String> = old.keys().filter(|k| new.contains_key(*k)).collect();
    assert!(
        !common.is_empty(),
        "two of the three days are in both feeds"
    );
    for k in common {
        assert_eq!(old[k], new[k], "the id of {k} changed");
    }
    let feed = parse_feed(&after.join("feed.xml"));
    assert_eq!(
        feed.updated.as_ref().map(day_of).as_deref(),
        Some("2026-03-01")
    );

    // Feeds of categories the new day did not touch are byte for byte the same.
    let site = site_of(root);
    let mut unchanged = 0;
    for c in site.categories() {
        let rel = format!("categories/{}/feed.xml", c.slug);
        if c.code == "cs.CL" {
            assert!(
                ids(&after, &rel)
                    .keys()
                    .any(|k| k.contains("/papers/2603.00001.html"))
            );
            continue;
        }
        assert_eq!(
            fs::read(before.join(&rel)).expect("before"),
            fs::read(after.join(&rel)).expect("after"),
            "{rel} changed though its category got no paper"
        );
        unchanged += 1;
    }
    assert!(unchanged > 10);
}

// ---------------------------------------------------------------------------------------
// Sitemap and hosting files

#[test]
fn sitemap_lists_every_page_and_robots_txt_points_to_it() {
    let Some((site_dir, out)) = built_real_site("") else {
        return;
    };
    let site = site_of(site_dir.path());
    let first = site.days().first().map(|d| d.date).expect("days");
    let last = site.days().last().map(|d| d.date).expect("days");

    let robots = fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );

    let text = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed sitemap");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().name(),
        "urlset",
        "a small site needs no index"
    );
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut listed = BTreeSet::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let child = |name: &str| {
            url.children()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        let loc = child("loc").expect("loc");
        let file = file_of_url(&loc).unwrap_or_else(|| panic!("{loc} is not below {BASE}"));
        assert!(out.join(&file).is_file(), "{loc} has no page");
        let lastmod = child("lastmod").unwrap_or_else(|| panic!("{loc} has no lastmod"));
        let date = NaiveDate::parse_from_str(&lastmod, "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("{loc}: lastmod {lastmod}: {e}"));
        assert!(first <= date && date <= last, "{loc}: lastmod {date}");
        if let Some(day) = file
            .strip_prefix("days/")
            .and_then(|f| f.strip_suffix("/index.html"))
        {
            assert!(lastmod.as_str() >= day, "{loc} changed before its day");
        }
        assert!(listed.insert(file), "{loc} listed twice");
    }
    // The not-found page, the reader's own favourites page and the list of feeds are no
    // content to index.
    let pages: BTreeSet<String> = html_files(&out)
        .into_iter()
        .filter(|f| f != "404.html" && f != "favourites/index.html" && f != "feeds/index.html")
        .collect();
    assert!(out.join("feeds/index.html").is_file());
    assert_eq!(listed, pages, "the sitemap lists exactly the pages");

    assert!(out.join("404.html").is_file());
    assert_eq!(fs::read(out.join(".nojekyll")).expect(".nojekyll"), b"");
    assert!(
        !out.join("CNAME").exists(),
        "no CNAME without a custom domain"
    );
}

#[test]
fn cname_is_written_for_a_custom_domain() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = common::scratch();
    common::copy_into_content(
        dir.path(),
        &[shared.join("seeds/daily-arxiv-2025-06-27.md")],
    );
    write_site_toml(dir.path(), "cname = \"papers.example.org\"\n");
    let out = dir.path().join("public");
    build(dir.path(), &out);
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).expect("CNAME"),
        "papers.example.org\n"
    );
}

// ---------------------------------------------------------------------------------------
// Page metadata

#[test]
fn every_page_has_title_description_canonical_and_social_metadata() {
    let Some((site_dir, out)) = built_real_site("") else {
        return;
    };
    let site = site_of(site_dir.path());
    let site_feed = format!("{PREFIX}feed.xml");
    let mut papers = 0;
    for rel in html_files(&out) {
        let html = fs::read_to_string(out.join(&rel)).expect("read page");
        let els = elements(&html);
        // The document's title, in the head (a chart's bars have titles of their own).
        let head = &html[..html.find("<body").unwrap_or(html.len())];
        let head_els = elements(head);
        let titles: Vec<&El> = head_els.iter().filter(|e| e.name == "title").collect();
        assert_eq!(titles.len(), 1, "{rel}: one <title>");
        assert!(!titles[0].text.trim().is_empty(), "{rel}: empty <title>");
        let description = one_meta(&els, "description", &rel);
        assert!(!description.trim().is_empty(), "{rel}: empty description");
        assert!(
            description.chars().count() <= 200,
            "{rel}: long description"
        );
        assert_eq!(one_meta(&els, "og:description", &rel), description);
        assert!(!one_meta(&els, "og:title", &rel).is_empty(), "{rel}");
        assert!(!one_meta(&els, "og:site_name", &rel).is_empty(), "{rel}");
        assert_eq!(one_meta(&els, "twitter:card", &rel), "summary", "{rel}");
        // Twitter reads the title and description from the Open Graph tags.
        assert!(
            !els.iter()
                .any(|e| e.attr("name") == Some("twitter:description"))
        );
        let canonical = links(&els, "canonical");
        if rel == "404.html" {
            assert!(canonical.is_empty(), "the not-found page has no address");
            assert_eq!(one_meta(&els, "robots", &rel), "noindex");
        } else {
            assert_eq!(canonical.len(), 1, "{rel}: one canonical link");
            assert_eq!(canonical[0].1, url_of_file(&rel), "{rel}: canonical");
            assert_eq!(one_meta(&els, "og:url", &rel), canonical[0].1);
        }
        let feeds: Vec<String> = links(&els, "alternate")
            .into_iter()
            .filter(|(t, _, _)| t == "application/atom+xml")
            .map(|(_, href, _)| href)
            .collect();
        assert!(feeds.contains(&site_feed), "{rel}: no site feed link");
        for f in &feeds {
            let file = f.strip_prefix(PREFIX).expect("feed link below the base");
            assert!(out.join(file).is_file(), "{rel}: feed {f} missing");
        }
        // Category pages and their months offer the category's feed.
        let parts: Vec<&str> = rel.split('/').collect();
        if parts[0] == "categories" && parts.len() >= 3 {
            let own = format!("{PREFIX}categories/{}/feed.xml", parts[1]);
            assert!(feeds.contains(&own), "{rel}: no link to {own}");
        }
        let og_type = one_meta(&els, "og:type", &rel);
        if let Some(id) = rel
            .strip_prefix("papers/")
            .and_then(|r| r.strip_suffix(".html"))
        {
            papers += 1;
            assert_eq!(og_type, "article", "{rel}");
            check_scholarly_tags(&els, &rel, id);
        } else {
            assert_eq!(og_type, "website", "{rel}");
            assert!(metas(&els, "citation_title").is_empty(), "{rel}");
        }
    }
    assert_eq!(papers, site.papers().len());
}

fn check_scholarly_tags(els: &[El], rel: &str, id: &str) {
    let title = one_meta(els, "citation_title", rel);
    assert!(!title.is_empty(), "{rel}: citation_title");
    assert_eq!(one_meta(els, "og:title", rel), title);
    assert_eq!(one_meta(els, "citation_arxiv_id", rel), id);
    assert_eq!(
        one_meta(els, "citation_pdf_url", rel),
        format!("https://arxiv.org/pdf/{id}")
    );
    let date = one_meta(els, "citation_date", rel);
    assert!(
        NaiveDate::parse_from_str(&date, "%Y/%m/%d").is_ok(),
        "{rel}: citation_date {date}"
    );
    // One citation_author per author the page shows, in order.
    let authors = metas(els, "citation_author");
    let shown = els
        .iter()
        .find(|e| e.name == "p" && e.has_class("authors"))
        .map(|e| e.text.clone())
        .unwrap_or_default();
    assert_eq!(authors.join(", "), shown, "{rel}: citation_author");
}

// ---------------------------------------------------------------------------------------
// Untrusted text

#[test]
fn hostile_digest_text_is_escaped_in_feeds_and_metadata() {
    let dir = common::scratch();
    common::site(
        dir.path(),
        &[(
            "2025-07-01.md",
            "+++\ncategory = \"cs.CR\"\n+++\n# Breaking <script>alert(\"x\")</script> & Feeds 'quoted'\u{1} \n\n**Authors**: Eve \"Mallory\" <eve@example.org>, Bob & Co\n\n**Link**: [PDF](https://arxiv.org/pdf/2507.00001)\n\n**Abstract**: Ends </summary></entry> early ]]> and <img src=x onerror=alert(1)> too.\n",
        )],
    );
    let out = dir.path().join("public");
    build(dir.path(), &out);

    let raw = fs::read_to_string(out.join("feed.xml")).expect("feed.xml");
    assert!(!raw.contains("<script") && !raw.contains("<img"), "{raw}");
    assert!(
        !raw.contains('\u{1}'),
        "a control character reached the feed"
    );
    let feed = parse_feed(&out.join("feed.xml"));
    assert_eq!(feed.entries.len(), 1);
    let e = &feed.entries[0];
    let title = e
        .title
        .as_ref()
        .map(|t| t.content.clone())
        .unwrap_or_default();
    assert!(
        title.contains("<script>alert(\"x\")</script> & Feeds 'quoted'"),
        "{title}"
    );
    let summary = e
        .summary
        .as_ref()
        .map(|t| t.content.clone())
        .unwrap_or_default();
    assert!(
        summary.contains("</summary></entry> early ]]> and <img src=x onerror=alert(1)>"),
        "{summary}"
    );
    let authors: Vec<String> = e.authors.iter().filter_map(|a| a.name.clone()).collect();
    assert!(
        authors.iter().any(|a| a.contains("\"Mallory\"")),
        "{authors:?}"
    );
    for c in feed_categories(&out) {
        parse_feed(&out.join(c));
    }

    let page = fs::read_to_string(out.join("papers/2507.00001.html")).expect("paper page");
    assert!(
        !page.contains("<script>alert") && !page.contains("<img"),
        "markup got through"
    );
    let els = elements(&page);
    let meta_title = one_meta(&els, "citation_title", "paper");
    assert_eq!(meta_title, title, "the page and the feed say the same");
    assert_eq!(metas(&els, "citation_author"), authors);
    assert!(one_meta(&els, "description", "paper").contains("<img src=x"));
}

fn feed_categories(out: &Path) -> Vec<String> {
    list_files(out)
        .expect("list")
        .into_iter()
        .filter(|f| f.starts_with("categories/") && f.ends_with("/feed.xml"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Determinism

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let (Some(a), Some(b)) = (real_site(""), real_site("")) else {
        return;
    };
    // Two site folders and two processes: no path, hash order or clock may show.
    let (out_a, out_b) = (a.path().join("public"), b.path().join("public"));
    build(a.path(), &out_a);
    build(b.path(), &out_b);
    let mut files_a = list_files(&out_a).expect("list a");
    let mut files_b = list_files(&out_b).expect("list b");
    files_a.sort();
    files_b.sort();
    assert_eq!(files_a, files_b, "the same files");
    assert!(files_a.len() > 1000);
    let differ: Vec<&String> = files_a
        .iter()
        .filter(|f| fs::read(out_a.join(f)).ok() != fs::read(out_b.join(f)).ok())
        .collect();
    assert!(differ.is_empty(), "files that differ: {differ:#?}");
}
