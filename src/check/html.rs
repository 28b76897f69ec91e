//! A small HTML scanner: the links (`href`, `src`) and ids of a page, with their lines.
//!
//! It follows the HTML tokenizer where our pages need it: comments, doctype, end tags,
//! quoted and unquoted attribute values, character references in values, and the raw text
//! of `script`, `style`, `textarea` and `title`, where a `<` starts no tag.

use crate::ascii::find_ci;

/// What a page links to and what it can be linked to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// (line, URL) of each `href` and `src`.
    pub links: Vec<(usize, String)>,
    pub ids: Vec<String>,
}

pub fn scan(html: &str) -> Scan {
    let b = html.as_bytes();
    let mut out = Scan::default();
    let mut i = 0;
    let mut line = 1;
    let mut counted = 0;
    let mut line_at = |pos: usize, line: &mut usize| {
        *line += b[counted..pos].iter().filter(|&&c| c == b'\n').count();
        counted = pos;
        *line
    };
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = html[start + 4..]
                .find("-->")
                .map_or(b.len(), |e| start + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = html[start..].find('>').map_or(b.len(), |e| start + e + 1);
            continue;
        }
        if !b.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let mut j = start + 1;
        while j < b.len() && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            j += 1;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        // Attributes.
        loop {
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let a = j;
            j += 1;
            while j < b.len()
                && !matches!(
                    b[j],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            let mut k = j;
            while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                k += 1;
            }
            let mut value = None;
            if b.get(k) == Some(&b'=') {
                k += 1;
                while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                    k += 1;
                }
                match b.get(k) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[k + 1..].find(q as char).map_or(b.len(), |e| k + 1 + e);
                        value = Some(&html[k + 1..end]);
                        j = (end + 1).min(b.len());
                    }
                    _ => {
                        let mut end = k;
                        while end < b.len()
                            && !matches!(b[end], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                        {
                            end += 1;
                        }
                        value = Some(&html[k..end]);
                        j = end;
                    }
                }
            }
            if let Some(v) = value {
                match attr.as_str() {
                    "href" | "src" => {
                        let l = line_at(a, &mut line);
                        out.links.push((l, decode_refs(v)));
                    }
                    "id" => out.ids.push(decode_refs(v)),
                    _ => {}
                }
            }
        }
        i = j.min(b.len());
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            i = find_ci(&html[i..], &close).map_or(b.len(), |e| i + e);
        }
    }
    out
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
