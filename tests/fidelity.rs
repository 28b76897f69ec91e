//! Every word of a digest reaches the site: for each paper of each real file, the words
//! under its heading (or in its JSON record) against the words on its page, as a reader
//! would compare them. Prints the figures per file; every file must keep 99% or more.
//!
//! `PAPERPRESS_FIDELITY_DIRS` (folders separated by `:`) measures more files the same way
//! and prints their figures without judging them: real digests from other repositories,
//! read in place.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use paperpress::content::{self, ledger::Tally};

/// Words and how often they occur.
type Bag = HashMap<String, usize>;

fn bag(text: &str) -> Bag {
    let mut b = Bag::new();
    for w in paperpress::content::text::words(text) {
        *b.entry(w).or_default() += 1;
    }
    b
}

fn size(b: &Bag) -> usize {
    b.values().sum()
}

/// How many of `want`'s words `have` holds, counting each occurrence.
fn kept(want: &Bag, have: &Bag) -> usize {
    want.iter()
        .map(|(w, n)| (*n).min(have.get(w).copied().unwrap_or(0)))
        .sum()
}

/// What a reader reads in a line of Markdown: link targets, HTML tags, TeX commands and
/// list markers are not words; link texts, tag contents and everything else are.
fn readable(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let t = line.trim_start().trim_start_matches(['>', ' ', '\t']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest =
        if digits > 0 && t[digits..].starts_with([')', '.']) && t[digits + 1..].starts_with(' ') {
            &t[digits + 1..]
        } else {
            t
        };
    while let Some(c) = rest.chars().next() {
        let skip = match c {
            '<' => rest.find('>').map(|e| e + 1),
            ']' if rest[1..].starts_with('(') => rest.find(')').map(|e| e + 1),
            '\\' => {
                let n = rest[1..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len() - 1);
                (n > 0).then_some(1 + n)
            }
            _ => None,
        };
        match skip {
            Some(n) => {
                out.push(' ');
                rest = &rest[n..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Lines only a document's shape needs: links to anchors on the page, separators.
fn is_shape(line: &str) -> bool {
    let t = line.trim();
    let links_to_anchors = t.contains("](#") && !t.contains("](http");
    let rule = t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '));
    links_to_anchors || rule
}

fn heading_level(line: &str) -> Option<usize> {
    let n = line.bytes().take_while(|&b| b == b'#').count();
    (n > 0 && n <= 6 && line[n..].starts_with([' ', '\t'])).then_some(n)
}

/// The words a JSON value shows a reader: text, numbers and list items; not URLs, not yes
/// or no, not the keys a pipeline keeps for itself.
fn json_words(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) if !s.trim_start().starts_with("http") => {
            out.push_str(&readable(s));
            out.push(' ');
        }
        serde_json::Value::Number(n) => {
            out.push_str(&n.to_string());
            out.push(' ');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| json_words(i, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if !k.starts_with('_') && !matches!(k.as_str(), "id" | "arxiv_id") {
                    json_words(v, out);
                }
            }
        }
        _ => {}
    }
}

/// The words on a paper's page a reader reads as the paper's: its article, without the
/// BibTeX entry and the list of days it was listed on.
fn page_words(html: &str) -> Bag {
    let mut html = html.to_string();
    for (open, close) in [
        ("<details class=\"cite\">", "</details>"),
        ("<section class=\"appearances\">", "</section>"),
    ] {
        if let Some(a) = html.find(open)
            && let Some(b) = html[a..].find(close)
        {
            html.replace_range(a..a + b + close.len(), "");
        }
    }
    let Some(start) = html.find("<article class=\"paper\"") else {
        return Bag::new();
    };
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    bag(&text_of(&html[start..end]))
}

/// The text of a piece of HTML as a reader sees it: every tag a break between words,
/// entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            out.push(' ');
            rest = &rest[end + 1..];
            continue;
        }
        if c == '&'
            && let Some(end) = rest.find(';').filter(|&e| e <= 12)
        {
            let entity = &rest[1..end];
            let decoded = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "nbsp" => Some(' '),
                e => e
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            if let Some(d) = decoded {
                out.push(d);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A line's label, if it starts with one: `**TL;DR:**`, `> Motivation:`, `- **作者**：`, or
/// the text of a `<summary>`. Returns the label and the rest of the line.
fn label(line: &str) -> Option<(String, String)> {
    if line.contains("<summary") {
        return Some((readable(line).trim().to_string(), String::new()));
    }
    let t = line.trim_start().trim_start_matches(['>', '-', ' ', '\t']);
    let colon = t
        .char_indices()
        .take(48)
        .find(|&(_, c)| c == ':' || c == '：')
        .map(|(i, _)| i)?;
    let head = &t[..colon];
    let rest = &t[colon + t[colon..].chars().next()?.len_utf8()..];
    let name = head.trim().trim_matches('*').trim();
    let rest = rest.trim_start().trim_start_matches("**");
    let plain = name
        .chars()
        .all(|c| c.is_alphanumeric() || " ;()_-&/".contains(c) || !c.is_ascii());
    (plain && !name.is_empty() && name.split_whitespace().count() <= 5 && !rest.starts_with("//"))
        .then(|| (name.to_string(), rest.to_string()))
}
/// One file's figures.
#[derive(Default)]
struct Figures {
    papers: usize,
    words: usize,
    kept: usize,
    lines: Tally,
    worst: Option<(f64, String)>,
}

impl Figures {
    fn share(&self) -> f64 {
        if self.words == 0 {
            1.0
        } else {
            self.kept as f64 / self.words as f64
        }
    }
}

/// The path a file had in its repository, where its name says it (`owner__repo__11-Feb-2025_RO_README.md`
/// was `11-Feb-2025/RO/README.md`): categories and topics come from folders.
fn layout(name: &str) -> PathBuf {
    let base = name.rsplit("__").next().unwrap_or(name);
    let parts: Vec<&str> = base.splitn(3, '_').collect();
    // A `D-Mon-YYYY` folder, as the arXiv-Daily-Reporter repositories name their days.
    let day_folder = |p: &str| {
        let f: Vec<&str> = p.split('-').collect();
        f.len() == 3
            && f[1].chars().all(|c| c.is_ascii_alphabetic())
            && content::date_from_path(Path::new(p)).is_some()
    };
    match parts.as_slice() {
        [day, folder, rest] if day_folder(day) => PathBuf::from(day).join(folder).join(rest),
        _ => PathBuf::from(base),
    }
}

/// Builds one site of `files` (each under a folder of its own, in its repository layout) and
/// measures every paper of every file against its page.
fn measure(files: &[PathBuf]) -> Vec<(String, Figures)> {
    let dir = scratch();
    site(dir.path(), &[]);
    let content_dir = dir.path().join("content");
    let mut placed = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        let mut rel = PathBuf::from(format!("f{i:03}"));
        // A file whose path names no day (a test file of a pipeline) is put on one.
        if content::date_from_path(&layout(&name)).is_none() {
            rel.push("2000-01-01");
        }
        let rel = rel.join(layout(&name));
        let to = content_dir.join(&rel);
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(f, &to).expect("copy digest");
        placed.push((name, rel));
    }
    let o = run(dir.path(), &["build", "--quiet"]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    let public = dir.path().join("public");
    let mut pages: HashMap<String, Bag> = HashMap::new();
    let mut out = Vec::new();
    for (name, rel) in placed {
        let bytes = fs::read(content_dir.join(&rel)).expect("read");
        let (digest, _) = content::parse_file(&rel, &rel, &bytes);
        let mut fig = Figures::default();
        let Some(digest) = digest else {
            out.push((name, fig));
            continue;
        };
        fig.lines = digest.ledger.tally();
        let text = content::text::decode(&bytes).text;
        let lines: Vec<&str> = text.lines().collect();
        let jsonl = name.ends_with(".jsonl");
        let starts: Vec<usize> = digest
            .papers
            .iter()
            .map(|p| p.appearances[0].line)
            .collect();
        // A file's template: the labels that start lines in more than one of its papers
        // (every paper's `TL;DR:`, `**Authors**:`, `<summary>Details</summary>`). They name
        // what follows; the words that follow are what a reader must find.
        let mut seen_in: HashMap<String, usize> = HashMap::new();
        if !jsonl {
            for (k, &start) in starts.iter().enumerate() {
                let next = starts.get(k + 1).copied().unwrap_or(lines.len() + 1);
                let mut labels: Vec<String> = lines[start..next - 1]
                    .iter()
                    .filter_map(|l| label(l).map(|(n, _)| n))
                    .collect();
                labels.sort();
                labels.dedup();
                for l in labels {
                    *seen_in.entry(l).or_default() += 1;
                }
            }
        }
        let template = |name: &str| {
            seen_in
                .get(name)
                .is_some_and(|&n| n >= 2 || starts.len() == 1)
        };
        for (k, p) in digest.papers.iter().enumerate() {
            let start = starts[k];
            let source = if jsonl {
                let line = lines[start - 1];
                let v = serde_json::from_str(line)
                    .ok()
                    .or_else(|| content::jsonl::python_literal(line))
                    .unwrap_or(serde_json::Value::Null);
                let mut s = String::new();
                json_words(&v, &mut s);
                s
            } else {
                let level = heading_level(lines[start - 1]).unwrap_or(1);
                let next = starts.get(k + 1).copied().unwrap_or(lines.len() + 1);
                let mut s = readable(lines[start - 1]);
                // The paper's number in the heading is the file's, not the paper's.
                if let Some((n, after)) = s
                    .trim_start_matches('#')
                    .trim()
                    .strip_prefix('[')
                    .and_then(|r| r.split_once(']'))
                    && n.bytes().all(|b| b.is_ascii_digit())
                {
                    s = after.to_string();
                }
                for line in &lines[start..next - 1] {
                    if heading_level(line).is_some_and(|l| l < level) {
                        break;
                    }
                    if is_shape(line) {
                        continue;
                    }
                    let line = match label(line) {
                        Some((name, rest)) if template(&name) => rest,
                        _ => line.to_string(),
                    };
                    s.push('\n');
                    s.push_str(&readable(&line));
                }
                s
            };
            let want = bag(&source);
            let page = pages.entry(p.id.to_string()).or_insert_with(|| {
                let file = public.join("papers").join(format!("{}.html", p.id));
                page_words(&fs::read_to_string(&file).unwrap_or_default())
            });
            let got = kept(&want, page);
            let n = size(&want);
            fig.papers += 1;
            fig.words += n;
            fig.kept += got;
            let share = if n == 0 { 1.0 } else { got as f64 / n as f64 };
            if fig.worst.as_ref().is_none_or(|(w, _)| share < *w) {
                let mut missing: Vec<&str> = want
                    .iter()
                    .filter(|(w, c)| page.get(*w).copied().unwrap_or(0) < **c)
                    .map(|(w, _)| w.as_str())
                    .take(12)
                    .collect();
                missing.sort();
                fig.worst = Some((
                    share,
                    format!("{} (line {start}): missing {missing:?}", p.id),
                ));
            }
        }
        out.push((name, fig));
    }
    out
}

fn print(title: &str, figures: &[(String, Figures)]) {
    eprintln!("\n{title}");
    eprintln!(
        "{:>7} {:>6} {:>8} {:>6} {:>6} {:>6} {:>5}  file",
        "kept", "papers", "words", "text", "struct", "outside", "lost"
    );
    let mut total = Tally::default();
    for (name, f) in figures {
        total.add(f.lines);
        eprintln!(
            "{:>6.2}% {:>6} {:>8} {:>6} {:>6} {:>6} {:>5}  {name}",
            f.share() * 100.0,
            f.papers,
            f.words,
            f.lines.text,
            f.lines.structure,
            f.lines.outside,
            f.lines.lost
        );
        if f.share() < 0.995
            && let Some((_, worst)) = &f.worst
        {
            eprintln!("         worst paper: {worst}");
        }
    }
    eprintln!(
        "lines shown as unlabelled text: {}, dropped as structure: {}, outside any paper: {}, lost: {}",
        total.text, total.structure, total.outside, total.lost
    );
}

fn digests_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "md" || x == "jsonl")
                        && p.file_name().is_some_and(|n| n != "README.md")
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_real_file_keeps_its_words() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    for d in [
        "seeds",
        "corpus/daily-arxiv",
        "corpus/bilingual",
        "corpus/jsonl",
    ] {
        files.extend(digests_in(&shared.join(d)));
    }
    assert!(files.len() >= 20, "{} real files", files.len());
    let figures = measure(&files);
    print(
        "words of each real file on its papers' pages (../shared)",
        &figures,
    );
    for (name, f) in &figures {
        assert!(
            f.share() >= 0.99,
            "{name}: {:.2}% of its words reach its papers' pages",
            f.share() * 100.0
        );
        assert_eq!(f.lines.lost, 0, "{name}: lines under a paper lost");
    }
}

#[test]
fn more_real_files_are_measured_the_same_way() {
    let Some(dirs) = std::env::var_os("PAPERPRESS_FIDELITY_DIRS") else {
        skip(
            Need::FidelityDirs,
            "PAPERPRESS_FIDELITY_DIRS not set (folders of more real digests)",
        );
        return;
    };
    let files: Vec<PathBuf> = std::env::split_paths(&dirs)
        .flat_map(|d| digests_in(&d))
        .collect();
    let figures = measure(&files);
    print(
        "words of each file on its papers' pages (PAPERPRESS_FIDELITY_DIRS)",
        &figures,
    );
}
