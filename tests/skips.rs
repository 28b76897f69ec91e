//! Skipped tests are said and recorded, and fail where `PAPERPRESS_REQUIRE` requires what
//! they lack (tests/common/skips.rs). This binary runs its own ignored test, which skips for
//! want of ../shared, in a child process under each setting.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::skips::{Need, REQUIRE, record, required};
use common::*;

const INNER: &str = "skips_for_want_of_shared";

/// Runs this binary's ignored test [`INNER`] with ../shared hidden, recording skips in
/// `records`, with `require` as PAPERPRESS_REQUIRE.
fn run_inner(records: &Path, require: &str) -> Output {
    let exe = std::env::current_exe().expect("the test binary");
    Command::new(exe)
        .args(["--ignored", "--exact", INNER, "--test-threads=1"])
        .env("PAPERPRESS_SHARED", "/nonexistent")
        .env("PAPERPRESS_SKIP_RECORDS", records)
        .env(REQUIRE, require)
        .output()
        .expect("run the test binary")
}

#[test]
#[ignore = "run by a_skip_is_printed_and_recorded_and_fails_where_required"]
fn skips_for_want_of_shared() {
    let Some(shared) = shared() else { return };
    panic!(
        "{} exists: this test is run with ../shared hidden",
        shared.display()
    );
}

#[test]
fn a_skip_is_printed_and_recorded_and_fails_where_required() {
    let dir = scratch();
    let records = dir.path().join("skips");
    let test = format!("skips::{INNER}");

    // Not required: the test passes, says why it skipped and leaves a record.
    let o = run_inner(&records, "chromium, wrk");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let line = format!("SKIPPED {test}: /nonexistent not found");
    assert!(stderr(&o).contains(&line), "{}", stderr(&o));
    let file = records.join(format!("{test}.txt"));
    let text = std::fs::read_to_string(&file).expect("a record of the skip");
    assert_eq!(
        text,
        format!("{test}\tshared\t/nonexistent not found (the real digest files live there)\n")
    );

    // Required: the same test fails, and says what is missing.
    let o = run_inner(&records, "wrk,shared");
    assert!(!o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(out.contains("PAPERPRESS_REQUIRE=wrk,shared"), "{out}");
    assert!(out.contains("/nonexistent not found"), "{out}");

    // A need no test knows is an error, not a requirement quietly met.
    let o = run_inner(&records, "shraed");
    assert!(!o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(out.contains("\"shraed\", which is no need"), "{out}");
}

#[test]
fn required_reads_a_comma_separated_list() {
    assert_eq!(required(Need::Shared, ""), Ok(false));
    assert_eq!(required(Need::Shared, "shared"), Ok(true));
    assert_eq!(required(Need::Wrk, " chromium , wrk ,"), Ok(true));
    assert_eq!(required(Need::Tmpfs, "chromium,wrk"), Ok(false));
    assert_eq!(required(Need::FidelityDirs, "fidelity-dirs"), Ok(true));
    assert!(required(Need::Shared, "shared,chromium-driver").is_err());
    for need in Need::ALL {
        assert_eq!(required(need, need.name()), Ok(true), "{need:?}");
    }
}

#[test]
fn a_test_that_skips_twice_has_one_record_of_both() {
    let dir = scratch();
    let test = "skips::twice";
    record(dir.path(), test, Need::Chromium, "first").unwrap();
    record(dir.path(), test, Need::Axe, "second\nline").unwrap();
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(
        std::fs::read_to_string(files[0].path()).unwrap(),
        "skips::twice\tchromium\tfirst\nskips::twice\taxe\tsecond line\n"
    );
}
