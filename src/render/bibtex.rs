//! A paper's BibTeX entry (`@misc` with `eprint`, `archivePrefix`, `primaryClass`), written at
//! build time into the paper page for "Copy BibTeX".

use super::markdown;
use crate::model::Paper;

/// The BibTeX entry of a paper.
pub fn entry(p: &Paper) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("@misc{");
    out.push_str(&key(&p.id));
    out.push_str(",\n");
    let title = markdown::plain(p.title());
    let title = if title.is_empty() {
        markdown::plain(p.title_zh())
    } else {
        title
    };
    field(&mut out, "title", &value(&title));
    if !p.authors().is_empty() {
        let authors: Vec<String> = p.authors().iter().map(author).collect();
        field(&mut out, "author", &authors.join(" and "));
    }
    field(&mut out, "year", &year(p));
    field(&mut out, "eprint", &p.id);
    field(&mut out, "archivePrefix", "arXiv");
    if crate::arxiv::is_category_code(&p.category) {
        field(&mut out, "primaryClass", &p.category);
    }
    field(&mut out, "url", &p.abs_url());
    out.push('}');
    out
}

fn field(out: &mut String, name: &str, value: &str) {
    out.push_str("  ");
    out.push_str(name);
    out.push_str(" = {");
    out.push_str(value);
    out.push_str("},\n");
}

/// A citation key: the arXiv id, with `/` of old-style ids made `_`.
fn key(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The year of the paper: from a new-style id (`2506.x` is 2025), an old-style one
/// (`hep-th/9901001` is 1999), else the day it was first listed.
fn year(p: &Paper) -> String {
    let digits: String =
        p.id.rsplit('/')
            .next()
            .unwrap_or("")
            .chars()
            .take(2)
            .collect();
    match digits.parse::<u32>() {
        Ok(yy) if digits.len() == 2 => {
            let century = if yy >= 91 { 1900 } else { 2000 };
            (century + yy).to_string()
        }
        _ => chrono::Datelike::year(&p.date()).to_string(),
    }
}

/// A name in an author list: one that holds " and " is braced, so BibTeX keeps it whole.
fn author(name: &str) -> String {
    let v = value(name.trim());
    if v.to_lowercase().contains(" and ") {
        format!("{{{v}}}")
    } else {
        v
    }
}

/// A field value: balanced braces and TeX math are kept, unbalanced braces and the
/// characters special to LaTeX outside math (`& % #`) are escaped, a lone `\` at the end
/// is dropped, and line breaks become spaces.
pub fn value(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    // Which braces pair up: those that do not are escaped.
    let mut escape = vec![false; chars.len()];
    let mut open = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => open.push(i),
            '}' => match open.pop() {
                Some(_) => {}
                None => escape[i] = true,
            },
            _ => {}
        }
        i += 1;
    }
    for i in open {
        escape[i] = true;
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut in_math = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                // A lone `\` at the very end is dropped: it would escape the closing brace.
                if let Some(&next) = chars.get(i + 1) {
                    out.push('\\');
                    out.push(next);
                    i += 1;
                }
            }
            '$' => {
                in_math = !in_math;
                out.push('$');
            }
            '{' | '}' if escape[i] => {
                out.push('\\');
                out.push(c);
            }
            '&' | '%' | '#' if !in_math => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_math {
        // An unclosed `$` would swallow the rest of the entry.
        out = out.replace('$', "\\$");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PaperDraft;

    fn paper() -> Paper {
        PaperDraft {
            id: "1706.03762".into(),
            title: "Attention Is {All} You Need: 100% & $O(n^2)$".into(),
            authors: vec!["Ashish Vaswani".into(), "Noam Shazeer".into()],
            category: "cs.CL".into(),
            ..PaperDraft::default()
        }
        .freeze()
    }

    #[test]
    fn an_entry_has_every_field() {
        let e = entry(&paper());
        assert!(e.starts_with("@misc{1706.03762,\n"), "{e}");
        assert!(
            e.contains("  title = {Attention Is {All} You Need: 100\\% \\& $O(n^2)$},\n"),
            "{e}"
        );
        assert!(
            e.contains("  author = {Ashish Vaswani and Noam Shazeer},\n"),
            "{e}"
        );
        assert!(e.contains("  year = {2017},\n"), "{e}");
        assert!(e.contains("  eprint = {1706.03762},\n"), "{e}");
        assert!(e.contains("  archivePrefix = {arXiv},\n"), "{e}");
        assert!(e.contains("  primaryClass = {cs.CL},\n"), "{e}");
        assert!(
            e.ends_with("  url = {https://arxiv.org/abs/1706.03762},\n}"),
            "{e}"
        );
    }

    #[test]
    fn braces_always_balance() {
        assert_eq!(value("a } b { c"), "a \\} b \\{ c");
        assert_eq!(value("{x}} {"), "{x}\\} \\{");
        assert_eq!(value("ends with \\"), "ends with ");
        assert_eq!(value("\\{ kept"), "\\{ kept");
        assert_eq!(value("$x unclosed"), "\\$x unclosed");
        for s in ["}{", "{{{", "}}}a{", "\\}{", "a\\", "${$"] {
            let v = value(s);
            let mut depth = 0i32;
            let cs: Vec<char> = v.chars().collect();
            let mut i = 0;
            while i < cs.len() {
                match cs[i] {
                    '\\' => i += 1,
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "{s} -> {v}");
                i += 1;
            }
            assert_eq!(depth, 0, "{s} -> {v}");
        }
    }

    #[test]
    fn old_ids_and_odd_names() {
        let p = PaperDraft {
            id: "hep-th/9901001".into(),
            title: "T".into(),
            authors: vec!["Smith and Sons Lab".into()],
            category: "hep-th".into(),
            ..PaperDraft::default()
        }
        .freeze();
        let e = entry(&p);
        assert!(e.starts_with("@misc{hep-th_9901001,"), "{e}");
        assert!(e.contains("year = {1999}"), "{e}");
        assert!(e.contains("author = {{Smith and Sons Lab}}"), "{e}");
    }
}
