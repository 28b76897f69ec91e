//! Watching the site's sources: content/, templates/, static/ and site.toml. Editors write
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

const FOLDERS: [&str; 3] = ["content", "templates", "static"];

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Watches the site at `root` (an absolute path).
    pub fn new(root: &Path) -> Result<Watch> {
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .context("cannot watch the site's files")?;
        let mut w = Watch {
            root: root.to_path_buf(),
            watcher,
            events,
            watched: Vec::new(),
        };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        w.watch_folders()?;
        Ok(w)
    }

    /// Watches each source folder that exists and is not watched yet.
    fn watch_folders(&mut self) -> Result<()> {
        self.watched.retain(|p| p.is_dir());
        for name in FOLDERS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
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
            classify(&self.root, path, metadata_only, changes);
        }
    }
}

/// Adds one changed path to `changes`.
pub fn classify(root: &Path, path: &Path, metadata_only: bool, changes: &mut Changes) {
    let Ok(rel) = path.strip_prefix(root) else {
        return;
    };
    let mut parts = rel.components();
    let Some(first) = parts.next() else {
        return;
    };
    match first.as_os_str().to_str() {
        Some("content") if metadata_only => {
            changes.content.insert(root.join("content"));
        }
        Some("content") => {
            changes.content.insert(path.to_path_buf());
        }
        Some("templates") => changes.templates = true,
        Some("static") => changes.statics = true,
        Some("site.toml") if parts.next().is_none() => changes.config = true,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sorted_by_source() {
        let root = Path::new("/site");
        let mut c = Changes::default();
        classify(root, Path::new("/site/content/2025/a.md"), false, &mut c);
        classify(root, Path::new("/site/public/index.html"), false, &mut c);
        classify(root, Path::new("/site/target/x"), false, &mut c);
        classify(root, Path::new("/elsewhere/site.toml"), false, &mut c);
        assert_eq!(c.content.len(), 1);
        assert!(!c.templates && !c.statics && !c.config);
        classify(root, Path::new("/site/templates/day.html"), false, &mut c);
        classify(root, Path::new("/site/static/style.css"), false, &mut c);
        classify(root, Path::new("/site/site.toml"), false, &mut c);
        assert!(c.templates && c.statics && c.config);
    }
}
