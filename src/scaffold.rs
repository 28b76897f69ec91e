//! `paperpress new DIR`: a ready site for someone who installed the binary alone: site.toml,
//! the built-in templates and static files to edit, and one example day.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::render::templates::{BUILTIN, BUILTIN_STATIC};

/// The example day a new site starts with.
pub const EXAMPLE_DAY: (&str, &str) = (
    "content/2025/06/2025-06-23.md",
    include_str!("../content/2025/06/2025-06-23.md"),
);

const SITE_TOML: &str = r#"# paperpress site configuration. Every key is optional.

title = "Paper Digest"
description = "Daily arXiv papers, summarised."
# The absolute URL the site is published at; it may have a path
# (https://me.github.io/digest/). `paperpress serve` replaces it with its own address.
base_url = "http://127.0.0.1:1111/"
# Which language comes first where a paper has English and Chinese text: en, zh or both.
language = "en"
# The category of papers that name none (in the file, its folders or its front matter).
default_category = "misc"
# Recent days the home page links to; days each Atom feed covers.
home_days = 14
feed_days = 3
# A custom domain for GitHub Pages, written to CNAME.
cname = ""

[category_names]
# "cs.CL" = "NLP"
"#;

const GITIGNORE: &str = "/public\n/.public.paperpress-*\n";

/// Writes a new site into `dir`, which must not exist or be empty. Returns the files
/// written, relative to `dir`.
pub fn new_site(dir: &Path) -> Result<Vec<PathBuf>> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: `paperpress new` makes a site only in a new or empty folder, \
                     and never touches files it did not write",
                    dir.display()
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if dir.exists() && !dir.is_dir() => {
            bail!("{} exists and is not a folder ({e})", dir.display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
    let mut files: Vec<(String, &str)> = vec![
        ("site.toml".into(), SITE_TOML),
        (".gitignore".into(), GITIGNORE),
        (EXAMPLE_DAY.0.into(), EXAMPLE_DAY.1),
    ];
    files.extend(BUILTIN.iter().map(|(n, t)| (format!("templates/{n}"), *t)));
    files.extend(
        BUILTIN_STATIC
            .iter()
            .map(|(n, t)| (format!("static/{n}"), *t)),
    );
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
