//! The size of the published site: `build` reports it exactly, and a generated site of
//! 1,800 papers (the build benchmark's smallest corpus) stays under its bytes per paper.

mod common;

#[path = "../benches/build/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Files and bytes below `dir`, by top-level folder (`.` for the files at the top), the
/// build's marker aside.
fn by_folder(dir: &Path) -> BTreeMap<String, (usize, u64)> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name() == ".paperpress" {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let mut parts = rel.components();
        let first = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let folder = match (first, parts.next()) {
            (Some(f), Some(_)) => f,
            _ => ".".to_string(),
        };
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let e = out.entry(folder).or_insert((0, 0));
        e.0 += 1;
        e.1 += len;
    }
    out
}

/// The target of the published site at 100,000 papers: a year of the largest digests fits
/// GitHub Pages' 1 GB.
const TARGET_PER_PAPER: u64 = 6_000;

/// The search index's share of the target (`search/`, whose format is its own work): what it
/// takes at 100,000 papers (70.7 MB, with each result's TL;DR).
const SEARCH_PER_PAPER: u64 = 710;

/// What a site of 1,800 papers carries per paper more than one of 100,000 for the same pages
/// (the assets, the home page and feed shared by fewer papers, category pages of months with
/// few papers): measured, 8,945 bytes per paper but search/ against 8,416.
const SMALL_SITE_EXTRA: u64 = 530;

/// How far above the target the pages still are, bytes per paper: lowered with each step
/// towards it (at 100,000 papers 11,850 bytes per paper before the first, 8,940 with the
/// pages made smaller, 9,100 with search results that show their TL;DR).
/// Then 238 more for the related papers on each paper's page (measured on this corpus:
/// 708 of the 1,800 pages list 2,412 related papers in 427,837 bytes).
const NOT_YET: u64 = 3_200 + RELATED;

/// What each paper's list of related papers costs here, bytes per paper (measured above).
const RELATED: u64 = 238;

#[test]
fn a_generated_site_of_1800_papers_stays_under_its_bytes_per_paper() {
    let dir = common::scratch();
    let site = dir.path();
    common::site(site, &[]);
    let (files, papers, _) = corpus::write(&site.join("content"), 30, 60).expect("write corpus");
    assert_eq!((files, papers), (30, 1800));
    let b = common::build_json(site, &["--output", "public"]);
    assert_eq!(b.papers, 1800);
    let out = site.join("public");
    let folders = by_folder(&out);
    // The build's own figures are the files and bytes of the output.
    let files: usize = folders.values().map(|f| f.0).sum();
    let bytes: u64 = folders.values().map(|f| f.1).sum();
    assert_eq!((b.output_files, b.output_bytes), (files, bytes));

    let per_paper = |bytes: u64| bytes / 1800;
    let search = folders.get("search").map_or(0, |f| f.1);
    let pages = per_paper(bytes - search);
    let ceiling = TARGET_PER_PAPER - SEARCH_PER_PAPER + SMALL_SITE_EXTRA + NOT_YET;
    let table: Vec<String> = folders
        .iter()
        .map(|(name, (n, b))| format!("{name}: {n} files, {} bytes/paper", per_paper(*b)))
        .collect();
    eprintln!("{}", table.join("\n"));
    assert!(
        pages <= ceiling,
        "the site but search/ takes {pages} bytes per paper, over {ceiling}:\n{}",
        table.join("\n")
    );
    // Each kind of page keeps its share: a paper page, its cards on day pages, the brief
    // cards on category pages; and the search index (562 bytes per paper here).
    for (folder, most) in [
        // 6,650 before the related papers, and their measured cost.
        ("papers", 6_650 + RELATED),
        ("days", 1_120),
        ("categories", 1_030),
        ("search", 600),
    ] {
        let got = folders.get(folder).map_or(0, |f| per_paper(f.1));
        assert!(
            got > 0 && got <= most,
            "{folder}/ takes {got} bytes per paper, over {most}:\n{}",
            table.join("\n")
        );
    }
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn check_gives_the_day_the_site_reaches_1_gb() {
    let dir = common::scratch();
    let site = dir.path();
    common::site(site, &[]);
    let (days, papers, _) = corpus::write(&site.join("content"), 30, 60).expect("write corpus");
    assert_eq!((days, papers), (30, 1800));
    // Before any build there is no search index to count, and the line says so.
    let line = size_line(site);
    assert!(
        line.contains("(without the search index: only `build` makes it, and ")
            && line.contains("public has none yet)"),
        "{line}"
    );
    // check measures what it renders, and the search index of the last build.
    let b = common::build_json(site, &[]);
    let line = size_line(site);
    assert!(!line.contains("without the search index"), "{line}");
    let per_paper = b.output_bytes / 1800;
    let files = format!("{} files", thousands(b.output_files as u64));
    assert!(line.contains(&files), "{line}: not {files}");
    assert!(
        line.contains(&format!("({} bytes per paper)", thousands(per_paper))),
        "{line}: not {per_paper} bytes per paper"
    );
    // 60 papers a day, each costing what a paper costs now, from the last day on.
    let last = corpus::day_path(29);
    let last = last
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .expect("the last day's date");
    let per_day = b.output_bytes as f64 / 1800.0 * 60.0;
    let days_left = ((1e9 - b.output_bytes as f64) / per_day).ceil() as u64;
    let when = last + chrono::Days::new(days_left);
    let expected = format!("at 60.0 papers a day (the last 30 days) it reaches 1 GB around {when}");
    assert!(line.contains(&expected), "{line}\nexpected: {expected}");
}

/// The size line of `check` on `site`.
fn size_line(site: &Path) -> String {
    let o = common::run(site, &["check"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = common::stdout(&o);
    text.lines()
        .find(|l| l.starts_with("site: "))
        .unwrap_or_else(|| panic!("no size line:\n{text}"))
        .to_string()
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
