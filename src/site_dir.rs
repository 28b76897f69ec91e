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
}

impl SiteDir {
    pub fn new(root: impl Into<PathBuf>) -> SiteDir {
        SiteDir {
            root: root.into(),
            output: None,
            base_url: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// The digest files: `content/`.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
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
        let mut config = Config::load(&self.root.join("site.toml"))?;
        if let Some(url) = &self.base_url {
            config.set_base_url(url)?;
        }
        Ok(config)
    }

    /// Refuses an output folder that holds the site's own sources.
    pub fn check_output(&self, out: &Path) -> Result<()> {
        check_output_location(&self.root, out)
    }
}

fn check_output_location(root: &Path, out: &Path) -> Result<()> {
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
    let root = abs(root);
    let out = abs(out);
    for inside in ["content", "templates", "static", "site.toml"] {
        if root.join(inside).starts_with(&out) {
            return Err(anyhow!(
                "refusing to build into {}: it holds the site's {inside}",
                out.display()
            ));
        }
    }
    Ok(())
}
