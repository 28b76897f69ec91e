//! Related papers: for each paper, up to [`SHOWN`] papers of the whole site that share its
//! rare words, found in time linear in the number of papers and stable under a new day.
//!
//! Words are the search index's tokens ([`super::search::tokens`]: lowercased, English
//! words by their Snowball stem, CJK text as bigrams) of a paper's titles (3), TL;DR (2) and
//! abstracts (1), the number its field class; LaTeX commands (`\mathcal`) and numbers are
//! left out. Papers are taken in the site's order (by first listing, so a new day appends
//! papers), and each pair of papers is scored once, by the later one (`b`), with what the
//! papers before it say about each word:
//!
//! - `b`'s **picks** are its [`PICKS`] words that the fewest earlier papers have (at least
//!   one, at most [`CAP`], at most one in 16 of the earlier papers or two, and never more
//!   than half of them): rare words it shares with something earlier.
//! - An earlier paper `a` scores, for each pick it has too, the word's rarity (7 for a word
//!   one earlier paper has, one less for each doubling, 1 at [`CAP`]) times the sum of the
//!   two field classes; it needs [`MIN_SHARED`] shared picks and a score of [`MIN_SCORE`]
//!   to count.
//! - `b` lists its best earlier papers, and offers itself to the lists of its best
//!   [`OFFERS`] earlier ones. A paper's list is its best [`SHOWN`] of both (a higher score
//!   first, then the older paper).
//!
//! Postings of a word keep at most `CAP + 1` papers, so a paper's scoring reads at most
//! `PICKS * CAP` postings: the whole is linear in the number of papers. And since a score
//! depends only on the papers up to the later of the two, a new day changes no score
//! between the papers before it: an older paper's list changes only where one of the new
//! papers, offered to at most [`OFFERS`] lists, beats its fifth.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

use rayon::prelude::*;

use super::search::tokens::{Stemmer, tokens};
use crate::model::{Paper, Related, Site};

/// Related papers a paper's page lists, at most.
pub const SHOWN: usize = Related::SHOWN;
/// Words of a paper its earlier papers are scored by.
pub const PICKS: usize = 16;
/// A word more than this many earlier papers have is too common to relate papers.
pub const CAP: usize = 64;
/// How many older papers' lists a paper may enter.
pub const OFFERS: usize = 2;
/// Picked words two papers must share to be related.
pub const MIN_SHARED: u32 = 3;
/// The least score of two related papers: four words that two or three earlier papers have
/// (rarity 6) in both abstracts, say, or three that eight to fifteen have (rarity 4) in one's
/// title and the other's abstract. Below it, on the real corpus, most pairs had nothing in
/// common a reader would see.
pub const MIN_SCORE: u32 = 48;

/// What a computation did, for the tests of its cost.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// Distinct words of all papers.
    pub words: usize,
    /// Postings read while scoring.
    pub postings: usize,
}

/// The related papers of every paper of `site`.
pub fn compute(site: &Site) -> Related {
    compute_with_work(site.papers()).0
}

/// [`compute`] for a list of papers in the site's order, with what it did.
pub fn compute_with_work(papers: &[Paper]) -> (Related, Work) {
    let n = papers.len();
    // Postings: for each word, the first `CAP + 1` papers that have it, in order, each as
    // `ix << 2 | class`; in shards by the word's top bits, filled in parallel.
    let mut postings: Vec<Shard> = (0..SHARDS).map(|_| Shard::default()).collect();
    // Each paper's best earlier papers, with their scores.
    let mut scored: Vec<(Best, usize)> = Vec::with_capacity(n);
    let caches = StemCaches::new();
    // A block of papers at a time: its words go into the postings, then each of its papers
    // is scored against the papers before it, which are all there by then (a paper reads
    // only the postings of earlier papers, so later ones change nothing). Only one block's
    // words are held at once: 16,384 papers' take about 25 MB, all papers' 160 MB at 100,000.
    for (bi, block) in papers.chunks(BLOCK).enumerate() {
        let first = bi * BLOCK;
        let words = Words::of_papers(block, &caches);
        add_postings(&mut postings, &words, first);
        scored.par_extend((0..block.len()).into_par_iter().map_init(
            Scratch::default,
            |scratch, k| {
                let (c, range) = words.span(k);
                let b = (first + k) as u32;
                let chunk = &words.chunks[c];
                earlier(
                    b,
                    &chunk.flat[range.clone()],
                    &chunk.earlier_with[range],
                    &postings,
                    scratch,
                )
            },
        ));
    }
    let mut work = Work {
        words: postings.iter().map(|s| s.map.len()).sum(),
        postings: 0,
    };
    drop(postings);
    work.postings = scored.iter().map(|(_, read)| read).sum();
    (lists(&scored), work)
}

/// Adds the words of a block of papers, the first of them paper `first`, to the postings.
/// A paper's words are sorted, so those of a shard (by their top bits) are together: each
/// shard takes its part of each paper's words, paper by paper. Beside each word, how many
/// earlier papers have it (as far as its postings keep them) is found as it goes in: a
/// paper's scoring then looks up only the words it picks, not all of its words.
fn add_postings(postings: &mut [Shard], words: &Words, first: usize) {
    postings.par_iter_mut().enumerate().for_each(|(shard, s)| {
        for (c, chunk) in words.chunks.iter().enumerate() {
            let mut start = 0;
            for (k, &end) in chunk.ends.iter().enumerate() {
                let of_paper = &chunk.flat[start..end as usize];
                let from = start + of_paper.partition_point(|&w| shard_of(w) < shard);
                let to = start + of_paper.partition_point(|&w| shard_of(w) <= shard);
                let entry = ((first + c * CHUNK + k) as u32) << 2;
                for i in from..to {
                    let w = chunk.flat[i];
                    let before = s.add(w, entry | (w & 3) as u32);
                    chunk.earlier_with[i].store(before, Ordering::Relaxed);
                }
                start = end as usize;
            }
        }
    });
}

/// Each paper's list from every paper's best earlier papers (`scored`, in the site's order):
/// its own best earlier papers, and the later papers offered to it.
fn lists(scored: &[(Best, usize)]) -> Related {
    let n = scored.len();
    let mut offers: Vec<(u32, u32, u32)> = Vec::new();
    for (b, (best, _)) in scored.iter().enumerate() {
        for &(a, score) in best.get().iter().take(OFFERS) {
            offers.push((a, b as u32, score));
        }
    }
    offers.sort_unstable();
    let mut lists = vec![[Related::NONE; SHOWN]; n];
    let mut offered = offers.iter().peekable();
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for (a, (best, _)) in scored.iter().enumerate() {
        candidates.clear();
        candidates.extend(best.get().iter().copied());
        while let Some(&&(to, b, score)) = offered.peek() {
            if to as usize != a {
                break;
            }
            candidates.push((b, score));
            offered.next();
        }
        // A higher score first, then the older paper.
        candidates.sort_unstable_by_key(|&(p, score)| (std::cmp::Reverse(score), p));
        for (slot, &(p, _)) in lists[a].iter_mut().zip(candidates.iter()) {
            *slot = p;
        }
    }
    Related::new(lists)
}

/// A paper's best [`SHOWN`] earlier papers with their scores, best first, held in place.
#[derive(Clone, Copy)]
struct Best {
    list: [(u32, u32); SHOWN],
    len: u8,
}

impl Best {
    fn get(&self) -> &[(u32, u32)] {
        &self.list[..self.len as usize]
    }
}

/// What [`earlier`] needs room for, kept from one paper to the next of a thread.
#[derive(Default)]
struct Scratch {
    /// (earlier papers with it, word, class)
    picks: Vec<(usize, u64, u32)>,
    /// `paper << 32 | score` for each posting read.
    hits: Vec<u64>,
}

/// The best [`SHOWN`] papers before `b` by the words of `b` ([`compute_with_work`]), with
/// their scores, best first; and how many postings it read.
/// `earlier_with` is, beside each word, how many papers before `b` have it (at most
/// `CAP + 1`).
fn earlier(
    b: u32,
    words: &[u64],
    earlier_with: &[AtomicU8],
    postings: &[Shard],
    scratch: &mut Scratch,
) -> (Best, usize) {
    // A word is rare enough if at most one in 16 earlier papers has it (or two), and never
    // more than half of them (the first papers have few to compare with).
    let limit = (b as usize / 16).clamp(2, CAP).min(b as usize / 2);
    let Scratch { picks, hits } = scratch;
    picks.clear();
    for (&w, df) in words.iter().zip(earlier_with) {
        let df = df.load(Ordering::Relaxed) as usize;
        if df > 0 && df <= limit {
            picks.push((df, w & !3, (w & 3) as u32));
        }
    }
    // The rarest words, a title's before an abstract's, then by the word's hash (a paper
    // has each word once: no two keys are equal).
    let key = |&(df, w, class): &(usize, u64, u32)| (df, std::cmp::Reverse(class), w);
    if picks.len() > PICKS {
        picks.select_nth_unstable_by_key(PICKS - 1, key);
        picks.truncate(PICKS);
    }
    picks.sort_unstable_by_key(key);
    hits.clear();
    let mut read = 0;
    for &(df, w, class) in picks.iter() {
        // The postings keep papers in order: the first `df` are the ones before `b`.
        let before = postings[shard_of(w)]
            .get(w)
            .and_then(|l| l.get(..df))
            .unwrap_or(&[]);
        debug_assert!(before.len() == df && before.iter().all(|&e| e >> 2 < b));
        let rarity = 7 - df.ilog2();
        read += before.len();
        hits.extend(
            before
                .iter()
                .map(|&e| u64::from(e >> 2) << 32 | u64::from(rarity * (class + (e & 3)))),
        );
    }
    hits.sort_unstable();
    let mut best = Best {
        list: [(0, 0); SHOWN],
        len: 0,
    };
    let mut i = 0;
    while i < hits.len() {
        let a = hits[i] >> 32;
        let (mut score, mut shared) = (0, 0);
        while i < hits.len() && hits[i] >> 32 == a {
            score += hits[i] as u32;
            shared += 1;
            i += 1;
        }
        if shared >= MIN_SHARED && score >= MIN_SCORE {
            // Kept best first (a higher score, then the older paper): a new paper goes in
            // after those with its score or more, which are all older.
            let len = best.len as usize;
            let at = best.list[..len].partition_point(|&(_, s)| s >= score);
            if at < SHOWN {
                let end = len.min(SHOWN - 1);
                best.list.copy_within(at..end, at + 1);
                best.list[at] = (a as u32, score);
                best.len = (end + 1) as u8;
            }
        }
    }
    (best, read)
}

/// The postings of the words of one shard: the first `CAP + 1` papers that have a word, in
/// order, each as `ix << 2 | class`. Most words are in one paper only: a word's first paper
/// is kept in the map, and only a word of two papers or more gets a list, in a slot of
/// `pool` that is moved to one twice its size when full (the freed slot is reused).
#[derive(Default)]
struct Shard {
    /// A word's first paper, and its list in `lists` (`u32::MAX`: none yet).
    map: WordMap<(u32, u32)>,
    lists: Vec<List>,
    pool: Pool,
}

/// The lists' entries, in pages of [`PAGE`] entries, which the allocator serves again once
/// freed (one array doubling as it grows left large freed blocks that raised the build's
/// peak).
struct Pool {
    /// Entry `at` is `pages[at / PAGE][at % PAGE]`.
    pages: Vec<Vec<u32>>,
    /// Where the pool's unused part starts.
    end: u32,
    /// For each size of [`SLOTS`], a freed slot of it, which holds the next (`u32::MAX`:
    /// none).
    free: [u32; SLOTS.len()],
}

/// The sizes of the slots lists are kept in.
const SLOTS: [usize; 6] = [2, 4, 8, 16, 32, CAP + 1];

/// Where a list is in its shard's pool, and how long it is.
#[derive(Clone, Copy)]
struct List {
    at: u32,
    len: u8,
    /// Its slot's size, by its place in [`SLOTS`].
    slot: u8,
}

impl Shard {
    /// Adds a paper's entry for word `w`; returns how many papers before it have the word,
    /// as far as they are kept (at most `CAP + 1`).
    fn add(&mut self, w: u64, entry: u32) -> u8 {
        match self.map.entry(w & !3) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((entry, u32::MAX));
                0
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let (first, list) = o.get_mut();
                if *list == u32::MAX {
                    *list = self.lists.len() as u32;
                    let at = self.pool.take(0);
                    self.pool.slot_mut(at, 2).copy_from_slice(&[*first, entry]);
                    self.lists.push(List {
                        at,
                        len: 2,
                        slot: 0,
                    });
                    1
                } else {
                    let l = &mut self.lists[*list as usize];
                    let before = l.len as usize;
                    if before <= CAP {
                        if before == SLOTS[l.slot as usize] {
                            // Full: into a slot of the next size, and this one is free.
                            let at = self.pool.take(l.slot + 1);
                            let mut moved = [0; CAP + 1];
                            moved[..before].copy_from_slice(self.pool.slot(l.at, before));
                            self.pool
                                .slot_mut(at, before)
                                .copy_from_slice(&moved[..before]);
                            self.pool.give_back(l.at, l.slot);
                            l.at = at;
                            l.slot += 1;
                        }
                        self.pool.slot_mut(l.at + before as u32, 1)[0] = entry;
                        l.len += 1;
                    }
                    before as u8
                }
            }
        }
    }

    /// The papers that have word `w`, as far as they are kept.
    fn get(&self, w: u64) -> Option<&[u32]> {
        let (first, list) = self.map.get(&(w & !3))?;
        Some(match *list {
            u32::MAX => std::slice::from_ref(first),
            i => {
                let l = self.lists[i as usize];
                self.pool.slot(l.at, l.len as usize)
            }
        })
    }
}

/// Entries in a page of a shard's pool (128 KB).
const PAGE: usize = 1 << 15;

impl Default for Pool {
    fn default() -> Self {
        Pool {
            pages: Vec::new(),
            end: 0,
            free: [u32::MAX; SLOTS.len()],
        }
    }
}

impl Pool {
    /// A slot of size `SLOTS[slot]`: a freed one, or a new one at the end of the pool (on a
    /// new page if the last has no room: a slot is never cut in two).
    fn take(&mut self, slot: u8) -> u32 {
        let head = self.free[slot as usize];
        if head != u32::MAX {
            self.free[slot as usize] = self.slot(head, 1)[0];
            return head;
        }
        let size = SLOTS[slot as usize];
        if self.pages.len() * PAGE - (self.end as usize) < size {
            self.end = (self.pages.len() * PAGE) as u32;
            self.pages.push(vec![0; PAGE]);
        }
        let at = self.end;
        self.end += size as u32;
        at
    }

    /// Frees the slot of size `SLOTS[slot]` at `at` for the next [`Pool::take`] of its size.
    fn give_back(&mut self, at: u32, slot: u8) {
        self.slot_mut(at, 1)[0] = self.free[slot as usize];
        self.free[slot as usize] = at;
    }

    /// `len` entries from `at`, all on one page.
    fn slot(&self, at: u32, len: usize) -> &[u32] {
        let at = at as usize;
        &self.pages[at / PAGE][at % PAGE..at % PAGE + len]
    }

    fn slot_mut(&mut self, at: u32, len: usize) -> &mut [u32] {
        let at = at as usize;
        &mut self.pages[at / PAGE][at % PAGE..at % PAGE + len]
    }
}

/// Postings are made in this many shards, by a word's top bits.
const SHARDS: usize = 16;

fn shard_of(w: u64) -> usize {
    (w >> 60) as usize
}

/// Papers a thread reads at a time.
const CHUNK: usize = 2048;

/// Papers whose words are held at once.
const BLOCK: usize = 8 * CHUNK;

/// Every paper's distinct words, each a hash with its best field class in the two low
/// bits, sorted (and so by shard): in chunks of [`CHUNK`] papers.
struct Words {
    chunks: Vec<Chunk>,
}

/// The words of a chunk of papers, in one flat list.
struct Chunk {
    flat: Vec<u64>,
    /// Where each paper's words end in `flat`.
    ends: Vec<u32>,
    /// Beside each word, how many earlier papers have it (filled with the postings).
    earlier_with: Vec<AtomicU8>,
}

impl Words {
    fn of_papers(papers: &[Paper], caches: &StemCaches) -> Words {
        let chunks = papers
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut cache = caches.take();
                let Cache {
                    stemmer,
                    stems,
                    words,
                    one,
                } = &mut *cache;
                if stems.len() > STEMS_KEPT {
                    stems.clear();
                }
                // Gathered in the thread's own list, which keeps its room from chunk to
                // chunk, then copied once: a list that doubles as it grows takes fresh
                // memory at each step, which the system must clear first.
                words.clear();
                let mut ends = Vec::with_capacity(chunk.len());
                for p in chunk {
                    paper_words(p, stemmer, stems, one);
                    words.extend_from_slice(one);
                    ends.push(words.len() as u32);
                }
                let flat = words.to_vec();
                drop(cache);
                let earlier_with = flat.iter().map(|_| AtomicU8::new(0)).collect();
                Chunk {
                    flat,
                    ends,
                    earlier_with,
                }
            })
            .collect();
        Words { chunks }
    }

    /// Where paper `ix`'s words are: its chunk and their places in the chunk's list.
    fn span(&self, ix: usize) -> (usize, std::ops::Range<usize>) {
        let ends = &self.chunks[ix / CHUNK].ends;
        let k = ix % CHUNK;
        let start = if k == 0 { 0 } else { ends[k - 1] as usize };
        (ix / CHUNK, start..ends[k] as usize)
    }
}

/// Tokens a thread's cache of stems holds at most before it starts again (about 1 MB).
const STEMS_KEPT: usize = 1 << 15;

/// A stemmer and a cache of stems for each thread, kept from chunk to chunk: a word's stem
/// is the same each time, so each is stemmed once a thread (as long as the cache holds).
struct StemCaches(Vec<Mutex<Cache>>);

/// A thread's stemmer and cache of stems, and its room for a chunk's words.
#[derive(Default)]
struct Cache {
    stemmer: Stemmer,
    stems: Stems,
    /// A chunk's words.
    words: Vec<u64>,
    /// A paper's words.
    one: Vec<u64>,
}

impl StemCaches {
    fn new() -> StemCaches {
        StemCaches(
            (0..rayon::current_num_threads().max(1))
                .map(|_| Mutex::default())
                .collect(),
        )
    }

    /// The cache of the thread that asks (no other thread uses it meanwhile).
    fn take(&self) -> std::sync::MutexGuard<'_, Cache> {
        let i = rayon::current_thread_index().unwrap_or(0) % self.0.len();
        crate::sync::lock(&self.0[i])
    }
}

/// A paper's distinct words into `out` ([`Words`]); `stems` holds the hash of each token's
/// stem, by the token's own hash.
fn paper_words(p: &Paper, stemmer: &Stemmer, stems: &mut Stems, out: &mut Vec<u64>) {
    out.clear();
    let mut add = |text: &str, class: u64| {
        let text = without_commands(text);
        tokens(&text, false, &mut |t| {
            let h = *stems
                .entry(xxhash_rust::xxh3::xxh3_64(t.as_bytes()))
                .or_insert_with(|| {
                    if t.bytes().all(|b| b.is_ascii_digit()) {
                        // Numbers are no words: marked, and left out below.
                        0
                    } else {
                        xxhash_rust::xxh3::xxh3_64(stemmer.stem(t).as_bytes()) | 4
                    }
                });
            if h != 0 {
                out.push(h & !3 | class);
            }
        });
    };
    add(p.title(), 3);
    add(p.title_zh(), 3);
    add(p.tldr(), 2);
    add(p.abstract_en(), 1);
    add(p.abstract_zh(), 1);
    out.sort_unstable();
    // Of a word's entries, the last has the best class.
    let mut kept = 0;
    for i in 0..out.len() {
        if kept > 0 && out[kept - 1] >> 2 == out[i] >> 2 {
            out[kept - 1] = out[i];
        } else {
            out[kept] = out[i];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// `text` without its LaTeX commands (`\mathcal`, `\frac`): they say how a formula is
/// written, not what a paper is about.
fn without_commands(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\\') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                chars.next();
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Words are hashes already: the map uses them as they are.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, w: u64) {
        self.0 = w;
    }

    fn finish(&self) -> u64 {
        // Spread every bit into the top ones, which the table's probes compare.
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// Each token met, by its hash, with the hash of its stem (0 for a number). Words are
/// 62-bit hashes already: a token's 64-bit one adds no likelier mix-up.
type Stems = WordMap<u64>;

type WordMap<V> = HashMap<u64, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PaperDraft, PaperIx};

    /// A paper with an abstract of `words` and words of its own that no other paper has.
    fn paper(i: usize, title: &str, words: &str) -> Paper {
        draft(i, title, words).freeze()
    }

    fn draft(i: usize, title: &str, words: &str) -> PaperDraft {
        let own: Vec<String> = (0..6).map(|k| format!("own{}x{k}", letters(i))).collect();
        PaperDraft {
            id: format!("2506.{i:05}").into(),
            title: title.into(),
            abstract_en: format!("{words} {}", own.join(" ")),
            ..PaperDraft::default()
        }
    }

    /// `i` written in letters (numbers are not words here).
    fn letters(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    }

    fn lists(papers: &[Paper]) -> Vec<Vec<PaperIx>> {
        let (r, _) = compute_with_work(papers);
        (0..papers.len() as PaperIx)
            .map(|i| r.of(i).collect())
            .collect()
    }

    /// Papers that share rare words are related; papers that share only words every paper
    /// has are not; no paper is its own; at most five.
    #[test]
    fn rare_words_relate_papers_and_common_ones_do_not() {
        let common = "we propose a novel learning model and show results on data";
        let mut papers: Vec<Paper> = (0..200)
            .map(|i| paper(i, &format!("A study {}", letters(i)), common))
            .collect();
        let spectral = "spectral norm muon optimizer orthogonalized momentum";
        for i in [10, 31, 52] {
            papers[i] = paper(i, "Muon under spectral norm constraints", spectral);
        }
        let sign = "sign language glosses signer handshape";
        for i in [20, 60] {
            papers[i] = paper(i, "Isolated sign language recognition", sign);
        }
        // Eight papers of one rare topic: each lists at most five.
        let graph = "hypergraph sheaf cohomology laplacian diffusion";
        for (i, p) in papers.iter_mut().enumerate().take(158).skip(150) {
            *p = paper(i, "Sheaf hypergraph networks", graph);
        }
        let l = lists(&papers);
        assert_eq!(l[10], [31, 52]);
        assert_eq!(l[31], [10, 52]);
        assert_eq!(l[52], [10, 31]);
        assert_eq!(l[20], [60]);
        assert_eq!(l[60], [20]);
        for (i, list) in l.iter().enumerate() {
            assert!(list.len() <= SHOWN, "{i}: {list:?}");
            assert!(!list.contains(&(i as PaperIx)), "{i} is its own related");
            if (150..158).contains(&i) {
                assert!(!list.is_empty() && list.iter().all(|r| (150..158).contains(r)));
            } else if ![10, 31, 52, 20, 60].contains(&i) {
                assert!(list.is_empty(), "{i} shares only common words: {list:?}");
            }
        }
        assert_eq!(l[157].len(), SHOWN);
    }

    /// Words in two languages: Chinese titles and abstracts relate papers by their bigrams;
    /// LaTeX commands and numbers do not relate papers.
    #[test]
    fn chinese_text_relates_and_latex_commands_do_not() {
        let mut drafts: Vec<PaperDraft> = (0..40).map(|i| draft(i, "Filler", "")).collect();
        for i in [5, 25] {
            drafts[i].title_zh = "谱范数约束下的优化器".into();
            drafts[i].abstract_zh = "正交化动量更新".into();
        }
        for i in [8, 30] {
            drafts[i].abstract_en.push_str(
                r" $\mathcal{O}(\frac{1}{\sqrt{n}})$ \mathbb \operatorname 2048 1e5 31337",
            );
        }
        let l = lists(&PaperDraft::freeze_all(drafts));
        assert_eq!(l[25], [5]);
        assert!(l[30].is_empty(), "{:?}", l[30]);
    }

    /// A synthetic corpus: `n` papers whose words come from a vocabulary of topics, as a
    /// real one's would (a few words of one of many topics, a few common ones).
    fn corpus(n: usize) -> Vec<Paper> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        (0..n)
            .map(|i| {
                let topic = next(n / 20 + 1);
                let mut words: Vec<String> = (0..8)
                    .map(|_| format!("t{}w{}", letters(topic), letters(next(12))))
                    .collect();
                words.extend((0..20).map(|_| format!("c{}", letters(next(300)))));
                paper(
                    i,
                    &format!("On t{}w{}", letters(topic), letters(next(12))),
                    &words.join(" "),
                )
            })
            .collect()
    }

    /// Scoring reads at most `PICKS * CAP` postings a paper, and the work grows with the
    /// number of papers and not faster.
    #[test]
    fn work_is_linear_in_the_papers() {
        let small = corpus(4_000);
        let large = corpus(16_000);
        let (_, w1) = compute_with_work(&small);
        let (r2, w2) = compute_with_work(&large);
        for (w, n) in [(w1, small.len()), (w2, large.len())] {
            assert!(w.postings <= PICKS * CAP * n, "{w:?} for {n} papers");
            assert!(w.postings > n, "{w:?}: the corpus relates papers");
        }
        // Four times the papers: at most four times the postings read (and a bit).
        let ratio = w2.postings as f64 / w1.postings as f64;
        assert!(ratio < 4.4, "{w1:?} then {w2:?}: {ratio:.2}");
        let related = (0..large.len() as PaperIx)
            .filter(|&i| r2.of(i).next().is_some())
            .count();
        assert!(
            related > large.len() / 2,
            "{related} papers have related ones"
        );
    }

    /// A word's postings keep its first `CAP + 1` papers in order, in whatever order words
    /// come, and a slot a list moves out of serves the next list.
    #[test]
    fn postings_keep_a_words_first_papers_in_order() {
        let mut s = Shard::default();
        let word = |j: u64| (j + 1) << 8;
        for e in 0..100u32 {
            for j in 0..40u64 {
                // Word `j` is in papers `j..4 * j`.
                if (j as u32..4 * j as u32).contains(&e) {
                    let before = s.add(word(j) | 2, e << 2 | 2);
                    assert_eq!(before as usize, (e - j as u32).min(CAP as u32 + 1) as usize);
                }
            }
        }
        for j in 0..40u64 {
            let kept: Vec<u32> = (j as u32..(4 * j as u32).min(100))
                .take(CAP + 1)
                .map(|e| e << 2 | 2)
                .collect();
            assert_eq!(s.get(word(j)).unwrap_or(&[]), &kept[..], "word {j}");
        }
        let mut s = Shard::default();
        for e in 0..3 {
            s.add(word(0), e << 2);
        }
        // Three papers: moved from the slot of 2 to one of 4, after it.
        assert_eq!(s.pool.end, 6);
        s.add(word(1), 0);
        s.add(word(1), 4);
        assert_eq!(s.pool.end, 6, "the second list takes the freed slot");
        assert_eq!(s.get(word(0)), Some(&[0, 4, 8][..]));
        assert_eq!(s.get(word(1)), Some(&[0, 4][..]));
    }

    /// The same papers give the same lists.
    #[test]
    fn deterministic() {
        let papers = corpus(3_000);
        assert_eq!(compute_with_work(&papers), compute_with_work(&papers));
    }

    /// Papers appended (a new day) change no list of the papers before them but to take in
    /// one of the new papers, and each new paper enters at most `OFFERS` older lists.
    #[test]
    fn new_papers_change_only_the_lists_they_enter() {
        let papers = corpus(6_000);
        let old = 5_900;
        let (before, _) = compute_with_work(&papers[..old]);
        let (after, _) = compute_with_work(&papers);
        let mut changed = 0;
        for i in 0..old as PaperIx {
            let (a, b): (Vec<PaperIx>, Vec<PaperIx>) =
                (before.of(i).collect(), after.of(i).collect());
            if a != b {
                changed += 1;
                assert!(
                    b.iter().any(|&r| r as usize >= old),
                    "{i}: {a:?} became {b:?} without a new paper"
                );
                // What stays of the old list keeps its order.
                let kept: Vec<PaperIx> =
                    b.iter().copied().filter(|&r| (r as usize) < old).collect();
                assert!(a.starts_with(&kept), "{i}: {a:?} became {b:?}");
            }
        }
        assert!(changed > 0, "the new papers are related to some old ones");
        assert!(
            changed <= OFFERS * (papers.len() - old),
            "{changed} lists changed"
        );
    }
}
