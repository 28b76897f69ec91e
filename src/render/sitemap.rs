//! `sitemap.xml` (the sitemaps.org protocol): every page and the day it last changed.
//!
//! A site of up to [`ONE_FILE`] pages has one `sitemap.xml`. Past that, `sitemap.xml` is a
//! sitemap index over files that a new day leaves alone: `sitemap-papers-N.xml` lists papers
//! `N * PAPERS_PER_FILE ..` in the order they were first listed (a new day's papers go into
//! the last one), and `sitemap-pages-N.xml` every other page (the site pages, days oldest
//! first, categories by code with their months), [`MAX_URLS`] a file. A new day then
//! rewrites the index, the pages file and the last papers file, not the megabytes of every
//! paper's URL. Dates come from the content, so the same content always gives the same
//! bytes.

use chrono::NaiveDate;

use super::plan::Plan;
use super::urls::{self, Urls};
use super::{Page, xml};
use crate::model::Site;

/// The most URLs one sitemap file may list.
pub const MAX_URLS: usize = 50_000;
/// The most pages a site with a single `sitemap.xml` has.
pub const ONE_FILE: usize = 10_000;
/// Papers a file of `sitemap-papers-N.xml` lists.
pub const PAPERS_PER_FILE: usize = 10_000;

const URLSET: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const INDEX: &str = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

/// Every page a sitemap lists (all but the not-found page, the reader's own favourites
/// page and the list of feeds, which holds no papers and has no day), in the plan's order,
/// with its last-modified day.
pub fn entries(site: &Site, plan: &Plan) -> Vec<(Page, Option<NaiveDate>)> {
    (0..plan.len())
        .filter(|&i| {
            !matches!(
                plan.pages()[i],
                Page::NotFound | Page::Favourites | Page::Feeds
            )
        })
        .map(|i| (plan.pages()[i], plan.lastmod(i, site)))
        .collect()
}

/// The sitemap files, as (file below the output folder, XML): `sitemap.xml` alone, or
/// `sitemap.xml` as an index and the files it lists.
pub fn files(site: &Site, plan: &Plan, u: &Urls) -> Vec<(String, String)> {
    files_with_limits(site, plan, u, (ONE_FILE, PAPERS_PER_FILE, MAX_URLS))
}

/// [`files`], with (pages of a single sitemap, papers a file, other pages a file).
fn files_with_limits(
    site: &Site,
    plan: &Plan,
    u: &Urls,
    (one_file, papers_per_file, pages_per_file): (usize, usize, usize),
) -> Vec<(String, String)> {
    let entries = entries(site, plan);
    if entries.len() <= one_file {
        return vec![(urls::sitemap(), urlset(site, u, &entries))];
    }
    let (papers, pages): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(page, _)| matches!(page, Page::Paper(_)));
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    index.push_str(INDEX);
    let mut out = vec![];
    let groups = [
        ("pages", &pages, pages_per_file),
        ("papers", &papers, papers_per_file),
    ];
    for (name, group, per_file) in groups {
        for (n, chunk) in group.chunks(per_file).enumerate() {
            let file = format!("sitemap-{name}-{}.xml", n + 1);
            index.push_str("<sitemap>\n");
            xml::element(&mut index, "loc", &u.absolute(&file));
            if let Some(d) = chunk.iter().filter_map(|(_, d)| *d).max() {
                xml::element(&mut index, "lastmod", &d.to_string());
            }
            index.push_str("</sitemap>\n");
            out.push((file, urlset(site, u, chunk)));
        }
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, (urls::sitemap(), index));
    out
}

fn urlset(site: &Site, u: &Urls, entries: &[(Page, Option<NaiveDate>)]) -> String {
    let mut out = String::with_capacity(128 + entries.len() * 110);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(URLSET);
    for (page, date) in entries {
        out.push_str("<url>\n");
        xml::element(&mut out, "loc", &u.absolute(&page.site_path(site)));
        if let Some(d) = date {
            xml::element(&mut out, "lastmod", &d.to_string());
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled, and where the sitemap is.
pub fn robots_txt(u: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        u.absolute(&urls::sitemap())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// A site of `n` papers over a few days of June and July 2025.
    fn site_of(n: usize) -> Site {
        crate::model::sample::site(n, |_, _| {})
    }

    fn lastmod(site: &Site, plan: &Plan, page: Page) -> Option<NaiveDate> {
        let i = plan.pages().iter().position(|&p| p == page).unwrap();
        plan.lastmod(i, site)
    }

    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>")
            .skip(1)
            .filter_map(|s| s.split_once("</loc>").map(|(l, _)| l))
            .collect()
    }

    #[test]
    fn small_site_has_one_sitemap_with_every_page() {
        let site = site_of(10);
        let u = Urls::new(&Config::default());
        let plan = Plan::new(&site, 14);
        let files = files(&site, &plan, &u);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        let listed = locs(&files[0].1);
        // 5 site pages (home, days, categories, search, stats), 3 days, 2 categories with
        // 2 months each, 10 papers.
        assert_eq!(listed.len(), 5 + 3 + 2 * 3 + 10);
        assert!(!files[0].1.contains("404"));
        // A day's lastmod is the day its "next day" link appeared.
        assert_eq!(
            lastmod(&site, &plan, Page::Day(1)),
            NaiveDate::from_ymd_opt(2025, 7, 1)
        );
        // June's page of a category changed when July's first paper linked it to July.
        assert_eq!(
            lastmod(&site, &plan, Page::CategoryMonth(0, 1)),
            NaiveDate::from_ymd_opt(2025, 7, 1)
        );
    }

    #[test]
    fn a_big_site_has_an_index_over_pages_and_papers_files() {
        let site = site_of(250);
        let u = Urls::new(&Config::default());
        let plan = Plan::new(&site, 14);
        let total = entries(&site, &plan).len();
        let files = files_with_limits(&site, &plan, &u, (100, 100, 10));
        let (name, index) = &files[0];
        assert_eq!(name, "sitemap.xml");
        assert!(index.contains("<sitemapindex"));
        let parts = locs(index);
        assert_eq!(parts.len(), files.len() - 1);
        let mut all = Vec::new();
        for ((file, xml), loc) in files[1..].iter().zip(&parts) {
            assert_eq!(*loc, u.absolute(file));
            let l = locs(xml);
            let papers = l.iter().filter(|l| l.contains("/papers/")).count();
            if file.starts_with("sitemap-papers-") {
                assert!(l.len() <= 100 && papers == l.len(), "{file}");
            } else {
                assert!(l.len() <= 10 && papers == 0, "{file}");
            }
            all.extend(l);
        }
        // 250 papers in three files, the other pages ten a file.
        let names: Vec<&str> = files[1..].iter().map(|(f, _)| f.as_str()).collect();
        assert!(names.ends_with(&[
            "sitemap-papers-1.xml",
            "sitemap-papers-2.xml",
            "sitemap-papers-3.xml"
        ]));
        assert_eq!(names[0], "sitemap-pages-1.xml");
        assert_eq!(all.len(), total);
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), total, "no page twice");
    }

    #[test]
    fn a_new_day_leaves_the_full_papers_files_as_they_were() {
        let u = Urls::new(&Config::default());
        let limits = (100, 100, 10);
        let before = crate::model::sample::days(5, 50);
        let after = crate::model::sample::days(6, 50);
        let old = files_with_limits(&before, &Plan::new(&before, 14), &u, limits);
        let new = files_with_limits(&after, &Plan::new(&after, 14), &u, limits);
        let file = |set: &[(String, String)], name: &str| {
            set.iter().find(|(f, _)| f == name).map(|(_, x)| x.clone())
        };
        for name in ["sitemap-papers-1.xml", "sitemap-papers-2.xml"] {
            assert_eq!(file(&old, name), file(&new, name), "{name} changed");
        }
        assert_ne!(
            file(&old, "sitemap-papers-3.xml"),
            file(&new, "sitemap-papers-3.xml")
        );
    }
}
