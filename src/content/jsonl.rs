//! JSON Lines digests: one paper per line, as daily-arXiv pipelines keep their data
//! (`data/2025-06-27_AI_enhanced_Chinese.jsonl`). A record's keys are labels like a Markdown
//! digest's: `title`, `authors`, `categories` (primary first), `abs` and `pdf`, `comment`,
//! `summary` (the abstract) and the `AI` object (`tldr`, `motivation`, `method`, `result`,
//! `conclusion`, whatever else a fork adds). Every other key is kept under its own label;
//! keys starting with `_` are a pipeline's internals and skipped. Lines written as Python
//! literals (single quotes, `None`), as some pipelines write them, are read too.

use serde_json::{Map, Value};

use super::Parsed;
use super::block::{Block, Field};
use super::fields::{self, Line};
use super::ledger::{Ledger, Use};
use super::text::join_wrapped;
use crate::arxiv::{self, ArxivId};
use crate::model::PaperDraft;

/// Items of a list shown inline (`a, b, c`) when each is at most this many characters;
/// longer items make a bulleted list.
const INLINE_ITEM: usize = 60;

pub fn parse(lines: &[Line], ledger: &mut Ledger) -> Parsed {
    let mut out = Parsed::default();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let record = match serde_json::from_str::<Value>(t) {
            Ok(v) => Ok(v),
            Err(e) => python_literal(t).ok_or(e),
        };
        let record = match record {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                ledger.mark(line.no, Use::Lost);
                out.warn(line.no, "not a JSON object; line skipped".to_string());
                continue;
            }
            Err(e) => {
                ledger.mark(line.no, Use::Lost);
                out.warn(line.no, format!("not JSON ({e}); line skipped"));
                continue;
            }
        };
        match paper(&record, line.no, &mut out.notes) {
            Some(p) => {
                ledger.mark(line.no, Use::Shown);
                out.papers.push((line.no, p));
            }
            None => ledger.mark(line.no, Use::Lost),
        }
    }
    out
}

/// The arXiv id of a record: `id` (`2506.20747`, `arXiv:2506.20747v2`), `arxiv_id`, or
/// its `abs`, `pdf` or `link` URL.
fn record_id(r: &Map<String, Value>) -> Option<ArxivId> {
    for key in ["id", "arxiv_id", "arxiv", "paper_id"] {
        if let Some(Value::String(s)) = r.get(key) {
            let s = s.trim();
            let bare = s
                .strip_prefix("arXiv:")
                .or_else(|| s.strip_prefix("arxiv:"))
                .unwrap_or(s);
            if let Some(id) = arxiv::parse_id(bare).or_else(|| arxiv::id_from_url(s)) {
                return Some(id);
            }
        }
    }
    ["abs", "pdf", "link", "url"]
        .iter()
        .filter_map(|k| r.get(*k)?.as_str())
        .find_map(arxiv::id_from_url)
}

/// One record as a paper, its keys read as a Markdown digest's labels are.
fn paper(r: &Map<String, Value>, line: usize, notes: &mut fields::Notes) -> Option<PaperDraft> {
    let Some(id) = record_id(r) else {
        notes.push((
            line,
            "record has no arXiv id or link; line skipped".to_string(),
        ));
        return None;
    };
    let title = r.get("title").map(readable).unwrap_or_default();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        notes.push((line, format!("paper {id} has no title; line skipped")));
        return None;
    }
    let mut block = Block::default();
    for (key, value) in r {
        match key.as_str() {
            "id" | "arxiv_id" | "title" => {}
            "AI" | "ai" => match value {
                Value::Object(ai) => {
                    for (k, v) in ai {
                        push(&mut block, k, v, line);
                    }
                }
                other => push(&mut block, "AI", other, line),
            },
            // The arXiv API's name for the abstract.
            "summary" => push(&mut block, "Abstract", value, line),
            k => push(&mut block, k, value, line),
        }
    }
    let mut paper = PaperDraft {
        id,
        title,
        ..PaperDraft::default()
    };
    fields::fill_paper(&mut paper, block, notes);
    Some(paper)
}

/// Adds a key's value as a labelled field, unless it is internal or says nothing.
fn push(block: &mut Block, key: &str, value: &Value, line: usize) {
    if key.starts_with('_') {
        return;
    }
    let value = readable(value);
    if value.trim().is_empty() {
        return;
    }
    block.fields.push(Field {
        label: label(key),
        value,
        line,
    });
}

/// A key as a label: `key_contributions` is "Key contributions"; `TL;DR` stays as it is.
fn label(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let spaced = spaced.trim();
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) if key.contains('_') || key.chars().all(|c| c.is_lowercase()) => {
            c.to_uppercase().chain(chars).collect()
        }
        _ => spaced.to_string(),
    }
}

/// A value as Markdown a reader can read: text with its hard wraps joined, numbers as they
/// are, yes or no, short lists inline, longer ones as bullets, objects as `key: value` lines.
fn readable(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => join_wrapped(&s.lines().collect::<Vec<_>>()),
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .map(readable)
                .filter(|s| !s.trim().is_empty())
                .collect();
            if items
                .iter()
                .all(|s| s.chars().count() <= INLINE_ITEM && !s.contains('\n'))
            {
                items.join(", ")
            } else {
                items
                    .iter()
                    .map(|s| format!("- {}", s.replace('\n', " ")))
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| (label(k), readable(v)))
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("- {k}: {}", v.replace('\n', " ")))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Reads a Python literal (`{'id': 'x', 'n': None, 'ok': True}`) as a JSON value.
pub fn python_literal(s: &str) -> Option<Value> {
    let mut p = Py {
        s: s.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

/// A recursive-descent reader of Python literals, bounded in depth.
struct Py<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl Py<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.ws();
        self.depth += 1;
        if self.depth > 64 {
            return None;
        }
        let v = match *self.s.get(self.i)? {
            b'{' => self.dict()?,
            b'[' => self.list(b']')?,
            b'(' => self.list(b')')?,
            q @ (b'\'' | b'"') => Value::String(self.string(q)?),
            _ => self.word()?,
        };
        self.depth -= 1;
        Some(v)
    }

    /// After an item of a dict or list: `true` if a `,` and another item follow, `false` at
    /// the `close` bracket (a trailing comma allowed), `None` at anything else.
    fn more_items(&mut self, close: u8) -> Option<bool> {
        if self.eat(b',') {
            Some(!self.eat(close))
        } else if self.eat(close) {
            Some(false)
        } else {
            None
        }
    }

    /// A dict (`{'k': v, ...}`); the opening brace is at `self.i`.
    fn dict(&mut self) -> Option<Value> {
        self.i += 1;
        let mut map = Map::new();
        if !self.eat(b'}') {
            loop {
                let Value::String(k) = self.value()? else {
                    return None;
                };
                if !self.eat(b':') {
                    return None;
                }
                let v = self.value()?;
                map.insert(k, v);
                if !self.more_items(b'}')? {
                    break;
                }
            }
        }
        Some(Value::Object(map))
    }

    /// A list or tuple up to its `close` bracket; the opening one is at `self.i`.
    fn list(&mut self, close: u8) -> Option<Value> {
        self.i += 1;
        let mut items = Vec::new();
        if !self.eat(close) {
            loop {
                items.push(self.value()?);
                if !self.more_items(close)? {
                    break;
                }
            }
        }
        Some(Value::Array(items))
    }

    /// A bare word: `None`, `True`, `False` (or `null`, `true`, `false`) or a number.
    fn word(&mut self) -> Option<Value> {
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        {
            self.i += 1;
        }
        let word = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        match word {
            "None" | "null" => Some(Value::Null),
            "True" | "true" => Some(Value::Bool(true)),
            "False" | "false" => Some(Value::Bool(false)),
            w => serde_json::from_str::<serde_json::Number>(w)
                .ok()
                .map(Value::Number),
        }
    }

    /// A quoted string; the opening quote is at `self.i`.
    fn string(&mut self, q: u8) -> Option<String> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                _ if b == q => break,
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'u' | b'x' => {
                            let n = if e == b'u' { 4 } else { 2 };
                            let hex = std::str::from_utf8(self.s.get(self.i..self.i + n)?).ok()?;
                            self.i += n;
                            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)
                                .unwrap_or('\u{FFFD}');
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8(out).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Parsed, Ledger) {
        crate::content::parse_with(text, parse)
    }

    #[test]
    fn a_daily_arxiv_record() {
        let text = r#"{"id": "2501.00001v2", "categories": ["cs.LG", "cs.CL"], "pdf": "https://arxiv.org/pdf/2501.00001", "abs": "https://arxiv.org/abs/2501.00001", "authors": ["A. One", "B. Two"], "title": "A  Title", "comment": null, "summary": "Hard\nwrapped abstract.", "code_url": "https://github.com/x/y", "_score_breakdown": {"a": 1}, "AI": {"tldr": "短", "motivation": "m", "method": "", "key_contributions": ["one", "two"], "importance_score": 8, "deep_read": true}}"#;
        let (p, ledger) = parse_text(text);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        assert_eq!(ledger.lines(Use::Shown), [1]);
        let (_, a) = &p.papers[0];
        assert_eq!(a.id, "2501.00001");
        assert_eq!(a.title, "A Title");
        assert_eq!(a.authors, ["A. One", "B. Two"]);
        assert_eq!(a.category, "cs.LG");
        assert_eq!(a.other_categories, ["cs.CL"]);
        assert_eq!(a.abstract_en, "Hard wrapped abstract.");
        assert_eq!(a.tldr, "短");
        assert_eq!(a.motivation, "m");
        assert!(a.method.is_empty());
        let extra: Vec<(&str, &str)> = a
            .extra
            .iter()
            .map(|(l, v)| (l.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            extra,
            [
                ("Code url", "https://github.com/x/y"),
                ("Key contributions", "one, two"),
                ("Importance score", "8"),
                ("Deep read", "yes"),
            ]
        );
    }

    #[test]
    fn bad_lines_are_warnings_and_the_rest_is_read() {
        let text = "{\"id\": \"2501.00001\", \"title\": \"One\"}\nnot json\n[1, 2]\n{\"title\": \"no id\"}\n\n{'arxiv_id': 'arXiv:2501.00002', 'title': 'It\\'s Two', 'authors': 'A, B', 'comment': None, 'ok': True}\n";
        let (p, ledger) = parse_text(text);
        let ids: Vec<&str> = p.papers.iter().map(|(_, p)| p.id.as_str()).collect();
        assert_eq!(ids, ["2501.00001", "2501.00002"]);
        let lines: Vec<usize> = p.notes.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert_eq!(ledger.lines(Use::Lost), [2, 3, 4]);
        let two = &p.papers[1].1;
        assert_eq!(two.title, "It's Two");
        assert_eq!(two.authors, ["A", "B"]);
        assert_eq!(two.extra, [("Ok".to_string(), "yes".to_string())]);
    }

    #[test]
    fn python_literals() {
        assert_eq!(
            python_literal("{'a': [1, 2.5, None], \"b\": ('x', True), 'c': '\\u4e2d'}"),
            Some(serde_json::json!({"a": [1, 2.5, null], "b": ["x", true], "c": "中"}))
        );
        assert_eq!(
            python_literal("{'a': [1, 2,], 'b': (3,), 'c': {},}"),
            Some(serde_json::json!({"a": [1, 2], "b": [3], "c": {}}))
        );
        assert_eq!(python_literal("[1 2]"), None);
        assert_eq!(python_literal("{'a' 1}"), None);
        assert_eq!(python_literal("{1: 2}"), None);
        assert_eq!(python_literal("{'a': }"), None);
        assert_eq!(python_literal("{'a': 1} extra"), None);
        assert_eq!(python_literal(&"[".repeat(1000)), None);
    }

    #[test]
    fn long_items_make_a_list_and_objects_lines() {
        let long = "x".repeat(80);
        let v = serde_json::json!([long, "short"]);
        assert_eq!(readable(&v), format!("- {long}\n- short"));
        let v = serde_json::json!({"hardware": "GPU", "_x": 1, "n": null});
        assert_eq!(readable(&v), "- Hardware: GPU");
    }
}
