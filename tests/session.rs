//! The preview's incremental state: a change re-parses and re-renders only what it touches,
//! and the output always equals a build from scratch.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::server::example_site;
use common::*;
use paperpress::session::{Changes, Session};
use paperpress::site_dir::SiteDir;

const BASE: &str = "http://127.0.0.1:1111/";

/// The session's output, once its related papers, its stats page, its feeds and sitemap and
/// its search index have caught up (as the preview brings them after the reload), equals `paperpress build` into a
/// fresh folder, file for file.
fn assert_equals_build(site: &Path, session: &mut Session, what: &str) {
    let related = session.update_related();
    assert!(session.problem().is_none(), "{what}: {related:?}");
    let stats = session.update_stats();
    assert!(session.problem().is_none(), "{what}: {stats:?}");
    let feeds = session.update_feeds();
    assert!(session.problem().is_none(), "{what}: {feeds:?}");
    session.update_search().unwrap();
    let fresh = site.join("fresh");
    let _ = fs::remove_dir_all(&fresh);
    let o = run(
        site,
        &[
            "build",
            "--base-url",
            BASE,
            "--output",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut want = tree(&fresh);
    want.remove(".paperpress");
    let got = tree(session.out_dir());
    let listed: BTreeSet<&str> = session.files().collect();
    assert_eq!(
        want.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        listed,
        "{what}: files"
    );
    assert_eq!(
        got.len(),
        want.len(),
        "{what}: stray files in the preview folder"
    );
    for (k, v) in &want {
        assert!(
            got.get(k) == Some(v),
            "{what}: {k} differs from a build from scratch"
        );
    }
    fs::remove_dir_all(&fresh).unwrap();
}

fn content(site: &Path, rel: &str) -> Changes {
    Changes {
        content: [site.join(rel)].into_iter().collect::<BTreeSet<PathBuf>>(),
        ..Changes::default()
    }
}

/// A preview session of the example site written at `site`, into `out`.
fn open_example(site: &Path, out: &Path) -> (Session, paperpress::session::Update) {
    fs::create_dir_all(site).unwrap();
    example_site(site);
    let opts = SiteDir {
        root: site.to_path_buf(),
        output: None,
        base_url: Some(BASE.into()),
        content: None,
    };
    let (s, first) = Session::open(opts, out).unwrap();
    assert!(s.problem().is_none(), "{:?}", s.problem());
    (s, first)
}

#[test]
fn changes_touch_only_what_they_change() {
    let dir = scratch();
    let (site, out) = (dir.path().join("site"), dir.path().join("preview"));
    let (mut s, first) = open_example(&site, &out);
    assert_eq!(first.reparsed, 4);
    let pages = first.pages;
    // Every page but the stats page, which `open` makes after them (`update_stats`).
    assert_eq!(first.rendered, pages - 1);
    assert!(out.join("stats/index.html").is_file());
    assert_equals_build(&site, &mut s, "first");

    // Nothing changed on disk: nothing parsed again, nothing reloads.
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-23.md"))
        .unwrap();
    assert_eq!((u.reparsed, u.rendered, u.changed), (1, 0, false));

    // One day's TL;DR: one file parsed, a few pages rendered.
    let day = site.join("content/2025/06/2025-06-24.md");
    let text = fs::read_to_string(&day).unwrap();
    fs::write(
        &day,
        text.replacen("**Abstract**: ", "**Abstract**: Edited. ", 1),
    )
    .unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-24.md"))
        .unwrap();
    assert_eq!(u.reparsed, 1);
    assert!(u.changed);
    assert!(
        u.rendered > 0 && u.rendered < pages / 3,
        "{} of {pages}",
        u.rendered
    );
    assert_equals_build(&site, &mut s, "edit");

    // A paper listed on two days, edited in its first listing: merged again from both.
    let first = site.join("content/2025/06/2025-06-23.md");
    let t = fs::read_to_string(&first).unwrap();
    fs::write(&first, t.replacen("TL;DR: ", "TL;DR: Still ", 1)).unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-23.md"))
        .unwrap();
    assert_eq!(u.reparsed, 1);
    assert!(
        u.phases.iter().any(|(p, _)| *p == "index (patched)"),
        "{:?}",
        u.phases
    );
    assert_equals_build(&site, &mut s, "paper listed twice");

    // Every day edited in turn, through the path that renders only the pages showing the
    // edited papers: still equal to a build from scratch.
    for day in ["23", "24", "25", "26"] {
        let rel = format!("content/2025/06/2025-06-{day}.md");
        let t = fs::read_to_string(site.join(&rel)).unwrap();
        let at = ["TL;DR: ", "**Abstract**: ", "**TL;DR:** "]
            .iter()
            .find_map(|l| t.rfind(l).map(|i| i + l.len()))
            .unwrap();
        fs::write(
            site.join(&rel),
            format!("{}Edited {day}. {}", &t[..at], &t[at..]),
        )
        .unwrap();
        let u = s.update(&content(&site, &rel)).unwrap();
        assert!(
            u.phases.iter().any(|(p, _)| *p == "index (patched)"),
            "{:?}",
            u.phases
        );
        assert!(u.changed);
        assert_equals_build(&site, &mut s, &rel);
    }

    // A paper moved to another category: the index is built again.
    let t = fs::read_to_string(&first).unwrap();
    fs::write(
        &first,
        t.replacen("Main category: cs.CL", "Main category: cs.IR", 1),
    )
    .unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-23.md"))
        .unwrap();
    assert!(
        u.phases.iter().any(|(p, _)| *p == "index"),
        "{:?}",
        u.phases
    );
    assert_equals_build(&site, &mut s, "category moved");

    // A new day, found by listing content/ even if the event named only its folder.
    fs::create_dir_all(site.join("content/2025/07")).unwrap();
    fs::write(
        site.join("content/2025/07/2025-07-01.md"),
        "### [1] [New](https://arxiv.org/abs/2507.00001)\n*A*\n\nMain category: cs.CL\n\nTL;DR: New.\n",
    )
    .unwrap();
    let u = s.update(&content(&site, "content/2025/07")).unwrap();
    assert_eq!(u.reparsed, 1);
    assert!(u.changed);
    assert!(
        u.phases.iter().any(|(p, _)| *p == "index (appended)"),
        "{:?}",
        u.phases
    );
    assert_equals_build(&site, &mut s, "new day");

    // A day before the others: the index is built again.
    fs::write(
        site.join("content/2025/06/2025-06-01.md"),
        "### [1] [Old](https://arxiv.org/abs/2506.00001)\n*A*\n\nMain category: cs.CV\n\nTL;DR: Old.\n",
    )
    .unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-01.md"))
        .unwrap();
    assert!(
        u.phases.iter().any(|(p, _)| *p == "index"),
        "{:?}",
        u.phases
    );
    assert_equals_build(&site, &mut s, "earlier day");
    fs::remove_file(site.join("content/2025/06/2025-06-01.md")).unwrap();
    s.update(&content(&site, "content/2025/06/2025-06-01.md"))
        .unwrap();
    assert_equals_build(&site, &mut s, "earlier day removed");

    // A template: pages rendered again, content not parsed again.
    let card = fs::read_to_string(site.join("templates/card.html")).unwrap();
    fs::write(
        site.join("templates/card.html"),
        format!("{card}\n<!-- v2 -->"),
    )
    .unwrap();
    let u = s
        .update(&Changes {
            templates: true,
            ..Changes::default()
        })
        .unwrap();
    assert_eq!(u.reparsed, 0);
    // Every page but the stats page, made after the reload (by `assert_equals_build` here).
    assert_eq!(u.rendered, u.pages - 1, "every page rendered");
    assert_equals_build(&site, &mut s, "template");

    // site.toml: everything again.
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(
        site.join("site.toml"),
        toml.replace("# \"cs.CL\" = \"NLP\"", "\"cs.CL\" = \"Language\""),
    )
    .unwrap();
    let u = s
        .update(&Changes {
            config: true,
            ..Changes::default()
        })
        .unwrap();
    assert_eq!(u.reparsed, 5);
    assert_eq!(
        u.rendered,
        u.pages - 1,
        "every page but the stats page rendered"
    );
    assert_equals_build(&site, &mut s, "site.toml");

    // An error keeps the output as it was; fixing it brings the site back.
    let undated = site.join("content/2025/06/undated.md");
    fs::write(&undated, &text).unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/undated.md"))
        .unwrap();
    assert!(u.changed);
    let p = s.problem().expect("a problem");
    assert!(
        p.lines()[0].starts_with("content/2025/06/undated.md: error:"),
        "{:?}",
        p.lines()
    );
    fs::remove_file(&undated).unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/undated.md"))
        .unwrap();
    assert!(u.changed && s.problem().is_none());
    assert_equals_build(&site, &mut s, "fixed");

    // A removed day: its pages go.
    fs::remove_file(site.join("content/2025/07/2025-07-01.md")).unwrap();
    let u = s
        .update(&content(&site, "content/2025/07/2025-07-01.md"))
        .unwrap();
    assert!(u.removed > 0);
    assert!(!s.out_dir().join("days/2025-07-01").exists());
    assert_equals_build(&site, &mut s, "removed day");
}

/// The stats page reads the papers of the last 210 days: the preview shows a change without
/// it and makes it after the reload (`update_stats`), like the related papers.
#[test]
fn the_stats_page_is_made_after_the_pages() {
    let dir = scratch();
    let (site, out) = (dir.path().join("site"), dir.path().join("preview"));
    let (mut s, _) = open_example(&site, &out);
    let stats = out.join("stats/index.html");
    let before = fs::read_to_string(&stats).unwrap();
    // Nothing changed: nothing to make.
    let u = s.update_stats();
    assert_eq!((u.rendered, u.changed), (0, false), "{u:?}");

    // A new day: its pages are shown at once, the stats page as it was.
    let text = fs::read_to_string(site.join("content/2025/06/2025-06-26.md")).unwrap();
    fs::write(
        site.join("content/2025/06/2025-06-27.md"),
        text.replace("2025-06-26", "2025-06-27"),
    )
    .unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-27.md"))
        .unwrap();
    assert!(u.changed && s.problem().is_none(), "{u:?}");
    assert!(out.join("days/2025-06-27/index.html").is_file());
    assert_eq!(fs::read_to_string(&stats).unwrap(), before);

    // Then the stats page catches up, and the preview equals a build.
    let u = s.update_stats();
    assert_eq!((u.rendered, u.changed), (1, true), "{u:?}");
    let after = fs::read_to_string(&stats).unwrap();
    assert_ne!(after, before);
    assert!(
        after.contains("2025-06-27"),
        "the new day is not on the stats page"
    );
    assert_equals_build(&site, &mut s, "new day");
}

/// No page shows the feeds or the sitemap: an edit that renders only the pages showing some
/// papers leaves them as they were, and `update_feeds` makes them after the reload.
#[test]
fn the_feeds_and_sitemap_are_made_after_the_pages() {
    let dir = scratch();
    let (site, out) = (dir.path().join("site"), dir.path().join("preview"));
    let (mut s, _) = open_example(&site, &out);
    let feed = out.join("feed.xml");
    let before = fs::read_to_string(&feed).unwrap();
    // Nothing rendered since they were made: nothing to write.
    let u = s.update_feeds();
    assert_eq!((u.written, u.changed), (0, false), "{u:?}");

    // The latest day's TL;DR, which the feed shows: its pages change at once, the feed not.
    let day = site.join("content/2025/06/2025-06-26.md");
    let text = fs::read_to_string(&day).unwrap();
    fs::write(&day, text.replacen("TL;DR: ", "TL;DR: Freshly edited. ", 1)).unwrap();
    let u = s
        .update(&content(&site, "content/2025/06/2025-06-26.md"))
        .unwrap();
    assert!(u.changed && s.problem().is_none(), "{u:?}");
    assert!(
        fs::read_to_string(out.join("days/2025-06-26/index.html"))
            .unwrap()
            .contains("Freshly edited.")
    );
    assert_eq!(fs::read_to_string(&feed).unwrap(), before);

    // Then the feeds catch up, without a reload of their own, and only once.
    let u = s.update_feeds();
    assert!(u.written > 0 && !u.changed, "{u:?}");
    assert!(
        fs::read_to_string(&feed)
            .unwrap()
            .contains("Freshly edited.")
    );
    let again = s.update_feeds();
    assert_eq!((again.written, again.changed), (0, false), "{again:?}");
    assert_equals_build(&site, &mut s, "feeds after the pages");
}
