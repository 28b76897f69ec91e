//! The search index: files under `search/` that `static/search.js` reads to search every
//! paper in the browser, fetching only what a query needs.
//!
//! Built straight from the in-memory [`Site`], not from the rendered pages:
//!
//! - `search/meta.json`: the number of papers, of papers in the base tier, of each tier's
//!   shards and vocabulary files, the chunk size, the field weights, the stop words and a
//!   version that changes with the index.
//! - `search/p/N.txt`, postings: one line per token, `TOKEN DF Fdocs Fdocs...`: the number
//!   of papers that have the token, then for each field that has it its letter `F` (`t`
//!   title, `a` authors, `l` an author's last word, `i` arXiv id, `c` category, `s` TL;DR,
//!   `b` abstract) and `docs`, those papers in increasing order: the first, then each gap minus one, each written with
//!   [`tokens::push_vlq`]. A token's line is in shard `fnv1a(token) % shards`.
//!   English words are indexed by their stem ([`tokens::Stemmer`]).
//! - `search/v/N.txt`, the vocabulary: `WORD DF [STEM]` lines, sorted, for every plain word
//!   of at least 3 characters as written, in file `fnv1a(first 3 characters) % vocab`; `DF`
//!   is the document frequency of its stem, `STEM` the token its postings are under when
//!   that is not the word itself. The browser reads it to find a query word's stem, the
//!   words a prefix being typed may become, and the nearest word to one that is not there.
//! - `search/d/N.json`, papers `N*CHUNK ..`: `[id, title, Chinese title, first authors,
//!   more authors, day, category, TL;DR]` each.
//!
//! Papers are numbered in the order of the site's index (by first listing), so adding a day
//! appends papers. The set of files depends on the number of papers only.
//!
//! **Two tiers**, so that a new day rewrites a small part of the index: postings and
//! vocabulary are written twice, for the base tier (papers `0..base`, `base` the number of
//! papers rounded down to a multiple of [`TIER`]) in `search/p/` and `search/v/`, and for
//! the tail (the papers after it) in `search/tail/p/` and `search/tail/v/`, each tier with
//! shards for its own size. A day's words reach most posting files of the tier they are
//! in, so a new day rewrites the tail's few hundred files and leaves the base as it is,
//! until the papers pass the next multiple of [`TIER`] and the base is written anew (one
//! day in every 16,384 papers). The browser reads a token's line in both tiers and adds
//! them up; numbers in the tail are the papers' numbers in the whole site.

mod plist;
pub mod tokens;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use crate::content::text::is_cjk;
use crate::model::{Paper, Site};
use crate::render::{context, markdown};
use plist::Plist;
use tokens::{fnv1a, push_vlq, tokens};

/// Bumped whenever the index format or the tokenizer changes.
pub const FORMAT: u32 = 2;
/// Whether `rel` (a path in the output) is one of the index's files.
pub fn is_index_file(rel: &str) -> bool {
    rel == "search/meta.json"
        || ["search/p/", "search/v/", "search/d/", "search/tail/"]
            .iter()
            .any(|dir| rel.starts_with(dir))
}

/// Papers per file of `search/d/`.
pub const CHUNK: usize = 8;
/// Authors a result shows.
const AUTHORS: usize = 3;
/// At most this many posting files.
const MAX_SHARDS: usize = 4096;

/// The fields of a paper, in the order of the bits of a posting: an author's last word (`l`,
/// the family name in most digests) is a field of its own, so that a query naming an author
/// (`Yu Su`) can rank that author's papers above papers by a `Chang Yu` and a `Su Wang`.
pub const FIELDS: [(char, &str, u32); 7] = [
    ('t', "title", 12),
    ('a', "authors", 8),
    ('l', "author's last name", 8),
    ('i', "id", 30),
    ('c', "category", 6),
    ('s', "tldr", 4),
    ('b', "abstract", 1),
];

/// How many posting files a site of `papers` papers gets: about one per 32 papers, a power
/// of two, at most `MAX_SHARDS`.
pub fn shard_count(papers: usize) -> usize {
    (papers / 32).max(1).next_power_of_two().min(MAX_SHARDS)
}

/// Papers of a tier: the base tier holds papers `0..n / TIER * TIER`, the tail the rest.
pub const TIER: usize = 16_384;

/// [`TIER`], or `PAPERPRESS_SEARCH_TIER` (for tests that need both tiers on a small site).
fn tier() -> usize {
    std::env::var("PAPERPRESS_SEARCH_TIER")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&t| t > 0)
        .unwrap_or(TIER)
}

/// How many papers of a site of `papers` papers the base tier holds.
pub fn base_len(papers: usize) -> usize {
    papers / tier() * tier()
}

/// The posting files of each tier of a site of `papers` papers: (base, tail). An empty base
/// has none; the tail of a site that has a base has as many as a full tier would (512), so
/// that its files stay small while it grows.
pub fn tier_shards(papers: usize) -> (usize, usize) {
    let base = base_len(papers);
    if base == 0 {
        (0, shard_count(papers))
    } else {
        (shard_count(base), shard_count(tier()))
    }
}

/// Vocabulary files of a tier with `shards` posting files: one per eight of them.
fn vocab_files_for(shards: usize) -> usize {
    if shards == 0 { 0 } else { (shards / 8).max(1) }
}

/// How many files the index of `site` has: each tier's postings and vocabulary, the papers
/// and meta.json.
pub fn file_count(site: &Site) -> usize {
    let n = site.papers().len();
    let (base, tail) = tier_shards(n);
    base + vocab_files_for(base) + tail + vocab_files_for(tail) + n.div_ceil(CHUNK) + 1
}

/// Whether a token is a plain word, offered for prefix search.
fn is_plain_word(t: &str) -> bool {
    t.chars().count() >= 3
        && t.chars().all(|c| c.is_alphanumeric() && !is_cjk(c))
        && !t.chars().all(|c| c.is_ascii_digit())
}

/// Calls `f(token, field)` for every token of a paper, field by field in [`FIELDS`] order
/// (so that a paper's postings come out in increasing order).
pub(crate) fn paper_tokens(p: &Paper, f: &mut impl FnMut(&str, u32)) {
    tokens(p.title(), true, &mut |t| f(t, 0));
    tokens(p.title_zh(), true, &mut |t| f(t, 0));
    // Every word of a name but the last, then the last words.
    let mut last_words: Vec<String> = Vec::new();
    for a in p.authors() {
        if a.chars().any(is_cjk) {
            tokens(a, true, &mut |t| f(t, 1));
            continue;
        }
        let mut held: Option<String> = None;
        tokens(a, true, &mut |t| {
            if let Some(h) = held.replace(t.to_string()) {
                f(&h, 1);
            }
        });
        last_words.extend(held);
    }
    for w in &last_words {
        f(w, 2);
    }
    f(&p.id.to_lowercase(), 3);
    f(&p.category.to_lowercase(), 4);
    for c in &p.other_categories {
        f(&c.to_lowercase(), 4);
    }
    tokens(p.tldr(), false, &mut |t| f(t, 5));
    tokens(p.abstract_en(), false, &mut |t| f(t, 6));
    tokens(p.abstract_zh(), false, &mut |t| f(t, 6));
}

/// A fast hash for short tokens (the multiply-rotate step of rustc's FxHasher).
#[derive(Default)]
pub(crate) struct TokenHasher(u64);

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl TokenHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Postings = HashMap<Box<str>, Plist, BuildHasherDefault<TokenHasher>>;
/// Tokens with their postings, one list per posting file.
type ByShard = Vec<Vec<(Box<str>, Plist)>>;
/// Plain words as written, each with the token the index keeps for it (its stem).
type Words = Vec<(Box<str>, Box<str>)>;

/// The postings of papers `first..first + papers.len()`, split by shard: each token (a stem
/// for English words) with its postings `paper << 3 | field`, in increasing order, without
/// repeats; and the plain words met, with their stems.
fn index_chunk(papers: &[Paper], first: u32, shards: usize) -> (ByShard, Words) {
    let mut map: Postings = HashMap::default();
    for (i, p) in papers.iter().enumerate() {
        let doc = first + i as u32;
        paper_tokens(p, &mut |t, field| {
            let posting = doc << 3 | field;
            match map.get_mut(t) {
                Some(list) => list.push(posting),
                None => {
                    map.insert(t.into(), Plist::one(posting));
                }
            }
        });
    }
    let (stems, words) = by_stem(map);
    let mut out: ByShard = (0..shards).map(|_| Vec::new()).collect();
    for (t, mut list) in stems {
        list.shrink_to_fit();
        out[fnv1a(&t) as usize % shards].push((t, list));
    }
    (out, words)
}

/// The postings of words as written, gathered by stem; and the plain words with their stems.
fn by_stem(map: Postings) -> (Postings, Words) {
    let stemmer = tokens::Stemmer::default();
    let mut stems: Postings = HashMap::with_capacity_and_hasher(map.len(), Default::default());
    let mut words: Words = Vec::new();
    for (t, list) in map {
        let stem: Box<str> = match stemmer.stem(&t) {
            std::borrow::Cow::Borrowed(_) => t.clone(),
            std::borrow::Cow::Owned(s) => s.into(),
        };
        if is_plain_word(&t) {
            words.push((t, stem.clone()));
        }
        match stems.get_mut(&stem) {
            Some(have) => *have = have.union(&list),
            None => {
                stems.insert(stem, list);
            }
        }
    }
    (stems, words)
}

/// Appends a token's line of its posting file to `out`; returns its document frequency.
/// Postings are in paper order, so each field's papers come out in increasing order. A
/// field whose papers are many is written as a bitmap of the tier's papers when that is
/// shorter: `!` then six papers a character, from paper `first`, trailing zeros left out
/// (`model` is in most abstracts: 17 KB of bitmap instead of 90 KB of gaps).
fn push_posting_line(out: &mut String, token: &str, postings: &Plist, span: Span) -> u32 {
    let mut df = 0;
    let mut last_doc = None;
    let mut fields = 0u8;
    for p in postings.iter() {
        fields |= 1 << (p & 7);
        let doc = p >> 3;
        if last_doc != Some(doc) {
            df += 1;
            last_doc = Some(doc);
        }
    }
    let _ = write!(out, "{token} {df}");
    for (f, (letter, _, _)) in FIELDS.iter().enumerate() {
        if fields & (1 << f) == 0 {
            continue;
        }
        out.push(' ');
        out.push(*letter);
        let docs = postings
            .iter()
            .filter(|&p| (p & 7) as usize == f)
            .map(|p| p >> 3);
        let start = out.len();
        let mut prev: Option<u32> = None;
        for d in docs.clone() {
            push_vlq(out, prev.map_or(d, |p| d - p - 1));
            prev = Some(d);
        }
        if out.len() - start > 1 + span.len.div_ceil(6) as usize {
            out.truncate(start);
            push_bitmap(out, docs, span);
        }
    }
    out.push('\n');
    df
}

/// Papers of a tier: the first one's number and how many there are.
#[derive(Debug, Clone, Copy)]
struct Span {
    first: u32,
    len: u32,
}

/// Appends `!` and the bitmap of `docs` (papers of `span`, in increasing order).
fn push_bitmap(out: &mut String, docs: impl Iterator<Item = u32>, span: Span) {
    let mut bits = vec![0u8; span.len.div_ceil(6) as usize];
    for d in docs {
        let i = (d - span.first) as usize;
        bits[i / 6] |= 1 << (i % 6);
    }
    while bits.last() == Some(&0) {
        bits.pop();
    }
    out.push('!');
    out.extend(bits.iter().map(|&b| tokens::DIGITS[b as usize] as char));
}

/// Every file of the search index, as (path below the output folder, bytes).
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let out = std::sync::Mutex::new(Vec::new());
    let emit = |rel: String, bytes: Vec<u8>| -> anyhow::Result<()> {
        out.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel, bytes));
        Ok(())
    };
    // Collecting cannot fail.
    let _ = write_files(site, meta_file(site), &emit);
    out.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Where the index's files go, one at a time, from several threads: (path below the output
/// folder, bytes).
pub type Emit<'e> = dyn Fn(String, Vec<u8>) -> anyhow::Result<()> + Sync + 'e;

/// Words as written, each with its stem; document frequencies by token.
type WordMap = HashMap<Box<str>, Box<str>, BuildHasherDefault<TokenHasher>>;
type DfMap = HashMap<Box<str>, u32, BuildHasherDefault<TokenHasher>>;
/// A posting file's text, with the document frequencies of its tokens that can be stems.
type ShardFile = (String, Vec<(Box<str>, u32)>);

/// Makes every file of the index and hands each to `emit` as soon as it is made, so that
/// the index's text is never all in memory; `meta` is the site's [`meta_file`].
pub fn write_files(site: &Site, meta: (String, Vec<u8>), emit: &Emit) -> anyhow::Result<()> {
    let papers = site.papers();
    let base = base_len(papers.len());
    let (base_shards, tail_shards) = tier_shards(papers.len());
    if base > 0 {
        tier_files(&papers[..base], 0, base_shards, "search", emit)?;
    }
    tier_files(
        &papers[base..],
        base as u32,
        tail_shards,
        "search/tail",
        emit,
    )?;
    papers
        .par_chunks(CHUNK)
        .enumerate()
        .try_for_each(|(c, papers)| {
            emit(format!("search/d/{c}.json"), doc_chunk(papers).into_bytes())
        })?;
    emit(meta.0, meta.1)
}

/// The posting and vocabulary files of one tier, papers `first..`, under `dir`.
fn tier_files(
    papers: &[Paper],
    first: u32,
    shards: usize,
    dir: &str,
    emit: &Emit,
) -> anyhow::Result<()> {
    let n = papers.len();
    let span = Span {
        first,
        len: n as u32,
    };
    // Tokens, by chunks of papers, in parallel; few large chunks, as a token met in many
    // chunks costs a list in each.
    let per_task = (n / (4 * rayon::current_num_threads())).max(512);
    let chunks: Vec<(ByShard, Words)> = papers
        .par_chunks(per_task)
        .enumerate()
        .map(|(c, chunk)| index_chunk(chunk, first + (c * per_task) as u32, shards))
        .collect();
    // Each shard gathers its tokens from every chunk, in paper order.
    let mut by_shard: Vec<ByShard> = (0..shards)
        .map(|_| Vec::with_capacity(chunks.len()))
        .collect();
    let mut words = WordMap::default();
    for (chunk, chunk_words) in chunks {
        for (s, part) in chunk.into_iter().enumerate() {
            by_shard[s].push(part);
        }
        words.extend(chunk_words);
    }
    let dfs: Vec<Vec<(Box<str>, u32)>> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(s, parts)| {
            let (text, dfs) = shard_file(parts, span);
            emit(format!("{dir}/p/{s}.txt"), text.into_bytes())?;
            Ok(dfs)
        })
        .collect::<anyhow::Result<_>>()?;
    let dfs: DfMap = dfs.into_iter().flatten().collect();
    for (rel, bytes) in vocab_files(words, &dfs, vocab_files_for(shards), dir) {
        emit(rel, bytes)?;
    }
    Ok(())
}

/// One posting file from its tokens' lists of every chunk; with the document frequency of
/// each token that can be a word's stem.
fn shard_file(parts: ByShard, span: Span) -> ShardFile {
    // A stable sort keeps a token's lists in chunk order, which is paper order.
    let mut entries: Vec<(Box<str>, Plist)> = parts.into_iter().flatten().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(Box<str>, Plist)> = Vec::with_capacity(entries.len());
    for (t, list) in entries {
        match merged.last_mut() {
            Some((last, postings)) if *last == t => postings.append(list),
            _ => merged.push((t, list)),
        }
    }
    let mut text = String::new();
    let mut dfs = Vec::new();
    for (t, list) in merged {
        let df = push_posting_line(&mut text, &t, &list, span);
        if t.chars().all(|c| c.is_alphanumeric() && !is_cjk(c)) {
            dfs.push((t, df));
        }
    }
    (text, dfs)
}

/// The vocabulary files: `WORD DF [STEM]` lines, sorted, by the first three characters of
/// the word; `DF` is its stem's document frequency, `STEM` is there when it is not the word.
fn vocab_files(words: WordMap, dfs: &DfMap, vocabs: usize, dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut vocab: Vec<Words> = (0..vocabs).map(|_| Vec::new()).collect();
    for (w, stem) in words {
        let key: String = w.chars().take(3).collect();
        vocab[fnv1a(&key) as usize % vocabs].push((w, stem));
    }
    vocab
        .into_par_iter()
        .enumerate()
        .map(|(v, mut words)| {
            words.sort_unstable();
            let mut text = String::new();
            for (w, stem) in words {
                let Some(df) = dfs.get(&stem) else { continue };
                if w == stem {
                    let _ = writeln!(text, "{w} {df}");
                } else {
                    let _ = writeln!(text, "{w} {df} {stem}");
                }
            }
            (format!("{dir}/v/{v}.txt"), text.into_bytes())
        })
        .collect()
}

/// `search/meta.json`. Its version is a hash of everything the index is made from, so the
/// same meta file means the same index: a build can keep the previous index's files
/// without making them again.
pub fn meta_file(site: &Site) -> (String, Vec<u8>) {
    let parts: Vec<u64> = site
        .papers()
        .par_chunks(1024)
        .map(|papers| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            let mut text = |s: &str| {
                h.update(&(s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            };
            for p in papers {
                text(&p.id);
                text(p.title());
                text(p.title_zh());
                for a in p.authors() {
                    text(a);
                }
                text("");
                text(&p.category);
                for c in &p.other_categories {
                    text(c);
                }
                text("");
                text(p.tldr());
                text(p.abstract_en());
                text(p.abstract_zh());
                text(&p.date().to_string());
            }
            h.digest()
        })
        .collect();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&FORMAT.to_le_bytes());
    for part in parts {
        h.update(&part.to_le_bytes());
    }
    let n = site.papers().len();
    ("search/meta.json".into(), meta(n, h.digest()).into_bytes())
}

/// `search/meta.json`.
fn meta(papers: usize, version: u64) -> String {
    let base = base_len(papers);
    let (base_shards, tail_shards) = tier_shards(papers);
    let mut s = format!(
        "{{\"format\":{FORMAT},\"version\":\"{version:016x}\",\"papers\":{papers},\"base\":{base},\"shards\":{},\"vocab\":{},\"tail\":{{\"shards\":{},\"vocab\":{}}},\"chunk\":{CHUNK},\"maxWord\":{},\"weights\":{{",
        base_shards,
        vocab_files_for(base_shards),
        tail_shards,
        vocab_files_for(tail_shards),
        tokens::MAX_WORD,
    );
    for (i, (c, _, w)) in FIELDS.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "\"{c}\":{w}");
    }
    s.push_str("},\"stopwords\":[");
    for (i, w) in tokens::STOPWORDS.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_str(&mut s, w);
    }
    s.push_str("]}\n");
    s
}

/// One file of `search/d/`: what a result shows of each paper.
fn doc_chunk(papers: &[Paper]) -> String {
    let mut s = String::with_capacity(papers.len() * 256);
    s.push('[');
    for (i, p) in papers.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push('[');
        json_str(&mut s, &p.id);
        s.push(',');
        json_str(&mut s, &context::title_text(p));
        s.push(',');
        json_str(&mut s, &markdown::plain(p.title_zh()));
        s.push(',');
        let shown: Vec<&str> = p.authors().iter().take(AUTHORS).collect();
        json_str(&mut s, &shown.join(", "));
        let _ = write!(s, ",{},", p.authors().len().saturating_sub(AUTHORS));
        json_str(&mut s, &p.date().to_string());
        s.push(',');
        json_str(&mut s, &p.category);
        s.push(',');
        json_str(&mut s, &markdown::plain(p.tldr()));
        s.push(']');
    }
    s.push_str("]\n");
    s
}

/// Appends `v` as a JSON string.
fn json_str(out: &mut String, v: &str) {
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `<` too, so that no text can close a script element, wherever the data ends up.
            c if (c as u32) < 0x20 || c == '<' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// One token's postings as read back from a line of a posting file of the tier whose first
/// paper is `first`: `(field, paper)` pairs.
pub fn parse_line(line: &str, first: u32) -> Option<(String, Vec<(char, u32)>)> {
    let mut parts = line.split(' ');
    let token = parts.next()?.to_string();
    let _df: u32 = parts.next()?.parse().ok()?;
    let mut out = Vec::new();
    for part in parts {
        let mut chars = part.chars();
        let field = chars.next()?;
        let rest = chars.as_str();
        if let Some(bitmap) = rest.strip_prefix('!') {
            for (j, b) in bitmap.bytes().enumerate() {
                let v = tokens::DIGITS.iter().position(|&x| x == b)? as u32;
                for k in 0..6 {
                    if v & (1 << k) != 0 {
                        out.push((field, first.checked_add(j as u32 * 6 + k)?));
                    }
                }
            }
            continue;
        }
        let mut prev: Option<u32> = None;
        for v in tokens::read_vlq(rest)? {
            let d = match prev {
                Some(p) => p.checked_add(v)?.checked_add(1)?,
                None => v,
            };
            out.push((field, d));
            prev = Some(d);
        }
    }
    Some((token, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        json_str(&mut s, "a\"b\\c</script>\u{1}");
        assert_eq!(s, r#""a\"b\\c\u003c/script>\u0001""#);
    }

    #[test]
    fn posting_lines_round_trip() {
        let span = Span {
            first: 0,
            len: 2000,
        };
        let postings: Plist = [0, 5, 7 << 3 | 6, 40 << 3, 1000 << 3 | 6]
            .into_iter()
            .collect();
        let mut line = String::new();
        let df = push_posting_line(&mut line, "model", &postings, span);
        assert_eq!(df, 4);
        assert!(!line.contains('!'), "{line}");
        let (t, got) = parse_line(line.trim_end(), 0).unwrap();
        assert_eq!(t, "model");
        assert_eq!(got, [('t', 0), ('t', 40), ('s', 0), ('b', 7), ('b', 1000)]);
    }

    #[test]
    fn a_field_of_many_papers_is_a_bitmap() {
        // Papers 1000..1100 of a tier starting at 1000; the title field has every third.
        let span = Span {
            first: 1000,
            len: 100,
        };
        let titles: Vec<u32> = (1000..1100).step_by(3).collect();
        let postings: Plist = titles
            .iter()
            .map(|&d| d << 3)
            .chain([1099 << 3 | 6])
            .collect();
        let mut line = String::new();
        push_posting_line(&mut line, "model", &postings, span);
        let bitmap = line.split(' ').nth(2).unwrap();
        assert!(bitmap.starts_with("t!"), "{line}");
        // 100 papers, six a character, the last set bit at paper 99.
        assert_eq!(bitmap.len(), 2 + 17);
        let (_, got) = parse_line(line.trim_end(), 1000).unwrap();
        let want: Vec<(char, u32)> = titles
            .iter()
            .map(|&d| ('t', d))
            .chain([('b', 1099)])
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn file_count_counts_every_file() {
        let site = Site::default();
        assert_eq!(files(&site).len(), file_count(&site));
    }

    #[test]
    fn shard_counts() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(10), 1);
        assert_eq!(shard_count(100_000), 4096);
        assert_eq!(tier_shards(100_000), (4096, 512));
        assert_eq!(tier_shards(10_000), (0, 512));
        assert_eq!(tier_shards(1_000), (0, 32));
        assert_eq!(vocab_files_for(4096), 512);
    }
}
