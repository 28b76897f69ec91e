//! The `paperpress` command line.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use paperpress::add::{self, AddOptions};
use paperpress::build;
use paperpress::progress::Progress;
use paperpress::render::math::MathStats;
use paperpress::report::{self, Report};
use paperpress::site_dir::SiteDir;
use paperpress::{check, scaffold, serve, size};

#[derive(Parser)]
#[command(
    name = "paperpress",
    version,
    about = "Turns daily arXiv digest files into a fast static website.",
    after_help = "Examples:\n  paperpress new my-digest && cd my-digest\n  paperpress serve --open\n  paperpress add ~/digests/2025-06-27.md\n  paperpress check --strict\n  paperpress build"
)]
struct Cli {
    #[command(flatten)]
    output: Output,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Output {
    /// Print only problems: no summaries, no progress.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: phase timings and details.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    #[command(
        after_help = "Reads every .md, .markdown and .jsonl file below the content folder (content/, or \
content_dir of site.toml, or --content). After its summary it \
says what became of the content's lines: shown on papers' pages, shown as unlabelled text, \
dropped as structure, outside any paper or lost (--verbose: every file, by line \
number).\n\nExample:\n  paperpress build --base-url https://me.github.io/digest/"
    )]
    Build {
        /// The site folder (with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The folder of digest files [default: content_dir of site.toml, else ROOT/content].
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Overrides base_url of site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Print the build's figures as one JSON object on stdout instead of the summary
        /// (problems still go to stderr).
        #[arg(long)]
        json: bool,
    },
    /// Preview the site: build it, serve it, rebuild and reload open pages on every change.
    #[command(
        after_help = "The site is built into a private temporary folder (never public/) and served at the \
root of http://INTERFACE:PORT/. Changes to the content folder (content/, content_dir of site.toml \
or --content), templates/, static/ and site.toml rebuild \
only what they touch, and every open page reloads by itself.\n\nExample:\n  paperpress serve --port 8080 --open"
    )]
    Serve {
        /// The site folder (with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The folder of digest files [default: content_dir of site.toml, else ROOT/content].
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but a loopback address lets other machines read
        /// the preview.
        #[arg(long, default_value = "127.0.0.1")]
        interface: IpAddr,
        /// Open the site in a browser once it is served.
        #[arg(long)]
        open: bool,
    },
    /// Add one digest file to the content folder (content/, or content_dir of site.toml) as
    /// YYYY/MM/YYYY-MM-DD.md (.jsonl for JSON Lines).
    #[command(
        after_help = "The file is parsed first: if it has errors, nothing is written. Its day comes from \
--date, else its front matter, else its name. An existing day is never replaced without \
--force; with --force the old file is kept as YYYY-MM-DD.md.bak-N beside the new one (not a \
digest, so not on the site). A day's .jsonl goes in beside its .md: the two forms merge.\n\n\
Examples:\n  paperpress add ~/digests/2025-06-27.md\n  \
paperpress add data/2025-06-27_AI_enhanced_English.jsonl\n  \
my-pipeline | paperpress add - --date 2025-06-27 --category cs.CL"
    )]
    Add {
        /// The digest file; `-` reads standard input.
        file: PathBuf,
        /// The site folder (with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The day the digest belongs to.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        /// The arXiv category of papers that name none (written to the file's front matter).
        #[arg(long, value_name = "CODE")]
        category: Option<String>,
        /// Replace the day's existing file (kept as .bak-N), or add a second file to a day.
        #[arg(long)]
        force: bool,
    },
    /// Check the site: parse all content, render it, verify every internal link and anchor.
    #[command(
        after_help = "Prints every problem as path:line: severity: message and exits with status 1 on \
errors (with --strict, on warnings too: a paper whose lines reach no page is one). Nothing is \
written to the site.\n\nExample (a \
pre-commit hook or a CI step):\n  paperpress check --strict"
    )]
    Check {
        /// The site folder (with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// The folder of digest files [default: content_dir of site.toml, else ROOT/content].
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Overrides base_url of site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Print what the check found as one JSON object on stdout instead of the summary
        /// (problems still go to stderr).
        #[arg(long)]
        json: bool,
    },
    /// Create a new site in DIR: site.toml, templates, static files, one example day and the
    /// workflow that publishes it; with --here, a site.toml for an existing digest repository.
    #[command(
        after_help = "DIR must not exist or be empty. With --here, DIR (default .) is a repository \
of digest files (a daily-arXiv data/ folder, or arXiv-Daily-Reporter's D-Mon-YYYY folders): \
paperpress writes site.toml, with content_dir pointing at the digests, and \
.github/workflows/paperpress.yml, and touches nothing else.\n\nExamples:\n  \
paperpress new my-digest\n  cd my-daily-arxiv-fork && paperpress new --here"
    )]
    New {
        /// The folder for the new site (with --here, the repository; default .).
        #[arg(required_unless_present = "here")]
        dir: Option<PathBuf>,
        /// Make the digest repository DIR (default .) a site, in place.
        #[arg(long)]
        here: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = Report {
        quiet: cli.output.quiet,
        verbose: cli.output.verbose,
        json: matches!(
            cli.command,
            Command::Build { json: true, .. } | Command::Check { json: true, .. }
        ),
    };
    let result = run(cli.command, &report);
    exit_code(result, &report)
}

/// Runs one command: `Ok(false)` when it ran and failed (the reason is already said).
fn run(command: Command, report: &Report) -> anyhow::Result<bool> {
    match command {
        Command::Build {
            root,
            output,
            content,
            base_url,
            json: _,
        } => run_build(&site_options(root, output, base_url, content), report),
        Command::Serve {
            root,
            content,
            port,
            interface,
            open,
        } => serve::run(
            &serve::ServeOptions {
                root,
                content,
                interface,
                port,
                open,
            },
            report,
        )
        .map(|()| true),
        Command::Add {
            file,
            root,
            date,
            category,
            force,
        } => run_add(
            &AddOptions {
                root,
                file,
                date,
                category,
                force,
            },
            report,
        ),
        Command::Check {
            root,
            strict,
            content,
            base_url,
            json: _,
        } => run_check(&site_options(root, None, base_url, content), strict, report),
        Command::New { dir, here } => run_new(dir, here, report),
    }
}

fn site_options(
    root: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    content: Option<PathBuf>,
) -> SiteDir {
    SiteDir {
        root,
        output,
        base_url,
        content,
    }
}

fn exit_code(result: anyhow::Result<bool>, report: &Report) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            report.error(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

fn run_build(opts: &SiteDir, report: &Report) -> anyhow::Result<bool> {
    let progress = Arc::new(Progress::default());
    let bar = report.progress_bar(progress.clone());
    let outcome = build::build_with(opts, &progress);
    progress.finish();
    bar.finish();
    let outcome = outcome?;
    for d in &outcome.diagnostics {
        report.diagnostic(d);
    }
    for (phase, took) in progress.phases() {
        report.detail(&format!("{phase}: {} ms", took.as_millis()));
    }
    if let Some(summary) = &outcome.summary {
        report_math(report, summary.math);
    }
    if report.json {
        report.json(&report::build_json(&outcome));
    }
    match outcome.summary {
        Some(s) => {
            report.info(&s.to_string());
            report.info(&size::describe(s.output.files, s.output.bytes, s.papers));
            if let Some(w) = size::warning(s.output.bytes) {
                report.warning(&w);
            }
            report.lines(&outcome.lines);
            report.uncategorised(&outcome.uncategorised);
            Ok(true)
        }
        None => {
            report.error(&format!(
                "build failed with {} error(s); {} left as it was",
                outcome.errors(),
                opts.output_dir().display()
            ));
            Ok(false)
        }
    }
}

/// How much of the math became MathML, with `--verbose`.
fn report_math(report: &Report, math: MathStats) {
    if math.spans > 0 {
        report.detail(&format!(
            "math: {} of {} spans rendered as MathML ({:.1}%), {} ms of render threads' time",
            math.converted,
            math.spans,
            math.converted as f64 * 100.0 / math.spans as f64,
            math.time.as_millis()
        ));
    }
}

fn run_add(opts: &AddOptions, report: &Report) -> anyhow::Result<bool> {
    let added = add::add(opts, report)?;
    report.info(&added.to_string());
    Ok(true)
}

fn run_check(opts: &SiteDir, strict: bool, report: &Report) -> anyhow::Result<bool> {
    let start = Instant::now();
    let c = check::check(opts, report)?;
    if report.json {
        report.json(&report::check_json(&c, strict, start.elapsed()));
    }
    Ok(if c.errors > 0 {
        report.error(&format!("check found {} error(s)", c.errors));
        false
    } else if strict && c.warnings > 0 {
        report.error(&format!(
            "check found {} warning(s), and --strict fails on warnings",
            c.warnings
        ));
        false
    } else {
        true
    })
}

fn run_new(dir: Option<PathBuf>, here: bool, report: &Report) -> anyhow::Result<bool> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    if here {
        let adopted = scaffold::adopt(&dir)?;
        report.info(&adopted.to_string());
        return Ok(true);
    }
    let dir = dir.as_path();
    let files = scaffold::new_site(dir)?;
    report.info(&format!(
        "created a site in {} ({} files). Next:\n  cd {}\n  paperpress serve --open",
        dir.display(),
        files.len(),
        dir.display()
    ));
    if let Some(hint) = scaffold::workflow_hint() {
        report.info(&hint);
    }
    Ok(true)
}

// Rendering allocates many small strings on every thread; mimalloc serves that faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
