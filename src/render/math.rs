//! TeX math to MathML at build time, with pulldown-latex.
//!
//! Digest fields are untrusted, so the MathML pulldown-latex writes is checked again before it
//! reaches a page: only MathML Core elements and a short list of presentation attributes
//! survive, with values of plain characters (no `style`, no `href`, no event handlers). Math
//! that does not parse, expands past a bound, or produces anything unexpected is shown as its
//! escaped TeX source instead: it never breaks the page.

use std::cell::Cell;
use std::time::{Duration, Instant};

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// Longest TeX source converted; longer math is shown as source.
const MAX_TEX: usize = 2_000;

/// The elements MathML Core renders (and that pulldown-latex writes).
const ELEMENTS: &[&str] = &[
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "mpadded",
    "mphantom",
    "mtable",
    "mtr",
    "mtd",
    "semantics",
];

/// Presentation attributes kept; everything else (`style`, `href`, `on*`, ...) is dropped.
const ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "minsize",
    "maxsize",
    "symmetric",
    "largeop",
    "movablelimits",
    "accent",
    "accentunder",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "width",
    "height",
    "depth",
    "voffset",
    "form",
    "class",
];

/// What math conversion did: spans seen, spans converted, and the time spent converting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MathStats {
    pub spans: u64,
    pub converted: u64,
    pub time: Duration,
}

impl MathStats {
    const ZERO: MathStats = MathStats {
        spans: 0,
        converted: 0,
        time: Duration::ZERO,
    };

    /// What was done since `earlier` (a reading of the same thread).
    pub fn since(self, earlier: MathStats) -> MathStats {
        MathStats {
            spans: self.spans - earlier.spans,
            converted: self.converted - earlier.converted,
            time: self.time.saturating_sub(earlier.time),
        }
    }

    pub fn add(&mut self, other: MathStats) {
        self.spans += other.spans;
        self.converted += other.converted;
        self.time += other.time;
    }
}

thread_local! {
    static DONE: Cell<MathStats> = const { Cell::new(MathStats::ZERO) };
}

/// What math conversion did on the calling thread so far. A page is rendered on one
/// thread: a build takes the difference before and after each page and adds them up, so its
/// figures are its own, whatever else the process has rendered.
pub fn thread_stats() -> MathStats {
    DONE.with(Cell::get)
}

/// TeX as safe MathML, or `None` where it does not convert cleanly.
pub fn to_mathml(tex: &str, display: bool) -> Option<String> {
    let start = Instant::now();
    let out = convert(tex, display).or_else(|| {
        // Digests often double their backslashes (`\\alpha`, escaped once too often):
        // where the math fails as written, try it with single ones.
        let single = undouble(tex)?;
        convert(&single, display)
    });
    DONE.with(|done| {
        let mut d = done.get();
        d.spans += 1;
        d.converted += u64::from(out.is_some());
        d.time += start.elapsed();
        done.set(d);
    });
    out
}

/// `tex` with each `\\` that comes before a letter made `\`; `None` if there is none.
fn undouble(tex: &str) -> Option<String> {
    let mut out = String::with_capacity(tex.len());
    let mut changed = false;
    let mut rest = tex;
    while let Some(i) = rest.find("\\\\") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push('\\');
            changed = true;
        } else {
            out.push_str("\\\\");
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

fn convert(tex: &str, display: bool) -> Option<String> {
    if tex.trim().is_empty() || tex.len() > MAX_TEX {
        return None;
    }
    let storage = Storage::new();
    // Macros (`\def`) can expand without end: stop at a bound proportional to the source.
    let limit = 64 + tex.len() * 8;
    let mut events = Vec::new();
    for ev in Parser::new(tex, &storage) {
        events.push(ev.ok()?);
        if events.len() > limit {
            return None;
        }
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut raw = String::with_capacity(tex.len() * 8);
    push_mathml(
        &mut raw,
        events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
        config,
    )
    .ok()?;
    sanitize(&raw)
}

/// Rebuilds MathML keeping only allowed elements and attributes; `None` on anything that
/// is not the plain tag-and-text shape pulldown-latex writes. (It writes operators such as
/// `<`, `>` and `&` unescaped: a `<` not followed by a tag name is text.)
fn sanitize(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut text_start = 0;
    let mut at = 0;
    while let Some(off) = rest[at..].find('<') {
        let lt = at + off;
        let after = &rest[lt + 1..];
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            at = lt + 1;
            continue;
        }
        push_text(&mut out, &rest[text_start..lt]);
        let gt = after.find('>')?;
        push_tag(&mut out, &after[..gt])?;
        rest = &after[gt + 1..];
        text_start = 0;
        at = 0;
    }
    push_text(&mut out, &rest[text_start..]);
    out.starts_with("<math").then_some(out)
}

fn push_text(out: &mut String, text: &str) {
    // Only the entities a text can need; a stray `&` becomes `&amp;`.
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        push_plain(out, &rest[..amp]);
        let tail = &rest[amp..];
        let entity = tail
            .find(';')
            .map(|end| &tail[..=end])
            .filter(|e| is_entity(e));
        match entity {
            Some(e) => {
                out.push_str(e);
                rest = &tail[e.len()..];
            }
            None => {
                out.push_str("&amp;");
                rest = &tail[1..];
            }
        }
    }
    push_plain(out, rest);
}

/// Text with `"` escaped too, as a second guard should a tag ever be misread.
fn push_plain(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn is_entity(e: &str) -> bool {
    let body = &e[1..e.len() - 1];
    match body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        Some(hex) => {
            !hex.is_empty() && hex.len() <= 6 && hex.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => match body.strip_prefix('#') {
            Some(dec) => {
                !dec.is_empty() && dec.len() <= 7 && dec.chars().all(|c| c.is_ascii_digit())
            }
            None => matches!(body, "amp" | "lt" | "gt" | "quot" | "nbsp"),
        },
    }
}

fn push_tag(out: &mut String, tag: &str) -> Option<()> {
    if let Some(name) = tag.strip_prefix('/') {
        let name = name.trim_end();
        ELEMENTS.contains(&name).then_some(())?;
        out.push_str("</");
        out.push_str(name);
        out.push('>');
        return Some(());
    }
    let (tag, self_closing) = match tag.strip_suffix('/') {
        Some(t) => (t, true),
        None => (tag, false),
    };
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let name = &tag[..name_end];
    ELEMENTS.contains(&name).then_some(())?;
    out.push('<');
    out.push_str(name);
    let mut attrs = &tag[name_end..];
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            break;
        }
        let eq = attrs.find("=\"")?;
        let attr = &attrs[..eq];
        let value_start = eq + 2;
        let value_end = value_start + attrs[value_start..].find('"')?;
        let value = &attrs[value_start..value_end];
        attrs = &attrs[value_end + 1..];
        if !attr.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        let plain = value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '%' | '+'));
        if ATTRIBUTES.contains(&attr) && plain {
            out.push(' ');
            out.push_str(attr);
            out.push_str("=\"");
            out.push_str(value);
            out.push('"');
        }
    }
    out.push_str(if self_closing { "/>" } else { ">" });
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_math_converts() {
        let m = to_mathml(r"\mathrm{softmax}(QK^\top/\sqrt{d_k})V", false).unwrap();
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<msqrt>"), "{m}");
        let m = to_mathml(r"\frac{a}{b}", true).unwrap();
        assert!(m.contains("display=\"block\""), "{m}");
        assert!(to_mathml(r"{\sim}1000", false).is_some());
        assert!(to_mathml(r"\textbf{Scala}", false).is_some());
        assert!(to_mathml(r"\\sum_{i\\ge 0} a_i", false).is_some());
        assert_eq!(undouble(r"a \\ b"), None);
        let m = to_mathml(r"n<d, \alpha > 0, a \& b", false).unwrap();
        assert!(m.contains("<mo>&lt;</mo>"), "{m}");
        assert!(m.contains("<mo>&gt;</mo>"), "{m}");
        assert!(m.contains("&amp;"), "{m}");
    }

    #[test]
    fn broken_math_does_not_convert() {
        assert_eq!(to_mathml(r"\frac{a", false), None);
        assert_eq!(to_mathml(r"\nosuchcommand x", false), None);
        assert_eq!(to_mathml("", false), None);
    }

    #[test]
    fn hostile_tex_yields_nothing_active() {
        for tex in [
            r"\href{javascript:alert(1)}{x}",
            r"\text{<script>alert(1)</script>}",
            r#"\text{" onmouseover="alert(1)}"#,
            r"\color{red} x \textcolor{blue}{y} \colorbox{red}{z}",
            r"\htmlStyle{color:red}{x} \style{color:red}{x} \class{x}{y} \htmlId{a}{b}",
            r"\mathrm{<img src=x onerror=alert(1)>}",
            r"x \hspace{1em} y \rule{1em}{2em} \\ \kern3em",
            r"\begin{array}{c|c} a & b \end{array}",
            r"\operatorname{</math><script>}",
        ] {
            let Some(m) = to_mathml(tex, false) else {
                continue;
            };
            assert!(!m.contains('"') || tags_only_quote(&m), "{tex} -> {m}");
            for tag in m
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
            {
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("");
                assert!(ELEMENTS.contains(&name), "{tex} -> {m}");
                let lower = tag.to_ascii_lowercase();
                for bad in [" on", "style", "href", "javascript", "src"] {
                    assert!(!lower.contains(bad), "{tex} -> {m}");
                }
            }
            assert_eq!(m.matches("<math").count(), 1, "{tex} -> {m}");
        }
    }

    /// Whether every `"` of `m` is inside a tag (an attribute's quotes).
    fn tags_only_quote(m: &str) -> bool {
        m.split('>').all(|part| {
            part.split('<')
                .next()
                .is_some_and(|text| !text.contains('"'))
        })
    }

    #[test]
    fn macro_bombs_stop() {
        let bomb = r"\def\a{xxxxxxxxxx}\def\b{\a\a\a\a\a\a\a\a\a\a}\def\c{\b\b\b\b\b\b\b\b\b\b}\def\d{\c\c\c\c\c\c\c\c\c\c}\def\e{\d\d\d\d\d\d\d\d\d\d}\def\f{\e\e\e\e\e\e\e\e\e\e}\f\f\f";
        let t = Instant::now();
        assert_eq!(to_mathml(bomb, false), None);
        assert!(t.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn sanitize_keeps_shape_only() {
        assert_eq!(
            sanitize(r#"<math display="inline"><mi style="color: red" href="x">a</mi></math>"#),
            Some(r#"<math display="inline"><mi>a</mi></math>"#.to_string())
        );
        assert_eq!(sanitize("<math><script>x</script></math>"), None);
        assert_eq!(
            sanitize("<math><mo><</mo><mo>></mo><mo><\u{338}</mo></math>"),
            Some("<math><mo>&lt;</mo><mo>&gt;</mo><mo>&lt;\u{338}</mo></math>".to_string())
        );
        assert_eq!(
            sanitize("<math><mtext>a & b &lt; &#x3c; &bogus;</mtext></math>"),
            Some("<math><mtext>a &amp; b &lt; &#x3c; &amp;bogus;</mtext></math>".to_string())
        );
        assert_eq!(
            sanitize(r#"<math class="a" onclick="x"/>"#),
            Some(r#"<math class="a"/>"#.into())
        );
    }
}
