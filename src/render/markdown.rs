//! Digest fields (Markdown with LaTeX) to safe HTML.
//!
//! Every field comes from an untrusted file. Raw HTML becomes text, links keep only http(s)
//! and mailto targets, images become their alt text, headings become paragraphs, and math
//! becomes MathML through [`math_html`]. What comes out can be placed in a page as is.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

use super::cjk_strong::strong;

fn options() -> Options {
    Options::ENABLE_MATH | Options::ENABLE_STRIKETHROUGH
}

/// Whether `md` is one line of text that Markdown leaves as it is: no character that could
/// start markup, an entity, math or a link, nothing to escape (quotes are not escaped in
/// element content), nothing to trim, no block marker in front. Most titles and abstracts
/// are; they skip the parser (the tests hold both ways to the same output).
fn is_plain_line(md: &str) -> bool {
    let (Some(first), Some(last)) = (md.chars().next(), md.chars().next_back()) else {
        return false;
    };
    !first.is_whitespace()
        && !last.is_whitespace()
        && !matches!(first, '-' | '+' | '=' | '0'..='9')
        && !md.bytes().any(|b| {
            matches!(
                b,
                b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'$' | b'!' | b'#'
                    | b'|' | b'~'
            )
        })
        // Line breaks, tabs, NUL and the other control characters.
        && !md.contains(|c: char| c.is_control())
        // Bare URLs become links (`Safe::linkify`).
        && !md.contains("http")
}

/// A field as block HTML (paragraphs, lists, ...).
pub fn block(md: &str) -> String {
    if is_plain_line(md) {
        let mut out = String::with_capacity(md.len() + 7);
        out.push_str("<p>");
        out.push_str(md);
        out.push_str("</p>");
        return out;
    }
    parsed_block(md)
}

fn parsed_block(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 4);
    push_safe(&mut out, md, false);
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// The safe HTML of `md` (inline only if `inline`), with bold next to CJK punctuation read
/// as bold ([`strong`]) where the text has a `**` at all.
fn push_safe(out: &mut String, md: &str, inline: bool) {
    let events = Parser::new_ext(md, options());
    if md.contains("**") {
        html::push_html(out, Safe::new(strong(events).into_iter(), inline));
    } else {
        html::push_html(out, Safe::new(events, inline));
    }
}

/// A field as inline HTML, for titles: no block elements and no links.
pub fn inline(md: &str) -> String {
    if is_plain_line(md) {
        return md.to_string();
    }
    parsed_inline(md)
}

fn parsed_inline(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 16);
    push_safe(&mut out, md, true);
    out.trim().to_string()
}

/// Plain text of a field, for attributes, feeds and search: Markdown syntax removed.
pub fn plain(md: &str) -> String {
    if is_plain_line(md) {
        return single_spaced(md);
    }
    parsed_plain(md)
}

fn parsed_plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let events = Parser::new_ext(md, options());
    if md.contains("**") {
        push_plain(&mut out, strong(events).into_iter());
    } else {
        push_plain(&mut out, events);
    }
    // Control characters mean nothing in text and are not allowed in XML: drop them.
    out.retain(|c| !c.is_control() || c.is_whitespace());
    single_spaced(&out)
}

/// The words of `s` with one space between them.
fn single_spaced(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.shrink_to_fit();
    out
}

fn push_plain<'a>(out: &mut String, events: impl Iterator<Item = Event<'a>>) {
    for ev in events {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::InlineMath(t) => {
                out.push('$');
                out.push_str(&t);
                out.push('$');
            }
            Event::DisplayMath(t) => {
                out.push_str("$$");
                out.push_str(&t);
                out.push_str("$$");
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
}

/// Whether an inline `$...$` span is math. Chinese and Japanese text inside one (outside a
/// `\text{}`) is not: it is two currency signs or a stray `$` pulling a sentence in
/// (`成本从$5降到$2`), which stays text.
fn is_math(tex: &str) -> bool {
    tex.contains("\\text") || !tex.chars().any(crate::content::text::is_cjk)
}

/// The math of a field, in order: each span's TeX source and whether it is display math.
pub fn math_spans(md: &str) -> Vec<(String, bool)> {
    Parser::new_ext(md, options())
        .filter_map(|ev| match ev {
            Event::InlineMath(t) if !is_math(&t) => None,
            Event::InlineMath(t) => Some((t.into_string(), false)),
            Event::DisplayMath(t) => Some((t.into_string(), true)),
            _ => None,
        })
        .collect()
}

/// TeX math as HTML: MathML where it converts ([`super::math`]), else the source, escaped,
/// in a span the stylesheet can set apart.
pub fn math_html(tex: &str, display: bool) -> String {
    if let Some(m) = super::math::to_mathml(tex, display) {
        return m;
    }
    math_source(tex, display)
}

/// TeX math shown as its escaped source.
pub fn math_source(tex: &str, display: bool) -> String {
    let mut out = String::with_capacity(tex.len() + 40);
    out.push_str(if display {
        "<span class=\"math math-display\">"
    } else {
        "<span class=\"math\">"
    });
    escape_into(&mut out, tex);
    out.push_str("</span>");
    out
}

/// Escapes text for HTML element content and attribute values: `&`, `<`, `>`, `"` and `'`
/// become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`, as in the HTML pulldown-cmark
/// writes. The one HTML escape of the crate; feeds and sitemaps have their own for XML
/// ([`super::xml::escape`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    // Writing to a String never fails.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// Whether a link target may appear in the site: absolute http(s) or mailto only.
pub fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .take(10)
        .collect::<String>()
        .to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

/// Filters a Markdown event stream down to what is safe and fits the page.
struct Safe<'a, I: Iterator<Item = Event<'a>>> {
    inner: I,
    inline: bool,
    /// For each open link: whether it was kept (so its end is kept too).
    links: Vec<bool>,
    pending: std::collections::VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Safe<'a, I> {
    fn new(inner: I, inline: bool) -> Self {
        Safe {
            inner,
            inline,
            links: Vec::new(),
            pending: Default::default(),
        }
    }

    /// Splits a text event at bare http(s) URLs, which become links.
    fn linkify(&mut self, text: CowStr<'a>) -> Event<'a> {
        if self.inline || !self.links.is_empty() || !text.contains("http") {
            return Event::Text(text);
        }
        let s: &str = &text;
        let mut parts: Vec<Event<'a>> = Vec::new();
        let mut last = 0;
        let mut search = 0;
        while let Some(off) = s[search..].find("http") {
            let start = search + off;
            let rest = &s[start..];
            let boundary_ok = start == 0 || !s[..start].ends_with(|c: char| c.is_alphanumeric());
            let scheme_ok = rest.starts_with("https://") || rest.starts_with("http://");
            let len = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']' | '，' | '。')
                })
                .unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            if boundary_ok && scheme_ok && url.len() > 8 && is_safe_url(url) {
                if start > last {
                    parts.push(Event::Text(CowStr::from(s[last..start].to_string())));
                }
                let dest = CowStr::from(url.to_string());
                parts.push(Event::Start(Tag::Link {
                    link_type: LinkType::Autolink,
                    dest_url: dest.clone(),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
                parts.push(Event::Text(dest));
                parts.push(Event::End(TagEnd::Link));
                last = start + url.len();
                search = last;
            } else {
                search = start + 4;
            }
        }
        if parts.is_empty() {
            return Event::Text(text);
        }
        if last < s.len() {
            parts.push(Event::Text(CowStr::from(s[last..].to_string())));
        }
        let first = parts.remove(0);
        self.pending.extend(parts);
        first
    }

    fn map(&mut self, ev: Event<'a>) -> Option<Event<'a>> {
        let inline = self.inline;
        Some(match ev {
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Text(t) => self.linkify(t),
            Event::InlineMath(t) if !is_math(&t) => Event::Text(format!("${t}$").into()),
            Event::InlineMath(t) => Event::InlineHtml(math_html(&t, false).into()),
            Event::DisplayMath(t) => Event::InlineHtml(math_html(&t, !inline).into()),
            Event::Start(Tag::HtmlBlock) => {
                if inline {
                    return None;
                }
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::HtmlBlock) => {
                if inline {
                    return Some(Event::Text(" ".into()));
                }
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = !inline && is_safe_url(&dest_url);
                self.links.push(keep);
                if !keep {
                    return None;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if !self.links.pop().unwrap_or(false) {
                    return None;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => return None,
            Event::Start(Tag::Heading { .. }) if !inline => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::Heading(_)) if !inline => Event::End(TagEnd::Paragraph),
            Event::Start(_) if inline && is_block_start(&ev) => return None,
            Event::End(t) if inline && is_block_end(t) => Event::Text(" ".into()),
            Event::SoftBreak if inline => Event::Text(" ".into()),
            Event::HardBreak if inline => Event::Text(" ".into()),
            Event::Rule if inline => return None,
            Event::TaskListMarker(_) => return None,
            Event::FootnoteReference(t) => Event::Text(t),
            other => other,
        })
    }
}

fn is_block_start(ev: &Event) -> bool {
    matches!(
        ev,
        Event::Start(
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::MetadataBlock(_)
        )
    )
}

fn is_block_end(t: TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
    )
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Safe<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(ev) = self.pending.pop_front() {
            return Some(ev);
        }
        loop {
            let ev = self.inner.next()?;
            if let Some(out) = self.map(ev) {
                return Some(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_around_chinese_text_are_not_math() {
        assert_eq!(
            block("成本从$5降到$2，效果更好。"),
            "<p>成本从$5降到$2，效果更好。</p>"
        );
        assert!(block("我们用 $x$ 表示输入").contains("<math"));
        assert!(block(r"记为 $\text{损失}(x)$ 即可").contains("<math"));
        assert!(math_spans("成本从$5降到$2，而 $x^2$ 是平方").len() == 1);
    }

    /// The lines the shortcut must treat exactly as the parser does: tricky ones, and every
    /// line of the real digests where `../shared` exists.
    fn sample_lines() -> Vec<String> {
        let mut lines: Vec<String> = [
            "Plain words only",
            "Quotes \"double\" and 'single' stay",
            "Colon: subtitle (with parentheses) and 50% more",
            "1. a list",
            "2025 was a year",
            "- item",
            "+ item",
            "= not a heading",
            "    indented code",
            " leading space",
            "trailing space ",
            "ends with\u{3000}",
            "two  spaces and\u{3000}an ideographic one",
            "\u{a0}starts with a no-break space",
            "see https://arxiv.org/abs/2506.20747 now",
            "tab\there",
            "nul\0here",
            "c1 \u{85} control",
            "a & b < c > d",
            "math $x^2$ here",
            "注意力机制：一种方法",
            "emoji 🙂 and RTL \u{202e}text",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        for dir in ["seeds", "corpus"] {
            let Ok(entries) = std::fs::read_dir(shared.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    lines.extend(text.lines().map(|l| {
                        // The value of a labelled field, as the parsers hand it on.
                        l.split_once(": ").map_or(l, |(_, v)| v).trim().to_string()
                    }));
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
        lines
    }

    #[test]
    fn escapes_the_five_html_characters() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's 注意力</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s 注意力&lt;/a&gt;"
        );
        assert_eq!(escape("plain"), "plain");
        let mut out = String::from("<span>");
        escape_into(&mut out, "$a<b$");
        assert_eq!(out, "<span>$a&lt;b$");
    }

    #[test]
    fn plain_lines_render_as_the_parser_renders_them() {
        let mut shortcut = 0;
        let lines = sample_lines();
        for line in &lines {
            assert_eq!(block(line), parsed_block(line), "block of {line:?}");
            assert_eq!(inline(line), parsed_inline(line), "inline of {line:?}");
            assert_eq!(plain(line), parsed_plain(line), "plain of {line:?}");
            shortcut += usize::from(is_plain_line(line));
        }
        assert!(
            shortcut >= 3,
            "only {shortcut} of {} lines took the shortcut",
            lines.len()
        );
    }

    #[test]
    fn raw_html_is_text() {
        let h = block("Hi <script>alert(1)</script> and <img src=x onerror=alert(1)>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        let h = block("<iframe src=\"javascript:alert(1)\"></iframe>\n\nnext");
        assert!(!h.contains("<iframe"), "{h}");
    }

    #[test]
    fn unsafe_links_lose_their_target() {
        let h = block(
            "[click](javascript:alert(1)) [ok](https://example.org/a) ![x](data:text/html,hi)",
        );
        assert!(!h.to_lowercase().contains("javascript:"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(
            h.contains("<a href=\"https://example.org/a\">ok</a>"),
            "{h}"
        );
        assert!(h.contains("click"), "{h}");
    }

    #[test]
    fn bare_urls_become_links() {
        let h = block("Code: https://github.com/a/b.");
        assert!(
            h.contains("<a href=\"https://github.com/a/b\">https://github.com/a/b</a>."),
            "{h}"
        );
    }

    #[test]
    fn inline_titles_have_no_blocks_or_links() {
        assert_eq!(inline("A [link](https://x.org) title"), "A link title");
        assert_eq!(inline("# Heading"), "Heading");
        let h = inline("$x^2$ wins");
        assert!(h.starts_with("<math display=\"inline\">"), "{h}");
        assert!(h.ends_with("</math> wins"), "{h}");
        assert_eq!(
            inline("$\\frac{a}$ <b>"),
            "<span class=\"math\">\\frac{a}</span> &lt;b&gt;"
        );
    }

    #[test]
    fn plain_text() {
        assert_eq!(plain("**Bold** and $x$\nwrapped"), "Bold and $x$ wrapped");
        assert_eq!(plain("bell\u{7}\u{1b}[0m ok"), "bell[0m ok");
    }
}
