//! Writing the site so that a failed or killed build never damages the previous one.
//!
//! Files go to a staging folder beside the output. A file whose bytes equal the file already
//! published is not written; at commit it is hard-linked into the staging folder, which then
//! takes the output's place in one atomic exchange (`renameat2(RENAME_EXCHANGE)` on Linux).
//! When nothing changed and nothing is stale, nothing is written at all.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use anyhow::{Context as _, Result, bail};

use crate::sync::lock;

/// The file that marks a folder as paperpress output, safe to replace.
pub const MARKER: &str = ".paperpress";
const MARKER_TEXT: &str = "This folder is written by paperpress and replaced on every build.\n";

/// The build id line of the marker file.
fn marker_text(id: &str) -> String {
    format!("{MARKER_TEXT}build {id}\n")
}

/// Where generated files go.
pub trait Sink: Sync {
    /// Stores one file at `rel` (a `/`-separated path below the output folder).
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Keeps the previous build's file at `rel` as it is. Returns false if there is no such
    /// file, and the caller must `put` it.
    fn keep(&self, rel: &str) -> bool;
}

/// The fingerprint of every page of a build, by output path.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub pages: HashMap<String, u64>,
}

impl Manifest {
    /// One `fingerprint path` line per page, sorted.
    pub fn to_text(&self) -> String {
        let mut lines: Vec<(&String, &u64)> = self.pages.iter().collect();
        lines.sort();
        let mut out = String::with_capacity(lines.len() * 48);
        for (path, fp) in lines {
            out.push_str(&format!("{fp:016x} {path}\n"));
        }
        out
    }

    pub fn parse(text: &str) -> Manifest {
        let pages = text
            .lines()
            .filter_map(|l| {
                let (fp, path) = l.split_once(' ')?;
                Some((path.to_string(), u64::from_str_radix(fp, 16).ok()?))
            })
            .collect();
        Manifest { pages }
    }

    /// Identifies a build's manifest; the output's marker file records it.
    pub fn id(text: &str) -> String {
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
    }

    pub fn get(&self, rel: &str) -> Option<u64> {
        self.pages.get(rel).copied()
    }
}

/// What a build did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// The bytes of the site's files, written or unchanged (the marker aside).
    pub bytes: u64,
}

/// A build in progress towards an output folder.
pub struct Staged {
    out: PathBuf,
    stage: PathBuf,
    manifest_path: PathBuf,
    previous: Manifest,
    old: bool,
    written: AtomicUsize,
    /// The bytes of every file produced, written or kept.
    bytes: AtomicU64,
    produced: Mutex<HashSet<String>>,
    unchanged: Mutex<Vec<String>>,
    finished: bool,
}

fn sibling(out: &Path, suffix: &str) -> Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("{} cannot be an output folder", out.display()))?;
    let parent = out.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.{suffix}", name.to_string_lossy())))
}

/// Checks that `rel` stays inside the output folder.
pub(crate) fn check_rel(rel: &str) -> Result<()> {
    let p = Path::new(rel);
    if rel.is_empty()
        || p.is_absolute()
        || p.components().any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("refusing to write {rel:?}: not a plain path inside the output folder");
    }
    Ok(())
}

impl Staged {
    /// Prepares a build towards `out`. Refuses a non-empty folder that paperpress did not write.
    pub fn begin(out: &Path) -> Result<Staged> {
        let old = match fs::metadata(out) {
            Ok(m) if m.is_dir() => {
                let mut entries = fs::read_dir(out)
                    .with_context(|| format!("cannot read output folder {}", out.display()))?;
                if entries.next().is_none() {
                    fs::remove_dir(out).with_context(|| {
                        format!("cannot replace empty folder {}", out.display())
                    })?;
                    false
                } else if out.join(MARKER).is_file() {
                    true
                } else {
                    bail!(
                        "refusing to replace {}: it is not empty and was not written by paperpress \
                         (it has no {MARKER} file). Remove it or choose another --output.",
                        out.display()
                    );
                }
            }
            Ok(_) => bail!("output {} exists and is not a folder", out.display()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", out.display())),
        };
        let stage = sibling(out, "paperpress-staging")?;
        if old {
            finish_journal(out, &stage)?;
        }
        remove_if_exists(&stage)?;
        remove_if_exists(&sibling(out, "paperpress-old")?)?;
        if let Some(parent) = stage.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::create_dir(&stage).with_context(|| format!("cannot create {}", stage.display()))?;
        let manifest_path = sibling(out, "paperpress-manifest")?;
        let previous = if old {
            read_manifest(out, &manifest_path)
        } else {
            Manifest::default()
        };
        Ok(Staged {
            out: out.to_path_buf(),
            stage,
            manifest_path,
            previous,
            old,
            written: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            produced: Mutex::new(HashSet::new()),
            unchanged: Mutex::new(Vec::new()),
            finished: false,
        })
    }

    /// The fingerprints of the build now in the output folder (empty if unknown).
    pub fn previous(&self) -> &Manifest {
        &self.previous
    }

    /// Makes the staged files the output folder and records `manifest` beside it. Nothing
    /// happens if no file changed.
    pub fn commit(mut self, manifest: &Manifest) -> Result<Stats> {
        self.finished = true;
        let produced = std::mem::take(&mut *lock(&self.produced));
        let unchanged = std::mem::take(&mut *lock(&self.unchanged));
        let written = self.written.load(Ordering::Relaxed);
        let mut stats = Stats {
            files: produced.len(),
            written,
            unchanged: unchanged.len(),
            removed: 0,
            bytes: self.bytes.load(Ordering::Relaxed),
        };
        if self.old {
            // The previous manifest lists what the previous build wrote; without one, look.
            let existing = if self.previous.pages.is_empty() {
                list_files(&self.out)?
            } else {
                self.previous.pages.keys().cloned().collect()
            };
            stats.removed = existing
                .iter()
                .filter(|f| f.as_str() != MARKER && !produced.contains(f.as_str()))
                .count();
            if written == 0 && stats.removed == 0 {
                remove_if_exists(&self.stage)?;
                if *manifest != self.previous {
                    // Same bytes from new fingerprints (say, a template edit that changed no
                    // page): record them so the next build can skip these pages.
                    self.record(manifest, true)?;
                }
                return Ok(stats);
            }
            if (written + stats.removed) * PATCH_SHARE <= stats.files {
                let stale: Vec<String> = existing
                    .into_iter()
                    .filter(|f| f.as_str() != MARKER && !produced.contains(f.as_str()))
                    .collect();
                self.patch(manifest, stale)?;
                return Ok(stats);
            }
            for rel in &unchanged {
                let from = self.out.join(rel);
                let to = self.stage.join(rel);
                create_parent(&to)?;
                if fs::hard_link(&from, &to).is_err() {
                    fs::copy(&from, &to).with_context(|| {
                        format!("cannot copy {} to {}", from.display(), to.display())
                    })?;
                }
            }
        }
        self.record(manifest, false)?;
        if self.old {
            swap(&self.stage, &self.out)?;
            // The staging path now holds the previous site.
            remove_if_exists(&self.stage)?;
        } else {
            fs::rename(&self.stage, &self.out).with_context(|| {
                format!(
                    "cannot move {} to {}",
                    self.stage.display(),
                    self.out.display()
                )
            })?;
        }
        Ok(stats)
    }

    /// Applies a small change in place: a journal beside the output lists the staged files
    /// to move in and the stale files to remove, then each file is replaced with one rename
    /// (new files before the pages that link to them, removals last). Every file is whole at
    /// every moment; a build killed half way is completed by the next one.
    fn patch(&self, manifest: &Manifest, stale: Vec<String>) -> Result<()> {
        let text = manifest.to_text();
        let id = Manifest::id(&text);
        let mut moves = list_files(&self.stage)?;
        // New files first, so that no replaced page links to a file not there yet.
        moves.sort_by_key(|rel| self.out.join(rel).exists());
        let mut journal = format!("build {id}\n");
        for rel in &moves {
            journal.push_str(&format!("put {rel}\n"));
        }
        for rel in &stale {
            journal.push_str(&format!("del {rel}\n"));
        }
        write_atomic(&self.manifest_path, format!("{id}\n{text}").as_bytes())?;
        let journal_path = sibling(&self.out, "paperpress-journal")?;
        write_atomic(&journal_path, journal.as_bytes())?;
        apply_journal(&self.out, &self.stage, &journal)?;
        fs::remove_file(&journal_path)
            .with_context(|| format!("cannot remove {}", journal_path.display()))?;
        remove_if_exists(&self.stage)
    }

    /// Writes the marker (into the staging folder, or in place into the output) and the
    /// manifest beside the output. A manifest whose id does not match the marker of the
    /// output is ignored, so a build killed between the two costs only speed.
    fn record(&self, manifest: &Manifest, in_place: bool) -> Result<()> {
        let text = manifest.to_text();
        let id = Manifest::id(&text);
        let dir = if in_place { &self.out } else { &self.stage };
        write_atomic(&dir.join(MARKER), marker_text(&id).as_bytes())?;
        write_atomic(&self.manifest_path, format!("{id}\n{text}").as_bytes())
    }
}

/// Changes fewer than one file in this many are applied in place, not by a swap of folders
/// (which costs a link and a folder for every unchanged file).
const PATCH_SHARE: usize = 4;

/// Carries out a journal written by [`Staged::patch`]. Steps already done are skipped, so
/// it can run again after an interruption.
fn apply_journal(out: &Path, stage: &Path, journal: &str) -> Result<()> {
    let mut id = None;
    for line in journal.lines() {
        if let Some(i) = line.strip_prefix("build ") {
            id = Some(i.to_string());
        } else if let Some(rel) = line.strip_prefix("put ") {
            check_rel(rel)?;
            let from = stage.join(rel);
            if !from.exists() {
                continue; // moved before an interruption
            }
            let to = out.join(rel);
            create_parent(&to)?;
            fs::rename(&from, &to)
                .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))?;
        } else if let Some(rel) = line.strip_prefix("del ") {
            check_rel(rel)?;
            let path = out.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot remove {}", path.display()));
                }
            }
            // Folders left empty go too.
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == out || fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    if let Some(id) = id {
        write_atomic(&out.join(MARKER), marker_text(&id).as_bytes())?;
    }
    Ok(())
}

/// Completes an in-place change that a killed build left half done.
fn finish_journal(out: &Path, stage: &Path) -> Result<()> {
    let path = sibling(out, "paperpress-journal")?;
    let journal = match fs::read_to_string(&path) {
        Ok(j) => j,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    apply_journal(out, stage, &journal)?;
    fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))
}

/// Writes a file through a temporary file and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The manifest beside `out`, if it belongs to the build in `out`.
fn read_manifest(out: &Path, path: &Path) -> Manifest {
    let Ok(marker) = fs::read_to_string(out.join(MARKER)) else {
        return Manifest::default();
    };
    let Some(id) = marker.lines().find_map(|l| l.strip_prefix("build ")) else {
        return Manifest::default();
    };
    match fs::read_to_string(path) {
        Ok(text) => match text.split_once('\n') {
            Some((first, body)) if first == id && Manifest::id(body) == id => Manifest::parse(body),
            _ => Manifest::default(),
        },
        Err(_) => Manifest::default(),
    }
}

impl Sink for Staged {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_rel(rel)?;
        if !lock(&self.produced).insert(rel.to_string()) {
            bail!("two outputs would be written to {rel}");
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if self.old && same_bytes(&self.out.join(rel), bytes) {
            lock(&self.unchanged).push(rel.to_string());
            return Ok(());
        }
        let path = self.stage.join(rel);
        create_parent(&path)?;
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn keep(&self, rel: &str) -> bool {
        if check_rel(rel).is_err() || !self.old {
            return false;
        }
        let Some(len) = fs::metadata(self.out.join(rel))
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|m| m.len())
        else {
            return false;
        };
        if !lock(&self.produced).insert(rel.to_string()) {
            return false;
        }
        self.bytes.fetch_add(len, Ordering::Relaxed);
        lock(&self.unchanged).push(rel.to_string());
        true
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.stage);
        }
    }
}

fn create_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

/// Whether the file at `path` holds exactly `bytes`.
pub fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// How many files below `dir` and their bytes, the marker aside.
pub fn tree_size(dir: &Path) -> Result<(usize, u64)> {
    let (mut files, mut bytes) = (0, 0);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() && entry.file_name() != MARKER {
            let meta = entry
                .metadata()
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            files += 1;
            bytes += meta.len();
        }
    }
    Ok((files, bytes))
}

/// Every file below `dir`, as `/`-separated relative paths.
pub fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(out)
}

#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Filesystems without RENAME_EXCHANGE: fall back to two renames.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => {
            swap_by_rename(a, b)
        }
        Err(e) => Err(io::Error::from(e))
            .with_context(|| format!("cannot replace {} with {}", b.display(), a.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) -> Result<()> {
    swap_by_rename(a, b)
}

/// Swaps two folders with two renames, for systems without an atomic exchange.
fn swap_by_rename(a: &Path, b: &Path) -> Result<()> {
    let tmp = sibling(b, "paperpress-old")?;
    fs::rename(b, &tmp).with_context(|| format!("cannot move {}", b.display()))?;
    fs::rename(a, b).with_context(|| format!("cannot move {} to {}", a.display(), b.display()))?;
    fs::rename(&tmp, a).with_context(|| format!("cannot move {}", tmp.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("paperpress-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn build_rebuild_and_stale_files() {
        let root = tmp("cycle");
        let out = root.join("public");
        let s = Staged::begin(&out).unwrap();
        s.put("index.html", b"home").unwrap();
        s.put("a/index.html", b"a").unwrap();
        s.put("b/index.html", b"b").unwrap();
        assert_eq!(s.commit(&Manifest::default()).unwrap().written, 3);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"a");

        // Nothing changed: nothing written, nothing swapped.
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
        let before = inode(&out.join("index.html"));
        let s = Staged::begin(&out).unwrap();
        for (r, b) in [
            ("index.html", "home"),
            ("a/index.html", "a"),
            ("b/index.html", "b"),
        ] {
            s.put(r, b.as_bytes()).unwrap();
        }
        let st = s.commit(&Manifest::default()).unwrap();
        assert_eq!((st.written, st.unchanged, st.removed), (0, 3, 0));
        assert_eq!(inode(&out.join("index.html")), before);

        // One change, one stale file.
        let s = Staged::begin(&out).unwrap();
        s.put("index.html", b"home").unwrap();
        s.put("a/index.html", b"A").unwrap();
        let st = s.commit(&Manifest::default()).unwrap();
        assert_eq!((st.written, st.unchanged, st.removed), (1, 1, 1));
        assert!(!out.join("b/index.html").exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"A");
        assert_eq!(
            inode(&out.join("index.html")),
            before,
            "unchanged file is the same file"
        );
        assert!(!sibling(&out, "paperpress-staging").unwrap().exists());
    }

    #[test]
    fn small_changes_are_applied_in_place() {
        let root = tmp("patch");
        let out = root.join("public");
        let names: Vec<String> = (0..20).map(|i| format!("p{i}/index.html")).collect();
        let s = Staged::begin(&out).unwrap();
        for n in &names {
            s.put(n, n.as_bytes()).unwrap();
        }
        s.commit(&Manifest::default()).unwrap();
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
        let folder = inode(&out);
        let s = Staged::begin(&out).unwrap();
        for n in &names[1..19] {
            s.put(n, n.as_bytes()).unwrap();
        }
        s.put("p19/index.html", b"changed").unwrap();
        s.put("new/index.html", b"new").unwrap();
        let st = s.commit(&Manifest::default()).unwrap();
        assert_eq!((st.written, st.unchanged, st.removed), (2, 18, 1));
        assert_eq!(inode(&out), folder, "changed in place, not swapped");
        assert!(!out.join("p0").exists(), "stale file and its folder gone");
        assert_eq!(fs::read(out.join("p19/index.html")).unwrap(), b"changed");
        assert_eq!(fs::read(out.join("new/index.html")).unwrap(), b"new");
        assert!(!sibling(&out, "paperpress-journal").unwrap().exists());
        assert!(!sibling(&out, "paperpress-staging").unwrap().exists());
    }

    #[test]
    fn an_interrupted_patch_is_completed_by_the_next_build() {
        let root = tmp("journal");
        let out = root.join("public");
        let s = Staged::begin(&out).unwrap();
        s.put("a/index.html", b"a").unwrap();
        s.put("b/index.html", b"b").unwrap();
        s.commit(&Manifest::default()).unwrap();
        // What a build killed after writing its journal and moving one file leaves.
        let stage = sibling(&out, "paperpress-staging").unwrap();
        fs::create_dir_all(stage.join("c")).unwrap();
        fs::write(stage.join("c/index.html"), b"c").unwrap();
        fs::write(out.join("a/index.html"), b"A").unwrap();
        let journal =
            "build 00000000000000ab\nput a/index.html\nput c/index.html\ndel b/index.html\n";
        fs::write(sibling(&out, "paperpress-journal").unwrap(), journal).unwrap();
        let s = Staged::begin(&out).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"A");
        assert_eq!(fs::read(out.join("c/index.html")).unwrap(), b"c");
        assert!(!out.join("b").exists());
        assert!(
            fs::read_to_string(out.join(MARKER))
                .unwrap()
                .contains("build 00000000000000ab")
        );
        assert!(!sibling(&out, "paperpress-journal").unwrap().exists());
        drop(s);
    }

    #[test]
    fn manifest_travels_with_its_build() {
        let root = tmp("manifest");
        let out = root.join("public");
        let mut m = Manifest::default();
        m.pages.insert("index.html".into(), 42);
        let s = Staged::begin(&out).unwrap();
        s.put("index.html", b"v1").unwrap();
        s.commit(&m).unwrap();
        let s = Staged::begin(&out).unwrap();
        assert_eq!(s.previous(), &m);
        assert!(s.keep("index.html"));
        assert!(!s.keep("missing.html"));
        drop(s);
        // A manifest that does not belong to the build in the folder is ignored.
        let path = sibling(&out, "paperpress-manifest").unwrap();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("000000000000002a", "000000000000002b")).unwrap();
        let s = Staged::begin(&out).unwrap();
        assert_eq!(s.previous(), &Manifest::default());
    }

    #[test]
    fn failed_build_leaves_output_alone() {
        let root = tmp("fail");
        let out = root.join("public");
        let s = Staged::begin(&out).unwrap();
        s.put("index.html", b"v1").unwrap();
        s.commit(&Manifest::default()).unwrap();
        let s = Staged::begin(&out).unwrap();
        s.put("index.html", b"v2").unwrap();
        drop(s); // an error before commit
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"v1");
        assert!(!sibling(&out, "paperpress-staging").unwrap().exists());
    }

    #[test]
    fn refuses_foreign_folders_and_bad_paths() {
        let root = tmp("foreign");
        let out = root.join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("thesis.tex"), "precious").unwrap();
        let err = Staged::begin(&out).err().unwrap().to_string();
        assert!(err.contains("refusing to replace"), "{err}");
        assert!(out.join("thesis.tex").exists());

        let s = Staged::begin(&root.join("public")).unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(s.put(bad, b"x").is_err(), "{bad}");
        }
        s.put("x.html", b"1").unwrap();
        assert!(s.put("x.html", b"2").is_err(), "same path twice");
    }
}
