//! From the site index to pages: the page plan, Tera contexts, cards rendered once.

pub mod bibtex;
pub mod cjk_strong;
pub mod context;
pub mod feeds;
pub mod fingerprint;
pub mod markdown;
pub mod math;
pub mod plan;
pub mod related;
pub mod safe_html;
pub mod search;
pub mod sitemap;
pub mod templates;
pub mod trends;
pub mod urls;
pub mod xml;

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context as _, Result, anyhow};
use chrono::Datelike;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::model::{PaperIx, Site};
use context::{FeedLink, PageCtx};
use urls::Urls;

/// Every HTML page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Archive,
    Day(usize),
    Categories,
    Category(usize),
    CategoryMonth(usize, usize),
    Paper(PaperIx),
    Search,
    /// The site's figures: papers over time, the largest categories, rising words.
    Stats,
    /// The reader's favourites, kept in the browser.
    Favourites,
    /// Every feed of the site, with the OPML file of them all.
    Feeds,
    NotFound,
}

impl Page {
    pub fn template(self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Archive => "archive.html",
            Page::Day(_) => "day.html",
            Page::Categories => "categories.html",
            Page::Category(_) => "category.html",
            Page::CategoryMonth(..) => "category_month.html",
            Page::Paper(_) => "paper.html",
            Page::Search => "search.html",
            Page::Stats => "stats.html",
            Page::Favourites => "favourites.html",
            Page::Feeds => "feeds.html",
            Page::NotFound => "404.html",
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Archive => "archive",
            Page::Day(_) => "day",
            Page::Categories => "categories",
            Page::Category(_) => "category",
            Page::CategoryMonth(..) => "category_month",
            Page::Paper(_) => "paper",
            Page::Search => "search",
            Page::Stats => "stats",
            Page::Favourites => "favourites",
            Page::Feeds => "feeds",
            Page::NotFound => "404",
        }
    }

    /// The page's site path (`days/2025-06-27/`); `404.html` for the not-found page.
    pub fn site_path(self, site: &Site) -> String {
        match self {
            Page::Home => urls::home(),
            Page::Archive => urls::archive(),
            Page::Day(i) => urls::day(site.days()[i].date),
            Page::Categories => urls::categories(),
            Page::Category(i) => urls::category(&site.categories()[i].slug),
            Page::CategoryMonth(i, m) => {
                let c = &site.categories()[i];
                urls::category_month(&c.slug, c.months[m].0)
            }
            Page::Paper(ix) => urls::paper(&site.paper(ix).id),
            Page::Search => urls::search(),
            Page::Stats => urls::stats(),
            Page::Favourites => urls::favourites(),
            Page::Feeds => urls::feeds_page(),
            Page::NotFound => "404.html".into(),
        }
    }

    /// The output file, relative to the output folder.
    pub fn file(self, site: &Site) -> String {
        urls::file_of(&self.site_path(site))
    }
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'static str,
}

/// Site-wide figures, for the few pages that show them (home, archive, categories, search).
#[derive(Serialize)]
struct Totals {
    papers: usize,
    days: usize,
    categories: usize,
}

/// Renders pages of one site with one set of templates.
pub struct Renderer {
    tera: Tera,
    pub urls: Urls,
    config: Config,
    /// Covers everything every page depends on: templates, configuration, version.
    fingerprint: u64,
    /// Whether a template may show `paper.bibtex`: one of the site's own that names it at
    /// all. The built-in ones leave the entry to `app.js`, and making it took 2% of a build.
    bibtex: bool,
}

/// Each paper's card as day pages (and the home page) show it. A card two or more of the
/// pages being rendered show is rendered the first time one needs it and kept for the
/// others; any other card is rendered for its one page and not kept (at 100,000 papers,
/// keeping every card held a few hundred megabytes).
pub struct Cards<'a> {
    renderer: &'a Renderer,
    site: &'a Site,
    slots: Vec<OnceLock<Result<String, String>>>,
    /// Whether a paper's card is kept: by paper.
    shared: Vec<bool>,
}

/// Which card of a paper: the full one of day pages, or the brief one of category pages
/// (without the summary, which the day page the card links to shows), in the paper's
/// primary category or in one it is cross-listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    Day,
    Brief,
    Cross,
}

impl<'a> Cards<'a> {
    /// Cards for rendering every page: each kept.
    pub fn new(renderer: &'a Renderer, site: &'a Site) -> Cards<'a> {
        let n = site.papers().len();
        Cards {
            renderer,
            site,
            slots: (0..n).map(|_| OnceLock::new()).collect(),
            shared: vec![true; n],
        }
    }

    /// Cards for rendering pages `which` of `plan`: kept where two or more of them show the
    /// same day card.
    pub fn for_pages(
        renderer: &'a Renderer,
        site: &'a Site,
        plan: &plan::Plan,
        which: &[usize],
    ) -> Cards<'a> {
        let n = site.papers().len();
        let mut seen = vec![0u8; n];
        for &i in which {
            if !matches!(plan.pages()[i], Page::Home | Page::Day(_)) {
                continue;
            }
            for input in plan.inputs(i) {
                if let plan::Input::Card(p) = *input {
                    let s = &mut seen[p as usize];
                    *s = s.saturating_add(1);
                }
            }
        }
        Cards {
            renderer,
            site,
            slots: (0..n).map(|_| OnceLock::new()).collect(),
            shared: seen.into_iter().map(|s| s > 1).collect(),
        }
    }

    /// A paper's card.
    pub fn get(&self, ix: PaperIx) -> Result<Cow<'_, str>> {
        let made = |ix: PaperIx| {
            self.renderer
                .card(self.site, ix, CardKind::Day)
                .map_err(|e| format!("card of paper {}: {e:#}", self.site.paper(ix).id))
        };
        if !self.shared[ix as usize] {
            return made(ix).map(Cow::Owned).map_err(|e| anyhow!("{e}"));
        }
        // Rendered once: a page that needs a card another page is rendering waits for it
        // (rendering it twice would also count its math twice).
        let kept = self.slots[ix as usize].get_or_init(|| made(ix));
        kept.as_deref()
            .map(Cow::Borrowed)
            .map_err(|e| anyhow!("{e}"))
    }

    /// A paper's brief card on the pages of category `ci`: marked when the paper is
    /// cross-listed there from its primary category. Rendered for each page that shows it
    /// (a paper's month page, and its category's page while it is among the latest): kept,
    /// the brief cards of every paper would cost memory for little.
    pub fn in_category(&self, ix: PaperIx, ci: usize) -> Result<String> {
        let cross = self.site.paper(ix).category != self.site.categories()[ci].code;
        let kind = if cross {
            CardKind::Cross
        } else {
            CardKind::Brief
        };
        self.renderer
            .card(self.site, ix, kind)
            .with_context(|| format!("card of paper {}", self.site.paper(ix).id))
    }

    pub fn all(&self, papers: &[PaperIx]) -> Result<Vec<Cow<'_, str>>> {
        papers.iter().map(|&p| self.get(p)).collect()
    }
}

impl Renderer {
    /// Loads the templates of `templates_dir` (built-in ones where it lacks any).
    pub fn new(templates_dir: &Path, config: &Config) -> Result<Renderer> {
        let urls = Urls::new(config);
        let (tera, sources) = templates::load(templates_dir, &urls)?;
        let mut f = fingerprint::Fp::new(env!("CARGO_PKG_VERSION"));
        for (name, text) in &sources {
            f.str(name).str(text);
        }
        // Every setting counts: a configuration that cannot be written out is an error, not
        // an empty string that would make pages of two configurations look the same.
        let settings = toml::to_string(config).context("cannot fingerprint site.toml")?;
        f.str(&settings);
        let bibtex = sources.iter().any(|(name, text)| {
            text.contains("bibtex") && !templates::BUILTIN.contains(&(name.as_str(), text.as_str()))
        });
        let mut r = Renderer {
            tera,
            urls,
            config: config.clone(),
            fingerprint: f.finish(),
            bibtex,
        };
        r.set_globals();
        Ok(r)
    }

    /// Sets the data every page sees: `site`, from the configuration only, so that adding
    /// a day does not change every page.
    fn set_globals(&mut self) {
        let ctx = SiteCtx {
            title: &self.config.title,
            description: &self.config.description,
            base_url: self.urls.base_url(),
            base_path: self.urls.base_path(),
            language: self.config.language.as_str(),
        };
        let global = self.tera.global_context();
        *global = Context::new();
        global.insert("site", &ctx);
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| anyhow!("{}", templates::error_chain(&e)))
    }

    /// A page as the bytes to write: Tera's output without the check that it is UTF-8 (it
    /// is: every value is a `str`), which took a few percent of a build.
    fn render_page(&self, template: &str, ctx: &Context) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| anyhow!("{}", templates::error_chain(&e)))?;
        Ok(out)
    }

    fn page_ctx(&self, site: &Site, page: Page, title: String, description: String) -> Context {
        let path = page.site_path(site);
        let mut feeds = vec![FeedLink {
            title: self.config.title.clone(),
            url: self.urls.link(&urls::feed()),
        }];
        let category = match page {
            Page::Category(i) | Page::CategoryMonth(i, _) => Some(i),
            // A paper page links the site's feed only: its category's feed is one click
            // away, on the category page, and the link would be repeated on every paper.
            _ => None,
        };
        if let Some(i) = category {
            let c = &site.categories()[i];
            feeds.push(FeedLink {
                title: feeds::category_feed_title(&self.config, c),
                url: self.urls.link(&urls::category_feed(&c.slug)),
            });
        }
        if page == Page::Feeds {
            feeds.extend(self.config.feeds.iter().map(|f| FeedLink {
                title: feeds::topic_feed_title(&self.config, f),
                url: self.urls.link(&urls::topic_feed(&f.slug)),
            }));
        }
        let mut ctx = Context::new();
        ctx.insert(
            "page",
            &PageCtx {
                title,
                url: self.urls.link(&path),
                canonical: if page == Page::NotFound {
                    String::new()
                } else {
                    self.urls.absolute(&path)
                },
                kind: page.kind(),
                description,
                og_type: if matches!(page, Page::Paper(_)) {
                    "article"
                } else {
                    "website"
                },
                feeds,
            },
        );
        ctx
    }

    /// A paper's card, the fragment every list page shows for it.
    pub fn card(&self, site: &Site, ix: PaperIx, kind: CardKind) -> Result<String> {
        let mut ctx = Context::new();
        let mut card = context::card(site, site.paper(ix), &self.urls, kind == CardKind::Cross);
        card.brief = kind != CardKind::Day;
        ctx.insert("paper", &card);
        self.render("card.html", &ctx)
    }

    /// A paper's own page.
    pub fn paper_page(&self, site: &Site, ix: PaperIx) -> Result<Vec<u8>> {
        let p = site.paper(ix);
        let pc = context::paper(site, ix, &self.urls, self.bibtex);
        let description =
            context::summary_md(p).map_or_else(|| format!("arXiv:{}", p.id), describe);
        let mut ctx = self.page_ctx(site, Page::Paper(ix), pc.title_text.clone(), description);
        ctx.insert("paper", &pc);
        self.render_page("paper.html", &ctx)
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Any page.
    pub fn page(&self, site: &Site, page: Page, cards: &Cards) -> Result<Vec<u8>> {
        match page {
            Page::Paper(ix) => self.paper_page(site, ix),
            _ => self.list_page(site, page, cards),
        }
    }

    /// Any page but a paper page.
    fn list_page(&self, site: &Site, page: Page, cards: &Cards) -> Result<Vec<u8>> {
        let mut data = Context::new();
        if matches!(
            page,
            Page::Home | Page::Archive | Page::Categories | Page::Search | Page::Stats
        ) {
            let totals = Totals {
                papers: site.papers().len(),
                days: site.days().len(),
                categories: site.categories().len(),
            };
            data.insert("totals", &totals);
        }
        let (title, description) = match page {
            Page::Home => self.home(site, cards, &mut data)?,
            Page::Archive => {
                data.insert("months", &context::archive(site, &self.urls));
                ("All days".into(), None)
            }
            Page::Day(i) => {
                let d = context::day(site, i, cards, &self.urls)?;
                let title = format!("{} · {} papers", d.date, d.count);
                let description = format!("{} arXiv papers of {}.", d.count, d.label);
                data.insert("day", &d);
                (title, Some(description))
            }
            Page::Categories => {
                data.insert("categories", &context::categories(site, &self.urls));
                ("Categories".into(), None)
            }
            Page::Category(i) => self.category(site, i, cards, &mut data)?,
            Page::CategoryMonth(i, m) => self.category_month(site, i, m, cards, &mut data)?,
            Page::Search => ("Search".into(), None),
            Page::Stats => {
                let stats = trends::stats(site, &self.urls);
                data.insert("chart", &stats.chart);
                data.insert("stats", &stats);
                let d = "Papers over time, the largest categories and the words on the rise.";
                ("Stats".into(), Some(d.into()))
            }
            Page::Favourites => ("Favourites".into(), None),
            Page::Feeds => {
                data.insert("feeds", &context::feeds(site, &self.config, &self.urls));
                ("Feeds".into(), None)
            }
            Page::NotFound => ("Page not found".into(), None),
            Page::Paper(ix) => return self.paper_page(site, ix),
        };
        let description = description.unwrap_or_else(|| self.config.description.clone());
        let mut ctx = self.page_ctx(site, page, title, description);
        ctx.extend(data);
        self.render_page(page.template(), &ctx)
    }

    /// The home page's data: the latest day that lists papers and the recent days; its
    /// title and description.
    fn home(&self, site: &Site, cards: &Cards, data: &mut Context) -> Result<Described> {
        if let Some(shown) = site.home_day() {
            data.insert("day", &context::day(site, shown, cards, &self.urls)?);
        }
        // The year where it is not the latest day's: a list of recent days may span a new year.
        let latest_year = site.latest_day().map(|d| d.date.year());
        let recent: Vec<context::DayRef> = site
            .days()
            .iter()
            .rev()
            .take(self.config.home_days)
            .map(|d| {
                let mut r = context::DayRef::new(d, &self.urls);
                if Some(d.date.year()) != latest_year {
                    r.label = d.date.format("%a %-d %b %Y").to_string();
                }
                r
            })
            .collect();
        data.insert("recent_days", &recent);
        Ok((self.config.title.clone(), None))
    }

    /// A category page's data; its title and description.
    fn category(
        &self,
        site: &Site,
        i: usize,
        cards: &Cards,
        data: &mut Context,
    ) -> Result<Described> {
        let c = context::category(site, i, cards, &self.urls)?;
        let title = format!("{} · {}", c.category.code, c.category.name);
        let description = format!(
            "{} papers in {} ({}).",
            c.count, c.category.name, c.category.code
        );
        data.insert("category", &c.category);
        data.insert("count", &c.count);
        data.insert("cross", &c.cross);
        data.insert("months", &c.months);
        data.insert("chart", &trends::category_chart(site, i));
        data.insert("latest", &c.latest);
        Ok((title, Some(description)))
    }

    /// The data of a month of a category; its title and description.
    fn category_month(
        &self,
        site: &Site,
        i: usize,
        m: usize,
        cards: &Cards,
        data: &mut Context,
    ) -> Result<Described> {
        let c = context::category_month(site, i, m, cards, &self.urls)?;
        let title = format!("{} · {}", c.category.code, c.month.label);
        let description = format!(
            "{} papers in {} in {}.",
            c.month.count, c.category.name, c.month.label
        );
        data.insert("category", &c.category);
        data.insert("month", &c.month);
        data.insert("days", &c.days);
        data.insert("older", &c.older);
        data.insert("newer", &c.newer);
        Ok((title, Some(description)))
    }
}

/// A page's title, and its description where it has one of its own (the site's otherwise).
type Described = (String, Option<String>);

/// A plain one-line description of a Markdown text, for metadata.
pub fn describe(md: &str) -> String {
    let plain = markdown::plain(md);
    if plain.chars().map(width).sum::<usize>() <= DESCRIPTION_WIDTH {
        return plain;
    }
    let mut used = 0;
    let cut: String = plain
        .chars()
        .take_while(|&c| {
            used += width(c);
            used < DESCRIPTION_WIDTH
        })
        .collect();
    format!("{}…", cut.trim_end())
}

/// How much of a description search results and link previews show: about 160 columns
/// (Google cuts at about 920 pixels), a CJK character taking two.
const DESCRIPTION_WIDTH: usize = 160;

/// Columns a character takes: two for the wide CJK ranges, else one.
fn width(c: char) -> usize {
    let wide = matches!(c,
        '\u{1100}'..='\u{115F}'
            | '\u{2E80}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}'
            | '\u{20000}'..='\u{3FFFD}');
    if wide { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `paper.bibtex` is made for a site's own template that names it, not for the built-in
    /// ones (`favourites.html` names BibTeX only as text).
    #[test]
    fn the_bibtex_entry_is_made_only_for_a_template_that_names_it() {
        let config = Config::default();
        let builtin = Renderer::new(Path::new("/nonexistent"), &config).unwrap();
        assert!(!builtin.bibtex);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("paper.html"),
            "<pre>{{ paper.bibtex }}</pre>",
        )
        .unwrap();
        let own = Renderer::new(dir.path(), &config).unwrap();
        assert!(own.bibtex);
    }

    #[test]
    fn descriptions_are_cut_at_160_columns_cjk_taking_two() {
        let short = "A short TL;DR.";
        assert_eq!(describe(short), short);
        let long = "word ".repeat(60);
        let d = describe(&long);
        assert!(d.ends_with('…') && d.chars().count() <= 160, "{d}");
        let zh = "我们提出了一种新的约束采样框架".repeat(10);
        let d = describe(&zh);
        assert!(d.ends_with('…'), "{d}");
        // 79 characters of two columns, and the ellipsis.
        assert_eq!(d.chars().count(), 80, "{d}");
    }
}
