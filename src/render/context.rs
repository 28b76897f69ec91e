//! The data each template sees. Field names here are the template variables documented in
//! the README; fields ending in `_html` hold sanitised HTML to print with `| safe`.

use anyhow::Result;
use serde::Serialize;

use super::Cards;
use super::markdown;
use super::urls::{self, Urls};
use crate::arxiv::CategoryCode;
use crate::config::Config;
use crate::content::text::is_mostly_cjk;
use crate::model::{Category, Day, Month, Paper, PaperIx, Site};

/// Authors shown on a card before "+N more".
pub const CARD_AUTHORS: usize = 8;
/// Characters of abstract a card shows where a paper has no TL;DR.
const CARD_SUMMARY_CHARS: usize = 320;

#[derive(Serialize)]
pub struct PageCtx {
    pub title: String,
    /// Root-relative URL of the page (`/digest/days/2025-06-27/`).
    pub url: String,
    /// Absolute URL of the page; empty for the not-found page, which has no address of its own.
    pub canonical: String,
    pub kind: &'static str,
    pub description: String,
    /// Open Graph type: `article` for a paper, `website` for the rest.
    pub og_type: &'static str,
    /// The feeds that follow this page, for autodiscovery links.
    pub feeds: Vec<FeedLink>,
}

#[derive(Serialize)]
pub struct FeedLink {
    pub title: String,
    /// Root-relative URL of the feed.
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct CategoryRef {
    pub code: CategoryCode,
    pub name: String,
    pub slug: String,
    pub url: String,
}

impl CategoryRef {
    pub fn new(c: &Category, u: &Urls) -> CategoryRef {
        CategoryRef {
            code: c.code.clone(),
            name: c.name.clone(),
            slug: c.slug.clone(),
            url: u.link(&urls::category(&c.slug)),
        }
    }

    pub fn of_code(site: &Site, code: &str, u: &Urls) -> Option<CategoryRef> {
        site.category_ix(code)
            .map(|i| CategoryRef::new(&site.categories()[i], u))
    }
}

#[derive(Serialize)]
pub struct DayRef {
    pub date: String,
    /// `Fri 27 Jun`
    pub label: String,
    pub url: String,
    pub count: usize,
}

impl DayRef {
    pub fn new(d: &Day, u: &Urls) -> DayRef {
        DayRef {
            date: d.date.to_string(),
            label: d.date.format("%a %-d %b").to_string(),
            url: u.link(&urls::day(d.date)),
            count: d.papers.len(),
        }
    }
}

/// A text field rendered, with its language (`en` or `zh`) for the language toggle.
#[derive(Serialize, Default)]
pub struct Text {
    pub html: String,
    pub lang: &'static str,
}

impl Text {
    pub fn block(md: &str) -> Text {
        Text {
            html: markdown::block(md),
            lang: lang_of(md),
        }
    }
}

pub fn lang_of(s: &str) -> &'static str {
    if is_mostly_cjk(s) { "zh" } else { "en" }
}

/// What `card.html` sees as `paper`.
#[derive(Serialize)]
pub struct CardCtx<'a> {
    pub id: &'a str,
    /// The card's id on list pages, which a paper's page links to.
    pub anchor: String,
    pub url: String,
    pub abs_url: String,
    pub pdf_url: String,
    pub title_html: String,
    pub title_zh_html: String,
    pub authors: Vec<&'a str>,
    pub authors_more: usize,
    /// Every author, lower-cased and joined by `|`, for the reader's author filters.
    pub authors_key: String,
    pub category: Option<CategoryRef>,
    /// The TL;DR, or the start of the abstract where there is none.
    pub summary: Text,
    pub summary_is_tldr: bool,
    /// The start of the Chinese abstract where the summary is the start of the English one
    /// and the paper has both: cards then carry both languages.
    pub summary_zh: Text,
    pub date: String,
    /// Topics the paper was listed under.
    pub tags: &'a [String],
    /// Shown on a category's page that is not the paper's primary category.
    pub cross: bool,
    /// A category page's card: no summary (the card's day page shows it).
    pub brief: bool,
}

/// What `card.html` sees for a paper; `cross` on the pages of a category it is cross-listed in.
pub fn card<'a>(site: &Site, p: &'a Paper, u: &Urls, cross: bool) -> CardCtx<'a> {
    let shown = p.authors().len().min(CARD_AUTHORS);
    let summary_zh =
        if p.tldr().is_empty() && !p.abstract_en().is_empty() && !p.abstract_zh().is_empty() {
            Text::block(&truncate_md(p.abstract_zh(), CARD_SUMMARY_CHARS / 2))
        } else {
            Text::default()
        };
    let (summary, is_tldr) = if !p.tldr().is_empty() {
        (Text::block(p.tldr()), true)
    } else if !p.abstract_en().is_empty() {
        (
            Text::block(&truncate_md(p.abstract_en(), CARD_SUMMARY_CHARS)),
            false,
        )
    } else if !p.abstract_zh().is_empty() {
        (
            Text::block(&truncate_md(p.abstract_zh(), CARD_SUMMARY_CHARS / 2)),
            false,
        )
    } else {
        (Text::default(), false)
    };
    CardCtx {
        id: &p.id,
        anchor: card_anchor(&p.id),
        url: u.link(&urls::paper(&p.id)),
        abs_url: p.abs_url(),
        pdf_url: p.pdf_url(),
        title_html: markdown::inline(p.title()),
        title_zh_html: markdown::inline(p.title_zh()),
        authors: p.authors().iter().take(shown).collect(),
        authors_more: p.authors().len() - shown,
        authors_key: p.authors().join("|").to_lowercase(),
        category: CategoryRef::of_code(site, &p.category, u),
        summary,
        summary_is_tldr: is_tldr,
        summary_zh,
        date: p.date().to_string(),
        tags: &p.tags,
        cross,
        brief: false,
    }
}

/// The first sentences of a Markdown text, up to about `max` characters, never cutting
/// inside `$...$` math.
pub fn truncate_md(s: &str, max: usize) -> String {
    let first_para = s.split("\n\n").next().unwrap_or(s);
    if first_para.chars().count() <= max {
        return first_para.to_string();
    }
    let mut in_math = false;
    let mut best = None;
    let mut fallback = None;
    for (n, (i, c)) in first_para.char_indices().enumerate() {
        if n > max {
            break;
        }
        match c {
            '$' => in_math = !in_math,
            '.' | '!' | '?' | '。' | '！' | '？' if !in_math => best = Some(i + c.len_utf8()),
            ' ' if !in_math => fallback = Some(i),
            _ => {}
        }
    }
    match best.filter(|&b| b > max / 3).or(fallback) {
        Some(end) => format!("{} …", first_para[..end].trim_end()),
        None => first_para.to_string(),
    }
}

#[derive(Serialize)]
pub struct GroupCtx<'c> {
    pub category: CategoryRef,
    /// The id of the group's section on the page.
    pub anchor: String,
    pub count: usize,
    pub cards: Vec<std::borrow::Cow<'c, str>>,
}

#[derive(Serialize)]
pub struct DayCtx<'c> {
    pub date: String,
    /// `Friday, 27 June 2025`
    pub label: String,
    pub title: Option<String>,
    pub url: String,
    pub count: usize,
    pub groups: Vec<GroupCtx<'c>>,
    pub prev: Option<DayRef>,
    pub next: Option<DayRef>,
}

pub fn day<'c>(site: &Site, ix: usize, cards: &'c Cards, u: &Urls) -> Result<DayCtx<'c>> {
    let d = &site.days()[ix];
    let groups = d
        .groups
        .iter()
        .map(|(ci, papers)| {
            let c = &site.categories()[*ci];
            Ok(GroupCtx {
                category: CategoryRef::new(c, u),
                anchor: c.slug.clone(),
                count: papers.len(),
                cards: cards.all(papers)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(DayCtx {
        date: d.date.to_string(),
        label: d.date.format("%A, %-d %B %Y").to_string(),
        title: d.title.clone(),
        url: u.link(&urls::day(d.date)),
        count: d.papers.len(),
        groups,
        prev: d.prev.map(|i| DayRef::new(&site.days()[i], u)),
        next: d.next.map(|i| DayRef::new(&site.days()[i], u)),
    })
}

#[derive(Serialize)]
pub struct MonthDays {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub days: Vec<DayRef>,
}

/// All days, newest month first, each month's days newest first.
pub fn archive(site: &Site, u: &Urls) -> Vec<MonthDays> {
    let mut out: Vec<MonthDays> = Vec::new();
    for d in site.days().iter().rev() {
        let m = Month::of(d.date);
        let r = DayRef::new(d, u);
        match out.last_mut() {
            Some(last) if last.key == m.key() => {
                last.count += r.count;
                last.days.push(r);
            }
            _ => out.push(MonthDays {
                key: m.key(),
                label: m.label(),
                count: r.count,
                days: vec![r],
            }),
        }
    }
    out
}

#[derive(Serialize)]
pub struct CategorySummary {
    #[serde(flatten)]
    pub category: CategoryRef,
    pub count: usize,
    /// How many of `count` are cross-listed from other categories.
    pub cross: usize,
    /// The day of its newest paper.
    pub latest: String,
}

pub fn categories(site: &Site, u: &Urls) -> Vec<CategorySummary> {
    let mut list: Vec<CategorySummary> = site
        .categories()
        .iter()
        .map(|c| CategorySummary {
            category: CategoryRef::new(c, u),
            count: c.papers.len(),
            cross: c.cross,
            latest: c
                .papers
                .first()
                .map(|&p| site.paper(p).date().to_string())
                .unwrap_or_default(),
        })
        .collect();
    list.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.category.code.cmp(&b.category.code))
    });
    list
}

/// The feeds page: the site's feed, each topic feed with its query, each category's feed.
#[derive(Serialize)]
pub struct FeedsPage {
    pub site: String,
    pub opml: String,
    pub topics: Vec<TopicRef>,
    pub categories: Vec<CategoryFeed>,
}

#[derive(Serialize)]
pub struct TopicRef {
    pub name: String,
    pub query: String,
    pub feed: String,
    /// The search page with the feed's query.
    pub search: String,
}

#[derive(Serialize)]
pub struct CategoryFeed {
    pub category: CategoryRef,
    pub feed: String,
}

/// The feeds page's data: topics from the configuration, categories by code.
pub fn feeds(site: &Site, config: &Config, u: &Urls) -> FeedsPage {
    FeedsPage {
        site: u.link(&urls::feed()),
        opml: u.link(&urls::opml()),
        topics: config
            .feeds
            .iter()
            .map(|f| TopicRef {
                name: f.name.clone(),
                query: f.query.clone(),
                feed: u.link(&urls::topic_feed(&f.slug)),
                search: u.link(&urls::search_for(&f.query)),
            })
            .collect(),
        categories: site
            .categories()
            .iter()
            .map(|c| CategoryFeed {
                category: CategoryRef::new(c, u),
                feed: u.link(&urls::category_feed(&c.slug)),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct MonthRef {
    pub key: String,
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// A link to a month of a category, without its figures.
#[derive(Serialize)]
pub struct MonthLink {
    pub key: String,
    pub label: String,
    pub url: String,
}

impl MonthLink {
    fn new(c: &Category, m: Month, u: &Urls) -> MonthLink {
        MonthLink {
            key: m.key(),
            label: m.label(),
            url: u.link(&urls::category_month(&c.slug, m)),
        }
    }
}

fn month_ref(c: &Category, (m, papers): &(Month, Vec<PaperIx>), u: &Urls) -> MonthRef {
    MonthRef {
        key: m.key(),
        label: m.label(),
        url: u.link(&urls::category_month(&c.slug, *m)),
        count: papers.len(),
    }
}

#[derive(Serialize)]
pub struct DayCards {
    pub date: String,
    pub label: String,
    pub url: String,
    pub cards: Vec<String>,
}

/// Cards of category `ci` grouped by the day their paper was first listed, in list order.
fn by_day(
    site: &Site,
    ci: usize,
    papers: &[PaperIx],
    cards: &Cards,
    u: &Urls,
) -> Result<Vec<DayCards>> {
    let mut out: Vec<DayCards> = Vec::new();
    for &ix in papers {
        let date = site.paper(ix).date();
        let key = date.to_string();
        let card = cards.in_category(ix, ci)?;
        match out.last_mut() {
            Some(last) if last.date == key => last.cards.push(card),
            _ => out.push(DayCards {
                label: date.format("%A, %-d %B %Y").to_string(),
                url: u.link(&urls::day(date)),
                date: key,
                cards: vec![card],
            }),
        }
    }
    Ok(out)
}

#[derive(Serialize)]
pub struct CategoryCtx {
    pub category: CategoryRef,
    pub count: usize,
    /// How many of `count` are cross-listed from other categories.
    pub cross: usize,
    pub months: Vec<MonthRef>,
    /// The category's papers of its newest day.
    pub latest: Option<DayCards>,
}

pub fn category(site: &Site, ci: usize, cards: &Cards, u: &Urls) -> Result<CategoryCtx> {
    let c = &site.categories()[ci];
    let newest = c.papers.first().map(|&p| site.paper(p).date());
    let latest_papers: Vec<PaperIx> = c
        .papers
        .iter()
        .copied()
        .take_while(|&p| Some(site.paper(p).date()) == newest)
        .collect();
    Ok(CategoryCtx {
        category: CategoryRef::new(c, u),
        count: c.papers.len(),
        cross: c.cross,
        months: c.months.iter().map(|m| month_ref(c, m, u)).collect(),
        latest: by_day(site, ci, &latest_papers, cards, u)?
            .into_iter()
            .next(),
    })
}

#[derive(Serialize)]
pub struct CategoryMonthCtx {
    pub category: CategoryRef,
    pub month: MonthRef,
    pub days: Vec<DayCards>,
    /// The next older and newer months of this category.
    pub older: Option<MonthLink>,
    pub newer: Option<MonthLink>,
}

pub fn category_month(
    site: &Site,
    ci: usize,
    mi: usize,
    cards: &Cards,
    u: &Urls,
) -> Result<CategoryMonthCtx> {
    let c = &site.categories()[ci];
    let m = &c.months[mi];
    Ok(CategoryMonthCtx {
        category: CategoryRef::new(c, u),
        month: month_ref(c, m, u),
        days: by_day(site, ci, &m.1, cards, u)?,
        older: c.months.get(mi + 1).map(|(m, _)| MonthLink::new(c, *m, u)),
        newer: mi
            .checked_sub(1)
            .map(|i| MonthLink::new(c, c.months[i].0, u)),
    })
}

#[derive(Serialize)]
pub struct ExtraField {
    pub label: String,
    pub html: String,
    pub lang: &'static str,
}

/// A part of a paper under a title of its own (a sub-heading or a `<details>` summary).
#[derive(Serialize)]
pub struct SectionCtx {
    pub title_html: String,
    pub html: String,
    pub lang: &'static str,
}

/// A day a paper was listed on. `url` leads to its card on that day's page; `file` and
/// `line` say where, for a template that wants them (the built-in one keeps them in a data
/// attribute: readers see the day).
#[derive(Serialize)]
pub struct AppearanceCtx {
    pub date: String,
    pub url: String,
    pub file: String,
    pub line: usize,
}

/// A link to another paper: its id, its page and its title as text.
#[derive(Serialize)]
pub struct PaperLink {
    pub id: String,
    pub url: String,
    pub title: String,
}

impl PaperLink {
    fn new(p: &Paper, u: &Urls) -> PaperLink {
        PaperLink {
            id: p.id.to_string(),
            url: u.link(&urls::paper(&p.id)),
            title: title_text(p),
        }
    }
}

/// A related paper as a paper's page lists it.
#[derive(Serialize)]
pub struct RelatedLink {
    pub url: String,
    pub title: String,
    /// The day it was first listed.
    pub date: String,
    /// Its primary category's code.
    pub category: String,
}

impl RelatedLink {
    fn new(p: &Paper, u: &Urls) -> RelatedLink {
        RelatedLink {
            url: u.link(&urls::paper(&p.id)),
            title: title_text(p),
            date: p.date().to_string(),
            category: p.category.to_string(),
        }
    }
}

/// The anchor of a paper's card on list pages.
pub fn card_anchor(id: &str) -> String {
    format!("p-{id}")
}

/// What `paper.html` sees as `paper`.
#[derive(Serialize)]
pub struct PaperCtx<'a> {
    pub id: &'a str,
    pub url: String,
    pub title_html: String,
    /// The title as plain text, for the page title and metadata.
    pub title_text: String,
    pub title_zh_html: String,
    pub authors: Vec<&'a str>,
    pub category: Option<CategoryRef>,
    pub other_categories: Vec<CategoryRef>,
    pub date: String,
    /// The day first listed, as scholarly metadata wants it: `2025/06/27`.
    pub citation_date: String,
    pub abs_url: String,
    pub pdf_url: String,
    pub html_url: String,
    pub tldr: Option<Text>,
    pub motivation: Option<Text>,
    pub method: Option<Text>,
    pub result: Option<Text>,
    pub conclusion: Option<Text>,
    pub abstract_html: String,
    pub abstract_zh_html: String,
    pub extra: Vec<ExtraField>,
    pub sections: Vec<SectionCtx>,
    /// Text the digests gave under no label or title.
    pub more: Option<Text>,
    /// Topics the paper was listed under.
    pub tags: &'a [String],
    pub appearances: Vec<AppearanceCtx>,
    /// The previous and next paper on the page of the day it was first listed.
    pub prev: Option<PaperLink>,
    pub next: Option<PaperLink>,
    /// Papers of the whole site that share its rare words, best first.
    pub related: Vec<RelatedLink>,
    /// The paper's BibTeX entry (`@misc`), as text.
    pub bibtex: String,
    /// The entry's `primaryClass`: the primary category where it is an arXiv one, else empty.
    pub primary_class: String,
}

/// A paper's title as plain text: the English one, else the Chinese one, else its arXiv id.
pub fn title_text(p: &Paper) -> String {
    let t = markdown::plain(p.title());
    if !t.is_empty() {
        return t;
    }
    let t = markdown::plain(p.title_zh());
    if !t.is_empty() {
        return t;
    }
    format!("arXiv:{}", p.id)
}

/// The text that best sums a paper up: its TL;DR, else its abstract (English first).
pub fn summary_md(p: &Paper) -> Option<&str> {
    [p.tldr(), p.abstract_en(), p.abstract_zh()]
        .into_iter()
        .find(|s| !s.trim().is_empty())
}

fn opt_text(md: &str) -> Option<Text> {
    (!md.is_empty()).then(|| Text::block(md))
}

/// `bibtex`: whether to make `bibtex` (else it is empty).
pub fn paper<'a>(site: &'a Site, ix: PaperIx, u: &Urls, bibtex: bool) -> PaperCtx<'a> {
    let p = site.paper(ix);
    let (prev, next) = site.neighbours(ix);
    let link = |n: PaperIx| PaperLink::new(site.paper(n), u);
    PaperCtx {
        id: &p.id,
        url: u.link(&urls::paper(&p.id)),
        title_html: markdown::inline(p.title()),
        title_text: title_text(p),
        title_zh_html: markdown::inline(p.title_zh()),
        authors: p.authors().to_vec(),
        category: CategoryRef::of_code(site, &p.category, u),
        other_categories: p
            .other_categories
            .iter()
            .filter_map(|c| CategoryRef::of_code(site, c, u))
            .collect(),
        date: p.date().to_string(),
        citation_date: p.date().format("%Y/%m/%d").to_string(),
        abs_url: p.abs_url(),
        pdf_url: p.pdf_url(),
        html_url: crate::arxiv::html_url(&p.id),
        tldr: opt_text(p.tldr()),
        motivation: opt_text(p.motivation()),
        method: opt_text(p.method()),
        result: opt_text(p.result()),
        conclusion: opt_text(p.conclusion()),
        abstract_html: markdown::block(p.abstract_en()),
        abstract_zh_html: markdown::block(p.abstract_zh()),
        extra: p
            .extra
            .iter()
            .map(|(label, value)| ExtraField {
                label: label.clone(),
                html: markdown::block(value),
                lang: lang_of(value),
            })
            .collect(),
        sections: p
            .sections
            .iter()
            .map(|(title, body)| SectionCtx {
                title_html: markdown::inline(title),
                html: markdown::block(body),
                lang: lang_of(body),
            })
            .collect(),
        more: opt_text(p.more()),
        tags: &p.tags,
        appearances: p
            .appearances
            .iter()
            .map(|a| AppearanceCtx {
                date: a.date.to_string(),
                url: format!("{}#{}", u.link(&urls::day(a.date)), card_anchor(&p.id)),
                file: a.path.display().to_string(),
                line: a.line,
            })
            .collect(),
        prev: prev.map(link),
        next: next.map(link),
        related: site
            .related(ix)
            .map(|r| RelatedLink::new(site.paper(r), u))
            .collect(),
        bibtex: if bibtex {
            super::bibtex::entry(p)
        } else {
            String::new()
        },
        primary_class: if crate::arxiv::is_category_code(&p.category) {
            p.category.to_string()
        } else {
            String::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_math_whole() {
        let s = "We study $a. b$ closely. Then we do many more things that go on and on and on.";
        let t = truncate_md(s, 40);
        assert_eq!(t, "We study $a. b$ closely. …");
        assert_eq!(truncate_md("short", 40), "short");
    }
}
