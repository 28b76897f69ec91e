//! From a request's URL to a file of the site, refusing anything that could leave it.
//!
//! The path is percent-decoded once. Encoded slashes and backslashes, backslashes, NUL,
//! `.` and `..` segments, empty segments and text that is not UTF-8 are refused outright;
//! what remains must name a file of the site as last built (the caller's `has`). The caller
//! still checks on disk that the file it opens lies inside the output folder.

use percent_encoding::percent_decode_str;

/// Where a request's URL leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, as a path below the output folder.
    File(String),
    /// A folder asked for without its final slash: the URL to redirect to.
    Redirect(String),
    NotFound,
}

/// Resolves `url` (the request target, e.g. `/days/2025-06-27/?x=1`) against the site's
/// files, for which `has` answers.
pub fn resolve(url: &str, has: impl Fn(&str) -> bool) -> Target {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (raw, query) = url.split_at(end);
    let Some(raw) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return Target::NotFound;
    }
    let Ok(path) = percent_decode_str(raw).decode_utf8() else {
        return Target::NotFound;
    };
    if path.contains(['\\', '\0']) {
        return Target::NotFound;
    }
    let is_dir = path.is_empty() || path.ends_with('/');
    let trimmed = path.strip_suffix('/').unwrap_or(&path);
    if !trimmed.is_empty()
        && trimmed
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.contains(':'))
    {
        return Target::NotFound;
    }
    if is_dir {
        let index = if trimmed.is_empty() {
            "index.html".to_string()
        } else {
            format!("{trimmed}/index.html")
        };
        return if has(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if has(trimmed) {
        return Target::File(trimmed.to_string());
    }
    // As GitHub Pages does: `/papers/2506.20747` serves `papers/2506.20747.html`.
    let page = format!("{trimmed}.html");
    if has(&page) {
        return Target::File(page);
    }
    if has(&format!("{trimmed}/index.html")) {
        let query = query.split('#').next().unwrap_or("");
        return Target::Redirect(format!("/{raw}/{query}"));
    }
    Target::NotFound
}

/// The Content-Type of a site file, by its extension.
pub fn content_type(rel: &str) -> String {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let known = match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "" => "application/octet-stream",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    // Files of the site's own (its static/ folder): images, fonts, documents.
    let guess = mime_guess::from_ext(&ext).first_or_octet_stream();
    if guess.type_() == mime_guess::mime::TEXT {
        format!("{guess}; charset=utf-8")
    } else {
        guess.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(rel: &str) -> bool {
        matches!(
            rel,
            "index.html"
                | "style.css"
                | "days/2025-06-27/index.html"
                | "papers/a b/index.html"
                | "papers/2506.20747.html"
        )
    }

    #[test]
    fn site_paths() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(resolve("/?x=1", site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/style.css", site),
            Target::File("style.css".into())
        );
        assert_eq!(
            resolve("/days/2025-06-27/", site),
            Target::File("days/2025-06-27/index.html".into())
        );
        assert_eq!(
            resolve("/days/2025-06-27?a=b", site),
            Target::Redirect("/days/2025-06-27/?a=b".into())
        );
        assert_eq!(
            resolve("/papers/a%20b/", site),
            Target::File("papers/a b/index.html".into())
        );
        assert_eq!(
            resolve("/papers/2506.20747", site),
            Target::File("papers/2506.20747.html".into())
        );
        assert_eq!(resolve("/papers/2506.20747/", site), Target::NotFound);
        assert_eq!(resolve("/days/", site), Target::NotFound);
        assert_eq!(resolve("/index.html/", site), Target::NotFound);
    }

    #[test]
    fn escapes_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/days/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/days%2f..%2f..%2fetc%2fpasswd",
            "/..%5c..%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/./index.html",
            "/style.css%00.html",
            "/%ff",
            "etc/passwd",
            "http://example.org/index.html",
            "/C:/Windows/win.ini",
        ] {
            assert_eq!(resolve(bad, |_| true), Target::NotFound, "{bad}");
        }
        // Decoded once only: a double-encoded dot stays a literal name.
        assert_eq!(
            resolve("/%252e%252e/x", |p| p == "%2e%2e/x"),
            Target::File("%2e%2e/x".into())
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search.json"), "application/json");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("a.PNG"), "image/png");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}
