//! The bilingual list format: `# Title`, then bold labelled fields (`**Title (ZH)**:`,
//! `**Authors**:`, `**Link**: [PDF](pdf link)`, `**Abstract**:`, `**Abstract (ZH)**:`),
//! papers separated by `---`. English-only variants simply lack the (ZH) fields.

use super::Parsed;
use super::block;
use super::daily_arxiv::heading;
use super::fields::{self, Line, Role};
use super::ledger::{Ledger, Use};
use crate::arxiv;
use crate::model::PaperDraft;

/// Whether a file looks like this format: bold `Authors` and `Link` fields.
pub fn detect(lines: &[Line]) -> bool {
    let mut authors = false;
    let mut link = false;
    for l in lines {
        if let Some((label, _, true)) = fields::label_of(l.text) {
            match fields::role(label) {
                Role::Authors => authors = true,
                Role::Link => link = true,
                _ => {}
            }
        }
        if authors && link {
            return true;
        }
    }
    false
}

pub fn parse(lines: &[Line], ledger: &mut Ledger) -> Parsed {
    let mut out = Parsed::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some((level, text)) = heading(line.text) else {
            super::mark_outside(ledger, line);
            continue;
        };
        // Headings below the paper's level are its own sub-headings.
        let start = i;
        while i < lines.len() && heading(lines[i].text).is_none_or(|(l, _)| l > level) {
            i += 1;
        }
        if let Some(paper) = read_paper(line, text, &lines[start..i], ledger, &mut out) {
            out.papers.push((line.no, paper));
        }
    }
    out
}

/// The paper of heading `line` (its text `text`), read from its `block`. `None` for a
/// heading with no fields under it (a document's title: it and its text are outside any
/// paper), and for a paper without an arXiv link or a title (lost, with a warning).
fn read_paper(
    line: Line,
    text: &str,
    block: &[Line],
    ledger: &mut Ledger,
    out: &mut Parsed,
) -> Option<PaperDraft> {
    let read = block::read(block, ledger);
    // Lines read as a paper's that end up on no paper's page.
    let unshow = |ledger: &mut Ledger, to: Use| {
        for l in std::iter::once(&line).chain(block) {
            if matches!(ledger.get(l.no), Use::Shown | Use::Text | Use::Unread) {
                ledger.mark(l.no, to);
            }
        }
    };
    if read.fields.is_empty() {
        unshow(ledger, Use::Outside);
        ledger.mark(line.no, Use::Structure);
        return None;
    }
    let title = strip_link(text);
    let id = fields::first_arxiv_id(text).or_else(|| {
        read.fields
            .iter()
            .filter(|f| fields::role(&f.label) == Role::Link)
            .find_map(|f| fields::first_arxiv_id(&f.value))
    });
    let Some(id) = id else {
        unshow(ledger, Use::Lost);
        out.warn(
            line.no,
            format!(
                "paper {:?} has no arXiv link; skipped ({} lines not shown)",
                fields::trunc(&title),
                1 + block.iter().filter(|l| !l.text.trim().is_empty()).count()
            ),
        );
        return None;
    };
    let mut paper = PaperDraft {
        id,
        title,
        ..PaperDraft::default()
    };
    fields::fill_paper(&mut paper, read, &mut out.notes);
    if paper.title.is_empty() {
        unshow(ledger, Use::Lost);
        out.warn(line.no, format!("paper {} has no title; skipped", paper.id));
        return None;
    }
    ledger.mark(line.no, Use::Shown);
    Some(paper)
}

/// A heading's text, with a Markdown link around it replaced by the link's text.
fn strip_link(text: &str) -> String {
    let links = fields::md_links(text);
    match links.first() {
        Some(l) if l.start == 0 && l.end == text.len() && arxiv::id_from_url(l.url).is_some() => {
            l.text.trim().to_string()
        }
        _ => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        Line::numbered(text)
    }

    #[test]
    fn reads_blocks() {
        let text = "\
# PersonaAgent: When Agents Meet Personalization 

**Title (ZH)**: PersonaAgent：个性化 

**Authors**: Weizhi Zhang, Xinyang Zhang  

**Link**: [PDF](https://arxiv.org/pdf/2506.06254)  

**Abstract**: Large Language Model agents
continue here. 

**Abstract (ZH)**: 摘要 

---
# No Link Here

**Authors**: X

---
# Second

**Authors**: Y  

**Link**: [PDF](https://arxiv.org/pdf/2506.06052v2)  
";
        assert!(detect(&lines(text)));
        let lines = lines(text);
        let mut ledger = Ledger::new(lines.iter().map(|l| l.text));
        let p = parse(&lines, &mut ledger);
        assert_eq!(ledger.lines(Use::Lost), [15, 17]);
        assert_eq!(ledger.lines(Use::Structure), [14, 19]);
        assert_eq!(p.papers.len(), 2);
        let a = &p.papers[0].1;
        assert_eq!(a.id, "2506.06254");
        assert_eq!(a.title, "PersonaAgent: When Agents Meet Personalization");
        assert_eq!(a.title_zh, "PersonaAgent：个性化");
        assert_eq!(a.authors, ["Weizhi Zhang", "Xinyang Zhang"]);
        assert_eq!(a.abstract_en, "Large Language Model agents continue here.");
        assert_eq!(a.abstract_zh, "摘要");
        assert_eq!(p.papers[1].1.id, "2506.06052");
        assert_eq!(p.notes.len(), 1);
        assert_eq!(p.notes[0].0, 15);
    }
}
