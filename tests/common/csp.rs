//! What a Content-Security-Policy of only the site's own scripts and styles forbids, looked
//! for in built pages: inline scripts, event-handler and style attributes, `<style>`
//! elements, script URLs, and elements that load or navigate on their own.

use std::path::{Path, PathBuf};

use super::html::Doc;

fn is_site_button(e: &super::html::Element) -> bool {
    const ATTRS: &[&str] = &[
        "type",
        "class",
        "hidden",
        "lang",
        "aria-pressed",
        "aria-controls",
        "data-set-lang",
        "data-export",
        "id",
    ];
    matches!(e.attr("type"), Some("button" | "submit"))
        && e.attrs.iter().all(|(a, _)| ATTRS.contains(&a.as_str()))
}

/// Whether element `i` is one of the templates' own charts: an `<svg>` with a numeric
/// `viewBox`, hidden from screen readers, holding only bars (`<rect>` with numeric
/// attributes) and their `<title>`s, nothing else.
pub fn is_site_chart(doc: &Doc, i: usize) -> bool {
    let svg = &doc.elements[i];
    let numbers = |v: &str| {
        v.split(' ')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let svg_ok = svg.name == "svg"
        && svg.attrs.iter().all(|(a, v)| match a.as_str() {
            "viewbox" | "viewBox" => numbers(v),
            "preserveaspectratio" | "preserveAspectRatio" => v == "none",
            "aria-hidden" => v == "true",
            "focusable" => v == "false",
            _ => false,
        });
    svg_ok
        && (0..doc.elements.len())
            .filter(|&j| doc.is_inside(j, i))
            .all(|j| {
                let e = &doc.elements[j];
                match e.name.as_str() {
                    "rect" => e.attrs.iter().all(|(a, v)| {
                        ["x", "y", "width", "height"].contains(&a.as_str()) && numbers(v)
                    }),
                    "title" => e.attrs.is_empty(),
                    _ => false,
                }
            })
}

/// Every problem of one page, as `page: description`.
pub fn inline_constructs(page: &str, html: &str) -> Vec<String> {
    let doc = Doc::parse(html);
    let mut out = Vec::new();
    for (i, e) in doc.elements.iter().enumerate() {
        let name = e.name.as_str();
        match name {
            // The templates' charts (category pages, the stats page).
            "svg" if is_site_chart(&doc, i) => {}
            "script" if e.attr("src").is_none() => out.push(format!("{page}: inline <script>")),
            "style" => out.push(format!("{page}: <style> element")),
            // Nothing of the site's own uses these; from a digest they would load or act.
            "iframe" | "object" | "embed" | "base" | "frame" | "applet" | "svg" | "img"
            | "textarea" => out.push(format!("{page}: <{name}> element")),
            // The templates' own buttons (language, favourites and their export, BibTeX,
            // filters) are plain:
            // a type and these attributes, nothing else.
            "button" if !is_site_button(e) => out.push(format!("{page}: <button> element")),
            "meta"
                if e.attr("http-equiv")
                    .is_some_and(|v| !v.eq_ignore_ascii_case("Content-Security-Policy")) =>
            {
                out.push(format!("{page}: <meta http-equiv>"))
            }
            _ => {}
        }
        for (attr, value) in &e.attrs {
            let a = attr.to_ascii_lowercase();
            if a.starts_with("on") {
                out.push(format!("{page}: {a}= on <{name}>"));
            }
            if a == "style" {
                out.push(format!("{page}: style= on <{name}>"));
            }
            if matches!(
                a.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if v.starts_with("javascript:")
                    || v.starts_with("data:")
                    || v.starts_with("vbscript:")
                {
                    out.push(format!("{page}: {a}={value:?} on <{name}>"));
                }
                if v.contains("pwned") {
                    out.push(format!(
                        "{page}: {a}={value:?} on <{name}> points at a payload"
                    ));
                }
            }
        }
    }
    out
}

/// Every `.html` file below `dir`, as paths relative to it.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir, dir)
}

fn walk(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(walk(root, &p));
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
        }
    }
    out
}

/// Scans every page of a built site; returns every problem found.
pub fn scan_site(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for rel in html_files(out) {
        let html = std::fs::read_to_string(out.join(&rel)).expect("read page");
        problems.extend(inline_constructs(&rel.display().to_string(), &html));
    }
    problems
}
