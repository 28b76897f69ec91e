//! The fallback for files in neither known format: every arXiv link becomes a paper, titled
//! by its link text (or the heading above it when the link text is just "PDF" or the like).

use std::collections::HashSet;

use super::Parsed;
use super::daily_arxiv::heading;
use super::fields::{Line, md_links};
use crate::arxiv;
use crate::model::Paper;

pub fn parse(lines: &[Line]) -> Parsed {
    let mut out = Parsed::default();
    let mut last_heading = String::new();
    let mut seen: HashSet<String> = HashSet::new();
    for line in lines {
        if let Some((_, text)) = heading(line.text) {
            last_heading = text.to_string();
        }
        let mut found: Vec<(String, String)> = md_links(line.text)
            .iter()
            .filter_map(|l| arxiv::id_from_url(l.url).map(|id| (id, l.text.trim().to_string())))
            .collect();
        if found.is_empty() {
            found = line
                .text
                .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'))
                .filter_map(|t| arxiv::id_from_url(t.trim_end_matches(['.', ',', ';'])))
                .map(|id| (id, String::new()))
                .collect();
        }
        for (id, text) in found {
            if !seen.insert(id.clone()) {
                continue;
            }
            let title = if is_generic_link_text(&text) {
                let h = last_heading.trim();
                if h.is_empty()
                    || md_links(h)
                        .iter()
                        .any(|l| arxiv::id_from_url(l.url).is_some())
                {
                    format!("arXiv:{id}")
                } else {
                    h.to_string()
                }
            } else {
                text
            };
            out.papers.push((
                line.no,
                Paper {
                    id,
                    title,
                    ..Paper::default()
                },
            ));
        }
    }
    out
}

fn is_generic_link_text(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.is_empty()
        || t.starts_with("http")
        || t.starts_with("arxiv")
        || matches!(
            t.as_str(),
            "pdf" | "abs" | "abstract" | "link" | "paper" | "html" | "here"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_arxiv_link_is_a_paper() {
        let text = "## A Great Paper\n[PDF](https://arxiv.org/pdf/2501.00001) [abs](https://arxiv.org/abs/2501.00001)\n- [Other Work](https://arxiv.org/abs/2501.00002v3)\nsee https://arxiv.org/abs/hep-th/9901001.\n";
        let lines = Line::numbered(text);
        let p = parse(&lines);
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
                ("hep-th/9901001", "A Great Paper")
            ]
        );
    }
}
