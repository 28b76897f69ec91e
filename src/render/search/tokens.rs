//! The tokenizer, hash and number encoding the search index and `static/search.js` share.
//! Both sides must cut text into the same tokens: any change here needs the same change
//! there (and a new `FORMAT` in `mod.rs`).
//!
//! - Text is lowercased as a whole, then cut into runs. A run of letters and digits that are
//!   not CJK is a word; words shorter than 2 or longer than 40 characters and stop words are
//!   dropped.
//! - A run of CJK characters (Han, kana: [`is_cjk`]) has no spaces to cut at: it gives its overlapping
//!   bigrams (`注意力` gives `注意`, `意力`); a lone CJK character gives itself. Titles and
//!   authors also give every character alone, so one-character queries find them.
//! - arXiv ids and category codes are indexed whole (`2506.20747`, `cs.cl`) in their own
//!   fields.
//! - The index keeps English words by their stem ([`Stemmer`]); the browser does not stem,
//!   it finds a word's stem in the vocabulary files.

use std::borrow::Cow;

use crate::content::text::is_cjk;

/// Declares [`STOPWORDS`] and `is_stopword` from one list of words.
macro_rules! stopwords {
    ($($w:literal),* $(,)?) => {
        /// Words too common to help: not indexed, dropped from queries. Shipped to the
        /// browser in `search/meta.json`.
        pub const STOPWORDS: &[&str] = &[$($w),*];

        /// Whether `w` is in [`STOPWORDS`]. A `match` compiles to a switch on the length and
        /// a few comparisons: searching the list was a tenth of the index's time.
        fn is_stopword(w: &str) -> bool {
            matches!(w, $($w)|*)
        }
    };
}

stopwords![
    "an", "and", "are", "arxiv", "as", "at", "be", "been", "but", "by", "can", "do", "for", "from",
    "has", "have", "in", "into", "is", "it", "its", "not", "of", "on", "or", "our", "that", "the",
    "their", "these", "this", "those", "to", "via", "was", "we", "were", "which", "while", "with",
];

/// The longest word indexed, in characters.
pub const MAX_WORD: usize = 40;

/// Calls `f` with each token of `text` (lowercased), in order; a token may repeat.
/// `unigrams`: also every CJK character alone.
pub fn tokens(text: &str, unigrams: bool, f: &mut impl FnMut(&str)) {
    // The same result for ASCII text, without the Unicode tables.
    let ascii = text.is_ascii();
    let lower = if ascii {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    };
    let s = lower.as_str();
    if ascii {
        // No CJK, and a character is a byte: the same words, cut byte by byte.
        let mut start = None;
        for (i, b) in s.bytes().enumerate() {
            match (b.is_ascii_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    word(&s[st..i], i - st, f);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            word(&s[st..], s.len() - st, f);
        }
        return;
    }
    // The word being read: where it starts and how many characters it has.
    let mut word: Option<(usize, usize)> = None;
    // The CJK run being read: each character's start and end.
    let mut run: Vec<(usize, usize)> = Vec::new();
    for (i, c) in s.char_indices() {
        if is_cjk(c) {
            end_word(s, &mut word, i, f);
            run.push((i, i + c.len_utf8()));
        } else {
            // Checked here, not in the call: this runs for every character.
            if !run.is_empty() {
                end_run(s, &mut run, unigrams, f);
            }
            if c.is_alphanumeric() {
                let (start, n) = word.unwrap_or((i, 0));
                word = Some((start, n + 1));
            } else {
                end_word(s, &mut word, i, f);
            }
        }
    }
    end_word(s, &mut word, s.len(), f);
    end_run(s, &mut run, unigrams, f);
}

#[inline]
fn end_word(s: &str, word: &mut Option<(usize, usize)>, end: usize, f: &mut impl FnMut(&str)) {
    if let Some((start, n)) = word.take() {
        self::word(&s[start..end], n, f);
    }
}

/// Gives word `w` of `n` characters to `f`, unless it is too short, too long or a stop word.
#[inline]
fn word(w: &str, n: usize, f: &mut impl FnMut(&str)) {
    if (2..=MAX_WORD).contains(&n) && !is_stopword(w) {
        f(w);
    }
}

fn end_run(s: &str, run: &mut Vec<(usize, usize)>, unigrams: bool, f: &mut impl FnMut(&str)) {
    match run.len() {
        0 => return,
        1 => f(&s[run[0].0..run[0].1]),
        _ => {
            for w in run.windows(2) {
                f(&s[w[0].0..w[1].1]);
            }
            if unigrams {
                for &(a, b) in run.iter() {
                    f(&s[a..b]);
                }
            }
        }
    }
    run.clear();
}

/// English word forms: `transformers`, `transformer` and `transforming` are all indexed as
/// `transform`, by the Snowball English stemmer (Porter2). Only words of three or more ASCII
/// letters change; names, numbers, CJK, ids and categories stay as they are.
pub struct Stemmer(rust_stemmers::Stemmer);

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::English,
        ))
    }
}

impl Stemmer {
    /// The token the index keeps for token `t`.
    pub fn stem<'a>(&self, t: &'a str) -> Cow<'a, str> {
        if t.len() < 3 || !t.bytes().all(|b| b.is_ascii_lowercase()) {
            return Cow::Borrowed(t);
        }
        match self.0.stem(t) {
            s if s.len() >= 2 => s,
            _ => Cow::Borrowed(t),
        }
    }
}

/// Every token of `text`, for tests and small jobs.
pub fn token_list(text: &str, unigrams: bool) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, unigrams, &mut |t| out.push(t.to_string()));
    out
}

/// 32-bit FNV-1a of the UTF-8 bytes: which file a token's postings are in.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The 64 characters numbers are written with (base 64's).
pub const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `v` as a variable-length number: 5 bits a character, low bits first, the 6th bit
/// set on every character but the last.
pub fn push_vlq(out: &mut String, mut v: u32) {
    loop {
        let mut d = v & 31;
        v >>= 5;
        if v > 0 {
            d |= 32;
        }
        out.push(DIGITS[d as usize] as char);
        if v == 0 {
            break;
        }
    }
}

/// Reads the numbers [`push_vlq`] wrote.
pub fn read_vlq(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut v: u32 = 0;
    let mut shift = 0;
    for b in s.bytes() {
        let d = DIGITS.iter().position(|&x| x == b)? as u32;
        v |= (d & 31).checked_shl(shift)?;
        if d & 32 != 0 {
            shift += 5;
        } else {
            out.push(v);
            v = 0;
            shift = 0;
        }
    }
    (shift == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        // `is_stopword`'s shortcut misses none of the list.
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        let matched = [
            "an", "and", "arxiv", "with", "model", "a", "thee", "wit", "",
        ]
        .iter()
        .filter(|w| is_stopword(w))
        .count();
        assert_eq!(matched, 4);
    }

    /// ASCII text is cut byte by byte: the same tokens as the character by character way,
    /// which a single non-ASCII character at the end makes it take.
    #[test]
    fn ascii_text_gives_the_same_tokens_both_ways() {
        for text in [
            "Attention Is All You Need: GPT-4 & the VAE",
            "a b2 c33 longer-words_under.score 2506.20747 x",
            "  leading and trailing spaces  ",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmn abcdefghijklmnopqrstuvwxyzabcdefghijklmno",
            "",
            "q",
        ] {
            let mut slow = token_list(&format!("{text} éé"), false);
            assert_eq!(slow.pop().as_deref(), Some("éé"));
            assert_eq!(token_list(text, false), slow, "{text:?}");
        }
    }

    #[test]
    fn english_words() {
        assert_eq!(
            token_list("Attention Is All You Need: GPT-4 & the β-VAE", false),
            ["attention", "all", "you", "need", "gpt", "β", "vae"]
                .iter()
                .filter(|w| w.chars().count() > 1)
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn chinese_bigrams_and_unigrams() {
        assert_eq!(
            token_list("注意力机制", false),
            ["注意", "意力", "力机", "机制"]
        );
        assert_eq!(token_list("图 像", false), ["图", "像"]);
        assert_eq!(
            token_list("大模型LLM推理", true),
            ["大模", "模型", "大", "模", "型", "llm", "推理", "推", "理"]
        );
        assert_eq!(token_list("用于3D模型", false), ["用于", "3d", "模型"]);
    }

    #[test]
    fn english_word_forms_share_a_stem() {
        let s = Stemmer::default();
        for w in [
            "transform",
            "transformer",
            "transformers",
            "transforming",
            "transformation",
            "transformations",
        ] {
            assert_eq!(s.stem(w), "transform", "{w}");
        }
        assert_eq!(s.stem("models"), s.stem("modeling"));
        assert_eq!(s.stem("diffusion"), s.stem("diffusions"));
        // Left alone: short words, digits, other scripts.
        for w in ["su", "gpt4", "llama3", "naïve", "模型", "3d"] {
            assert_eq!(s.stem(w), w);
        }
    }

    #[test]
    fn vlq_round_trip() {
        let mut s = String::new();
        let vals = [0, 1, 31, 32, 1000, 99_999, u32::MAX];
        for v in vals {
            push_vlq(&mut s, v);
        }
        assert_eq!(read_vlq(&s).unwrap(), vals);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}
