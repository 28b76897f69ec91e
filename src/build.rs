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

/// What a [`Job`] did.
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

/// One render of a site into a sink: pages whose fingerprint matches `previous` are not
/// rendered again.
pub struct Job<'a> {
    pub site: &'a Site,
    pub renderer: &'a Renderer,
    pub sink: &'a dyn Sink,
    pub previous: &'a Manifest,
    pub progress: &'a Progress,
}

impl Job<'_> {
    /// Every page, the feeds, the sitemap and the static files of `static_dir`, with the
    /// search index made alongside ([`put_search_index`]), on the cores that rendering and
    /// writing leave idle.
    pub fn all(&self, static_dir: &Path) -> Result<Generated> {
        let (generated, index) = rayon::join(
            || self.all_but_search(static_dir, false),
            || -> Result<Manifest> {
                let t = Instant::now();
                let mut manifest = Manifest::default();
                put_search_index(self.site, self.sink, &mut manifest, self.previous)?;
                self.progress.timed("search index", t);
                Ok(manifest)
            },
        );
        let mut generated = generated?;
        generated.manifest.pages.extend(index?.pages);
        Ok(generated)
    }

    /// [`Job::all`] without the search index, which the preview writes after its reload;
    /// `but_stats`: without the stats page too (the preview's [`Job::stats`]), whose file
    /// stays as it was.
    pub fn all_but_search(&self, static_dir: &Path, but_stats: bool) -> Result<Generated> {
        let (plan, hashes) = self.plan();
        let t = Instant::now();
        // Paper pages first: list pages keep every card they render in memory until the
        // end, and they should not fill it while the search index, built alongside, holds
        // its own.
        let mut all: Vec<usize> = (0..plan.len())
            .filter(|&i| !(but_stats && plan.pages()[i] == Page::Stats))
            .collect();
        all.sort_by_key(|&i| !matches!(plan.pages()[i], Page::Paper(_)));
        let (results, mut math) = self.pages(&plan, &hashes, &all)?;
        self.progress.timed("pages", t);
        let t = Instant::now();
        let rendered = results.iter().filter(|r| r.rendered).count();
        let pages = plan.len();
        let mut manifest = Manifest {
            pages: results
                .into_iter()
                .map(|r| (r.file, r.fingerprint))
                .collect(),
        };
        if but_stats {
            let file = Page::Stats.file(self.site);
            if let Some(fingerprint) = self.previous.get(&file) {
                manifest.pages.insert(file, fingerprint);
            }
        }
        // Files that are not pages (feeds and sitemap too) are cheap to make: always made
        // and compared byte for byte.
        let mut files = static_files(static_dir)?;
        let (feeds, feeds_math) = self.feeds();
        math.add(feeds_math);
        files.extend(feeds);
        files.extend(self.site_files(&plan));
        self.progress.timed("feeds, sitemap, static files", t);
        let t = Instant::now();
        put_files(files, self.sink, &mut manifest)?;
        self.progress.timed("write other files", t);
        Ok(Generated {
            pages,
            rendered,
            manifest,
            math,
        })
    }

    /// Only the pages that show one of `papers` (those whose fingerprint changed); every
    /// other file of `previous` is carried over. Only for a change that keeps the index's
    /// shape (the same papers on the same days under the same categories, as the preview's
    /// session checks): then no other page can have changed. The stats page, the feeds and
    /// the sitemap are not among them: the preview makes them after its reload
    /// ([`Job::stats`], [`Job::feeds_and_sitemap`]).
    pub fn showing(&self, papers: &[PaperIx]) -> Result<Generated> {
        let (plan, hashes) = self.plan();
        let t = Instant::now();
        let mut which = plan.showing(papers);
        which.retain(|&i| plan.pages()[i] != Page::Stats);
        let generated = self.carried_over(&plan, &hashes, &which)?;
        self.progress.timed("pages", t);
        Ok(generated)
    }

    /// Only the feeds and the sitemap (a page's related papers, and so its `lastmod`, may
    /// have changed), written where their bytes changed; every other file of `previous` is
    /// carried over.
    pub fn feeds_and_sitemap(&self) -> Result<Generated> {
        let t = Instant::now();
        let plan = Plan::new(self.site, self.renderer.config().home_days);
        let (mut files, math) = self.feeds();
        files.extend(self.site_files(&plan));
        let mut manifest = self.previous.clone();
        put_files(files, self.sink, &mut manifest)?;
        self.progress.timed("feeds, sitemap", t);
        Ok(Generated {
            pages: plan.len(),
            rendered: 0,
            manifest,
            math,
        })
    }

    /// Only the stats page, if its fingerprint changed; every other file of `previous` is
    /// carried over.
    pub fn stats(&self) -> Result<Generated> {
        let (plan, hashes) = self.plan();
        let which: Vec<usize> = (0..plan.len())
            .filter(|&i| plan.pages()[i] == Page::Stats)
            .collect();
        self.carried_over(&plan, &hashes, &which)
    }

    /// The pages of `plan` at `which` (those whose fingerprint changed), with every other
    /// file of `previous` carried over.
    fn carried_over(&self, plan: &Plan, hashes: &Hashes, which: &[usize]) -> Result<Generated> {
        let (results, math) = self.pages(plan, hashes, which)?;
        let rendered = results.iter().filter(|r| r.rendered).count();
        let mut manifest = self.previous.clone();
        manifest
            .pages
            .extend(results.into_iter().map(|r| (r.file, r.fingerprint)));
        Ok(Generated {
            pages: plan.len(),
            rendered,
            manifest,
            math,
        })
    }

    /// The page plan and the hashes of its inputs.
    fn plan(&self) -> (Plan, Hashes<'_>) {
        let t = Instant::now();
        let plan = Plan::new(self.site, self.renderer.config().home_days);
        let hashes = Hashes::new(self.site, self.renderer.fingerprint());
        self.progress.timed("plan", t);
        (plan, hashes)
    }

    /// Renders each page of `plan` at the places `which` whose fingerprint differs from
    /// `previous`, in parallel; also what math conversion did for them.
    fn pages(
        &self,
        plan: &Plan,
        hashes: &Hashes,
        which: &[usize],
    ) -> Result<(Vec<PageFile>, MathStats)> {
        let cards = Cards::for_pages(self.renderer, self.site, plan, which);
        self.progress.start("rendering pages", which.len());
        let results: Vec<(PageFile, MathStats)> = which
            .par_iter()
            .map(|&i| self.page(plan, hashes, &cards, i))
            .collect::<Result<_>>()?;
        let mut math = MathStats::default();
        let pages = results
            .into_iter()
            .map(|(page, m)| {
                math.add(m);
                page
            })
            .collect();
        Ok((pages, math))
    }

    /// Page `i` of `plan`, rendered and written unless it is unchanged.
    fn page(
        &self,
        plan: &Plan,
        hashes: &Hashes,
        cards: &Cards,
        i: usize,
    ) -> Result<(PageFile, MathStats)> {
        self.progress.step();
        let page = plan.pages()[i];
        let file = page.file(self.site);
        let fingerprint = plan.fingerprint(i, hashes);
        let rendered = !(self.previous.get(&file) == Some(fingerprint) && self.sink.keep(&file));
        let mut math = MathStats::default();
        if rendered {
            let before = math::thread_stats();
            let t = Instant::now();
            let html = self
                .renderer
                .page(self.site, page, cards)
                .with_context(|| format!("cannot render {file} from {}", page.template()))?;
            // The stats page is the rising words and the charts: its time is a phase of
            // its own (part of "pages"), for the build benchmark.
            if page == Page::Stats {
                self.progress.timed("trends", t);
            }
            math = math::thread_stats().since(before);
            self.sink.put(&file, &html)?;
        }
        let page = PageFile {
            file,
            fingerprint,
            rendered,
        };
        Ok((page, math))
    }

    /// The feeds, with what math conversion did for them.
    fn feeds(&self) -> (Vec<(String, Vec<u8>)>, MathStats) {
        let before = math::thread_stats();
        let r = self.renderer;
        let files = feeds::files(self.site, r.config(), &r.urls)
            .into_iter()
            .map(|(rel, xml)| (rel, xml.into_bytes()))
            .collect();
        (files, math::thread_stats().since(before))
    }

    /// The sitemap, robots.txt, .nojekyll and CNAME.
    fn site_files(&self, plan: &Plan) -> Vec<(String, Vec<u8>)> {
        let u = &self.renderer.urls;
        let mut files: Vec<(String, Vec<u8>)> = sitemap::files(self.site, plan, u)
            .into_iter()
            .map(|(rel, xml)| (rel, xml.into_bytes()))
            .collect();
        files.push((".nojekyll".into(), Vec::new()));
        files.push(("robots.txt".into(), sitemap::robots_txt(u).into_bytes()));
        let cname = self.renderer.config().cname.trim();
        if !cname.is_empty() {
            files.push(("CNAME".into(), format!("{cname}\n").into_bytes()));
        }
        files
    }
}

/// A page of a render: its file, its fingerprint, and whether it was rendered (or kept).
struct PageFile {
    file: String,
    fingerprint: u64,
    rendered: bool,
}

/// Builds the search index and writes its files in parallel, recording their hashes in
/// `manifest`. Not part of [`Job::all_but_search`]: the preview writes it after the reload.
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
    // Each file is written as soon as it is made: the index's text is never all in memory.
    let hashes = std::sync::Mutex::new(Vec::new());
    let emit = |rel: String, bytes: Vec<u8>| -> Result<()> {
        if kept.contains(&rel) {
            return Ok(());
        }
        sink.put(&rel, &bytes)?;
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel, hash));
        Ok(())
    };
    search::write_files(site, meta_file, &emit)?;
    manifest
        .pages
        .extend(hashes.into_inner().unwrap_or_else(|e| e.into_inner()));
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
