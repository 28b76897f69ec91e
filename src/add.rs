//! `paperpress add`: puts one digest file into content/ as `YYYY/MM/YYYY-MM-DD.md`.
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

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;

use crate::arxiv;
use crate::content::{self, frontmatter, text};
use crate::diagnostic::Diagnostic;
use crate::report::Report;
use crate::site_dir::SiteDir;

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

fn read_input(file: &Path) -> Result<(Vec<u8>, String)> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        Ok((bytes, "<stdin>".into()))
    } else {
        let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        Ok((bytes, file.display().to_string()))
    }
}

/// Adds the digest `opts.file` to the site. Problems in the file are printed through
/// `report` and make this an error; nothing is written then.
pub fn add(opts: &AddOptions, report: &Report) -> Result<Added> {
    let site = SiteDir::new(&opts.root);
    if !opts.root.join("site.toml").is_file() {
        bail!(
            "{} has no site.toml: is it a paperpress site? Use --root, or make one with \
             `paperpress new DIR`",
            opts.root.display()
        );
    }
    let config = site.config()?;
    if let Some(c) = &opts.category
        && !arxiv::is_category_code(c)
    {
        bail!("--category {c:?} is not an arXiv category code (like cs.CL or hep-th)");
    }
    let (bytes, shown) = read_input(&opts.file)?;
    let decoded = text::decode(&bytes);
    // JSON Lines (`.jsonl`, or records on standard input) stay JSON Lines.
    let jsonl = if opts.file.as_os_str() == "-" {
        decoded
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_start().starts_with('{'))
    } else {
        opts.file.extension().is_some_and(|x| x == "jsonl")
    };
    if jsonl && opts.category.is_some() {
        bail!("--category is for Markdown digests: JSON Lines records carry their own categories");
    }
    let split = match frontmatter::split(&decoded.text) {
        Ok(s) => s,
        Err(e) => {
            report.diagnostic(&Diagnostic::error(Path::new(&shown), e.line, e.message));
            bail!("{shown} has errors; nothing was added");
        }
    };
    let front = split.front.clone().unwrap_or_default();
    let from_name = (opts.file.as_os_str() != "-")
        .then(|| content::date_from_path(&opts.file))
        .flatten();
    let date = match (opts.date, front.date) {
        (Some(flag), Some(fm)) if flag != fm => bail!(
            "--date {flag} disagrees with the file's front matter (date = {fm}); \
             correct one of them"
        ),
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => match from_name {
            Some(d) => d,
            None => bail!(
                "cannot tell which day {shown} is: its name has no YYYY-MM-DD and it has no \
                 `date` in front matter. Say it with --date YYYY-MM-DD"
            ),
        },
    };
    let category_line = match (&opts.category, &front.category) {
        (Some(flag), Some(fm)) if flag != fm => bail!(
            "--category {flag} disagrees with the file's front matter (category = {fm:?}); \
             correct one of them"
        ),
        (Some(flag), None) => Some(flag.clone()),
        _ => None,
    };

    // Parse as the site will: errors mean nothing is written.
    let name = format!(
        "{}.{}",
        date.format("%Y-%m-%d"),
        if jsonl { "jsonl" } else { "md" }
    );
    let (digest, diagnostics) = content::parse_file(Path::new(&shown), Path::new(&name), &bytes);
    for d in &diagnostics {
        report.diagnostic(d);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        bail!("{shown} has {errors} error(s); nothing was added");
    }
    let Some(digest) = digest.filter(|d| !d.papers.is_empty()) else {
        bail!("no papers found in {shown}; nothing was added");
    };

    let rel = PathBuf::from("content")
        .join(date.format("%Y").to_string())
        .join(date.format("%m").to_string())
        .join(&name);
    let dest = opts.root.join(&rel);
    let out_bytes = match &category_line {
        Some(c) => with_category(&decoded.text, split.front.is_some(), c).into_bytes(),
        None => bytes.clone(),
    };

    // What the site holds already, without the file this one would replace.
    let content_dir = opts.root.join("content");
    let loaded = content::load(&opts.root, &content_dir);
    let dest_shown = rel.clone();
    let mut known: HashSet<&str> = HashSet::new();
    let mut same_day: Vec<String> = Vec::new();
    for d in &loaded.digests {
        if *d.path == dest_shown {
            continue;
        }
        // The day in the other form (its `.md` for a `.jsonl`, or the other way round) is
        // the same day's data: the two merge, as the pipelines that write both mean them to.
        let other_form = d.path.extension().is_some_and(|x| x == "jsonl") != jsonl;
        if d.date == date && !other_form {
            same_day.push(d.path.display().to_string());
        }
        known.extend(d.papers.iter().map(|p| p.id.as_str()));
    }
    let mut categories: BTreeMap<String, usize> = BTreeMap::new();
    for p in &digest.papers {
        let c = if !p.category.is_empty() {
            p.category.to_string()
        } else if let Some(c) = &category_line {
            c.clone()
        } else {
            config.default_category.clone()
        };
        *categories.entry(c).or_default() += 1;
    }
    let mut added = Added {
        path: rel.clone(),
        date,
        papers: digest.papers.len(),
        new: digest
            .papers
            .iter()
            .filter(|p| !known.contains(p.id.as_str()))
            .count(),
        categories,
        backup: None,
        unchanged: false,
    };

    let exists = dest.exists();
    if exists && fs::read(&dest).is_ok_and(|old| old == out_bytes) {
        added.unchanged = true;
        return Ok(added);
    }
    if !opts.force {
        if exists {
            bail!(
                "{} already exists: day {date} is on the site. Nothing was written. Use --force \
                 to replace it (the old file is kept as {}.bak-N)",
                rel.display(),
                name
            );
        }
        if !same_day.is_empty() {
            bail!(
                "day {date} is already on the site, in {}. Nothing was written. Use --force to \
                 add this file as well: the papers of both files are merged into one day",
                same_day.join(", ")
            );
        }
    }
    let dir = dest.parent().unwrap_or(&opts.root);
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(&out_bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    if exists {
        let backup = keep_backup(&dest)?;
        tmp.persist(&dest)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        added.backup = Some(backup.strip_prefix(&opts.root).unwrap_or(&backup).into());
    } else {
        tmp.persist_noclobber(&dest).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} appeared while adding; nothing was written",
                    dest.display()
                )
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", dest.display()))
            }
        })?;
    }
    Ok(added)
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
