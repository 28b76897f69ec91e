//! `site.toml`: the site's configuration. Unknown keys are errors that name the key.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};

/// Which language a reader sees first where a paper has both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Zh,
    Both,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Zh => "zh",
            Language::Both => "both",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title, shown in the header and in feeds.
    pub title: String,
    /// One-line description for the home page, feeds and metadata.
    pub description: String,
    /// Absolute URL the site is published at; may have a path (`https://me.github.io/digest/`).
    pub base_url: String,
    /// Default display language where a paper has English and Chinese text.
    pub language: Language,
    /// Category for papers that name none and whose file sets none in front matter.
    pub default_category: String,
    /// How many recent days the home page links to.
    pub home_days: usize,
    /// How many of the latest days the feeds cover.
    pub feed_days: usize,
    /// Custom domain written to CNAME (GitHub Pages); empty for none.
    pub cname: String,
    /// The folder of digest files, relative to the site folder: `content` by default, `data`
    /// in a daily-arXiv repository, `.` where the date folders are at its top.
    pub content_dir: String,
    /// Display names that override the built-in arXiv taxonomy (`"cs.CL" = "NLP"`).
    pub category_names: BTreeMap<String, String>,
    /// Topic feeds: each an Atom feed of the papers that match a search query.
    pub feeds: Vec<TopicFeed>,
}

/// A topic feed of `site.toml` (`[[feeds]]`): the papers matching `query`, at
/// `feeds/SLUG.xml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TopicFeed {
    /// Its title, after the site's.
    pub name: String,
    /// A query in the search page's syntax (see `query.rs`).
    pub query: String,
    /// Its file's name; made from the name when left out.
    #[serde(default)]
    pub slug: String,
}

/// A slug made of a name: lowercase ASCII letters and digits, other runs as one `-`.
pub fn slug_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Paper Digest".into(),
            description: "Daily arXiv papers, summarised.".into(),
            base_url: "http://127.0.0.1:1111/".into(),
            language: Language::En,
            default_category: "misc".into(),
            home_days: 14,
            feed_days: 3,
            cname: String::new(),
            content_dir: "content".into(),
            category_names: BTreeMap::new(),
            feeds: Vec::new(),
        }
    }
}

impl Config {
    /// Reads `site.toml`; a missing file is an error that says where it was looked for.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Config::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e:#}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Config> {
        let mut config: Config = match toml::from_str(text) {
            Ok(c) => c,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                let msg = e.message().trim().to_string();
                match line {
                    Some(l) => bail!("line {l}: {msg}"),
                    None => bail!("{msg}"),
                }
            }
        };
        config.set_base_url(&config.base_url.clone())?;
        if config.default_category.trim().is_empty() {
            bail!("default_category must not be empty");
        }
        if config.content_dir.trim().is_empty() {
            bail!("content_dir must not be empty (`.` is the site folder itself)");
        }
        config.check_feeds()?;
        Ok(config)
    }

    /// Checks the topic feeds and gives each its slug; an error names the feed.
    fn check_feeds(&mut self) -> Result<()> {
        let mut names = std::collections::HashSet::new();
        let mut slugs = std::collections::HashSet::new();
        for (i, f) in self.feeds.iter_mut().enumerate() {
            let which = format!("[[feeds]] #{} ({:?})", i + 1, f.name);
            f.name = f.name.trim().to_string();
            if f.name.is_empty() {
                bail!("{which}: name must not be empty");
            }
            if let Err(e) = crate::query::Query::parse(&f.query) {
                bail!("{which}: query {:?}: {e}", f.query);
            }
            f.slug = if f.slug.trim().is_empty() {
                slug_of(&f.name)
            } else {
                f.slug.trim().to_string()
            };
            if f.slug.is_empty() {
                bail!(
                    "{which}: its name has no ASCII letter or digit to make a file name of; give it a slug = \"...\""
                );
            }
            if !f
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                bail!("{which}: slug {:?} may hold only a-z, 0-9 and -", f.slug);
            }
            if !names.insert(f.name.to_lowercase()) {
                bail!("{which}: another feed has the name {:?}", f.name);
            }
            if !slugs.insert(f.slug.clone()) {
                bail!(
                    "{which}: another feed has the slug {:?} (feeds/{}.xml); give one a slug = \"...\"",
                    f.slug,
                    f.slug
                );
            }
        }
        Ok(())
    }

    /// Sets `base_url`, checking it is absolute and ending it with `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(r) if !r.is_empty() && !r.starts_with('/') => {}
            _ => bail!("base_url must be an absolute http(s) URL, got {url:?}"),
        }
        if url.contains(['?', '#', '"', '<', '>', ' ']) {
            bail!("base_url must not contain a query, fragment, quote or space: {url:?}");
        }
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/digest/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let err = Config::parse("title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("titel"), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn base_path_of_sub_path_site() {
        let c = Config::parse("base_url = \"https://me.github.io/digest\"").unwrap();
        assert_eq!(c.base_url, "https://me.github.io/digest/");
        assert_eq!(c.base_path(), "/digest/");
        let c = Config::parse("base_url = \"https://example.org\"").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn the_example_topic_feed_parses_once_uncommented() {
        let example = include_str!("../site.toml");
        let uncommented: String = example
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(r)
                    if r.starts_with("[[feeds]]")
                        || r.starts_with("name =")
                        || r.starts_with("query =") =>
                {
                    r
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::parse(&uncommented).unwrap();
        assert_eq!(c.feeds.len(), 1);
        assert_eq!(c.feeds[0].slug, "diffusion-not-vision");
        assert!(Config::parse(example).unwrap().feeds.is_empty());
    }

    #[test]
    fn slugs_of_names() {
        assert_eq!(
            slug_of("  Large Language Models! "),
            "large-language-models"
        );
        assert_eq!(slug_of("RL/agents & <tools>"), "rl-agents-tools");
        assert_eq!(slug_of("中文"), "");
    }

    #[test]
    fn relative_base_url_is_refused() {
        assert!(Config::parse("base_url = \"/digest/\"").is_err());
        assert!(Config::parse("base_url = \"https://\"").is_err());
    }
}
