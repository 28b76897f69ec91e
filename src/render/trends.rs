//! Trends: the figures of the stats page and of each category page's chart.
//!
//! - [`Chart`]: bars of counts over time (papers per month of a category; papers per day,
//!   week or month of the site), drawn by the templates as an inline SVG without text, with
//!   a table of the same numbers beside it.
//! - [`shares`]: the largest categories and their share of the site's papers.
//! - [`rising`]: the words whose share of papers rose most in the last [`RECENT`] days
//!   against the [`BEFORE`] days before them. Words are cut by the search index's tokenizer
//!   ([`tokens::tokens`]: its stop words are dropped) from each paper's title, TL;DR and
//!   English abstract, with TeX left out (`$...$`, `\(...\)`, `\[...\]` and every
//!   `\command`), and grouped by stem, shown as their most frequent form. Only papers
//!   first listed in the last `RECENT + BEFORE` days are read, day by day: the time is
//!   linear in those papers and the memory in their vocabulary.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::search::TokenHasher;
use super::search::tokens::{self, Stemmer};
use super::urls::{self, Urls};
use crate::content::text::is_cjk;
use crate::model::{Month, PaperIx, Site};

/// The recent period of [`rising`], in days (the latest day included).
pub const RECENT: u64 = 30;
/// The period before it that [`rising`] compares with, in days.
pub const BEFORE: u64 = 180;
/// A word rises only if at least this many papers of the recent period have it.
pub const MIN_RECENT: u32 = 5;
/// A word rises only if its share of papers grew at least this many times.
pub const MIN_RISE: f64 = 1.5;
/// The rising words the stats page lists.
pub const RISING_SHOWN: usize = 20;
/// The categories the stats page lists by name; the rest are added up.
pub const LARGEST_SHOWN: usize = 12;

/// Height of a chart's drawing in SVG units; each bar takes [`STEP`] units of width.
const HEIGHT: u64 = 1000;
const STEP: usize = 10;

/// Counts over time, drawn as bars: the SVG's `viewBox` is `0 0 width 1000`.
#[derive(Debug, Serialize)]
pub struct Chart {
    /// What one bar counts: `day`, `week` or `month`.
    pub unit: &'static str,
    pub width: usize,
    pub max: usize,
    pub total: usize,
    /// The first and the last bar's labels.
    pub first: String,
    pub last: String,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    /// The period, as the table shows it (`June 2025`, `2025-06-02`).
    pub label: String,
    pub count: usize,
    /// The bar's place and size in SVG units (integers); a bar of 0 is not drawn.
    pub x: usize,
    pub y: u64,
    pub h: u64,
}

impl Chart {
    fn new(unit: &'static str, periods: Vec<(String, usize)>) -> Chart {
        let max = periods.iter().map(|p| p.1).max().unwrap_or(0);
        let total = periods.iter().map(|p| p.1).sum();
        let bars = periods
            .into_iter()
            .enumerate()
            .map(|(i, (label, count))| {
                // A bar of one paper stays visible beside one of thousands.
                let h = if count == 0 {
                    0
                } else {
                    (count as u64 * HEIGHT / max as u64).max(HEIGHT / 100)
                };
                Bar {
                    label,
                    count,
                    x: i * STEP + 1,
                    y: HEIGHT - h,
                    h,
                }
            })
            .collect::<Vec<_>>();
        let label = |b: Option<&Bar>| b.map_or_else(String::new, |b| b.label.clone());
        Chart {
            unit,
            width: bars.len() * STEP,
            max,
            total,
            first: label(bars.first()),
            last: label(bars.last()),
            bars,
        }
    }
}

fn next_month(m: Month) -> Month {
    if m.month == 12 {
        Month {
            year: m.year + 1,
            month: 1,
        }
    } else {
        Month {
            year: m.year,
            month: m.month + 1,
        }
    }
}

/// Every month from `first` to `last`, with the count `count` gives it.
fn months(first: Month, last: Month, count: impl Fn(Month) -> usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut m = first;
    while m <= last {
        out.push((m.label(), count(m)));
        m = next_month(m);
    }
    out
}

/// Papers per month of category `ci`, oldest first, months without papers included: what
/// the category's `Month` inputs hold.
pub fn category_chart(site: &Site, ci: usize) -> Chart {
    let c = &site.categories()[ci];
    let (Some(newest), Some(oldest)) = (c.months.first(), c.months.last()) else {
        return Chart::new("month", Vec::new());
    };
    let by_month: HashMap<Month, usize> = c.months.iter().map(|(m, p)| (*m, p.len())).collect();
    Chart::new(
        "month",
        months(oldest.0, newest.0, |m| {
            by_month.get(&m).copied().unwrap_or(0)
        }),
    )
}

/// Bars of a site chart: a bar a day up to this many days, else a week.
const DAILY_UP_TO: i64 = 92;
/// A bar a week up to this many days, else a month.
const WEEKLY_UP_TO: i64 = 2 * 366;

/// Papers per day of the site (the papers each day lists), from the first day to the
/// latest, days without a digest counted as 0; per week (from Monday) or per month where
/// the site is too long for a bar a day to be seen.
pub fn site_chart(site: &Site) -> Chart {
    let days = site.days();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Chart::new("day", Vec::new());
    };
    let span = (last.date - first.date).num_days() + 1;
    if span > WEEKLY_UP_TO {
        let mut by_month: HashMap<Month, usize> = HashMap::new();
        for d in days {
            *by_month.entry(Month::of(d.date)).or_default() += d.papers.len();
        }
        let periods = months(Month::of(first.date), Month::of(last.date), |m| {
            by_month.get(&m).copied().unwrap_or(0)
        });
        return Chart::new("month", periods);
    }
    let (unit, len, start) = if span > DAILY_UP_TO {
        let monday = first.date - Days::new(first.date.weekday().num_days_from_monday() as u64);
        ("week", 7, monday)
    } else {
        ("day", 1, first.date)
    };
    let slots = ((last.date - start).num_days() / len + 1) as usize;
    let mut counts = vec![0usize; slots];
    for d in days {
        counts[((d.date - start).num_days() / len) as usize] += d.papers.len();
    }
    let periods = counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let from = start + Days::new(i as u64 * len as u64);
            let label = if unit == "week" {
                format!("Week of {}", from.format("%Y-%m-%d"))
            } else {
                from.format("%Y-%m-%d").to_string()
            };
            (label, n)
        })
        .collect();
    Chart::new(unit, periods)
}

/// A category's share of the site's papers.
#[derive(Debug, Serialize)]
pub struct Share {
    pub code: String,
    pub name: String,
    /// Empty for the line that adds up the other categories.
    pub url: String,
    /// Papers whose primary category it is.
    pub papers: usize,
    /// Of all papers, in tenths of a percent (`123` is 12.3%), and as text.
    pub permille: usize,
    pub percent: String,
    /// Its bar's length, the largest category's being 1000.
    pub bar: usize,
}

/// The [`LARGEST_SHOWN`] categories with the most papers (of their own, cross-lists not
/// counted, so the shares add up to the whole), then one line for the rest.
pub fn shares(site: &Site, u: &Urls) -> Vec<Share> {
    let total = site.papers().len();
    let share = |code: String, name: String, url: String, papers: usize| {
        let permille = (papers * 1000 + total / 2).checked_div(total).unwrap_or(0);
        Share {
            code,
            name,
            url,
            papers,
            permille,
            percent: format!("{}.{}%", permille / 10, permille % 10),
            bar: 0,
        }
    };
    let mut order: Vec<(usize, usize)> = site
        .categories()
        .iter()
        .enumerate()
        .map(|(ci, c)| (ci, c.papers.len() - c.cross))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<Share> = order
        .iter()
        .take(LARGEST_SHOWN)
        .map(|&(ci, n)| {
            let c = &site.categories()[ci];
            share(
                c.code.to_string(),
                c.name.clone(),
                u.link(&urls::category(&c.slug)),
                n,
            )
        })
        .collect();
    let rest: Vec<&(usize, usize)> = order.iter().skip(LARGEST_SHOWN).collect();
    if !rest.is_empty() {
        let n = rest.iter().map(|r| r.1).sum();
        let name = format!("{} other categories", rest.len());
        out.push(share(String::new(), name, String::new(), n));
    }
    let most = out.iter().map(|s| s.papers).max().unwrap_or(0);
    for s in &mut out {
        s.bar = (s.papers * 1000).checked_div(most).unwrap_or(0);
    }
    out
}

/// The days of the periods [`rising`] compares: (the first day read, the first recent
/// day), or `None` for a site without days.
pub fn windows(site: &Site) -> Option<(NaiveDate, NaiveDate)> {
    let latest = site.days().last()?.date;
    let recent = latest - Days::new(RECENT - 1);
    Some((recent - Days::new(BEFORE), recent))
}

/// Every paper [`rising`] reads: those first listed on a day of its two periods, latest
/// day first.
pub fn window_papers(site: &Site) -> impl Iterator<Item = PaperIx> + '_ {
    let from = windows(site).map(|w| w.0);
    site.days()
        .iter()
        .rev()
        .take_while(move |d| Some(d.date) >= from)
        .flat_map(move |d| {
            d.papers
                .iter()
                .copied()
                .filter(move |&p| site.paper(p).date() == d.date)
        })
}

/// A word whose share of papers rose.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The word as most recent papers write it (lowercased).
    pub word: String,
    /// Papers of the earlier and of the recent period that have it (in any form).
    pub before: u32,
    pub recent: u32,
    /// How many times its (smoothed) share of papers grew, as text: `12.5`.
    pub ratio: String,
    /// A search for it.
    pub url: String,
}

/// The words that rose, with the sizes of the two periods.
#[derive(Debug, Default, Serialize)]
pub struct Rising {
    pub terms: Vec<Term>,
    pub papers_before: u32,
    pub papers_recent: u32,
    pub recent_days: u64,
    pub before_days: u64,
}

/// TeX left out of `text`: math between `$`, `$$`, `\(` `\)` and `\[` `\]`, and every
/// `\command` elsewhere, each replaced with a space.
pub fn without_tex(text: &str) -> Cow<'_, str> {
    if !text.contains(['$', '\\']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['$', '\\']) {
        out.push_str(&rest[..i]);
        out.push(' ');
        let tail = &rest[i..];
        let close = if tail.starts_with("$$") {
            Some(("$$", 2))
        } else if tail.starts_with('$') {
            Some(("$", 1))
        } else if tail.starts_with("\\(") {
            Some(("\\)", 2))
        } else if tail.starts_with("\\[") {
            Some(("\\]", 2))
        } else {
            None
        };
        rest = match close {
            // Unclosed math runs to the end.
            Some((end, open)) => tail[open..]
                .find(end)
                .map_or("", |j| &tail[open + j + end.len()..]),
            None => {
                // A command: the backslash and the letters after it (or one other
                // character, as in `\%`).
                let after = &tail[1..];
                let n = after
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(after.len());
                let n = if n == 0 {
                    after.chars().next().map_or(0, char::len_utf8)
                } else {
                    n
                };
                &after[n..]
            }
        };
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether a token counts as a word for trends: three or more characters, a letter among
/// them, no CJK (whose tokens are bigrams, not words).
fn is_word(t: &str) -> bool {
    t.chars().nth(2).is_some() && t.chars().any(char::is_alphabetic) && !t.chars().any(is_cjk)
}

/// The words whose share of papers rose most in the last [`RECENT`] days against the
/// [`BEFORE`] days before them: by the ratio of the shares, each smoothed by one paper
/// (`(recent + 1) / recent papers` against `(before + 1) / earlier papers`), among words
/// that at least [`MIN_RECENT`] recent papers have and whose share grew at least
/// [`MIN_RISE`] times; ties by the recent count, then the word. Empty when either period has no papers.
pub fn rising(site: &Site) -> Rising {
    let Some((from, recent_from)) = windows(site) else {
        return Rising::default();
    };
    let mut words = Words::default();
    for d in site.days().iter().rev().take_while(|d| d.date >= from) {
        let recent = d.date >= recent_from;
        for &ix in &d.papers {
            let p = site.paper(ix);
            if p.date() == d.date {
                words.add(&[p.title(), p.tldr(), p.abstract_en()], recent);
            }
        }
    }
    words.rising()
}

type Ids = HashMap<Box<str>, u32, BuildHasherDefault<TokenHasher>>;

/// The words of the papers [`rising`] reads, counted as they come.
#[derive(Default)]
struct Words {
    stemmer: Stemmer,
    /// Each word as written, its stem, and how often recent papers write it so.
    forms: Ids,
    form_stem: Vec<u32>,
    form_recent: Vec<u32>,
    /// Each stem, and the papers of each period (earlier, recent) that have it.
    stems: Ids,
    counts: Vec<[u32; 2]>,
    papers: [u32; 2],
    /// The stems of the paper being read.
    seen: Vec<u32>,
}

impl Words {
    /// Counts the words of one paper's `texts`, of the recent period or the one before.
    fn add(&mut self, texts: &[&str], recent: bool) {
        let period = usize::from(recent);
        self.papers[period] += 1;
        self.seen.clear();
        for text in texts {
            tokens::tokens(&without_tex(text), false, &mut |t| {
                if is_word(t) {
                    let form = self.form(t);
                    self.form_recent[form as usize] += u32::from(recent);
                    self.seen.push(self.form_stem[form as usize]);
                }
            });
        }
        self.seen.sort_unstable();
        self.seen.dedup();
        for &s in &self.seen {
            self.counts[s as usize][period] += 1;
        }
    }

    /// The number of word `t` as written, numbered (and stemmed) the first time it comes.
    fn form(&mut self, t: &str) -> u32 {
        if let Some(&f) = self.forms.get(t) {
            return f;
        }
        let stem = self.stemmer.stem(t);
        let s = match self.stems.get(stem.as_ref()) {
            Some(&s) => s,
            None => {
                let s = self.counts.len() as u32;
                self.stems.insert(stem.into(), s);
                self.counts.push([0, 0]);
                s
            }
        };
        let f = self.form_stem.len() as u32;
        self.forms.insert(t.into(), f);
        self.form_stem.push(s);
        self.form_recent.push(0);
        f
    }

    /// Each stem's most written recent form (the first in byte order on a tie).
    fn shown(&self) -> Vec<&str> {
        let mut shown: Vec<Option<(&str, u32)>> = vec![None; self.counts.len()];
        for (word, &f) in &self.forms {
            let n = self.form_recent[f as usize];
            let slot = &mut shown[self.form_stem[f as usize] as usize];
            let better = match *slot {
                None => true,
                Some((w, m)) => n > m || (n == m && word.as_ref() < w),
            };
            if better {
                *slot = Some((word, n));
            }
        }
        shown.into_iter().map(|w| w.map_or("", |w| w.0)).collect()
    }

    fn rising(self) -> Rising {
        let [papers_before, papers_recent] = self.papers;
        let mut rising = Rising {
            terms: Vec::new(),
            papers_before,
            papers_recent,
            recent_days: RECENT,
            before_days: BEFORE,
        };
        if papers_before == 0 || papers_recent == 0 {
            return rising;
        }
        let word = self.shown();
        let counts = &self.counts;
        let (nb, nr) = (f64::from(papers_before), f64::from(papers_recent));
        let mut scored: Vec<(f64, usize)> = counts
            .iter()
            .enumerate()
            .filter(|(_, c)| c[1] >= MIN_RECENT)
            .map(|(s, c)| {
                let ratio = ((f64::from(c[1]) + 1.0) / nr) / ((f64::from(c[0]) + 1.0) / nb);
                (ratio, s)
            })
            .filter(|&(ratio, _)| ratio >= MIN_RISE)
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(counts[b.1][1].cmp(&counts[a.1][1]))
                .then(word[a.1].cmp(word[b.1]))
        });
        rising.terms = scored
            .into_iter()
            .take(RISING_SHOWN)
            .map(|(ratio, s)| Term {
                word: word[s].to_string(),
                before: counts[s][0],
                recent: counts[s][1],
                ratio: format!("{ratio:.1}"),
                url: String::new(),
            })
            .collect();
        rising
    }
}

/// The stats page's data.
#[derive(Serialize)]
pub struct StatsCtx {
    pub chart: Chart,
    pub first: String,
    pub latest: String,
    pub shares: Vec<Share>,
    pub rising: Rising,
    pub recent_from: String,
    pub before_from: String,
}

pub fn stats(site: &Site, u: &Urls) -> StatsCtx {
    let day = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    let w = windows(site);
    StatsCtx {
        chart: site_chart(site),
        first: day(site.days().first().map(|d| d.date)),
        latest: day(site.days().last().map(|d| d.date)),
        shares: shares(site, u),
        rising: {
            let mut r = rising(site);
            for t in &mut r.terms {
                t.url = format!("{}?q={}", u.link(&urls::search()), query(&t.word));
            }
            r
        },
        recent_from: day(w.map(|w| w.1)),
        before_from: day(w.map(|w| w.0)),
    }
}

/// `word` as a URL query value: letters and digits of ASCII as they are, every other byte
/// percent-encoded.
fn query(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for b in word.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_is_left_out() {
        assert_eq!(without_tex("plain words"), "plain words");
        let t = without_tex(
            r"a $\mathcal{O}(n)$ bound, \emph{sharp} and \(x^2\) or $$\frac12$$ \% done \alpha",
        );
        let words = tokens::token_list(&t, false);
        // `or` is a stop word.
        assert_eq!(words, ["bound", "sharp", "done"]);
        assert_eq!(
            tokens::token_list(&without_tex("open $\\sum oops"), false),
            ["open"]
        );
    }

    #[test]
    fn months_run_across_a_year() {
        let m = |year, month| Month { year, month };
        let got = months(m(2024, 11), m(2025, 2), |_| 1);
        let labels: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            labels,
            [
                "November 2024",
                "December 2024",
                "January 2025",
                "February 2025"
            ]
        );
    }
}
