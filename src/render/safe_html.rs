//! A check of the HTML made from a digest's fields: only the elements and attributes that
//! [`super::markdown`] means to produce, and links with safe targets. The fuzz targets and
//! the hostile-input tests hold every rendering to it.

/// Elements a field's HTML may contain: text formatting, lists, code, links, math (HTML
/// spans or MathML).
const ELEMENTS: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "blockquote",
    "span",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "sup",
    "sub", // MathML
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];

/// Attributes that can run script, load something or restyle the page: never allowed.
fn is_dangerous_attribute(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("on")
        || matches!(
            n.as_str(),
            "style"
                | "src"
                | "srcdoc"
                | "srcset"
                | "action"
                | "formaction"
                | "xlink:href"
                | "xmlns:xlink"
                | "background"
                | "poster"
                | "data"
                | "codebase"
                | "http-equiv"
        )
}

/// Checks an HTML fragment made by `markdown::block` or `markdown::inline`. Every `<` must
/// open an allowed element (text is escaped, so there is no other `<`), attributes must be
/// harmless and `href`s absolute http(s) or mailto.
pub fn check(html: &str) -> Result<(), String> {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let mut j = start + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_end = j + b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = html[j..name_end].to_ascii_lowercase();
        if !ELEMENTS.contains(&name.as_str()) {
            return Err(format!("element <{name}> at byte {start}"));
        }
        j = name_end;
        loop {
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match b.get(j) {
                None => return Err(format!("unclosed tag <{name}> at byte {start}")),
                Some(b'>') => {
                    j += 1;
                    break;
                }
                Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break;
                }
                _ => {}
            }
            let attr_end = j + b[j..]
                .iter()
                .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
                .count();
            if attr_end == j {
                return Err(format!("malformed tag <{name}> at byte {start}"));
            }
            let attr = &html[j..attr_end];
            j = attr_end;
            let mut value = "";
            if b.get(j) == Some(&b'=') {
                if b.get(j + 1) != Some(&b'"') {
                    return Err(format!("unquoted attribute {attr} at byte {start}"));
                }
                let v_start = j + 2;
                let Some(len) = html[v_start..].find('"') else {
                    return Err(format!("unclosed attribute {attr} at byte {start}"));
                };
                value = &html[v_start..v_start + len];
                j = v_start + len + 1;
            }
            if is_dangerous_attribute(attr) {
                return Err(format!("attribute {attr} on <{name}> at byte {start}"));
            }
            if attr.eq_ignore_ascii_case("href") {
                let target = value.replace("&amp;", "&");
                if name != "a" || !super::markdown::is_safe_url(&target) {
                    return Err(format!("href {value:?} on <{name}> at byte {start}"));
                }
            }
        }
        i = j;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_fields_render_to() {
        let ok = "<p><a href=\"https://x.org/?a=1&amp;b=2\">x</a> <span class=\"math\">x^2</span></p>\n<ol start=\"3\">\n<li>a<br />b</li>\n</ol>\n<hr />";
        assert_eq!(check(ok), Ok(()));
    }

    #[test]
    fn rejects_what_could_act() {
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x>",
            "<p onclick=\"x\">",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"data:text/html,x\">x</a>",
            "<span style=\"color:red\">",
            "<!-- x -->",
            "<p",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
