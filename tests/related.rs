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
/// index, and the older paper's page, which shows nothing of the edited file, lists it;
/// the preview's folder equals a build from scratch.
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
    let hrefs: Vec<String> = related(&out, "2506.00005")
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(
        hrefs,
        ["/papers/2506.01007.html", "/papers/2506.02011.html"]
    );

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
