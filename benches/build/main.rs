//! The build benchmark. `cargo bench --bench build` measures full builds, rebuilds, the
//! floor and Hugo at 1,800 / 21,900 / 100,000 papers; `-- --sizes 1800` runs the smallest
//! only; `-- --help` lists the options. Progress goes to stderr, the tables to stdout.

mod corpus;
mod hugo;
mod measure;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::str::FromStr;

use anyhow::{Context as _, Result, anyhow, bail};
use clap::{Parser, ValueEnum};

use measure::{Diff, Run, Snapshot, median};

/// The file paperpress keeps in its output folder; bookkeeping, not part of the site.
const MARKER: &str = ".paperpress";

#[derive(Parser)]
#[command(
    name = "build",
    bin_name = "cargo bench --bench build --",
    about = "Builds synthetic digest corpora with the release binary (and Hugo where installed) \
             and prints medians of wall time, CPU time, peak memory, output size and rebuilds."
)]
struct Args {
    /// Corpus sizes in papers: 1800 (30 days x 60), 21900 (365 x 60), 100000 (1000 x 100),
    /// 1000000 (3300 x 300: 990,000 papers, ten years of a large digest; with --no-hugo and
    /// --runs 1, and about 25 GB free), or DAYSxPAPERS.
    #[arg(long, value_delimiter = ',', default_value = "1800,21900,100000")]
    sizes: Vec<Size>,
    /// Measured builds of each kind per size; the tables show medians.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Skip Hugo even where it is installed.
    #[arg(long)]
    no_hugo: bool,
    /// The corpus generator: gen_corpus.py where ../shared/bench exists, else the Rust one.
    #[arg(long, value_enum, default_value_t = GenChoice::Auto)]
    generator: GenChoice,
    /// The paperpress binary to measure [default: the release binary cargo built for this bench].
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Work folder; corpora are cached there between runs [default: target/tmp/paperpress-bench].
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Keep the built sites in the work folder (they are removed at the end otherwise).
    #[arg(long)]
    keep: bool,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Size {
    days: usize,
    papers: usize,
}

impl Size {
    fn total(self) -> usize {
        self.days * self.papers
    }
}

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Size, String> {
        let (days, papers) = match s.trim() {
            "1800" => (30, 60),
            "21900" => (365, 60),
            "100000" => (1000, 100),
            "1000000" => (3300, 300),
            other => {
                let parsed = other
                    .split_once('x')
                    .and_then(|(d, p)| Some((d.parse().ok()?, p.parse().ok()?)));
                match parsed {
                    Some((d, p)) if d > 0 && p > 0 => (d, p),
                    _ => {
                        return Err(format!(
                            "{other:?}: expected 1800, 21900, 100000, 1000000 or DAYSxPAPERS (like 30x60)"
                        ));
                    }
                }
            }
        };
        Ok(Size { days, papers })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GenChoice {
    Auto,
    Py,
    Rust,
}

/// The corpus generator in use.
enum Generator {
    /// ../shared/bench: gen_corpus.py, to_hugo.py and the seeds they read.
    Python { bench: PathBuf, seeds: PathBuf },
    /// benches/build/corpus.rs and hugo.rs.
    Rust,
}

impl Generator {
    fn choose(choice: GenChoice) -> Result<Generator> {
        let shared = std::env::var_os("PAPERPRESS_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
        let bench = shared.join("bench");
        let usable = bench.join("gen_corpus.py").is_file()
            && Command::new("python3")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success());
        match (choice, usable) {
            (GenChoice::Rust, _) | (GenChoice::Auto, false) => Ok(Generator::Rust),
            (_, true) => Ok(Generator::Python {
                bench,
                seeds: shared.join("seeds"),
            }),
            (GenChoice::Py, false) => bail!(
                "--generator py needs python3 and {}",
                bench.join("gen_corpus.py").display()
            ),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Generator::Python { .. } => "py",
            Generator::Rust => "rust",
        }
    }

    fn describe(&self) -> String {
        match self {
            Generator::Python { bench, .. } => {
                format!("gen_corpus.py and to_hugo.py of {}", bench.display())
            }
            Generator::Rust => format!(
                "the Rust generator (benches/build/corpus.rs v{})",
                corpus::VERSION
            ),
        }
    }

    /// Identifies what the generator would write, so a cached corpus is only reused when
    /// it would be written the same.
    fn stamp(&self, size: Size) -> Result<String> {
        let code = match self {
            Generator::Python { bench, seeds } => {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                for name in ["gen_corpus.py", "to_hugo.py", "sitecommon.py"] {
                    hasher.update(&fs::read(bench.join(name)).unwrap_or_default());
                }
                let mut seed_files = measure::files(seeds)?;
                seed_files.sort();
                for f in seed_files {
                    hasher.update(f.to_string_lossy().as_bytes());
                    hasher.update(&fs::read(seeds.join(f))?);
                }
                format!("{:016x}", hasher.digest())
            }
            Generator::Rust => format!("v{}", corpus::VERSION),
        };
        Ok(format!(
            "{} {code} {}x{}\n",
            self.name(),
            size.days,
            size.papers
        ))
    }

    /// Writes days 1..=`days` of the corpus into `content`.
    fn write_corpus(&self, content: &Path, days: usize, papers: usize) -> Result<()> {
        match self {
            Generator::Python { bench, seeds } => {
                let mut cmd = Command::new("python3");
                cmd.arg(bench.join("gen_corpus.py"))
                    .args(["--days", &days.to_string(), "--papers", &papers.to_string()])
                    .arg("--seeds")
                    .arg(seeds)
                    .arg("--out")
                    .arg(content);
                let out = cmd.output().context("cannot run python3")?;
                if !out.status.success() {
                    bail!(
                        "gen_corpus.py failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            }
            Generator::Rust => {
                corpus::write(content, days, papers)?;
            }
        }
        Ok(())
    }

    /// Writes the Hugo site of `corpus` (days 1..=`size.days`) into `site`.
    fn write_hugo(&self, corpus: &Corpus, site: &Path, size: Size) -> Result<()> {
        match self {
            Generator::Python { bench, .. } => {
                let out = Command::new("python3")
                    .arg(bench.join("to_hugo.py"))
                    .arg(corpus.root.join("content"))
                    .arg(site)
                    .output()
                    .context("cannot run python3")?;
                if !out.status.success() {
                    bail!(
                        "to_hugo.py failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            }
            Generator::Rust => {
                if site.exists() {
                    fs::remove_dir_all(site)?;
                }
                hugo::write_site(site, size.days, size.papers)?;
            }
        }
        Ok(())
    }
}

/// A generated site folder (site.toml, content/) for one size, cached in the work folder.
struct Corpus {
    root: PathBuf,
    /// Day `days + 1`'s file, kept outside content/ for the one-more-day rebuild.
    next_day: PathBuf,
    /// Where that file goes inside content/.
    next_day_dest: PathBuf,
    bytes: u64,
}

const SITE_TOML: &str = "title = \"Benchmark Digest\"\nbase_url = \"https://example.org/\"\n";

fn prepare_corpus(work: &Path, generator: &Generator, size: Size) -> Result<Corpus> {
    let root = work.join(format!(
        "corpus-{}-{}x{}",
        generator.name(),
        size.days,
        size.papers
    ));
    let content = root.join("content");
    let next_day = root.join("next-day.md");
    let next_day_dest = content.join(corpus::day_path(size.days));
    let stamp = generator.stamp(size)?;
    let stamp_path = root.join("stamp.txt");
    if fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        // An interrupted run may have left the extra day in place.
        if next_day_dest.exists() {
            fs::remove_file(&next_day_dest)?;
        }
    } else {
        if root.exists() {
            fs::remove_dir_all(&root)
                .with_context(|| format!("cannot remove {}", root.display()))?;
        }
        fs::create_dir_all(&content)?;
        eprintln!(
            "[{}x{}] generating the corpus with {}",
            size.days,
            size.papers,
            generator.describe()
        );
        // Days 1..=D+1 in one go (D+1 reproduces days 1..=D), then day D+1 set aside.
        generator.write_corpus(&content, size.days + 1, size.papers)?;
        fs::rename(&next_day_dest, &next_day)
            .with_context(|| format!("the generator wrote no {}", next_day_dest.display()))?;
        fs::write(root.join("site.toml"), SITE_TOML)?;
        fs::write(&stamp_path, &stamp)?;
    }
    let (files, bytes) = measure::tree_size(&content)?;
    if files != size.days {
        bail!(
            "{} holds {files} files, expected {}",
            content.display(),
            size.days
        );
    }
    Ok(Corpus {
        root,
        next_day,
        next_day_dest,
        bytes,
    })
}

/// The figures paperpress prints on its summary line.
#[derive(Debug, Default, Clone, Copy)]
struct Summary {
    days: usize,
    papers: usize,
    written: usize,
}

impl Summary {
    /// Reads `built N files, D days, P papers, ... (R rendered; W files written, U unchanged,
    /// X removed) in T s`.
    fn parse(stdout: &str) -> Option<Summary> {
        let line = stdout.lines().find(|l| l.starts_with("built "))?;
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || ",()".contains(c))
            .filter(|w| !w.is_empty())
            .collect();
        let number_before = |name: &str| -> Option<usize> {
            words
                .windows(2)
                .find(|w| w[1] == name)
                .and_then(|w| w[0].parse().ok())
        };
        Some(Summary {
            days: number_before("days")?,
            papers: number_before("papers")?,
            written: words
                .windows(3)
                .find(|w| w[1] == "files" && w[2] == "written")
                .and_then(|w| w[0].parse().ok())?,
        })
    }
}

/// Puts day D+1 into content/ and takes it out again when dropped.
struct NextDay<'a>(&'a Corpus);

impl<'a> NextDay<'a> {
    fn add(corpus: &'a Corpus) -> Result<NextDay<'a>> {
        fs::copy(&corpus.next_day, &corpus.next_day_dest)?;
        Ok(NextDay(corpus))
    }
}

impl Drop for NextDay<'_> {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0.next_day_dest);
    }
}

/// Hugo's figures for one size.
struct HugoRow {
    runs: Vec<Run>,
    files: usize,
}

/// Everything measured at one size.
struct Row {
    size: Size,
    input_bytes: u64,
    full: Vec<Run>,
    out_files: usize,
    out_bytes: u64,
    /// Files and bytes of each top-level folder of the output.
    folders: Vec<(String, usize, u64)>,
    unchanged: Vec<Run>,
    unchanged_written: usize,
    unchanged_diff: Diff,
    next_day: Vec<Run>,
    next_day_written: usize,
    next_day_diff: Diff,
    floor: Vec<f64>,
    hugo: Option<HugoRow>,
}

/// A phase timing line of `build --verbose`: `related papers: 812 ms`.
fn phase(line: &str) -> Option<(&str, f64)> {
    let (name, ms) = line.split_once(": ")?;
    let ms: f64 = ms.strip_suffix(" ms")?.parse().ok()?;
    name.chars()
        .all(|c| c.is_ascii_lowercase() || " ,()".contains(c))
        .then_some((name, ms / 1000.0))
}

/// The median time of phase `name` over `runs`, in seconds.
fn phase_secs(runs: &[Run], name: &str) -> Option<f64> {
    median(runs.iter().filter_map(|r| {
        r.stderr
            .lines()
            .filter_map(phase)
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
    }))
}

fn describe(run: &Run) -> String {
    let mut s = format!("{:.2} s wall", run.wall);
    if let Some(u) = run.usage {
        let _ = write!(
            s,
            ", {:.2} s CPU ({:.2} s system), {:.0} MiB peak",
            u.cpu, u.sys, u.peak_mib
        );
    }
    s
}

/// One size's corpus and scratch folders, and how many runs of each kind.
struct Sized<'a> {
    bin: &'a Path,
    corpus: Corpus,
    size: Size,
    runs: usize,
    /// This size's scratch folder: the built sites, the floor's copy, the logs.
    scratch: PathBuf,
}

impl Sized<'_> {
    /// The site of the last full build, which the rebuilds start from.
    fn out(&self) -> PathBuf {
        self.fresh("paperpress", self.runs)
    }

    /// Run `i`'s own output folder. Every run writes into a new folder and nothing is removed
    /// until the size is done: on ext4, files created just after many were deleted are slow
    /// to allocate (the allocator skips inodes freed moments ago), which would charge one
    /// run for the clean-up of the one before.
    fn fresh(&self, what: &str, i: usize) -> PathBuf {
        self.scratch.join(format!("{what}-{i}"))
    }

    fn note(&self, what: &str) {
        eprintln!("[{}x{}] {what}", self.size.days, self.size.papers);
    }

    /// A paperpress build of `days` days, checked: it succeeds, prints no diagnostic and
    /// has every paper.
    fn build(&self, days: usize, out: &Path) -> Result<(Run, Summary)> {
        let mut cmd = Command::new(self.bin);
        // --verbose for the phase timings (on stderr): related papers, trends and the others.
        cmd.arg("build")
            .arg("--verbose")
            .arg("--root")
            .arg(&self.corpus.root)
            .arg("--output")
            .arg(out);
        let run = measure::run(&mut cmd, &self.scratch.join("logs"))?;
        let summary = Summary::parse(&run.stdout)
            .ok_or_else(|| anyhow!("no summary line in the output of {cmd:?}:\n{}", run.stdout))?;
        // Past 800 MB the build warns about the size: a figure of the site, not a problem of
        // the corpus.
        let problems: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| {
                !l.trim().is_empty()
                    && !l.starts_with("warning: the site is ")
                    && !l.starts_with("math: ")
                    && phase(l).is_none()
            })
            .collect();
        if !problems.is_empty() {
            bail!(
                "the build printed diagnostics on the generated corpus:\n{}",
                run.stderr
            );
        }
        let papers = days * self.size.papers;
        if (summary.days, summary.papers) != (days, papers) {
            bail!(
                "built {} days and {} papers, expected {days} and {papers}",
                summary.days,
                summary.papers
            );
        }
        Ok((run, summary))
    }

    /// Builds from nothing, `runs` times; with Hugo's site, if given, built after each
    /// (alternating, so that a change in the disk's state between runs weighs on both).
    fn full(&self, hugo: Option<&Path>) -> Result<(Vec<Run>, Option<HugoRow>)> {
        let (mut runs, mut hugo_runs) = (Vec::new(), Vec::new());
        for i in 1..=self.runs {
            let (run, _) = self.build(self.size.days, &self.fresh("paperpress", i))?;
            self.note(&format!("full build {i}/{}: {}", self.runs, describe(&run)));
            runs.push(run);
            if let Some(site) = hugo {
                let run = self.hugo(site, i)?;
                self.note(&format!("Hugo {i}/{}: {}", self.runs, describe(&run)));
                hugo_runs.push(run);
            }
        }
        let hugo = match hugo {
            Some(_) => {
                let (files, _) = measure::tree_size(&self.fresh("hugo", self.runs))?;
                Some(HugoRow {
                    runs: hugo_runs,
                    files,
                })
            }
            None => None,
        };
        Ok((runs, hugo))
    }

    /// Rebuilds with nothing changed; the most files any run said it wrote, and what the
    /// output folder shows.
    fn unchanged(&self) -> Result<(Vec<Run>, usize, Diff)> {
        let before = Snapshot::take(&self.out(), MARKER)?;
        let (mut runs, mut written) = (Vec::new(), 0);
        for i in 1..=self.runs {
            let (run, summary) = self.build(self.size.days, &self.out())?;
            self.note(&format!(
                "unchanged rebuild {i}/{}: {}, {} written",
                self.runs,
                describe(&run),
                summary.written
            ));
            written = written.max(summary.written);
            runs.push(run);
        }
        Ok((
            runs,
            written,
            before.diff(&Snapshot::take(&self.out(), MARKER)?),
        ))
    }

    /// Adds day D+1 and rebuilds, `runs` times, going back to D days (unmeasured) after
    /// each; the files the first run wrote by its own count, and what the folder shows.
    fn next_day(&self) -> Result<(Vec<Run>, usize, Diff)> {
        let (mut runs, mut written, mut diff) = (Vec::new(), 0, Diff::default());
        for i in 1..=self.runs {
            let before = (i == 1)
                .then(|| Snapshot::take(&self.out(), MARKER))
                .transpose()?;
            let added = NextDay::add(&self.corpus)?;
            let (run, summary) = self.build(self.size.days + 1, &self.out())?;
            self.note(&format!(
                "one more day {i}/{}: {}, {} written",
                self.runs,
                describe(&run),
                summary.written
            ));
            if let Some(before) = before {
                written = summary.written;
                diff = before.diff(&Snapshot::take(&self.out(), MARKER)?);
            }
            runs.push(run);
            drop(added);
            self.build(self.size.days, &self.out())?;
        }
        Ok((runs, written, diff))
    }

    /// Reads the input and copies paperpress's output tree, `runs` times.
    fn floor(&self) -> Result<Vec<f64>> {
        let mut secs = Vec::new();
        for i in 1..=self.runs {
            let s = measure::floor(
                &self.corpus.root.join("content"),
                &self.out(),
                &self.fresh("floor", i),
                &self.scratch.join("logs"),
            )?;
            self.note(&format!("floor {i}/{}: {s:.2} s", self.runs));
            secs.push(s);
        }
        Ok(secs)
    }

    /// The Hugo site of the same corpus, written if the one there is not of this corpus.
    fn hugo_site(&self, generator: &Generator) -> Result<PathBuf> {
        let site = self.corpus.root.join("hugo-site");
        let stamp = site.join("stamp.txt");
        let want = generator.stamp(self.size)?;
        if fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
            self.note("writing the Hugo site");
            generator.write_hugo(&self.corpus, &site, self.size)?;
            fs::write(&stamp, &want)?;
        }
        Ok(site)
    }

    /// Builds Hugo's `site` into a fresh folder: run `i`.
    fn hugo(&self, site: &Path, i: usize) -> Result<Run> {
        let mut cmd = Command::new("hugo");
        cmd.arg("--source")
            .arg(site)
            .arg("--destination")
            .arg(self.fresh("hugo", i))
            .arg("--quiet");
        measure::run(&mut cmd, &self.scratch.join("logs"))
    }
}

fn measure_size(
    args: &Args,
    bin: &Path,
    work: &Path,
    generator: &Generator,
    hugo: bool,
    size: Size,
) -> Result<Row> {
    let s = Sized {
        bin,
        corpus: prepare_corpus(work, generator, size)?,
        size,
        runs: args.runs as usize,
        scratch: work.join(format!("out-{}x{}", size.days, size.papers)),
    };
    fs::create_dir_all(&s.scratch)?;
    let hugo_site = hugo.then(|| s.hugo_site(generator)).transpose()?;
    let (full, hugo) = s.full(hugo_site.as_deref())?;
    let (out_files, out_bytes) = measure::tree_size(&s.out())?;
    let folders = measure::folder_sizes(&s.out(), MARKER)?;
    let (unchanged, unchanged_written, unchanged_diff) = s.unchanged()?;
    let (next_day, next_day_written, next_day_diff) = s.next_day()?;
    let floor = s.floor()?;
    Ok(Row {
        size,
        input_bytes: s.corpus.bytes,
        full,
        out_files,
        out_bytes,
        folders,
        unchanged,
        unchanged_written,
        unchanged_diff,
        next_day,
        next_day_written,
        next_day_diff,
        floor,
        hugo,
    })
}

fn remove(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", dir.display()))
        }
        _ => Ok(()),
    }
}

fn wall(runs: &[Run]) -> f64 {
    median(runs.iter().map(|r| r.wall)).unwrap_or(f64::NAN)
}

/// The median of one figure of the runs' resource usage.
fn usage(runs: &[Run], figure: fn(&measure::Usage) -> f64) -> Option<f64> {
    runs.iter()
        .map(|r| r.usage.as_ref().map(figure))
        .collect::<Option<Vec<_>>>()
        .and_then(median)
}

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.decimals$}"))
}

fn mib(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| thousands(x.round() as usize))
}

/// 12345 as "12,345".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn tables(rows: &[Row]) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "### Full build (paperpress)\n");
    let _ = writeln!(
        t,
        "| corpus | papers | input MB | wall s | CPU s | system s | peak MiB | s / 1k papers | output files | output MB | bytes / paper |"
    );
    let _ = writeln!(t, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let papers = r.size.total();
        let _ = writeln!(
            t,
            "| {} x {} | {} | {:.1} | {:.2} | {} | {} | {} | {:.3} | {} | {:.1} | {} |",
            r.size.days,
            r.size.papers,
            thousands(papers),
            r.input_bytes as f64 / 1e6,
            wall(&r.full),
            opt(usage(&r.full, |u| u.cpu), 2),
            opt(usage(&r.full, |u| u.sys), 2),
            mib(usage(&r.full, |u| u.peak_mib)),
            wall(&r.full) * 1000.0 / papers as f64,
            thousands(r.out_files),
            r.out_bytes as f64 / 1e6,
            thousands((r.out_bytes / papers as u64) as usize),
        );
    }

    folder_table(&mut t, rows);

    let _ = writeln!(t, "\n### Phases of the full build (`build --verbose`)\n");
    let _ = writeln!(
        t,
        "| papers | content s | index s | related papers s | related / full build | search index s | pages s |"
    );
    let _ = writeln!(t, "|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let at = |name| phase_secs(&r.full, name);
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {} |",
            thousands(r.size.total()),
            opt(at("content"), 2),
            opt(at("index"), 2),
            opt(at("related papers"), 2),
            opt(at("related papers").map(|s| s / wall(&r.full)), 3),
            opt(at("search index"), 2),
            opt(at("pages"), 2),
        );
    }

    // The stats page's rising words and charts: rendered in a full build and after a new
    // day, not in a rebuild with nothing changed.
    let _ = writeln!(t, "\n### Trends phase (the stats page)\n");
    let _ = writeln!(
        t,
        "| papers | full build: trends ms | of the build's wall % | one more day: trends ms |"
    );
    let _ = writeln!(t, "|---:|---:|---:|---:|");
    for r in rows {
        let full = phase_secs(&r.full, "trends").map(|s| s * 1000.0);
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} |",
            thousands(r.size.total()),
            opt(full, 0),
            opt(full.map(|ms| ms / 10.0 / wall(&r.full)), 1),
            opt(phase_secs(&r.next_day, "trends").map(|s| s * 1000.0), 0),
        );
    }

    let _ = writeln!(t, "\n### Against the floor and Hugo\n");
    let _ = writeln!(
        t,
        "| papers | paperpress s | floor s | paperpress / floor | Hugo s | Hugo CPU s | Hugo peak MiB | Hugo files | paperpress / Hugo |"
    );
    let _ = writeln!(t, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let pp = wall(&r.full);
        let floor = median(r.floor.iter().copied()).unwrap_or(f64::NAN);
        let hugo = match &r.hugo {
            Some(h) => format!(
                "{:.2} | {} | {} | {} | {:.2}",
                wall(&h.runs),
                opt(usage(&h.runs, |u| u.cpu), 2),
                mib(usage(&h.runs, |u| u.peak_mib)),
                thousands(h.files),
                pp / wall(&h.runs)
            ),
            None => "n/a | n/a | n/a | n/a | n/a".to_string(),
        };
        let _ = writeln!(
            t,
            "| {} | {pp:.2} | {floor:.2} | {:.1} | {hugo} |",
            thousands(r.size.total()),
            pp / floor
        );
    }

    let _ = writeln!(t, "\n### Rebuilds\n");
    let _ = writeln!(
        t,
        "| papers | full s | unchanged s | unchanged / full | written | touched | one more day s | one more day / full | written | changed | changed MB | rewritten, same bytes |"
    );
    let _ = writeln!(
        t,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let full = wall(&r.full);
        let (un, day) = (wall(&r.unchanged), wall(&r.next_day));
        let d = r.unchanged_diff;
        let n = r.next_day_diff;
        let _ = writeln!(
            t,
            "| {} | {full:.2} | {un:.2} | {:.2} | {} | {} | {day:.2} | {:.2} | {} | {} | {:.1} | {} |",
            thousands(r.size.total()),
            un / full,
            r.unchanged_written,
            d.changed + d.rewritten_same,
            day / full,
            thousands(r.next_day_written),
            thousands(n.changed),
            n.changed_bytes as f64 / 1e6,
            thousands(n.rewritten_same),
        );
    }

    let _ = writeln!(t, "\nTargets:\n");
    // The target is the published site's at 100,000 papers; a smaller site shares its
    // assets and index among fewer papers.
    for r in rows.iter().filter(|r| r.size.total() >= 100_000) {
        let n = r.next_day_diff;
        let _ = writeln!(
            t,
            "- {} papers, one more day changes at most 1,000 files and 20 MB: {} ({} files, {:.1} MB)",
            thousands(r.size.total()),
            met(n.changed <= 1_000 && n.changed_bytes <= 20_000_000),
            thousands(n.changed),
            n.changed_bytes as f64 / 1e6
        );
        let per_paper = r.out_bytes / r.size.total() as u64;
        let _ = writeln!(
            t,
            "- {} papers, at most {} bytes per paper, everything included: {} ({})",
            thousands(r.size.total()),
            thousands(BYTES_PER_PAPER as usize),
            met(per_paper <= BYTES_PER_PAPER),
            thousands(per_paper as usize)
        );
    }
    speed_and_memory_targets(&mut t, rows);
    for r in rows {
        let full = wall(&r.full);
        let un = wall(&r.unchanged);
        let d = r.unchanged_diff;
        let ok = un <= full / 3.0 && r.unchanged_written == 0 && d.changed + d.rewritten_same == 0;
        let _ = writeln!(
            t,
            "- {} papers, unchanged rebuild writes no file and takes at most 1/3 of a full build: {} ({:.2} of a full build)",
            thousands(r.size.total()),
            met(ok),
            un / full
        );
        let n = r.next_day_diff;
        let _ = writeln!(
            t,
            "- {} papers, one more day writes only the files whose bytes change: {} ({} written, {} changed, {} rewritten with the same bytes)",
            thousands(r.size.total()),
            met(n.rewritten_same == 0 && r.next_day_written == n.changed),
            thousands(r.next_day_written),
            thousands(n.changed),
            thousands(n.rewritten_same)
        );
    }
    t
}

/// The targets of issue 13 for time and memory: a quarter of Hugo's time at 21,900 and
/// 100,000 papers, under 600 MiB at 100,000, and a million papers (990,000 and more) within
/// 4 GiB and 12 times the 100,000-paper build.
fn speed_and_memory_targets(t: &mut String, rows: &[Row]) {
    for r in rows {
        let papers = r.size.total();
        let full = wall(&r.full);
        if let Some(h) = r.hugo.as_ref().filter(|_| papers >= 21_900) {
            let ratio = full / wall(&h.runs);
            let _ = writeln!(
                t,
                "- {} papers, full build at most 1/4 of Hugo's time: {} ({ratio:.2})",
                thousands(papers),
                met(ratio <= 0.25)
            );
        }
        let peak = usage(&r.full, |u| u.peak_mib);
        let limit = match papers {
            100_000 => Some(600.0),
            p if p >= 990_000 => Some(4096.0),
            _ => None,
        };
        if let (Some(peak), Some(limit)) = (peak, limit) {
            let _ = writeln!(
                t,
                "- {} papers, peak memory under {limit:.0} MiB: {} ({peak:.0} MiB)",
                thousands(papers),
                met(peak < limit)
            );
        }
        let base = rows.iter().find(|b| b.size.total() == 100_000);
        if let Some(base) = base.filter(|_| papers >= 990_000) {
            let times = full / wall(&base.full);
            let _ = writeln!(
                t,
                "- {} papers, full build at most 12 times the 100,000-paper build: {} ({times:.1} times)",
                thousands(papers),
                met(times <= 12.0)
            );
        }
    }
}

/// The published site's target size per paper (issue 13: a year of the largest digests
/// within GitHub Pages' 1 GB).
const BYTES_PER_PAPER: u64 = 6_000;

/// Bytes per paper of each top-level folder of the output.
fn folder_table(t: &mut String, rows: &[Row]) {
    let _ = writeln!(t, "\n### Output by top-level folder\n");
    let _ = writeln!(t, "| papers | folder | files | MB | bytes / paper |");
    let _ = writeln!(t, "|---:|---|---:|---:|---:|");
    for r in rows {
        let papers = r.size.total() as u64;
        for (name, files, bytes) in &r.folders {
            let _ = writeln!(
                t,
                "| {} | {name} | {} | {:.1} | {} |",
                thousands(papers as usize),
                thousands(*files),
                *bytes as f64 / 1e6,
                thousands((bytes / papers) as usize)
            );
        }
    }
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "missed" }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<()> {
    let bin = args
        .bin
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_paperpress")));
    if !bin.is_file() {
        bail!("no paperpress binary at {}", bin.display());
    }
    let work = args
        .dir
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("paperpress-bench"));
    fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let work = work.canonicalize()?;
    let generator = Generator::choose(args.generator)?;
    let hugo_version = if args.no_hugo {
        None
    } else {
        Command::new("hugo")
            .arg("version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };

    let mut header = String::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(header, "- binary: {}", bin.display());
    let _ = writeln!(header, "- corpus: {}", generator.describe());
    let _ = writeln!(
        header,
        "- Hugo: {}",
        hugo_version
            .as_deref()
            .unwrap_or("not run (not installed, or --no-hugo)")
    );
    let _ = writeln!(
        header,
        "- machine: {cores} cores, {} {}; medians of {} runs; whole-process wall time",
        std::env::consts::OS,
        std::env::consts::ARCH,
        args.runs
    );
    eprint!("{header}");

    // Built sites of an earlier run are moved aside and removed only at the end, after the
    // measurements (see `Sized::fresh`).
    let scratch = |size: Size| work.join(format!("out-{}x{}", size.days, size.papers));
    let trash = work.join("trash");
    for &size in &args.sizes {
        if scratch(size).exists() {
            let aside = trash.join(format!("{}-{}", size.days, std::process::id()));
            fs::create_dir_all(&trash)?;
            fs::rename(scratch(size), &aside)
                .with_context(|| format!("cannot move {} aside", scratch(size).display()))?;
        }
    }
    let mut rows = Vec::new();
    for &size in &args.sizes {
        rows.push(measure_size(
            args,
            &bin,
            &work,
            &generator,
            hugo_version.is_some(),
            size,
        )?);
    }
    let report = format!("{header}\n{}", tables(&rows));
    println!("\n{report}");
    let saved = work.join("results.md");
    fs::write(&saved, &report).with_context(|| format!("cannot write {}", saved.display()))?;
    eprintln!("(also written to {})", saved.display());
    eprintln!("removing the built sites");
    remove(&trash)?;
    if !args.keep {
        for &size in &args.sizes {
            remove(&scratch(size))?;
        }
    }
    Ok(())
}
