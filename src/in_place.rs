//! An output folder updated in place, file by file, for the preview server and `check`.
//!
//! Each changed file is written to a temporary file beside it and renamed over the old one,
//! so a reader sees the old bytes or the new ones, never half a file. Files whose bytes are
//! unchanged are not touched. Temporary names start with `.`, which no site file does but
//! `.nojekyll`, and are never part of a manifest.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use anyhow::{Context as _, Result};

use crate::output::{Manifest, Sink, check_rel, same_bytes};
use crate::sync::{lock, read, write};

pub struct InPlace {
    dir: PathBuf,
    /// Files written since the last [`InPlace::take_written`].
    written: Mutex<Vec<String>>,
    /// Every file this folder holds, so that keeping a file costs no system call.
    present: RwLock<HashSet<String>>,
    counter: AtomicU64,
}

impl InPlace {
    /// Writes into `dir`, which is created if missing.
    pub fn new(dir: &Path) -> Result<InPlace> {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(InPlace {
            dir: dir.to_path_buf(),
            written: Mutex::new(Vec::new()),
            present: RwLock::new(HashSet::new()),
            counter: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The files written since the last call.
    pub fn take_written(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.written))
    }

    /// Removes the files `old` lists and `new` does not, and folders left empty. Returns
    /// how many files went.
    pub fn remove_stale(&self, old: &Manifest, new: &Manifest) -> usize {
        let mut removed = 0;
        for rel in old.pages.keys() {
            if new.pages.contains_key(rel) || check_rel(rel).is_err() {
                continue;
            }
            write(&self.present).remove(rel);
            let path = self.dir.join(rel);
            if fs::remove_file(&path).is_ok() {
                removed += 1;
            }
            let mut parent = path.parent();
            while let Some(p) = parent {
                if p == self.dir || fs::remove_dir(p).is_err() {
                    break;
                }
                parent = p.parent();
            }
        }
        removed
    }
}

impl Sink for InPlace {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_rel(rel)?;
        let path = self.dir.join(rel);
        if same_bytes(&path, bytes) {
            self.mark_present(rel);
            return Ok(());
        }
        let parent = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let tmp = parent.join(format!(".{name}.{n}.tmp"));
        fs::write(&tmp, bytes)
            .and_then(|()| fs::rename(&tmp, &path))
            .inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
        lock(&self.written).push(rel.to_string());
        self.mark_present(rel);
        Ok(())
    }

    fn keep(&self, rel: &str) -> bool {
        read(&self.present).contains(rel)
    }
}

impl InPlace {
    fn mark_present(&self, rel: &str) {
        let known = read(&self.present).contains(rel);
        if !known {
            write(&self.present).insert(rel.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_changes_only_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = InPlace::new(&dir.path().join("site")).unwrap();
        out.put("a/index.html", b"a").unwrap();
        out.put("b/index.html", b"b").unwrap();
        assert_eq!(out.take_written().len(), 2);
        out.put("a/index.html", b"a").unwrap();
        assert!(out.take_written().is_empty(), "same bytes are not written");
        out.put("a/index.html", b"A").unwrap();
        assert_eq!(out.take_written(), ["a/index.html"]);
        assert!(out.keep("b/index.html") && !out.keep("c/index.html"));
        let mut old = Manifest::default();
        old.pages.insert("a/index.html".into(), 1);
        old.pages.insert("b/index.html".into(), 2);
        let mut new = Manifest::default();
        new.pages.insert("a/index.html".into(), 1);
        assert_eq!(out.remove_stale(&old, &new), 1);
        assert!(!dir.path().join("site/b").exists(), "empty folder removed");
        assert!(out.put("../x", b"x").is_err());
        let names: Vec<_> = fs::read_dir(dir.path().join("site/a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.html"], "no temporary file left");
    }
}
