//! A small HTML scanner: the links (`href`, `src`) and ids of a page, with their lines.
//!
//! It follows the HTML tokenizer where our pages need it: comments, doctype, end tags,
//! quoted and unquoted attribute values, character references in values, and the raw text
//! of `script`, `style`, `textarea` and `title`, where a `<` starts no tag.
//!
//! It is not html5ever's tokenizer, which reads the same links and ids on every page we
//! write (tests/check.rs compares them) but made `check` of 21,900 papers take 1.7x the CPU
//! time: see the README's architecture section.

use crate::ascii::find_ci;

/// What a page links to and what it can be linked to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// (line, URL) of each `href` and `src`.
    pub links: Vec<(usize, String)>,
    pub ids: Vec<String>,
}

pub fn scan(html: &str) -> Scan {
    let mut scanner = Scanner {
        html,
        lines: Lines::default(),
        out: Scan::default(),
    };
    let mut pos = 0;
    while let Some(off) = html[pos..].find('<') {
        let start = pos + off;
        pos = match Markup::at(&html[start..]) {
            Markup::Comment => past(html, start + 4, "-->"),
            Markup::Other => past(html, start, ">"),
            Markup::Text => start + 1,
            Markup::StartTag => scanner.start_tag(start),
        };
    }
    scanner.out
}

/// What a `<` starts.
enum Markup {
    /// `<!--`, to the next `-->`.
    Comment,
    /// A doctype, a processing instruction or an end tag, to the next `>`.
    Other,
    /// A start tag: `<` and a letter.
    StartTag,
    /// Text: `<` and anything else.
    Text,
}

impl Markup {
    fn at(rest: &str) -> Markup {
        if rest.starts_with("<!--") {
            Markup::Comment
        } else if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            Markup::Other
        } else if rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            Markup::StartTag
        } else {
            Markup::Text
        }
    }
}

/// The elements whose text is raw: a `<` in it starts no tag.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

/// The page being scanned and what was found so far.
struct Scanner<'a> {
    html: &'a str,
    lines: Lines,
    out: Scan,
}

impl<'a> Scanner<'a> {
    /// Reads the start tag at `start`; returns where scanning goes on: after the tag, or
    /// after the raw text of an element that holds raw text.
    fn start_tag(&mut self, start: usize) -> usize {
        let (html, b) = (self.html, self.html.as_bytes());
        let name_end = skip(b, start + 1, |c| !is_space(c) && !matches!(c, b'/' | b'>'));
        let mut j = name_end;
        loop {
            j = skip(b, j, |c| is_space(c) || c == b'/');
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            j = self.attribute(j);
        }
        let after = j.min(b.len());
        let name = &html[start + 1..name_end];
        if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            let close = format!("</{name}");
            find_ci(&html[after..], &close).map_or(b.len(), |e| after + e)
        } else {
            after
        }
    }

    /// Reads the attribute at `at` and keeps it if it is a link or an id; returns where the
    /// next attribute may start.
    fn attribute(&mut self, at: usize) -> usize {
        let (html, b) = (self.html, self.html.as_bytes());
        let name_end = skip(b, at + 1, |c| {
            !is_space(c) && !matches!(c, b'/' | b'>' | b'=')
        });
        let eq = skip(b, name_end, is_space);
        if b.get(eq) != Some(&b'=') {
            return name_end;
        }
        let (value, next) = attribute_value(html, skip(b, eq + 1, is_space));
        self.keep(at, &html[at..name_end], value);
        next
    }

    fn keep(&mut self, at: usize, name: &str, value: &str) {
        if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            let line = self.lines.at(self.html.as_bytes(), at);
            self.out.links.push((line, decode_refs(value)));
        } else if name.eq_ignore_ascii_case("id") {
            self.out.ids.push(decode_refs(value));
        }
    }
}

/// The value that starts at `at` (quoted, or up to a space or `>`) and the position after it.
fn attribute_value(html: &str, at: usize) -> (&str, usize) {
    let b = html.as_bytes();
    match b.get(at) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = html[at + 1..]
                .find(q as char)
                .map_or(b.len(), |e| at + 1 + e);
            (&html[at + 1..end], (end + 1).min(b.len()))
        }
        _ => {
            let end = skip(b, at, |c| !is_space(c) && c != b'>');
            (&html[at..end], end)
        }
    }
}

/// Counts lines as the scan moves forward.
struct Lines {
    counted: usize,
    line: usize,
}

impl Default for Lines {
    fn default() -> Lines {
        Lines {
            counted: 0,
            line: 1,
        }
    }
}

impl Lines {
    /// The line of `pos`, which is never before the last position asked for.
    fn at(&mut self, b: &[u8], pos: usize) -> usize {
        self.line += b[self.counted..pos].iter().filter(|&&c| c == b'\n').count();
        self.counted = pos;
        self.line
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The first position from `from` whose byte is not `while_`'s, or the end.
fn skip(b: &[u8], from: usize, while_: impl Fn(u8) -> bool) -> usize {
    b[from.min(b.len())..]
        .iter()
        .position(|&c| !while_(c))
        .map_or(b.len(), |p| from + p)
}

/// The position just after the first `needle` at or after `from`, or the end.
fn past(html: &str, from: usize, needle: &str) -> usize {
    html[from..]
        .find(needle)
        .map_or(html.len(), |e| from + e + needle.len())
}

/// Decodes the character references our pages use: named `&amp; &lt; &gt; &quot; &apos;`
/// and numeric ones. Others stay as written.
pub fn decode_refs(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = body.strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(n)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_ids() {
        let html = "<!DOCTYPE html>\n<html><head><title>a <b href=x></title>\n\
            <link rel=stylesheet href=/style.css>\n<script>if (a<b) x = '<a href=\"/no\">';</script>\n\
            </head><body id='top'>\n<!-- <a href=\"/commented\"> -->\n\
            <a class=\"x\" href=\"/a?x=1&amp;y=2#s&#39;\" >A</a><img src = 'p.png' alt=\">\">\n\
            <p ID=\"m&amp;n\">&lt;a href=/text&gt;</p></body></html>";
        let s = scan(html);
        assert_eq!(
            s.links,
            [
                (3, "/style.css".to_string()),
                (7, "/a?x=1&y=2#s'".to_string()),
                (7, "p.png".to_string())
            ]
        );
        assert_eq!(s.ids, ["top", "m&n"]);
    }

    #[test]
    fn broken_markup_ends() {
        assert_eq!(scan("<a href=\"x").links.len(), 1);
        assert_eq!(scan("<a href=").links.len(), 1);
        assert!(scan("<").links.is_empty());
        assert!(scan("<!--").links.is_empty());
        assert_eq!(decode_refs("&bogus; &#xZZ; &"), "&bogus; &#xZZ; &");
    }
}
