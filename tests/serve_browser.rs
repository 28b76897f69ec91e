//! Live reload in a real browser: headless Chromium (through chromedriver) opens a page of
//! `paperpress serve`, the digest file changes on disk, and the open page reloads by itself.

mod common;

use std::fs;
use std::time::Duration;

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
