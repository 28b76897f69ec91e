//! The stages every command runs, in one place: configuration and templates, content,
//! index, pages.
//!
//! `build` and `check` run a pipeline once over an empty cache (and hand the digests to the
//! index instead of keeping them); the preview's [`crate::session::Session`] keeps one
//! between updates and runs each stage only as far as a change requires. The same content
//! gives the same diagnostics in all three ([`Pipeline::diagnostics`]).

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use crate::build::{Generated, Job};
use crate::config::Config;
use crate::content::cache::{Cache, Refresh};
use crate::content::ledger::Ledger;
use crate::diagnostic::Diagnostic;
use crate::model::{Digest, PaperIx, Related, Site, Uncategorised};
use crate::output::{Manifest, Sink};
use crate::progress::Progress;
use crate::render::Renderer;
use crate::site_dir::SiteDir;

/// What changed on disk since the last run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Paths below content/ that changed (files or folders); any content change at all
    /// also makes the pipeline look for new, removed and modified files.
    pub content: BTreeSet<PathBuf>,
    pub templates: bool,
    pub statics: bool,
    pub config: bool,
}

impl Changes {
    /// Everything: what a first run reads.
    pub fn all() -> Changes {
        Changes {
            config: true,
            ..Changes::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.templates && !self.statics && !self.config
    }

    pub fn merge(&mut self, other: Changes) {
        self.content.extend(other.content);
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.config |= other.config;
    }
}

/// How the index was brought up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Indexed {
    /// The same papers on the same days under the same categories: only these papers
    /// changed, and only the pages that show them can have.
    Patched(Vec<PaperIx>),
    /// New files of later days appended (the daily routine).
    Appended,
    /// Built afresh from every digest.
    Rebuilt,
}

impl Indexed {
    /// The name of the step, for timings.
    pub fn phase(&self) -> &'static str {
        match self {
            Indexed::Patched(_) => "index (patched)",
            Indexed::Appended => "index (appended)",
            Indexed::Rebuilt => "index",
        }
    }
}

/// Which pages and files [`Pipeline::render`] makes.
#[derive(Debug, Clone, Copy)]
pub enum Render<'a> {
    /// Every file of the site.
    All,
    /// Every file but the search index (`check`).
    AllButSearch,
    /// Every file but those made from the whole site, which the preview makes after its
    /// reload: the search index and the stats page.
    AllButLater,
    /// The pages that show these papers but the stats page; every other file stays.
    Showing(&'a [PaperIx]),
    /// The feeds and the sitemap, which the preview makes after its reload when it
    /// rendered only the pages that show some papers.
    FeedsAndSitemap,
    /// The stats page, if what it shows changed (its rising words read the papers of the
    /// last 210 days: the preview makes it after its reload).
    Stats,
}

/// A whole content folder read, checked and indexed once, for `build` and `check`.
pub struct Loaded {
    pub pipeline: Pipeline,
    /// Every diagnostic of the content, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// What became of each line of each content file, by file.
    pub lines: Vec<(Arc<PathBuf>, Ledger)>,
    /// Files whose papers name no category, with how many.
    pub uncategorised: Uncategorised,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// The stages of a site's build and what they made last.
pub struct Pipeline {
    dir: SiteDir,
    configured: Option<(Config, Renderer)>,
    content: Cache,
    /// Whether the cache is kept between runs (the preview) or its digests handed to the
    /// index (a build).
    keep: bool,
    site: Site,
    /// Whether `site` was built from the digests now cached.
    site_fresh: bool,
    /// Whether the index changed since its related papers were found (see
    /// [`Pipeline::index_keeping_related`]).
    related_stale: bool,
}

impl Pipeline {
    /// A pipeline for the site of `dir` that has run no stage yet.
    pub fn new(dir: SiteDir, keep: bool) -> Pipeline {
        let content = Cache::new(&dir.root, &dir.content_dir(), dir.not_content());
        Pipeline {
            dir,
            configured: None,
            content,
            keep,
            site: Site::default(),
            site_fresh: false,
            related_stale: false,
        }
    }

    /// Runs configuration, content and index once over the whole site (stages 1 to 3).
    /// Content errors are in the diagnostics (the index holds what could be read); a broken
    /// configuration or template is an error.
    pub fn load(dir: SiteDir, progress: &Progress) -> Result<Loaded> {
        let mut pipeline = Pipeline::new(dir, false);
        let t = Instant::now();
        pipeline.configure(&Changes::all())?;
        progress.timed("configuration and templates", t);
        let t = Instant::now();
        progress.start("reading content", 0);
        pipeline.read(&Changes::all());
        let diagnostics = pipeline.diagnostics();
        let lines = pipeline.content.take_ledgers();
        progress.timed("content", t);
        let t = Instant::now();
        pipeline.index_site(&Refresh::default(), &Changes::all());
        progress.timed("index", t);
        let t = Instant::now();
        pipeline.relate();
        progress.timed("related papers", t);
        let uncategorised = pipeline.uncategorised();
        Ok(Loaded {
            pipeline,
            diagnostics,
            lines,
            uncategorised,
        })
    }

    /// Stage 1: reads site.toml and loads the templates again, as far as `changes` require.
    /// On an error the pipeline has no configuration until a later call succeeds.
    pub fn configure(&mut self, changes: &Changes) -> Result<()> {
        if changes.config {
            self.content.clear();
            self.configured = None;
            let config = self.dir.config()?;
            let renderer = Renderer::new(&self.dir.templates_dir(), &config)?;
            self.configured = Some((config, renderer));
        } else if changes.templates {
            let Some((config, _)) = self.configured.take() else {
                return self.configure(&Changes::all());
            };
            let renderer = Renderer::new(&self.dir.templates_dir(), &config)?;
            self.configured = Some((config, renderer));
        }
        Ok(())
    }

    /// Stage 2: reads the content files that changed (all of them after a configuration
    /// change, or the first time).
    pub fn read(&mut self, changes: &Changes) -> Refresh {
        if changes.config || !changes.content.is_empty() || self.content.is_empty() {
            self.content.refresh(&changes.content)
        } else {
            Refresh::default()
        }
    }

    /// Every diagnostic of the content as last read, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.content.diagnostics()
    }

    /// The diagnostics of what `refresh` read again: its files', and the title conflicts of
    /// their papers; sorted.
    pub fn diagnostics_of(&self, refresh: &Refresh) -> Vec<Diagnostic> {
        let paths: Vec<&PathBuf> = refresh
            .changed
            .iter()
            .map(|(p, _)| p)
            .chain(&refresh.added)
            .collect();
        self.content.diagnostics_of(&paths)
    }

    /// The errors that keep the site from being built.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.content.errors()
    }

    /// Stage 3 for the preview: brings the index up to date with what `refresh` read. With
    /// a kept cache it patches the index where only papers changed and appends new later
    /// days; otherwise it builds the index afresh. A patched or appended index keeps the
    /// related papers it had (a paper new to the index has none yet), so that the pages can
    /// be shown without waiting for the whole site's lists; [`Pipeline::relate_again`]
    /// brings them up to date after that. A patch names the papers it changed.
    pub fn index_keeping_related(&mut self, refresh: &Refresh, changes: &Changes) -> Indexed {
        match self.index_site(refresh, changes) {
            // Paper numbers may have moved in an index built afresh, so the old lists cannot
            // be trusted, and it has none of its own: rendered without them, every paper's
            // page would be written twice, the second time moments later. Every page is
            // rendered again anyway, so the lists are found first, as a build does.
            Indexed::Rebuilt => {
                self.relate();
                Indexed::Rebuilt
            }
            Indexed::Patched(papers) => {
                self.related_stale |= !papers.is_empty();
                Indexed::Patched(papers)
            }
            Indexed::Appended => {
                self.related_stale = true;
                Indexed::Appended
            }
        }
    }

    /// Finds every paper's related papers again if the index changed since they were last
    /// found ([`Pipeline::index_keeping_related`]); returns the papers whose lists changed,
    /// or `None` if the lists were up to date.
    pub fn relate_again(&mut self) -> Option<Vec<PaperIx>> {
        if !self.related_stale {
            return None;
        }
        let old = self.relate();
        Some(self.site.related_lists().differing(&old))
    }

    /// Finds every paper's related papers again; returns the lists they replace.
    fn relate(&mut self) -> Related {
        let related = crate::render::related::compute(&self.site);
        self.related_stale = false;
        self.site.set_related(related)
    }

    /// Stage 3 without the related papers.
    fn index_site(&mut self, refresh: &Refresh, changes: &Changes) -> Indexed {
        if !self.keep {
            if let Some((config, _)) = &self.configured {
                self.site = Site::from_digests(self.content.take_digests(), config);
            }
            return Indexed::Rebuilt;
        }
        if refresh.any() {
            self.site_fresh = self.site_fresh
                && !changes.config
                && !refresh.structural
                && refresh.changed.iter().all(|(path, old)| {
                    let new = self.content.digest(path);
                    matches!((old, new), (Some(a), Some(b)) if same_shape(a, b))
                });
        }
        if self.site_fresh && refresh.added.is_empty() {
            return Indexed::Patched(self.patch(refresh));
        }
        if self.site_fresh && refresh.changed.is_empty() && self.append(&refresh.added) {
            return Indexed::Appended;
        }
        let Some((config, _)) = &self.configured else {
            return Indexed::Rebuilt;
        };
        let digests: Vec<Digest> = self.content.digests().cloned().collect();
        let old = std::mem::replace(&mut self.site, Site::from_digests(digests, config));
        // Freeing a large index takes a while; nobody needs to wait for it.
        std::thread::spawn(move || drop(old));
        self.site_fresh = true;
        Indexed::Rebuilt
    }

    /// Merges again the papers of the files `refresh` found changed; returns where they are.
    fn patch(&mut self, refresh: &Refresh) -> Vec<PaperIx> {
        let Some((config, _)) = &self.configured else {
            return Vec::new();
        };
        let ids: HashSet<&str> = refresh
            .changed
            .iter()
            .filter_map(|(p, _)| self.content.digest(p))
            .flat_map(|d| d.papers.iter().map(|p| p.id.as_str()))
            .collect();
        let papers = Site::merged(self.content.digests(), &ids, config);
        self.site.replace_papers(papers)
    }

    /// Appends the digests of the new files `added` to the index, if they all sort after
    /// every other file. Returns false if the index must be built again instead (it may
    /// then hold some of them).
    fn append(&mut self, added: &[PathBuf]) -> bool {
        let Some((config, _)) = &self.configured else {
            return false;
        };
        let mut digests: Vec<Digest> = added
            .iter()
            .filter_map(|p| self.content.digest(p).cloned())
            .collect();
        crate::model::sort_digests(&mut digests);
        digests
            .into_iter()
            .all(|d| self.site.append(d, config).is_ok())
    }

    /// Marks the index as behind the cached digests: the next index stage builds it afresh.
    pub fn mark_stale(&mut self) {
        self.site_fresh = false;
    }

    /// Stage 4: renders `what` into `sink`; pages whose fingerprint matches `previous` are
    /// not rendered again.
    pub fn render(
        &self,
        sink: &dyn Sink,
        previous: &Manifest,
        what: Render,
        progress: &Progress,
    ) -> Result<Generated> {
        let Some((_, renderer)) = &self.configured else {
            anyhow::bail!("the site has no configuration");
        };
        let job = Job {
            site: &self.site,
            renderer,
            sink,
            previous,
            progress,
        };
        match what {
            Render::All => job.all(&self.dir.static_dir()),
            Render::AllButSearch => job.all_but_search(&self.dir.static_dir(), false),
            Render::AllButLater => job.all_but_search(&self.dir.static_dir(), true),
            Render::Showing(papers) => job.showing(papers),
            Render::Stats => job.stats(),
            Render::FeedsAndSitemap => job.feeds_and_sitemap(),
        }
    }

    /// The index as last built.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The index, for a caller done with the pipeline.
    pub fn into_site(self) -> Site {
        self.site
    }

    /// The configuration, once stage 1 succeeded.
    pub fn config(&self) -> Option<&Config> {
        self.configured.as_ref().map(|(c, _)| c)
    }

    /// The files whose papers name no category, with how many.
    pub fn uncategorised(&self) -> Uncategorised {
        match self.config() {
            Some(config) => self.site.uncategorised_files(config),
            None => Uncategorised::default(),
        }
    }
}

/// Whether two digests put the same papers on the same day under the same categories, so
/// that the index keeps its shape and only those papers change.
fn same_shape(a: &Digest, b: &Digest) -> bool {
    a.date == b.date
        && a.title == b.title
        && a.papers.len() == b.papers.len()
        && a.papers.iter().zip(&b.papers).all(|(p, q)| {
            p.id == q.id && p.category == q.category && p.other_categories == q.other_categories
        })
}
