//! `paperpress check`: parses all content, renders the site into a temporary folder and
//! verifies every internal link and anchor of the output. For CI and pre-commit hooks.

pub mod html;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic};
use crate::in_place::InPlace;
use crate::output::{self, Manifest};
use crate::pipeline::{Pipeline, Render};
use crate::progress::Progress;
use crate::report::Report;
use crate::site_dir::SiteDir;
use crate::size;

/// What a check found.
#[derive(Debug, Default)]
pub struct Checked {
    pub errors: usize,
    pub warnings: usize,
    pub pages: usize,
    pub links: usize,
}

/// Checks the site of `opts.root`, printing every diagnostic through `report`.
pub fn check(opts: &SiteDir, report: &Report) -> Result<Checked> {
    let start = Instant::now();
    let loaded = Pipeline::load(opts.clone(), &Progress::default())?;
    let mut diagnostics = loaded.diagnostics;
    let pipeline = &loaded.pipeline;
    let site = pipeline.site();
    report.detail(&format!(
        "read {} files: {} days, {} papers",
        site.file_count(),
        site.days().len(),
        site.papers().len()
    ));
    let rendered = render_and_check(pipeline, opts, report)?;
    let (pages, link_diags, links) = (rendered.pages, rendered.problems, rendered.links);
    diagnostics.extend(link_diags);
    diagnostic::sort(&mut diagnostics);
    for d in &diagnostics {
        report.diagnostic(d);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let checked = Checked {
        errors,
        warnings: diagnostics.len() - errors,
        pages,
        links,
    };
    report.info(&format!(
        "checked {} files, {} days, {} papers, {} pages and {} internal links in {:.2}s: {} error(s), {} warning(s)",
        site.file_count(),
        site.days().len(),
        site.papers().len(),
        checked.pages,
        checked.links,
        start.elapsed().as_secs_f64(),
        checked.errors,
        checked.warnings
    ));
    let mut size_line = size::projection(site, rendered.files, rendered.bytes);
    if !rendered.search_counted {
        size_line.push_str(&format!(
            " (without the search index: only `build` makes it, and {} has none yet)",
            opts.output_dir().display()
        ));
    }
    report.info(&size_line);
    report.lines(&loaded.lines);
    report.uncategorised(&loaded.uncategorised);
    Ok(checked)
}

/// What rendering the site into a temporary folder found.
struct Rendered {
    pages: usize,
    problems: Vec<Diagnostic>,
    links: usize,
    /// The site's files and bytes.
    files: usize,
    bytes: u64,
    /// Whether the bytes count a search index (the last build's).
    search_counted: bool,
}

/// Renders the site into a temporary folder, checks its links and measures it.
fn render_and_check(pipeline: &Pipeline, opts: &SiteDir, report: &Report) -> Result<Rendered> {
    let tmp = tempfile::Builder::new()
        .prefix("paperpress-check-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    let out = InPlace::new(tmp.path())?;
    let progress = Arc::new(Progress::default());
    let bar = report.progress_bar(progress.clone());
    let generated = pipeline.render(&out, &Manifest::default(), Render::AllButSearch, &progress);
    progress.finish();
    bar.finish();
    let generated = generated?;
    let Some(config) = pipeline.config() else {
        anyhow::bail!("the site has no configuration");
    };
    let (diags, links) = check_links(tmp.path(), config.base_path(), &config.base_url)?;
    let (files, bytes, search_counted) = site_size(tmp.path(), opts)?;
    Ok(Rendered {
        pages: generated.pages,
        problems: diags,
        links,
        files,
        bytes,
        search_counted,
    })
}

/// The files and bytes of the site rendered into `rendered`, which lacks the search index:
/// the index files of the last build in the output folder count instead, if there is one
/// (the third value says whether there was).
fn site_size(rendered: &Path, opts: &SiteDir) -> Result<(usize, u64, bool)> {
    let (mut files, mut bytes) = output::tree_size(rendered)?;
    let search = opts.output_dir().join("search");
    let mut counted = false;
    if search.is_dir() {
        for rel in output::list_files(&search)? {
            // The search page itself was rendered.
            if !rendered.join("search").join(&rel).exists() {
                counted = true;
                files += 1;
                bytes += std::fs::metadata(search.join(&rel))
                    .with_context(|| format!("cannot read {}", search.join(&rel).display()))?
                    .len();
            }
        }
    }
    Ok((files, bytes, counted))
}

/// Verifies the internal links of every HTML page in `dir`: each must lead to a file of the
/// site, and its `#fragment` to an id on that page. Returns the problems (named by the page's
/// path in the output and the line) and how many internal links there were.
pub fn check_links(
    dir: &Path,
    base_path: &str,
    base_url: &str,
) -> Result<(Vec<Diagnostic>, usize)> {
    let files: HashSet<String> = output::list_files(dir)?.into_iter().collect();
    let pages: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    let scans: HashMap<&str, html::Scan> = pages
        .par_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(dir.join(rel.as_str()))
                .with_context(|| format!("cannot read {rel}"))?;
            Ok((rel.as_str(), html::scan(&text)))
        })
        .collect::<Result<_>>()?;
    let ids: HashMap<&str, HashSet<&str>> = scans
        .iter()
        .map(|(rel, s)| (*rel, s.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut out = Vec::new();
    let mut count = 0;
    let mut sorted: Vec<(&&str, &html::Scan)> = scans.iter().collect();
    sorted.sort_by_key(|(rel, _)| **rel);
    for (rel, scan) in sorted {
        for (line, link) in &scan.links {
            let Some(internal) = internal_target(rel, link, base_path, base_url) else {
                continue;
            };
            count += 1;
            let problem = match internal {
                Err(why) => Some(why),
                Ok((path, fragment)) => match find_file(&path, &files) {
                    None => Some("no such page in the site".to_string()),
                    Some(target) => fragment.and_then(|f| {
                        let has = ids
                            .get(target.as_str())
                            .is_some_and(|ids| ids.contains(f.as_str()));
                        (!has && target.ends_with(".html"))
                            .then(|| format!("no element with id {f:?} on {target}"))
                    }),
                },
            };
            if let Some(why) = problem {
                out.push(Diagnostic::error(
                    Path::new(rel),
                    *line,
                    format!("broken link {link:?}: {why}"),
                ));
            }
        }
    }
    Ok((out, count))
}

/// An internal link's target as (site path, fragment); `None` for links that leave the
/// site; `Err` for internal links that cannot be right.
#[allow(clippy::type_complexity)]
fn internal_target(
    page: &str,
    link: &str,
    base_path: &str,
    base_url: &str,
) -> Option<Result<(String, Option<String>), String>> {
    let link = link.trim();
    let (before, fragment) = match link.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (link, None),
    };
    let path = before.split('?').next().unwrap_or("");
    let fragment = fragment
        .filter(|f| !f.is_empty())
        .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
    let site_path = if let Some(rest) = path.strip_prefix(base_url) {
        rest.to_string()
    } else if path.starts_with("//") || has_scheme(path) {
        return None;
    } else if let Some(abs) = path.strip_prefix('/') {
        let abs = format!("/{abs}");
        match abs.strip_prefix(base_path) {
            Some(rest) => rest.to_string(),
            None if format!("{abs}/") == base_path => String::new(),
            None => return Some(Err(format!("it leaves the site's base path {base_path}"))),
        }
    } else if path.is_empty() {
        // `#id` or `?q`: this page.
        return Some(Ok((page.to_string(), fragment)));
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        if dir.is_empty() {
            path.to_string()
        } else {
            format!("{dir}/{path}")
        }
    };
    let decoded = percent_decode_str(&site_path)
        .decode_utf8_lossy()
        .into_owned();
    let mut parts: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err("it climbs above the site's root".into()));
                }
            }
            s => parts.push(s),
        }
    }
    Some(Ok((parts.join("/"), fragment)))
}

fn has_scheme(link: &str) -> bool {
    match link.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The file a site path is served from, as a static host would: `dir/` and `dir` serve
/// `dir/index.html`.
fn find_file(path: &str, files: &HashSet<String>) -> Option<String> {
    if files.contains(path) && !path.is_empty() {
        return Some(path.to_string());
    }
    let index = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        format!("{path}/index.html")
    };
    files.contains(&index).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(page: &str, link: &str) -> Option<Result<(String, Option<String>), String>> {
        internal_target(page, link, "/digest/", "https://me.github.io/digest/")
    }

    #[test]
    fn targets() {
        assert_eq!(t("a/index.html", "https://arxiv.org/abs/1"), None);
        assert_eq!(t("a/index.html", "mailto:x@y"), None);
        assert_eq!(t("a/index.html", "//cdn.example/x.js"), None);
        assert_eq!(
            t("a/index.html", "/digest/days/x/#top"),
            Some(Ok(("days/x/".into(), Some("top".into()))))
        );
        assert_eq!(
            t("a/index.html", "https://me.github.io/digest/feed.xml"),
            Some(Ok(("feed.xml".into(), None)))
        );
        assert_eq!(t("a/index.html", "/digest"), Some(Ok(("".into(), None))));
        assert!(matches!(t("a/index.html", "/elsewhere/"), Some(Err(_))));
        assert_eq!(
            t("a/b/index.html", "../c/#x%20y"),
            Some(Ok(("a/c/".into(), Some("x y".into()))))
        );
        assert_eq!(
            t("a/index.html", "#m"),
            Some(Ok(("a/index.html".into(), Some("m".into()))))
        );
        assert!(matches!(t("index.html", "../../x"), Some(Err(_))));
    }

    #[test]
    fn files_like_a_static_host() {
        let files: HashSet<String> = ["index.html", "days/x/index.html", "feed.xml"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(find_file("", &files).as_deref(), Some("index.html"));
        assert_eq!(
            find_file("days/x/", &files).as_deref(),
            Some("days/x/index.html")
        );
        assert_eq!(
            find_file("days/x", &files).as_deref(),
            Some("days/x/index.html")
        );
        assert_eq!(find_file("feed.xml", &files).as_deref(), Some("feed.xml"));
        assert_eq!(find_file("days/y/", &files), None);
    }
}
