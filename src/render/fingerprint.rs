//! Fingerprints: a hash of everything a page shows, computed from the model without
//! rendering. A page whose fingerprint matches the previous build's is not rendered again.
//!
//! Each page's fingerprint covers exactly the data its context in `context.rs` is built
//! from. Whoever adds data to a context adds it here too; the incremental-build tests
//! compare incremental output with a build from scratch to catch an omission.

use xxhash_rust::xxh3::Xxh3;

use super::Page;
use crate::model::{Paper, PaperIx, Site};

/// A streaming hash with unambiguous framing of its parts.
#[derive(Default, Clone)]
pub struct Fp(Xxh3);

impl Fp {
    pub fn new(tag: &str) -> Fp {
        let mut f = Fp(Xxh3::new());
        f.str(tag);
        f
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.0.update(&(s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
        self
    }

    pub fn num(&mut self, n: u64) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// The hash of everything a paper holds.
fn paper_hash(p: &Paper) -> u64 {
    let mut f = Fp::new("paper");
    for s in [
        &p.id,
        &p.title,
        &p.title_zh,
        &p.category,
        &p.tldr,
        &p.motivation,
        &p.method,
        &p.result,
        &p.conclusion,
        &p.abstract_en,
        &p.abstract_zh,
    ] {
        f.str(s);
    }
    f.num(p.authors.len() as u64);
    for a in &p.authors {
        f.str(a);
    }
    f.num(p.other_categories.len() as u64);
    for c in &p.other_categories {
        f.str(c);
    }
    f.num(p.extra.len() as u64);
    for (l, v) in &p.extra {
        f.str(l).str(v);
    }
    f.num(p.sections.len() as u64);
    for (t, b) in &p.sections {
        f.str(t).str(b);
    }
    f.str(&p.more);
    f.num(p.tags.len() as u64);
    for t in &p.tags {
        f.str(t);
    }
    f.num(p.appearances.len() as u64);
    for a in &p.appearances {
        f.str(&a.date.to_string())
            .str(&a.path.to_string_lossy())
            .num(a.line as u64);
    }
    f.finish()
}

/// Fingerprints of a whole site's pages, and the parts they are made of.
pub struct Fingerprints {
    global: u64,
    category: Vec<u64>,
    card: Vec<u64>,
    paper: Vec<u64>,
}

impl Fingerprints {
    /// `global` covers what every page depends on: templates, configuration, version.
    pub fn new(site: &Site, global: u64) -> Fingerprints {
        use rayon::prelude::*;
        let category: Vec<u64> = site
            .categories
            .iter()
            .map(|c| {
                Fp::new("category")
                    .str(&c.code)
                    .str(&c.name)
                    .str(&c.slug)
                    .finish()
            })
            .collect();
        let cat_of = |code: &str| site.category_by_code.get(code).map_or(0, |&i| category[i]);
        let (card, paper): (Vec<u64>, Vec<u64>) = site
            .papers
            .par_iter()
            .map(|p| {
                let card = Fp::new("card")
                    .num(global)
                    .num(paper_hash(p))
                    .num(cat_of(&p.category))
                    .finish();
                let mut page = Fp::new("paper-page");
                page.num(card);
                for c in &p.other_categories {
                    page.num(cat_of(c));
                }
                (card, page.finish())
            })
            .unzip();
        Fingerprints {
            global,
            category,
            card,
            paper,
        }
    }

    pub fn card(&self, ix: PaperIx) -> u64 {
        self.card[ix as usize]
    }

    fn cards(&self, f: &mut Fp, site: &Site, papers: &[PaperIx]) {
        f.num(papers.len() as u64);
        for &p in papers {
            f.num(self.card[p as usize]);
            f.str(&site.paper(p).date().to_string());
        }
    }

    fn day_ref(f: &mut Fp, site: &Site, i: usize) {
        let d = &site.days[i];
        f.str(&d.date.to_string()).num(d.papers.len() as u64);
    }

    fn totals(f: &mut Fp, site: &Site) {
        f.num(site.papers.len() as u64)
            .num(site.days.len() as u64)
            .num(site.categories.len() as u64);
    }

    fn day(&self, f: &mut Fp, site: &Site, i: usize) {
        let d = &site.days[i];
        f.str(&d.date.to_string())
            .str(d.title.as_deref().unwrap_or(""));
        f.num(d.groups.len() as u64);
        for (ci, papers) in &d.groups {
            f.num(self.category[*ci]);
            self.cards(f, site, papers);
        }
        match i.checked_sub(1) {
            Some(p) => Self::day_ref(f.num(1), site, p),
            None => {
                f.num(0);
            }
        }
        match site.days.get(i + 1) {
            Some(_) => Self::day_ref(f.num(1), site, i + 1),
            None => {
                f.num(0);
            }
        }
    }

    fn month_ref(f: &mut Fp, site: &Site, ci: usize, mi: Option<usize>) {
        let c = &site.categories[ci];
        match mi.and_then(|m| c.months.get(m)) {
            Some((m, papers)) => {
                f.num(1).str(&m.key()).num(papers.len() as u64);
            }
            None => {
                f.num(0);
            }
        }
    }

    /// The fingerprint of a page: equal fingerprints mean equal bytes.
    pub fn page(&self, site: &Site, page: Page, home_days: usize) -> u64 {
        let mut f = Fp::new(page.kind());
        f.num(self.global);
        match page {
            Page::Paper(ix) => {
                f.num(self.paper[ix as usize]);
            }
            Page::Day(i) => self.day(&mut f, site, i),
            Page::Home => {
                Self::totals(&mut f, site);
                if let Some(last) = site.days.len().checked_sub(1) {
                    self.day(&mut f, site, last);
                }
                let n = site.days.len();
                for i in (n.saturating_sub(home_days)..n).rev() {
                    Self::day_ref(&mut f, site, i);
                }
            }
            Page::Archive => {
                Self::totals(&mut f, site);
                for i in 0..site.days.len() {
                    Self::day_ref(&mut f, site, i);
                }
            }
            Page::Categories => {
                Self::totals(&mut f, site);
                for (ci, c) in site.categories.iter().enumerate() {
                    f.num(self.category[ci])
                        .num(c.papers.len() as u64)
                        .num(c.cross as u64);
                    if let Some(&p) = c.papers.first() {
                        f.str(&site.paper(p).date().to_string());
                    }
                }
            }
            Page::Category(ci) => {
                let c = &site.categories[ci];
                f.num(self.category[ci])
                    .num(c.papers.len() as u64)
                    .num(c.cross as u64);
                for (m, papers) in &c.months {
                    f.str(&m.key()).num(papers.len() as u64);
                }
                let newest = c.papers.first().map(|&p| site.paper(p).date());
                let latest: Vec<PaperIx> = c
                    .papers
                    .iter()
                    .copied()
                    .take_while(|&p| Some(site.paper(p).date()) == newest)
                    .collect();
                self.cards(&mut f, site, &latest);
            }
            Page::CategoryMonth(ci, mi) => {
                let c = &site.categories[ci];
                f.num(self.category[ci]);
                Self::month_ref(&mut f, site, ci, Some(mi));
                self.cards(&mut f, site, &c.months[mi].1);
                Self::month_ref(&mut f, site, ci, Some(mi + 1));
                Self::month_ref(&mut f, site, ci, mi.checked_sub(1));
            }
            Page::Search => Self::totals(&mut f, site),
            Page::Favourites | Page::NotFound => {}
        }
        f.finish()
    }
}
