//! `cargo install paperpress` works: `cargo package` makes the crate, and the crate alone,
//! unpacked away from this repository, builds a binary that makes a new site from its
//! embedded templates and builds it. The packaged crate is compiled into
//! `target/packaged/` (kept between runs: the first run compiles every dependency once).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run_ok(cmd: &mut Command) -> Output {
    let o = cmd.output().expect("run a command");
    assert!(
        o.status.success(),
        "{cmd:?} failed:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    o
}

/// The target folder of this build (`CARGO_TARGET_DIR`, else `target/`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
}

/// Packages the crate and unpacks it into `into`: the unpacked crate's folder.
fn package(into: &Path) -> PathBuf {
    let packaged = target_dir().join("packaged");
    // The crate as `cargo publish` would upload it; the build below is the verification.
    run_ok(
        cargo()
            .args([
                "package",
                "--locked",
                "--offline",
                "--no-verify",
                "--allow-dirty",
            ])
            .arg("--target-dir")
            .arg(&packaged)
            .current_dir(repo()),
    );
    let file = packaged.join(format!("package/paperpress-{VERSION}.crate"));
    // -m: the files get the time of unpacking. A crate's files all carry one fixed time,
    // older than any earlier build in target/packaged, which cargo would then take as fresh.
    run_ok(
        Command::new("tar")
            .arg("-xzmf")
            .arg(&file)
            .arg("-C")
            .arg(into),
    );
    into.join(format!("paperpress-{VERSION}"))
}

#[test]
fn the_packaged_crate_builds_and_makes_a_site_from_its_embedded_templates() {
    let dir = scratch();
    let crate_dir = package(dir.path());
    for absent in [
        "tests",
        "benches",
        "fuzz",
        "docs",
        "node_modules",
        "site.toml",
    ] {
        assert!(!crate_dir.join(absent).exists(), "{absent} is packaged");
    }
    run_ok(
        cargo()
            .args(["build", "--locked", "--offline", "--bin", "paperpress"])
            .arg("--target-dir")
            .arg(target_dir().join("packaged"))
            .current_dir(&crate_dir),
    );
    let exe = target_dir().join("packaged/debug/paperpress");
    let v = run_ok(Command::new(&exe).arg("--version"));
    assert_eq!(stdout(&v).trim(), format!("paperpress {VERSION}"));
    // The binary is built from these sources, not an earlier build: its help is this one's.
    let help = |exe: &Path| stdout(&run_ok(Command::new(exe).args(["help", "add"])));
    assert_eq!(help(&exe), help(&bin()));

    // Away from the crate's sources: only what the binary embeds can make the site.
    fs::remove_dir_all(&crate_dir).expect("remove the unpacked crate");
    let work = dir.path().join("work");
    fs::create_dir_all(&work).expect("mkdir");
    run_ok(Command::new(&exe).args(["new", "site"]).current_dir(&work));
    let site = work.join("site");
    assert_eq!(
        fs::read(site.join("templates/base.html")).unwrap(),
        fs::read(repo().join("templates/base.html")).unwrap()
    );
    let o = run_ok(
        Command::new(&exe)
            .args(["build", "--json", "--root", "site"])
            .current_dir(&work),
    );
    let b = built(&o);
    assert!(b.ok && b.papers > 0 && b.errors == 0, "{b:?}");
    let day = fs::read_to_string(site.join("public/days/2025-06-23/index.html")).expect("day");
    assert!(day.contains("/style.css"), "the day page links its styles");
    assert_eq!(
        fs::read(site.join("public/style.css")).unwrap(),
        fs::read(repo().join("static/style.css")).unwrap()
    );
}
