//! Live reload in a real browser: headless Chromium (through chromedriver) opens pages of
//! `paperpress serve`, the digest file changes on disk, and the open pages reload by
//! themselves; and however many pages a reader goes through or keeps open, each loads at
//! once (the browser's six connections to the server are not held by event streams).

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::server::Served;
use common::webdriver::Browser;

#[test]
fn an_open_page_reloads_by_itself_after_a_change() {
    let server = Served::example();
    let site = server.site();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&server.at("/days/2025-06-23/"));
    assert!(
        browser.wait_until(
            "return document.body.innerText.includes('Attention Is All You Need');",
            Duration::from_secs(20)
        ),
        "the page did not load"
    );
    // Mark this very page: a reload makes a new document without the mark. (Should the
    // page connect to the event stream only after the change, the build number it was
    // served with tells it to reload all the same.)
    browser.run("window.__marker = 'before-change'; return true;");
    assert_eq!(
        browser.run("return window.__marker;"),
        serde_json::json!("before-change")
    );

    let path = site.join("content/2025/06/2025-06-23.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen("[Attention Is All You Need]", "[Attention Reloaded]", 1),
    )
    .unwrap();

    assert!(
        browser.wait_until(
            "return window.__marker === undefined && document.body.innerText.includes('Attention Reloaded');",
            Duration::from_secs(30)
        ),
        "the open page did not reload by itself with the new text"
    );

    // An error shows in the page, and the page comes back when the file is fixed.
    let undated = site.join("content/2025/06/undated.md");
    fs::write(&undated, &text).unwrap();
    assert!(
        browser.wait_until(
            "return document.body.innerText.includes('content/2025/06/undated.md: error:');",
            Duration::from_secs(30)
        ),
        "the error page did not appear: {}",
        browser.run("return document.body.innerText;")
    );
    fs::remove_file(&undated).unwrap();
    assert!(
        browser.wait_until(
            "return document.body.innerText.includes('Attention Reloaded');",
            Duration::from_secs(30)
        ),
        "the page did not come back after the fix"
    );
}

/// Twenty pages of the example site, one after another as a reader clicks through them.
const READING: [&str; 20] = [
    "/",
    "/days/",
    "/categories/",
    "/days/2025-06-23/",
    "/papers/1706.03762.html",
    "/papers/1406.2661.html",
    "/categories/cs.cl/",
    "/papers/1412.6980.html",
    "/days/2025-06-24/",
    "/papers/1505.04597.html",
    "/papers/1512.03385.html",
    "/categories/cs.lg/",
    "/papers/1707.06347.html",
    "/days/2025-06-25/",
    "/papers/1810.04805.html",
    "/papers/2001.08361.html",
    "/categories/cs.cv/",
    "/papers/2003.08934.html",
    "/days/2025-06-26/",
    "/papers/2005.08100.html",
];

/// Pages for seven more tabs.
const TABS: [&str; 7] = [
    "/",
    "/days/2025-06-23/",
    "/papers/1706.03762.html",
    "/categories/",
    "/days/",
    "/categories/cs.cl/",
    "/papers/2302.13971.html",
];

/// The day and the paper page that show the title [`retitle`] changes.
const SHOWING_THE_TITLE: [&str; 2] = ["/days/2025-06-23/", "/papers/1706.03762.html"];

/// How long a page of the preview may take to load. Pages load in a fraction of a second;
/// one that waits for a connection to the server held by event streams waits a minute.
const LOAD_LIMIT: Duration = Duration::from_secs(5);

/// Opens `path` in the current tab and checks that it loads within [`LOAD_LIMIT`] and is
/// the page asked for.
fn open_quickly(browser: &Browser, server: &Served, path: &str, what: &str) {
    let start = Instant::now();
    let loaded = browser.try_goto(&server.at(path));
    let took = start.elapsed();
    eprintln!("{what}: {path} loaded in {} ms", took.as_millis());
    let error: Option<String> = loaded.err().map(|e| e.chars().take(300).collect());
    assert!(
        error.is_none() && took < LOAD_LIMIT,
        "{what}: {path} took {took:?} to load (limit {LOAD_LIMIT:?}); error: {error:?}"
    );
    assert_eq!(
        browser.run("return location.pathname;"),
        serde_json::json!(path),
        "{what}"
    );
}

/// Marks the page in the current tab; a reload makes a new document without the mark.
fn mark(browser: &Browser) {
    browser.run("window.__marker = 'before-change'; return true;");
}

/// Waits until the page in the current tab has reloaded since [`mark`] and, if `title` is
/// given, shows it.
fn reloaded(browser: &Browser, title: Option<&str>) -> bool {
    browser.wait_until(
        "return window.__marker === undefined && document.readyState === 'complete';",
        Duration::from_secs(30),
    ) && title.is_none_or(|t| {
        browser.wait_until(
            &format!("return document.body.innerText.includes('{t}');"),
            Duration::from_secs(10),
        )
    })
}

/// Renames the paper shown on [`SHOWING_THE_TITLE`] from `from` to `to` in its digest file.
fn retitle(server: &Served, from: &str, to: &str) {
    let path = server.site().join("content/2025/06/2025-06-23.md");
    let text = fs::read_to_string(&path).unwrap();
    let (from, to) = (format!("[{from}]"), format!("[{to}]"));
    assert!(text.contains(&from), "{from} not in {}", path.display());
    fs::write(&path, text.replacen(&from, &to, 1)).unwrap();
}

/// Twenty page changes in the current tab, each loading at once.
fn read_twenty_pages(browser: &Browser, server: &Served) {
    for (i, path) in READING.iter().enumerate() {
        open_quickly(browser, server, path, &format!("page change {}", i + 1));
    }
}

/// A page left for another, brought back by the Back button from the back/forward cache
/// after a change, reloads with the change.
fn back_after_a_change(browser: &Browser, server: &Served, from: &str, to: &str) {
    open_quickly(browser, server, SHOWING_THE_TITLE[0], "before going back");
    browser.run(
        "window.addEventListener('pageshow', e => { if (e.persisted) sessionStorage.setItem('restored', 'yes'); }); return true;",
    );
    mark(browser);
    open_quickly(browser, server, "/days/", "left for");
    mark(browser);
    retitle(server, from, to);
    assert!(reloaded(browser, None), "the page left for did not reload");
    browser.back();
    assert!(
        reloaded(browser, Some(to)),
        "the page brought back did not reload with the change: {}",
        browser.run("return document.body.innerText;")
    );
    assert_eq!(
        browser.run("return [location.pathname, sessionStorage.getItem('restored')];"),
        serde_json::json!([SHOWING_THE_TITLE[0], "yes"]),
        "the page came back from the back/forward cache"
    );
}

#[test]
fn pages_and_tabs_load_at_once_and_all_of_them_reload() {
    let server = Served::example();
    let Some(browser) = Browser::start() else {
        return;
    };
    // A stalled page fails the test in seconds, not minutes.
    browser.page_load_timeout(4 * LOAD_LIMIT);
    read_twenty_pages(&browser, &server);
    let mut tabs = vec![(browser.new_tab(), *READING.last().unwrap())];
    for (i, path) in TABS.into_iter().enumerate() {
        if i > 0 {
            browser.new_tab();
        }
        open_quickly(&browser, &server, path, &format!("tab {}", i + 2));
        tabs.push((browser.window(), path));
    }
    assert_eq!(tabs.len(), 8);
    for (handle, _) in &tabs {
        browser.switch_to(handle);
        mark(&browser);
    }

    // One save reloads every open tab; those that show the paper show its new title.
    retitle(&server, "Attention Is All You Need", "Attention Reloaded");
    for (handle, page) in &tabs {
        browser.switch_to(handle);
        let title = SHOWING_THE_TITLE
            .contains(page)
            .then_some("Attention Reloaded");
        assert!(
            reloaded(&browser, title),
            "the tab showing {page} did not reload with the change"
        );
    }

    // Pages still load at once after the reload, and come back from the back/forward cache
    // with the changes made while they were away.
    browser.switch_to(&tabs[0].0);
    for path in &READING[..8] {
        open_quickly(&browser, &server, path, "after the reload");
    }
    back_after_a_change(
        &browser,
        &server,
        "Attention Reloaded",
        "Attention Restored",
    );
}

#[test]
fn without_shared_worker_pages_load_at_once_and_reload() {
    let server = Served::example();
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.page_load_timeout(4 * LOAD_LIMIT);
    // A browser without SharedWorker: each page has an event stream of its own.
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "delete window.SharedWorker;" }),
    );
    read_twenty_pages(&browser, &server);
    assert_eq!(
        browser.run("return typeof SharedWorker;"),
        serde_json::json!("undefined")
    );
    open_quickly(&browser, &server, SHOWING_THE_TITLE[1], "the paper");
    mark(&browser);
    retitle(&server, "Attention Is All You Need", "Attention Reloaded");
    assert!(
        reloaded(&browser, Some("Attention Reloaded")),
        "the page did not reload with the change"
    );
    back_after_a_change(
        &browser,
        &server,
        "Attention Reloaded",
        "Attention Restored",
    );
}
