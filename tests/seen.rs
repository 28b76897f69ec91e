//! "New since your last visit" in a real browser: the example site built by the real binary,
//! served by a plain file server, read by headless Chromium. A first visit marks nothing;
//! after the site gains a day and a later visit starts, exactly that day's papers are marked
//! on the home, day and category pages and the archive counts them; the switch hides the
//! papers seen before; the stored state stays within its budget; it can be reset.
//!
//! A later visit is made the way time makes it: the stored time of the last page view is
//! moved two hours back (a visit ends after 30 minutes without a page view).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use common::files::FileServer;
use common::server::example_site;
use common::webdriver::Browser;
use common::*;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

/// The day the tests add, and its papers (two in cs.CL, one in cs.LG).
const NEW_DAY: &str = "2025-06-27";
const NEW_IDS: [&str; 3] = ["2506.90001", "2506.90002", "2506.90003"];
const NEW_CL: [&str; 2] = ["2506.90001", "2506.90002"];

fn new_day_digest() -> String {
    let paper = |n: usize, id: &str, cat: &str| {
        format!(
            "### [{n}] [Test paper {n} on seen marks](https://arxiv.org/abs/{id})\n\
             *Ada Lovelace,Alan Turing*\n\nMain category: {cat}\n\n\
             TL;DR: Paper {n} of the added day.\n\n\
             Abstract: The abstract of paper {n}, long enough to be one.\n\n"
        )
    };
    format!(
        "# Table of Contents\n\n- [cs.CL](#cs.CL) [Total: 2]\n- [cs.LG](#cs.LG) [Total: 1]\n\n\
         <div id='cs.CL'></div>\n\n# cs.CL [[Back]](#toc)\n\n{}{}\
         <div id='cs.LG'></div>\n\n# cs.LG [[Back]](#toc)\n\n{}",
        paper(1, NEW_IDS[0], "cs.CL"),
        paper(2, NEW_IDS[1], "cs.CL"),
        paper(3, NEW_IDS[2], "cs.LG"),
    )
}

struct Site {
    root: PathBuf,
    out: PathBuf,
    server: FileServer,
}

impl Site {
    /// The example site in its own folder, built and served at the root of a file server.
    fn new(name: &str) -> Site {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("seen")
            .join(name);
        let _ = fs::remove_dir_all(&dir);
        let root = dir.join("site");
        fs::create_dir_all(&root).unwrap();
        example_site(&root);
        let out = dir.join("public");
        let site = Site {
            server: FileServer::start(out.clone()),
            root,
            out,
        };
        site.build();
        site
    }

    fn build(&self) {
        let o = run(
            &self.root,
            &["build", "--output", self.out.to_str().unwrap()],
        );
        assert!(o.status.success(), "build failed: {}", stderr(&o));
        if let Ok(axe) = fs::read(repo().join("node_modules/axe-core/axe.min.js")) {
            fs::write(self.out.join("__axe.min.js"), axe).unwrap();
        }
    }

    /// The site gains a later day and is built again.
    fn add_day(&self) {
        let file = self.root.join(format!("content/2025/06/{NEW_DAY}.md"));
        fs::write(file, new_day_digest()).unwrap();
        self.build();
    }

    fn open(&self, b: &Browser, path: &str) {
        b.goto(&self.server.at(path));
        assert!(
            b.wait_until(
                "return document.readyState === 'complete' && !!localStorage.getItem('paperpress.seen');",
                WAIT
            ),
            "{path} did not load"
        );
    }
}

/// One browser at a time: the machine is small and Chromium is not.
fn one_browser() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// A browser with nothing stored for the site.
fn fresh_browser(site: &Site) -> Option<Browser> {
    let b = Browser::start()?;
    b.goto(&site.server.at("/404.html"));
    b.run("localStorage.clear(); return true;");
    Some(b)
}

/// The state as stored.
fn state(b: &Browser) -> Value {
    let s = b.run("return localStorage.getItem('paperpress.seen');");
    serde_json::from_str(s.as_str().expect("a stored state")).expect("stored state is JSON")
}

/// Ends the visit: the last page view is moved two hours back.
fn later_visit(b: &Browser) {
    b.run(
        "var s = JSON.parse(localStorage.getItem('paperpress.seen')); \
         s.last -= 2 * 3600 * 1000; \
         localStorage.setItem('paperpress.seen', JSON.stringify(s)); return true;",
    );
}

/// The ids of the cards marked new on the open page; every marked card has its label and
/// only marked cards do.
fn marked(b: &Browser) -> BTreeSet<String> {
    let v = b.run(
        "var cards = Array.from(document.querySelectorAll('.card[data-id]')); \
         var bad = cards.filter(function (c) { \
           return c.classList.contains('is-new') !== !!c.querySelector('.new-mark'); }); \
         if (bad.length) return 'label and class disagree on ' + bad[0].getAttribute('data-id'); \
         return cards.filter(function (c) { return c.classList.contains('is-new'); }) \
           .map(function (c) { return c.getAttribute('data-id'); });",
    );
    v.as_array()
        .unwrap_or_else(|| panic!("marks: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_string())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// The "N new" labels on the open page's day links, by the date in the link.
fn day_counts(b: &Browser) -> Vec<(String, String)> {
    let v = b.run(
        "return Array.from(document.querySelectorAll('.day-list a')) \
           .filter(function (a) { return a.querySelector('.new-count'); }) \
           .map(function (a) { return [a.getAttribute('href'), a.querySelector('.new-count').textContent]; });",
    );
    v.as_array()
        .unwrap_or_else(|| panic!("day counts: {v}"))
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap_or("").to_string(),
                p[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn cards(b: &Browser) -> usize {
    b.run("return document.querySelectorAll('.card[data-id]').length;")
        .as_u64()
        .unwrap_or(0) as usize
}

/// A first visit to the example site (home, a day, a category, the archive), the site's
/// new day, and the start of a later visit.
fn two_visits(site: &Site, b: &Browser) {
    for page in ["/", "/days/2025-06-24/", "/categories/cs.cl/", "/days/"] {
        site.open(b, page);
        assert!(marked(b).is_empty(), "first visit, {page}: {:?}", marked(b));
        assert!(day_counts(b).is_empty(), "first visit, {page}");
    }
    let s = state(b);
    assert_eq!(s["first"], json!(true));
    assert_eq!(s["base"], json!("2025-06-26"), "{s}");
    site.add_day();
    later_visit(b);
}

#[test]
fn a_later_visit_marks_exactly_the_papers_of_the_new_day() {
    let site = Site::new("marks");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    two_visits(&site, &b);

    site.open(&b, "/");
    assert_eq!(marked(&b), set(&NEW_IDS), "home");
    assert_eq!(state(&b)["first"], json!(false));
    let text = b.run("return document.querySelector('.seen-text').textContent;");
    assert_eq!(
        text,
        json!("3 papers on this page new since your last visit.")
    );
    site.open(&b, &format!("/days/{NEW_DAY}/"));
    assert_eq!(marked(&b), set(&NEW_IDS), "the new day");
    for day in ["2025-06-23", "2025-06-24", "2025-06-26"] {
        site.open(&b, &format!("/days/{day}/"));
        assert!(cards(&b) > 0);
        assert!(marked(&b).is_empty(), "{day}: {:?}", marked(&b));
    }
    site.open(&b, "/categories/cs.cl/");
    assert_eq!(marked(&b), set(&NEW_CL), "category");
    site.open(&b, "/categories/cs.cl/2025-06/");
    assert!(cards(&b) > NEW_CL.len());
    assert_eq!(marked(&b), set(&NEW_CL), "category month");
    site.open(&b, "/categories/cs.lg/2025-06/");
    assert_eq!(marked(&b), set(&NEW_IDS[2..]), "another category's month");
    site.open(&b, "/papers/1706.03762.html");

    // The archive counts the new day's papers, and only that day's.
    site.open(&b, "/days/");
    assert_eq!(
        day_counts(&b),
        vec![(format!("/days/{NEW_DAY}/"), "3 new".to_string())]
    );
    // The home page's list of recent days too.
    site.open(&b, "/");
    assert_eq!(
        day_counts(&b),
        vec![(format!("/days/{NEW_DAY}/"), "3 new".to_string())]
    );

    // Within the visit the marks stay, however often the page is opened.
    b.run("location.reload(); return true;");
    site.open(&b, "/");
    assert_eq!(marked(&b), set(&NEW_IDS), "home, reloaded");
    // Twenty minutes without a page view do not end a visit (unless midnight came between).
    let same_day = b.run(
        "var s = JSON.parse(localStorage.getItem('paperpress.seen'));          s.last -= 20 * 60 * 1000;          localStorage.setItem('paperpress.seen', JSON.stringify(s));          return new Date(s.last).toDateString() === new Date().toDateString();",
    );
    site.open(&b, &format!("/days/{NEW_DAY}/"));
    let s = state(&b);
    if same_day == json!(true) {
        assert_eq!(marked(&b), set(&NEW_IDS), "twenty minutes later");
        assert_eq!(s["now"][NEW_DAY], json!("2506.~5~1xg1,1,1"), "{s}");
        assert!(s["days"].as_object().is_some_and(|d| d.is_empty()), "{s}");
    } else {
        // Midnight came between: that ended the visit, and what it showed is seen.
        assert!(marked(&b).is_empty(), "after midnight: {:?}", marked(&b));
        assert_eq!(s["days"][NEW_DAY], json!("2506.~5~1xg1,1,1"), "{s}");
    }

    // The next visit: they were shown during the last one, so they are seen.
    later_visit(&b);
    for page in [
        "/",
        &format!("/days/{NEW_DAY}/"),
        "/categories/cs.cl/",
        "/days/",
    ] {
        site.open(&b, page);
        assert!(
            marked(&b).is_empty(),
            "third visit, {page}: {:?}",
            marked(&b)
        );
        assert!(day_counts(&b).is_empty(), "third visit, {page}");
    }
    let s = state(&b);
    assert_eq!(s["days"][NEW_DAY], json!("2506.~5~1xg1,1,1"), "{s}");
}

#[test]
fn a_day_not_opened_last_visit_is_still_counted_and_marked() {
    let site = Site::new("unopened");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    two_visits(&site, &b);
    // This visit opens only the archive: the new day's papers are not shown.
    site.open(&b, "/days/");
    assert_eq!(
        day_counts(&b),
        vec![(format!("/days/{NEW_DAY}/"), "3 new".to_string())]
    );
    later_visit(&b);
    site.open(&b, "/days/");
    assert_eq!(
        day_counts(&b),
        vec![(format!("/days/{NEW_DAY}/"), "3 new".to_string())]
    );
    // The category page of cs.LG showed one of them during this visit.
    site.open(&b, "/categories/cs.lg/");
    assert_eq!(marked(&b), set(&NEW_IDS[2..]));
    later_visit(&b);
    site.open(&b, "/days/");
    assert_eq!(
        day_counts(&b),
        vec![(format!("/days/{NEW_DAY}/"), "2 new".to_string())]
    );
    site.open(&b, &format!("/days/{NEW_DAY}/"));
    assert_eq!(marked(&b), set(&NEW_CL));
}

#[test]
fn the_switch_hides_papers_seen_before_is_remembered_and_announced() {
    let site = Site::new("switch");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    // On a first visit there is no switch: nothing was seen before.
    site.open(&b, "/categories/cs.cl/2025-06/");
    assert_eq!(
        b.run("var s = document.querySelector('.seen-hide input'); return [s.getAttribute('role'), s.offsetParent === null];"),
        json!(["switch", true])
    );
    two_visits(&site, &b);

    site.open(&b, "/categories/cs.cl/2025-06/");
    let total = cards(&b);
    assert!(total > 2);
    let visible = |b: &Browser| -> BTreeSet<String> {
        b.run(
            "return Array.from(document.querySelectorAll('.card[data-id]')) \
               .filter(function (c) { return c.offsetParent !== null; }) \
               .map(function (c) { return c.getAttribute('data-id'); });",
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
    };
    assert_eq!(visible(&b).len(), total);
    assert_eq!(
        b.run("return document.querySelector('.seen-hide input').offsetParent !== null;"),
        json!(true)
    );
    b.click(".seen-hide input");
    assert_eq!(visible(&b), set(&NEW_CL));
    // Said where a screen reader hears it: the panel's status line.
    assert_eq!(
        b.run("var s = document.querySelector('.filter-status'); return [s.getAttribute('role'), s.textContent];"),
        json!([
            "status",
            format!("Showing 2 of {total} papers; {} seen before are hidden", total - 2)
        ])
    );
    assert_eq!(
        b.run("return document.querySelector('.filter-notice-text').textContent;"),
        json!(format!(
            "{} of {total} papers are hidden as seen before.",
            total - 2
        ))
    );

    // Remembered: on another page, and after a reload.
    site.open(&b, "/days/2025-06-26/");
    assert!(
        visible(&b).is_empty(),
        "a day seen before: {:?}",
        visible(&b)
    );
    assert_eq!(
        b.run("return document.querySelector('.seen-hide input').checked;"),
        json!(true)
    );
    assert_eq!(
        b.run("return document.querySelector('.filter-notice').hidden;"),
        json!(false)
    );
    site.open(&b, "/");
    assert_eq!(visible(&b), set(&NEW_IDS));

    // "Show all papers" shows them and turns the switch off.
    site.open(&b, "/days/2025-06-26/");
    b.click(".filter-show-all");
    assert_eq!(visible(&b).len(), cards(&b));
    site.open(&b, "/categories/cs.cl/2025-06/");
    assert_eq!(visible(&b).len(), total);
    assert_eq!(
        b.run("return document.querySelector('.seen-hide input').checked;"),
        json!(false)
    );
}

#[test]
fn forget_seen_papers_starts_over() {
    let site = Site::new("reset");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    two_visits(&site, &b);
    site.open(&b, "/");
    assert_eq!(marked(&b), set(&NEW_IDS));
    later_visit(&b);
    // The day was shown last visit: seen now. Forgetting starts over from a first visit.
    site.open(&b, "/days/");
    assert!(day_counts(&b).is_empty());
    b.click(".seen-reset");
    let s = state(&b);
    assert_eq!(s["first"], json!(true), "{s}");
    assert_eq!(s["base"], json!(NEW_DAY), "{s}");
    assert!(s["days"].as_object().is_some_and(|d| d.is_empty()), "{s}");

    // Reset from the switch's panel, in a visit with marks: they go at once.
    let site2 = Site::new("reset2");
    b.goto(&site2.server.at("/404.html"));
    b.run("localStorage.clear(); return true;");
    two_visits(&site2, &b);
    site2.open(&b, &format!("/days/{NEW_DAY}/"));
    assert_eq!(marked(&b), set(&NEW_IDS));
    b.run("document.querySelector('.filters details').open = true; return true;");
    b.click(".filters .seen-reset");
    assert!(marked(&b).is_empty());
    assert_eq!(
        b.run("return document.querySelector('.seen-text').textContent;"),
        json!("Your first visit: papers added after it will be marked New on your next visits.")
    );
    later_visit(&b);
    site2.open(&b, "/");
    assert!(marked(&b).is_empty());
    site2.open(&b, "/days/");
    assert!(day_counts(&b).is_empty());
}

/// `n` ids as a day of a large site lists them: one month's numbers, spread out.
fn fake_ids(day: usize, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("2301.{:05}", (i * 97 + day * 13) % 99_000 + 1))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn dates_before(last: &str, n: usize) -> Vec<String> {
    let last = chrono::NaiveDate::parse_from_str(last, "%Y-%m-%d").unwrap();
    (1..=n)
        .rev()
        .map(|i| (last - chrono::Days::new(i as u64)).to_string())
        .collect()
}

#[test]
fn stored_state_is_pruned_oldest_first_within_its_budget() {
    let site = Site::new("prune");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    site.open(&b, "/");
    // A year of a 100,000-paper site (274 papers a day), stored as plain ids, with the
    // example site's 24 June among them.
    site.open(&b, "/days/2025-06-24/");
    let ids24: Vec<String> = b
        .run("return Array.from(document.querySelectorAll('.card[data-id]')).map(function (c) { return c.getAttribute('data-id'); });")
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    assert!(!ids24.is_empty());
    let year = dates_before("2025-06-24", 364);
    let mut days = serde_json::Map::new();
    for (i, d) in year.iter().enumerate() {
        days.insert(d.clone(), json!(fake_ids(i, 274).join(" ")));
    }
    days.insert("2025-06-24".into(), json!(ids24.join(" ")));
    let planted = json!({
        "v": 1, "base": "2024-01-01", "first": false, "last": 0, "days": days, "now": {}
    });
    let planted = planted.to_string();
    assert!(planted.len() > 1_000_000, "{}", planted.len());
    b.run_with(
        "localStorage.setItem('paperpress.seen', arguments[0]); return true;",
        json!([planted]),
    );
    site.open(&b, "/days/2025-06-25/");
    let stored = b
        .run("return localStorage.getItem('paperpress.seen').length;")
        .as_u64()
        .unwrap();
    assert!(stored <= 200_000, "{stored} characters stored");
    let s = state(&b);
    // This visit showed 25 June: it is kept too, among this visit's days.
    assert_eq!(
        s["now"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["2025-06-25"]
    );
    let kept: Vec<&String> = s["days"].as_object().unwrap().keys().collect();
    assert_eq!(kept.len(), 89, "{kept:?}");
    // The newest 90 days stay, the oldest went and count as seen.
    assert_eq!(kept.last().map(|d| d.as_str()), Some("2025-06-24"));
    let all: Vec<String> = year.iter().cloned().chain(["2025-06-24".into()]).collect();
    assert_eq!(
        kept.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        all[all.len() - 89..]
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(s["base"], json!(all[all.len() - 90]));
    // The ids of a kept day survive packing: 24 June's papers are seen, 25 June's are new.
    assert_eq!(marked(&b).len(), cards(&b));
    site.open(&b, "/days/2025-06-24/");
    assert!(marked(&b).is_empty(), "{:?}", marked(&b));
    eprintln!(
        "a year of 274 papers a day: {} characters planted, {stored} kept",
        planted.len()
    );

    // Many papers a day: the byte budget binds before the count of days does.
    let mut days = serde_json::Map::new();
    let heavy = dates_before("2025-06-22", 60);
    for (i, d) in heavy.iter().enumerate() {
        days.insert(d.clone(), json!(fake_ids(i, 3000).join(" ")));
    }
    let planted = json!({
        "v": 1, "base": "2024-01-01", "first": false, "last": 0, "days": days, "now": {}
    });
    b.run_with(
        "localStorage.setItem('paperpress.seen', arguments[0]); return true;",
        json!([planted.to_string()]),
    );
    site.open(&b, "/days/2025-06-25/");
    let stored = b
        .run("return localStorage.getItem('paperpress.seen').length;")
        .as_u64()
        .unwrap();
    assert!(stored <= 200_000, "{stored} characters stored");
    let s = state(&b);
    let kept: Vec<&String> = s["days"].as_object().unwrap().keys().collect();
    assert!(kept.len() < 60 && kept.len() > 5, "{}", kept.len());
    assert_eq!(kept.last().map(|d| d.as_str()), Some("2025-06-21"));
    assert_eq!(
        kept.first().map(|d| d.as_str()),
        Some(heavy[60 - kept.len()].as_str())
    );
    eprintln!(
        "60 days of 3,000 papers: {} characters planted, {stored} kept ({} days)",
        planted.to_string().len(),
        kept.len()
    );
}

#[test]
fn a_broken_stored_state_starts_over_and_a_visit_without_days_sets_no_baseline() {
    let site = Site::new("broken");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    for planted in [
        "5",
        "[]",
        "{\"base\": \"<img src=x>\", \"first\": false}",
        "{\"base\": \"2025-06-24\", \"first\": false, \"last\": \"x\", \"days\": {\"<b>\": 7, \"2025-06-25\": \"~~,zz~q\"}, \"now\": []}",
        "not json",
    ] {
        b.run_with(
            "localStorage.setItem('paperpress.seen', arguments[0]); return true;",
            json!([planted]),
        );
        site.open(&b, "/days/2025-06-25/");
        let s = state(&b);
        assert!(
            s["base"].as_str().is_some_and(|d| d.len() == 10) && s["last"].is_number(),
            "{planted}: {s}"
        );
        if planted.contains("2025-06-24") {
            // A readable baseline stays; the garbage in the days is dropped.
            assert_eq!(s["base"], json!("2025-06-24"));
            assert!(!marked(&b).is_empty());
            assert!(
                s["days"]
                    .as_object()
                    .is_some_and(|d| !d.contains_key("<b>")),
                "{s}"
            );
        } else {
            assert_eq!(s["first"], json!(true), "{planted}: {s}");
            assert!(marked(&b).is_empty());
        }
    }

    // A first visit to the search page only shows no day: the next visit is still a first.
    b.run("localStorage.clear(); return true;");
    site.open(&b, "/search/");
    assert_eq!(state(&b)["base"], json!(""));
    later_visit(&b);
    site.open(&b, "/days/2025-06-23/");
    let s = state(&b);
    assert_eq!(
        (&s["first"], &s["base"]),
        (&json!(true), &json!("2025-06-23"))
    );
    assert!(marked(&b).is_empty());
}

#[test]
fn pages_with_marks_pass_axe_in_light_and_dark_and_fit_a_phone() {
    if !repo().join("node_modules/axe-core/axe.min.js").exists() {
        skip(Need::Axe, "node_modules/axe-core missing (run npm ci)");
        return;
    }
    let site = Site::new("axe");
    let _g = one_browser();
    let Some(b) = fresh_browser(&site) else {
        return;
    };
    b.script_timeout(Duration::from_secs(60));
    two_visits(&site, &b);
    let mut problems = Vec::new();
    for (width, scheme) in [
        (1200, "light"),
        (1200, "dark"),
        (360, "light"),
        (360, "dark"),
    ] {
        b.view(width, scheme);
        for page in ["/", "/days/", "/categories/cs.cl/2025-06/"] {
            site.open(&b, page);
            assert!(
                !marked(&b).is_empty() || !day_counts(&b).is_empty(),
                "{page}: nothing marked"
            );
            b.run("var d = document.querySelector('.filters details'); if (d) d.open = true; return true;");
            let wide = b.run(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            );
            if wide.as_i64().unwrap_or(0) > 0 {
                problems.push(format!(
                    "{page} ({width}px): {wide}px wider than the screen"
                ));
            }
            if width > 600 {
                for p in b.axe_problems() {
                    problems.push(format!("{page} ({scheme}): {p}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn without_the_script_pages_carry_nothing_of_it() {
    let site = Site::new("static");
    site.add_day();
    for page in [
        "index.html",
        "days/index.html",
        "days/2025-06-27/index.html",
    ] {
        let html = fs::read_to_string(site.out.join(page)).unwrap();
        for word in ["new-mark", "is-new", "seen-bar", "new-count"] {
            assert!(!html.contains(word), "{page} holds {word}");
        }
    }
}
