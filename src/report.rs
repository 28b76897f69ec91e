//! Output for people: diagnostics and messages, coloured on a terminal only (anstream strips
//! colour elsewhere and honours `NO_COLOR` and `CLICOLOR_FORCE`), `--quiet` and `--verbose`,
//! and a progress bar for long builds.

use std::io::IsTerminal;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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

    /// A result line on stdout, unless quiet.
    pub fn info(&self, message: &str) {
        if !self.quiet {
            anstream::println!("{message}");
        }
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

    /// What became of the content's lines, on stdout unless quiet: one line per file that
    /// showed text under no label, had text outside any paper or lost any (every file with
    /// `--verbose`, each followed by its line numbers), then the totals.
    pub fn lines(&self, files: &[(std::sync::Arc<std::path::PathBuf>, Ledger)]) {
        if self.quiet {
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

    /// Where the papers that name no category went, on stdout unless quiet: the files (the
    /// first five, or all with `--verbose`) and how many papers each.
    pub fn uncategorised(&self, u: &Uncategorised) {
        let (files, default) = (&u.files, &u.category);
        if self.quiet || files.is_empty() {
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
