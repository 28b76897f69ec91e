//! A site kept in memory between rebuilds, for the preview server.
//!
//! A session holds each content file's parsed digest and diagnostics, the renderer (templates
//! and configuration) and the manifest of page fingerprints of the last build. An update
//! re-parses only the content files that changed, rebuilds the index from the cached digests,
//! and renders through [`generate_with`] with the previous manifest, so only pages whose
//! fingerprint changed are rendered. A template change reloads the renderer without
//! re-parsing content; a site.toml change starts again from scratch.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;
use rayon::prelude::*;

use crate::build::{Options, generate_some, generate_with, put_search_index};
use crate::config::Config;
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::in_place::InPlace;
use crate::model::{Digest, Paper, PaperIx, Site};
use crate::output::Manifest;
use crate::progress::Progress;
use crate::render::Renderer;
use crate::render::search::is_index_file;

/// What changed on disk since the last update.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Paths below content/ that changed (files or folders); any content change at all
    /// also makes the session look for new, removed and modified files.
    pub content: BTreeSet<PathBuf>,
    pub templates: bool,
    pub statics: bool,
    pub config: bool,
}

impl Changes {
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
    /// Diagnostics of the files parsed again.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each step took.
    pub phases: Vec<(&'static str, Duration)>,
}

/// One content file as last read.
struct Entry {
    stamp: Stamp,
    hash: u64,
    digest: Option<Digest>,
    diagnostics: Vec<Diagnostic>,
}

/// Size and modification time: a cheap sign that a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp(u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp(m.len(), m.modified().ok()))
}

pub struct Session {
    opts: Options,
    config: Option<Config>,
    renderer: Option<Renderer>,
    fatal: Option<String>,
    files: BTreeMap<PathBuf, Entry>,
    /// Problems met while listing content/.
    listing: Vec<Diagnostic>,
    manifest: Manifest,
    out: InPlace,
    problem: Option<Problem>,
    site: Site,
    /// Whether `site` was built from the digests now cached.
    site_fresh: bool,
    /// Whether the search index in the output lags behind `site` (see
    /// [`Session::update_search`]).
    search_stale: bool,
}

impl Session {
    /// Loads the site of `opts.root` and builds it into `out`. Problems with the site are
    /// not errors here: they are the session's [`Session::problem`]. Only a failure to write
    /// `out` is.
    pub fn open(opts: Options, out: &Path) -> Result<(Session, Update)> {
        let mut s = Session {
            opts,
            config: None,
            renderer: None,
            fatal: None,
            files: BTreeMap::new(),
            listing: Vec::new(),
            manifest: Manifest::default(),
            out: InPlace::new(out)?,
            problem: None,
            site: Site::default(),
            site_fresh: false,
            search_stale: false,
        };
        let all = Changes {
            config: true,
            ..Changes::default()
        };
        let update = s.update(&all)?;
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
        &self.site
    }

    /// Brings the output up to date with `changes`. Returns an error only when the output
    /// folder cannot be written.
    pub fn update(&mut self, changes: &Changes) -> Result<Update> {
        let start = Instant::now();
        let mut update = Update::default();
        if changes.config {
            match self.opts.config() {
                Ok(c) => {
                    self.config = Some(c);
                    self.fatal = None;
                }
                Err(e) => {
                    self.config = None;
                    self.fatal = Some(format!("{e:#}"));
                }
            }
            self.files.clear();
        }
        if changes.config || changes.templates {
            self.renderer = None;
            if let Some(config) = &self.config {
                match Renderer::new(&self.opts.root.join("templates"), config) {
                    Ok(r) => {
                        self.renderer = Some(r);
                        self.fatal = None;
                    }
                    Err(e) => self.fatal = Some(format!("{e:#}")),
                }
            }
        }
        let mut refresh = Refresh::default();
        update
            .phases
            .push(("configuration and templates", start.elapsed()));
        let t = Instant::now();
        if changes.config || !changes.content.is_empty() {
            refresh = self.refresh_content(&changes.content);
            update.reparsed = refresh.parsed;
            update.diagnostics = std::mem::take(&mut refresh.diagnostics);
        }
        let content_changed =
            refresh.structural || !refresh.changed.is_empty() || !refresh.added.is_empty();
        update.phases.push(("content", t.elapsed()));
        let before = self.problem.take();
        let rebuild = changes.config || changes.templates || changes.statics || content_changed;
        if !rebuild {
            self.problem = before;
            update.elapsed = start.elapsed();
            return Ok(update);
        }
        let errors: Vec<Diagnostic> = self
            .listing
            .iter()
            .chain(self.files.values().flat_map(|e| &e.diagnostics))
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if content_changed {
            self.site_fresh = self.site_fresh
                && !changes.config
                && !refresh.structural
                && refresh.changed.iter().all(|(path, old)| {
                    let new = self.files.get(path).and_then(|e| e.digest.as_ref());
                    matches!((old, new), (Some(a), Some(b)) if same_shape(a, b))
                });
        }
        let (Some(config), Some(renderer), None, true) =
            (&self.config, &self.renderer, &self.fatal, errors.is_empty())
        else {
            if content_changed {
                // The digests moved on without the index: build it afresh next time.
                self.site_fresh = false;
            }
            self.problem = Some(Problem {
                errors,
                fatal: self.fatal.clone(),
            });
            update.changed = self.problem != before;
            update.elapsed = start.elapsed();
            return Ok(update);
        };
        let t = Instant::now();
        let mut touched: Option<Vec<PaperIx>> = None;
        if self.site_fresh && refresh.added.is_empty() {
            // The same papers on the same days in the same categories: only the papers of
            // the changed files need merging again, and only the pages that show them
            // rendering again.
            let ids: HashSet<&str> = refresh
                .changed
                .iter()
                .filter_map(|(p, _)| self.files.get(p)?.digest.as_ref())
                .flat_map(|d| d.papers.iter().map(|p| p.id.as_str()))
                .collect();
            let papers = merged_papers(self.files.values(), &ids, config);
            let mut patched = Vec::new();
            for (id, paper) in papers {
                if let Some(&ix) = self.site.by_id.get(&id) {
                    self.site.papers[ix as usize] = paper;
                    patched.push(ix);
                }
            }
            if !(changes.templates || changes.statics) {
                touched = Some(patched);
            }
            update.phases.push(("index (patched)", t.elapsed()));
        } else if self.site_fresh
            && refresh.changed.is_empty()
            && append(&mut self.site, &self.files, &refresh.added, config)
        {
            // New files of later days (the daily routine): appended to the index.
            update.phases.push(("index (appended)", t.elapsed()));
        } else {
            let digests: Vec<Digest> = self
                .files
                .values()
                .collect::<Vec<_>>()
                .par_iter()
                .filter_map(|e| e.digest.clone())
                .collect();
            let old = std::mem::replace(&mut self.site, Site::from_digests(digests, config));
            // Freeing a large index takes a while; nobody needs to wait for it.
            std::thread::spawn(move || drop(old));
            self.site_fresh = true;
            update.phases.push(("index", t.elapsed()));
        }
        let static_dir = self.opts.root.join("static");
        let t = Instant::now();
        let progress = Progress::default();
        let result = match &touched {
            Some(papers) => generate_some(
                &self.site,
                renderer,
                &self.out,
                &self.manifest,
                papers,
                &progress,
            ),
            None => generate_with(
                &self.site,
                renderer,
                &static_dir,
                &self.out,
                &self.manifest,
                &progress,
            ),
        };
        update.phases.extend(progress.phases());
        update.phases.push(("generate", t.elapsed()));
        match result {
            Ok(mut generated) => {
                // The search index is brought up to date by `update_search`, after the
                // reload: until then the files of the last index stay.
                for (rel, hash) in &self.manifest.pages {
                    if is_index_file(rel) {
                        generated.manifest.pages.entry(rel.clone()).or_insert(*hash);
                    }
                }
                self.search_stale |= content_changed || changes.config;
                let written = self.out.take_written();
                update.removed = self.out.remove_stale(&self.manifest, &generated.manifest);
                update.written = written.len();
                update.rendered = generated.rendered;
                update.pages = generated.pages;
                self.manifest = generated.manifest;
                update.changed = update.written > 0 || update.removed > 0 || before.is_some();
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
                update.changed = self.problem != before;
            }
        }
        update.elapsed = start.elapsed();
        Ok(update)
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
        let result = put_search_index(&self.site, &self.out, &mut next, &self.manifest);
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

    /// Finds content files and parses the new and changed ones (all of them when the cache
    /// is empty).
    fn refresh_content(&mut self, touched: &BTreeSet<PathBuf>) -> Refresh {
        let root = &self.opts.root;
        let content_dir = root.join("content");
        let (found, listing) = content::discover(&content_dir);
        let mut out = Refresh {
            structural: listing != self.listing,
            ..Refresh::default()
        };
        self.listing = listing;
        let found: BTreeSet<PathBuf> = found.into_iter().collect();
        let before = self.files.len();
        self.files.retain(|p, _| found.contains(p));
        out.structural |= self.files.len() != before;
        let todo: Vec<(PathBuf, Option<Stamp>)> = found
            .into_iter()
            .filter_map(|p| {
                let st = stamp(&p);
                let stale = match self.files.get(&p) {
                    None => true,
                    Some(e) => touched.contains(&p) || Some(e.stamp) != st,
                };
                stale.then_some((p, st))
            })
            .collect();
        let parsed: Vec<(PathBuf, Option<Entry>)> = todo
            .into_par_iter()
            .map(|(path, st)| {
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let entry = match std::fs::read(&path) {
                    Ok(bytes) => {
                        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
                        let rel = path.strip_prefix(&content_dir).unwrap_or(&path);
                        let (digest, diagnostics) = content::parse_file(&shown, rel, &bytes);
                        Entry {
                            stamp: st.unwrap_or(Stamp(0, None)),
                            hash,
                            digest,
                            diagnostics,
                        }
                    }
                    // Removed between listing and reading: the next event tells.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (path, None),
                    Err(e) => Entry {
                        stamp: Stamp(0, None),
                        hash: 0,
                        digest: None,
                        diagnostics: vec![Diagnostic::error(
                            &shown,
                            0,
                            format!("cannot read: {e}"),
                        )],
                    },
                };
                (path, Some(entry))
            })
            .collect();
        out.parsed = parsed.len();
        for (path, entry) in parsed {
            let Some(entry) = entry else {
                out.structural |= self.files.remove(&path).is_some();
                continue;
            };
            out.diagnostics.extend(entry.diagnostics.iter().cloned());
            match self.files.get_mut(&path) {
                Some(old) if old.hash == entry.hash && entry.hash != 0 => old.stamp = entry.stamp,
                Some(old) => {
                    let previous = std::mem::replace(old, entry);
                    out.changed.push((path, previous.digest));
                }
                None => {
                    self.files.insert(path.clone(), entry);
                    out.added.push(path);
                }
            }
        }
        diagnostic::sort(&mut out.diagnostics);
        out
    }
}

/// What reading content/ again found.
#[derive(Default)]
struct Refresh {
    /// Files parsed.
    parsed: usize,
    diagnostics: Vec<Diagnostic>,
    /// Files added or removed, or problems listing the folder.
    structural: bool,
    /// Files whose bytes changed, with their previous digest.
    changed: Vec<(PathBuf, Option<Digest>)>,
    /// New files.
    added: Vec<PathBuf>,
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

/// Appends the digests of the new files `added` to `site`, if they all sort after every
/// other file. Returns false if the index must be built again instead (it may then hold
/// some of them).
fn append(
    site: &mut Site,
    files: &BTreeMap<PathBuf, Entry>,
    added: &[PathBuf],
    config: &Config,
) -> bool {
    let mut digests: Vec<Digest> = added
        .iter()
        .filter_map(|p| files.get(p)?.digest.clone())
        .collect();
    digests.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    digests.into_iter().all(|d| site.append(d, config).is_ok())
}

/// The papers `ids` merged from all their listings, in the order [`Site::from_digests`]
/// merges them.
fn merged_papers<'a>(
    entries: impl Iterator<Item = &'a Entry>,
    ids: &HashSet<&str>,
    config: &Config,
) -> HashMap<String, Paper> {
    let mut digests: Vec<&Digest> = entries.filter_map(|e| e.digest.as_ref()).collect();
    digests.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    let mut out: HashMap<String, Paper> = HashMap::new();
    for d in digests {
        for p in d.papers.iter().filter(|p| ids.contains(p.id.as_str())) {
            match out.get_mut(&p.id) {
                Some(m) => m.merge(p.clone()),
                None => {
                    out.insert(p.id.clone(), p.clone());
                }
            }
        }
    }
    for p in out.values_mut() {
        if p.category.is_empty() {
            p.category = config.default_category.clone();
        }
    }
    out
}
