//! The query syntax of topic feeds and of the search page, and matching it against papers.
//!
//! `static/search.js` reads the same syntax (its `terms` and `parse` functions): a change
//! here needs the same change there. A query is terms separated by spaces:
//!
//! - a word: every token of it (the search index's tokenizer, [`tokens`], stop words and
//!   one-letter words left out) must be among the tokens of the paper's title, authors, id,
//!   categories, TL;DR or abstract, compared by their stems ([`Stemmer`]). A word like
//!   `cs.CL` or `2506.20747` that is a category code or an arXiv id of the site is matched
//!   whole, as the index keeps it; any other `self-supervised` is its words.
//! - `author:NAME` or `author:"First Last"`: every token of the name is among the tokens of
//!   the paper's author names.
//! - `cat:CODE`: the paper is listed in category `CODE` (its own or a cross-list), in any
//!   case.
//! - `-` before any of these: papers it matches are left out.
//!
//! `"double quotes"` only group the words of a name after `author:`; a quoted phrase on its
//! own is refused in `site.toml` (the search page reads its words).

use std::collections::HashMap;

use crate::model::{Paper, Site};
use crate::render::search::{
    paper_tokens,
    tokens::{Stemmer, token_list},
};

/// What a term asks of a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Word,
    Author,
    Cat,
}

/// One term of a query, as written (without its `-` and operator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: Kind,
    pub value: String,
    pub negated: bool,
}

/// A query, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// Cuts a query into its terms as written: runs of non-space characters, a `"` opening a
/// part that runs to the next `"` (spaces included). Returns each term and whether one of
/// its quotes is left open.
fn raw_terms(q: &str) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in q.chars() {
        if c == '"' {
            quoted = !quoted;
            cur.push(c);
        } else if c.is_whitespace() && !quoted {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    (out, quoted)
}

impl Query {
    /// Parses `q`; an error says what is wrong in a sentence.
    pub fn parse(q: &str) -> Result<Query, String> {
        if q.trim().is_empty() {
            return Err("the query is empty".into());
        }
        let (raw, open) = raw_terms(q);
        if open {
            return Err("a `\"` is not closed".into());
        }
        let mut terms = Vec::new();
        for t in raw {
            let (negated, rest) = match t.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, t.as_str()),
            };
            if rest.is_empty() {
                return Err("a `-` must be followed by what to leave out".into());
            }
            let (kind, value) = match rest.split_once(':') {
                Some((op, v)) if !op.is_empty() && op.chars().all(|c| c.is_ascii_alphabetic()) => {
                    match op.to_ascii_lowercase().as_str() {
                        "author" => (Kind::Author, v),
                        "cat" => (Kind::Cat, v),
                        _ => {
                            return Err(format!(
                                "unknown operator `{op}:` in `{t}` (known: `author:`, `cat:`)"
                            ));
                        }
                    }
                }
                _ => (Kind::Word, rest),
            };
            if kind == Kind::Word && value.contains('"') {
                return Err(format!(
                    "phrases are not supported: `{t}` (drop the quotes to match all its words)"
                ));
            }
            let value = value.replace('"', "");
            let value = value.trim();
            match kind {
                Kind::Author if token_list(value, false).is_empty() => {
                    return Err(format!("`{t}` names no author"));
                }
                Kind::Cat if value.is_empty() || value.contains(char::is_whitespace) => {
                    return Err(format!("`{t}` must name one category code, as `cat:cs.CL`"));
                }
                Kind::Word if token_list(value, false).is_empty() => {
                    return Err(format!(
                        "`{t}` has no word the search indexes (stop words and one-letter words are left out)"
                    ));
                }
                _ => {}
            }
            terms.push(Term {
                kind,
                value: value.to_string(),
                negated,
            });
        }
        if terms.iter().all(|t| t.negated) {
            return Err(
                "the query needs a word, an author or a category to match, not only exclusions"
                    .into(),
            );
        }
        Ok(Query { terms })
    }
}

/// What a paper must have for a term to match it: each of these.
#[derive(Debug, Clone)]
enum Need {
    /// A token (a stem, by its place in [`Stems`]) in any field, or in the authors' names
    /// only.
    Token { stem: usize, authors: bool },
    /// An arXiv id or a category code, lowercased.
    Whole(String),
    /// A category code, lowercased.
    Cat(String),
}

/// The stems some query needs, each with its place: what [`Scanner`] looks for in papers.
#[derive(Debug, Default)]
pub struct Stems(HashMap<String, usize>);

impl Stems {
    fn place(&mut self, stem: String) -> usize {
        let n = self.0.len();
        *self.0.entry(stem).or_insert(n)
    }
}

/// A query made ready to match papers of one site.
pub struct Matcher {
    /// Each term's needs, and whether it is an exclusion.
    terms: Vec<(Vec<Need>, bool)>,
}

/// Which of the needed stems a paper has: in any field, and in its authors' names.
pub struct Seen {
    any: Vec<bool>,
    authors: Vec<bool>,
}

/// Finds the needed stems in papers. Each distinct word is stemmed once and remembered,
/// so a paper costs one pass of its tokenizer and a lookup per token.
pub struct Scanner<'a> {
    stems: &'a Stems,
    stemmer: Stemmer,
    /// A token as written, and the place of its stem if a query needs it.
    known: HashMap<Box<str>, Option<usize>>,
}

impl<'a> Scanner<'a> {
    pub fn new(stems: &'a Stems) -> Scanner<'a> {
        Scanner {
            stems,
            stemmer: Stemmer::default(),
            known: HashMap::new(),
        }
    }

    pub fn scan(&mut self, p: &Paper) -> Seen {
        let n = self.stems.0.len();
        let mut seen = Seen {
            any: vec![false; n],
            authors: vec![false; n],
        };
        if n == 0 {
            return seen;
        }
        paper_tokens(p, &mut |t, field| {
            let place = match self.known.get(t) {
                Some(&place) => place,
                None => {
                    let place = self.stems.0.get(self.stemmer.stem(t).as_ref()).copied();
                    self.known.insert(t.into(), place);
                    place
                }
            };
            if let Some(i) = place {
                seen.any[i] = true;
                if field == 1 || field == 2 {
                    seen.authors[i] = true;
                }
            }
        });
        seen
    }
}

/// Whether a piece of a word is a compound the index may keep whole: letters and digits
/// joined by single `.`, `/` or `-` (`cs.CL`, `2506.20747`, `hep-th/9901001`).
fn is_compound(p: &str) -> bool {
    let mut parts = 0;
    for part in p.split(['.', '/', '-']) {
        if part.is_empty() || !part.chars().all(char::is_alphanumeric) {
            return false;
        }
        parts += 1;
    }
    parts > 1
}

/// An arXiv id without its version (`2506.20747v2` -> `2506.20747`).
fn without_version(p: &str) -> &str {
    if let Some((head, v)) = p.rsplit_once('v')
        && !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_digit())
    {
        let new_style = head.len() >= 9
            && head.as_bytes()[4] == b'.'
            && head[..4].bytes().all(|b| b.is_ascii_digit())
            && head[5..].bytes().all(|b| b.is_ascii_digit())
            && (4..=5).contains(&(head.len() - 5));
        let old_style = head.rsplit_once('/').is_some_and(|(a, n)| {
            n.len() == 7
                && n.bytes().all(|b| b.is_ascii_digit())
                && !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '.')
        });
        if new_style || old_style {
            return head;
        }
    }
    p
}

impl Matcher {
    /// The matcher of `q` on `site`; the stems it needs are added to `stems`.
    pub fn new(q: &Query, site: &Site, stems: &mut Stems) -> Matcher {
        let stemmer = Stemmer::default();
        let mut stem = |t: &str| stems.place(stemmer.stem(t).into_owned());
        let whole = |p: &str| {
            site.ix_of(p).is_some() || site.categories().iter().any(|c| c.code.to_lowercase() == p)
        };
        let terms = q
            .terms
            .iter()
            .map(|t| {
                let needs = match t.kind {
                    Kind::Cat => vec![Need::Cat(t.value.to_lowercase())],
                    Kind::Author => token_list(&t.value, false)
                        .iter()
                        .map(|w| Need::Token {
                            stem: stem(w),
                            authors: true,
                        })
                        .collect(),
                    Kind::Word => {
                        let lower = t.value.to_lowercase();
                        let mut needs = Vec::new();
                        let pieces = lower.split(|c: char| {
                            !(c.is_alphabetic() || c.is_numeric() || matches!(c, '.' | '/' | '-'))
                        });
                        for raw in pieces {
                            let piece = raw.trim_matches(['.', '/', '-']);
                            if piece.is_empty() {
                                continue;
                            }
                            if is_compound(piece) {
                                let w = without_version(piece);
                                if whole(w) {
                                    needs.push(Need::Whole(w.to_string()));
                                    continue;
                                }
                            }
                            for w in token_list(piece, false) {
                                needs.push(Need::Token {
                                    stem: stem(&w),
                                    authors: false,
                                });
                            }
                        }
                        needs
                    }
                };
                (needs, t.negated)
            })
            .collect();
        Matcher { terms }
    }

    /// Whether the query matches paper `p`, which has the stems `seen`.
    pub fn matches(&self, p: &Paper, seen: &Seen) -> bool {
        let has = |n: &Need| match n {
            Need::Token { stem, authors } => {
                if *authors {
                    seen.authors[*stem]
                } else {
                    seen.any[*stem]
                }
            }
            Need::Whole(w) => {
                p.id.to_lowercase() == *w
                    || std::iter::once(&p.category)
                        .chain(&p.other_categories)
                        .any(|c| c.to_lowercase() == *w)
            }
            Need::Cat(c) => std::iter::once(&p.category)
                .chain(&p.other_categories)
                .any(|x| x.to_lowercase() == *c),
        };
        self.terms.iter().all(|(needs, negated)| {
            let all = !needs.is_empty() && needs.iter().all(has);
            all != *negated
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> String {
        Query::parse(q).unwrap_err()
    }

    #[test]
    fn terms_operators_and_quotes() {
        let q =
            Query::parse(r#"diffusion author:"Yann LeCun" -cat:cs.CV -survey CAT:cs.LG"#).unwrap();
        let kinds: Vec<(Kind, &str, bool)> = q
            .terms
            .iter()
            .map(|t| (t.kind.clone(), t.value.as_str(), t.negated))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Word, "diffusion", false),
                (Kind::Author, "Yann LeCun", false),
                (Kind::Cat, "cs.CV", true),
                (Kind::Word, "survey", true),
                (Kind::Cat, "cs.LG", false),
            ]
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(err("  ").contains("empty"));
        assert!(err("title:x").contains("unknown operator `title:`"));
        assert!(err("author:\"Yann").contains("not closed"));
        assert!(err("\"large models\"").contains("phrases"));
        assert!(err("-cat:cs.CV").contains("not only exclusions"));
        assert!(err("the of").contains("no word"));
        assert!(err("model -").contains("`-`"));
        assert!(err("author:").contains("names no author"));
        assert!(err("cat:").contains("category code"));
    }

    #[test]
    fn versions_are_dropped_from_ids_only() {
        assert_eq!(without_version("2506.20747v2"), "2506.20747");
        assert_eq!(without_version("hep-th/9901001v3"), "hep-th/9901001");
        assert_eq!(without_version("gpt-v2"), "gpt-v2");
        assert!(is_compound("cs.cl") && is_compound("self-supervised"));
        assert!(!is_compound("model") && !is_compound("a..b"));
    }
}
