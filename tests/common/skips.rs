//! Tests that cannot run here say so, in one way: every skip goes through [`skip`], which
//! prints `SKIPPED crate::test: reason` on stderr and records it for
//! `scripts/test-skips.sh summary` to list after the run, in `CARGO_TARGET_TMPDIR/skips/`
//! (or `$PAPERPRESS_SKIP_RECORDS`): one file per skipping test, so test binaries running
//! side by side never write the same file. `PAPERPRESS_REQUIRE` (comma-separated need
//! names, such as `shared,chromium`) turns a skip for want of a listed need into a failure:
//! where something is installed, its tests must run.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a test may need that a machine may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The real digest files in `../shared` (or `$PAPERPRESS_SHARED`).
    Shared,
    /// Chromium and chromedriver.
    Chromium,
    /// The `wrk` HTTP load generator.
    Wrk,
    /// A tmpfs mounted in a user namespace (`unshare -rm`).
    Tmpfs,
    /// axe-core's `axe.min.js` (`npm ci`).
    Axe,
    /// The `actionlint` workflow linter.
    Actionlint,
    /// The `hugo` static site generator.
    Hugo,
    /// `/proc`, to read a process's memory.
    Proc,
    /// `PAPERPRESS_FIDELITY_DIRS`, folders of more real digests.
    FidelityDirs,
    /// curl, tar and sha256sum (or shasum), which scripts/install.sh runs.
    Curl,
}

impl Need {
    pub const ALL: [Need; 10] = [
        Need::Shared,
        Need::Chromium,
        Need::Wrk,
        Need::Tmpfs,
        Need::Axe,
        Need::Actionlint,
        Need::Hugo,
        Need::Proc,
        Need::FidelityDirs,
        Need::Curl,
    ];

    /// The need's name in `PAPERPRESS_REQUIRE`.
    pub fn name(self) -> &'static str {
        match self {
            Need::Shared => "shared",
            Need::Chromium => "chromium",
            Need::Wrk => "wrk",
            Need::Tmpfs => "tmpfs",
            Need::Axe => "axe",
            Need::Actionlint => "actionlint",
            Need::Hugo => "hugo",
            Need::Proc => "proc",
            Need::FidelityDirs => "fidelity-dirs",
            Need::Curl => "curl",
        }
    }
}

/// The variable that lists the needs which must be met.
pub const REQUIRE: &str = "PAPERPRESS_REQUIRE";

/// Whether `list` (the value of [`REQUIRE`]) requires `need`. A name in the list that is no
/// need's is an error, so that a misspelt need does not quietly let its tests skip.
pub fn required(need: Need, list: &str) -> Result<bool, String> {
    let mut found = false;
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match Need::ALL.iter().find(|n| n.name() == name) {
            Some(&n) => found |= n == need,
            None => {
                let known: Vec<&str> = Need::ALL.iter().map(|n| n.name()).collect();
                return Err(format!(
                    "{REQUIRE} names {name:?}, which is no need (known: {})",
                    known.join(", ")
                ));
            }
        }
    }
    Ok(found)
}

/// The running test, as `crate::test` (libtest names each test's thread after the test).
pub fn test_name() -> String {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("unknown test");
    format!("{}::{test}", env!("CARGO_CRATE_NAME"))
}

/// Where the skips of a test run are recorded: `$PAPERPRESS_SKIP_RECORDS`, else
/// `CARGO_TARGET_TMPDIR/skips`.
pub fn records_dir() -> PathBuf {
    std::env::var_os("PAPERPRESS_SKIP_RECORDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("skips"))
}

/// Skips (the rest of) the running test for want of `need`, saying `why`; the caller
/// returns. Panics instead where [`REQUIRE`] lists `need`.
pub fn skip(need: Need, why: &str) {
    let test = test_name();
    let list = std::env::var(REQUIRE).unwrap_or_default();
    match required(need, &list) {
        Ok(false) => {}
        Ok(true) => panic!(
            "{test} cannot run: {why}; {REQUIRE}={list} says the {} need is met on this machine",
            need.name()
        ),
        Err(e) => panic!("{e}"),
    }
    // Straight to stderr: libtest captures what `eprintln!` prints and shows it only for
    // failed tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
    if let Err(e) = record(&records_dir(), &test, need, why) {
        panic!(
            "cannot record the skip of {test} in {}: {e}",
            records_dir().display()
        );
    }
}

/// Appends `test need why` to the record of `test` in `dir`, replacing a record left by an
/// earlier run of the same test.
pub fn record(dir: &Path, test: &str, need: Need, why: &str) -> std::io::Result<()> {
    static SEEN: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    std::fs::create_dir_all(dir)?;
    let file = dir.join(format!("{}.txt", test.replace(['/', '\\'], "_")));
    let first = SEEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashSet::new)
        .insert(file.clone());
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(!first)
        .truncate(first)
        .open(&file)?;
    let why = why.replace(['\n', '\t'], " ");
    writeln!(f, "{test}\t{}\t{why}", need.name())
}
