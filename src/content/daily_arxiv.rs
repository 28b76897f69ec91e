//! The "daily arXiv" format: category sections, `### [N] [Title](abs link)` headings, an
//! italic author line and labelled fields (`Main category:`, `TL;DR:`, `Motivation:`, ...),
//! in every template variant seen in the wild (plain or bold labels, quoted fields, no
//! numbering, `(N 篇)` tables of contents).

use super::Parsed;
use super::block;
use super::fields::{self, Line, md_links};
use super::ledger::{Ledger, Use};
use crate::arxiv;
use crate::model::PaperDraft;

/// A heading line: its level and text.
pub fn heading(s: &str) -> Option<(usize, &str)> {
    let level = s.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &s[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim()))
}

/// The paper a heading announces: its title and the link it carries (empty if none).
/// A heading is a paper's when it links anywhere but to an anchor, or is numbered `[N]`.
pub fn paper_heading(text: &str) -> Option<(String, &str)> {
    let links = md_links(text);
    if let Some(link) = links
        .iter()
        .find(|l| arxiv::id_from_url(l.url).is_some())
        .or_else(|| links.iter().rev().find(|l| !l.url.starts_with('#')))
    {
        return Some((link.text.trim().to_string(), link.url));
    }
    let numbered = text
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if numbered {
        let title = text.split_once(']').map_or("", |(_, t)| t).trim();
        return Some((title.trim_matches(['[', ']']).to_string(), ""));
    }
    None
}

/// A section heading's category code: its first word (`# cs.CL [[Back]](#toc)`, `## cs.CR `,
/// `## 📂 cs.CV (65 篇)`) or a code in brackets (`## Computer Vision (cs.CV)`).
fn section_code(text: &str) -> Option<String> {
    let first = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| !w.is_empty())?;
    if arxiv::is_category_code(first) {
        return Some(first.to_string());
    }
    text.split(['(', '[', '（'])
        .skip(1)
        .filter_map(|part| part.split([')', ']', '）']).next())
        .map(str::trim)
        .find(|c| arxiv::is_category_code(c))
        .map(str::to_string)
}

/// Whether a file looks like this format: a heading carrying an arXiv link.
pub fn detect(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        heading(l.text).is_some_and(|(_, t)| {
            md_links(t)
                .iter()
                .any(|link| arxiv::id_from_url(link.url).is_some())
        })
    })
}

/// Reads the file's papers. A paper's block runs to the next heading that starts another
/// paper, a category section, or anything above the paper's heading level; other headings at
/// its level or below are the paper's own sub-headings.
pub fn parse(lines: &[Line], ledger: &mut Ledger) -> Parsed {
    let mut out = Parsed::default();
    let mut section: Option<String> = None;
    let mut toc: Vec<(usize, String, usize)> = Vec::new();
    let mut found: Vec<(String, usize)> = Vec::new();
    let mut next_paper: Option<NextPaper> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let known = next_paper.take().filter(|(at, _)| *at == i).map(|(_, p)| p);
        i += 1;
        if let Some((line_no, code, n)) = toc_entry(line) {
            ledger.mark(line_no, Use::Structure);
            toc.push((line_no, code, n));
            continue;
        }
        let Some((level, text)) = heading(line.text) else {
            super::mark_outside(ledger, line);
            continue;
        };
        let Some((title, url)) = known.or_else(|| paper_heading(text)) else {
            section = section_code(text);
            ledger.mark(line.no, Use::Structure);
            continue;
        };
        let start = i;
        (i, next_paper) = block_end(lines, i, level);
        let Some(mut paper) = read_paper(line, &lines[start..i], title, url, ledger, &mut out)
        else {
            continue;
        };
        if let Some(code) = &section {
            file_under(&mut paper, code);
            match found.iter_mut().find(|(c, _)| c == code) {
                Some((_, n)) => *n += 1,
                None => found.push((code.clone(), 1)),
            }
        }
        out.papers.push((line.no, paper));
    }
    check_toc(&toc, &found, &mut out);
    out
}

/// The paper heading a block ended at, read once: its index, its title and its link.
type NextPaper<'a> = (usize, (String, &'a str));

/// Where the block of a paper whose heading is at `level` ends, read from index `from`: at
/// the next paper's heading (given with its index, so that it is read once), a category
/// section or a heading above `level`.
fn block_end<'a>(lines: &[Line<'a>], from: usize, level: usize) -> (usize, Option<NextPaper<'a>>) {
    let mut i = from;
    while i < lines.len() {
        if let Some((l, t)) = heading(lines[i].text) {
            if let Some(p) = paper_heading(t) {
                return (i, Some((i, p)));
            }
            if l < level || section_code(t).is_some() {
                break;
            }
        }
        i += 1;
    }
    (i, None)
}

/// The paper a heading (`line`, with `title` and `url`) announces, read from its `block`;
/// `None`, its lines lost and a warning given, when it does not link to arXiv or has no
/// title.
fn read_paper(
    line: Line,
    block: &[Line],
    title: String,
    url: &str,
    ledger: &mut Ledger,
    out: &mut Parsed,
) -> Option<PaperDraft> {
    let lost = |ledger: &mut Ledger| {
        ledger.mark(line.no, Use::Lost);
        for l in block {
            ledger.mark(l.no, Use::Lost);
        }
    };
    let Some(id) = arxiv::id_from_url(url) else {
        lost(ledger);
        let not_shown = 1 + block.iter().filter(|l| !l.text.trim().is_empty()).count();
        out.warn(
            line.no,
            format!(
                "paper {:?} links to {url:?}, not to arXiv; skipped ({} lines not shown)",
                fields::trunc(&title),
                not_shown
            ),
        );
        return None;
    };
    if title.is_empty() {
        lost(ledger);
        out.warn(line.no, format!("paper {id} has no title; skipped"));
        return None;
    }
    ledger.mark(line.no, Use::Shown);
    let mut paper = PaperDraft {
        id,
        title,
        ..PaperDraft::default()
    };
    fields::fill_paper(&mut paper, block::read(block, ledger), &mut out.notes);
    Some(paper)
}

/// Files a paper under the category section it is in: its category if it names none, else
/// one of its other categories.
fn file_under(paper: &mut PaperDraft, code: &str) {
    if paper.category.is_empty() {
        paper.category = code.into();
    } else if paper.category != code && !paper.other_categories.iter().any(|c| c == code) {
        paper.other_categories.push(code.into());
    }
}

/// Warns of each table of contents entry whose count is not the number of papers found
/// under its category.
fn check_toc(toc: &[(usize, String, usize)], found: &[(String, usize)], out: &mut Parsed) {
    for (line_no, code, n) in toc {
        let got = found.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n);
        if got != *n {
            out.warn(
                *line_no,
                format!("the table of contents lists {n} papers in {code}, the file has {got}"),
            );
        }
    }
}

/// A table of contents line: `- [cs.CL](#cs.CL) [Total: 38]` or `- [cs.CR](#cscr) (24 篇)`.
fn toc_entry(line: Line) -> Option<(usize, String, usize)> {
    let rest = line.text.trim().strip_prefix("- ")?;
    let links = md_links(rest);
    let link = links.first()?;
    if link.start != 0 || !link.url.starts_with('#') || !arxiv::is_category_code(link.text) {
        return None;
    }
    let tail = rest[link.end..].trim();
    let digits: String = tail
        .trim_start_matches(['[', '('])
        .trim_start_matches("Total:")
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let n = digits.parse().ok()?;
    Some((line.no, link.text.to_string(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Parsed, Ledger) {
        crate::content::parse_with(text, parse)
    }

    const SAMPLE: &str = "\
<div id=toc></div>

# Table of Contents

- [cs.CL](#cs.CL) [Total: 2]

<div id='cs.CL'></div>

# cs.CL [[Back]](#toc)

### [1] [First Paper](https://arxiv.org/abs/2506.20747)
*A. Author,B. Author*

Main category: cs.CL

TL;DR: 第一

<details>
  <summary>Details</summary>
Motivation: m1

Abstract: Wrapped
abstract.

</details>

### [2] [Second $x^2$ Paper](https://arxiv.org/abs/2506.20748v2)
*C. Author*

TL;DR: second
";

    #[test]
    fn reads_papers_and_sections() {
        let (p, ledger) = parse_text(SAMPLE);
        assert_eq!(ledger.tally().lost + ledger.tally().outside, 0);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        assert_eq!(p.papers.len(), 2);
        let (line, a) = &p.papers[0];
        assert_eq!(*line, 11);
        assert_eq!(a.id, "2506.20747");
        assert_eq!(a.authors, ["A. Author", "B. Author"]);
        assert_eq!(a.tldr, "第一");
        assert_eq!(a.motivation, "m1");
        assert_eq!(a.abstract_en, "Wrapped abstract.");
        let b = &p.papers[1].1;
        assert_eq!(b.id, "2506.20748");
        assert_eq!(b.title, "Second $x^2$ Paper");
        assert_eq!(b.category, "cs.CL", "from the section");
    }

    #[test]
    fn toc_mismatch_is_reported() {
        let text = SAMPLE.replace("[Total: 2]", "[Total: 3]");
        let (p, _) = parse_text(&text);
        assert_eq!(p.notes.len(), 1);
        assert_eq!(p.notes[0].0, 5);
    }

    #[test]
    fn heading_without_arxiv_link_is_skipped_with_a_warning() {
        let (p, ledger) = parse_text(
            "### [1] [Lost](https://example.org/x)\n*A*\n\n### [2] [Kept](https://arxiv.org/abs/2506.00001)\n",
        );
        assert_eq!(ledger.lines(Use::Lost), [1, 2]);
        assert_eq!(p.papers.len(), 1);
        assert_eq!(p.notes[0].0, 1);
    }

    #[test]
    fn sub_headings_belong_to_the_paper_and_sections_end_it() {
        let text = "\
# Daily digest

Some words before any paper.

## Computer Vision (cs.CV)

## [A Paper](https://arxiv.org/abs/2501.00001)
*A*

### Background Knowledge
Text of the background.

### 中文摘要
中文的摘要。

## [B Paper](https://arxiv.org/abs/2501.00002)
*B*

## cs.CL

### [C Paper](https://arxiv.org/abs/2501.00003)
";
        let (p, ledger) = parse_text(text);
        assert_eq!(p.papers.len(), 3);
        let a = &p.papers[0].1;
        assert_eq!(a.category, "cs.CV");
        assert_eq!(
            a.sections,
            [(
                "Background Knowledge".to_string(),
                "Text of the background.".to_string()
            )]
        );
        assert_eq!(a.abstract_zh, "中文的摘要。");
        assert_eq!(p.papers[1].1.category, "cs.CV");
        assert_eq!(p.papers[2].1.category, "cs.CL");
        assert_eq!(ledger.lines(Use::Outside), [3]);
        assert_eq!(ledger.lines(Use::Structure), [1, 5, 19]);
        assert_eq!(ledger.tally().lost, 0);
    }
}
