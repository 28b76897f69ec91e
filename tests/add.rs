//! `paperpress add`, driven through the real binary with real files.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

const DAY: &str = "### [1] [A New Paper](https://arxiv.org/abs/2507.00001)\n*N. Author*\n\nMain category: cs.CL\n\nTL;DR: New.\n\n### [2] [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n*Ashish Vaswani*\n\nMain category: cs.LG\n\nTL;DR: Listed again.\n";

/// A site that already lists 1706.03762.
fn site_with_one_day(dir: &Path) {
    common::site(
        dir,
        &[(
            "2025/06/2025-06-23.md",
            "### [1] [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n*Ashish Vaswani*\n\nMain category: cs.CL\n\nTL;DR: Attention.\n",
        )],
    );
}

/// Every file below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

fn add_stdin(dir: &Path, args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(bin())
        .arg("add")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits before it reads its input.
    match child.stdin.take().unwrap().write_all(input) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.unwrap(),
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_valid_file_lands_at_its_day() {
    let dir = scratch();
    let site = dir.path().join("site");
    fs::create_dir_all(&site).unwrap();
    site_with_one_day(&site);
    let input = dir.path().join("digest-2025-07-01.md");
    fs::write(&input, DAY).unwrap();
    let o = run(&site, &["add", input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dest = site.join("content/2025/07/2025-07-01.md");
    assert_eq!(fs::read_to_string(&dest).unwrap(), DAY);
    let out = stdout(&o);
    assert!(
        out.contains("added content/2025/07/2025-07-01.md (day 2025-07-01): 2 papers in 2 categories (cs.CL 1, cs.LG 1); 1 new, 1 already on the site"),
        "{out}"
    );
    // The site builds with it, and the new day is there.
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/days/2025-07-01/index.html").is_file());
}

#[test]
fn the_day_comes_from_the_flag_front_matter_or_name_or_add_refuses() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let before = files(site);

    // Standard input has no name: without --date, refused.
    let o = add_stdin(site, &["-"], DAY.as_bytes());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot tell which day <stdin> is"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--date YYYY-MM-DD"), "{}", stderr(&o));
    assert_eq!(files(site), before, "nothing written");

    let o = add_stdin(site, &["-", "--date", "2025-07-02"], DAY.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("content/2025/07/2025-07-02.md").is_file());

    let fm = format!("+++\ndate = 2025-07-03\n+++\n{DAY}");
    let o = add_stdin(site, &["-"], fm.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("content/2025/07/2025-07-03.md").is_file());

    // A flag that contradicts the front matter is refused.
    let o = add_stdin(site, &["-", "--date", "2025-07-04"], fm.as_bytes());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("disagrees with the file's front matter"),
        "{}",
        stderr(&o)
    );
    assert!(!site.join("content/2025/07/2025-07-04.md").exists());

    let o = add_stdin(site, &["-", "--date", "2025-13-01"], DAY.as_bytes());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--date"), "{}", stderr(&o));
}

#[test]
fn an_invalid_file_writes_nothing_and_names_its_lines() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let before = files(site);
    let bad = site.join("2025-07-05.md");
    fs::write(&bad, format!("+++\ndate = \"soon\"\n+++\n{DAY}")).unwrap();
    let o = run(site, &["add", "2025-07-05.md"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("2025-07-05.md:2: error:"), "{err}");
    assert!(err.contains("nothing was added"), "{err}");
    fs::remove_file(&bad).unwrap();
    assert_eq!(files(site), before);

    let o = add_stdin(site, &["-", "--date", "2025-07-05"], b"just some notes\n");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no papers found in <stdin>"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(site), before);

    let o = add_stdin(
        site,
        &["-", "--date", "2025-07-05", "--category", "not a code"],
        DAY.as_bytes(),
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not an arXiv category code"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(site), before);

    let o = run(&site.join("content"), &["add", "x.md"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("has no site.toml"), "{}", stderr(&o));
}

#[test]
fn an_existing_day_is_refused_without_force_and_kept_with_it() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let dest = site.join("content/2025/06/2025-06-23.md");
    let old = fs::read_to_string(&dest).unwrap();

    let o = add_stdin(site, &["-", "--date", "2025-06-23"], DAY.as_bytes());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("content/2025/06/2025-06-23.md already exists"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(fs::read_to_string(&dest).unwrap(), old);

    // The same bytes again: nothing to do, no --force needed.
    let o = add_stdin(site, &["-", "--date", "2025-06-23"], old.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("already there, unchanged"),
        "{}",
        stdout(&o)
    );

    let o = add_stdin(
        site,
        &["-", "--date", "2025-06-23", "--force"],
        DAY.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&dest).unwrap(), DAY);
    let backup = site.join("content/2025/06/2025-06-23.md.bak-1");
    assert_eq!(
        fs::read_to_string(&backup).unwrap(),
        old,
        "the old file is kept"
    );
    let out = stdout(&o);
    assert!(
        out.contains("replaced content/2025/06/2025-06-23.md"),
        "{out}"
    );
    assert!(
        out.contains("kept as content/2025/06/2025-06-23.md.bak-1"),
        "{out}"
    );
    // A second replacement keeps a second backup.
    let o = add_stdin(
        site,
        &["-", "--date", "2025-06-23", "--force"],
        old.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(site.join("content/2025/06/2025-06-23.md.bak-2")).unwrap(),
        DAY
    );
    assert_eq!(fs::read_to_string(&backup).unwrap(), old);

    // Backups are not digests: the site still builds with one file for the day.
    let b = build_json(site, &[]);
    assert_eq!(b.files, 1, "{b:?}");

    // A day held by a file of another name is refused too.
    fs::write(site.join("content/2025-07-09-vision.md"), DAY).unwrap();
    let o = add_stdin(site, &["-", "--date", "2025-07-09"], DAY.as_bytes());
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("day 2025-07-09 is already on the site, in content/2025-07-09-vision.md"),
        "{}",
        stderr(&o)
    );
    assert!(!site.join("content/2025/07/2025-07-09.md").exists());
}

#[test]
fn category_flag_goes_into_front_matter() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let bilingual = "# A Vision Paper\n\n**Authors**: A. Author\n\n**Link**: [PDF](https://arxiv.org/pdf/2507.00002)\n\n**Abstract**: Pixels.\n";
    let o = add_stdin(
        site,
        &["-", "--date", "2025-07-06", "--category", "cs.CV"],
        bilingual.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 papers in 1 categories (cs.CV 1)"),
        "{}",
        stdout(&o)
    );
    let written = fs::read_to_string(site.join("content/2025/07/2025-07-06.md")).unwrap();
    assert!(
        written.starts_with("+++\ncategory = \"cs.CV\"\n+++\n# A Vision Paper"),
        "{written}"
    );
    let o = run(site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let day = fs::read_to_string(site.join("public/days/2025-07-06/index.html")).unwrap();
    assert!(day.contains("cs.CV"), "{day}");
}

/// Kills `add` while it reads a slow standard input: nothing is written.
#[test]
fn killed_while_reading_leaves_nothing() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let before = files(site);
    let mut child = Command::new(bin())
        .args(["add", "-", "--date", "2025-07-07"])
        .current_dir(site)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&DAY.as_bytes()[..DAY.len() / 2]).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    assert_eq!(files(site), before);
}

/// Kills `add` at many moments while it adds a large file: the day's file is either whole
/// or absent, and no other `.md` file appears.
#[test]
fn killed_at_any_moment_leaves_the_whole_file_or_none() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let mut big = String::new();
    for i in 0..10_000 {
        big.push_str(&format!(
            "### [{i}] [Paper {i}](https://arxiv.org/abs/2507.{i:05})\n*A. Author*\n\nMain category: cs.CL\n\nTL;DR: {}\n\n",
            "words ".repeat(40)
        ));
    }
    let input = dir.path().join("big-2025-07-08.md");
    fs::write(&input, &big).unwrap();
    let dest = site.join("content/2025/07/2025-07-08.md");
    let mut whole = 0;
    for delay_ms in [5, 20, 50, 100, 150, 200, 300, 400, 600, 800, 1200, 2000] {
        let _ = fs::remove_file(&dest);
        let mut child = Command::new(bin())
            .args(["add", input.to_str().unwrap()])
            .current_dir(site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        if dest.exists() {
            assert!(
                fs::read(&dest).unwrap() == big.as_bytes(),
                "a partial file after {delay_ms} ms"
            );
            whole += 1;
        }
        let mds: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        assert!(mds.len() <= 2, "{mds:?}");
    }
    // Left-over temporary files (from a kill at the wrong moment) are not digests.
    let _ = fs::remove_file(&dest);
    let o = run(site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    eprintln!("{whole} of 12 runs completed before the kill");
}

#[test]
fn real_digests_are_added_and_built() {
    let Some(shared) = shared() else { return };
    let dir = scratch();
    let site = dir.path();
    common::site(site, &[]);
    for f in real_files(&shared)
        .iter()
        .filter(|f| f.starts_with(shared.join("seeds")))
    {
        let o = run(site, &["add", f.to_str().unwrap()]);
        assert!(o.status.success(), "{}: {}", f.display(), stderr(&o));
        let out = stdout(&o);
        assert!(out.starts_with("added content/2025/0"), "{out}");
    }
    let o = run(site, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A day's JSON Lines go in beside its Markdown digest: the two forms of one day merge, and a
/// second `.jsonl` of that day is refused without --force.
#[test]
fn json_lines_are_added_beside_the_days_markdown() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let records = "{\"id\": \"1706.03762\", \"title\": \"Attention Is All You Need\", \"categories\": [\"cs.CL\", \"cs.LG\"], \"authors\": [\"Ashish Vaswani\"], \"AI\": {\"tldr\": \"Attention.\"}}\n{\"id\": \"2506.00009\", \"title\": \"Another\", \"categories\": [\"cs.CL\"]}\n";
    let file = dir.path().join("2025-06-23_AI_enhanced_English.jsonl");
    fs::write(&file, records).unwrap();
    let o = run(site, &["add", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.join("content/2025/06/2025-06-23.jsonl").is_file(),
        "{:?}",
        files(&site.join("content"))
    );
    assert!(stdout(&o).contains("2 papers"), "{}", stdout(&o));
    // The same day's records again, from standard input: that form of the day is there.
    let o = add_stdin(site, &["-", "--date", "2025-06-23"], records.as_bytes());
    assert!(o.status.success(), "same bytes: {}", stderr(&o));
    let other = records.replace("Another", "Changed");
    let o = add_stdin(site, &["-", "--date", "2025-06-23"], other.as_bytes());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    // --category means nothing to records.
    let o = run(
        site,
        &["add", file.to_str().unwrap(), "--category", "cs.CL"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("JSON Lines records carry their own categories"));
    let b = build_json(site, &[]);
    assert_eq!((b.files, b.days, b.papers), (2, 1, 2), "{b:?}");
}

/// A day added again, or replaced, counts as new only the papers the site did not list:
/// the papers of the file it replaces are on the site already.
#[test]
fn a_day_added_again_or_replaced_counts_only_papers_new_to_the_site() {
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    let old = fs::read_to_string(site.join("content/2025/06/2025-06-23.md")).unwrap();

    let o = add_stdin(site, &["-", "--date", "2025-06-23"], old.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "already there, unchanged: content/2025/06/2025-06-23.md (day 2025-06-23): 1 papers in 1 categories (cs.CL 1); 0 new, 1 already on the site"
        ),
        "{}",
        stdout(&o)
    );

    // DAY lists the day's paper again and one paper the site has nowhere.
    let o = add_stdin(
        site,
        &["-", "--date", "2025-06-23", "--force"],
        DAY.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "replaced content/2025/06/2025-06-23.md (day 2025-06-23): 2 papers in 2 categories (cs.CL 1, cs.LG 1); 1 new, 1 already on the site"
        ),
        "{}",
        stdout(&o)
    );

    // A paper only cited in another day's text is not on the site: it counts as new.
    let citing = "### [1] [Citing](https://arxiv.org/abs/2507.00003)\n*C. Author*\n\nMain category: cs.CL\n\nTL;DR: Builds on https://arxiv.org/abs/2507.00004.\n";
    fs::create_dir_all(site.join("content/2025/07")).unwrap();
    fs::write(site.join("content/2025/07/2025-07-10.md"), citing).unwrap();
    let cited = "### [1] [Cited](https://arxiv.org/abs/2507.00004)\n*D. Author*\n\nMain category: cs.CL\n\nTL;DR: Cited.\n\n### [2] [Citing](https://arxiv.org/abs/2507.00003)\n*C. Author*\n\nMain category: cs.CL\n\nTL;DR: Again.\n";
    let o = add_stdin(site, &["-", "--date", "2025-07-11"], cited.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 papers in 1 categories (cs.CL 2); 1 new, 1 already on the site"),
        "{}",
        stdout(&o)
    );
}

/// Files `add` writes get the permissions of any new file, not a temporary file's 0600.
#[cfg(unix)]
#[test]
fn added_files_get_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let site = dir.path();
    site_with_one_day(site);
    // A file made the ordinary way, under the umask `add` inherits.
    let probe = site.join("probe");
    fs::write(&probe, "x").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let usual = mode(&probe);
    assert_ne!(
        usual & 0o044,
        0,
        "this test needs a umask that lets others read"
    );

    let o = add_stdin(site, &["-", "--date", "2025-07-12"], DAY.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&site.join("content/2025/07/2025-07-12.md")), usual);

    let o = add_stdin(
        site,
        &["-", "--date", "2025-06-23", "--force"],
        DAY.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&site.join("content/2025/06/2025-06-23.md")), usual);
    assert_eq!(
        mode(&site.join("content/2025/06/2025-06-23.md.bak-1")),
        usual
    );
}
