//! One arXiv paper: [`PaperDraft`] while a reader fills it in, [`Paper`] once read.
//!
//! A site keeps every paper's text for the whole build, so a read paper keeps its text
//! fields and authors in one string shared with the other papers of its file, with the
//! offsets of each field: a paper is one small struct and a share of one large allocation,
//! where a paper of eleven `String`s and a list of authors cost a struct twice the size and
//! some fifteen allocations, each rounded up by the allocator.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::arxiv::{self, ArxivId, CategoryCode};
use crate::config::Config;

/// Where a paper was listed: the digest day, the file and the line of its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appearance {
    pub date: NaiveDate,
    pub path: Arc<PathBuf>,
    pub line: usize,
}

/// A paper as a reader fills it in. Text fields are Markdown with LaTeX; an empty string
/// means "not given". [`PaperDraft::freeze`] makes the [`Paper`] the site keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaperDraft {
    /// The arXiv id without version (`2506.20747`, `hep-th/9901001`); the paper's identity.
    pub id: ArxivId,
    pub title: String,
    pub title_zh: String,
    pub authors: Vec<String>,
    /// The primary category code (`cs.CL`).
    pub category: CategoryCode,
    /// Other categories the paper was listed under.
    pub other_categories: Vec<CategoryCode>,
    pub tldr: String,
    pub motivation: String,
    pub method: String,
    pub result: String,
    pub conclusion: String,
    pub abstract_en: String,
    pub abstract_zh: String,
    /// Every other labelled field, by its label as written (`Keywords`, `Comment`, ...).
    pub extra: Vec<(String, String)>,
    /// Parts titled by a sub-heading or a `<details>` summary: (title, text).
    pub sections: Vec<(String, String)>,
    /// Text the digest gave under no label or title.
    pub more: String,
    /// Topics the paper was listed under (a digest's `topic/RAG_related_papers.md`).
    pub tags: Vec<String>,
    /// Every listing of the paper, oldest first.
    pub appearances: Vec<Appearance>,
}

/// One arXiv paper as the site keeps it: the fields of its [`PaperDraft`], its text read
/// through methods of the same names.
#[derive(Clone, Default, PartialEq)]
pub struct Paper {
    /// The arXiv id without version; the paper's identity.
    pub id: ArxivId,
    text: Text,
    /// The primary category code (`cs.CL`).
    pub category: CategoryCode,
    /// Other categories the paper was listed under.
    pub other_categories: Vec<CategoryCode>,
    /// Every other labelled field, by its label as written (`Keywords`, `Comment`, ...).
    pub extra: Vec<(String, String)>,
    /// Parts titled by a sub-heading or a `<details>` summary: (title, text).
    pub sections: Vec<(String, String)>,
    /// Topics the paper was listed under.
    pub tags: Vec<String>,
    /// Every listing of the paper, oldest first.
    pub appearances: Vec<Appearance>,
}

/// The text fields of a paper, in the order [`Text`] keeps them.
#[derive(Debug, Clone, Copy)]
enum Field {
    Title,
    TitleZh,
    /// The authors' names, one per line.
    Authors,
    Tldr,
    Motivation,
    Method,
    Result,
    Conclusion,
    AbstractEn,
    AbstractZh,
    More,
}

const FIELDS: usize = Field::More as usize + 1;

/// A paper's text fields: `buf[start..]` holds them one after the other, field `i` ending
/// at `start + ends[i]`. Papers read from one file share `buf`.
#[derive(Clone, Default)]
struct Text {
    buf: Arc<str>,
    start: u32,
    ends: [u32; FIELDS],
}

/// The most text one shared buffer takes: a file of more gets several.
const BUFFER: usize = 16 << 20;

impl Text {
    fn get(&self, f: Field) -> &str {
        self.nth(f as usize)
    }

    /// Field `i` in [`Field`] order.
    fn nth(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.ends[i - 1] };
        let at = self.start as usize;
        self.buf
            .get(at + from as usize..at + self.ends[i] as usize)
            .unwrap_or_default()
    }

    fn fields(&self) -> [&str; FIELDS] {
        std::array::from_fn(|i| self.nth(i))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.fields() == other.fields()
    }
}

impl PaperDraft {
    /// The draft's text fields in [`Field`] order; authors one per line (a line break in a
    /// name becomes a space, an empty name is left out).
    fn text_fields(&self) -> [std::borrow::Cow<'_, str>; FIELDS] {
        let authors: Vec<std::borrow::Cow<str>> = self
            .authors
            .iter()
            .filter(|a| !a.is_empty())
            .map(|a| {
                if a.contains(['\n', '\r']) {
                    a.replace(['\n', '\r'], " ").into()
                } else {
                    a.as_str().into()
                }
            })
            .collect();
        [
            self.title.as_str().into(),
            self.title_zh.as_str().into(),
            authors.join("\n").into(),
            self.tldr.as_str().into(),
            self.motivation.as_str().into(),
            self.method.as_str().into(),
            self.result.as_str().into(),
            self.conclusion.as_str().into(),
            self.abstract_en.as_str().into(),
            self.abstract_zh.as_str().into(),
            self.more.as_str().into(),
        ]
    }

    /// The paper the site keeps, its text in a buffer of its own.
    pub fn freeze(self) -> Paper {
        PaperDraft::freeze_all(vec![self]).pop().unwrap_or_default()
    }

    /// The papers the site keeps, their text in buffers they share (up to [`BUFFER`] bytes
    /// each).
    pub fn freeze_all(drafts: Vec<PaperDraft>) -> Vec<Paper> {
        let mut out = Vec::with_capacity(drafts.len());
        let mut buf = String::new();
        let mut pending: Vec<(PaperDraft, u32, [u32; FIELDS])> = Vec::new();
        for d in drafts {
            let fields = d.text_fields();
            let len: usize = fields.iter().map(|f| f.len()).sum();
            if !buf.is_empty() && buf.len() + len > BUFFER {
                seal(&mut buf, &mut pending, &mut out);
            }
            let start = buf.len();
            let mut ends = [0u32; FIELDS];
            for (end, f) in ends.iter_mut().zip(&fields) {
                buf.push_str(f);
                // A paper's text comes from digest files of at most 1 GiB
                // (`content::MAX_FILE_BYTES`).
                *end = u32::try_from(buf.len() - start).unwrap_or(u32::MAX);
            }
            drop(fields);
            pending.push((d, start as u32, ends));
        }
        seal(&mut buf, &mut pending, &mut out);
        out
    }

    /// Merges another listing of the same paper into this one: fields this paper lacks are
    /// filled from it, and text it says that this paper does not (another day's TL;DR, a
    /// field of a second format) is kept under its label. Nothing either listing says is lost.
    pub fn merge(&mut self, other: PaperDraft) {
        let extra = &mut self.extra;
        let mut fill = |label: &str, a: &mut String, b: String| {
            if a.is_empty() {
                *a = b;
            } else if !b.is_empty() && !says_all_of(a, &b) {
                keep(extra, label, b);
            }
        };
        fill("Title", &mut self.title, other.title);
        fill("Title (ZH)", &mut self.title_zh, other.title_zh);
        fill("TL;DR", &mut self.tldr, other.tldr);
        fill("Motivation", &mut self.motivation, other.motivation);
        fill("Method", &mut self.method, other.method);
        fill("Result", &mut self.result, other.result);
        fill("Conclusion", &mut self.conclusion, other.conclusion);
        fill("Abstract", &mut self.abstract_en, other.abstract_en);
        fill("Abstract (ZH)", &mut self.abstract_zh, other.abstract_zh);
        if self.authors.is_empty() {
            self.authors = other.authors;
        }
        if self.category.is_empty() {
            self.category = other.category;
        } else if !other.category.is_empty()
            && other.category != self.category
            && !self.other_categories.contains(&other.category)
        {
            self.other_categories.push(other.category);
        }
        for c in other.other_categories {
            if c != self.category && !self.other_categories.contains(&c) {
                self.other_categories.push(c);
            }
        }
        for (label, value) in other.extra {
            keep(&mut self.extra, &label, value);
        }
        for (title, body) in other.sections {
            if !self
                .sections
                .iter()
                .any(|(t, b)| *t == title && says_all_of(b, &body))
            {
                self.sections.push((title, body));
            }
        }
        if !other.more.is_empty() && !says_all_of(&self.more, &other.more) {
            if !self.more.is_empty() {
                self.more.push_str("\n\n");
            }
            self.more.push_str(&other.more);
        }
        for t in other.tags {
            if !self.tags.contains(&t) {
                self.tags.push(t);
            }
        }
        self.appearances.extend(other.appearances);
    }
}

/// Makes the papers of `pending` with `buf` as their shared text; leaves both empty.
fn seal(
    buf: &mut String,
    pending: &mut Vec<(PaperDraft, u32, [u32; FIELDS])>,
    out: &mut Vec<Paper>,
) {
    let shared: Arc<str> = Arc::from(std::mem::take(buf).as_str());
    for (d, start, ends) in pending.drain(..) {
        out.push(Paper {
            id: d.id,
            text: Text {
                buf: shared.clone(),
                start,
                ends,
            },
            category: d.category,
            other_categories: shrunk(d.other_categories),
            extra: shrunk(d.extra),
            sections: shrunk(d.sections),
            tags: shrunk(d.tags),
            appearances: shrunk(d.appearances),
        });
    }
}

fn shrunk<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

impl Paper {
    pub fn title(&self) -> &str {
        self.text.get(Field::Title)
    }

    pub fn title_zh(&self) -> &str {
        self.text.get(Field::TitleZh)
    }

    pub fn authors(&self) -> Authors<'_> {
        Authors(self.text.get(Field::Authors))
    }

    pub fn tldr(&self) -> &str {
        self.text.get(Field::Tldr)
    }

    pub fn motivation(&self) -> &str {
        self.text.get(Field::Motivation)
    }

    pub fn method(&self) -> &str {
        self.text.get(Field::Method)
    }

    pub fn result(&self) -> &str {
        self.text.get(Field::Result)
    }

    pub fn conclusion(&self) -> &str {
        self.text.get(Field::Conclusion)
    }

    pub fn abstract_en(&self) -> &str {
        self.text.get(Field::AbstractEn)
    }

    pub fn abstract_zh(&self) -> &str {
        self.text.get(Field::AbstractZh)
    }

    /// Text the digest gave under no label or title.
    pub fn more(&self) -> &str {
        self.text.get(Field::More)
    }

    /// The day the paper was first listed.
    pub fn date(&self) -> NaiveDate {
        self.appearances.first().map_or(NaiveDate::MIN, |a| a.date)
    }

    pub fn abs_url(&self) -> String {
        arxiv::abs_url(&self.id)
    }

    pub fn pdf_url(&self) -> String {
        arxiv::pdf_url(&self.id)
    }

    /// Files the paper under `config.default_category` if it names no category; whether it
    /// did.
    pub fn file_uncategorised(&mut self, config: &Config) -> bool {
        if !self.category.is_empty() {
            return false;
        }
        self.category = config.default_category.as_str().into();
        true
    }

    /// The paper as a draft again, every field copied out.
    pub fn to_draft(&self) -> PaperDraft {
        PaperDraft {
            id: self.id.clone(),
            title: self.title().to_string(),
            title_zh: self.title_zh().to_string(),
            authors: self.authors().iter().map(str::to_string).collect(),
            category: self.category.clone(),
            other_categories: self.other_categories.clone(),
            tldr: self.tldr().to_string(),
            motivation: self.motivation().to_string(),
            method: self.method().to_string(),
            result: self.result().to_string(),
            conclusion: self.conclusion().to_string(),
            abstract_en: self.abstract_en().to_string(),
            abstract_zh: self.abstract_zh().to_string(),
            extra: self.extra.clone(),
            sections: self.sections.clone(),
            more: self.more().to_string(),
            tags: self.tags.clone(),
            appearances: self.appearances.clone(),
        }
    }

    /// Merges another listing of the same paper into this one, as [`PaperDraft::merge`].
    pub(crate) fn merge(&mut self, other: Paper) {
        let mut d = self.to_draft();
        d.merge(other.to_draft());
        *self = d.freeze();
    }
}

/// A paper shows as its draft: every field, whatever buffer its text is in.
impl fmt::Debug for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Paper").field(&self.to_draft()).finish()
    }
}

/// A paper's authors, in the order the digest gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authors<'a>(&'a str);

impl<'a> Authors<'a> {
    pub fn iter(&self) -> AuthorIter<'a> {
        AuthorIter((!self.0.is_empty()).then(|| self.0.split('\n')))
    }

    pub fn len(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            self.0.bytes().filter(|&b| b == b'\n').count() + 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_vec(&self) -> Vec<&'a str> {
        self.iter().collect()
    }

    /// The names joined by `sep`.
    pub fn join(&self, sep: &str) -> String {
        self.to_vec().join(sep)
    }
}

impl<'a> IntoIterator for Authors<'a> {
    type Item = &'a str;
    type IntoIter = AuthorIter<'a>;

    fn into_iter(self) -> AuthorIter<'a> {
        self.iter()
    }
}

/// The names of [`Authors`].
#[derive(Debug, Clone)]
pub struct AuthorIter<'a>(Option<std::str::Split<'a, char>>);

impl<'a> Iterator for AuthorIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.0.as_mut()?.next()
    }
}

impl<'a> DoubleEndedIterator for AuthorIter<'a> {
    fn next_back(&mut self) -> Option<&'a str> {
        self.0.as_mut()?.next_back()
    }
}

/// Adds a labelled field unless a field of that label already says all it says.
fn keep(extra: &mut Vec<(String, String)>, label: &str, value: String) {
    if !extra
        .iter()
        .any(|(l, v)| l == label && says_all_of(v, &value))
    {
        extra.push((label.to_string(), value));
    }
}

/// Whether text `a` holds every word of `b` (letters and digits, case and markup aside):
/// then `b` adds nothing a reader of `a` does not see.
pub fn says_all_of(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let words =
        |s: &str| -> std::collections::HashSet<String> { crate::content::text::words(s).collect() };
    let have = words(a);
    crate::content::text::words(b).all(|w| have.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: &str, title: &str, authors: &[&str]) -> PaperDraft {
        PaperDraft {
            id: id.into(),
            title: title.into(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            tldr: format!("About {title}."),
            more: "ü 中文".into(),
            ..PaperDraft::default()
        }
    }

    #[test]
    fn frozen_papers_read_back_every_field_and_share_a_buffer() {
        let drafts = vec![
            draft("1", "One", &["A. Author", "B. Writer"]),
            draft("2", "", &[]),
            draft("3", "Three", &["Line\nbreak", "", "C"]),
        ];
        let papers = PaperDraft::freeze_all(drafts.clone());
        assert_eq!(papers.len(), 3);
        assert_eq!(papers[0].title(), "One");
        assert_eq!(papers[0].tldr(), "About One.");
        assert_eq!(papers[0].more(), "ü 中文");
        assert_eq!(papers[0].authors().to_vec(), ["A. Author", "B. Writer"]);
        assert_eq!(papers[0].authors().len(), 2);
        assert_eq!(papers[1].title(), "");
        assert!(papers[1].authors().is_empty());
        assert_eq!(papers[1].authors().len(), 0);
        assert_eq!(papers[1].authors().iter().next(), None);
        assert_eq!(papers[2].authors().to_vec(), ["Line break", "C"]);
        assert!(Arc::ptr_eq(&papers[0].text.buf, &papers[2].text.buf));
        // Thawed again, a paper is its draft (authors as kept).
        assert_eq!(papers[0].to_draft(), drafts[0]);
        assert_eq!(papers[1].to_draft(), drafts[1]);
        // Equal papers are equal whatever buffer they are in.
        assert_eq!(drafts[0].clone().freeze(), papers[0]);
        assert_ne!(papers[0], papers[2]);
    }

    /// A site keeps every paper for the whole build: a paper's own struct stays small (it was
    /// 432 bytes with a `String` per field, and a million papers peaked at 4.9 GiB).
    #[test]
    fn a_paper_stays_small() {
        assert!(
            std::mem::size_of::<Paper>() <= 240,
            "{}",
            std::mem::size_of::<Paper>()
        );
    }

    #[test]
    fn a_file_of_much_text_takes_several_buffers() {
        let big = "x".repeat(BUFFER / 2 + 1);
        let drafts: Vec<PaperDraft> = (0..3)
            .map(|i| PaperDraft {
                id: i.to_string().into(),
                abstract_en: big.clone(),
                ..PaperDraft::default()
            })
            .collect();
        let papers = PaperDraft::freeze_all(drafts);
        assert!(papers.iter().all(|p| p.abstract_en() == big));
        assert!(!Arc::ptr_eq(&papers[0].text.buf, &papers[1].text.buf));
    }
}
