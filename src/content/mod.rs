//! Reading digest files: finding them, front matter, the day's date, the category and topic
//! a path names, format detection, and the ledger of what became of each line.

pub mod bilingual;
pub mod block;
pub mod cache;
pub mod conflicts;
pub mod daily_arxiv;
pub mod fields;
pub mod frontmatter;
pub mod generic;
pub mod jsonl;
pub mod ledger;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::arxiv::{self, CategoryCode};
use crate::diagnostic::Diagnostic;
use crate::model::{Appearance, Digest, Format, PaperDraft};
use fields::Line;
use ledger::{Ledger, Use};

/// For the parsers' tests: a text read by one parser, and what became of its lines.
#[cfg(test)]
pub(crate) fn parse_with(
    text: &str,
    parse: fn(&[Line], &mut Ledger) -> Parsed,
) -> (Parsed, Ledger) {
    let lines = Line::numbered(text);
    let mut ledger = Ledger::new(lines.iter().map(|l| l.text));
    let parsed = parse(&lines, &mut ledger);
    (parsed, ledger)
}

/// Marks a line that belongs to no paper: structure if it only shapes the document (a
/// heading, a rule, a table of contents entry, an HTML wrapper), else text outside any paper.
pub(crate) fn mark_outside(ledger: &mut Ledger, line: Line) {
    let structure = fields::is_structural(line.text) || daily_arxiv::heading(line.text).is_some();
    ledger.mark(
        line.no,
        if structure {
            Use::Structure
        } else {
            Use::Outside
        },
    );
}

/// What a format parser found: papers with the line of their heading, and warnings.
#[derive(Debug, Default)]
pub struct Parsed {
    pub papers: Vec<(usize, PaperDraft)>,
    pub notes: Vec<(usize, String)>,
}

impl Parsed {
    fn warn(&mut self, line: usize, message: String) {
        self.notes.push((line, message));
    }
}

/// Whether a file is a digest by its name: `.md`, `.markdown` or `.jsonl`, not hidden, not
/// `_`-prefixed.
fn is_digest_name(name: &str) -> bool {
    !name.starts_with(['.', '_'])
        && (name.ends_with(".md") || name.ends_with(".markdown") || is_jsonl_name(name))
}

fn is_jsonl_name(name: &str) -> bool {
    name.ends_with(".jsonl")
}

/// A repository's own documents, not digests where no date is in their path: the
/// `README.md` at a repository's top is its front page, while arXiv-Daily-Reporter's
/// `11-Feb-2025/RO/README.md` is a day's digest.
const REPOSITORY_DOCUMENTS: [&str; 8] = [
    "readme",
    "changelog",
    "contributing",
    "license",
    "code_of_conduct",
    "security",
    "support",
    "authors",
];

/// Folders no digest lives in, whatever the content folder: installed packages.
const NEVER_CONTENT: [&str; 2] = ["node_modules", "target"];

/// Whether a file found below the content folder, at `rel` within it, is a repository's own
/// document rather than a digest.
pub fn is_repository_document(rel: &Path) -> bool {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    REPOSITORY_DOCUMENTS.contains(&stem.as_str()) && date_from_path(rel).is_none()
}

/// Finds digest files below `dir`, sorted. Folders starting with `.` or `_` are skipped,
/// and so are the folders in `skip` (the output folder, templates/ and static/ when the
/// content folder holds them), `node_modules/`, `target/` and a repository's own documents
/// ([`is_repository_document`]).
pub fn discover(dir: &Path, skip: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    // Compared as real paths, so that `./public` and `/site/public` are one folder.
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let skip = skip.as_slice();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped_entry(e, skip));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                if is_digest_name(&e.file_name().to_string_lossy()) && !is_repository_document(rel)
                {
                    files.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(err) if err.depth() == 0 && !dir.exists() => {
                let message = "the content folder does not exist: make it, or name the folder \
                               of digests with content_dir in site.toml or --content";
                diags.push(Diagnostic::error(dir, 0, message.to_string()));
            }
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                diags.push(Diagnostic::error(&path, 0, format!("cannot read: {err}")));
            }
        }
    }
    (files, diags)
}

fn skipped_entry(e: &walkdir::DirEntry, skip: &[PathBuf]) -> bool {
    let name = e.file_name().to_string_lossy();
    name.starts_with(['.', '_'])
        || (e.file_type().is_dir()
            && (NEVER_CONTENT.contains(&name.as_ref())
                || (!skip.is_empty() && e.path().canonicalize().is_ok_and(|p| skip.contains(&p)))))
}

/// The largest digest file read. A read paper's text is kept with 32-bit offsets
/// ([`crate::model::Paper`]), which this keeps far from their limit.
pub const MAX_FILE_BYTES: usize = 1 << 30;

/// Parses one digest file. `shown` names it in messages; `rel` (its path below content/)
/// is where its date is looked for when front matter sets none.
pub fn parse_file(shown: &Path, rel: &Path, bytes: &[u8]) -> (Option<Digest>, Vec<Diagnostic>) {
    let mut diags = Diags {
        shown,
        list: Vec::new(),
    };
    if bytes.len() > MAX_FILE_BYTES {
        let message = format!(
            "the file is {} bytes; a digest file over 1 GiB is not read: split it into one file per day",
            bytes.len()
        );
        diags.list.push(Diagnostic::error(shown, 0, message));
        return (None, diags.list);
    }
    let digest = read_digest(&mut diags, rel, bytes);
    (digest, diags.list)
}

/// The diagnostics of one file.
struct Diags<'a> {
    shown: &'a Path,
    list: Vec<Diagnostic>,
}

impl Diags<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.list
            .push(Diagnostic::warning(self.shown, line, message));
    }
}

/// [`parse_file`]'s steps: the text, its front matter and day, its papers, what became of
/// its lines, and the papers filed under their categories and day.
fn read_digest(diags: &mut Diags, rel: &Path, bytes: &[u8]) -> Option<Digest> {
    let text = decode(diags, bytes)?;
    // Broken front matter costs the front matter, not the file's papers.
    let (split, problem) = frontmatter::split_lenient(&text);
    if let Some(e) = problem {
        diags.warn(
            e.line,
            format!("{}; the front matter is ignored", e.message),
        );
    }
    let front = split.front.clone().unwrap_or_default();
    let Some(date) = front.date.or_else(|| date_from_path(rel)) else {
        diags.list.push(Diagnostic::error(
            diags.shown,
            0,
            "cannot tell which day this file is: put YYYY-MM-DD in its name or `date = YYYY-MM-DD` in its front matter",
        ));
        return None;
    };
    let mut ledger = Ledger::new(split.lines.iter().copied());
    ledger.mark_range(1, split.body_start, Use::Structure);
    let (format, parsed) = read_papers(&split, rel, front.format, &mut ledger);
    account_for_lines(diags, &mut ledger);
    if format == Format::Generic && front.format.is_none() {
        diags.warn(
            0,
            format!(
                "format not recognised; read {} arXiv link(s) as papers, each with the text around it",
                parsed.papers.len()
            ),
        );
    }
    for (line, message) in parsed.notes {
        diags.warn(line, message);
    }
    let front_category = front_category(diags, &split, front.category.as_deref());
    if parsed.papers.is_empty() {
        diags.warn(
            0,
            if split.lines.iter().all(|l| l.trim().is_empty()) {
                "the file is empty; no papers for this day"
            } else {
                "no papers found in this file"
            },
        );
    }
    let path = Arc::new(diags.shown.to_path_buf());
    let filing = Filing {
        category: category_from_path(rel).unwrap_or(front_category).into(),
        tags: topic_from_path(rel).into_iter().collect(),
        date,
        path: path.clone(),
    };
    Some(Digest {
        path,
        date,
        title: front.title,
        format,
        papers: PaperDraft::freeze_all(
            parsed
                .papers
                .into_iter()
                .map(|(l, p)| filing.file(l, p))
                .collect(),
        ),
        ledger,
    })
}

/// The file's text, with warnings for bytes that are not UTF-8 and NUL bytes; `None` for a
/// binary file.
fn decode(diags: &mut Diags, bytes: &[u8]) -> Option<String> {
    let decoded = text::decode(bytes);
    if let Some(line) = decoded.invalid_utf8_line {
        diags.warn(
            line,
            "bytes that are not UTF-8 from here on; shown as \u{FFFD}",
        );
    }
    if looks_binary(&decoded.text) {
        diags.warn(0, "looks like a binary file, not a digest; skipped");
        return None;
    }
    if decoded.had_nul {
        diags.warn(0, "contains NUL bytes; shown as \u{FFFD}");
    }
    Some(decoded.text)
}

/// The papers of the file's body, read as its format (named in front matter, by its name
/// for JSON Lines, else detected).
fn read_papers(
    split: &frontmatter::Split,
    rel: &Path,
    named: Option<Format>,
    ledger: &mut Ledger,
) -> (Format, Parsed) {
    let lines: Vec<Line> = split
        .lines
        .iter()
        .enumerate()
        .skip(split.body_start)
        .map(|(i, t)| Line { no: i + 1, text: t })
        .collect();
    let format = match named {
        _ if is_jsonl_name(&rel.to_string_lossy()) => Format::JsonLines,
        Some(format) => format,
        None => detect(&lines),
    };
    let parsed = match format {
        Format::DailyArxiv => daily_arxiv::parse(&lines, ledger),
        Format::Bilingual => bilingual::parse(&lines, ledger),
        Format::Generic => generic::parse(&lines, ledger),
        Format::JsonLines => jsonl::parse(&lines, ledger),
        Format::Empty => {
            for &l in &lines {
                mark_outside(ledger, l);
            }
            Parsed::default()
        }
    };
    (format, parsed)
}

/// A line no reader claimed is lost, and said so.
fn account_for_lines(diags: &mut Diags, ledger: &mut Ledger) {
    let unread = ledger.lines(Use::Unread);
    if unread.is_empty() {
        return;
    }
    diags.warn(
        unread[0],
        format!(
            "{} line(s) read by no rule are not shown: line {}",
            unread.len(),
            ledger::ranges(&unread)
        ),
    );
    ledger.settle(Use::Lost);
}

/// The category front matter gives, if it is an arXiv category (else a warning); empty if
/// none.
fn front_category(diags: &mut Diags, split: &frontmatter::Split, category: Option<&str>) -> String {
    let Some(c) = category else {
        return String::new();
    };
    if arxiv::is_category_code(c) {
        return c.to_string();
    }
    let line = split.lines[..split.body_start]
        .iter()
        .position(|l| l.trim_start().starts_with("category"))
        .map_or(1, |i| i + 1);
    diags.warn(
        line,
        format!(
            "front matter category {:?} is not an arXiv category; ignored",
            fields::trunc(c)
        ),
    );
    String::new()
}

/// What a file says of each of its papers beyond the paper's own text: the category its
/// path or front matter gives, the topics of its path, its day and where it is.
struct Filing {
    category: CategoryCode,
    tags: Vec<String>,
    date: NaiveDate,
    path: Arc<PathBuf>,
}

impl Filing {
    /// A paper read at `line`, filed: its own category, else its folder's, else the front
    /// matter's; the path's topics; its appearance.
    fn file(&self, line: usize, mut p: PaperDraft) -> PaperDraft {
        if p.category.is_empty() {
            p.category = self.category.clone();
        }
        for t in &self.tags {
            if !p.tags.contains(t) {
                p.tags.push(t.clone());
            }
        }
        p.appearances.push(Appearance {
            date: self.date,
            path: self.path.clone(),
            line,
        });
        p
    }
}

/// The category a path names: the nearest folder (or the file name) that is an arXiv
/// category code (`cs.RO`) or the short name of one (`RO` for cs.RO, `IV` for eess.IV), as
/// digest repositories file a day's papers by category (`11-Feb-2025/RO/README.md`).
pub fn category_from_path(rel: &Path) -> Option<String> {
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folders = rel
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let mut parts: Vec<String> = folders.chain(stem).collect();
    parts.reverse();
    parts.iter().find_map(|p| {
        if arxiv::is_category_code(p) && p.contains('.') {
            Some(p.clone())
        } else {
            arxiv::short_category(p).map(str::to_string)
        }
    })
}

/// The topic a file holds, from its name in a `topic/` folder: `topic/RAG_related_papers.md`
/// is about "RAG".
pub fn topic_from_path(rel: &Path) -> Option<String> {
    let in_topic = rel.parent()?.components().any(|c| {
        let c = c.as_os_str().to_string_lossy().to_ascii_lowercase();
        c == "topic" || c == "topics"
    });
    if !in_topic {
        return None;
    }
    let stem = rel.file_stem()?.to_string_lossy();
    let name = ["_related_papers", "-related-papers", "_papers", "-papers"]
        .iter()
        .find_map(|suffix| stem.strip_suffix(suffix))
        .unwrap_or(&stem);
    let name = name.replace(['_', '-'], " ");
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Picks a format by content: daily-arXiv headings, else bilingual fields, else any arXiv link.
pub fn detect(lines: &[Line]) -> Format {
    if daily_arxiv::detect(lines) {
        Format::DailyArxiv
    } else if bilingual::detect(lines) {
        Format::Bilingual
    } else if lines.iter().any(|l| l.text.contains("arxiv.org/")) {
        Format::Generic
    } else {
        Format::Empty
    }
}

/// Mostly control characters or replacement characters: not text.
pub(crate) fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    if sample.is_empty() {
        return false;
    }
    let bad = sample
        .iter()
        .filter(|&&c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\t')))
        .count();
    bad * 10 > sample.len()
}

/// The date in a path below content/: in the file name first, then in its folders, nearest
/// first. Understands `YYYY-MM-DD` and `D-Mon-YYYY` (`11-Feb-2025`).
pub fn date_from_path(rel: &Path) -> Option<NaiveDate> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.reverse();
    parts.iter().find_map(|p| date_in(p))
}

fn date_in(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for start in 0..b.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        let run = (start..b.len()).take_while(|&i| digit(i)).count();
        // YYYY-MM-DD
        if run == 4
            && !digit(start + 10)
            && b.get(start + 4) == Some(&b'-')
            && let Some(ymd) = s.get(start..start + 10)
            && let Ok(d) = NaiveDate::parse_from_str(ymd, "%Y-%m-%d")
        {
            return Some(d);
        }
        // D-Mon-YYYY
        if (1..=2).contains(&run) && b.get(start + run) == Some(&b'-') {
            let day: u32 = s[start..start + run].parse().ok()?;
            let m_start = start + run + 1;
            let m_len = b[m_start..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let y_start = m_start + m_len + 1;
            if m_len >= 3
                && b.get(m_start + m_len) == Some(&b'-')
                && (y_start..y_start + 4).all(digit)
                && !digit(y_start + 4)
                && let Some(month) = month_number(&s[m_start..m_start + m_len])
            {
                let year: i32 = s[y_start..y_start + 4].parse().ok()?;
                if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
                    return Some(d);
                }
            }
        }
    }
    None
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let n = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            n == *m || (n.len() == 3 && m.starts_with(&n)) || (n == "sept" && *m == "september")
        })
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_a_gibibyte_is_refused_by_name() {
        let big = vec![0u8; MAX_FILE_BYTES + 1];
        let (digest, diags) = parse_file(Path::new("huge.md"), Path::new("2025-06-01.md"), &big);
        assert!(digest.is_none());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].is_error());
        assert!(diags[0].to_string().contains("huge.md"), "{}", diags[0]);
        assert!(diags[0].to_string().contains("over 1 GiB"), "{}", diags[0]);
    }

    #[test]
    fn dates_from_names_and_folders() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(
            date_from_path(Path::new("2025/06/2025-06-27.md")),
            d(2025, 6, 27)
        );
        assert_eq!(
            date_from_path(Path::new("x__2025-06-27-extra.md")),
            d(2025, 6, 27)
        );
        assert_eq!(
            date_from_path(Path::new("11-Feb-2025/RO/README.md")),
            d(2025, 2, 11)
        );
        assert_eq!(
            date_from_path(Path::new("KJaebye__Reporter__1-Apr-2025_IR_README.md")),
            d(2025, 4, 1)
        );
        assert_eq!(date_from_path(Path::new("notes.md")), None);
        assert_eq!(
            date_from_path(Path::new("2026-04-15_AI_enhanced_Chinese.jsonl")),
            d(2026, 4, 15)
        );
        assert_eq!(date_from_path(Path::new("2025-13-45.md")), None);
        assert_eq!(date_from_path(Path::new("12025-06-27.md")), None);
    }

    #[test]
    fn undated_file_is_an_error() {
        let (d, diags) = parse_file(
            Path::new("content/notes.md"),
            Path::new("notes.md"),
            b"# hi\n",
        );
        assert!(d.is_none());
        assert!(diags[0].is_error());
        assert!(
            diags[0]
                .to_string()
                .starts_with("content/notes.md: error: ")
        );
    }

    #[test]
    fn empty_file_is_a_warning() {
        let (d, diags) = parse_file(Path::new("2025-01-01.md"), Path::new("2025-01-01.md"), b"");
        assert_eq!(d.unwrap().papers.len(), 0);
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
    }

    #[test]
    fn front_matter_sets_date_and_category() {
        let text = "+++\ndate = 2024-03-01\ncategory = \"cs.RO\"\n+++\n# A Paper\n\n**Authors**: A\n\n**Link**: [PDF](https://arxiv.org/pdf/2403.00001)\n";
        let (d, diags) = parse_file(Path::new("x.md"), Path::new("x.md"), text.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        let d = d.unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
        assert_eq!(d.format, Format::Bilingual);
        assert_eq!(d.papers[0].category, "cs.RO");
        assert_eq!(d.papers[0].appearances[0].line, 5);
    }

    #[test]
    fn categories_and_topics_from_paths() {
        let cat = |p: &str| category_from_path(Path::new(p));
        assert_eq!(cat("11-Feb-2025/RO/README.md").as_deref(), Some("cs.RO"));
        assert_eq!(cat("1-Apr-2025/IR/README.md").as_deref(), Some("cs.IR"));
        assert_eq!(cat("x/IV/README.md").as_deref(), Some("eess.IV"));
        assert_eq!(cat("2025/06/cs.CV/2025-06-27.md").as_deref(), Some("cs.CV"));
        assert_eq!(cat("2025/06/cs.CL.md").as_deref(), Some("cs.CL"));
        assert_eq!(cat("2025/06/2025-06-27.md"), None);
        assert_eq!(cat("17-Feb-2025/topic/RO_related_papers.md"), None);
        assert_eq!(cat("data/README.md"), None);
        let topic = |p: &str| topic_from_path(Path::new(p));
        assert_eq!(
            topic("9-Sep-2025/topic/RAG_related_papers.jsonl").as_deref(),
            Some("RAG")
        );
        assert_eq!(
            topic("topics/Embodied_AI.md").as_deref(),
            Some("Embodied AI")
        );
        assert_eq!(topic("11-Feb-2025/RO/README.md"), None);
    }

    #[test]
    fn every_line_is_accounted_for() {
        let text = "+++\ndate = 2025-01-02\n+++\n# Digest\n\nIntro text.\n\n### [1] [A](https://arxiv.org/abs/2501.00001)\n*A*\n\nA note.\n\nTL;DR: t\n";
        let (d, _) = parse_file(Path::new("x.md"), Path::new("x.md"), text.as_bytes());
        let d = d.unwrap();
        let l = &d.ledger;
        assert_eq!(l.lines(Use::Structure), [1, 2, 3, 4]);
        assert_eq!(l.lines(Use::Outside), [6]);
        assert_eq!(l.lines(Use::Shown), [8, 9, 13]);
        assert_eq!(l.lines(Use::Text), [11]);
        assert_eq!(d.papers[0].more(), "A note.");
    }

    #[test]
    fn a_repository_document_is_no_digest_unless_its_path_has_a_date() {
        let doc = |p: &str| is_repository_document(Path::new(p));
        assert!(doc("README.md"));
        assert!(doc("docs/readme.markdown"));
        assert!(doc("LICENSE.md") && doc("CHANGELOG.md") && doc("CONTRIBUTING.md"));
        assert!(!doc("11-Feb-2025/RO/README.md"));
        assert!(!doc("2025-06-27/README.md"));
        assert!(!doc("2025-06-27.md"));
        assert!(!doc("notes.md"));
    }
}
