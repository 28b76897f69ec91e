//! The Content-Security-Policy of the site and the other security headers of the preview.
//!
//! Every digest field is untrusted. Fields are rendered to safe HTML ([`crate::render::markdown`]),
//! and as a second line of defence every page allows only the site's own scripts, styles,
//! images (and `data:` images), fonts and requests: an injected inline script, event handler
//! or style attribute would not run. The built pages carry the policy in a `<meta>` tag
//! (`templates/base.html`); `paperpress serve` also sends it as a header, with
//! `frame-ancestors`, which a `<meta>` cannot set.

/// The policy of the built pages, as in `templates/base.html`.
pub const POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The headers `paperpress serve` adds to every response.
pub fn headers() -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!("{POLICY}; frame-ancestors 'none'"),
        ),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        ("Referrer-Policy", "strict-origin-when-cross-origin".into()),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_template_carries_the_policy() {
        let base = include_str!("../templates/base.html");
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
        let at = base
            .find(&meta)
            .expect("the CSP <meta> in templates/base.html");
        // Before anything that loads: the policy applies to what follows it.
        let first_load = base.find("<link").unwrap_or(base.len());
        assert!(at < first_load && at < base.find("<script").unwrap_or(base.len()));
    }
}
