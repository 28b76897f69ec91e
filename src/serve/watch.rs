//! Watching the site's sources: its content folder, templates/, static/ and site.toml. Editors write
//! several events per save; events are gathered until the sources have been quiet for a
//! moment, then handed over as one [`Changes`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::session::Changes;

/// How long the sources must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a rebuild waits for the sources to be quiet.
const MOST: Duration = Duration::from_millis(500);

const FOLDERS: [&str; 2] = ["templates", "static"];

pub struct Watch {
    root: PathBuf,
    /// The content folder (absolute); it may be `root` itself or lie outside it.
    content: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Watches the site at `root` with its content folder `content` (absolute paths).
    pub fn new(root: &Path, content: &Path) -> Result<Watch> {
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .context("cannot watch the site's files")?;
        let mut w = Watch {
            root: root.to_path_buf(),
            content: content.to_path_buf(),
            watcher,
            events,
            watched: Vec::new(),
        };
        // A content folder that is the site folder is watched whole, below.
        let mode = if content == root {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        w.watcher
            .watch(root, mode)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        w.watch_folders()?;
        Ok(w)
    }

    /// Watches each source folder that exists and is not watched yet.
    fn watch_folders(&mut self) -> Result<()> {
        self.watched.retain(|p| p.is_dir());
        let folders = FOLDERS.iter().map(|name| self.root.join(name));
        let folders: Vec<PathBuf> = std::iter::once(self.content.clone())
            .chain(folders)
            .collect();
        for dir in folders {
            let inside_root_watch = self.content == self.root && dir.starts_with(&self.root);
            if dir.is_dir() && !inside_root_watch && !self.watched.contains(&dir) {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch {}", dir.display()))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// Waits for the next change to the sources, then for them to be quiet. `None` when
    /// the watcher has stopped.
    pub fn wait(&mut self) -> Option<Changes> {
        let mut changes = Changes::default();
        loop {
            let first = self.events.recv().ok()?;
            self.add(first, &mut changes);
            if !changes.is_empty() {
                break;
            }
        }
        let start = Instant::now();
        while start.elapsed() < MOST {
            match self.events.recv_timeout(QUIET) {
                Ok(e) => self.add(e, &mut changes),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        // A source folder created (or replaced) since: watch it too.
        if self.watch_folders().is_err() {
            changes.config = true;
        }
        Some(changes)
    }

    fn add(&self, event: notify::Result<notify::Event>, changes: &mut Changes) {
        let Ok(event) = event else {
            // The watcher lost track (e.g. its queue overflowed): look at everything.
            changes.config = true;
            return;
        };
        let metadata_only = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
            EventKind::Access(_) => return,
            EventKind::Modify(ModifyKind::Metadata(_)) => true,
            _ => false,
        };
        for path in &event.paths {
            classify(&self.root, &self.content, path, metadata_only, changes);
        }
    }
}

/// Adds one changed path to `changes`: a path in templates/ or static/ or site.toml, else
/// one in the content folder that is not hidden, `_`-prefixed or in `node_modules`/`target`.
pub fn classify(
    root: &Path,
    content: &Path,
    path: &Path,
    metadata_only: bool,
    changes: &mut Changes,
) {
    if let Ok(rel) = path.strip_prefix(root) {
        let mut parts = rel.components();
        match parts.next().and_then(|c| c.as_os_str().to_str()) {
            Some("templates") => return changes.templates = true,
            Some("static") => return changes.statics = true,
            Some("site.toml") if parts.next().is_none() => return changes.config = true,
            _ => {}
        }
    }
    let Ok(rel) = path.strip_prefix(content) else {
        return;
    };
    let not_content = rel.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with(['.', '_']) || c == "node_modules" || c == "target"
    });
    if not_content {
        return;
    }
    if metadata_only {
        changes.content.insert(content.to_path_buf());
    } else {
        changes.content.insert(path.to_path_buf());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sorted_by_source() {
        let root = Path::new("/site");
        let content = Path::new("/site/content");
        let mut c = Changes::default();
        let add = |p: &str, c: &mut Changes| classify(root, content, Path::new(p), false, c);
        add("/site/content/2025/a.md", &mut c);
        add("/site/public/index.html", &mut c);
        add("/site/target/x", &mut c);
        add("/elsewhere/site.toml", &mut c);
        assert_eq!(c.content.len(), 1);
        assert!(!c.templates && !c.statics && !c.config);
        add("/site/templates/day.html", &mut c);
        add("/site/static/style.css", &mut c);
        add("/site/site.toml", &mut c);
        assert!(c.templates && c.statics && c.config);
    }

    #[test]
    fn a_repository_as_content_folder_ignores_its_hidden_folders() {
        let root = Path::new("/repo");
        let mut c = Changes::default();
        let add = |p: &str, c: &mut Changes| classify(root, root, Path::new(p), false, c);
        add("/repo/.git/index", &mut c);
        add("/repo/node_modules/x/README.md", &mut c);
        assert!(c.is_empty());
        add("/repo/11-Feb-2025/RO/README.md", &mut c);
        add("/repo/site.toml", &mut c);
        assert_eq!(c.content.len(), 1);
        assert!(c.config);
    }
}
