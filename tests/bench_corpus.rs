//! Keeps the benchmark's own corpus generator honest: deterministic, shaped like the real
//! digests, and built by paperpress without a single diagnostic.

mod common;

#[path = "../benches/build/corpus.rs"]
mod corpus;
#[path = "../benches/build/hugo.rs"]
mod hugo;

use std::path::Path;
use std::process::Command;

use corpus::{Day, Format};

fn days(n: usize, papers: usize) -> Vec<Day> {
    let mut out = Vec::new();
    corpus::generate(n, papers, |d| {
        out.push(d);
        Ok(())
    })
    .expect("generate");
    out
}

#[test]
fn same_arguments_same_bytes_and_one_more_day_keeps_the_others() {
    let dir = common::scratch();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(corpus::write(&a, 40, 5).expect("write a").0, 40);
    assert_eq!(corpus::write(&b, 41, 5).expect("write b").0, 41);
    for n in 0..40 {
        let rel = corpus::day_path(n);
        let (x, y) = (
            std::fs::read(a.join(&rel)).expect("read a"),
            std::fs::read(b.join(&rel)).expect("read b"),
        );
        assert!(x == y, "day {n} ({}) differs", rel.display());
    }
    assert!(!a.join(corpus::day_path(40)).exists());
    assert!(b.join(corpus::day_path(40)).exists());
    assert_eq!(corpus::day_path(31), Path::new("2024/02/2024-02-01.md"));
}

#[test]
fn statistics_follow_the_seeds() {
    let all = days(60, 60);
    let papers: Vec<_> = all.iter().flat_map(|d| &d.papers).collect();
    assert_eq!(papers.len(), 3600);
    let bytes: usize = all.iter().map(|d| d.text().len()).sum();
    let per_paper = bytes as f64 / papers.len() as f64;
    // gen_corpus.py: about 2,700 bytes per paper (format A 2,750, B 2,420).
    assert!(
        (2450.0..2950.0).contains(&per_paper),
        "{per_paper} bytes/paper"
    );

    let bilingual = all.iter().filter(|d| d.format == Format::Bilingual).count();
    assert!(
        (6..=20).contains(&bilingual),
        "{bilingual} of 60 days bilingual"
    );

    let authors = papers.iter().map(|p| p.authors.len()).sum::<usize>() as f64 / 3600.0;
    assert!((5.2..6.5).contains(&authors), "{authors} authors/paper");
    assert!(papers.iter().all(|p| !p.authors.is_empty()));

    let math = papers
        .iter()
        .filter(|p| {
            p.abstract_en.contains('$') || p.tldr.contains('$') || p.abstract_zh.contains('$')
        })
        .count() as f64
        / 3600.0;
    assert!((0.03..0.10).contains(&math), "{math} of papers with LaTeX");

    let text: String = all.iter().map(Day::text).collect();
    let cjk: usize = text
        .chars()
        .filter(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(c)
                || ('\u{3000}'..='\u{303f}').contains(c)
                || ('\u{ff00}'..='\u{ffef}').contains(c)
        })
        .map(char::len_utf8)
        .sum();
    let share = cjk as f64 / text.len() as f64;
    // The seeds: 31% to 38% of their bytes are Chinese.
    assert!((0.28..0.42).contains(&share), "CJK share {share}");

    let daily: Vec<_> = all
        .iter()
        .filter(|d| d.format == Format::DailyArxiv)
        .flat_map(|d| &d.papers)
        .collect();
    let cl = daily.iter().filter(|p| p.category == "cs.CL").count() as f64 / daily.len() as f64;
    assert!((0.6..0.76).contains(&cl), "cs.CL share {cl}");
    assert!(
        daily
            .iter()
            .all(|p| !p.tldr.is_empty() && !p.method.is_empty())
    );

    let mut ids: Vec<_> = papers.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3600, "ids are unique");
}

#[test]
fn the_corpus_builds_without_a_diagnostic() {
    let dir = common::scratch();
    let site = dir.path();
    common::site(site, &[]);
    let (files, papers, _) = corpus::write(&site.join("content"), 12, 25).expect("write");
    assert_eq!((files, papers), (12, 300));
    let formats: Vec<Format> = days(12, 25).iter().map(|d| d.format).collect();
    assert!(formats.contains(&Format::Bilingual) && formats.contains(&Format::DailyArxiv));

    let out = common::run(site, &["build", "--json", "--output", "public"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(common::stderr(&out), "", "no diagnostics");
    let b = common::built(&out);
    assert_eq!((b.files, b.days, b.papers), (12, 12, 300), "{b:?}");
    assert_eq!((b.errors, b.warnings), (0, 0), "{b:?}");
    // Every paper has its page, and a bilingual paper's Chinese title is on it.
    let first_bilingual = days(12, 25)
        .into_iter()
        .find(|d| d.format == Format::Bilingual)
        .expect("a bilingual day");
    let p = &first_bilingual.papers[0];
    let page = std::fs::read_to_string(site.join(format!("public/papers/{}.html", p.id)))
        .expect("paper page");
    assert!(page.contains(&p.title_zh), "{}", p.title_zh);
}

#[test]
fn hugo_builds_the_same_corpus() {
    let hugo = Command::new("hugo").arg("version").output();
    if !hugo.is_ok_and(|o| o.status.success()) {
        common::skip(common::Need::Hugo, "hugo is not installed");
        return;
    }
    let dir = common::scratch();
    let site = dir.path().join("site");
    assert_eq!(hugo::write_site(&site, 3, 20).expect("write"), 60);
    let out = Command::new("hugo")
        .arg("--source")
        .arg(&site)
        .arg("--destination")
        .arg(dir.path().join("public"))
        .output()
        .expect("run hugo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let day = dir.path().join("public/days/2024-01-03");
    let pages = std::fs::read_dir(&day)
        .expect("day folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().join("index.html").is_file())
        })
        .count();
    assert_eq!(pages, 20, "one page per paper of the day");
}
