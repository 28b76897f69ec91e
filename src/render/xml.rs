//! Just enough XML writing for feeds and sitemaps: escaping, and simple elements.

/// Escapes text for XML element content and attribute values. Characters XML 1.0 forbids
/// (control characters other than tab and line breaks, U+FFFE, U+FFFF) are dropped: a digest
/// file may hold them, and a feed reader would refuse the whole feed for one of them. That,
/// and `&apos;` for `'`, is why this is not the HTML escape ([`super::markdown::escape`]).
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => {
                out.push(c)
            }
            _ => {}
        }
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Writes `<name>text</name>` and a newline.
pub fn element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_into(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// Writes an empty element with attributes, `<name a="v"/>`, and a newline.
pub fn empty(out: &mut String, name: &str, attrs: &[(&str, &str)]) {
    out.push('<');
    out.push_str(name);
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape_into(out, v);
        out.push('"');
    }
    out.push_str("/>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("<b>\"Q&A\"</b> it's\u{0}\u{1b}\u{fffe}\tok"),
            "&lt;b&gt;&quot;Q&amp;A&quot;&lt;/b&gt; it&apos;s\tok"
        );
        let mut s = String::new();
        empty(&mut s, "link", &[("href", "https://x/?a=1&b=\"2\"")]);
        assert_eq!(s, "<link href=\"https://x/?a=1&amp;b=&quot;2&quot;\"/>\n");
    }
}
