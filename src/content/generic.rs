//! The fallback for files in neither known format. Every arXiv link becomes a paper:
//!
//! - a file that names one paper (a reading note) is that paper's page: its first heading is
//!   the title and everything else is read as a paper's block;
//! - a table row is read by its table's header (`|Publish Date|Title|Authors|PDF|Code|`, as
//!   cv-arxiv-daily writes them): each cell goes where its column's name says;
//! - any other line is titled by its link text, else by a bold phrase on the line, else by
//!   the heading above it, and the rest of the line is the paper's text.

use std::collections::HashSet;

use super::Parsed;
use super::block::{self, is_rule_row, table_cells};
use super::daily_arxiv::heading;
use super::fields::{self, Line, Role, md_links, without_arxiv_links};
use super::ledger::{Ledger, Use};
use crate::arxiv::{self, ArxivId};
use crate::model::PaperDraft;

/// The arXiv ids a line links to (Markdown links first, then bare URLs), each with its link
/// text.
fn links_of(text: &str) -> Vec<(ArxivId, String)> {
    let found: Vec<(ArxivId, String)> = md_links(text)
        .iter()
        .filter_map(|l| arxiv::id_from_url(l.url).map(|id| (id, l.text.trim().to_string())))
        .collect();
    if !found.is_empty() {
        return found;
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | '|'))
        .filter_map(|t| arxiv::id_from_url(t.trim_end_matches(['.', ',', ';'])))
        .map(|id| (id, String::new()))
        .collect()
}

pub fn parse(lines: &[Line], ledger: &mut Ledger) -> Parsed {
    if let Some(id) = only_paper(lines) {
        return one_paper(lines, ledger, id);
    }
    let mut listing = Listing {
        out: Parsed::default(),
        ledger,
        last_heading: String::new(),
        header: None,
        seen: HashSet::new(),
    };
    for (i, line) in lines.iter().enumerate() {
        listing.line(*line, lines.get(i + 1));
    }
    listing.out
}

/// The arXiv id of the one paper a file links to, if it links to exactly one.
fn only_paper(lines: &[Line]) -> Option<ArxivId> {
    let mut ids: HashSet<ArxivId> = HashSet::new();
    for l in lines {
        ids.extend(links_of(l.text).into_iter().map(|(id, _)| id));
        if ids.len() > 1 {
            return None;
        }
    }
    ids.into_iter().next()
}

/// A file of many papers, read a line at a time.
struct Listing<'l> {
    out: Parsed,
    ledger: &'l mut Ledger,
    /// The text of the last heading: the title of a paper whose line gives none.
    last_heading: String,
    /// The column names of the table being read.
    header: Option<Vec<String>>,
    /// The ids of the papers read so far.
    seen: HashSet<ArxivId>,
}

impl Listing<'_> {
    fn line(&mut self, line: Line, next: Option<&Line>) {
        let t = line.text.trim();
        if let Some((_, text)) = heading(t) {
            self.last_heading = text.to_string();
        }
        let row = table_cells(t);
        if row.is_none() {
            self.header = None;
        }
        super::mark_outside(self.ledger, line);
        if let Some(cells) = &row
            && self.table_structure(cells, next, line.no)
        {
            return;
        }
        let found = links_of(t);
        if found.is_empty() {
            return;
        }
        if let (Some(cells), Some(names)) = (&row, &self.header) {
            if let Some(paper) = from_row(cells, names, &found[0].0) {
                self.row(paper, line.no);
            }
            return;
        }
        self.linked(t, found, line.no);
    }

    /// A table's rule (`|---|---|`) or its header (the row above the rule), whose cells
    /// name the columns of the rows below: structure. True if the row was one.
    fn table_structure(&mut self, cells: &[&str], next: Option<&Line>, no: usize) -> bool {
        let next_is_rule = next
            .and_then(|n| table_cells(n.text.trim()))
            .is_some_and(|c| is_rule_row(&c));
        if is_rule_row(cells) {
            self.ledger.mark(no, Use::Structure);
            return true;
        }
        if next_is_rule {
            self.header = Some(cells.iter().map(|c| plain(c)).collect());
            self.ledger.mark(no, Use::Structure);
            return true;
        }
        false
    }

    /// Where paper `id` is in the papers read so far.
    fn position(&self, id: &str) -> Option<usize> {
        self.out.papers.iter().position(|(_, p)| p.id == id)
    }

    /// The paper of a table row.
    fn row(&mut self, paper: PaperDraft, no: usize) {
        self.ledger.mark(no, Use::Shown);
        if self.seen.insert(paper.id.clone()) {
            self.out.papers.push((no, paper));
        } else if let Some(i) = self.position(&paper.id) {
            // Listed again (in another table of the file): one paper, nothing lost.
            self.out.papers[i].1.merge(paper);
        }
    }

    /// The papers line `t` links to (`found`), those not read before each titled; the rest
    /// of the line goes to the first paper it names.
    fn linked(&mut self, t: &str, found: Vec<(ArxivId, String)>, no: usize) {
        let first = self.out.papers.len();
        let again = found.first().map(|(id, _)| id.clone());
        for (id, text) in found {
            if !self.seen.insert(id.clone()) {
                continue;
            }
            let title = self.title(t, &id, text);
            self.out.papers.push((
                no,
                PaperDraft {
                    id,
                    title,
                    ..PaperDraft::default()
                },
            ));
        }
        // The line shows on the page of the first paper it names: whatever else it says
        // (authors, a date, a code link) is that paper's text.
        let at = if first < self.out.papers.len() {
            Some(first)
        } else {
            // Every paper on the line was listed before: the line's text joins the first.
            again.and_then(|id| self.position(&id))
        };
        let Some(at) = at else { return };
        self.ledger.mark(no, Use::Shown);
        let rest = without_arxiv_links(t);
        if rest.chars().any(char::is_alphanumeric) && !is_generic_link_text(&rest) {
            self.ledger.mark(no, Use::Text);
            let other = PaperDraft {
                more: rest,
                ..PaperDraft::default()
            };
            self.out.papers[at].1.merge(other);
        }
    }

    /// The title of paper `id` on line `t`: its link text, else a bold phrase on the line,
    /// else the heading above, else its id.
    fn title(&self, t: &str, id: &str, link_text: String) -> String {
        if !is_generic_link_text(&link_text) {
            return link_text;
        }
        title_on_line(t).unwrap_or_else(|| {
            let h = self.last_heading.trim();
            if h.is_empty() || !links_of(h).is_empty() {
                format!("arXiv:{id}")
            } else {
                h.to_string()
            }
        })
    }
}

/// A file about one paper: its first heading (else its link text) is the title and every
/// other line is read as the paper's block.
fn one_paper(lines: &[Line], ledger: &mut Ledger, id: ArxivId) -> Parsed {
    let mut out = Parsed::default();
    fn titled<'a>(l: &Line<'a>) -> Option<(usize, &'a str)> {
        heading(l.text).filter(|(_, t)| !t.is_empty())
    }
    let title_at = lines
        .iter()
        .position(|l| titled(l).is_some_and(|(level, _)| level == 1))
        .or_else(|| lines.iter().position(|l| titled(l).is_some()));
    let (title, at) = match title_at {
        Some(i) => {
            let text = heading(lines[i].text).map_or("", |(_, t)| t);
            let links = md_links(text);
            let title = match links.first() {
                Some(l) if l.start == 0 && l.end == text.len() => l.text.trim().to_string(),
                _ => text.to_string(),
            };
            (title, lines[i].no)
        }
        None => {
            let text = lines
                .iter()
                .flat_map(|l| links_of(l.text))
                .map(|(_, t)| t)
                .find(|t| !is_generic_link_text(t));
            (text.unwrap_or_default(), 0)
        }
    };
    let title = if title.trim().is_empty() {
        format!("arXiv:{id}")
    } else {
        title
    };
    let rest: Vec<Line> = lines.iter().copied().filter(|l| l.no != at).collect();
    ledger.mark(at, Use::Shown);
    let mut paper = PaperDraft {
        id,
        title,
        ..PaperDraft::default()
    };
    fields::fill_paper(&mut paper, block::read(&rest, ledger), &mut out.notes);
    let line = if at > 0 {
        at
    } else {
        lines.first().map_or(1, |l| l.no)
    };
    out.papers.push((line, paper));
    out
}

/// A cell or phrase without its bold or italic marks.
fn plain(s: &str) -> String {
    s.trim().trim_matches(['*', '_']).trim().to_string()
}

/// A paper from one table row, each cell where its column's name says: `Title`, `Authors`,
/// the link columns (their arXiv links are the paper's own), the rest under their names.
fn from_row(cells: &[&str], names: &[String], id: &ArxivId) -> Option<PaperDraft> {
    let mut paper = PaperDraft {
        id: id.clone(),
        ..PaperDraft::default()
    };
    for (name, cell) in names.iter().zip(cells) {
        let value = cell.trim();
        if value.is_empty() || matches!(value, "null" | "-" | "None") {
            continue;
        }
        match fields::role(name) {
            Role::Title if paper.title.is_empty() => paper.title = plain(value),
            Role::Authors if paper.authors.is_empty() => {
                paper.authors = fields::split_authors(value)
            }
            Role::Link if links_of(value).iter().any(|(i, _)| i == id) => {
                if !without_arxiv_links(value)
                    .chars()
                    .any(char::is_alphanumeric)
                {
                    continue;
                }
                paper.extra.push((name.clone(), value.to_string()));
            }
            _ => paper.extra.push((name.clone(), value.to_string())),
        }
    }
    if paper.title.is_empty() {
        // No title column: the longest cell that is not a link.
        let i = (0..cells.len())
            .filter(|&i| md_links(cells[i]).is_empty() && !cells[i].contains("arxiv.org/"))
            .max_by_key(|&i| cells[i].chars().count())?;
        paper.title = plain(cells[i]);
        let name = names.get(i).cloned().unwrap_or_default();
        paper
            .extra
            .retain(|(l, v)| !(*l == name && plain(v) == paper.title));
    }
    (!paper.title.is_empty()).then_some(paper)
}

/// A bold phrase on a line that is not a link (`- 2022-11-30, **MVRackLay: ...**, ...`).
fn title_on_line(t: &str) -> Option<String> {
    let mut rest = t;
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        let end = after.find("**")?;
        let inner = after[..end].trim();
        if !inner.is_empty() && !inner.contains("](") && !inner.starts_with("http") {
            return Some(inner.to_string());
        }
        rest = &after[end + 2..];
    }
    None
}

fn is_generic_link_text(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.is_empty()
        || t.starts_with("http")
        || t.starts_with("arxiv")
        || arxiv::parse_id(&t).is_some()
        || matches!(
            t.as_str(),
            "pdf" | "abs" | "abstract" | "link" | "paper" | "html" | "here"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Parsed, Ledger) {
        crate::content::parse_with(text, parse)
    }

    #[test]
    fn every_arxiv_link_is_a_paper() {
        let text = "## A Great Paper\n[PDF](https://arxiv.org/pdf/2501.00001) [abs](https://arxiv.org/abs/2501.00001)\n- [Other Work](https://arxiv.org/abs/2501.00002v3)\nsee https://arxiv.org/abs/hep-th/9901001.\n- 2022-11-30, **Bold Title**, A. Author et.al., Paper: [http://arxiv.org/abs/2211.16882v1](http://arxiv.org/abs/2211.16882v1)\n";
        let (p, ledger) = parse_text(text);
        let got: Vec<(&str, &str)> = p
            .papers
            .iter()
            .map(|(_, p)| (p.id.as_str(), p.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("2501.00001", "A Great Paper"),
                ("2501.00002", "Other Work"),
                ("hep-th/9901001", "A Great Paper"),
                ("2211.16882", "Bold Title"),
            ]
        );
        assert_eq!(ledger.lines(Use::Text), [4, 5]);
        assert_eq!(p.papers[2].1.more, "see");
        assert_eq!(
            p.papers[3].1.more,
            "- 2022-11-30, **Bold Title**, A. Author et.al., Paper:"
        );
    }

    #[test]
    fn table_rows_by_their_header() {
        let text = "## SLAM\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n|**2021-12-29**|**Belief Space Planning**|Khen Elimelech et.al.|[2112.14428v1](http://arxiv.org/abs/2112.14428v1)|null|\n|**2021-12-28**|**Second**|B. Author et.al.|[2112.00002v1](http://arxiv.org/abs/2112.00002v1)|**[link](https://github.com/x/y)**|\n";
        let (p, ledger) = parse_text(text);
        assert_eq!(p.papers.len(), 2);
        let a = &p.papers[0].1;
        assert_eq!(a.title, "Belief Space Planning");
        assert_eq!(a.authors, ["Khen Elimelech et.al."]);
        assert_eq!(
            a.extra,
            [("Publish Date".to_string(), "**2021-12-29**".to_string())]
        );
        assert_eq!(p.papers[1].1.extra[1].0, "Code");
        assert_eq!(ledger.lines(Use::Structure), [1, 2, 3]);
        assert_eq!(ledger.lines(Use::Shown), [4, 5]);
    }

    #[test]
    fn a_file_about_one_paper_always_has_a_title() {
        let (p, _) = parse_text("# \n\nsee https://arxiv.org/abs/2501.00001\n");
        assert_eq!(p.papers[0].1.title, "arXiv:2501.00001");
        let (p, _) = parse_text("[](https://arxiv.org/abs/2501.00001)\n");
        assert_eq!(p.papers[0].1.title, "arXiv:2501.00001");
    }

    #[test]
    fn a_file_about_one_paper_is_its_page() {
        let text = "<div class=\"shell\">\n\n# DLAM: Latent Actions\n\n[arXiv 原文](https://arxiv.org/abs/2607.27138v1) · [PDF](https://arxiv.org/pdf/2607.27138v1)\n\n## 研究背景\n\nRobots need data.\n\n</div>\n";
        let (p, ledger) = parse_text(text);
        assert_eq!(p.papers.len(), 1);
        let (line, a) = &p.papers[0];
        assert_eq!(*line, 3);
        assert_eq!(a.title, "DLAM: Latent Actions");
        assert_eq!(
            a.sections,
            [("研究背景".to_string(), "Robots need data.".to_string())]
        );
        // The line of its own arXiv links is structure: the page has those links.
        assert!(a.more.is_empty());
        assert_eq!(ledger.lines(Use::Structure), [1, 5, 11]);
        assert_eq!(ledger.tally().lost + ledger.tally().outside, 0);
    }
}
