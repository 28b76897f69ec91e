//! One build: configuration, content, index, pages, files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::content::ledger::Ledger;
use crate::diagnostic::Diagnostic;
use crate::model::{PaperIx, Site, Uncategorised};
use crate::output::{Manifest, Sink, Staged, Stats};
use crate::pipeline::{Pipeline, Render};
use crate::progress::Progress;
use crate::render::math::{self, MathStats};
use crate::render::plan::{Hashes, Plan};
use crate::render::{Cards, Page, Renderer, feeds, search, sitemap, templates};
use crate::site_dir::SiteDir;

/// The figures of a finished build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub files: usize,
    pub days: usize,
    pub papers: usize,
    pub categories: usize,
    pub pages: usize,
    /// Pages rendered; the rest were unchanged since the previous build.
    pub rendered: usize,
    pub output: Stats,
    /// What math conversion did in this build.
    pub math: MathStats,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} files, {} days, {} papers, {} categories into {} pages ({} rendered; {} files written, {} unchanged, {} removed) in {:.2}s",
            self.files,
            self.days,
            self.papers,
            self.categories,
            self.pages,
            self.rendered,
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
    /// What became of each line of each content file, by file.
    pub lines: Vec<(Arc<PathBuf>, Ledger)>,
    /// Files whose papers name no category, with how many: they went to `default_category`.
    pub uncategorised: Uncategorised,
    /// `None` when the content had errors: nothing was written.
    pub summary: Option<Summary>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Builds the site of `site` into its output folder. Content errors leave the output
/// as it was and are returned in the outcome; other failures (configuration, templates,
/// disk) are errors.
pub fn build(site: &SiteDir) -> Result<Outcome> {
    build_with(site, &Progress::default())
}

/// [`build`], reporting its phases and the pages rendered to `progress`.
pub fn build_with(site: &SiteDir, progress: &Progress) -> Result<Outcome> {
    let start = Instant::now();
    let out = site.output_dir();
    site.check_output(&out)?;
    let loaded = Pipeline::load(site.clone(), progress)?;
    let mut outcome = Outcome {
        diagnostics: loaded.diagnostics,
        lines: loaded.lines,
        uncategorised: loaded.uncategorised,
        summary: None,
    };
    if outcome.errors() > 0 {
        return Ok(outcome);
    }
    let pipeline = loaded.pipeline;
    let phase = Instant::now();
    let staged = Staged::begin(&out)?;
    let generated = pipeline.render(&staged, staged.previous(), Render::All, progress)?;
    progress.timed("render", phase);
    let phase = Instant::now();
    progress.start("writing", 0);
    let stats = staged.commit(&generated.manifest)?;
    progress.timed("write", phase);
    let index = pipeline.site();
    outcome.summary = Some(Summary {
        files: index.file_count(),
        days: index.days().len(),
        papers: index.papers().len(),
        categories: index.categories().len(),
        pages: generated.pages,
        rendered: generated.rendered,
        output: stats,
        math: generated.math,
        elapsed: start.elapsed(),
    });
    Ok(outcome)
}

/// What [`generate`] did.
#[derive(Debug, Default)]
pub struct Generated {
    /// Fingerprints of every page, to skip unchanged pages next time.
    pub manifest: Manifest,
    pub pages: usize,
    /// Pages rendered (the others were unchanged since `previous`).
    pub rendered: usize,
    /// What math conversion did for the pages and feeds rendered.
    pub math: MathStats,
}

/// Renders every page whose fingerprint differs from `previous` (all of them if it is
/// empty), writes the feeds, the sitemap and the static files into `sink`, and makes the
/// search index alongside ([`put_search_index`]), on the cores that rendering and writing
/// leave idle.
pub fn generate(
    site: &Site,
    renderer: &Renderer,
    static_dir: &Path,
    sink: &dyn Sink,
    previous: &Manifest,
    progress: &Progress,
) -> Result<Generated> {
    let (generated, index) = rayon::join(
        || generate_with(site, renderer, static_dir, sink, previous, progress),
        || -> Result<Manifest> {
            let t = Instant::now();
            let mut manifest = Manifest::default();
            put_search_index(site, sink, &mut manifest, previous)?;
            progress.timed("search index", t);
            Ok(manifest)
        },
    );
    let mut generated = generated?;
    generated.manifest.pages.extend(index?.pages);
    Ok(generated)
}

/// [`generate`] without the search index, which the preview writes after its reload event.
pub fn generate_with(
    site: &Site,
    renderer: &Renderer,
    static_dir: &Path,
    sink: &dyn Sink,
    previous: &Manifest,
    progress: &Progress,
) -> Result<Generated> {
    let config = renderer.config();
    let t = Instant::now();
    let plan = Plan::new(site, config.home_days);
    let hashes = Hashes::new(site, renderer.fingerprint());
    progress.timed("plan", t);
    let t = Instant::now();
    // Paper pages first: list pages keep every card they render in memory until the end,
    // and they should not fill it while the search index, built alongside, holds its own.
    let mut all: Vec<usize> = (0..plan.len()).collect();
    all.sort_by_key(|&i| !matches!(plan.pages()[i], Page::Paper(_)));
    let (results, mut math) = render_pages(
        site, renderer, &plan, &hashes, &all, sink, previous, progress,
    )?;
    progress.timed("pages", t);
    let t = Instant::now();
    let rendered = results.iter().filter(|r| r.rendered).count();
    let pages = results.len();
    let mut manifest = Manifest {
        pages: results
            .into_iter()
            .map(|r| (r.file, r.fingerprint))
            .collect(),
    };
    // Files that are not pages (feeds and sitemap too) are cheap to make: always made and
    // compared byte for byte.
    let mut files = static_files(static_dir)?;
    let u = &renderer.urls;
    let (feeds, feeds_math) = feed_files(site, renderer);
    math.add(feeds_math);
    files.extend(feeds);
    files.extend(
        sitemap::files(site, &plan, u)
            .into_iter()
            .map(|(rel, xml)| (rel, xml.into_bytes())),
    );
    files.push((".nojekyll".into(), Vec::new()));
    files.push(("robots.txt".into(), sitemap::robots_txt(u).into_bytes()));
    if !config.cname.trim().is_empty() {
        files.push((
            "CNAME".into(),
            format!("{}\n", config.cname.trim()).into_bytes(),
        ));
    }
    progress.timed("feeds, sitemap, static files", t);
    let t = Instant::now();
    put_files(files, sink, &mut manifest)?;
    progress.timed("write other files", t);
    Ok(Generated {
        pages,
        rendered,
        manifest,
        math,
    })
}

/// Renders only the pages that show one of `papers` (those whose fingerprint changed) and
/// the feeds, and carries every other file of `previous` over. Only for a change that keeps
/// the index's shape (the same papers on the same days under the same categories, as the
/// preview's session checks): then no other page, nor the sitemap, can have changed.
pub fn generate_some(
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
    previous: &Manifest,
    papers: &[PaperIx],
    progress: &Progress,
) -> Result<Generated> {
    let t = Instant::now();
    let plan = Plan::new(site, renderer.config().home_days);
    let hashes = Hashes::new(site, renderer.fingerprint());
    let showing = plan.showing(papers);
    progress.timed("plan", t);
    let t = Instant::now();
    let (results, mut math) = render_pages(
        site, renderer, &plan, &hashes, &showing, sink, previous, progress,
    )?;
    progress.timed("pages", t);
    let t = Instant::now();
    let rendered = results.iter().filter(|r| r.rendered).count();
    let mut manifest = previous.clone();
    manifest
        .pages
        .extend(results.into_iter().map(|r| (r.file, r.fingerprint)));
    let (feeds, feeds_math) = feed_files(site, renderer);
    math.add(feeds_math);
    put_files(feeds, sink, &mut manifest)?;
    progress.timed("feeds", t);
    Ok(Generated {
        pages: plan.len(),
        rendered,
        manifest,
        math,
    })
}

/// A page of a render: its file, its fingerprint, and whether it was rendered (or kept).
struct PageFile {
    file: String,
    fingerprint: u64,
    rendered: bool,
}

/// Renders each page of `plan` at the places `which` whose fingerprint differs from
/// `previous`, in parallel; also what math conversion did for them.
#[allow(clippy::too_many_arguments)]
fn render_pages(
    site: &Site,
    renderer: &Renderer,
    plan: &Plan,
    hashes: &Hashes,
    which: &[usize],
    sink: &dyn Sink,
    previous: &Manifest,
    progress: &Progress,
) -> Result<(Vec<PageFile>, MathStats)> {
    let cards = Cards::new(renderer, site);
    progress.start("rendering pages", which.len());
    let results: Vec<(String, u64, bool, MathStats)> = which
        .par_iter()
        .map(|&i| {
            progress.step();
            let page = plan.pages()[i];
            let file = page.file(site);
            let fp = plan.fingerprint(i, hashes);
            if previous.get(&file) == Some(fp) && sink.keep(&file) {
                return Ok((file, fp, false, MathStats::default()));
            }
            let before = math::thread_stats();
            let html = renderer
                .page(site, page, &cards)
                .with_context(|| format!("cannot render {file} from {}", page.template()))?;
            let math = math::thread_stats().since(before);
            sink.put(&file, &html)?;
            Ok((file, fp, true, math))
        })
        .collect::<Result<_>>()?;
    let mut math = MathStats::default();
    let pages = results
        .into_iter()
        .map(|(file, fingerprint, rendered, m)| {
            math.add(m);
            PageFile {
                file,
                fingerprint,
                rendered,
            }
        })
        .collect();
    Ok((pages, math))
}

/// The feeds, with what math conversion did for them.
fn feed_files(site: &Site, renderer: &Renderer) -> (Vec<(String, Vec<u8>)>, MathStats) {
    let before = math::thread_stats();
    let files = feeds::files(site, renderer.config(), &renderer.urls)
        .into_iter()
        .map(|(rel, xml)| (rel, xml.into_bytes()))
        .collect();
    (files, math::thread_stats().since(before))
}

/// Builds the search index and writes its files in parallel, recording their hashes in
/// `manifest`. Not part of [`generate_with`]: the preview writes it after the reload.
pub fn put_search_index(
    site: &Site,
    sink: &dyn Sink,
    manifest: &mut Manifest,
    previous: &Manifest,
) -> Result<()> {
    // For measuring what the index costs (`cargo bench --bench search`): a site without it.
    if std::env::var_os("PAPERPRESS_NO_SEARCH_INDEX").is_some() {
        return Ok(());
    }
    // The same meta file means the same index (see `search::meta_file`): keep its files.
    let meta_file = search::meta_file(site);
    let (meta_rel, meta) = &meta_file;
    let mut kept = std::collections::HashSet::new();
    if previous.get(meta_rel) == Some(xxhash_rust::xxh3::xxh3_64(meta)) {
        for (rel, hash) in previous
            .pages
            .iter()
            .filter(|(r, _)| search::is_index_file(r))
        {
            if sink.keep(rel) {
                manifest.pages.insert(rel.clone(), *hash);
                kept.insert(rel.clone());
            }
        }
        if kept.contains(meta_rel) && kept.len() == search::file_count(site) {
            return Ok(());
        }
    }
    let files: Vec<(String, Vec<u8>)> = search::files_with_meta(site, meta_file)
        .into_iter()
        .filter(|(rel, _)| !kept.contains(rel))
        .collect();
    let hashes: Vec<(String, u64)> = files
        .into_par_iter()
        .map(|(rel, bytes)| {
            sink.put(&rel, &bytes)?;
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
            Ok((rel, hash))
        })
        .collect::<Result<_>>()?;
    manifest.pages.extend(hashes);
    Ok(())
}

/// Writes files that are not pages, recording their hashes in `manifest`.
fn put_files(
    files: Vec<(String, Vec<u8>)>,
    sink: &dyn Sink,
    manifest: &mut Manifest,
) -> Result<()> {
    for (rel, bytes) in files {
        sink.put(&rel, &bytes)?;
        manifest
            .pages
            .insert(rel, xxhash_rust::xxh3::xxh3_64(&bytes));
    }
    Ok(())
}

/// The files of `static/`, as (path, bytes); a site without one gets the built-in
/// stylesheet, script and icon.
fn static_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    if !dir.is_dir() {
        return Ok(templates::BUILTIN_STATIC
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect());
    }
    let mut out = Vec::new();
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
        out.push((rel, bytes));
    }
    Ok(out)
}
