//! The URL scheme, and the one helper every internal link goes through.
//!
//! Site paths are relative (`days/2025-06-27/`); [`Urls::link`] joins them to the path of
//! `base_url`, so a site built for `https://me.github.io/digest/` links to `/digest/days/...`
//! and works unchanged when served from that sub-path.

use chrono::NaiveDate;

use crate::config::Config;
use crate::model::Month;

#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        Urls {
            base_url: config.base_url.clone(),
            base_path: config.base_path().to_string(),
        }
    }

    /// The link to a site path, for use in pages: `/digest/days/2025-06-27/`.
    pub fn link(&self, site_path: &str) -> String {
        let mut s = String::with_capacity(self.base_path.len() + site_path.len());
        s.push_str(&self.base_path);
        s.push_str(site_path.trim_start_matches('/'));
        s
    }

    /// The absolute URL of a site path, for feeds, sitemaps and canonical links.
    pub fn absolute(&self, site_path: &str) -> String {
        let mut s = String::with_capacity(self.base_url.len() + site_path.len());
        s.push_str(&self.base_url);
        s.push_str(site_path.trim_start_matches('/'));
        s
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

pub fn home() -> String {
    String::new()
}

pub fn archive() -> String {
    "days/".into()
}

pub fn day(date: NaiveDate) -> String {
    format!("days/{date}/")
}

pub fn categories() -> String {
    "categories/".into()
}

pub fn stats() -> String {
    "stats/".into()
}

pub fn category(slug: &str) -> String {
    format!("categories/{slug}/")
}

pub fn category_month(slug: &str, month: Month) -> String {
    format!("categories/{slug}/{}/", month.key())
}

/// A paper's page is a file, not a folder with an `index.html`: one paper is one file to
/// create, where a folder per paper would double the file-system work of the largest part
/// of the site (see the README's architecture section).
pub fn paper(id: &str) -> String {
    format!("papers/{id}.html")
}

pub fn search() -> String {
    "search/".into()
}

pub fn favourites() -> String {
    "favourites/".into()
}

/// The site's Atom feed.
pub fn feed() -> String {
    "feed.xml".into()
}

/// A category's Atom feed.
pub fn category_feed(slug: &str) -> String {
    format!("categories/{slug}/feed.xml")
}

/// A topic feed of `site.toml`.
pub fn topic_feed(slug: &str) -> String {
    format!("feeds/{slug}.xml")
}

/// The page that lists every feed.
pub fn feeds_page() -> String {
    "feeds/".into()
}

/// Every feed as one OPML file, for feed readers.
pub fn opml() -> String {
    "feeds.opml".into()
}

/// What a query parameter escapes: what would end it or change its meaning (`+` is a
/// space there), and what a URL may not hold.
const QUERY_PART: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'+')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The search page with query `q`.
pub fn search_for(q: &str) -> String {
    let q = percent_encoding::utf8_percent_encode(q, QUERY_PART);
    format!("search/?q={q}")
}

pub fn sitemap() -> String {
    "sitemap.xml".into()
}

/// The file that serves a site path: `days/x/` -> `days/x/index.html`.
pub fn file_of(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages write dates with `NaiveDate`'s `Display`, which skips parsing a format string
    /// for every date: it must be the ISO date `%Y-%m-%d` makes, at every year.
    #[test]
    fn a_date_displays_as_its_iso_format() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for d in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            ymd(1, 1, 1),
            ymd(999, 12, 31),
            ymd(2024, 2, 29),
            ymd(9999, 12, 31),
            ymd(10000, 1, 1),
            ymd(-5, 3, 4),
        ] {
            assert_eq!(d.to_string(), d.format("%Y-%m-%d").to_string());
        }
        assert_eq!(day(ymd(2025, 6, 7)), "days/2025-06-07/");
    }

    #[test]
    fn links_carry_the_base_path() {
        let mut c = Config::default();
        c.set_base_url("https://me.github.io/digest").unwrap();
        let u = Urls::new(&c);
        assert_eq!(
            u.link(&paper("2506.20747")),
            "/digest/papers/2506.20747.html"
        );
        assert_eq!(u.link(&home()), "/digest/");
        assert_eq!(
            u.absolute("feed.xml"),
            "https://me.github.io/digest/feed.xml"
        );
        assert_eq!(file_of(&home()), "index.html");
        assert_eq!(file_of("404.html"), "404.html");
        assert_eq!(
            file_of(&paper("hep-th/9901001")),
            "papers/hep-th/9901001.html"
        );
    }
}
