//! Turning a file's bytes into clean lines: UTF-8 (BOM, invalid bytes), line endings, NUL.

/// The decoded text of a file and, if some bytes were not UTF-8, the line of the first one.
pub struct Decoded {
    pub text: String,
    pub invalid_utf8_line: Option<usize>,
    pub had_nul: bool,
}

/// Decodes bytes as UTF-8 (invalid sequences become U+FFFD), drops a BOM, turns CRLF and
/// lone CR into LF and NUL into U+FFFD.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, invalid_utf8_line) = match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            (String::from_utf8_lossy(bytes), Some(line))
        }
    };
    let had_nul = text.contains('\0');
    let needs_fix = had_nul || text.contains('\r');
    let text = if needs_fix {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push('\n');
                }
                '\0' => out.push('\u{FFFD}'),
                c => out.push(c),
            }
        }
        out
    } else {
        text.into_owned()
    };
    Decoded {
        text,
        invalid_utf8_line,
        had_nul,
    }
}

/// Whether a character is of a CJK script written without spaces between words: Han
/// ideographs (CJK Unified Ideographs U+4E00–9FFF, extension A U+3400–4DBF, the
/// compatibility ideographs U+F900–FAFF, and plane 2: extensions B to F and I and the
/// compatibility supplement) and Japanese kana (Hiragana and Katakana, U+3040–30FF).
/// Hangul is not: Korean puts spaces between words. Punctuation is not either (see
/// [`is_cjk_punctuation`]).
///
/// The search index cuts runs of these characters into bigrams, and the browser must cut a
/// query the same way: the `CJK` pattern of `static/search.js` holds the same ranges (a test
/// compares them). Inlined: the tokenizer calls it for every character it reads.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// CJK Symbols and Punctuation (U+3000–303F: `、。「」`, the ideographic space) and the
/// Halfwidth and Fullwidth Forms (U+FF00–FFEF: `，：（）`, full-width letters): CJK text has
/// no spaces around them either.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// Hangul syllables (U+AC00–D7AF).
fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF)
}

/// Whether two wrapped lines meeting at `a` and `b` join without a space.
fn joins_without_space(a: char, b: char) -> bool {
    let tight = |c: char| is_cjk(c) || is_cjk_punctuation(c);
    tight(a) && tight(b)
}

/// Whether most of a text's letters are CJK: the text is Chinese (or Japanese, Korean).
/// CJK punctuation counts with them.
pub fn is_mostly_cjk(s: &str) -> bool {
    let mut cjk = 0usize;
    let mut other = 0usize;
    for c in s.chars() {
        if is_cjk(c) || is_cjk_punctuation(c) || is_hangul(c) {
            cjk += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    // A Chinese sentence with a few English terms still counts as Chinese: a CJK character
    // carries about as much as a short English word.
    cjk > 0 && cjk * 3 >= other
}

/// Joins hard-wrapped lines into paragraphs: lines of one paragraph become one line (joined
/// with a space, or with nothing between two CJK characters); blank lines separate paragraphs;
/// list items and other Markdown block starts keep their own line. Trailing spaces go.
pub fn join_wrapped(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank_pending = false;
    // Inside a code fence lines are kept as they are.
    let mut fence = false;
    let mut after_fence = false;
    for raw in lines {
        if fence {
            out.push('\n');
            out.push_str(raw.trim_end());
            if is_fence(raw) {
                fence = false;
                after_fence = true;
            }
            continue;
        }
        let line = raw.trim();
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if out.is_empty() {
        } else if blank_pending {
            out.push_str("\n\n");
        } else if after_fence || starts_block(line) || is_fence(line) {
            out.push('\n');
        } else {
            let last = out.chars().next_back();
            let first = line.chars().next();
            if !matches!((last, first), (Some(a), Some(b)) if joins_without_space(a, b)) {
                out.push(' ');
            }
        }
        blank_pending = false;
        after_fence = false;
        fence = is_fence(line);
        out.push_str(line);
    }
    out
}

/// Whether a line opens or closes a code fence (```` ``` ```` or `~~~`).
pub fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// The words of a text, lower-cased: runs of letters and digits, and each Han or kana
/// character on its own (Chinese is not written with spaces; Korean is, and its words are
/// runs). Markup and punctuation are not words.
pub fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = s;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(|c: char| c.is_alphanumeric())?;
            rest = &rest[start..];
            let first = rest.chars().next()?;
            if is_cjk(first) {
                rest = &rest[first.len_utf8()..];
                return Some(first.to_string());
            }
            let end = rest
                .find(|c: char| !c.is_alphanumeric() || is_cjk(c))
                .unwrap_or(rest.len());
            let w = rest[..end].to_lowercase();
            rest = &rest[end..];
            if !w.is_empty() {
                return Some(w);
            }
        }
    })
}

fn starts_block(line: &str) -> bool {
    if line.starts_with(['-', '*', '+']) && line[1..].starts_with(' ') {
        return true;
    }
    if line.starts_with(['>', '|', '#']) {
        return true;
    }
    let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && digits < 4 && line[digits..].starts_with([')', '.']) && {
        let rest = &line[digits + 1..];
        rest.is_empty() || rest.starts_with(' ')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_cleans_bytes() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc\0d\n");
        assert_eq!(d.text, "a\nb\nc\u{FFFD}d\n");
        assert!(d.had_nul);
        assert_eq!(d.invalid_utf8_line, None);
        let d = decode(b"ok\nok\nbad \xFF here\n");
        assert_eq!(d.invalid_utf8_line, Some(3));
        assert!(d.text.contains("bad \u{FFFD} here"));
    }

    #[test]
    fn joins_wrapped_paragraphs() {
        assert_eq!(
            join_wrapped(&["Current approaches for", "tabular data.  ", "", "Second."]),
            "Current approaches for tabular data.\n\nSecond."
        );
        assert_eq!(join_wrapped(&["中文", "摘要"]), "中文摘要");
        assert_eq!(
            join_wrapped(&["Intro:", "1. one", "2. two"]),
            "Intro:\n1. one\n2. two"
        );
    }

    #[test]
    fn cjk_lines_join_without_a_space_and_korean_with_one() {
        assert_eq!(
            join_wrapped(&["提出了一种方法，", "「注意力」"]),
            "提出了一种方法，「注意力」"
        );
        assert_eq!(join_wrapped(&["日本語の", "テキスト"]), "日本語のテキスト");
        assert_eq!(join_wrapped(&["中文", "LLM 推理"]), "中文 LLM 推理");
        // Korean is written with spaces: a wrapped line breaks between two words.
        assert_eq!(
            join_wrapped(&["비디오 멀티모달", "모델을 제안한다"]),
            "비디오 멀티모달 모델을 제안한다"
        );
    }

    #[test]
    fn search_js_cuts_the_same_cjk_characters() {
        let js = include_str!("../../static/search.js");
        let class = js
            .lines()
            .find_map(|l| l.trim().strip_prefix("var CJK = /["))
            .and_then(|l| l.strip_suffix("]/u;"))
            .expect("static/search.js declares `var CJK = /[...]/u;`");
        let mut ranges = Vec::new();
        for range in class.split("\\u").skip(1).collect::<Vec<_>>().chunks(2) {
            let hex = |s: &str| {
                let s = s.trim_end_matches('-');
                u32::from_str_radix(s.trim_start_matches('{').trim_end_matches('}'), 16)
                    .expect("a hex code point")
            };
            ranges.push((hex(range[0]), hex(range[1])));
        }
        assert_eq!(ranges.len(), 5, "{class}");
        for n in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(n) {
                let in_js = ranges.iter().any(|&(a, b)| (a..=b).contains(&n));
                assert_eq!(is_cjk(c), in_js, "U+{n:04X}");
            }
        }
    }

    #[test]
    fn code_fences_keep_their_lines() {
        assert_eq!(
            join_wrapped(&["Intro", "```", "  a  b", "c", "```", "after", "this"]),
            "Intro\n```\n  a  b\nc\n```\nafter this"
        );
    }

    #[test]
    fn words_of_a_text() {
        let w: Vec<String> = words("We (re)use **GPT-4**: 中文摘要, x²!").collect();
        assert_eq!(
            w,
            ["we", "re", "use", "gpt", "4", "中", "文", "摘", "要", "x²"]
        );
        let w: Vec<String> = words("멀티모달 LLM으로, ひらがな").collect();
        assert_eq!(w, ["멀티모달", "llm으로", "ひ", "ら", "が", "な"]);
    }

    #[test]
    fn cjk_share() {
        assert!(is_mostly_cjk(
            "本文介绍了一个针对表格数据概率问答的新基准LUCARIO和一个框架"
        ));
        assert!(!is_mostly_cjk("We introduce a benchmark (基准)."));
    }
}
