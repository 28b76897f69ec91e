//! The content folder as last read: each file's digest and diagnostics, with what tells
//! whether the file changed since (size, modification time, a hash of its bytes).
//!
//! A build reads into an empty cache; the preview keeps its cache between updates and reads
//! again only the files that changed. Either way the same files give the same digests and
//! the same diagnostics ([`Cache::diagnostics`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::{conflicts, discover, parse_file};
use crate::content::ledger::Ledger;
use crate::diagnostic::{self, Diagnostic};
use crate::model::Digest;

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

/// What one [`Cache::refresh`] found.
#[derive(Default)]
pub struct Refresh {
    /// Files parsed.
    pub parsed: usize,
    /// Files added or removed, or problems listing the folder.
    pub structural: bool,
    /// Files whose bytes changed, with their previous digest.
    pub changed: Vec<(PathBuf, Option<Digest>)>,
    /// New files.
    pub added: Vec<PathBuf>,
}

impl Refresh {
    /// Whether the content differs from what it was before the refresh.
    pub fn any(&self) -> bool {
        self.structural || !self.changed.is_empty() || !self.added.is_empty()
    }
}

/// The digests of a content folder, by file.
pub struct Cache {
    /// The site folder: paths in diagnostics and appearances are shown relative to it.
    root: PathBuf,
    content_dir: PathBuf,
    /// Folders below `content_dir` that are not content (see [`discover`]).
    skip: Vec<PathBuf>,
    /// The content folder is the site folder: a repository built where it is, whose
    /// Markdown without a date is its own pages, not digests.
    in_repository: bool,
    files: BTreeMap<PathBuf, Entry>,
    /// Problems met while listing the folder.
    listing: Vec<Diagnostic>,
}

impl Cache {
    /// An empty cache of the digests below `content_dir`, but for the folders in `skip`.
    pub fn new(root: &Path, content_dir: &Path, skip: Vec<PathBuf>) -> Cache {
        Cache {
            root: root.to_path_buf(),
            content_dir: content_dir.to_path_buf(),
            skip,
            in_repository: same_folder(root, content_dir),
            files: BTreeMap::new(),
            listing: Vec::new(),
        }
    }

    /// Forgets every file: the next refresh reads them all.
    pub fn clear(&mut self) {
        self.files.clear();
    }

    /// Lists the folder again and parses the new files, the changed ones and those named in
    /// `touched` (all of them when the cache is empty), in parallel.
    pub fn refresh(&mut self, touched: &BTreeSet<PathBuf>) -> Refresh {
        let (found, listing) = discover(&self.content_dir, &self.skip);
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
                let entry = self.read(&path, st);
                (path, entry)
            })
            .collect();
        out.parsed = parsed.len();
        for (path, entry) in parsed {
            self.keep(path, entry, &mut out);
        }
        out
    }

    /// Reads and parses one file; `None` if it was removed since the listing.
    fn read(&self, path: &Path, st: Option<Stamp>) -> Option<Entry> {
        let shown = path.strip_prefix(&self.root).unwrap_or(path);
        match std::fs::read(path) {
            Ok(bytes) => {
                let rel = path.strip_prefix(&self.content_dir).unwrap_or(path);
                let (digest, diagnostics) = if self.in_repository && undated(rel, &bytes) {
                    let note = "not read: no date in its path or front matter, so in a \
                                repository built where it is, it is one of its own pages";
                    (None, vec![Diagnostic::warning(shown, 0, note)])
                } else {
                    parse_file(shown, rel, &bytes)
                };
                Some(Entry {
                    stamp: st.unwrap_or(Stamp(0, None)),
                    hash: xxhash_rust::xxh3::xxh3_64(&bytes),
                    digest,
                    diagnostics,
                })
            }
            // Removed between listing and reading: the next event tells.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => Some(Entry {
                stamp: Stamp(0, None),
                hash: 0,
                digest: None,
                diagnostics: vec![Diagnostic::error(shown, 0, format!("cannot read: {e}"))],
            }),
        }
    }

    /// Puts a file just read into the cache, noting in `out` what it changed.
    fn keep(&mut self, path: PathBuf, entry: Option<Entry>, out: &mut Refresh) {
        let Some(entry) = entry else {
            out.structural |= self.files.remove(&path).is_some();
            return;
        };
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

    /// Every diagnostic of the content: problems listing the folder, each file's, and the
    /// papers listed with different titles; sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.listing.clone();
        out.extend(
            self.files
                .values()
                .flat_map(|e| e.diagnostics.iter().cloned()),
        );
        out.extend(conflicts::conflicts(self.digests(), None));
        diagnostic::sort(&mut out);
        out
    }

    /// The diagnostics of the files `paths` (as the last refresh read them), and the title
    /// conflicts of the papers they list; sorted.
    pub fn diagnostics_of(&self, paths: &[&PathBuf]) -> Vec<Diagnostic> {
        let entries: Vec<&Entry> = paths.iter().filter_map(|p| self.files.get(*p)).collect();
        let mut out: Vec<Diagnostic> = entries
            .iter()
            .flat_map(|e| e.diagnostics.iter().cloned())
            .collect();
        let ids: HashSet<&str> = entries
            .iter()
            .filter_map(|e| e.digest.as_ref())
            .flat_map(|d| d.papers.iter().map(|p| p.id.as_str()))
            .collect();
        if !ids.is_empty() {
            out.extend(conflicts::conflicts(self.digests(), Some(&ids)));
        }
        diagnostic::sort(&mut out);
        out
    }

    /// The errors of the content, unsorted.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.listing
            .iter()
            .chain(self.files.values().flat_map(|e| &e.diagnostics))
            .filter(|d| d.is_error())
            .cloned()
            .collect()
    }

    /// Every digest, in the order of their files.
    pub fn digests(&self) -> impl Iterator<Item = &Digest> {
        self.files.values().filter_map(|e| e.digest.as_ref())
    }

    /// The digest of the file `path`, if it has one.
    pub fn digest(&self, path: &Path) -> Option<&Digest> {
        self.files.get(path)?.digest.as_ref()
    }

    /// Whether the cache holds no file (nothing read yet, or an empty folder).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Takes the digests out, for a build that does not keep them; the cache is empty after.
    pub fn take_digests(&mut self) -> Vec<Digest> {
        std::mem::take(&mut self.files)
            .into_values()
            .filter_map(|e| e.digest)
            .collect()
    }

    /// Takes each digest's ledger out of it (the site does not keep them), sorted by path.
    pub fn take_ledgers(&mut self) -> Vec<(Arc<PathBuf>, Ledger)> {
        let mut out: Vec<(Arc<PathBuf>, Ledger)> = self
            .files
            .values_mut()
            .filter_map(|e| e.digest.as_mut())
            .map(|d| (d.path.clone(), std::mem::take(&mut d.ledger)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Whether `a` and `b` are one folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whether a file has no day: none in its path below the content folder, none in its front
/// matter.
fn undated(rel: &Path, bytes: &[u8]) -> bool {
    if super::date_from_path(rel).is_some() {
        return false;
    }
    let text = super::text::decode(bytes).text;
    let (split, _) = super::frontmatter::split_lenient(&text);
    split.front.and_then(|f| f.date).is_none()
}
