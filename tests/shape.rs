//! The shape of the code: no function in src/ (tests aside) is longer than
//! [`MAX_LINES`] lines, so that each reads as a few named steps.

mod common;

use std::path::Path;

const MAX_LINES: usize = 80;

/// The source with comments, string and character literals blanked out (newlines kept), so
/// that braces can be counted.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        out.extend(s.iter().map(|&c| if c == b'\n' { '\n' } else { ' ' }));
    };
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            rest.windows(2)
                .position(|w| w == b"*/")
                .map_or(rest.len(), |p| p + 2)
        } else if let Some(n) = raw_string(rest) {
            n
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if rest[0] == b'\'' {
            char_literal(rest).unwrap_or(0)
        } else {
            0
        };
        if end > 0 {
            blank(&mut out, &rest[..end]);
            i += end;
        } else {
            let c = src[i..].chars().next().expect("in bounds");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) at the start of `s`.
fn raw_string(s: &[u8]) -> Option<usize> {
    let start = if s.starts_with(b"br") {
        2
    } else if s.starts_with(b"r") {
        1
    } else {
        return None;
    };
    let hashes = s[start..].iter().take_while(|&&c| c == b'#').count();
    if s.get(start + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let body = start + hashes + 1;
    let at = s[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())?;
    Some(body + at + close.len())
}

/// The length of a character literal at the start of `s` (not a lifetime).
fn char_literal(s: &[u8]) -> Option<usize> {
    if s.get(1) == Some(&b'\\') {
        let close = s[2..].iter().position(|&c| c == b'\'')?;
        return Some(close + 3);
    }
    let text = std::str::from_utf8(&s[1..s.len().min(6)])
        .ok()
        .or_else(|| {
            (2..6)
                .rev()
                .find_map(|n| std::str::from_utf8(&s[1..s.len().min(n)]).ok())
        })?;
    let c = text.chars().next()?;
    (s.get(1 + c.len_utf8()) == Some(&b'\'')).then_some(c.len_utf8() + 2)
}

/// (name, first line, lines) of every function with a body in `src`, before its tests.
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(src);
    let tests = code
        .match_indices("#[cfg(test)]")
        .find(|(at, tag)| code[at + tag.len()..].trim_start().starts_with("mod "));
    let code = match tests {
        Some((at, _)) => &code[..at],
        None => &code[..],
    };
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let Some(at) = line.find("fn ") else { continue };
        let before = &line[..at];
        let qualifier =
            |w: &str| matches!(w, "pub" | "const" | "async" | "unsafe") || w.starts_with("pub(");
        if !before.split_whitespace().all(qualifier)
            || !line[at + 3..].starts_with(|c: char| c.is_alphabetic() || c == '_')
        {
            continue;
        }
        let name: String = line[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened) = (0i32, false);
        'scan: for (m, l) in lines.iter().enumerate().skip(n) {
            let from = if m == n { at } else { 0 };
            for c in l[from..].chars() {
                match c {
                    ';' if !opened => break 'scan,
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => {
                        depth -= 1;
                        if opened && depth == 0 {
                            out.push((name.clone(), n + 1, m - n + 1));
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let src = common::repo().join("src");
    let mut long = Vec::new();
    let mut count = 0;
    let verbose = std::env::var_os("SHAPE_VERBOSE").is_some();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read a source file");
        let found = functions(&text);
        if verbose {
            eprintln!("{} {}", path.display(), found.len());
        }
        for (name, line, len) in found {
            count += 1;
            if len > MAX_LINES {
                let rel = path.strip_prefix(common::repo()).unwrap_or(Path::new(""));
                long.push(format!("{}:{line} {name}: {len} lines", rel.display()));
            }
        }
    }
    assert!(
        count > 500,
        "only {count} functions found: the scanner is broken"
    );
    assert!(
        long.is_empty(),
        "functions longer than {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_scanner_measures_what_it_should() {
    let src = "fn a() {\n    let s = \"}\";\n    let c = '}';\n    // }\n}\n\nfn b<'a>(x: &'a str) -> &'a str {\n    r#\"{\"#;\n    x\n}\nfn c();\n";
    let f = functions(src);
    assert_eq!(
        f,
        vec![("a".to_string(), 1, 5), ("b".to_string(), 7, 4)],
        "{f:?}"
    );
}
