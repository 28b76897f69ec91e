//! The page the preview shows instead of the site while it has errors.

use super::reload::script_tag;
use crate::render::markdown::escape;

/// The error page's stylesheet, served at [`super::reload::ERROR_CSS`].
pub const CSS: &str = "\
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #1d1f21; color: #eee; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { color: #ff6b6b; font-size: 1.4rem; }
ul { list-style: none; padding: 0; }
li { background: #2a1a1a; border-left: 4px solid #ff6b6b; margin: 0 0 .75rem; padding: .5rem 1rem; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 14px/1.5 ui-monospace, monospace; }
";

/// A page listing `lines` (each `path:line: error: message`); it reloads by itself once
/// the errors are fixed.
pub fn render(lines: &[String], generation: u64) -> String {
    let mut items = String::new();
    for l in lines {
        items.push_str("<li><pre>");
        items.push_str(&escape(l));
        items.push_str("</pre></li>\n");
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build error · paperpress</title>
<link rel="stylesheet" href="{css}">
{script}
</head>
<body>
<main id="paperpress-error">
<h1>The site cannot be built</h1>
<ul>
{items}</ul>
<p>Fix the file and save it: this page reloads by itself.</p>
</main>
</body>
</html>
"#,
        script = script_tag(generation),
        css = super::reload::ERROR_CSS,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_are_escaped() {
        let page = super::render(&["a.md:3: error: <script>alert(1)</script>".into()], 2);
        assert!(page.contains("a.md:3: error: &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script>alert"));
    }
}
