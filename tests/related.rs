//! Related papers on each paper's page: built by the real binary from digests written here,
//! read back from the pages it writes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

/// `i` in letters: numbers are not words to the related papers.
fn letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return s;
        }
    }
}

/// One paper of a digest: its title, and a TL;DR of `words` and six words of its own.
fn paper(n: usize, id: &str, title: &str, words: &str) -> String {
    let own: Vec<String> = (0..6).map(|k| format!("own{}q{k}", letters(n))).collect();
    format!(
        "### [{n}] [{title}](https://arxiv.org/abs/{id})\n*A. Author*\n\nMain category: cs.LG\n\nTL;DR: {words} {}.\n\n",
        own.join(" ")
    )
}

const COMMON: &str = "we propose a novel learning model and show results on data";
const SPECTRAL: &str = "spectral norm muon optimizer orthogonalized momentum";

/// Day `d` (1 June 2025 and on) of 40 papers `2506.DD0NN`; the papers `special` gives
/// a title and words get them instead of the common ones.
fn day(d: usize, special: &[(usize, &str, &str)]) -> (String, String) {
    let mut text = String::new();
    for n in 0..40 {
        let id = format!("2506.{d:02}0{n:02}");
        let (title, words) = special
            .iter()
            .find(|s| s.0 == n)
            .map_or((format!("A study {}", letters(d * 40 + n)), COMMON), |s| {
                (s.1.to_string(), s.2)
            });
        text.push_str(&paper(d * 40 + n, &id, &title, words));
    }
    (format!("2025/06/2025-06-{:02}.md", d + 1), text)
}

/// The related papers a paper's page lists: (href, title, the day and category line).
fn related(out: &Path, id: &str) -> Vec<(String, String, String)> {
    let html = fs::read_to_string(out.join(format!("papers/{id}.html"))).expect("paper page");
    related_in(&html)
}

/// The related papers a paper's page (`html`) lists, as [`related`].
fn related_in(html: &str) -> Vec<(String, String, String)> {
    let Some(start) = html.find("<section class=\"related\">") else {
        return Vec::new();
    };
    let end = start + html[start..].find("</section>").expect("section ends");
    html[start..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let href = li
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let title = li
                .split("\">")
                .nth(1)
                .unwrap()
                .split("</a>")
                .next()
                .unwrap();
            let meta = li
                .split("<span>")
                .nth(1)
                .unwrap()
                .split("</span>")
                .next()
                .unwrap();
            (href.to_string(), title.to_string(), meta.to_string())
        })
        .collect()
}

/// Three papers of three days share rare words: each lists the other two, with their day
/// and category; the papers that share only common words list none; a hostile title is
/// escaped in the lists it is in; two builds write the same lists.
#[test]
fn papers_that_share_rare_words_list_each_other() {
    let dir = scratch();
    let site = dir.path();
    let hostile = "<script>alert(1)</script> Muon & \"spectral\" <b>norm</b>";
    let days = [
        day(0, &[(5, "Muon under spectral norm constraints", SPECTRAL)]),
        day(1, &[(7, hostile, SPECTRAL)]),
        day(2, &[(9, "Orthogonalized momentum at scale", SPECTRAL)]),
    ];
    let files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    common::site(site, &files);
    let b = build_json(site, &["--output", "public"]);
    assert!(b.ok && b.papers == 120, "{b:?}");
    let out = site.join("public");

    let first = related(&out, "2506.00005");
    let titles: Vec<&str> = first.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        titles,
        [
            "&lt;script&gt;alert(1)&lt;/script&gt; Muon &amp; &quot;spectral&quot; &lt;b&gt;norm&lt;/b&gt;",
            "Orthogonalized momentum at scale"
        ],
        "{first:?}"
    );
    assert_eq!(first[0].0, "/papers/2506.01007.html");
    assert_eq!(first[0].2, "2025-06-02 · cs.LG");
    assert_eq!(first[1].2, "2025-06-03 · cs.LG");
    let page = fs::read_to_string(out.join("papers/2506.00005.html")).unwrap();
    assert!(!page.contains("<script>alert(1)"), "the title is escaped");
    let middle = related(&out, "2506.01007");
    assert_eq!(
        middle.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["/papers/2506.00005.html", "/papers/2506.02009.html"]
    );
    for d in 0..3 {
        for n in [0, 1, 20, 39] {
            let id = format!("2506.{d:02}0{n:02}");
            assert!(
                related(&out, &id).is_empty(),
                "{id} shares only common words"
            );
        }
    }

    // A second build from scratch writes the same pages.
    let again = build_json(site, &["--output", "again"]);
    assert!(again.ok);
    let (a, b) = (tree(&out), tree(&site.join("again")));
    let papers = |t: &BTreeMap<String, Vec<u8>>| {
        t.iter()
            .filter(|(k, _)| k.starts_with("papers/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    assert!(papers(&a) == papers(&b), "two builds, the same paper pages");
}

/// A new day changes the pages of older papers only where their lists now take in one of
/// its papers, and the incremental build equals one from scratch.
#[test]
fn a_new_day_changes_only_the_lists_it_enters() {
    let dir = scratch();
    let site = dir.path();
    let days = [
        day(0, &[(5, "Muon under spectral norm constraints", SPECTRAL)]),
        day(
            1,
            &[(
                7,
                "Sign language glosses",
                "sign language glosses signer handshape",
            )],
        ),
        day(2, &[]),
    ];
    let files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    common::site(site, &files);
    let out = site.join("public");
    assert!(build_json(site, &["--output", "public"]).ok);
    let before = tree(&out);
    assert!(related(&out, "2506.00005").is_empty());

    // Day 4: one paper of the first topic, one of the second, 38 of common words.
    let (rel, text) = day(
        3,
        &[
            (2, "Muon and the spectral norm", SPECTRAL),
            (
                3,
                "Isolated sign language",
                "sign language glosses signer handshape",
            ),
        ],
    );
    fs::write(site.join("content").join(rel), text).unwrap();
    let b = build_json(site, &["--output", "public"]);
    assert!(b.ok);
    let after = tree(&out);
    let new_paper = |href: &str| href.starts_with("/papers/2506.03");
    let mut entered = Vec::new();
    for (file, bytes) in &after {
        let Some(id) = file
            .strip_prefix("papers/")
            .and_then(|f| f.strip_suffix(".html"))
        else {
            continue;
        };
        if id.starts_with("2506.03") || before.get(file) == Some(bytes) {
            continue;
        }
        let list = related(&out, id);
        assert!(
            list.iter().any(|r| new_paper(&r.0)),
            "{file} changed, but its list takes in no new paper: {list:?}"
        );
        entered.push(id.to_string());
    }
    entered.sort();
    assert_eq!(entered, ["2506.00005", "2506.01007"]);
    assert_eq!(related(&out, "2506.00005")[0].0, "/papers/2506.03002.html");

    // The same as a build from scratch.
    assert!(build_json(site, &["--output", "fresh"]).ok);
    assert!(
        after == tree(&site.join("fresh")),
        "incremental equals scratch"
    );
}

/// The preview: an edit that gives a paper the rare words of an older one patches the
/// index and renders its pages with the lists as they were; the lists, found again after
/// that (after the reload), change the older paper's page, which shows nothing of the
/// edited file; the preview's folder then equals a build from scratch.
#[test]
fn the_preview_renders_the_lists_an_edit_changes() {
    use paperpress::session::{Changes, Session};
    use paperpress::site_dir::SiteDir;

    let dir = scratch();
    let site = dir.path().join("site");
    fs::create_dir_all(&site).unwrap();
    let days = [
        day(0, &[(5, "Muon under spectral norm constraints", SPECTRAL)]),
        day(1, &[(7, "Muon at scale", SPECTRAL)]),
        day(2, &[]),
    ];
    let files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    common::site(&site, &files);
    let base = "https://example.org/";
    let opts = SiteDir {
        root: site.clone(),
        output: None,
        base_url: Some(base.into()),
        content: None,
    };
    let out = dir.path().join("preview");
    let (mut s, _) = Session::open(opts, &out).unwrap();
    assert!(s.problem().is_none(), "{:?}", s.problem());
    assert_eq!(related(&out, "2506.00005").len(), 1);
    // Nothing changed since the site was opened: the lists are up to date.
    let r = s.update_related();
    assert!(r.phases.is_empty() && !r.changed, "{r:?}");

    // Paper 11 of the third day takes the rare words.
    let (rel, _) = &days[2];
    let (_, text) = day(2, &[(11, "Spectral norm momentum", SPECTRAL)]);
    let path = site.join("content").join(rel);
    fs::write(&path, text).unwrap();
    let changes = Changes {
        content: [path].into_iter().collect(),
        ..Changes::default()
    };
    let u = s.update(&changes).unwrap();
    assert!(
        u.phases.iter().any(|(p, _)| *p == "index (patched)"),
        "{:?}",
        u.phases
    );
    assert!(
        !u.phases.iter().any(|(p, _)| *p == "related papers"),
        "{:?}",
        u.phases
    );
    assert!(u.changed);
    // The edited paper's page is new; the older paper's still lists only the paper of day 2.
    assert!(
        fs::read_to_string(out.join("papers/2506.02011.html"))
            .unwrap()
            .contains("Spectral norm momentum")
    );
    assert!(related(&out, "2506.02011").is_empty());
    assert_eq!(related(&out, "2506.00005").len(), 1);

    // Then the lists catch up: the three papers now list each other.
    let r = s.update_related();
    assert!(r.changed, "{r:?}");
    assert_eq!(r.lists, 3, "{r:?}");
    assert!(r.rendered >= 3, "{r:?}");
    let hrefs: Vec<String> = related(&out, "2506.00005")
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(
        hrefs,
        ["/papers/2506.01007.html", "/papers/2506.02011.html"]
    );
    assert_eq!(related(&out, "2506.02011").len(), 2);
    // Once is enough: nothing is left to find.
    let again = s.update_related();
    assert!(again.phases.is_empty() && !again.changed, "{again:?}");

    s.update_stats();
    s.update_feeds();
    s.update_search().unwrap();
    let fresh = dir.path().join("fresh");
    let o = run(
        &site,
        &[
            "build",
            "--base-url",
            base,
            "--output",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut want = tree(&fresh);
    want.remove(".paperpress");
    let got = tree(&out);
    for (k, v) in &want {
        assert!(
            got.get(k) == Some(v),
            "{k} differs from a build from scratch"
        );
    }
}

/// `paperpress serve`, the real binary: an edit that changes related lists reloads the pages,
/// then, once the lists are found again, reloads them a second time (the server says so
/// after its rebuild); the served page lists the edited paper, and the preview's folder
/// equals a build from scratch.
#[test]
fn the_served_preview_reloads_again_when_the_lists_change() {
    use common::server::Served;
    use std::time::{Duration, Instant};

    let days = [
        day(0, &[(5, "Muon under spectral norm constraints", SPECTRAL)]),
        day(1, &[(7, "Muon at scale", SPECTRAL)]),
        day(2, &[]),
    ];
    let files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let server = Served::start(|site| common::site(site, &files), &["--verbose"]);
    let site = server.site();
    let page = |id: &str| {
        let (status, _, html) = server.get(&format!("/papers/{id}.html"));
        assert_eq!(status, 200, "{id}");
        related_in(&html)
    };
    assert_eq!(page("2506.00005").len(), 1);
    let mut events = server.events();
    let hello = events
        .wait_for("hello", Duration::from_secs(10))
        .expect("hello");

    let (rel, _) = &days[2];
    let (_, text) = day(2, &[(11, "Spectral norm momentum", SPECTRAL)]);
    fs::write(site.join("content").join(rel), text).unwrap();
    let first = events
        .wait_for("reload", Duration::from_secs(20))
        .expect("a reload after the edit");
    let second = events
        .wait_for("reload", Duration::from_secs(20))
        .expect("a second reload once the lists changed");
    let generation = |g: &str| g.parse::<u64>().expect("a generation number");
    assert_eq!(generation(&first), generation(&hello) + 1);
    assert_eq!(generation(&second), generation(&first) + 1);
    let hrefs: Vec<String> = page("2506.00005").into_iter().map(|r| r.0).collect();
    assert_eq!(
        hrefs,
        ["/papers/2506.01007.html", "/papers/2506.02011.html"]
    );
    // The server tells of the rebuild, then of the lists.
    let mut said = Vec::new();
    while let Some(line) = server.next_line(Duration::from_secs(10)) {
        let done = line.starts_with("related papers in");
        said.push(line);
        if done {
            break;
        }
    }
    assert!(
        said.len() >= 2 && said[0].starts_with("rebuilt in"),
        "{said:?}"
    );
    assert!(
        said.last().unwrap().contains(": 3 list(s) changed"),
        "{said:?}"
    );

    // Once the search index caught up too, the preview's folder equals a build.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !server.stderr.lock().unwrap().contains("caught up in") {
        assert!(Instant::now() < deadline, "the preview never caught up");
        std::thread::sleep(Duration::from_millis(50));
    }
    let preview = fs::read_dir(server.scratch())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("paperpress-serve-"))
        })
        .expect("the preview folder")
        .join("site");
    let fresh = server.scratch().join("fresh");
    let o = run(
        site,
        &[
            "build",
            "--base-url",
            &server.url,
            "--output",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut want = tree(&fresh);
    want.remove(".paperpress");
    let got = tree(&preview);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (k, v) in &want {
        assert!(
            got.get(k) == Some(v),
            "{k} differs from a build from scratch"
        );
    }
}
