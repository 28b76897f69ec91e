//! `paperpress add`: puts one digest file into content/ as `YYYY/MM/YYYY-MM-DD.md`.
//!
//! It works in two steps. [`plan`] reads the file and the site and decides everything: where
//! the file goes, what it replaces, how many of its papers are new, or why it is refused. It
//! writes nothing. [`apply`] writes what the plan says.
//!
//! The file is read whole and parsed first: with errors, nothing is written. It is written
//! through a temporary file in the destination folder and renamed into place, so a killed
//! process leaves either the whole file or none (at worst a hidden `.….tmp` file, which is
//! not a digest). An existing day is never replaced without `--force`; with it, the old file
//! is kept beside the new one as `YYYY-MM-DD.md.bak-N` (not a `.md` file, so not a digest).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;
use rayon::prelude::*;
use tempfile::NamedTempFile;

use crate::arxiv;
use crate::config::Config;
use crate::content::{self, frontmatter, text};
use crate::diagnostic::Diagnostic;
use crate::model::{Digest, Paper};
use crate::report::Report;
use crate::site_dir::{SiteDir, no_site};

#[derive(Debug, Clone)]
pub struct AddOptions {
    pub root: PathBuf,
    /// The digest file; `-` for standard input.
    pub file: PathBuf,
    pub date: Option<NaiveDate>,
    /// The category of papers that name none.
    pub category: Option<String>,
    pub force: bool,
}

/// What `add` did.
#[derive(Debug)]
pub struct Added {
    /// The file written, relative to the site root.
    pub path: PathBuf,
    pub date: NaiveDate,
    pub papers: usize,
    /// Papers the site did not have before.
    pub new: usize,
    /// Papers by category, by code.
    pub categories: BTreeMap<String, usize>,
    /// Where the replaced file was kept, with `--force`.
    pub backup: Option<PathBuf>,
    /// The day's file already held exactly these bytes: nothing was written.
    pub unchanged: bool,
}

impl std::fmt::Display for Added {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.unchanged {
            "already there, unchanged:"
        } else if self.backup.is_some() {
            "replaced"
        } else {
            "added"
        };
        let cats: Vec<String> = self
            .categories
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        write!(
            f,
            "{verb} {} (day {}): {} papers in {} categories ({}); {} new, {} already on the site",
            self.path.display(),
            self.date,
            self.papers,
            self.categories.len(),
            cats.join(", "),
            self.new,
            self.papers - self.new
        )?;
        if let Some(b) = &self.backup {
            write!(f, "\nthe previous file is kept as {}", b.display())?;
        }
        Ok(())
    }
}

/// The digest given to `add`, read whole.
#[derive(Debug)]
pub struct Input {
    pub bytes: Vec<u8>,
    /// How messages name it: its path, or `<stdin>`.
    pub shown: String,
}

impl Input {
    /// Reads `file`; `-` is standard input.
    pub fn read(file: &Path) -> Result<Input> {
        if file.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            Ok(Input {
                bytes,
                shown: "<stdin>".into(),
            })
        } else {
            let bytes =
                fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(Input {
                bytes,
                shown: file.display().to_string(),
            })
        }
    }
}

/// What writing a plan takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The day's file already holds these bytes: nothing.
    Nothing,
    /// A new file.
    Create,
    /// The day's file is replaced (`--force`); the old one is kept as `….bak-N`.
    Replace,
}

/// What `add` will do, decided before anything is written.
#[derive(Debug)]
pub struct Plan {
    /// Where the file goes.
    pub dest: PathBuf,
    /// What is written there.
    pub bytes: Vec<u8>,
    pub step: Step,
    /// What to tell; [`apply`] sets its `backup`.
    pub added: Added,
}

/// A plan, or why there is none; and the problems found in the file, to be shown either way.
#[derive(Debug)]
pub struct Planned {
    pub diagnostics: Vec<Diagnostic>,
    pub plan: Result<Plan>,
}

/// Adds the digest `opts.file` to the site. Problems in the file are printed through
/// `report` and make this an error; nothing is written then.
pub fn add(opts: &AddOptions, report: &Report) -> Result<Added> {
    let config = open_site(opts)?;
    let input = Input::read(&opts.file)?;
    let planned = plan(opts, &config, &input);
    for d in &planned.diagnostics {
        report.diagnostic(d);
    }
    apply(planned.plan?)
}

/// The site's settings, once the site and the options are known to be usable.
fn open_site(opts: &AddOptions) -> Result<Config> {
    if !opts.root.join("site.toml").is_file() {
        return Err(no_site(&opts.root));
    }
    let config = SiteDir::new(&opts.root).config()?;
    if let Some(c) = &opts.category
        && !arxiv::is_category_code(c)
    {
        bail!("--category {c:?} is not an arXiv category code (like cs.CL or hep-th)");
    }
    Ok(config)
}

/// Decides what adding `input` to the site of `opts.root` does. Reads the site; writes nothing.
pub fn plan(opts: &AddOptions, config: &Config, input: &Input) -> Planned {
    let mut diagnostics = Vec::new();
    let plan = plan_into(opts, config, input, &mut diagnostics);
    Planned { diagnostics, plan }
}

fn plan_into(
    opts: &AddOptions,
    config: &Config,
    input: &Input,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Plan> {
    let incoming = Incoming::read(opts, input, diagnostics)?;
    let site = SiteDir::new(&opts.root);
    let content_dir = site.content_dir();
    let rel = content_dir
        .strip_prefix(&opts.root)
        .unwrap_or(&content_dir)
        .join(incoming.date.format("%Y").to_string())
        .join(incoming.date.format("%m").to_string())
        .join(&incoming.name);
    let dest = opts.root.join(&rel);
    let exists = dest.exists();
    let unchanged = exists && fs::read(&dest).is_ok_and(|old| old == incoming.bytes);
    if exists && !unchanged && !opts.force {
        bail!(
            "{} already exists: day {} is on the site. Nothing was written. Use --force \
             to replace it (the old file is kept as {}.bak-N)",
            rel.display(),
            incoming.date,
            incoming.name
        );
    }
    let survey = survey(&site, &incoming, &rel);
    if !exists && !opts.force && !survey.same_day.is_empty() {
        bail!(
            "day {} is already on the site, in {}. Nothing was written. Use --force to \
             add this file as well: the papers of both files are merged into one day",
            incoming.date,
            survey.same_day.join(", ")
        );
    }
    let papers = &incoming.digest.papers;
    let added = Added {
        path: rel,
        date: incoming.date,
        papers: papers.len(),
        new: papers
            .iter()
            .filter(|p| !survey.known.contains(p.id.as_str()))
            .count(),
        categories: categories(papers, incoming.category_line.as_deref(), config),
        backup: None,
        unchanged,
    };
    let step = match (unchanged, exists) {
        (true, _) => Step::Nothing,
        (false, true) => Step::Replace,
        (false, false) => Step::Create,
    };
    Ok(Plan {
        dest,
        bytes: incoming.bytes,
        step,
        added,
    })
}

/// The incoming digest, read and parsed as the site will read it.
struct Incoming {
    date: NaiveDate,
    /// JSON Lines (`.jsonl`, or records on standard input) stay JSON Lines.
    jsonl: bool,
    /// Its name in content/: `YYYY-MM-DD.md` or `.jsonl`.
    name: String,
    /// `--category`, when the front matter names none: written into the file.
    category_line: Option<String>,
    digest: Digest,
    /// What is written.
    bytes: Vec<u8>,
}

impl Incoming {
    fn read(
        opts: &AddOptions,
        input: &Input,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Incoming> {
        let text = text::decode(&input.bytes).text;
        let jsonl = is_jsonl(&opts.file, &text);
        if jsonl && opts.category.is_some() {
            bail!(
                "--category is for Markdown digests: JSON Lines records carry their own categories"
            );
        }
        let split = frontmatter::split(&text).map_err(|e| {
            diagnostics.push(Diagnostic::error(
                Path::new(&input.shown),
                e.line,
                e.message,
            ));
            anyhow!("{} has errors; nothing was added", input.shown)
        })?;
        let front = split.front.clone().unwrap_or_default();
        let date = day_of(opts, &front, &input.shown)?;
        let category_line = category_line(opts, &front)?;
        let name = format!(
            "{}.{}",
            date.format("%Y-%m-%d"),
            if jsonl { "jsonl" } else { "md" }
        );
        let digest = parse_incoming(input, &name, diagnostics)?;
        let bytes = match &category_line {
            Some(c) => with_category(&text, split.front.is_some(), c).into_bytes(),
            None => input.bytes.clone(),
        };
        Ok(Incoming {
            date,
            jsonl,
            name,
            category_line,
            digest,
            bytes,
        })
    }
}

/// Whether the input is JSON Lines: by its extension, or for standard input by its first
/// line that is not blank.
fn is_jsonl(file: &Path, text: &str) -> bool {
    if file.as_os_str() == "-" {
        text.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_start().starts_with('{'))
    } else {
        file.extension().is_some_and(|x| x == "jsonl")
    }
}

/// The day of the file: `--date`, else its front matter, else a date in its name.
fn day_of(opts: &AddOptions, front: &frontmatter::FrontMatter, shown: &str) -> Result<NaiveDate> {
    let from_name = || {
        (opts.file.as_os_str() != "-")
            .then(|| content::date_from_path(&opts.file))
            .flatten()
    };
    match (opts.date, front.date) {
        (Some(flag), Some(fm)) if flag != fm => bail!(
            "--date {flag} disagrees with the file's front matter (date = {fm}); \
             correct one of them"
        ),
        (Some(d), _) | (None, Some(d)) => Ok(d),
        (None, None) => from_name().ok_or_else(|| {
            anyhow!(
                "cannot tell which day {shown} is: its name has no YYYY-MM-DD and it has no \
                 `date` in front matter. Say it with --date YYYY-MM-DD"
            )
        }),
    }
}

/// The category to write into the front matter: `--category`, unless the front matter
/// names one already (the same, or it is refused).
fn category_line(opts: &AddOptions, front: &frontmatter::FrontMatter) -> Result<Option<String>> {
    match (&opts.category, &front.category) {
        (Some(flag), Some(fm)) if flag != fm => bail!(
            "--category {flag} disagrees with the file's front matter (category = {fm:?}); \
             correct one of them"
        ),
        (Some(flag), None) => Ok(Some(flag.clone())),
        _ => Ok(None),
    }
}

/// Parses the input as the site will, under its name in content/. Errors, or no papers,
/// refuse it.
fn parse_incoming(input: &Input, name: &str, diagnostics: &mut Vec<Diagnostic>) -> Result<Digest> {
    let shown = &input.shown;
    let (digest, found) = content::parse_file(Path::new(shown), Path::new(name), &input.bytes);
    let errors = found.iter().filter(|d| d.is_error()).count();
    diagnostics.extend(found);
    if errors > 0 {
        bail!("{shown} has {errors} error(s); nothing was added");
    }
    digest
        .filter(|d| !d.papers.is_empty())
        .ok_or_else(|| anyhow!("no papers found in {shown}; nothing was added"))
}

/// Papers by category: their own, else `--category`, else the site's default.
fn categories(papers: &[Paper], flag: Option<&str>, config: &Config) -> BTreeMap<String, usize> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for p in papers {
        let c = if !p.category.is_empty() {
            &p.category
        } else {
            flag.unwrap_or(&config.default_category)
        };
        *out.entry(c.to_string()).or_default() += 1;
    }
    out
}

/// What the site's files say about an incoming digest.
#[derive(Debug, Default)]
struct Survey {
    /// Other files of the same day in the same form, as shown.
    same_day: Vec<String>,
    /// The incoming papers the site lists already.
    known: HashSet<String>,
}

/// Surveys the site's digests (the file at `rel` included: what it lists is on the site).
fn survey(site: &SiteDir, incoming: &Incoming, rel: &Path) -> Survey {
    let root = &site.root;
    let content_dir = site.content_dir();
    let wanted: HashSet<&str> = incoming
        .digest
        .papers
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let (files, _) = content::discover(&content_dir, &site.not_content());
    let facts: Vec<FileFacts> = files
        .par_iter()
        .filter_map(|path| file_facts(root, &content_dir, path, &wanted))
        .collect();
    let mut survey = Survey::default();
    for f in facts {
        // The day in the other form (its `.md` for a `.jsonl`, or the other way round) is
        // the same day's data: the two merge, as the pipelines that write both mean them to.
        let same_form = f.shown.extension().is_some_and(|x| x == "jsonl") == incoming.jsonl;
        if f.date == incoming.date && same_form && f.shown != rel {
            survey.same_day.push(f.shown.display().to_string());
        }
        survey.known.extend(f.known);
    }
    survey
}

/// What `add` needs of one digest of the site.
struct FileFacts {
    /// Its path relative to the site root.
    shown: PathBuf,
    date: NaiveDate,
    /// Which of the wanted papers it lists.
    known: Vec<String>,
}

/// Reads one digest cheaply: its day from its front matter or name, as the site reads it,
/// and, only when its text names one of the `wanted` ids, which of them it lists (parsed,
/// since a text may cite a paper it does not list). `None` for a file the site skips.
fn file_facts(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    wanted: &HashSet<&str>,
) -> Option<FileFacts> {
    let bytes = fs::read(path).ok()?;
    let text = text::decode(&bytes).text;
    if content::looks_binary(&text) {
        return None;
    }
    let shown = path.strip_prefix(root).unwrap_or(path);
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    let (split, _) = frontmatter::split_lenient(&text);
    let date = split
        .front
        .and_then(|f| f.date)
        .or_else(|| content::date_from_path(rel))?;
    let mut known = Vec::new();
    if arxiv::ids_in(&text).any(|id| wanted.contains(id))
        && let (Some(digest), _) = content::parse_file(shown, rel, &bytes)
    {
        known.extend(
            digest
                .papers
                .into_iter()
                .map(|p| p.id.to_string())
                .filter(|id| wanted.contains(id.as_str())),
        );
    }
    Some(FileFacts {
        shown: shown.to_path_buf(),
        date,
        known,
    })
}

/// Writes what [`plan`] decided.
pub fn apply(plan: Plan) -> Result<Added> {
    let mut added = plan.added;
    if plan.step == Step::Nothing {
        return Ok(added);
    }
    let tmp = write_temp(&plan.dest, &plan.bytes)?;
    let dest = &plan.dest;
    if plan.step == Step::Replace {
        let backup = keep_backup(dest)?;
        tmp.persist(dest)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        added.backup = backup.file_name().map(|b| added.path.with_file_name(b));
        return Ok(added);
    }
    tmp.persist_noclobber(dest).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow!(
                "{} appeared while adding; nothing was written",
                dest.display()
            )
        } else {
            anyhow::Error::new(e.error).context(format!("cannot write {}", dest.display()))
        }
    })?;
    Ok(added)
}

/// Writes `bytes` to a hidden temporary file beside `dest`, on disk before it is renamed.
/// It gets a new file's usual permissions (0644 under the usual umask), not a temporary
/// file's 0600.
fn write_temp(dest: &Path, bytes: &[u8]) -> Result<NamedTempFile> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    Ok(tmp)
}

/// Hard-links `dest` to the first free `dest.bak-N`; the old file stays where it is until
/// the new one replaces it.
fn keep_backup(dest: &Path) -> Result<PathBuf> {
    for n in 1..10_000 {
        let mut name = dest.as_os_str().to_owned();
        name.push(format!(".bak-{n}"));
        let backup = PathBuf::from(name);
        match fs::hard_link(dest, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                // A filesystem without hard links: copy, never overwriting.
                let mut f = match fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&backup)
                {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => {
                        return Err(e)
                            .with_context(|| format!("cannot keep a copy of {}", dest.display()));
                    }
                };
                let old =
                    fs::read(dest).with_context(|| format!("cannot read {}", dest.display()))?;
                f.write_all(&old)
                    .and_then(|()| f.sync_all())
                    .with_context(|| format!("cannot write {}", backup.display()))?;
                return Ok(backup);
            }
        }
    }
    bail!("too many backups of {}", dest.display())
}

/// The file's text with `category = "CODE"` in its front matter (added if it has none).
fn with_category(text: &str, has_front: bool, code: &str) -> String {
    let line = format!("category = \"{code}\"\n");
    if has_front {
        // The first line is `+++`: the key goes right below it.
        match text.split_once('\n') {
            Some((first, rest)) => format!("{first}\n{line}{rest}"),
            None => format!("{text}\n{line}+++\n"),
        }
    } else {
        format!("+++\n{line}+++\n{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "### [1] [Attention](https://arxiv.org/abs/1706.03762)\n*A. V*\n\nMain category: cs.CL\n\nTL;DR: A.\n";
    const TWO: &str = "### [1] [New](https://arxiv.org/abs/2507.00001)\n*N. A*\n\nMain category: cs.LG\n\nTL;DR: N.\n\n### [2] [Attention](https://arxiv.org/abs/1706.03762)\n*A. V*\n\nMain category: cs.CL\n\nTL;DR: Again.\n";

    #[test]
    fn a_plan_writes_nothing_and_apply_writes_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/2025/06")).unwrap();
        fs::write(root.join("content/2025/06/2025-06-23.md"), ONE).unwrap();
        let mut opts = AddOptions {
            root: root.into(),
            file: "digest-2025-06-24.md".into(),
            date: None,
            category: None,
            force: false,
        };
        let input = |text: &str| Input {
            bytes: text.as_bytes().to_vec(),
            shown: "digest-2025-06-24.md".into(),
        };
        let config = Config::default();
        let plan_of = |opts: &AddOptions, text: &str| plan(opts, &config, &input(text)).plan;

        let p = plan_of(&opts, TWO).unwrap();
        let dest = root.join("content/2025/06/2025-06-24.md");
        assert_eq!((p.step, p.added.papers, p.added.new), (Step::Create, 2, 1));
        assert_eq!(p.dest, dest);
        assert!(!dest.exists(), "planning writes nothing");
        apply(p).unwrap();
        assert_eq!(fs::read_to_string(&dest).unwrap(), TWO);

        // The same bytes again: nothing to write, and nothing new.
        let p = plan_of(&opts, TWO).unwrap();
        assert_eq!((p.step, p.added.new), (Step::Nothing, 0));
        // Other bytes for the day: refused, unless forced.
        let err = plan_of(&opts, ONE).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        opts.force = true;
        let p = plan_of(&opts, ONE).unwrap();
        assert_eq!((p.step, p.added.new), (Step::Replace, 0));
        assert_eq!(
            fs::read_to_string(&dest).unwrap(),
            TWO,
            "still nothing written"
        );
        let added = apply(p).unwrap();
        assert_eq!(fs::read_to_string(&dest).unwrap(), ONE);
        assert_eq!(
            added.backup.as_deref(),
            Some(Path::new("content/2025/06/2025-06-24.md.bak-1"))
        );
    }

    #[test]
    fn category_goes_into_front_matter() {
        assert_eq!(
            with_category("# T\n", false, "cs.CL"),
            "+++\ncategory = \"cs.CL\"\n+++\n# T\n"
        );
        assert_eq!(
            with_category("+++\ntitle = \"x\"\n+++\n# T\n", true, "cs.CL"),
            "+++\ncategory = \"cs.CL\"\ntitle = \"x\"\n+++\n# T\n"
        );
    }
}
