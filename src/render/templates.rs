//! The Tera templates: the site's own in `templates/`, else the built-in ones.

use std::path::Path;

use super::urls::Urls;
use anyhow::{Context as _, Result, anyhow};
use tera::{Kwargs, State, Tera};

/// The built-in templates; a site's `templates/` folder overrides any of them by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("day.html", include_str!("../../templates/day.html")),
    (
        "day_body.html",
        include_str!("../../templates/day_body.html"),
    ),
    ("archive.html", include_str!("../../templates/archive.html")),
    (
        "categories.html",
        include_str!("../../templates/categories.html"),
    ),
    (
        "category.html",
        include_str!("../../templates/category.html"),
    ),
    (
        "category_month.html",
        include_str!("../../templates/category_month.html"),
    ),
    ("paper.html", include_str!("../../templates/paper.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("filters.html", include_str!("../../templates/filters.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    ("stats.html", include_str!("../../templates/stats.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("feeds.html", include_str!("../../templates/feeds.html")),
    (
        "favourites.html",
        include_str!("../../templates/favourites.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
];

/// The built-in files of `static/`, written where a site has no `static/` folder.
pub const BUILTIN_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../static/style.css")),
    ("app.js", include_str!("../../static/app.js")),
    ("search.js", include_str!("../../static/search.js")),
    ("favicon.svg", include_str!("../../static/favicon.svg")),
];

/// Loads the templates: every `*.html` file in `dir` (if it exists), and the built-in
/// template for each name the folder lacks. Template errors name the file and line.
/// Returns the sources too, by name, sorted.
pub fn load(dir: &Path, urls: &Urls) -> Result<(Tera, Vec<(String, String)>)> {
    let mut tera = Tera::default();
    let urls = urls.clone();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(urls.link(path))
        },
    );
    let mut sources: Vec<(String, String)> = Vec::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let path = entry.path();
            if !entry.file_type().is_file()
                || path.extension().and_then(|e| e.to_str()) != Some("html")
            {
                continue;
            }
            let name = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read template {}", path.display()))?;
            sources.push((name, text));
        }
    }
    for (name, text) in BUILTIN {
        if !sources.iter().any(|(n, _)| n == name) {
            sources.push((name.to_string(), text.to_string()));
        }
    }
    let shown = dir.display().to_string();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| anyhow!("template error in {shown}/:\n{}", error_chain(&e)))?;
    sources.sort();
    Ok((tera, sources))
}

/// A Tera error with its causes, one per line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !out.contains(&s) {
            out.push('\n');
            out.push_str(&s);
        }
        cause = c.source();
    }
    out
}
