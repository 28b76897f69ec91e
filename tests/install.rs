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

/// The shell script of the action's step `id` (its `run: |` block), as the runner runs it.
fn action_step(id: &str) -> String {
    let action = fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    let from = action
        .find(&format!("      id: {id}\n"))
        .unwrap_or_else(|| panic!("no step {id} in action.yml"));
    let run = from + action[from..].find("      run: |\n").expect("a run block");
    action[run..]
        .lines()
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with("        "))
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the action's install step with the runner's variables pointing into `dir`: its
/// outputs and the PATH additions it wrote.
fn run_install_step(dir: &Path, releases: &Path, version: &str) -> (Output, String, String) {
    let output = dir.join("github_output");
    let path = dir.join("github_path");
    fs::write(&output, "").expect("write");
    fs::write(&path, "").expect("write");
    let tmp = dir.join("tmp");
    fs::create_dir_all(&tmp).expect("mkdir");
    let o = Command::new("bash")
        .args(["-e", "-c", &action_step("install")])
        .env("GITHUB_ACTION_PATH", repo())
        .env("GITHUB_REPOSITORY", "someone/digest")
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_PATH", &path)
        .env("PAPERPRESS_VERSION", version)
        .env(
            "PAPERPRESS_RELEASES",
            format!("file://{}", releases.display()),
        )
        .env("DEST", dir.join("bin"))
        .env("TMPDIR", &tmp)
        .output()
        .expect("run the action's install step");
    let read = |p: &Path| fs::read_to_string(p).expect("read");
    (o, read(&output), read(&path))
}

#[test]
fn the_actions_install_step_takes_a_release_refuses_a_mismatch_and_else_builds() {
    let Some(target) = target() else { return };
    if !tools() {
        return;
    }
    let dir = scratch();
    let releases = dir.path().join("releases");
    let asset = format!("paperpress-v{VERSION}-{target}");
    archive(&releases, &asset, &bin(), "the real one\n");
    checksums(&releases.join(format!("v{VERSION}")));

    let (o, outputs, path) = run_install_step(dir.path(), &releases, VERSION);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(outputs.contains("from=release\n"), "{outputs}");
    assert!(
        outputs.contains(&format!("version={VERSION}\n")),
        "{outputs}"
    );
    let bin_dir = dir.path().join("bin");
    assert_eq!(path.trim(), bin_dir.display().to_string());
    let v = run_ok(Command::new(bin_dir.join("paperpress")).arg("--version"));
    assert_eq!(stdout(&v).trim(), format!("paperpress {VERSION}"));

    // A mismatch fails the step: no fallback to building, nothing on the PATH.
    fs::remove_dir_all(&bin_dir).expect("remove");
    archive(&releases, &asset, Path::new("/bin/sh"), "tampered\n");
    let (o, outputs, path) = run_install_step(dir.path(), &releases, VERSION);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("checksum mismatch"), "{}", stderr(&o));
    assert!(!outputs.contains("from="), "{outputs}");
    assert!(path.is_empty() && !bin_dir.join("paperpress").exists());

    // No release for this version: the step says to build, keyed by the sources' hash.
    let (o, outputs, path) = run_install_step(dir.path(), &releases, "99.0.0");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(outputs.contains("from=cargo\n"), "{outputs}");
    let source = outputs
        .lines()
        .find_map(|l| l.strip_prefix("source="))
        .expect("a source hash");
    assert_eq!(source.len(), 16, "{source}");
    assert!(source.chars().all(|c| c.is_ascii_hexdigit()), "{source}");
    assert!(path.is_empty(), "nothing is on the PATH before the build");
    assert!(
        is_empty(&dir.path().join("tmp")),
        "the step left files in TMPDIR"
    );
}
