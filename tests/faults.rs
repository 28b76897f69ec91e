//! Faults during a build: a build killed (SIGKILL) at random moments, an output disk that is
//! full or read-only. The previous site must stay whole and loadable through all of them, and
//! the next good build must produce exactly what a build from scratch produces.

mod common;

#[path = "../benches/build/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

type Tree = BTreeMap<String, Vec<u8>>;

/// Internal references of an HTML page (href and src values) that do not resolve to a file
/// of the site. Links are absolute (`https://example.org/...`) or root-relative.
fn broken_links(site: &Tree, rel: &str, html: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let Some(end) = rest.find('"') else { continue };
            let url = &rest[..end];
            let path = match url.strip_prefix("https://example.org/") {
                Some(p) => p,
                None if url.starts_with('/') => &url[1..],
                None => continue,
            };
            let path = path.split(['#', '?']).next().unwrap_or("");
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            if !site.contains_key(&file) {
                broken.push(format!("{rel}: {url}"));
            }
        }
    }
    broken
}

/// A site is whole when every internal link of every page resolves to one of its files.
fn assert_loadable(site: &Tree, what: &str) {
    assert!(site.contains_key("index.html"), "{what}: no home page");
    let mut broken = Vec::new();
    for (rel, bytes) in site {
        if rel.ends_with(".html") {
            broken.extend(broken_links(site, rel, &String::from_utf8_lossy(bytes)));
        }
    }
    assert!(
        broken.is_empty(),
        "{what}: {} broken links, first {:?}",
        broken.len(),
        &broken[..broken.len().min(5)]
    );
}

fn write_site_toml(root: &Path) {
    fs::write(
        root.join("site.toml"),
        "title = \"Faults\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
}

/// The files paperpress keeps beside an output folder `out`.
fn siblings(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().to_string();
    let mut found: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    found.sort();
    found
}

/// Copies a folder (with the output's sibling files) as `cp -a` does.
fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    let st = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(st.success());
}

/// The corpus generator's random numbers, seeded from the clock or PAPERPRESS_TEST_SEED and
/// printed, so a failure can be replayed.
fn rng() -> corpus::Rng {
    let seed = std::env::var("PAPERPRESS_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    eprintln!("seed {seed} (PAPERPRESS_TEST_SEED={seed} replays this run)");
    corpus::Rng::seeded(seed)
}

fn build(root: &Path, out: &Path) -> Duration {
    let t = Instant::now();
    let o = run(
        root,
        &["build", "--quiet", "--output", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    t.elapsed()
}

/// How a killed build left the output.
#[derive(Debug, Default)]
struct Outcomes {
    previous: usize,
    next: usize,
    /// Some files of the new build in place, the rest of the previous one (an in-place
    /// change cut short; the next build completes it).
    mixed: usize,
}

/// Builds `before` into an output folder, then, again and again, starts a build of `after`
/// and kills it at a random moment. After each kill the output must be whole: every file
/// exactly as one of the two builds wrote it and every link resolving. The next build must
/// then equal a build from scratch.
fn kill_at_random(change: impl Fn(&Path), rounds: usize, mixed_allowed: bool) -> Outcomes {
    let dir = scratch();
    let root = dir.path().join("site");
    fs::create_dir_all(&root).unwrap();
    write_site_toml(&root);
    corpus::write(&root.join("content"), 30, 20).unwrap();

    let work = dir.path().join("work");
    fs::create_dir_all(&work).unwrap();
    let out = work.join("public");
    build(&root, &out);
    let previous = tree(&out);
    assert_loadable(&previous, "first build");
    let pristine = dir.path().join("pristine");
    copy_dir(&work, &pristine);

    change(&root);
    let fresh = dir.path().join("fresh");
    build(&root, &fresh);
    let next = tree(&fresh);
    assert!(next != previous, "the change changes nothing");
    // How long the rebuild takes when nothing stops it.
    let took = build(&root, &out);

    let mut rng = rng();
    let mut seen = Outcomes::default();
    for round in 0..rounds {
        copy_dir(&pristine, &work);
        // Anywhere in the rebuild, and a little after.
        let at = took.mul_f64(0.1 + rng.unit());
        let mut child = Command::new(bin())
            .args(["build", "--quiet", "--output"])
            .arg(&out)
            .current_dir(&root)
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let now = tree(&out);
        let what = format!("round {round}, killed after {} ms", at.as_millis());
        for (rel, bytes) in &now {
            if rel == ".paperpress" {
                continue;
            }
            assert!(
                previous.get(rel) == Some(bytes) || next.get(rel) == Some(bytes),
                "{what}: {rel} is neither the previous nor the new file"
            );
        }
        let strip = |t: &Tree| {
            t.iter()
                .filter(|(k, _)| k.as_str() != ".paperpress")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Tree>()
        };
        if strip(&now) == strip(&previous) {
            seen.previous += 1;
        } else if strip(&now) == strip(&next) {
            seen.next += 1;
        } else {
            assert!(mixed_allowed, "{what}: a mixture of two builds");
            seen.mixed += 1;
        }
        assert_loadable(&now, &what);

        // The next build completes the work and equals a build from scratch.
        build(&root, &out);
        let done = tree(&out);
        assert!(
            strip(&done) == strip(&next),
            "{what}: the build after the kill differs from a build from scratch"
        );
        assert_eq!(
            siblings(&out),
            vec![".public.paperpress-manifest".to_string()],
            "{what}: leftovers beside the output"
        );
    }
    eprintln!("{rounds} kills: {seen:?}");
    seen
}

#[test]
fn a_killed_large_rebuild_leaves_the_previous_site_whole() {
    // A new site title changes every page, so the build swaps whole folders.
    let seen = kill_at_random(
        |root| {
            let toml = fs::read_to_string(root.join("site.toml")).unwrap();
            fs::write(
                root.join("site.toml"),
                toml.replace("Faults", "Faults Renamed"),
            )
            .unwrap();
        },
        10,
        false,
    );
    assert_eq!(seen.previous + seen.next, 10);
}

#[test]
fn a_killed_small_rebuild_leaves_a_whole_site_and_the_next_build_completes_it() {
    // One more day: few pages change, so the build patches the output in place.
    let seen = kill_at_random(
        |root| {
            corpus::write(&root.join("content"), 31, 20).unwrap();
        },
        10,
        true,
    );
    assert_eq!(seen.previous + seen.next + seen.mixed, 10);
}

/// Runs `script` with `sh` in a new mount namespace (so a tmpfs mounted there vanishes with
/// it), or `None` where this machine does not allow one.
fn in_mount_namespace(script: &str) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"])
        .output();
    match probe {
        Ok(o) if o.status.success() => {}
        _ => {
            skip(
                Need::Tmpfs,
                "cannot mount a tmpfs in a user namespace (unshare -rm)",
            );
            return None;
        }
    }
    Some(
        Command::new("unshare")
            .args(["-rm", "sh", "-c", script])
            .output()
            .unwrap(),
    )
}

fn bytes_of(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

/// On a small tmpfs: build, change the content so much that the next build cannot fit, build
/// again (or make the disk read-only first), and copy what the output disk holds out of the
/// namespace before it vanishes. Returns (the failed build's output, previous, after).
fn on_small_disk(read_only: bool) -> Option<(String, Tree, Tree, Vec<String>)> {
    let dir = scratch();
    let root = dir.path().join("site");
    fs::create_dir_all(&root).unwrap();
    write_site_toml(&root);
    corpus::write(&root.join("content"), 10, 20).unwrap();
    let probe = dir.path().join("probe");
    build(&root, &probe);
    // Room for the first build and a little more, in bytes and in files.
    let size_kb = (bytes_of(&probe) * 3 / 2 + 4096 * tree(&probe).len() as u64) / 1024 + 256;
    let mnt = dir.path().join("disk");
    fs::create_dir_all(&mnt).unwrap();
    let (before, after) = (dir.path().join("before"), dir.path().join("after"));
    let bigger = dir.path().join("bigger");
    fs::create_dir_all(&bigger).unwrap();
    corpus::write(&bigger, 40, 60).unwrap();
    let q = |p: &Path| format!("'{}'", p.display());
    let script = format!(
        "set -e
mount -t tmpfs -o size={size_kb}k tmpfs {mnt}
{bin} build --quiet --root {root} --output {mnt}/public
cp -a {mnt} {before}
rm -rf {root}/content && cp -a {bigger} {root}/content
{ro}
set +e
{bin} build --quiet --root {root} --output {mnt}/public 2>{mnt_err}
echo $? > {code}
set -e
ls -A {mnt} > {listing}
cp -a {mnt} {after}
",
        mnt = q(&mnt),
        bin = q(&bin()),
        root = q(&root),
        before = q(&before),
        bigger = q(&bigger),
        after = q(&after),
        ro = if read_only {
            format!("mount -o remount,ro {}", q(&mnt))
        } else {
            String::new()
        },
        mnt_err = q(&dir.path().join("stderr")),
        code = q(&dir.path().join("code")),
        listing = q(&dir.path().join("listing")),
    );
    let o = in_mount_namespace(&script)?;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let code = fs::read_to_string(dir.path().join("code")).unwrap();
    assert_ne!(
        code.trim(),
        "0",
        "the build on a full or read-only disk succeeded"
    );
    let err = fs::read_to_string(dir.path().join("stderr")).unwrap();
    let listing: Vec<String> = fs::read_to_string(dir.path().join("listing"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    Some((
        err,
        tree(&before.join("public")),
        tree(&after.join("public")),
        listing,
    ))
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_previous_site_stays() {
    let Some((err, before, after, listing)) = on_small_disk(false) else {
        return;
    };
    eprintln!("{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("error"), "{err}");
    assert!(
        before == after,
        "the failed build changed the published site"
    );
    assert_loadable(&after, "after a full disk");
    assert!(
        !listing.iter().any(|n| n.contains("staging")),
        "staging folder left on the full disk: {listing:?}"
    );
}

#[test]
fn a_read_only_disk_is_a_clear_error_and_the_previous_site_stays() {
    let Some((err, before, after, _)) = on_small_disk(true) else {
        return;
    };
    eprintln!("{err}");
    assert!(err.contains("Read-only file system"), "{err}");
    assert!(
        before == after,
        "the failed build changed the published site"
    );
}
