//! The README's first command on a fresh clone: the example site it builds opens from
//! `public/` under a plain file server at its root, every style, script and link in place;
//! and a folder without a site says what to do.

mod common;

use std::collections::BTreeSet;

use common::files::FileServer;
use common::html::Doc;
use common::server::{agent, example_site};
use common::*;

/// Fetches `url`: its status, content type and text.
fn get(url: &str) -> (u16, String, String) {
    let mut resp = agent().get(url).call().expect("a response");
    let status = resp.status().as_u16();
    let ctype = common::server::header(&resp, "content-type");
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    (status, ctype, text)
}

/// The site's own addresses a page refers to (href and src), resolved against `page`.
fn own_links(page: &str, html: &str) -> BTreeSet<String> {
    let doc = Doc::parse(html);
    let dir = &page[..=page.rfind('/').expect("a path")];
    let mut out = BTreeSet::new();
    for el in &doc.elements {
        for attr in ["href", "src"] {
            let Some(url) = el.attr(attr) else { continue };
            let url = url.split('#').next().unwrap_or("");
            if url.is_empty() || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            let path = if url.starts_with('/') {
                url.to_string()
            } else {
                format!("{dir}{url}")
            };
            out.insert(path);
        }
    }
    out
}

#[test]
fn the_example_site_opens_from_a_plain_file_server_at_its_root() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    // As the README's Quick start runs it: no options.
    let b = build_json(site, &[]);
    assert!(b.papers > 0);
    let server = FileServer::start(site.join("public"));

    let (status, _, home) = get(&server.at("/"));
    assert_eq!(status, 200);
    let mut pages = vec!["/".to_string()];
    let links = own_links("/", &home);
    let day = links
        .iter()
        .find(|l| l.starts_with("/days/2025-"))
        .expect("the home page links a day")
        .clone();
    pages.push(day.clone());
    let (_, _, day_html) = get(&server.at(&day));
    let paper = own_links(&day, &day_html)
        .into_iter()
        .find(|l| l.starts_with("/papers/"))
        .expect("the day links a paper");
    pages.push(paper);

    let mut checked = BTreeSet::new();
    for page in &pages {
        let (status, _, html) = get(&server.at(page));
        assert_eq!(status, 200, "{page}");
        let links = own_links(page, &html);
        assert!(
            links.contains("/style.css"),
            "{page} does not link /style.css"
        );
        for link in links {
            if !checked.insert(link.clone()) {
                continue;
            }
            let (status, ctype, _) = get(&server.at(&link));
            assert_eq!(status, 200, "{page} links {link}, which is not there");
            if link.ends_with(".css") {
                assert!(ctype.starts_with("text/css"), "{link}: {ctype}");
            }
        }
    }
    assert!(checked.len() > 20, "only {} links checked", checked.len());
}

#[test]
fn build_without_a_site_says_what_to_do() {
    let dir = scratch();
    for cmd in ["build", "check", "serve"] {
        let o = run(dir.path(), &[cmd]);
        assert!(!o.status.success(), "{cmd}");
        let err = stderr(&o);
        for hint in [
            "has no site.toml",
            "paperpress new DIR",
            "paperpress new --here",
            "--root DIR",
        ] {
            assert!(err.contains(hint), "{cmd}: no {hint:?} in {err}");
        }
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "a failed command left files"
    );
}
