//! Time and memory stay linear in the size of a digest: each case is timed at full size and
//! at a tenth of it, and the full size must take well under the hundredfold a quadratic step
//! would. Inputs: a huge digest, a 1 MB single line (several shapes), 100,000 headings and
//! 10,000 nested list levels, through the real parser and the real field rendering, and the
//! largest through the real binary with its peak memory. Each step these found quadratic
//! (Markdown links of a line of many `](`, duplicate checks in the generic parser and in a
//! day's index, a day's category groups) is kept linear by them.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use paperpress::config::Config;
use paperpress::content::parse_file;
use paperpress::model::Site;
use paperpress::render::markdown;

use common::*;

/// Parses `text` as one digest file and renders every paper's title and fields, as a build
/// does; returns the number of papers.
fn load_and_render(text: &str) -> usize {
    let (digest, diags) = parse_file(
        Path::new("content/2025-06-27.md"),
        Path::new("2025-06-27.md"),
        text.as_bytes(),
    );
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    let digest = digest.expect("a digest");
    let mut bytes = 0;
    for p in &digest.papers {
        bytes += markdown::inline(p.title()).len();
        for f in [p.tldr(), p.motivation(), p.abstract_en()] {
            let html = markdown::block(f);
            if let Err(e) = paperpress::render::safe_html::check(&html) {
                panic!("unsafe HTML for {}: {e}", p.id);
            }
            bytes += html.len();
        }
    }
    std::hint::black_box(bytes);
    let n = digest.papers.len();
    // And the index of the day: one day of many papers.
    let site = Site::from_digests(vec![digest], &Config::default());
    assert_eq!(site.papers().len(), n);
    n
}

/// The best of `runs` runs of `f`: the machine is shared, the best run is the least
/// disturbed.
fn time(runs: usize, f: &dyn Fn() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        n = f();
        best = best.min(t.elapsed());
    }
    (best, n)
}

/// Times `make(n)` and `make(n / 10)`: the full size must take less than 40 times the
/// tenth (linear: 10, quadratic: 100). Short runs are below timer noise and pass.
fn assert_linear(what: &str, n: usize, make: &dyn Fn(usize) -> String) -> Duration {
    let small = make(n / 10);
    let big = make(n);
    let (t_small, _) = time(3, &|| load_and_render(&small));
    let (t_big, papers) = time(1, &|| load_and_render(&big));
    eprintln!(
        "{what}: {} bytes, {papers} papers in {:?}; a tenth in {:?}",
        big.len(),
        t_big,
        t_small
    );
    assert!(
        t_big < Duration::from_millis(300) || t_big < t_small * 40,
        "{what} is not linear: {t_big:?} at full size, {t_small:?} at a tenth"
    );
    t_big
}

/// A realistic paper block of the daily arXiv format, about 1.5 KB.
fn paper_block(i: usize) -> String {
    format!(
        "### [{i}] [A Study of Things Number {i} with $x^{{2}}$ Math](https://arxiv.org/abs/{:04}.{:05})\n\
         *Alice Author,Bob Builder,Carol Coder*\n\n\
         Main category: cs.CL\n\n\
         TL;DR: We show that **things** work, see https://github.com/a/b and [code](https://example.org).\n\n\
         <details>\n  <summary>Details</summary>\n\
         Motivation: Existing methods for things are slow and brittle.\n\n\
         Method: We propose a method\nwrapped over lines with `code` and $\\mathcal{{O}}(n)$ cost.\n\n\
         Abstract: Large language models are used for many tasks. We study things in depth,\n\
         with experiments on twelve benchmarks and ablations of every part of the method.\n\
         Results improve by 3.2 points on average; code and data are released.\n\n</details>\n\n",
        1000 + i / 100_000,
        i % 100_000
    )
}

fn digest_of(bytes: usize) -> String {
    let mut s = String::from("# cs.CL [[Back]](#toc)\n\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&paper_block(i));
        i += 1;
    }
    s
}

fn one_paper_with(field: &str) -> String {
    format!(
        "### [1] [A title](https://arxiv.org/abs/2506.00001)\n*A*\n\nTL;DR: {field}\n\nAbstract: fine.\n"
    )
}

#[test]
fn a_huge_digest_is_linear() {
    // 10 MB here (debug builds); the 50 MB file goes through the release binary, see the
    // README's "Hostile input and limits".
    assert_linear("digest", 10_000_000, &digest_of);
}

#[test]
fn a_one_megabyte_line_is_linear_in_every_shape() {
    const MB: usize = 1 << 20;
    let shapes: [(&str, &str); 10] = [
        ("words", "word "),
        ("link openers", "]("),
        ("broken links", "[a](b "),
        ("brackets", "["),
        ("emphasis", "*_"),
        ("bold labels", "**a**: "),
        ("dollars", "$"),
        ("backticks", "`"),
        ("html", "<a "),
        ("urls", "https://x.org/"),
    ];
    for (name, unit) in shapes {
        let make = |n: usize| one_paper_with(&unit.repeat(n / unit.len()));
        assert_linear(&format!("1 MB line of {name}"), MB, &make);
        // The same line as a paper's title.
        let title = |n: usize| {
            format!(
                "### [1] [{}](https://arxiv.org/abs/2506.00001)\n*A*\n\nTL;DR: ok\n",
                unit.repeat(n / unit.len()).replace(']', ")")
            )
        };
        assert_linear(&format!("1 MB title of {name}"), MB, &title);
    }
}

#[test]
fn a_hundred_thousand_headings_are_linear() {
    let make = |n: usize| {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!(
                "### [{i}] [Paper {i}](https://arxiv.org/abs/2501.{i:05})\nTL;DR: t\n"
            ));
        }
        s
    };
    assert_linear("headings", 100_000, &make);
    // Category sections: a new section before every paper.
    let sections = |n: usize| {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!(
                "# cs.CL\n## hep-th\n### [{i}] [P](https://arxiv.org/abs/2501.{i:05})\n"
            ));
        }
        s
    };
    assert_linear("sections", 100_000, &sections);
    // A file of neither format: every arXiv link is a paper.
    let generic = |n: usize| {
        (0..n)
            .map(|i| format!("- [Paper {i}](https://arxiv.org/abs/2501.{i:05}) and arxiv.org/abs/2502.{i:05}\n"))
            .collect::<String>()
    };
    assert_linear("links of an unknown format", 100_000, &generic);
}

#[test]
fn ten_thousand_nested_list_levels_are_linear() {
    for (name, unit) in [
        ("bullets", "- "),
        ("numbers", "1. "),
        ("mixed", "* 1) "),
        ("quotes in a list", "- > "),
    ] {
        let make = |n: usize| one_paper_with(&format!("{}deep", unit.repeat(n)));
        assert_linear(&format!("10,000 nested {name}"), 10_000, &make);
    }
    // Indented nesting, as a Markdown renderer sees it: line i indented 2i spaces.
    let indented = |n: usize| {
        let mut md = String::new();
        for i in 0..n {
            md.push_str(&" ".repeat(2 * (i % 200)));
            md.push_str("- item\n");
        }
        md
    };
    for n in [1_000, 10_000] {
        let md = indented(n);
        let t = Instant::now();
        let html = markdown::block(&md);
        assert!(html.contains("<li>"), "{n}");
        eprintln!("{n} indented items: {:?}", t.elapsed());
    }
}

/// Peak resident memory of a child process, in KiB.
#[cfg(target_os = "linux")]
#[allow(clippy::zombie_processes)] // wait4 below reaps the child, with its resource usage
fn run_measured(dir: &Path, args: &[&str]) -> (std::process::ExitStatus, i64) {
    use std::os::unix::process::ExitStatusExt;
    let child = std::process::Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run paperpress");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with pointers to live locals.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    (std::process::ExitStatus::from_raw(status), usage.ru_maxrss)
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_site_builds_in_bounded_memory() {
    // 3 MB of digest (about 4,300 papers) and every hostile size in one file, through the
    // real binary: its peak memory stays within a small multiple of the input.
    let mut text = digest_of(3_000_000);
    text.push_str(&one_paper_with(&"- ".repeat(10_000)).replace("2506.00001", "2506.99999"));
    text.push_str(&one_paper_with(&"word ".repeat(200_000)).replace("2506.00001", "2506.99998"));
    let dir = scratch();
    site(dir.path(), &[("2025/06/2025-06-27.md", &text)]);
    let t = Instant::now();
    let (status, kib) = run_measured(dir.path(), &["build"]);
    let mib = kib / 1024;
    eprintln!(
        "build of {} bytes: {:?}, peak {mib} MiB",
        text.len(),
        t.elapsed()
    );
    assert!(status.success());
    assert!(mib < 400, "peak memory {mib} MiB for a 4 MB digest");
    assert!(dir.path().join("public/papers/2506.99999.html").is_file());
}
