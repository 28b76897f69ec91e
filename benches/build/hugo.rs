//! The same corpus as a Hugo site doing the same job, for the Rust generator's corpora; a
//! port of ../shared/bench/to_hugo.py (which the benchmark uses for gen_corpus.py corpora).
//!
//! Home = latest day; /days/ = archive of all days; /days/YYYY-MM-DD/ = one page per day with
//! its papers grouped by category; one page per paper; /categories/CAT/ = all papers of a
//! category, newest first, 50 per page. Bilingual papers have no category: "uncategorized".

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::corpus::{self, Format, Paper};

const CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Paper digest"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
paginate = 50

[taxonomies]
category = "categories"
"#;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><nav><a href="/">Home</a> <a href="/days/">Archive</a> <a href="/categories/">Categories</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#;

const DAY_PARTIAL: &str = r#"<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByParam "category" }}<section><h2>{{ .Key }} ({{ len .Pages }})</h2><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <small>{{ delimit .Params.authors ", " }}</small><br>{{ .Params.tldr }}</li>
{{ end }}</ul></section>
{{ end }}"#;

const INDEX: &str = r#"{{ define "main" }}{{ with index ((.Site.GetPage "/days").Sections.ByDate.Reverse) 0 }}{{ partial "day.html" . }}{{ end }}{{ end }}
"#;

const SECTION: &str = r#"{{ define "main" }}{{ if eq .RelPermalink "/days/" }}<h1>Archive</h1><ul>
{{ range .Sections.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.papers }} papers)</li>
{{ end }}</ul>{{ else }}{{ partial "day.html" . }}{{ end }}{{ end }}
"#;

const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} · <a href="{{ .Parent.RelPermalink }}">day</a> · {{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<p>{{ delimit .Params.authors ", " }}</p>
<p><b>TL;DR</b> {{ .Params.tldr }}</p>
{{ .Content }}</article>{{ end }}
"#;

const TERM: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginator }}<ul>
{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} <small>{{ delimit .Params.authors ", " }}</small></li>
{{ end }}</ul><p>page {{ $p.PageNumber }} of {{ $p.TotalPages }}
{{ with $p.Prev }}<a href="{{ .URL }}">newer</a>{{ end }} {{ with $p.Next }}<a href="{{ .URL }}">older</a>{{ end }}</p>{{ end }}
"#;

const TAXONOMY: &str = r#"{{ define "main" }}<h1>Categories</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>{{ end }}
"#;

/// Writes the Hugo site of the generator's first `days` days into `site`.
pub fn write_site(site: &Path, days: usize, papers: usize) -> io::Result<usize> {
    let files = [
        ("config.toml", CONFIG),
        ("layouts/_default/baseof.html", BASEOF),
        ("layouts/partials/day.html", DAY_PARTIAL),
        ("layouts/index.html", INDEX),
        ("layouts/_default/list.html", SECTION),
        ("layouts/_default/single.html", SINGLE),
        ("layouts/_default/term.html", TERM),
        ("layouts/_default/taxonomy.html", TAXONOMY),
        ("content/days/_index.md", "+++\ntitle = \"Archive\"\n+++\n"),
    ];
    for (rel, text) in files {
        let path = site.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    let mut n = 0;
    corpus::generate(days, papers, |day| {
        let dir = site.join("content/days").join(day.date.to_string());
        fs::create_dir_all(&dir)?;
        let format = match day.format {
            Format::DailyArxiv => "A",
            Format::Bilingual => "B",
        };
        fs::write(
            dir.join("_index.md"),
            format!(
                "+++\ntitle = {}\ndate = {}\nformat = \"{format}\"\npapers = {}\n+++\n",
                q(&day.date.to_string()),
                day.date,
                day.papers.len()
            ),
        )?;
        for p in &day.papers {
            let cat = if p.category.is_empty() {
                "uncategorized"
            } else {
                p.category
            };
            let tldr = if p.tldr.is_empty() {
                &p.title_zh
            } else {
                &p.tldr
            };
            let text = format!(
                "+++\ntitle = {}\ndate = {}\nauthors = {}\ncategories = {}\ncategory = {}\ntldr = {}\narxiv = {}\n+++\n{}",
                q(&p.title),
                day.date,
                qlist(&p.authors),
                qlist(&[cat.to_string()]),
                q(cat),
                q(tldr),
                q(&p.id),
                body(p, day.format)
            );
            fs::write(dir.join(format!("{}.md", p.id.replace('.', "-"))), text)?;
            n += 1;
        }
        Ok(())
    })?;
    Ok(n)
}

/// The page body, as sitecommon.py's `paper_body`.
fn body(p: &Paper, format: Format) -> String {
    let mut out = format!(
        "**arXiv**: [{id}](https://arxiv.org/abs/{id})\n\n## Abstract\n\n{}\n\n",
        p.abstract_en,
        id = p.id
    );
    match format {
        Format::DailyArxiv => {
            out.push_str("## 摘要\n\n");
            for (label, text) in [
                ("Motivation", &p.motivation),
                ("Method", &p.method),
                ("Result", &p.result),
                ("Conclusion", &p.conclusion),
            ] {
                let _ = write!(out, "**{label}**: {text}\n\n");
            }
        }
        Format::Bilingual => {
            let _ = writeln!(out, "## 摘要\n\n**{}**\n\n{}", p.title_zh, p.abstract_zh);
        }
    }
    out.replace("{{", "{ {").replace("{%", "{ %")
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn qlist(xs: &[String]) -> String {
    let items: Vec<String> = xs.iter().map(|x| q(x)).collect();
    format!("[{}]", items.join(", "))
}
