//! Measuring a child process (wall time, CPU time, peak memory) and the files it left.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

/// One finished child process.
#[derive(Debug, Clone)]
pub struct Run {
    pub wall: f64,
    /// Resource usage; `None` where the platform cannot tell.
    pub usage: Option<Usage>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to completion, its output captured in files below `logs`, and measures it.
/// A failing exit status is an error that shows the child's stderr.
pub fn run(cmd: &mut Command, logs: &Path) -> Result<Run> {
    fs::create_dir_all(logs).with_context(|| format!("cannot create {}", logs.display()))?;
    let out_path = logs.join("stdout.txt");
    let err_path = logs.join("stderr.txt");
    let out = fs::File::create(&out_path)?;
    let err = fs::File::create(&err_path)?;
    settle();
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    let (ok, usage) = wait(child)?;
    let wall = start.elapsed().as_secs_f64();
    let run = Run {
        wall,
        usage,
        stdout: fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
    };
    if !ok {
        bail!("{cmd:?} failed:\n{}{}", run.stdout, run.stderr);
    }
    Ok(run)
}

/// Flushes what earlier steps left to write (and to delete), so that a measurement does
/// not pay for the writeback of the one before it.
pub fn settle() {
    #[cfg(unix)]
    // SAFETY: sync() takes no arguments and cannot fail.
    unsafe {
        libc::sync()
    };
}

/// What a child process used.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// User plus system CPU seconds.
    pub cpu: f64,
    /// System CPU seconds alone (file system work, mostly).
    pub sys: f64,
    /// Peak resident set size in MiB.
    pub peak_mib: f64,
}

/// Waits for the child with `wait4`, which returns its own resource usage.
#[cfg(unix)]
fn wait(child: std::process::Child) -> Result<(bool, Option<Usage>)> {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet waited for (`Child` is dropped unwaited);
        // `status` and `usage` are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e).context("wait4");
        }
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let sys = secs(usage.ru_stime);
    let cpu = secs(usage.ru_utime) + sys;
    // ru_maxrss is in KiB on Linux and the BSDs, in bytes on macOS.
    let kib = if cfg!(target_os = "macos") {
        usage.ru_maxrss as f64 / 1024.0
    } else {
        usage.ru_maxrss as f64
    };
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let peak_mib = kib / 1024.0;
    Ok((ok, Some(Usage { cpu, sys, peak_mib })))
}

#[cfg(not(unix))]
fn wait(mut child: std::process::Child) -> Result<(bool, Option<Usage>)> {
    let status = child.wait()?;
    Ok((status.success(), None))
}

/// Every regular file below `dir`, as paths relative to it.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() {
            out.push(entry.path().strip_prefix(dir)?.to_path_buf());
        }
    }
    Ok(out)
}

/// The number of files below `dir` and their total size in bytes.
pub fn tree_size(dir: &Path) -> Result<(usize, u64)> {
    let (mut n, mut bytes) = (0, 0);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() {
            n += 1;
            bytes += entry.metadata()?.len();
        }
    }
    Ok((n, bytes))
}

/// Files and bytes of each top-level folder of a site, by name (sorted), with the files at
/// its top level together as `(top-level files)`; `skip` (the build's marker) aside.
pub fn folder_sizes(dir: &Path, skip: &str) -> Result<Vec<(String, usize, u64)>> {
    let mut out: Vec<(String, usize, u64)> = Vec::new();
    let mut top = (0, 0);
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            let (n, bytes) = tree_size(&entry.path())?;
            out.push((format!("{name}/"), n, bytes));
        } else if name != skip {
            top.0 += 1;
            top.1 += entry.metadata()?.len();
        }
    }
    out.sort();
    out.push(("(top-level files)".to_string(), top.0, top.1));
    Ok(out)
}

/// What a file was at one moment: its bytes' hash and which file on disk held them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    hash: u64,
    len: u64,
    /// Inode and modification time: a file written anew (even with the same bytes) differs.
    identity: (u64, i128),
}

/// A snapshot of an output tree, to tell afterwards which files a build touched.
pub struct Snapshot(HashMap<PathBuf, Seen>);

/// How a tree changed between two snapshots.
#[derive(Debug, Default, Clone, Copy)]
pub struct Diff {
    /// Files added, removed or with different bytes.
    pub changed: usize,
    /// The bytes of the files added or changed.
    pub changed_bytes: u64,
    /// Files that exist in both with the same bytes but were written anew.
    pub rewritten_same: usize,
}

impl Snapshot {
    /// Reads every file below `dir` except `skip` (a bookkeeping file of the tool).
    pub fn take(dir: &Path, skip: &str) -> Result<Snapshot> {
        let mut map = HashMap::new();
        for rel in files(dir)? {
            if rel == Path::new(skip) {
                continue;
            }
            let path = dir.join(&rel);
            let meta = fs::metadata(&path)?;
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let seen = Seen {
                hash: xxhash_rust::xxh3::xxh3_64(&bytes),
                len: bytes.len() as u64,
                identity: (inode(&meta), mtime_ns(&meta)),
            };
            map.insert(rel, seen);
        }
        Ok(Snapshot(map))
    }

    pub fn diff(&self, after: &Snapshot) -> Diff {
        let mut d = Diff::default();
        for (rel, a) in &after.0 {
            match self.0.get(rel) {
                None => {
                    d.changed += 1;
                    d.changed_bytes += a.len;
                }
                Some(b) if b.hash != a.hash => {
                    d.changed += 1;
                    d.changed_bytes += a.len;
                }
                Some(b) if b.identity != a.identity => d.rewritten_same += 1,
                Some(_) => {}
            }
        }
        d.changed += self.0.keys().filter(|k| !after.0.contains_key(*k)).count();
        d
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

fn mtime_ns(meta: &fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// The floor: reads every byte below `input`, then copies the tree `output` to `copy` with
/// `cp -R`. Returns wall seconds.
pub fn floor(input: &Path, output: &Path, copy: &Path, logs: &Path) -> Result<f64> {
    let inputs = files(input)?;
    settle();
    let start = Instant::now();
    for rel in &inputs {
        let path = input.join(rel);
        fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    let read = start.elapsed().as_secs_f64();
    let cp = run(Command::new("cp").arg("-R").arg(output).arg(copy), logs)?;
    Ok(read + cp.wall)
}

/// The median of some figures (the mean of the two middle ones for an even count).
pub fn median(xs: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = xs.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if !v.len().is_multiple_of(2) {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}
