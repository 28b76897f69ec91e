//! What both digest formats share: the labelled fields of one paper's block
//! (`TL;DR: ...`, `**Authors**: ...`, `> **TL;DR:** ...`), Markdown links, and the mapping of
//! labels to the fields of a [`Paper`].

use super::text::join_wrapped;
use crate::arxiv;
use crate::model::Paper;

/// A line of the file with its 1-based number.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// Every line of `text`, numbered from 1.
    pub fn numbered(text: &'a str) -> Vec<Line<'a>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect()
    }
}

/// One `Label: value` field, its value joined into paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: String,
    pub line: usize,
}

/// The fields of one paper block, in file order.
#[derive(Debug, Default)]
pub struct Fields {
    /// From a line wholly in single asterisks (`*A,B,C*`) before any labelled field.
    pub authors_line: Option<String>,
    /// From a quoted italic line (`> *...*`) right after the heading.
    pub quoted_title: Option<String>,
    pub fields: Vec<Field>,
}

enum Kind<'a> {
    Blank,
    Structural,
    Label {
        label: &'a str,
        value: &'a str,
        bold: bool,
    },
    Italic {
        inner: &'a str,
        rest: &'a str,
        quoted: bool,
    },
    Text,
}

/// Strips `>` blockquote markers; tells whether there were any.
fn unquote(s: &str) -> (&str, bool) {
    let mut s = s.trim_start();
    let mut quoted = false;
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
        quoted = true;
    }
    (s, quoted)
}

/// Lines that only shape the document: HTML wrappers, rules, back-to-top links.
pub fn is_structural(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    const TAGS: &[&str] = &[
        "<details",
        "</details",
        "<summary",
        "</summary",
        "<div",
        "</div",
        "<a id",
        "<a name",
        "</a>",
        "<br",
        "<hr",
        "<p>",
        "</p>",
    ];
    let head = t.as_bytes();
    if TAGS.iter().any(|tag| {
        head.len() >= tag.len() && head[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
    }) {
        return true;
    }
    if t.len() >= 3
        && (t.bytes().all(|b| b == b'-')
            || t.bytes().all(|b| b == b'*')
            || t.bytes().all(|b| b == b'_'))
    {
        return true;
    }
    is_anchor_links_only(t)
}

/// `[⬆️ back](#cscr) | [top](#toc)`: nothing but links to anchors on this page.
fn is_anchor_links_only(t: &str) -> bool {
    // Outside its links such a line holds only spaces, `|` and `·`: it starts with `[` and
    // ends with `)` once those are trimmed. Most lines do not, and skip the scan for links.
    let filler = |c: char| c.is_whitespace() || c == '|' || c == '·';
    let inner = t.trim_matches(filler);
    if !inner.starts_with('[') || !inner.ends_with(')') {
        return false;
    }
    let links = md_links(t);
    if links.is_empty() || links.iter().any(|l| !l.url.starts_with('#')) {
        return false;
    }
    let mut rest = String::new();
    let mut last = 0;
    for l in &links {
        rest.push_str(&t[last..l.start]);
        last = l.end;
    }
    rest.push_str(&t[last..]);
    rest.chars()
        .all(|c| c.is_whitespace() || c == '|' || c == '·')
}

fn classify(raw: &str) -> Kind<'_> {
    if raw.trim().is_empty() {
        return Kind::Blank;
    }
    if is_structural(raw) {
        return Kind::Structural;
    }
    let (s, quoted) = unquote(raw);
    if s.is_empty() {
        return Kind::Blank;
    }
    if let Some((label, value, bold)) = label_of(s) {
        return Kind::Label { label, value, bold };
    }
    if let Some(inner_start) = s.strip_prefix('*')
        && !inner_start.starts_with('*')
        && let Some(end) = inner_start.find('*')
    {
        let inner = inner_start[..end].trim();
        let rest = inner_start[end + 1..].trim();
        if !inner.is_empty() && (rest.is_empty() || rest.starts_with('|')) {
            return Kind::Italic {
                inner,
                rest: rest.trim_start_matches('|').trim(),
                quoted,
            };
        }
    }
    Kind::Text
}

/// Recognises `Label: value`, `**Label:** value`, `**Label**: value` and
/// `**Label: value**`. Returns the label, the value and whether the label was bold.
pub fn label_of(s: &str) -> Option<(&str, &str, bool)> {
    let s = s.trim_start();
    if let Some(after) = s.strip_prefix("**") {
        let close = after.find("**")?;
        let inner = &after[..close];
        let rest = &after[close + 2..];
        let (label, value) =
            if let Some(l) = inner.strip_suffix(':').or_else(|| inner.strip_suffix('：')) {
                (l, rest)
            } else if let Some(v) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) {
                (inner, v)
            } else {
                let (l, v) = split_colon(inner)?;
                if !rest.trim().is_empty() {
                    return None;
                }
                (l, v)
            };
        let label = label.trim();
        return valid_label(label).then_some((label, value.trim(), true));
    }
    let (label, value) = split_colon(s)?;
    let label = label.trim();
    (valid_label(label) && !value.starts_with("//")).then_some((label, value.trim(), false))
}

/// Splits at the first `:` or `：` among the first 48 characters.
fn split_colon(s: &str) -> Option<(&str, &str)> {
    // By bytes: this runs on every line of every file.
    let b = s.as_bytes();
    let mut chars = 0;
    for (i, &byte) in b.iter().enumerate() {
        if byte & 0xC0 == 0x80 {
            continue; // inside a character
        }
        if chars == 48 {
            return None;
        }
        chars += 1;
        if byte == b':' {
            return Some((&s[..i], &s[i + 1..]));
        }
        if b[i..].starts_with("：".as_bytes()) {
            return Some((&s[..i], &s[i + "：".len()..]));
        }
    }
    None
}

fn valid_label(label: &str) -> bool {
    let chars = label.chars().count();
    (1..=40).contains(&chars)
        && label.chars().next().is_some_and(char::is_alphabetic)
        && !label.contains([
            '*', '[', ']', '<', '>', '`', '|', '#', '$', '\\', '/', '{', '}', '"', '=',
        ])
        && !label.to_ascii_lowercase().starts_with("http")
        && label.split_whitespace().count() <= 4
}

/// Reads the fields of one paper block (the lines after its heading).
pub fn scan(lines: &[Line]) -> Fields {
    let mut out = Fields::default();
    let mut cur: Option<(Field, Vec<&str>)> = None;
    let mut boundary = true;
    let close = |cur: &mut Option<(Field, Vec<&str>)>, out: &mut Fields| {
        if let Some((mut f, lines)) = cur.take() {
            f.value = join_wrapped(&lines);
            out.fields.push(f);
        }
    };
    for line in lines {
        match classify(line.text) {
            Kind::Blank => {
                if let Some((_, l)) = cur.as_mut() {
                    l.push("");
                }
                boundary = true;
            }
            Kind::Structural => {
                close(&mut cur, &mut out);
                boundary = true;
            }
            Kind::Label { label, value, bold } if bold || boundary || cur.is_none() => {
                close(&mut cur, &mut out);
                let field = Field {
                    label: label.to_string(),
                    value: String::new(),
                    line: line.no,
                };
                cur = Some((field, vec![value]));
                boundary = false;
            }
            Kind::Italic {
                inner,
                rest,
                quoted,
            } if out.fields.is_empty() && cur.is_none() => {
                if quoted && out.authors_line.is_none() && out.quoted_title.is_none() {
                    out.quoted_title = Some(inner.to_string());
                } else if out.authors_line.is_none() {
                    out.authors_line = Some(inner.to_string());
                    if let Some((label, value, _)) = label_of(rest) {
                        out.fields.push(Field {
                            label: label.to_string(),
                            value: value.trim_end_matches('*').trim().to_string(),
                            line: line.no,
                        });
                    }
                }
                boundary = false;
            }
            _ => {
                if let Some((_, l)) = cur.as_mut() {
                    let (s, _) = unquote(line.text);
                    l.push(s);
                }
                boundary = false;
            }
        }
    }
    close(&mut cur, &mut out);
    out
}

/// A Markdown link `[text](url)` found in a line, with its byte range.
#[derive(Debug, PartialEq)]
pub struct MdLink<'a> {
    pub text: &'a str,
    pub url: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Finds the inline Markdown links of a line; link text may hold nested brackets.
pub fn md_links(s: &str) -> Vec<MdLink<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // The end of the URL that starts at or before `i`: every URL scanned up to it ends
    // there too, so a line of many `](` is scanned once, not once per `](`.
    let mut url_stop: Option<usize> = None;
    while let Some(off) = s[i..].find("](") {
        let mid = i + off;
        // Find the '[' that opens this text, allowing nested brackets.
        let mut depth = 0usize;
        let mut open = None;
        for j in (i..mid).rev() {
            match bytes[j] {
                b']' => depth += 1,
                b'[' if depth == 0 => {
                    open = Some(j);
                    break;
                }
                b'[' => depth -= 1,
                _ => {}
            }
        }
        let url_start = mid + 2;
        let url_end = match url_stop {
            Some(stop) if stop >= url_start => stop,
            _ => match s[url_start..].find(|c: char| c == ')' || c.is_whitespace()) {
                Some(rel) => url_start + rel,
                None => break,
            },
        };
        url_stop = Some(url_end);
        if let Some(open) = open
            && bytes.get(url_end) == Some(&b')')
        {
            out.push(MdLink {
                text: &s[open + 1..mid],
                url: &s[url_start..url_end],
                start: open,
                end: url_end + 1,
            });
            i = url_end + 1;
        } else {
            i = url_start;
        }
    }
    out
}

/// The first arXiv id in a text: in a Markdown link, or in a bare URL.
pub fn first_arxiv_id(s: &str) -> Option<String> {
    if let Some(id) = md_links(s).iter().find_map(|l| arxiv::id_from_url(l.url)) {
        return Some(id);
    }
    s.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | '\''))
        .find_map(|t| arxiv::id_from_url(t.trim_end_matches(['.', ',', ';', ':'])))
}

/// What a label means.
#[derive(Debug, PartialEq, Eq)]
pub enum Role {
    Authors,
    Category,
    Title,
    TitleZh,
    Link,
    Tldr,
    Motivation,
    Method,
    Result,
    Conclusion,
    Abstract,
    AbstractZh,
    Extra,
}

pub fn role(label: &str) -> Role {
    let key: String = label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "authors" | "author" | "作者" => Role::Authors,
        "maincategory" | "primarycategory" | "category" | "主分类" | "分类" => Role::Category,
        "title" => Role::Title,
        "titlezh" | "chinesetitle" | "中文标题" | "标题" => Role::TitleZh,
        "link" | "links" | "pdf" | "url" | "arxiv" | "链接" => Role::Link,
        "tldr" => Role::Tldr,
        "motivation" | "动机" => Role::Motivation,
        "method" | "methods" | "方法" => Role::Method,
        "result" | "results" | "结果" => Role::Result,
        "conclusion" | "conclusions" | "结论" => Role::Conclusion,
        "abstract" => Role::Abstract,
        "abstractzh" | "chineseabstract" | "摘要翻译" | "中文摘要" | "摘要" => {
            Role::AbstractZh
        }
        _ => Role::Extra,
    }
}

/// Splits an author list on commas (ASCII or full-width) and semicolons.
pub fn split_authors(s: &str) -> Vec<String> {
    s.split([',', '，', ';', '；'])
        .map(|a| a.trim().trim_matches('*').trim())
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// Problems met while filling a paper from its fields, as (line, message).
pub type Notes = Vec<(usize, String)>;

/// Fills a paper from the fields of its block. The id and title come from the caller.
pub fn fill_paper(paper: &mut Paper, fields: Fields, notes: &mut Notes) {
    if let Some(a) = fields.authors_line {
        paper.authors = split_authors(&a);
    }
    if let Some(t) = fields.quoted_title {
        paper.title_zh = t;
    }
    for f in fields.fields {
        let value = f.value;
        if value.is_empty() {
            continue;
        }
        let slot = match role(&f.label) {
            Role::Authors => {
                paper.authors = split_authors(&value);
                continue;
            }
            Role::Category => {
                let code = value
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '(')
                    .next()
                    .unwrap_or("")
                    .trim_matches('*');
                if arxiv::is_category_code(code) {
                    paper.category = code.to_string();
                } else {
                    notes.push((
                        f.line,
                        format!("{:?} is not an arXiv category; ignored", trunc(&value)),
                    ));
                }
                continue;
            }
            Role::Link => continue, // read by the caller, for the id
            Role::Title => &mut paper.title,
            Role::TitleZh => &mut paper.title_zh,
            Role::Tldr => &mut paper.tldr,
            Role::Motivation => &mut paper.motivation,
            Role::Method => &mut paper.method,
            Role::Result => &mut paper.result,
            Role::Conclusion => &mut paper.conclusion,
            Role::Abstract => &mut paper.abstract_en,
            Role::AbstractZh => &mut paper.abstract_zh,
            Role::Extra => {
                paper.extra.push((f.label, value));
                continue;
            }
        };
        if slot.is_empty() {
            *slot = value;
        } else {
            paper.extra.push((f.label, value));
        }
    }
}

/// A short form of a value for messages.
pub fn trunc(s: &str) -> String {
    if s.chars().count() > 60 {
        let t: String = s.chars().take(57).collect();
        format!("{t}...")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_within_the_first_48_characters() {
        let at = |n: usize, colon: &str| format!("{}{colon} value", "é".repeat(n));
        assert_eq!(split_colon(&at(47, ":")).map(|(_, v)| v), Some(" value"));
        assert_eq!(split_colon(&at(47, "：")).map(|(_, v)| v), Some(" value"));
        assert_eq!(split_colon(&at(48, ":")), None);
        assert_eq!(split_colon("TL;DR：短"), Some(("TL;DR", "短")));
        assert_eq!(split_colon("no colon here"), None);
        assert_eq!(split_colon(""), None);
    }

    #[test]
    fn structural_lines() {
        for t in [
            "<DETAILS>",
            "  </summary>",
            "---",
            "[⬆️ back](#cscr) | [top](#toc)",
            "| [top](#toc) |",
            "· [a](#a) · [b](#b) ·",
        ] {
            assert!(is_structural(t), "{t}");
        }
        for t in [
            "**Abstract**: text",
            "[PDF](https://arxiv.org/pdf/2506.20747)",
            "[top](#toc) and more",
            "see [top](#toc)",
            "<detail",
        ] {
            assert!(!is_structural(t), "{t}");
        }
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        Line::numbered(text)
    }

    #[test]
    fn labels_in_every_style() {
        assert_eq!(label_of("TL;DR: short"), Some(("TL;DR", "short", false)));
        assert_eq!(label_of("**TL;DR:** short"), Some(("TL;DR", "short", true)));
        assert_eq!(
            label_of("**Title (ZH)**: 标题 "),
            Some(("Title (ZH)", "标题", true))
        );
        assert_eq!(
            label_of("**Main category: cs.CR**"),
            Some(("Main category", "cs.CR", true))
        );
        assert_eq!(
            label_of("摘要翻译：中文"),
            Some(("摘要翻译", "中文", false))
        );
        assert_eq!(label_of("see https://x.org: here"), None);
        assert_eq!(label_of("[link](http://a): b"), None);
        assert_eq!(
            label_of("This is a long sentence that happens to have: a colon"),
            None
        );
    }

    #[test]
    fn scans_a_daily_arxiv_block() {
        let text = "*Chen Shen,Sajjadur Rahman*\n\nMain category: cs.CL\n\nTL;DR: 中文\n\n\n<details>\n  <summary>Details</summary>\nMotivation: m\n\nAbstract: line one\nline two\n\n</details>\n";
        let f = scan(&lines(text));
        assert_eq!(f.authors_line.as_deref(), Some("Chen Shen,Sajjadur Rahman"));
        let got: Vec<(&str, &str)> = f
            .fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Main category", "cs.CL"),
                ("TL;DR", "中文"),
                ("Motivation", "m"),
                ("Abstract", "line one line two")
            ]
        );
        assert_eq!(f.fields[3].line, 12);
    }

    #[test]
    fn wrapped_line_starting_like_a_label_continues() {
        let f = scan(&lines("Abstract: We show\nResults: are good.\n"));
        assert_eq!(f.fields.len(), 1);
        assert_eq!(f.fields[0].value, "We show Results: are good.");
    }

    #[test]
    fn quoted_fields_and_back_links() {
        let text = "> *冬日战士*\n\n*A, B* | **Main category: cs.CR**\n\n> **TL;DR:** 研究表明\n\n**Key Contributions:**\n\n\t1. one\n\t2. two\n\n[⬆️ 返回分类顶部](#cscr) | [⬆️ 返回总目录](#toc)\n";
        let f = scan(&lines(text));
        assert_eq!(f.quoted_title.as_deref(), Some("冬日战士"));
        assert_eq!(f.authors_line.as_deref(), Some("A, B"));
        assert_eq!(f.fields[0].label, "Main category");
        assert_eq!(f.fields[0].value, "cs.CR");
        assert_eq!(f.fields[1].value, "研究表明");
        assert_eq!(f.fields[2].value, "1. one\n2. two");
    }

    #[test]
    fn links_with_nested_brackets() {
        let l = md_links("### [3] [A [Re] Study](https://arxiv.org/abs/2506.20803)");
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].text, "A [Re] Study");
        assert_eq!(l[0].url, "https://arxiv.org/abs/2506.20803");
        assert_eq!(
            first_arxiv_id("[PDF](https://arxiv.org/pdf/2506.06254)  ").as_deref(),
            Some("2506.06254")
        );
        assert_eq!(
            first_arxiv_id("see https://arxiv.org/abs/2401.00001v2.").as_deref(),
            Some("2401.00001")
        );
        assert_eq!(
            first_arxiv_id("see https://arxiv.org/abs/2401.00001v2 now").as_deref(),
            Some("2401.00001")
        );
    }
}
