//! Atom feeds (RFC 4287): `feed.xml` with the papers of the latest days, one feed per
//! category at `categories/SLUG/feed.xml`, one per topic of `site.toml` at
//! `feeds/SLUG.xml`, and all of them listed in `feeds.opml` (OPML 2.0).
//!
//! Each feed holds the papers first listed on its latest `feed_days` days that listed any
//! (for a category: days with papers in that category), newest day first, file order within
//! a day. A paper is one entry whose id is its page's absolute URL, so ids are unique and do
//! not change between builds. Nothing here depends on the clock: a feed's `updated` is its
//! newest entry's day, so the same content always gives the same bytes.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::context::{lang_of, summary_md, title_text};
use super::markdown;
use super::urls::{self, Urls};
use super::xml;
use crate::config::{Config, Language, TopicFeed};
use crate::model::{Category, PaperIx, Site};
use crate::query::{Matcher, Query, Scanner, Stems};

/// The site's feed: the papers of the latest `feed_days` days.
pub fn site_feed(site: &Site, config: &Config, u: &Urls) -> String {
    let papers = latest_days(site, new_papers_newest_first(site), config.feed_days);
    let head = Head {
        title: config.title.clone(),
        self_path: urls::feed(),
        page_path: urls::home(),
    };
    write(site, config, u, &head, &papers, None)
}

/// A category's feed: its papers of the latest `feed_days` days that had any.
pub fn category_feed(site: &Site, ci: usize, config: &Config, u: &Urls) -> String {
    let c = &site.categories()[ci];
    let papers = latest_days(site, c.papers.iter().copied(), config.feed_days);
    let head = Head {
        title: category_feed_title(config, c),
        self_path: urls::category_feed(&c.slug),
        page_path: urls::category(&c.slug),
    };
    write(site, config, u, &head, &papers, Some(&c.code))
}

/// The title of a category's feed, also used for its autodiscovery link.
pub fn category_feed_title(config: &Config, c: &Category) -> String {
    if c.code == c.name.as_str() {
        format!("{} · {}", config.title, c.code)
    } else {
        format!("{} · {} ({})", config.title, c.name, c.code)
    }
}

/// The title of a topic feed, also used for its autodiscovery link.
pub fn topic_feed_title(config: &Config, f: &TopicFeed) -> String {
    format!("{} · {}", config.title, f.name)
}

/// How many of the latest days a topic feed looks back at for its `feed_days` days: a
/// topic whose papers are rarer than that has fewer days in its feed, and a build does not
/// read the tokens of every paper of a large site.
pub const TOPIC_LOOKBACK_DAYS: usize = 60;

/// The papers of each topic feed: those first listed on the latest `feed_days` days that
/// listed any paper matching its query, within the latest [`TOPIC_LOOKBACK_DAYS`] days.
pub fn topic_papers(site: &Site, config: &Config) -> Vec<Vec<PaperIx>> {
    if config.feeds.is_empty() {
        return Vec::new();
    }
    let days = site.days();
    let since = days
        .len()
        .checked_sub(TOPIC_LOOKBACK_DAYS)
        .and_then(|i| days.get(i))
        .map(|d| d.date);
    let recent: Vec<PaperIx> = new_papers_newest_first(site)
        .take_while(|&ix| since.is_none_or(|s| site.paper(ix).date() >= s))
        .collect();
    let mut stems = Stems::default();
    // Each query was checked when the configuration was read.
    let matchers: Vec<Option<Matcher>> = config
        .feeds
        .iter()
        .map(|f| {
            Query::parse(&f.query)
                .ok()
                .map(|q| Matcher::new(&q, site, &mut stems))
        })
        .collect();
    // Which papers each query matches, newest first, by chunks of papers in parallel: the
    // latest `feed_days` days first, then twice as many, until every feed has its days (a
    // common topic's feed needs no more) or the look-back is read.
    let n = matchers.len();
    let mut matched: Vec<Vec<bool>> = Vec::with_capacity(recent.len());
    let mut days = config.feed_days.max(1);
    while matched.len() < recent.len() {
        let end = end_of_days(site, &recent, days);
        matched.par_extend(
            recent[matched.len()..end]
                .par_chunks(256)
                .flat_map_iter(|chunk| {
                    let mut scanner = Scanner::new(&stems);
                    chunk
                        .iter()
                        .map(|&ix| {
                            let p = site.paper(ix);
                            let seen = scanner.scan(p);
                            matchers
                                .iter()
                                .map(|m| m.as_ref().is_some_and(|m| m.matches(p, &seen)))
                                .collect()
                        })
                        .collect::<Vec<Vec<bool>>>()
                }),
        );
        let full = (0..n).all(|fi| {
            let mut dates = recent
                .iter()
                .zip(&matched)
                .filter(|(_, m)| m[fi])
                .map(|(&ix, _)| site.paper(ix).date())
                .collect::<Vec<_>>();
            dates.dedup();
            dates.len() >= config.feed_days
        });
        if full {
            break;
        }
        days = days.saturating_mul(2);
    }
    (0..n)
        .map(|fi| {
            let matching = recent
                .iter()
                .zip(&matched)
                .filter(|(_, m)| m[fi])
                .map(|(&ix, _)| ix);
            latest_days(site, matching, config.feed_days)
        })
        .collect()
}

/// Where the papers of the first `days` days of a newest-first list end.
fn end_of_days(site: &Site, newest_first: &[PaperIx], days: usize) -> usize {
    let mut seen = 0;
    let mut current = None;
    for (i, &ix) in newest_first.iter().enumerate() {
        let date = site.paper(ix).date();
        if current != Some(date) {
            if seen == days {
                return i;
            }
            seen += 1;
            current = Some(date);
        }
    }
    newest_first.len()
}

/// A topic feed, of the papers [`topic_papers`] chose for it.
pub fn topic_feed(
    site: &Site,
    config: &Config,
    u: &Urls,
    f: &TopicFeed,
    papers: &[PaperIx],
) -> String {
    let head = Head {
        title: topic_feed_title(config, f),
        self_path: urls::topic_feed(&f.slug),
        page_path: urls::search_for(&f.query),
    };
    write(site, config, u, &head, papers, None)
}

/// Every feed as an OPML 2.0 reading list: the site's, each topic's, each category's.
pub fn opml(site: &Site, config: &Config, u: &Urls) -> String {
    let mut out = String::with_capacity(512 + 256 * (config.feeds.len() + site.categories().len()));
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n<head>\n");
    xml::element(&mut out, "title", &format!("{} · feeds", config.title));
    out.push_str("</head>\n<body>\n");
    let mut outline = |title: &str, feed: &str, page: &str| {
        xml::empty(
            &mut out,
            "outline",
            &[
                ("type", "rss"),
                ("text", title),
                ("title", title),
                ("xmlUrl", &u.absolute(feed)),
                ("htmlUrl", &u.absolute(page)),
            ],
        );
    };
    outline(&config.title, &urls::feed(), &urls::home());
    for f in &config.feeds {
        outline(
            &topic_feed_title(config, f),
            &urls::topic_feed(&f.slug),
            &urls::search_for(&f.query),
        );
    }
    for c in site.categories() {
        outline(
            &category_feed_title(config, c),
            &urls::category_feed(&c.slug),
            &urls::category(&c.slug),
        );
    }
    out.push_str("</body>\n</opml>\n");
    out
}

/// Every feed, as (file below the output folder, XML).
pub fn files(site: &Site, config: &Config, u: &Urls) -> Vec<(String, String)> {
    let mut out = vec![(urls::feed(), site_feed(site, config, u))];
    out.par_extend((0..site.categories().len()).into_par_iter().map(|ci| {
        (
            urls::category_feed(&site.categories()[ci].slug),
            category_feed(site, ci, config, u),
        )
    }));
    for (f, papers) in config.feeds.iter().zip(topic_papers(site, config)) {
        out.push((
            urls::topic_feed(&f.slug),
            topic_feed(site, config, u, f, &papers),
        ));
    }
    out.push((urls::opml(), opml(site, config, u)));
    out
}

/// Every paper on the day it was first listed: newest day first, file order within a day.
fn new_papers_newest_first(site: &Site) -> impl Iterator<Item = PaperIx> + '_ {
    site.days().iter().rev().flat_map(move |d| {
        d.papers
            .iter()
            .copied()
            .filter(move |&ix| site.paper(ix).date() == d.date)
    })
}

/// The papers of a newest-first list that were first listed on its latest `days` days.
fn latest_days(
    site: &Site,
    newest_first: impl Iterator<Item = PaperIx>,
    days: usize,
) -> Vec<PaperIx> {
    let mut out = Vec::new();
    let mut seen = 0;
    let mut current = None;
    for ix in newest_first {
        let date = site.paper(ix).date();
        if current != Some(date) {
            if seen == days {
                break;
            }
            seen += 1;
            current = Some(date);
        }
        out.push(ix);
    }
    out
}

struct Head {
    title: String,
    /// The feed's own site path.
    self_path: String,
    /// The site path of the page the feed follows.
    page_path: String,
}

/// An Atom date for a digest day: midnight UTC.
fn timestamp(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// Writes a feed; in a category's feed (`category`), papers cross-listed from another
/// category say so in their titles, as arXiv's listings do.
fn write(
    site: &Site,
    config: &Config,
    u: &Urls,
    head: &Head,
    papers: &[PaperIx],
    category: Option<&str>,
) -> String {
    let mut out = String::with_capacity(1024 + papers.len() * 1536);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(match config.language {
        Language::En => "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n",
        Language::Zh => "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh\">\n",
        Language::Both => "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    });
    xml::element(&mut out, "title", &head.title);
    if !config.description.trim().is_empty() {
        xml::element(&mut out, "subtitle", &config.description);
    }
    let self_url = u.absolute(&head.self_path);
    xml::empty(
        &mut out,
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &self_url),
        ],
    );
    xml::empty(
        &mut out,
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &u.absolute(&head.page_path)),
        ],
    );
    xml::element(&mut out, "id", &self_url);
    // An empty feed still needs a date: 1970-01-01, which never moves.
    let newest = papers.iter().map(|&ix| site.paper(ix).date()).max();
    xml::element(&mut out, "updated", &timestamp(newest.unwrap_or_default()));
    // The feed's author stands for entries whose paper names no authors.
    out.push_str("<author>\n");
    xml::element(&mut out, "name", &config.title);
    xml::element(&mut out, "uri", u.base_url());
    out.push_str("</author>\n");
    xml::element(&mut out, "generator", "paperpress");
    for &ix in papers {
        entry(&mut out, site, u, ix, category);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, site: &Site, u: &Urls, ix: PaperIx, category: Option<&str>) {
    let p = site.paper(ix);
    let url = u.absolute(&urls::paper(&p.id));
    let date = timestamp(p.date());
    out.push_str("<entry>\n");
    match category {
        Some(c) if p.category != c => xml::element(
            out,
            "title",
            &format!("{} (cross-list from {})", title_text(p), p.category),
        ),
        _ => xml::element(out, "title", &title_text(p)),
    }
    xml::empty(
        out,
        "link",
        &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
    );
    xml::empty(
        out,
        "link",
        &[
            ("rel", "related"),
            ("type", "text/html"),
            ("title", &format!("arXiv:{}", p.id)),
            ("href", &p.abs_url()),
        ],
    );
    xml::element(out, "id", &url);
    xml::element(out, "published", &date);
    xml::element(out, "updated", &date);
    for a in p.authors() {
        out.push_str("<author><name>");
        xml::escape_into(out, a);
        out.push_str("</name></author>\n");
    }
    for code in std::iter::once(&p.category).chain(&p.other_categories) {
        match site.category_ix(code) {
            Some(ci) => xml::empty(
                out,
                "category",
                &[("term", code), ("label", &site.categories()[ci].name)],
            ),
            None => xml::empty(out, "category", &[("term", code)]),
        }
    }
    if let Some(md) = summary_md(p) {
        out.push_str("<summary type=\"text\" xml:lang=\"");
        out.push_str(lang_of(md));
        out.push_str("\">");
        xml::escape_into(out, &markdown::plain(md));
        out.push_str("</summary>\n");
    }
    out.push_str("</entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Appearance, Digest, Format, PaperDraft};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn day(y: i32, m: u32, d: u32, ids: &[(&str, &str)]) -> Digest {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let path = Arc::new(PathBuf::from(format!("{date}.md")));
        Digest {
            path: path.clone(),
            date,
            title: None,
            format: Format::DailyArxiv,
            ledger: Default::default(),
            papers: ids
                .iter()
                .map(|(id, cat)| {
                    PaperDraft {
                        id: (*id).into(),
                        title: format!("Paper {id}"),
                        category: (*cat).into(),
                        appearances: vec![Appearance {
                            date,
                            path: path.clone(),
                            line: 1,
                        }],
                        ..PaperDraft::default()
                    }
                    .freeze()
                })
                .collect(),
        }
    }

    fn ids(site: &Site, papers: &[PaperIx]) -> Vec<String> {
        papers
            .iter()
            .map(|&ix| site.paper(ix).id.to_string())
            .collect()
    }

    #[test]
    fn feeds_cover_the_latest_days_with_new_papers() {
        let config = Config {
            feed_days: 2,
            ..Config::default()
        };
        let site = Site::from_digests(
            vec![
                day(
                    2025,
                    6,
                    1,
                    &[("2506.00001", "cs.CL"), ("2506.00002", "cs.LG")],
                ),
                day(2025, 6, 2, &[("2506.00003", "cs.LG")]),
                // Only a paper listed before: not a new day for the feeds.
                day(2025, 6, 3, &[("2506.00001", "cs.CL")]),
                day(
                    2025,
                    6,
                    4,
                    &[("2506.00004", "cs.CL"), ("2506.00005", "cs.CL")],
                ),
            ],
            &config,
        );
        let papers = latest_days(&site, new_papers_newest_first(&site), 2);
        assert_eq!(
            ids(&site, &papers),
            ["2506.00004", "2506.00005", "2506.00003"]
        );
        let cl = &site.categories()[site.category_ix("cs.CL").unwrap()];
        let papers = latest_days(&site, cl.papers.iter().copied(), 2);
        assert_eq!(
            ids(&site, &papers),
            ["2506.00004", "2506.00005", "2506.00001"]
        );
        let u = Urls::new(&config);
        let xml = site_feed(&site, &config, &u);
        assert!(xml.contains("<updated>2025-06-04T00:00:00Z</updated>\n<author>"));
        assert_eq!(xml.matches("<entry>").count(), 3);
    }

    #[test]
    fn an_empty_site_has_a_valid_empty_feed() {
        let config = Config::default();
        let site = Site::from_digests(Vec::new(), &config);
        let xml = site_feed(&site, &config, &Urls::new(&config));
        assert!(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"));
        assert!(!xml.contains("<entry>"));
    }
}
