//! scripts/install.sh, which the GitHub Action runs to install a released binary, against a
//! local folder laid out like a release: `vX.Y.Z/paperpress-vX.Y.Z-TARGET.tar.gz` with the
//! real binary, and `vX.Y.Z/SHA256SUMS`. A download that does not match its checksum is
//! never installed.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The release target of this machine, as the release workflow names its archives.
fn target() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("x86_64-unknown-linux-musl"),
        ("linux", "aarch64") => Some("aarch64-unknown-linux-musl"),
        ("macos", "aarch64") => Some("aarch64-apple-darwin"),
        ("macos", "x86_64") => Some("x86_64-apple-darwin"),
        _ => None,
    }
}

/// Whether curl, tar and a SHA-256 tool are here; the test skips without them.
fn tools() -> bool {
    let have = |cmd: &str, arg: &str| Command::new(cmd).arg(arg).output().is_ok();
    if have("curl", "--version") && have("tar", "--version") && have("sha256sum", "--version") {
        return true;
    }
    skip(Need::Curl, "curl, tar or sha256sum is not installed");
    false
}

fn run_ok(cmd: &mut Command) -> Output {
    let o = cmd.output().expect("run a command");
    assert!(o.status.success(), "{cmd:?}: {}", stderr(&o));
    o
}

/// `dir/vVERSION/NAME.tar.gz` holding `binary` as `paperpress` and a README.
fn archive(dir: &Path, name: &str, binary: &Path, readme: &str) -> PathBuf {
    let stage = dir.join(format!("stage-{name}"));
    fs::create_dir_all(&stage).expect("mkdir");
    fs::copy(binary, stage.join("paperpress")).expect("copy the binary");
    fs::write(stage.join("README.md"), readme).expect("write");
    let release = dir.join(format!("v{VERSION}"));
    fs::create_dir_all(&release).expect("mkdir");
    let file = release.join(format!("{name}.tar.gz"));
    run_ok(
        Command::new("tar")
            .arg("-czf")
            .arg(&file)
            .arg("-C")
            .arg(&stage)
            .args(["paperpress", "README.md"]),
    );
    file
}

/// Writes SHA256SUMS in the release folder for the archives there, as the release does.
fn checksums(release: &Path) {
    let o = run_ok(
        Command::new("sh")
            .args(["-c", "sha256sum paperpress-* > SHA256SUMS"])
            .current_dir(release),
    );
    assert!(o.stderr.is_empty());
}

/// Runs the install script from `from` into `dest`, with its temporary files in `tmp`.
fn install(from: &Path, dest: &Path, tmp: &Path, extra: &[&str]) -> Output {
    fs::create_dir_all(tmp).expect("mkdir");
    Command::new("bash")
        .arg(repo().join("scripts/install.sh"))
        .arg("--from")
        .arg(format!("file://{}", from.display()))
        .arg("--dest")
        .arg(dest)
        .args(extra)
        .env("TMPDIR", tmp)
        .env_remove("PAPERPRESS_VERSION")
        .output()
        .expect("run scripts/install.sh")
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).expect("read dir").next().is_none()
}

#[test]
fn install_script_verifies_and_installs_a_release() {
    let Some(target) = target() else { return };
    if !tools() {
        return;
    }
    let dir = scratch();
    let releases = dir.path().join("releases");
    let asset = format!("paperpress-v{VERSION}-{target}");
    archive(&releases, &asset, &bin(), "the real one\n");
    // Another target's archive, listed too: its line must not be taken for ours.
    archive(
        &releases,
        &format!("paperpress-v{VERSION}-other-target"),
        &bin(),
        "other\n",
    );
    let release = releases.join(format!("v{VERSION}"));
    checksums(&release);

    // No --version: the script reads it from the Cargo.toml beside it.
    let dest = dir.path().join("bin");
    let tmp = dir.path().join("tmp");
    let o = install(&releases, &dest, &tmp, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("installed paperpress {VERSION} ({target})")));
    let installed = dest.join("paperpress");
    let mode = fs::metadata(&installed)
        .expect("installed")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755);
    assert_eq!(fs::read(&installed).unwrap(), fs::read(bin()).unwrap());
    let v = run_ok(Command::new(&installed).arg("--version"));
    assert_eq!(stdout(&v).trim(), format!("paperpress {VERSION}"));
    assert!(is_empty(&tmp), "the script left files in TMPDIR");

    // The archive changed after SHA256SUMS was written: refused, nothing replaced.
    let before = fs::read(&installed).unwrap();
    archive(&releases, &asset, Path::new("/bin/sh"), "tampered\n");
    let o = install(&releases, &dest, &tmp, &["--version", VERSION]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("checksum mismatch for {asset}.tar.gz")),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(&installed).unwrap(),
        before,
        "a mismatched binary was installed"
    );
    let fresh = dir.path().join("fresh");
    let o = install(&releases, &fresh, &tmp, &["--version", VERSION]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!fresh.join("paperpress").exists());
    assert!(is_empty(&tmp), "the script left files in TMPDIR");

    // An archive SHA256SUMS does not list is refused too.
    fs::write(release.join("SHA256SUMS"), "").expect("write");
    let o = install(&releases, &fresh, &tmp, &["--version", VERSION]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("has no line for"), "{}", stderr(&o));

    // No release of that version: status 3, so that the action builds from source instead.
    let o = install(&releases, &fresh, &tmp, &["--version", "99.0.0"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot download"), "{}", stderr(&o));
    assert!(!fresh.join("paperpress").exists());
}
