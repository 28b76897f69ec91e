//! Output for people: diagnostics and messages, coloured on a terminal only (anstream strips
//! colour elsewhere and honours `NO_COLOR` and `CLICOLOR_FORCE`), `--quiet` and `--verbose`,
//! and a progress bar for long builds.

use std::io::IsTerminal;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::build::Outcome;
use crate::check::Checked;
use crate::content::ledger::{Ledger, Tally, Use, ranges};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Uncategorised;
use crate::progress::Progress;

const BOLD: Style = Style::new().bold();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();

/// How much to say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Report {
    /// Only problems: no summaries, no progress.
    pub quiet: bool,
    /// Also phase timings and details.
    pub verbose: bool,
    /// Standard output is one JSON object ([`Report::json`]): no result lines for people.
    pub json: bool,
}

impl Report {
    /// A diagnostic, `path:line: severity: message`, on stderr.
    pub fn diagnostic(&self, d: &Diagnostic) {
        let (style, word) = match d.severity {
            Severity::Error => (RED, "error"),
            Severity::Warning => (YELLOW, "warning"),
        };
        let place = if d.line > 0 {
            format!("{}:{}", d.path.display(), d.line)
        } else {
            d.path.display().to_string()
        };
        anstream::eprintln!(
            "{BOLD}{place}:{BOLD:#} {style}{word}:{style:#} {}",
            d.message
        );
    }

    pub fn error(&self, message: &str) {
        anstream::eprintln!("{RED}error:{RED:#} {message}");
    }

    pub fn warning(&self, message: &str) {
        anstream::eprintln!("{YELLOW}warning:{YELLOW:#} {message}");
    }

    /// Whether result lines for people go to stdout: not when quiet, nor when stdout is
    /// JSON.
    fn for_people(&self) -> bool {
        !self.quiet && !self.json
    }

    /// A result line on stdout, unless quiet or JSON.
    pub fn info(&self, message: &str) {
        if self.for_people() {
            anstream::println!("{message}");
        }
    }

    /// The one JSON object on stdout of `--json`, on one line.
    pub fn json(&self, value: &Value) {
        println!("{value}");
    }

    /// A line on stdout even when quiet: what the user must know (where the server is).
    pub fn always(&self, message: &str) {
        anstream::println!("{GREEN}{message}{GREEN:#}");
    }

    /// A detail on stderr, only when verbose.
    pub fn detail(&self, message: &str) {
        if self.verbose {
            anstream::eprintln!("{message}");
        }
    }

    /// What became of the content's lines, on stdout unless quiet or JSON: one line per file that
    /// showed text under no label, had text outside any paper or lost any (every file with
    /// `--verbose`, each followed by its line numbers), then the totals.
    pub fn lines(&self, files: &[(std::sync::Arc<std::path::PathBuf>, Ledger)]) {
        if !self.for_people() {
            return;
        }
        let mut total = Tally::default();
        let mut with_text = 0;
        for (path, ledger) in files {
            let t = ledger.tally();
            total.add(t);
            with_text += usize::from(t.text > 0);
            if !self.verbose && t.text == 0 && t.outside == 0 && t.lost == 0 {
                continue;
            }
            anstream::println!("{}: {}", path.display(), describe(t));
            if self.verbose {
                for (u, what) in [
                    (Use::Text, "unlabelled text"),
                    (Use::Structure, "structure"),
                    (Use::Outside, "outside any paper"),
                    (Use::Lost, "lost"),
                ] {
                    let lines = ledger.lines(u);
                    if !lines.is_empty() {
                        anstream::println!("  {what}: line {}", ranges(&lines));
                    }
                }
            }
        }
        anstream::println!(
            "lines: {} in {} file(s); {}",
            total.total(),
            files.len(),
            describe(total)
        );
        if with_text > 0 && !self.verbose {
            anstream::println!("(--verbose lists every file's lines by number)");
        }
    }

    /// Where the papers that name no category went, on stdout unless quiet or JSON: the
    /// files (the first five, or all with `--verbose`) and how many papers each.
    pub fn uncategorised(&self, u: &Uncategorised) {
        let (files, default) = (&u.files, &u.category);
        if !self.for_people() || files.is_empty() {
            return;
        }
        let papers: usize = files.iter().map(|(_, n)| n).sum();
        let shown = if self.verbose {
            files.len()
        } else {
            files.len().min(5)
        };
        let mut list: Vec<String> = files[..shown]
            .iter()
            .map(|(p, n)| format!("{} ({n})", p.display()))
            .collect();
        if shown < files.len() {
            list.push(format!("and {} more", files.len() - shown));
        }
        anstream::println!(
            "categories: {papers} paper(s) name none (in the file, its folders or its front matter) and are filed under {default:?}, site.toml's default_category: {}",
            list.join(", ")
        );
    }

    /// Shows a progress bar for `progress` on a terminal once the work has taken a second.
    /// Call [`Bar::finish`] when the work is done.
    pub fn progress_bar(&self, progress: Arc<Progress>) -> Bar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let handle = std::thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(1) {
                if progress.is_finished() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style =
                ProgressStyle::with_template("{spinner} {msg:20} [{bar:30}] {pos}/{len} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            while !progress.is_finished() {
                let (phase, done, total) = progress.now();
                bar.set_message(phase);
                if total > 0 {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                } else {
                    bar.unset_length();
                    bar.tick();
                }
                std::thread::sleep(Duration::from_millis(80));
            }
            bar.finish_and_clear();
        });
        Bar(Some(handle))
    }
}

/// What `build --json` prints: the build's figures (`null` where it failed), how many errors
/// and warnings, what became of the content's lines, and where the papers that name no
/// category went.
pub fn build_json(outcome: &Outcome) -> Value {
    let s = outcome.summary.as_ref();
    let errors = outcome.errors();
    let mut lines = Tally::default();
    for (_, ledger) in &outcome.lines {
        lines.add(ledger.tally());
    }
    json!({
        "ok": s.is_some(),
        "files": s.map(|s| s.files),
        "days": s.map(|s| s.days),
        "papers": s.map(|s| s.papers),
        "categories": s.map(|s| s.categories),
        "pages": s.map(|s| s.pages),
        "rendered": s.map(|s| s.rendered),
        "output_files": s.map(|s| s.output.files),
        "output_bytes": s.map(|s| s.output.bytes),
        "written": s.map(|s| s.output.written),
        "unchanged": s.map(|s| s.output.unchanged),
        "removed": s.map(|s| s.output.removed),
        "elapsed_seconds": s.map(|s| s.elapsed.as_secs_f64()),
        "errors": errors,
        "warnings": outcome.diagnostics.len() - errors,
        "lines": {
            "files": outcome.lines.len(),
            "total": lines.total(),
            "shown": lines.shown,
            "text": lines.text,
            "structure": lines.structure,
            "outside": lines.outside,
            "lost": lines.lost,
        },
        "uncategorised": uncategorised_json(&outcome.uncategorised),
    })
}

fn uncategorised_json(u: &Uncategorised) -> Value {
    let files: Vec<Value> = u
        .files
        .iter()
        .map(|(path, papers)| json!({ "path": path.display().to_string(), "papers": papers }))
        .collect();
    json!({
        "category": u.category,
        "papers": u.files.iter().map(|(_, n)| n).sum::<usize>(),
        "files": files,
    })
}

/// What `check --json` prints: whether the check passed (`strict`: warnings fail it too), and
/// what it found.
pub fn check_json(checked: &Checked, strict: bool, elapsed: Duration) -> Value {
    json!({
        "ok": checked.errors == 0 && !(strict && checked.warnings > 0),
        "strict": strict,
        "pages": checked.pages,
        "links": checked.links,
        "errors": checked.errors,
        "warnings": checked.warnings,
        "elapsed_seconds": elapsed.as_secs_f64(),
    })
}

/// A file's figures in words.
fn describe(t: Tally) -> String {
    let mut out = format!(
        "{} shown on papers' pages, {} shown as unlabelled text, {} dropped as structure",
        t.shown, t.text, t.structure
    );
    if t.outside > 0 {
        out.push_str(&format!(", {} outside any paper", t.outside));
    }
    if t.lost > 0 {
        out.push_str(&format!(", {} lost", t.lost));
    }
    out
}

/// A progress bar being shown, or not.
pub struct Bar(Option<JoinHandle<()>>);

impl Bar {
    /// Waits until the bar is cleared from the terminal (the caller has already told the
    /// `Progress` it is finished).
    pub fn finish(self) {
        if let Some(h) = self.0 {
            let _ = h.join();
        }
    }
}
