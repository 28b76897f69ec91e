//! One build: configuration, content, index, pages, files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::diagnostic::Diagnostic;
use crate::model::{PaperIx, Site};
use crate::output::{Sink, Staged, Stats};
use crate::render::{self, Renderer, feeds, sitemap, templates};

/// Where a site lives and what to build from it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder: site.toml, content/, templates/, static/.
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            output: None,
            base_url: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// Reads site.toml and applies the overrides.
    pub fn config(&self) -> Result<Config> {
        let mut config = Config::load(&self.root.join("site.toml"))?;
        if let Some(url) = &self.base_url {
            config.set_base_url(url)?;
        }
        Ok(config)
    }
}

/// The figures of a finished build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub files: usize,
    pub days: usize,
    pub papers: usize,
    pub categories: usize,
    pub pages: usize,
    pub output: Stats,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} files, {} days, {} papers, {} categories into {} pages ({} written, {} unchanged, {} removed) in {:.2}s",
            self.files,
            self.days,
            self.papers,
            self.categories,
            self.pages,
            self.output.written,
            self.output.unchanged,
            self.output.removed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// The result of a build: its diagnostics, and its figures if it succeeded.
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the content had errors: nothing was written.
    pub summary: Option<Summary>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads and indexes a site's content. Errors in the content are in the diagnostics.
pub fn load_site(root: &Path, config: &Config) -> (Site, Vec<Diagnostic>) {
    let loaded = content::load(root, &root.join("content"));
    let site = Site::from_digests(loaded.digests, config);
    (site, loaded.diagnostics)
}

/// Builds the site of `opts.root` into its output folder. Content errors leave the output
/// as it was and are returned in the outcome; other failures (configuration, templates,
/// disk) are errors.
pub fn build(opts: &Options) -> Result<Outcome> {
    let start = Instant::now();
    let config = opts.config()?;
    let out = opts.output_dir();
    check_output_location(&opts.root, &out)?;
    let renderer = Renderer::new(&opts.root.join("templates"), &config)?;
    let (site, diagnostics) = load_site(&opts.root, &config);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Outcome {
            diagnostics,
            summary: None,
        });
    }
    let staged = Staged::begin(&out)?;
    let pages = generate(
        &site,
        &renderer,
        &config,
        &opts.root.join("static"),
        &staged,
    )?;
    let stats = staged.commit()?;
    Ok(Outcome {
        diagnostics,
        summary: Some(Summary {
            files: site.files,
            days: site.days.len(),
            papers: site.papers.len(),
            categories: site.categories.len(),
            pages,
            output: stats,
            elapsed: start.elapsed(),
        }),
    })
}

/// Refuses an output folder that holds the site's own sources.
fn check_output_location(root: &Path, out: &Path) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalise what exists, keep the rest as given.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        for part in rest.into_iter().rev() {
            c.push(part);
        }
        c
    };
    let root = abs(root);
    let out = abs(out);
    for inside in ["content", "templates", "static", "site.toml"] {
        if root.join(inside).starts_with(&out) {
            return Err(anyhow!(
                "refusing to build into {}: it holds the site's {inside}",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Renders every page, the feeds and the sitemap, and copies the static files into `sink`.
/// Returns the number of pages.
pub fn generate(
    site: &Site,
    renderer: &Renderer,
    config: &Config,
    static_dir: &Path,
    sink: &dyn Sink,
) -> Result<usize> {
    // Paper pages and cards together: each paper's fields are rendered in one task.
    let cards: Vec<String> = (0..site.papers.len() as PaperIx)
        .into_par_iter()
        .map(|ix| {
            let page = render::Page::Paper(ix);
            let file = page.file(site);
            let html = renderer
                .paper_page(site, ix)
                .with_context(|| format!("cannot render {file}"))?;
            sink.put(&file, html.as_bytes())?;
            renderer
                .card(site, ix)
                .with_context(|| format!("cannot render the card of paper {}", site.paper(ix).id))
        })
        .collect::<Result<_>>()?;
    let list = render::list_pages(site);
    list.par_iter()
        .map(|&page| {
            let file = page.file(site);
            let html = renderer
                .list_page(site, page, &cards)
                .with_context(|| format!("cannot render {file} from {}", page.template()))?;
            sink.put(&file, html.as_bytes())
        })
        .collect::<Result<()>>()?;
    copy_static(static_dir, sink)?;
    let u = &renderer.urls;
    for (file, xml) in feeds::files(site, config, u)
        .into_iter()
        .chain(sitemap::files(site, u))
    {
        sink.put(&file, xml.as_bytes())?;
    }
    sink.put(".nojekyll", b"")?;
    sink.put("robots.txt", sitemap::robots_txt(u).as_bytes())?;
    if !config.cname.trim().is_empty() {
        sink.put("CNAME", format!("{}\n", config.cname.trim()).as_bytes())?;
    }
    Ok(site.papers.len() + list.len())
}

/// Copies `static/` as is; a site without one gets the built-in stylesheet and script.
fn copy_static(dir: &Path, sink: &dyn Sink) -> Result<()> {
    if !dir.is_dir() {
        for (name, text) in templates::BUILTIN_STATIC {
            sink.put(name, text.as_bytes())?;
        }
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        sink.put(&rel, &bytes)?;
    }
    Ok(())
}
