//! A site folder: site.toml, content/, templates/ and static/, with the command line's
//! overrides (output folder, base URL).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use crate::config::Config;

/// A site folder and what to build from it: every command starts from one.
#[derive(Debug, Clone)]
pub struct SiteDir {
    /// The site folder: site.toml, content/, templates/, static/.
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Overrides `content_dir` of site.toml (`--content`).
    pub content: Option<PathBuf>,
}

impl SiteDir {
    pub fn new(root: impl Into<PathBuf>) -> SiteDir {
        SiteDir {
            root: root.into(),
            output: None,
            base_url: None,
            content: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// The folder of digest files: `--content`, else `content_dir` of site.toml (relative
    /// to the site folder), else `content/`. A site.toml that cannot be read counts as none
    /// here: reading the configuration reports it.
    pub fn content_dir(&self) -> PathBuf {
        if let Some(dir) = &self.content {
            return dir.clone();
        }
        let configured = Config::load(&self.site_toml())
            .map(|c| c.content_dir)
            .unwrap_or_else(|_| "content".into());
        self.root.join(configured)
    }

    /// Folders below the content folder that are not content: the output folder, the
    /// site's templates and static files (when the content folder is the site folder).
    pub fn not_content(&self) -> Vec<PathBuf> {
        vec![self.output_dir(), self.templates_dir(), self.static_dir()]
    }

    pub fn site_toml(&self) -> PathBuf {
        self.root.join("site.toml")
    }

    /// The site's own templates: `templates/`.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    /// The site's static files: `static/`.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    /// Reads site.toml and applies the overrides.
    pub fn config(&self) -> Result<Config> {
        let toml = self.site_toml();
        if !toml.is_file() {
            return Err(no_site(&self.root));
        }
        let mut config = Config::load(&toml)?;
        if let Some(url) = &self.base_url {
            config.set_base_url(url)?;
        }
        Ok(config)
    }

    /// Refuses an output folder that holds the site's own sources.
    pub fn check_output(&self, out: &Path) -> Result<()> {
        check_output_location(&self.root, &self.content_dir(), out)
    }
}

/// What to do in a folder that holds no site.toml.
pub fn no_site(root: &Path) -> anyhow::Error {
    anyhow!(
        "{} has no site.toml, so it is not a paperpress site. Make one with `paperpress new DIR` \
         (a new site), or `paperpress new --here` in a repository of digest files; or point \
         at a site with --root DIR",
        root.display()
    )
}

fn check_output_location(root: &Path, content: &Path, out: &Path) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalise what exists, keep the rest as given.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        for part in rest.into_iter().rev() {
            c.push(part);
        }
        c
    };
    let content = abs(content);
    let root = abs(root);
    let out = abs(out);
    if content.starts_with(&out) {
        return Err(anyhow!(
            "refusing to build into {}: it holds the site's content ({})",
            out.display(),
            content.display()
        ));
    }
    for inside in ["templates", "static", "site.toml"] {
        if root.join(inside).starts_with(&out) {
            return Err(anyhow!(
                "refusing to build into {}: it holds the site's {inside}",
                out.display()
            ));
        }
    }
    Ok(())
}
