//! The site's index: papers (one per arXiv id), days and categories.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::arxiv::{self, ArxivId, CategoryCode};
use crate::config::Config;

mod paper;
pub use paper::{Appearance, Authors, Paper, PaperDraft, says_all_of};

/// Which of the known layouts a digest file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    DailyArxiv,
    Bilingual,
    Generic,
    /// JSON Lines records, one paper per line.
    JsonLines,
    /// A file with no papers at all.
    Empty,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::DailyArxiv => "daily-arxiv",
            Format::Bilingual => "bilingual",
            Format::Generic => "generic",
            Format::JsonLines => "jsonl",
            Format::Empty => "empty",
        }
    }
}

/// One parsed digest file.
#[derive(Debug, Clone)]
pub struct Digest {
    pub path: Arc<PathBuf>,
    pub date: NaiveDate,
    pub title: Option<String>,
    pub format: Format,
    /// Papers in file order; each has one appearance, in this file.
    pub papers: Vec<Paper>,
    /// What became of each line of the file.
    pub ledger: crate::content::ledger::Ledger,
}

pub type PaperIx = u32;

/// A digest day: its papers in file order, grouped by primary category.
#[derive(Debug, Clone)]
pub struct Day {
    pub date: NaiveDate,
    pub papers: Vec<PaperIx>,
    /// (category index, papers of that category), in order of first listing.
    pub groups: Vec<(usize, Vec<PaperIx>)>,
    pub sources: Vec<Arc<PathBuf>>,
    /// A title set in a file's front matter.
    pub title: Option<String>,
    /// The nearest earlier and later days that list papers: a day's previous and next
    /// links skip the days whose files listed none.
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// A (year, month) pair, ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// `2025-06`
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `June 2025`
    pub fn label(self) -> String {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .map_or_else(|| self.key(), |d| d.format("%B %Y").to_string())
    }
}

/// One arXiv category and the papers listed under it.
#[derive(Debug, Clone)]
pub struct Category {
    pub code: CategoryCode,
    pub name: String,
    pub slug: String,
    /// Newest first: papers of this primary category and papers cross-listed here.
    pub papers: Vec<PaperIx>,
    /// How many of `papers` are cross-listed here from another primary category.
    pub cross: usize,
    /// Months with papers, newest first, each with its papers newest first.
    pub months: Vec<(Month, Vec<PaperIx>)>,
}

/// Papers that named no category, filed under `category` (site.toml's `default_category`):
/// the files they came from, by path, with how many each.
#[derive(Debug, Default, Clone)]
pub struct Uncategorised {
    pub category: String,
    pub files: Vec<(Arc<PathBuf>, usize)>,
}

impl Day {
    fn new(date: NaiveDate) -> Day {
        Day {
            date,
            papers: Vec::new(),
            groups: Vec::new(),
            sources: Vec::new(),
            title: None,
            prev: None,
            next: None,
        }
    }
}

/// Sorts digests in the order the site merges them: by day, then by path.
pub fn sort_digests<D: std::borrow::Borrow<Digest>>(digests: &mut [D]) {
    digests.sort_by(|a, b| {
        let (a, b) = (a.borrow(), b.borrow());
        (a.date, &a.path).cmp(&(b.date, &b.path))
    });
}

/// Every paper's related papers, best first: at most [`Related::SHOWN`] each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Related {
    lists: Vec<[PaperIx; Related::SHOWN]>,
}

impl Related {
    /// Related papers a paper's page lists, at most.
    pub const SHOWN: usize = 5;
    /// An empty place in a list.
    pub const NONE: PaperIx = PaperIx::MAX;

    /// Lists of paper `0`, `1`, ...; each ends at its first [`Related::NONE`].
    pub fn new(lists: Vec<[PaperIx; Related::SHOWN]>) -> Related {
        Related { lists }
    }

    /// The related papers of paper `ix`, best first.
    pub fn of(&self, ix: PaperIx) -> impl Iterator<Item = PaperIx> + '_ {
        self.lists
            .get(ix as usize)
            .into_iter()
            .flat_map(|l| l.iter().copied().take_while(|&r| r != Related::NONE))
    }

    /// How many papers it has lists for.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// The papers whose lists differ between `self` and `other` (a paper only one of them
    /// has a list for counts as differing).
    pub fn differing(&self, other: &Related) -> Vec<PaperIx> {
        let n = self.lists.len().max(other.lists.len());
        (0..n)
            .filter(|&i| self.lists.get(i) != other.lists.get(i))
            .map(|i| i as PaperIx)
            .collect()
    }
}

/// The whole site's content, grouped, de-duplicated and ordered. Built from digests
/// ([`Site::from_digests`]), appended to ([`Site::append`]) or given new versions of papers
/// ([`Site::replace_papers`]); read through its methods.
#[derive(Debug, Default)]
pub struct Site {
    papers: Vec<Paper>,
    by_id: HashMap<ArxivId, PaperIx>,
    /// Oldest first.
    days: Vec<Day>,
    /// Sorted by code.
    categories: Vec<Category>,
    category_by_code: HashMap<CategoryCode, usize>,
    files: usize,
    /// Papers that named no category anywhere and were filed under `default_category`.
    uncategorised: Vec<PaperIx>,
    /// Each paper's previous and next paper on the page of the day it was first listed.
    neighbours: Vec<(Option<PaperIx>, Option<PaperIx>)>,
    /// Each paper's related papers, as the pipeline last found them
    /// (`render::related::compute`).
    related: Related,
}

impl Site {
    /// Builds the index. Papers without a category get `config.default_category`.
    pub fn from_digests(mut digests: Vec<Digest>, config: &Config) -> Site {
        sort_digests(&mut digests);
        let mut site = Site {
            files: digests.len(),
            ..Site::default()
        };
        let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
        // The papers each day lists already: a day of many papers stays linear.
        let mut listed: HashMap<NaiveDate, HashSet<PaperIx>> = HashMap::new();
        for digest in digests {
            let listed = listed.entry(digest.date).or_default();
            let day = days
                .entry(digest.date)
                .or_insert_with(|| Day::new(digest.date));
            site.list(day, listed, digest);
        }
        site.file_uncategorised(config);
        site.days = days.into_values().collect();
        site.index_categories(config);
        site
    }

    /// Lists the papers of `digest` on `day`, merging those the site has already; `listed`
    /// holds the papers the day lists so far.
    fn list(&mut self, day: &mut Day, listed: &mut HashSet<PaperIx>, digest: Digest) {
        day.sources.push(digest.path.clone());
        if day.title.is_none() {
            day.title = digest.title;
        }
        for paper in digest.papers {
            let ix = match self.by_id.get(&paper.id) {
                Some(&ix) => {
                    self.papers[ix as usize].merge(paper);
                    ix
                }
                None => {
                    let ix = self.papers.len() as PaperIx;
                    self.by_id.insert(paper.id.clone(), ix);
                    self.papers.push(paper);
                    ix
                }
            };
            if listed.insert(ix) {
                day.papers.push(ix);
            }
        }
    }

    /// Files papers that name no category under `config.default_category`.
    fn file_uncategorised(&mut self, config: &Config) {
        for (ix, p) in self.papers.iter_mut().enumerate() {
            if p.file_uncategorised(config) {
                self.uncategorised.push(ix as PaperIx);
            }
        }
    }

    /// The papers `ids` merged from all their listings in `digests`, as
    /// [`Site::from_digests`] merges them.
    pub fn merged<'a>(
        digests: impl Iterator<Item = &'a Digest>,
        ids: &HashSet<&str>,
        config: &Config,
    ) -> HashMap<ArxivId, Paper> {
        let mut digests: Vec<&Digest> = digests.collect();
        sort_digests(&mut digests);
        let mut out: HashMap<ArxivId, Paper> = HashMap::new();
        for d in digests {
            for p in d.papers.iter().filter(|p| ids.contains(p.id.as_str())) {
                match out.get_mut(&p.id) {
                    Some(m) => m.merge(p.clone()),
                    None => {
                        out.insert(p.id.clone(), p.clone());
                    }
                }
            }
        }
        for p in out.values_mut() {
            p.file_uncategorised(config);
        }
        out
    }

    /// Puts `papers` in place of the site's papers of the same ids (papers it does not have
    /// are left out); returns where they are. For papers whose days and categories stayed
    /// the same: the index is not rebuilt.
    pub fn replace_papers(&mut self, papers: HashMap<ArxivId, Paper>) -> Vec<PaperIx> {
        let mut replaced = Vec::new();
        for (id, paper) in papers {
            if let Some(&ix) = self.by_id.get(&id) {
                self.papers[ix as usize] = paper;
                replaced.push(ix);
            }
        }
        replaced
    }

    /// The files whose papers name no category and went to `default_category`.
    pub fn uncategorised_files(&self, config: &Config) -> Uncategorised {
        let mut by_file: BTreeMap<Arc<PathBuf>, usize> = BTreeMap::new();
        for &ix in &self.uncategorised {
            if let Some(a) = self.paper(ix).appearances.first() {
                *by_file.entry(a.path.clone()).or_default() += 1;
            }
        }
        Uncategorised {
            category: config.default_category.clone(),
            files: by_file.into_iter().collect(),
        }
    }

    fn index_categories(&mut self, config: &Config) {
        let mut members: BTreeMap<&str, Vec<PaperIx>> = BTreeMap::new();
        // Newest day first; within a day, file order. A paper counts on its first day.
        for day in self.days.iter().rev() {
            for &ix in &day.papers {
                let p = &self.papers[ix as usize];
                if p.date() != day.date {
                    continue;
                }
                members.entry(&p.category).or_default().push(ix);
                for c in &p.other_categories {
                    members.entry(c).or_default().push(ix);
                }
            }
        }
        let mut slugs: HashMap<String, usize> = HashMap::new();
        let mut categories = Vec::with_capacity(members.len());
        for (code, papers) in members {
            let mut slug = arxiv::category_slug(code);
            let n = slugs.entry(slug.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                slug = format!("{slug}-{n}");
            }
            let name = config
                .category_names
                .get(code)
                .cloned()
                .or_else(|| arxiv::category_name(code).map(str::to_string))
                .unwrap_or_else(|| code.to_string());
            let mut months: Vec<(Month, Vec<PaperIx>)> = Vec::new();
            for &ix in &papers {
                let m = Month::of(self.papers[ix as usize].date());
                match months.last_mut() {
                    Some((last, list)) if *last == m => list.push(ix),
                    _ => months.push((m, vec![ix])),
                }
            }
            let cross = papers
                .iter()
                .filter(|&&ix| self.papers[ix as usize].category != code)
                .count();
            categories.push(Category {
                code: code.into(),
                name,
                slug,
                papers,
                cross,
                months,
            });
        }
        self.category_by_code = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        for day in &mut self.days {
            let mut groups: Vec<(usize, Vec<PaperIx>)> = Vec::new();
            let mut group_of: HashMap<usize, usize> = HashMap::new();
            for &ix in &day.papers {
                let cat = &self.papers[ix as usize].category;
                let ci = self.category_by_code[cat.as_str()];
                let g = *group_of.entry(ci).or_insert_with(|| {
                    groups.push((ci, Vec::new()));
                    groups.len() - 1
                });
                groups[g].1.push(ix);
            }
            day.groups = groups;
        }
        self.categories = categories;
        self.link_days();
        self.find_neighbours();
    }

    /// Adds one digest that sorts after every digest of the site (a later day, or the latest
    /// day from a file whose path sorts last), leaving the site as [`Site::from_digests`]
    /// would have built it with that digest. When that cannot be done exactly (a listed
    /// paper's category came from `default_category`, which a later listing may change),
    /// the site is left as it was and the digest handed back.
    pub fn append(&mut self, digest: Digest, config: &Config) -> Result<(), Digest> {
        let last = self
            .days
            .last()
            .and_then(|d| Some((d.date, d.sources.last()?.clone())));
        if let Some((date, path)) = &last
            && (digest.date, &digest.path) <= (*date, path)
        {
            return Err(digest);
        }
        let ambiguous = digest.papers.iter().any(|p| {
            self.by_id.get(&p.id).is_some_and(|&ix| {
                self.papers[ix as usize].category == config.default_category.as_str()
            })
        });
        if ambiguous {
            return Err(digest);
        }
        self.files += 1;
        let mut day = match self.days.pop() {
            Some(day) if day.date == digest.date => day,
            other => {
                self.days.extend(other);
                Day::new(digest.date)
            }
        };
        let mut listed: HashSet<PaperIx> = day.papers.iter().copied().collect();
        self.list(&mut day, &mut listed, digest);
        self.days.push(day);
        self.file_uncategorised(config);
        self.index_categories(config);
        Ok(())
    }

    /// Every paper, in the order they were first listed.
    pub fn papers(&self) -> &[Paper] {
        &self.papers
    }

    /// Where the paper with arXiv id `id` is.
    pub fn ix_of(&self, id: &str) -> Option<PaperIx> {
        self.by_id.get(id).copied()
    }

    /// Every day, oldest first.
    pub fn days(&self) -> &[Day] {
        &self.days
    }

    /// Every category, by code.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Where the category with code `code` is.
    pub fn category_ix(&self, code: &str) -> Option<usize> {
        self.category_by_code.get(code).copied()
    }

    /// How many content files the site was built from.
    pub fn file_count(&self) -> usize {
        self.files
    }

    pub fn paper(&self, ix: PaperIx) -> &Paper {
        &self.papers[ix as usize]
    }

    pub fn latest_day(&self) -> Option<&Day> {
        self.days.last()
    }

    /// The day the home page shows: the latest day that lists papers (a pipeline that failed
    /// one day leaves a file without any), else the latest day.
    pub fn home_day(&self) -> Option<usize> {
        let listed = self.days.iter().rposition(|d| !d.papers.is_empty());
        listed.or(self.days.len().checked_sub(1))
    }

    /// The related papers of paper `ix`, best first (none until [`Site::set_related`]).
    pub fn related(&self, ix: PaperIx) -> impl Iterator<Item = PaperIx> + '_ {
        self.related.of(ix)
    }

    /// Every paper's related papers.
    pub fn related_lists(&self) -> &Related {
        &self.related
    }

    /// Puts in the related papers found for the site as it is now; returns the ones it had.
    pub fn set_related(&mut self, related: Related) -> Related {
        std::mem::replace(&mut self.related, related)
    }

    /// The paper before and after paper `ix` on the page of the day it was first listed.
    pub fn neighbours(&self, ix: PaperIx) -> (Option<PaperIx>, Option<PaperIx>) {
        self.neighbours
            .get(ix as usize)
            .copied()
            .unwrap_or_default()
    }

    /// Finds each paper's neighbours on its first day's page, in the order the page shows
    /// them (by category group, then as listed).
    fn find_neighbours(&mut self) {
        self.neighbours = vec![(None, None); self.papers.len()];
        for day in &self.days {
            let shown: Vec<PaperIx> = day
                .groups
                .iter()
                .flat_map(|(_, g)| g.iter().copied())
                .collect();
            for (k, &ix) in shown.iter().enumerate() {
                if self.papers[ix as usize].date() != day.date {
                    continue;
                }
                let prev = k.checked_sub(1).map(|j| shown[j]);
                self.neighbours[ix as usize] = (prev, shown.get(k + 1).copied());
            }
        }
    }

    /// Links each day to the nearest earlier and later days that list papers.
    fn link_days(&mut self) {
        let mut last = None;
        for (i, d) in self.days.iter_mut().enumerate() {
            d.prev = last;
            if !d.papers.is_empty() {
                last = Some(i);
            }
        }
        let mut next = None;
        for (i, d) in self.days.iter_mut().enumerate().rev() {
            d.next = next;
            if !d.papers.is_empty() {
                next = Some(i);
            }
        }
    }
}

/// Small sites for the tests of the stages after the index.
#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    /// A site of `n` papers over three days of June and July 2025 (2 June, 30 June, 1 July):
    /// paper `i` on day `i % 3`, in cs.CL when `i` is even and cs.LG when it is odd; `edit`
    /// changes each paper before the site is built.
    pub fn site(n: usize, edit: impl Fn(usize, &mut PaperDraft)) -> Site {
        let days = [(6, 2), (6, 30), (7, 1)];
        let digests = days
            .iter()
            .enumerate()
            .map(|(k, &(m, d))| {
                let date = NaiveDate::from_ymd_opt(2025, m, d).unwrap();
                digest(date, (0..n).filter(|i| i % days.len() == k), |i, p| {
                    p.title = format!("Paper {i}");
                    p.category = if i % 2 == 0 { "cs.CL" } else { "cs.LG" }.into();
                    edit(i, p);
                })
            })
            .collect();
        Site::from_digests(digests, &Config::default())
    }

    /// A site of `days` consecutive days from 1 June 2025 with `per_day` papers each, all in
    /// cs.CL: a site one day longer only appends papers.
    pub fn days(days: usize, per_day: usize) -> Site {
        let first = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let digests = (0..days)
            .map(|k| {
                let date = first + chrono::Days::new(k as u64);
                digest(date, k * per_day..(k + 1) * per_day, |i, p| {
                    p.title = format!("Paper {k} {}", i - k * per_day);
                    p.category = "cs.CL".into();
                })
            })
            .collect();
        Site::from_digests(digests, &Config::default())
    }

    /// The digest of `date` (file `DATE.md`) listing papers `2506.I` for each `I` of `ids`,
    /// each on line `I + 1` and made by `make` from its id alone.
    fn digest(
        date: NaiveDate,
        ids: impl Iterator<Item = usize>,
        make: impl Fn(usize, &mut PaperDraft),
    ) -> Digest {
        let path = Arc::new(PathBuf::from(format!("{date}.md")));
        let papers = ids
            .map(|i| {
                let mut p = PaperDraft {
                    id: format!("2506.{i:05}").into(),
                    appearances: vec![Appearance {
                        date,
                        path: path.clone(),
                        line: i + 1,
                    }],
                    ..PaperDraft::default()
                };
                make(i, &mut p);
                p
            })
            .collect();
        let papers = PaperDraft::freeze_all(papers);
        Digest {
            path,
            date,
            title: None,
            format: Format::DailyArxiv,
            ledger: Default::default(),
            papers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(id: &str, cat: &str, date: NaiveDate, file: &Arc<PathBuf>) -> Paper {
        draft(id, cat, date, file).freeze()
    }

    fn draft(id: &str, cat: &str, date: NaiveDate, file: &Arc<PathBuf>) -> PaperDraft {
        PaperDraft {
            id: id.into(),
            title: format!("Paper {id}"),
            category: cat.into(),
            appearances: vec![Appearance {
                date,
                path: file.clone(),
                line: 1,
            }],
            ..PaperDraft::default()
        }
    }

    #[test]
    fn appending_a_later_digest_equals_building_with_it() {
        let d1 = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let d2 = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
        let f1 = Arc::new(PathBuf::from("a.md"));
        let f2 = Arc::new(PathBuf::from("b.md"));
        let f3 = Arc::new(PathBuf::from("c.md"));
        let digest = |f: &Arc<PathBuf>, d, papers| Digest {
            path: f.clone(),
            date: d,
            title: None,
            format: Format::DailyArxiv,
            ledger: Default::default(),
            papers,
        };
        let a = digest(
            &f1,
            d1,
            vec![paper("1", "cs.CL", d1, &f1), paper("2", "", d1, &f1)],
        );
        let b = digest(
            &f2,
            d2,
            vec![paper("1", "cs.LG", d2, &f2), paper("3", "cs.CV", d2, &f2)],
        );
        let c = digest(&f3, d2, vec![paper("4", "cs.CL", d2, &f3)]);
        let config = Config::default();
        let whole = Site::from_digests(vec![a.clone(), b.clone(), c.clone()], &config);
        let mut site = Site::from_digests(vec![a.clone()], &config);
        site.append(b.clone(), &config).unwrap();
        site.append(c.clone(), &config).unwrap();
        let show = |s: &Site| format!("{:?} {:?} {:?} {}", s.papers, s.days, s.categories, s.files);
        assert_eq!(show(&site), show(&whole));
        // Not after the others: refused, the site unchanged.
        assert!(site.append(a.clone(), &config).is_err());
        assert_eq!(show(&site), show(&whole));
        // A paper whose category came from default_category: refused.
        let d3 = NaiveDate::from_ymd_opt(2025, 6, 3).unwrap();
        let f4 = Arc::new(PathBuf::from("d.md"));
        let again = digest(&f4, d3, vec![paper("2", "cs.AI", d3, &f4)]);
        assert!(site.append(again, &config).is_err());
    }

    #[test]
    fn a_later_listing_that_says_more_keeps_it() {
        let f = Arc::new(PathBuf::from("a.md"));
        let d = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let mut first = draft("1", "cs.CL", d, &f);
        first.tldr = "A short summary.".into();
        let mut again = draft("1", "cs.LG", d, &f);
        again.tldr = "a  SHORT summary".into();
        again.method = "How.".into();
        again.more = "A note.".into();
        let mut third = draft("1", "", d, &f);
        third.tldr = "Another day's summary.".into();
        third.more = "A note.".into();
        let mut first = first.freeze();
        first.merge(again.freeze());
        first.merge(third.freeze());
        assert_eq!(first.tldr(), "A short summary.");
        assert_eq!(first.method(), "How.");
        assert_eq!(first.other_categories, ["cs.LG"]);
        assert_eq!(
            first.extra,
            [("TL;DR".to_string(), "Another day's summary.".to_string())],
            "the same words once; new words kept under their label"
        );
        assert_eq!(first.more(), "A note.");
        assert_eq!(first.appearances.len(), 3);
    }

    #[test]
    fn papers_on_several_days_are_one_paper() {
        let d1 = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let d2 = NaiveDate::from_ymd_opt(2025, 7, 2).unwrap();
        let f1 = Arc::new(PathBuf::from("a.md"));
        let f2 = Arc::new(PathBuf::from("b.md"));
        let mut again = draft("2506.00001", "", d2, &f2);
        again.tldr = "filled later".into();
        let again = again.freeze();
        let digests = vec![
            Digest {
                path: f2.clone(),
                date: d2,
                title: None,
                format: Format::DailyArxiv,
                ledger: Default::default(),
                papers: vec![again, paper("2507.00002", "", d2, &f2)],
            },
            Digest {
                path: f1.clone(),
                date: d1,
                title: None,
                format: Format::DailyArxiv,
                ledger: Default::default(),
                papers: vec![paper("2506.00001", "cs.CL", d1, &f1)],
            },
        ];
        let site = Site::from_digests(digests, &Config::default());
        assert_eq!(site.papers.len(), 2);
        let p = site.paper(site.by_id["2506.00001"]);
        assert_eq!(p.appearances.len(), 2);
        assert_eq!(p.date(), d1);
        assert_eq!(p.tldr(), "filled later");
        assert_eq!(site.days.len(), 2);
        assert_eq!(site.days[1].papers.len(), 2);
        let codes: Vec<&str> = site.categories.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["cs.CL", "misc"]);
        // The category lists a paper once, in the month it was first listed.
        assert_eq!(site.categories[0].months.len(), 1);
        assert_eq!(site.categories[0].months[0].0.key(), "2025-06");
        assert_eq!(site.categories[1].papers.len(), 1);
    }
}
