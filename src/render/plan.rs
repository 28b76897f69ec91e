//! The page plan: every page of the site, the file it is written to, and the inputs it is
//! made from.
//!
//! A page is made from its inputs, the configuration and the templates, and from nothing
//! else: the context builders of `context.rs` read only what the page's inputs name. So
//! everything the build wants to know about a page comes from this one list:
//!
//! - its fingerprint is a hash of its inputs (and of configuration and templates): a page
//!   whose fingerprint is unchanged is not rendered again ([`Plan::fingerprint`]);
//! - the pages that show a paper are the pages that name it among their inputs
//!   ([`Plan::showing`]), which the preview renders again when only papers changed;
//! - its `lastmod` in the sitemap is the newest date among its inputs ([`Plan::lastmod`]).
//!
//! A new kind of page is added here once ([`Plan::new`] and [`Input`] if it shows something
//! new), to [`Page`] for its file and template, and to `context.rs` for what its template
//! sees.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::NaiveDate;

use super::Page;
use super::fingerprint::{Fp, paper_hash};
use crate::model::{PaperIx, Site};

/// One part of the site that a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// The site's totals: papers, days and categories.
    Totals,
    /// A paper's card: the paper and its primary category's name.
    Card(PaperIx),
    /// All of a paper, for its own page.
    Paper(PaperIx),
    /// A day as its page heads it: date, title, count, and which categories it lists how
    /// many papers of (the cards are inputs of their own).
    Day(usize),
    /// A link to a day, with its count.
    DayLink(usize),
    /// A category's code, name and slug.
    Category(usize),
    /// A category's figures: papers, cross-lists and its newest day.
    CategoryFigures(usize),
    /// A month of a category, with its count.
    Month(usize, usize),
    /// A link to a month of a category.
    MonthLink(usize, usize),
    /// A link to a paper's page, with its title.
    PaperLink(PaperIx),
    /// A related paper as a paper's page lists it: a link with its title, day and primary
    /// category. A page's related papers are these inputs in order, so the list is part
    /// of its fingerprint.
    Related(PaperIx),
}

impl Input {
    /// The day this input last changed: the newest day whose content it shows, or the day
    /// it appeared for a link. A card counts from the day its paper was first listed.
    pub fn date(self, site: &Site) -> Option<NaiveDate> {
        let newest = |papers: &[PaperIx]| papers.first().map(|&p| site.paper(p).date());
        match self {
            Input::Totals => site.latest_day().map(|d| d.date),
            Input::Card(ix) | Input::PaperLink(ix) | Input::Related(ix) => {
                Some(site.paper(ix).date())
            }
            Input::Paper(ix) => site.paper(ix).appearances.iter().map(|a| a.date).max(),
            Input::Day(i) | Input::DayLink(i) => Some(site.days()[i].date),
            Input::Category(_) => None,
            Input::CategoryFigures(ci) => newest(&site.categories()[ci].papers),
            Input::Month(ci, mi) => newest(&site.categories()[ci].months[mi].1),
            // A link to a month appeared with the month's first (oldest) paper.
            Input::MonthLink(ci, mi) => {
                let papers = &site.categories()[ci].months[mi].1;
                papers.last().map(|&p| site.paper(p).date())
            }
        }
    }
}

/// Every page of a site with its inputs, in a stable order: the site pages (the stats page
/// among them), days oldest first, categories by code each with its months, then papers in
/// the order they were first listed.
pub struct Plan {
    pages: Vec<Page>,
    /// The inputs of page `i` are `inputs[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    inputs: Vec<Input>,
}

impl Plan {
    /// The plan of `site`; the home page lists the `home_days` latest days.
    pub fn new(site: &Site, home_days: usize) -> Plan {
        let mut plan = Plan {
            pages: Vec::with_capacity(site.papers().len() + site.days().len() + 8),
            starts: vec![0],
            inputs: Vec::with_capacity(4 * site.papers().len()),
        };
        let days = site.days().len();
        plan.add(Page::Home, |to| {
            to.push(Input::Totals);
            if let Some(shown) = site.home_day() {
                day(site, shown, to);
            }
            to.extend(
                (days.saturating_sub(home_days)..days)
                    .rev()
                    .map(Input::DayLink),
            );
        });
        plan.add(Page::Archive, |to| {
            to.push(Input::Totals);
            to.extend((0..days).map(Input::DayLink));
        });
        plan.add(Page::Categories, |to| {
            to.push(Input::Totals);
            for ci in 0..site.categories().len() {
                to.extend([Input::Category(ci), Input::CategoryFigures(ci)]);
            }
        });
        plan.add(Page::Search, |to| to.push(Input::Totals));
        plan.add(Page::Stats, |to| stats(site, to));
        plan.add(Page::Favourites, |_| {});
        // Topic feeds come from the configuration, which every fingerprint covers.
        plan.add(Page::Feeds, |to| {
            to.extend((0..site.categories().len()).map(Input::Category));
        });
        plan.add(Page::NotFound, |_| {});
        for i in 0..days {
            plan.add(Page::Day(i), |to| day(site, i, to));
        }
        for (ci, c) in site.categories().iter().enumerate() {
            plan.add(Page::Category(ci), |to| {
                to.extend([Input::Category(ci), Input::CategoryFigures(ci)]);
                to.extend((0..c.months.len()).map(|mi| Input::Month(ci, mi)));
                let newest = c.papers.first().map(|&p| site.paper(p).date());
                let latest = c
                    .papers
                    .iter()
                    .take_while(|&&p| Some(site.paper(p).date()) == newest);
                to.extend(latest.map(|&p| Input::Card(p)));
            });
            for (mi, (_, papers)) in c.months.iter().enumerate() {
                plan.add(Page::CategoryMonth(ci, mi), |to| {
                    to.extend([Input::Category(ci), Input::Month(ci, mi)]);
                    to.extend(papers.iter().map(|&p| Input::Card(p)));
                    if mi + 1 < c.months.len() {
                        to.push(Input::MonthLink(ci, mi + 1));
                    }
                    if let Some(newer) = mi.checked_sub(1) {
                        to.push(Input::MonthLink(ci, newer));
                    }
                });
            }
        }
        for ix in 0..site.papers().len() as PaperIx {
            plan.add(Page::Paper(ix), |to| {
                to.push(Input::Paper(ix));
                let p = site.paper(ix);
                let codes = std::iter::once(&p.category).chain(&p.other_categories);
                let known = codes.filter_map(|c| site.category_ix(c));
                to.extend(known.map(Input::Category));
                let (prev, next) = site.neighbours(ix);
                to.extend(prev.into_iter().chain(next).map(Input::PaperLink));
                to.extend(site.related(ix).map(Input::Related));
            });
        }
        plan
    }

    fn add(&mut self, page: Page, inputs: impl FnOnce(&mut Vec<Input>)) {
        self.pages.push(page);
        inputs(&mut self.inputs);
        self.starts.push(self.inputs.len() as u32);
    }

    /// How many pages the site has.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Every page, in the plan's order.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// What page `i` of the plan shows.
    pub fn inputs(&self, i: usize) -> &[Input] {
        &self.inputs[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The fingerprint of page `i`: equal fingerprints mean equal bytes.
    pub fn fingerprint(&self, i: usize, hashes: &Hashes) -> u64 {
        let mut f = Fp::new(self.pages[i].kind());
        f.num(hashes.global);
        for &input in self.inputs(i) {
            f.num(hashes.of(input));
        }
        f.finish()
    }

    /// The day page `i` last changed: the newest date among its inputs.
    pub fn lastmod(&self, i: usize, site: &Site) -> Option<NaiveDate> {
        self.inputs(i).iter().filter_map(|x| x.date(site)).max()
    }

    /// The pages (their places in the plan) that show one of `papers`.
    pub fn showing(&self, papers: &[PaperIx]) -> Vec<usize> {
        let papers: HashSet<PaperIx> = papers.iter().copied().collect();
        (0..self.pages.len())
            .filter(|&i| {
                self.inputs(i).iter().any(|x| match x {
                    Input::Card(p) | Input::Paper(p) | Input::PaperLink(p) | Input::Related(p) => {
                        papers.contains(p)
                    }
                    _ => false,
                })
            })
            .collect()
    }
}

/// The inputs of the stats page: papers per day, the categories' shares, and the words of
/// the papers of the last 210 days (whose dates the latest day link gives).
fn stats(site: &Site, to: &mut Vec<Input>) {
    to.push(Input::Totals);
    to.extend((0..site.days().len()).map(Input::DayLink));
    for ci in 0..site.categories().len() {
        to.extend([Input::Category(ci), Input::CategoryFigures(ci)]);
    }
    to.extend(super::trends::window_papers(site).map(Input::Paper));
}

/// The inputs of a day's page (and of the home page, which shows the latest day that lists
/// papers).
fn day(site: &Site, i: usize, to: &mut Vec<Input>) {
    to.push(Input::Day(i));
    for (ci, papers) in &site.days()[i].groups {
        to.push(Input::Category(*ci));
        to.extend(papers.iter().map(|&p| Input::Card(p)));
    }
    let d = &site.days()[i];
    to.extend(d.prev.map(Input::DayLink));
    to.extend(d.next.map(Input::DayLink));
}

/// The hashes of a site's inputs. A paper's (the costly ones) is made the first time a page
/// asks for it: a render of a few pages hashes only the papers they show.
pub struct Hashes<'a> {
    site: &'a Site,
    /// Covers what every page depends on: templates, configuration, version.
    global: u64,
    category: Vec<u64>,
    /// Each paper's card and whole-paper hashes.
    papers: Vec<OnceLock<(u64, u64)>>,
}

impl<'a> Hashes<'a> {
    pub fn new(site: &'a Site, global: u64) -> Hashes<'a> {
        let category: Vec<u64> = site
            .categories()
            .iter()
            .map(|c| {
                Fp::new("category")
                    .str(&c.code)
                    .str(&c.name)
                    .str(&c.slug)
                    .finish()
            })
            .collect();
        Hashes {
            site,
            global,
            category,
            papers: (0..site.papers().len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// A paper's card hash (the paper and its primary category's name) and its own.
    fn paper(&self, ix: PaperIx) -> (u64, u64) {
        *self.papers[ix as usize].get_or_init(|| {
            let p = self.site.paper(ix);
            let paper = paper_hash(p);
            let category = self
                .site
                .category_ix(&p.category)
                .map_or(0, |i| self.category[i]);
            (Fp::new("card").num(paper).num(category).finish(), paper)
        })
    }

    /// The hash of what `input` holds.
    pub fn of(&self, input: Input) -> u64 {
        let site = self.site;
        let date = |d: NaiveDate| chrono::Datelike::num_days_from_ce(&d) as u64;
        match input {
            Input::Totals => Fp::new("totals")
                .num(site.papers().len() as u64)
                .num(site.days().len() as u64)
                .num(site.categories().len() as u64)
                .finish(),
            Input::Card(ix) => self.paper(ix).0,
            Input::Paper(ix) => self.paper(ix).1,
            Input::Day(i) => {
                let d = &site.days()[i];
                let mut f = Fp::new("day");
                f.num(date(d.date)).str(d.title.as_deref().unwrap_or(""));
                f.num(d.papers.len() as u64).num(d.groups.len() as u64);
                for (_, papers) in &d.groups {
                    f.num(papers.len() as u64);
                }
                f.finish()
            }
            Input::DayLink(i) => {
                let d = &site.days()[i];
                Fp::new("day-link")
                    .num(date(d.date))
                    .num(d.papers.len() as u64)
                    .finish()
            }
            Input::Category(ci) => self.category[ci],
            Input::CategoryFigures(ci) => {
                let c = &site.categories()[ci];
                let newest = c.papers.first().map_or(0, |&p| date(site.paper(p).date()));
                Fp::new("category-figures")
                    .num(c.papers.len() as u64)
                    .num(c.cross as u64)
                    .num(newest)
                    .finish()
            }
            Input::Month(ci, mi) => {
                let (m, papers) = &site.categories()[ci].months[mi];
                Fp::new("month")
                    .num(m.year as u64)
                    .num(m.month as u64)
                    .num(papers.len() as u64)
                    .finish()
            }
            Input::PaperLink(ix) => {
                let p = site.paper(ix);
                Fp::new("paper-link")
                    .str(&p.id)
                    .str(p.title())
                    .str(p.title_zh())
                    .finish()
            }
            Input::Related(ix) => {
                let p = site.paper(ix);
                Fp::new("related")
                    .str(&p.id)
                    .str(p.title())
                    .str(p.title_zh())
                    .num(date(p.date()))
                    .str(&p.category)
                    .finish()
            }
            Input::MonthLink(ci, mi) => {
                let (m, _) = &site.categories()[ci].months[mi];
                Fp::new("month-link")
                    .num(m.year as u64)
                    .num(m.month as u64)
                    .finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::render::{Cards, Renderer};
    use std::path::Path;

    /// Twelve papers over three days of two months, in two categories, some cross-listed;
    /// `edit` changes each before the site is built.
    fn site(edit: impl Fn(usize, &mut crate::model::PaperDraft)) -> Site {
        crate::model::sample::site(12, |i, p| {
            p.tldr = format!("Summary {i}.");
            if i % 4 == 1 {
                p.other_categories = vec!["cs.CL".into()];
            }
            edit(i, p);
        })
    }

    fn rendered(site: &Site, r: &Renderer, plan: &Plan) -> Vec<Vec<u8>> {
        let cards = Cards::new(r, site);
        plan.pages()
            .iter()
            .map(|&p| r.page(site, p, &cards).unwrap())
            .collect()
    }

    /// The plan names what each page shows: a paper's change changes the bytes of exactly the
    /// pages whose fingerprint changes, and those are among the pages that show some of it
    /// (a TL;DR is not on the pages that link to the paper by its title; a title is).
    #[test]
    fn a_paper_changes_the_pages_that_show_it_and_no_other() {
        let config = Config::default();
        let r = Renderer::new(Path::new("/nonexistent"), &config).unwrap();
        let before = site(|_, _| {});
        let plan = Plan::new(&before, config.home_days);
        let hashes = Hashes::new(&before, r.fingerprint());
        let pages = rendered(&before, &r, &plan);
        type Edit = fn(&mut crate::model::PaperDraft);
        let edits: [(&str, Edit); 2] = [
            ("tldr", |p| p.tldr.push('!')),
            ("title", |p| p.title.push('!')),
        ];
        for (what, edit) in edits {
            for changed in [0, 1, 5, 11] {
                let after = site(|i, p| {
                    if i == changed {
                        edit(p)
                    }
                });
                let plan2 = Plan::new(&after, config.home_days);
                assert_eq!(plan.pages(), plan2.pages());
                let hashes2 = Hashes::new(&after, r.fingerprint());
                let pages2 = rendered(&after, &r, &plan2);
                let differ: Vec<usize> =
                    (0..plan.len()).filter(|&i| pages[i] != pages2[i]).collect();
                let refingered: Vec<usize> = (0..plan.len())
                    .filter(|&i| plan.fingerprint(i, &hashes) != plan2.fingerprint(i, &hashes2))
                    .collect();
                let ix = after.ix_of(&format!("2506.{changed:05}")).unwrap();
                let showing = plan2.showing(&[ix]);
                // Every page whose bytes change gets a new fingerprint. The other way, a
                // category page's fingerprint covers the whole card, though its built-in
                // template shows a brief one without the TL;DR (a site's own template may
                // show it): there a TL;DR's change renders a page whose bytes stay.
                assert!(
                    differ.iter().all(|i| refingered.contains(i)),
                    "{what} of paper {changed}: {differ:?} not all in {refingered:?}"
                );
                let kept: Vec<Page> = refingered
                    .iter()
                    .filter(|i| !differ.contains(i))
                    .map(|&i| plan.pages()[i])
                    .collect();
                // The stats page's fingerprint covers the whole text of recent papers,
                // whose words it counts: its bytes change only when the rising words do.
                assert!(
                    kept.iter().all(|p| *p == Page::Stats
                        || what == "tldr"
                            && matches!(p, Page::Category(_) | Page::CategoryMonth(..))),
                    "{what} of paper {changed}: {kept:?} got a new fingerprint, same bytes"
                );
                assert!(
                    differ.iter().all(|i| showing.contains(i)),
                    "{what} of paper {changed}: {differ:?} not all in {showing:?}"
                );
                // A title is on its page, its day and its category's pages; a TL;DR on the
                // first two.
                let least = if what == "tldr" { 2 } else { 3 };
                assert!(
                    differ.len() >= least,
                    "{what} of paper {changed}: its page, its day (and a category page) at least"
                );
                let linked = showing
                    .iter()
                    .filter(|&&i| matches!(plan2.pages()[i], Page::Paper(p) if p != ix));
                if what == "title" {
                    assert!(
                        linked.clone().all(|i| differ.contains(i)) && linked.count() > 0,
                        "the papers beside {changed} show its new title"
                    );
                }
            }
        }
    }

    #[test]
    fn lastmod_is_the_newest_date_among_the_inputs() {
        let s = site(|_, _| {});
        let plan = Plan::new(&s, 14);
        let at = |page: Page| {
            let i = plan.pages().iter().position(|&p| p == page).unwrap();
            plan.lastmod(i, &s).map(|d| d.to_string())
        };
        let latest = Some("2025-07-01".to_string());
        assert_eq!(at(Page::Home), latest);
        assert_eq!(
            at(Page::Day(0)),
            Some("2025-06-30".into()),
            "its next-day link"
        );
        assert_eq!(at(Page::Day(2)), latest);
        assert_eq!(at(Page::NotFound), None);
    }
}
