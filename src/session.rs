//! A site kept in memory between rebuilds, for the preview server.
//!
//! A session keeps a [`Pipeline`] (each content file's digest and diagnostics, the
//! configuration and templates, the index) and the manifest of page fingerprints of the last
//! build. An update runs the pipeline's stages only as far as a change requires: it re-parses
//! only the content files that changed, patches or appends to the index where it can, and
//! renders only pages whose fingerprint changed. A template change reloads the renderer
//! without re-parsing content; a site.toml change starts again from scratch. The related
//! papers ([`Session::update_related`]), the stats page ([`Session::update_stats`]) and the
//! search index ([`Session::update_search`]) take the whole site (or its last 210 days) to
//! make: they are brought up to date after the pages, so that the preview can reload the
//! pages first.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::build::{Generated, put_search_index};
use crate::content::cache::Refresh;
use crate::diagnostic::Diagnostic;
use crate::in_place::InPlace;
use crate::model::Site;
use crate::output::Manifest;
use crate::pipeline::{Indexed, Pipeline, Render};
use crate::progress::Progress;
use crate::render::search::is_index_file;
use crate::site_dir::SiteDir;

pub use crate::pipeline::Changes;

/// Why the site cannot be shown: errors in content, or a broken site.toml or template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Content errors, each naming its file and line.
    pub errors: Vec<Diagnostic>,
    /// A configuration, template or rendering error, as one message.
    pub fatal: Option<String>,
}

impl Problem {
    /// Every error, one per line.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.fatal.iter().cloned().collect();
        out.extend(self.errors.iter().map(ToString::to_string));
        out
    }
}

/// What one update did.
#[derive(Debug, Default)]
pub struct Update {
    /// Content files read and parsed again.
    pub reparsed: usize,
    /// Pages rendered (the others were unchanged).
    pub rendered: usize,
    pub pages: usize,
    pub written: usize,
    pub removed: usize,
    /// Whether what the server shows changed: pages reload when it did.
    pub changed: bool,
    /// Papers whose related papers changed ([`Session::update_related`]).
    pub lists: usize,
    /// Diagnostics of the files parsed again.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each step took.
    pub phases: Vec<(&'static str, Duration)>,
}

pub struct Session {
    pipeline: Pipeline,
    /// Why configuration or templates failed, until they load again.
    fatal: Option<String>,
    manifest: Manifest,
    out: InPlace,
    problem: Option<Problem>,
    /// Whether the search index in the output lags behind the index (see
    /// [`Session::update_search`]).
    search_stale: bool,
    /// Whether pages were rendered since the stats page was last made (see
    /// [`Session::update_stats`]).
    stats_stale: bool,
    /// Whether pages were rendered without the feeds and the sitemap since they were last
    /// made (see [`Session::update_feeds`]).
    feeds_stale: bool,
}

impl Session {
    /// Loads the site of `opts.root` and builds it into `out`. Problems with the site are
    /// not errors here: they are the session's [`Session::problem`]. Only a failure to write
    /// `out` is.
    pub fn open(opts: SiteDir, out: &Path) -> Result<(Session, Update)> {
        let mut s = Session {
            pipeline: Pipeline::new(opts, true),
            fatal: None,
            manifest: Manifest::default(),
            out: InPlace::new(out)?,
            problem: None,
            search_stale: false,
            stats_stale: false,
            feeds_stale: false,
        };
        let mut update = s.update(&Changes::all())?;
        // The first update shows every diagnostic of the content, as a build does.
        update.diagnostics = s.pipeline.diagnostics();
        s.update_related();
        s.update_stats();
        s.update_search()?;
        Ok((s, update))
    }

    /// The folder the site is written to.
    pub fn out_dir(&self) -> &Path {
        self.out.dir()
    }

    /// Every file of the site as last built, as paths below the output folder.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.manifest.pages.keys().map(String::as_str)
    }

    /// What keeps the site from being shown, if anything.
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// The index as last built.
    pub fn site(&self) -> &Site {
        self.pipeline.site()
    }

    /// Brings the output up to date with `changes`. Returns an error only when the output
    /// folder cannot be written.
    pub fn update(&mut self, changes: &Changes) -> Result<Update> {
        let start = Instant::now();
        let mut update = Update::default();
        self.configure(changes);
        update
            .phases
            .push(("configuration and templates", start.elapsed()));
        let t = Instant::now();
        let refresh = self.pipeline.read(changes);
        update.reparsed = refresh.parsed;
        update.diagnostics = self.pipeline.diagnostics_of(&refresh);
        update.phases.push(("content", t.elapsed()));
        let before = self.problem.take();
        if !(changes.config || changes.templates || changes.statics || refresh.any()) {
            self.problem = before;
        } else if let Some(problem) = self.blocked(&refresh) {
            self.problem = Some(problem);
            update.changed = self.problem != before;
        } else {
            let t = Instant::now();
            let indexed = self.pipeline.index_keeping_related(&refresh, changes);
            update.phases.push((indexed.phase(), t.elapsed()));
            let what = match &indexed {
                Indexed::Patched(papers) if !(changes.templates || changes.statics) => {
                    Render::Showing(papers)
                }
                _ => Render::AllButLater,
            };
            let showing = matches!(what, Render::Showing(_));
            if self.render(what, &mut update) {
                self.search_stale |= refresh.any() || changes.config;
                // Neither render makes the stats page: `update_stats` does.
                self.stats_stale = true;
                // Nor does a render of some pages make the feeds and the sitemap.
                self.feeds_stale = showing;
            }
            update.changed = match &self.problem {
                Some(p) => Some(p) != before.as_ref(),
                None => update.changed || before.is_some(),
            };
        }
        update.elapsed = start.elapsed();
        Ok(update)
    }

    /// Stage 1, as far as `changes` require; a failure becomes the session's problem.
    fn configure(&mut self, changes: &Changes) {
        if !(changes.config || changes.templates) {
            return;
        }
        self.fatal = match self.pipeline.configure(changes) {
            Ok(()) => None,
            Err(e) => Some(format!("{e:#}")),
        };
    }

    /// What keeps the site from being rendered now, if anything.
    fn blocked(&mut self, refresh: &Refresh) -> Option<Problem> {
        let errors = self.pipeline.errors();
        if self.fatal.is_none() && errors.is_empty() {
            return None;
        }
        if refresh.any() {
            // The digests moved on without the index: build it afresh next time.
            self.pipeline.mark_stale();
        }
        Some(Problem {
            errors,
            fatal: self.fatal.clone(),
        })
    }

    /// Stage 4: renders `what` into the output and takes the new manifest; a rendering
    /// failure becomes the session's problem. Whether it succeeded.
    fn render(&mut self, what: Render, update: &mut Update) -> bool {
        let t = Instant::now();
        let progress = Progress::default();
        let result = self
            .pipeline
            .render(&self.out, &self.manifest, what, &progress);
        update.phases.extend(progress.phases());
        update.phases.push(("generate", t.elapsed()));
        match result {
            Ok(generated) => {
                self.take(generated, update);
                true
            }
            Err(e) => {
                // Pages written before the error no longer match their fingerprints: make
                // sure they are rendered again next time.
                for rel in self.out.take_written() {
                    self.manifest.pages.insert(rel, 0);
                }
                self.problem = Some(Problem {
                    errors: Vec::new(),
                    fatal: Some(format!("{e:#}")),
                });
                false
            }
        }
    }

    /// Takes what a render wrote: removes the files no longer part of the site and keeps
    /// the new manifest.
    fn take(&mut self, mut generated: Generated, update: &mut Update) {
        // The search index is brought up to date by `update_search`, after the reload:
        // until then the files of the last index stay.
        for (rel, hash) in &self.manifest.pages {
            if is_index_file(rel) {
                generated.manifest.pages.entry(rel.clone()).or_insert(*hash);
            }
        }
        let written = self.out.take_written();
        update.removed = self.out.remove_stale(&self.manifest, &generated.manifest);
        update.written = written.len();
        update.rendered = generated.rendered;
        update.pages = generated.pages;
        self.manifest = generated.manifest;
        update.changed = update.written > 0 || update.removed > 0;
    }

    /// Finds every paper's related papers again if the index changed since they were last
    /// found, and renders the pages whose list changed ([`Session::update_feeds`] then makes
    /// the feeds and the sitemap again). An update renders the pages with the lists as they
    /// were, since finding them takes the whole site (0.3 to 0.6 s at 21,900 papers): the
    /// preview calls this after the reload, and reloads again if it changed anything.
    pub fn update_related(&mut self) -> Update {
        let start = Instant::now();
        let mut update = Update::default();
        if self.problem.is_some() {
            // The lists stay behind until the site can be shown again.
            return update;
        }
        let t = Instant::now();
        let Some(papers) = self.pipeline.relate_again() else {
            return update;
        };
        update.phases.push(("related papers", t.elapsed()));
        update.lists = papers.len();
        if !papers.is_empty() {
            // The search index holds no related papers: it stays as it is.
            self.feeds_stale |= self.render(Render::Showing(&papers), &mut update);
        }
        update.changed |= self.problem.is_some();
        update.elapsed = start.elapsed();
        update
    }

    /// Renders the stats page, if pages were rendered since it was last made and what it
    /// shows changed. Its rising words read the papers
    /// of the last 210 days (0.2 s at 21,900 papers), so an update leaves it as it was and
    /// the preview calls this after the reload, as it does [`Session::update_related`].
    pub fn update_stats(&mut self) -> Update {
        let start = Instant::now();
        let mut update = Update::default();
        if self.stats_stale && self.problem.is_none() {
            self.stats_stale = !self.render(Render::Stats, &mut update);
            update.changed |= self.problem.is_some();
        }
        update.elapsed = start.elapsed();
        update
    }

    /// Writes the feeds and the sitemap if pages were rendered without them since they were
    /// last made. Only pages show in the browser, so the preview does this after the reload.
    pub fn update_feeds(&mut self) -> Update {
        let start = Instant::now();
        let mut update = Update::default();
        if self.feeds_stale && self.problem.is_none() {
            self.feeds_stale = !self.render(Render::FeedsAndSitemap, &mut update);
            // An error shows in the browser; written feeds do not.
            update.changed = self.problem.is_some();
        }
        update.elapsed = start.elapsed();
        update
    }

    /// Writes the search index of the site as last built, if it changed since the index was
    /// last written; whether any file changed. The index costs a second or more on a large
    /// site, so the preview writes it after the page reload, not before.
    pub fn update_search(&mut self) -> Result<bool> {
        if !self.search_stale || self.problem.is_some() {
            return Ok(false);
        }
        let mut next = self.manifest.clone();
        next.pages.retain(|rel, _| !is_index_file(rel));
        let result = put_search_index(self.pipeline.site(), &self.out, &mut next, &self.manifest);
        let written = self.out.take_written();
        if let Err(e) = result {
            for rel in written {
                self.manifest.pages.insert(rel, 0);
            }
            return Err(e);
        }
        let removed = self.out.remove_stale(&self.manifest, &next);
        self.manifest = next;
        self.search_stale = false;
        Ok(!written.is_empty() || removed > 0)
    }
}
