//! What both digest formats share: the labelled fields of one paper's block
//! (`TL;DR: ...`, `**Authors**: ...`, `> **TL;DR:** ...`), Markdown links, and the mapping of
//! labels to the fields of a [`PaperDraft`].

use super::block::{Block, Field};
use crate::arxiv::{self, ArxivId};
use crate::model::PaperDraft;

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
    is_anchor_links_only(t) || is_toc_entry(t)
}

/// A list item that opens with a link to an anchor on the page: a table of contents entry
/// (`- [cs.CL](#cs.CL) [Total: 38]`, `- [Agent Sec](#Agent-Sec) [Total: 4]`, `1. [Title (0.62)](#2606.31978v1)`).
fn is_toc_entry(t: &str) -> bool {
    let item = t.strip_prefix(['-', '*', '+']).or_else(|| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0)
            .then(|| &t[digits..])
            .and_then(|r| r.strip_prefix(['.', ')']))
    });
    let Some(item) = item.filter(|r| r.starts_with(' ')) else {
        return false;
    };
    let item = item.trim_start();
    item.starts_with('[')
        && md_links(item)
            .first()
            .is_some_and(|l| l.start == 0 && l.url.starts_with('#'))
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
pub fn first_arxiv_id(s: &str) -> Option<ArxivId> {
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
    /// The paper's primary category.
    Category,
    /// The paper's categories, primary first (`Categories: cs.CL, cs.AI`).
    Categories,
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

/// What a label means, by its letters and digits alone (`**TL;DR:**`, `Title (ZH)`,
/// `🧩 TL;DR`, `一句话总结`). A label with a part in brackets means what either part means,
/// the part outside first (`中文摘要 (Abstract in Chinese)`, `핵심 요약 (TL;DR)`), and a
/// language in brackets picks the abstract or title of that language (`Abstract (英文)`).
pub fn role(label: &str) -> Role {
    let r = role_of_key(label);
    if r != Role::Extra {
        return r;
    }
    let Some((outside, inside)) = label
        .split_once(['(', '（'])
        .map(|(o, i)| (o, i.trim_end_matches([')', '）', ' '])))
    else {
        return r;
    };
    let inside_key = Key::of(inside);
    let zh = matches!(
        inside_key.as_str(),
        "zh" | "cn" | "chinese" | "中文" | "中" | "译文"
    );
    let en = matches!(
        inside_key.as_str(),
        "en" | "english" | "英文" | "英" | "原文"
    );
    match role_of_key(outside) {
        Role::Abstract | Role::AbstractZh if zh => Role::AbstractZh,
        Role::Abstract | Role::AbstractZh if en => Role::Abstract,
        Role::Title | Role::TitleZh if zh => Role::TitleZh,
        Role::Title | Role::TitleZh if en => Role::Title,
        Role::Extra => role_of_key(inside),
        r => r,
    }
}

/// A label's letters and digits, lower-cased: on the stack for the usual short ASCII label
/// (this runs for every labelled line), in a `String` for the rest.
enum Key {
    Short([u8; 32], usize),
    Long(String),
}

impl Key {
    fn of(label: &str) -> Key {
        if label.is_ascii() {
            let mut buf = [0u8; 32];
            let mut n = 0;
            for b in label.bytes().filter(u8::is_ascii_alphanumeric) {
                if n == buf.len() {
                    return Key::Long(Key::slow(label));
                }
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
            return Key::Short(buf, n);
        }
        Key::Long(Key::slow(label))
    }

    fn slow(label: &str) -> String {
        label
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }

    fn as_str(&self) -> &str {
        match self {
            // Only ASCII letters and digits were written.
            Key::Short(buf, n) => std::str::from_utf8(&buf[..*n]).unwrap_or(""),
            Key::Long(s) => s,
        }
    }
}

fn role_of_key(label: &str) -> Role {
    let key = Key::of(label);
    match key.as_str() {
        "authors" | "author" | "作者" | "저자" | "著者" => Role::Authors,
        "maincategory" | "primarycategory" | "category" | "主分类" | "主类别" | "主要类别" => {
            Role::Category
        }
        "categories" | "arxivcategories" | "subjects" | "分类" | "类别" | "카테고리" => {
            Role::Categories
        }
        "title" | "englishtitle" | "英文标题" | "题目" => Role::Title,
        "titlezh" | "chinesetitle" | "中文标题" | "标题" | "标题翻译" => Role::TitleZh,
        "link" | "links" | "pdf" | "abs" | "url" | "arxiv" | "链接" | "arxivlink" | "paperlink" => {
            Role::Link
        }
        "tldr" | "一句话总结" | "一句话概括" | "太长不看" => Role::Tldr,
        "motivation" | "动机" | "研究动机" | "동기" | "動機" => Role::Motivation,
        "method" | "methods" | "方法" | "研究方法" | "방법" | "手法" => Role::Method,
        "result" | "results" | "结果" | "实验结果" | "결과" | "結果" => Role::Result,
        "conclusion" | "conclusions" | "结论" | "결론" | "結論" => Role::Conclusion,
        "abstract" | "englishabstract" | "originalabstract" | "原文摘要" | "英文摘要" => {
            Role::Abstract
        }
        "abstractzh" | "chineseabstract" | "摘要翻译" | "中文摘要" | "摘要" | "翻译摘要" => {
            Role::AbstractZh
        }
        _ => Role::Extra,
    }
}

/// Whether a label written without bold can start a field: a known label, or a short
/// phrase written as a label is (`Relevance Score`, `Read time`, `关键词`), not the start of
/// a sentence (`three key components`, `In this paper, we show`).
pub fn is_plain_label(label: &str) -> bool {
    let first_ok = label
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()));
    (first_ok && !label.contains([',', '.', '!', '?', ';', '，', '。', '；']))
        || role(label) != Role::Extra
}

/// Splits an author list on commas (ASCII, full-width or the enumeration comma `、`) and
/// semicolons.
pub fn split_authors(s: &str) -> Vec<String> {
    s.split([',', '，', ';', '；', '、'])
        .map(|a| a.trim().trim_matches('*').trim())
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// The arXiv category codes in a text, in order: `cs.CL`, `` `cs.AI` ``, `cs.LG (Machine
/// Learning)`, `cs.CV; eess.IV`.
pub fn category_codes(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in s.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | '`' | '(' | ')' | '[' | ']' | '*' | '，' | '；' | '|'
            )
    }) {
        if arxiv::is_category_code(t) && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// A text with its arXiv links taken out: Markdown links to arXiv (their text too) and bare
/// arXiv URLs (`<...>`, `(...)` or with a full stop after them). Other links stay.
pub fn without_arxiv_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for l in md_links(s) {
        out.push_str(&s[last..l.start]);
        if arxiv::id_from_url(l.url).is_none() {
            out.push_str(&s[l.start..l.end]);
        }
        last = l.end;
    }
    out.push_str(&s[last..]);
    out.split_whitespace()
        .filter(|t| {
            let bare = t
                .trim_matches(['<', '>', '(', ')'])
                .trim_end_matches(['.', ',', ';', ':']);
            arxiv::id_from_url(bare).is_none()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a text says more than the paper's arXiv links (a code link, a project page, a
/// note), not just their names (`PDF`, `abs`).
pub fn says_more_than_arxiv(value: &str) -> bool {
    without_arxiv_links(value).split_whitespace().any(|t| {
        let t = t.to_ascii_lowercase();
        t.chars().any(char::is_alphanumeric)
            && !matches!(
                t.as_str(),
                "pdf" | "abs" | "arxiv" | "html" | "link" | "paper"
            )
    })
}

/// Problems met while filling a paper from its fields, as (line, message).
pub type Notes = Vec<(usize, String)>;

/// Fills a paper from what its block says. The id and title come from the caller. Every
/// field lands somewhere: a known label in its place, anything else under its own label.
pub fn fill_paper(paper: &mut PaperDraft, block: Block, notes: &mut Notes) {
    if let Some(a) = block.authors_line {
        paper.authors = split_authors(&a);
    }
    if let Some(t) = block.quoted_title {
        paper.title_zh = t;
    }
    for f in block.fields {
        if !f.value.is_empty() {
            fill_field(paper, f, notes);
        }
    }
    for s in block.sections {
        paper.sections.push((s.title, s.body));
    }
    paper.more = block.more;
}

/// Puts one field where its label's role says: a known role in its place (or, when that is
/// taken by another value, among the paper's other fields), anything else under its label.
fn fill_field(paper: &mut PaperDraft, f: Field, notes: &mut Notes) {
    let Field { label, value, line } = f;
    let slot = match role(&label) {
        Role::Authors => {
            if paper.authors.is_empty() {
                paper.authors = split_authors(&value);
            } else {
                paper.extra.push((label, value));
            }
            return;
        }
        Role::Category | Role::Categories => {
            return fill_categories(paper, label, value, line, notes);
        }
        // The arXiv links are the paper's own; anything else a link field holds is kept.
        Role::Link => {
            if says_more_than_arxiv(&value) {
                paper.extra.push((label, value));
            }
            return;
        }
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
            paper.extra.push((label, value));
            return;
        }
    };
    if slot.is_empty() {
        *slot = value;
    } else if *slot != value {
        paper.extra.push((label, value));
    }
}

/// A category field (on `line`): its arXiv codes, the first the paper's category unless it
/// has one, the others among its other categories. A value with no code is kept as a field,
/// with a note.
fn fill_categories(
    paper: &mut PaperDraft,
    label: String,
    value: String,
    line: usize,
    notes: &mut Notes,
) {
    let codes = category_codes(&value);
    if codes.is_empty() {
        notes.push((
            line,
            format!(
                "{:?} is not an arXiv category; shown as a field, not used as the category",
                trunc(&value)
            ),
        ));
        paper.extra.push((label, value));
        return;
    }
    for code in codes {
        if paper.category.is_empty() {
            paper.category = code.into();
        } else if paper.category != code && !paper.other_categories.iter().any(|c| c == code) {
            paper.other_categories.push(code.into());
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
            "- [Agent Sec](#Agent-Sec) [Total: 4]",
            "1. [A Title (0.62)](#2606.31978v1)",
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
            "- [a link](https://example.org/#x)",
            "<detail",
        ] {
            assert!(!is_structural(t), "{t}");
        }
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
    fn labels_and_sentences() {
        for l in [
            "TL;DR",
            "Relevance Score",
            "Read time",
            "关键词",
            "Key Contributions",
            "AI_Comments",
        ] {
            assert!(is_plain_label(l), "{l}");
        }
        for l in [
            "three key components",
            "In this paper, we show",
            "e.g",
            "we find",
        ] {
            assert!(!is_plain_label(l), "{l}");
        }
    }

    #[test]
    fn labels_in_other_languages() {
        assert_eq!(role("一句话总结"), Role::Tldr);
        assert_eq!(role("**TLDR**"), Role::Tldr);
        assert_eq!(role("中文摘要"), Role::AbstractZh);
        assert_eq!(role("摘要"), Role::AbstractZh);
        assert_eq!(role("Categories"), Role::Categories);
        assert_eq!(role("결론"), Role::Conclusion);
        assert_eq!(role("🧩 TL;DR"), Role::Tldr);
        assert_eq!(role("📄 原文摘要"), Role::Abstract);
        assert_eq!(role("핵심 요약 (TL;DR)"), Role::Tldr);
        assert_eq!(role("원문 초록 (Abstract)"), Role::Abstract);
        assert_eq!(role("中文摘要 (Abstract in Chinese)"), Role::AbstractZh);
        assert_eq!(role("Abstract (英文)"), Role::Abstract);
        assert_eq!(role("Abstract (中文)"), Role::AbstractZh);
        assert_eq!(role("Title (ZH)"), Role::TitleZh);
        assert_eq!(role("Relevance (0-10)"), Role::Extra);
    }

    #[test]
    fn category_lists() {
        assert_eq!(category_codes("`cs.CL` `cs.AI`"), ["cs.CL", "cs.AI"]);
        assert_eq!(
            category_codes("cs.LG (Machine Learning); stat.ML, cs.LG"),
            ["cs.LG", "stat.ML"]
        );
        assert!(category_codes("Computer Vision").is_empty());
    }

    #[test]
    fn every_field_lands_somewhere() {
        let text = "*A, B*\n\nCategories: `cs.CL` `cs.AI`\n\n摘要: 我们提出一种方法。\n\n一句话总结: 短\n\nLink: [PDF](https://arxiv.org/pdf/2501.00001) [Code](https://github.com/x/y)\n\nMain category: Robots\n";
        let lines = Line::numbered(text);
        let mut ledger = super::super::ledger::Ledger::new(lines.iter().map(|l| l.text));
        let block = super::super::block::read(&lines, &mut ledger);
        let mut p = PaperDraft::default();
        let mut notes = Vec::new();
        fill_paper(&mut p, block, &mut notes);
        assert_eq!(p.category, "cs.CL");
        assert_eq!(p.other_categories, ["cs.AI"]);
        assert_eq!(p.abstract_zh, "我们提出一种方法。");
        assert_eq!(p.tldr, "短");
        let labels: Vec<&str> = p.extra.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["Link", "Main category"]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, 11);
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
