//! `paperpress new DIR`: a ready site for someone who installed the binary alone: site.toml,
//! the built-in templates and static files to edit, one example day and the workflow that
//! publishes it. `paperpress new --here`: a site.toml and that workflow for a repository that
//! already holds digests, built where they are.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::content;
use crate::render::templates::{BUILTIN, BUILTIN_STATIC};
use crate::site_dir::SiteDir;

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
# The folder of digest files, relative to this file.
content_dir = "content"

[category_names]
# "cs.CL" = "NLP"

# Topic feeds: an Atom feed of the papers matching a search query (words, author:"First
# Last", cat:cs.CL, -word, -author:X, -cat:X), at feeds/SLUG.xml and listed on /feeds/.
# [[feeds]]
# name = "Diffusion, not vision"
# query = "diffusion -cat:cs.CV -survey"
"#;

const GITIGNORE: &str = "/public\n/.public.paperpress-*\n";

/// The workflow `new` writes: the repository's pipeline (if any), the paperpress action,
/// deploy. The README shows the same file.
pub const WORKFLOW: &str = include_str!("scaffold/workflow.yml");

/// Where `new` puts [`WORKFLOW`].
pub const WORKFLOW_PATH: &str = ".github/workflows/paperpress.yml";

/// The workflow as this binary writes it. Release builds know the repository they were
/// released from (`PAPERPRESS_ACTION_REPOSITORY`, set by the release workflow): their
/// workflow uses the action from there, at this release's major tag. Other builds write
/// [`WORKFLOW`] as it is, with `OWNER` to fill in.
pub fn workflow() -> String {
    match option_env!("PAPERPRESS_ACTION_REPOSITORY") {
        Some(repo) if !repo.trim().is_empty() => {
            let major = env!("CARGO_PKG_VERSION_MAJOR");
            WORKFLOW.replace("OWNER/paperpress@v1", &format!("{}@v{major}", repo.trim()))
        }
        _ => WORKFLOW.to_string(),
    }
}

/// What to do before the workflow [`workflow`] wrote can run, if anything: a build that does
/// not know where it was released from leaves `OWNER` in the action's name.
pub fn workflow_hint() -> Option<String> {
    workflow().contains("OWNER/paperpress@").then(|| {
        format!(
            "Before you push: in {WORKFLOW_PATH}, replace OWNER in `uses: OWNER/paperpress@v1` \
             with the GitHub account that publishes paperpress, and v1 with the major version \
             of its latest release (v0 before 1.0)."
        )
    })
}

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
    let workflow = workflow();
    files.push((WORKFLOW_PATH.into(), &workflow));
    files.extend(BUILTIN.iter().map(|(n, t)| (format!("templates/{n}"), *t)));
    files.extend(
        BUILTIN_STATIC
            .iter()
            .map(|(n, t)| (format!("static/{n}"), *t)),
    );
    let mut written = Vec::new();
    for (rel, text) in files {
        write_new(dir, &rel, text)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Writes `dir/rel`, which must not exist yet.
fn write_new(dir: &Path, rel: &str, text: &str) -> Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// What `new --here` did to a digest repository.
#[derive(Debug)]
pub struct Adopted {
    pub dir: PathBuf,
    /// `content_dir` as written to site.toml.
    pub content_dir: String,
    /// What kind of repository it looked like.
    pub layout: &'static str,
    /// Digest files found in the content folder.
    pub digests: usize,
    /// The files written, relative to `dir`.
    pub written: Vec<PathBuf>,
    /// The workflow was there already and was left as it was.
    pub kept_workflow: bool,
}

impl std::fmt::Display for Adopted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let written: Vec<String> = self
            .written
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        write!(
            f,
            "{} is a site now: wrote {}. Its digests are {} (content_dir = {:?}): {} files.",
            self.dir.display(),
            written.join(" and "),
            self.layout,
            self.content_dir,
            self.digests
        )?;
        if self.kept_workflow {
            write!(f, "\n{WORKFLOW_PATH} was there already and is unchanged.")?;
        }
        let root = self.dir.display();
        write!(
            f,
            "\nNext:\n  paperpress build --root {root}\n  paperpress serve --root {root} --open"
        )?;
        match (self.kept_workflow, workflow_hint()) {
            (false, Some(hint)) => write!(f, "\n{hint}"),
            _ => Ok(()),
        }
    }
}

/// Makes the digest repository `dir` a site where it is: writes site.toml, with
/// `content_dir` naming where its digests are, and the publishing workflow (unless the
/// repository has one of that name). Nothing else is touched.
pub fn adopt(dir: &Path) -> Result<Adopted> {
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    if dir.join("site.toml").exists() {
        bail!(
            "{} has a site.toml already: it is a site (build it with `paperpress build --root {}`)",
            dir.display(),
            dir.display()
        );
    }
    let (content_dir, layout) = layout(dir)?;
    let site = SiteDir::new(dir);
    let (digests, _) = content::discover(&dir.join(content_dir), &site.not_content());
    let toml = SITE_TOML.replace(
        "content_dir = \"content\"",
        &format!("content_dir = {content_dir:?}"),
    );
    write_new(dir, "site.toml", &toml)?;
    let mut written = vec![PathBuf::from("site.toml")];
    let kept_workflow = dir.join(WORKFLOW_PATH).exists();
    if !kept_workflow {
        write_new(dir, WORKFLOW_PATH, &workflow())?;
        written.push(PathBuf::from(WORKFLOW_PATH));
    }
    Ok(Adopted {
        dir: dir.to_path_buf(),
        content_dir: content_dir.to_string(),
        layout,
        digests: digests.len(),
        written,
        kept_workflow,
    })
}

/// Where a repository keeps its digests: daily-arXiv's `data/YYYY-MM-DD.md`, date folders
/// at the top (arXiv-Daily-Reporter's `11-Feb-2025/RO/README.md`), or `content/`.
fn layout(dir: &Path) -> Result<(&'static str, &'static str)> {
    let dated = |folder: &Path, want_dir: bool| -> bool {
        fs::read_dir(folder).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                !name.starts_with('.')
                    && e.path().is_dir() == want_dir
                    && content::date_from_path(Path::new(&name)).is_some()
            })
        })
    };
    if dated(&dir.join("data"), false) {
        Ok(("data", "a daily-arXiv data/ folder"))
    } else if dated(dir, true) {
        Ok((".", "date folders at the top of the repository"))
    } else if dir.join("content").is_dir() {
        Ok(("content", "the content/ folder"))
    } else if dated(dir, false) {
        Ok((".", "dated files at the top of the repository"))
    } else {
        bail!(
            "found no digests in {}: neither data/YYYY-MM-DD.md (daily-arXiv), nor date folders \
             like 11-Feb-2025/ (arXiv-Daily-Reporter), nor content/. Nothing was written. Make \
             a new site with `paperpress new DIR`, or write site.toml with content_dir naming \
             the folder of digests",
            dir.display()
        )
    }
}
