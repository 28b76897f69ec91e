//! Optional TOML front matter between `+++` lines at the top of a digest file.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::Format;

/// The keys a digest file may set in its front matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub date: Option<NaiveDate>,
    pub category: Option<String>,
    pub title: Option<String>,
    /// The layout the file says it has (`daily-arxiv`, `bilingual` or `generic`).
    pub format: Option<Format>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    date: Option<toml::Value>,
    category: Option<String>,
    title: Option<String>,
    format: Option<String>,
}

/// A problem in the front matter, at a line of the file.
#[derive(Debug, PartialEq)]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// The front matter of a file and the index of the first body line (0 without front matter).
pub struct Split<'a> {
    pub front: Option<FrontMatter>,
    pub body_start: usize,
    pub lines: Vec<&'a str>,
}

/// The layouts front matter may name, by [`Format::as_str`].
pub const FORMATS: [Format; 3] = [Format::DailyArxiv, Format::Bilingual, Format::Generic];

fn lines_of(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

/// The index of the `+++` line that closes front matter opened on the first line.
fn closing_line(lines: &[&str]) -> Option<usize> {
    lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "+++")
        .map(|i| i + 1)
}

/// The closing `---` of YAML front matter opened on the first line: every line between is
/// `key: value`, an indented or `- ` continuation, or blank. A digest that merely starts
/// with a `---` rule has other lines (headings, bold labels) before its next rule.
fn yaml_end(lines: &[&str]) -> Option<usize> {
    if lines.first()?.trim_end() != "---" {
        return None;
    }
    for (i, l) in lines.iter().enumerate().skip(1).take(200) {
        if l.trim_end() == "---" {
            return (i > 1).then_some(i);
        }
        let key_value = l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        });
        let continued = l.starts_with([' ', '\t']) || l.starts_with("- ") || l.trim().is_empty();
        if !key_value && !continued {
            return None;
        }
    }
    None
}

/// [`split`], but a file with broken front matter is still read: its front matter is left
/// out (the body starts after the closing `+++`, or after the opening one when there is no
/// closing line) and the problem is returned beside it.
pub fn split_lenient(text: &str) -> (Split<'_>, Option<FrontMatterError>) {
    match split(text) {
        Ok(s) => (s, None),
        Err(e) => {
            let lines = lines_of(text);
            let body_start = closing_line(&lines).map_or(1, |c| c + 1);
            let s = Split {
                front: None,
                body_start,
                lines,
            };
            (s, Some(e))
        }
    }
}

/// Splits `text` into lines and reads the front matter if the first line is `+++`.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let lines = lines_of(text);
    if lines.first().map(|l| l.trim_end()) != Some("+++") {
        // YAML front matter, as Jekyll and MkDocs pages carry it: the page's settings, not
        // the digest's text. It is passed over (and counted as structure).
        let body_start = yaml_end(&lines).map_or(0, |close| close + 1);
        return Ok(Split {
            front: None,
            body_start,
            lines,
        });
    }
    let Some(close) = closing_line(&lines) else {
        return Err(FrontMatterError {
            line: 1,
            message: "front matter opened with +++ is never closed by another +++ line".into(),
        });
    };
    let toml_text = lines[1..close].join("\n");
    let front = parse(&toml_text).map_err(|mut e| {
        e.line += 1; // the opening +++ line
        e
    })?;
    Ok(Split {
        front: Some(front),
        body_start: close + 1,
        lines,
    })
}

fn parse(toml_text: &str) -> Result<FrontMatter, FrontMatterError> {
    let raw: Raw = toml::from_str(toml_text).map_err(|e| FrontMatterError {
        line: e.span().map_or(1, |s| {
            toml_text[..s.start.min(toml_text.len())]
                .matches('\n')
                .count()
                + 1
        }),
        message: format!("front matter: {}", e.message().trim()),
    })?;
    let line_of = |key: &str| {
        toml_text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 1)
    };
    let date = match raw.date {
        None => None,
        Some(v) => Some(date_value(&v).ok_or_else(|| FrontMatterError {
            line: line_of("date"),
            message: format!("front matter: date must be YYYY-MM-DD, got {v}"),
        })?),
    };
    let format = match raw.format {
        None => None,
        Some(f) => Some(
            FORMATS
                .iter()
                .copied()
                .find(|format| format.as_str() == f)
                .ok_or_else(|| FrontMatterError {
                    line: line_of("format"),
                    message: format!(
                        "front matter: format must be one of {}, got {f:?}",
                        FORMATS.map(Format::as_str).join(", ")
                    ),
                })?,
        ),
    };
    Ok(FrontMatter {
        date,
        category: raw.category.map(|c| c.trim().to_string()),
        title: raw.title,
        format,
    })
}

fn date_value(v: &toml::Value) -> Option<NaiveDate> {
    match v {
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        toml::Value::Datetime(dt) => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter() {
        let s = split("+++\ndate = 2025-06-27\ncategory = \"cs.CL\"\n+++\n# body\n").unwrap();
        let f = s.front.unwrap();
        assert_eq!(f.date, NaiveDate::from_ymd_opt(2025, 6, 27));
        assert_eq!(f.category.as_deref(), Some("cs.CL"));
        assert_eq!(s.body_start, 4);
        assert_eq!(s.lines[s.body_start], "# body");
    }

    #[test]
    fn string_dates_and_no_front_matter() {
        let s = split("+++\ndate = \"2025-01-02\"\n+++\n").unwrap();
        assert_eq!(s.front.unwrap().date, NaiveDate::from_ymd_opt(2025, 1, 2));
        let s = split("# just text\n").unwrap();
        assert!(s.front.is_none());
        assert_eq!(s.body_start, 0);
    }

    #[test]
    fn deeply_nested_values_are_an_error_not_a_crash() {
        for open in ["[", "{a=", "[{a=["] {
            let text = format!("+++\ndate = {}\n+++\n", open.repeat(100_000));
            let e = split(&text).err().expect("an error");
            assert_eq!(e.line, 2, "{}", e.message);
        }
    }

    #[test]
    fn broken_front_matter_can_be_left_out() {
        let (s, e) = split_lenient("+++\ntitle = \"x\"\nbogus = 1\n+++\nbody\n");
        assert_eq!(e.map(|e| e.line), Some(3));
        assert!(s.front.is_none());
        assert_eq!(s.lines[s.body_start], "body");
        let (s, e) = split_lenient("+++\ntitle = \"x\"\nbody\n");
        assert_eq!(e.map(|e| e.line), Some(1));
        assert_eq!(s.body_start, 1);
        let (s, e) = split_lenient("+++\ndate = 2025-01-02\n+++\nbody\n");
        assert!(e.is_none() && s.front.is_some());
    }

    #[test]
    fn errors_name_the_line() {
        let e = split("+++\ntitle = \"x\"\n").err().unwrap();
        assert_eq!(e.line, 1);
        let e = split("+++\ntitle = \"x\"\ndate = \"June\"\n+++\n")
            .err()
            .unwrap();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("YYYY-MM-DD"));
        let e = split("+++\ntitle = \"x\"\nbogus = 1\n+++\n").err().unwrap();
        assert_eq!(e.line, 3, "{}", e.message);
        assert!(e.message.contains("bogus"), "{}", e.message);
        let e = split("+++\nformat = \"odd\"\n+++\n").err().unwrap();
        assert!(e.message.contains("daily-arxiv"));
    }

    #[test]
    fn yaml_front_matter_is_passed_over() {
        let text = "---\nlayout: default\ntags:\n  - a\n---\n# Title\n";
        let s = split(text).unwrap();
        assert_eq!(s.body_start, 5);
        assert!(s.front.is_none());
        // A digest that starts with a rule is not front matter.
        let text = "---\n# Paper\n**Authors**: A\n---\n";
        assert_eq!(split(text).unwrap().body_start, 0);
    }
}
