//! One paper's lines, read so that nothing under its heading is lost: labelled fields
//! (`TL;DR: ...`, `**Authors**: ...`, `> **TL;DR:** ...`), sections titled by a sub-heading
//! or a `<details>` summary, and any other text, kept as the paper's unlabelled text. Every
//! line is marked in the file's [`Ledger`]: shown, shown as unlabelled text, or structure.

use super::fields::{self, Line};
use super::ledger::{Ledger, Use};
use super::text::{is_fence, join_wrapped};

/// One `Label: value` field, its value joined into paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: String,
    pub line: usize,
}

/// A part of a paper titled by a sub-heading or a `<details>` summary, with the text under
/// it that no label claimed.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub body: String,
    pub line: usize,
}

/// What one paper's block says, in file order.
#[derive(Debug, Default)]
pub struct Block {
    /// From a line wholly in single asterisks (`*A,B,C*`) before any labelled field.
    pub authors_line: Option<String>,
    /// From a quoted italic line (`> *...*`) right after the heading.
    pub quoted_title: Option<String>,
    pub fields: Vec<Field>,
    pub sections: Vec<Section>,
    /// Text under no label and no title, paragraphs joined.
    pub more: String,
}

enum Kind<'a> {
    Blank,
    /// A code fence (```` ``` ```` or `~~~`): its lines are text, read as they are.
    Fence,
    /// `<summary>Title</summary>` (with or without `<details>` before it).
    Summary(&'a str),
    /// Rules, back links, HTML wrappers (`</details>` among them): the part being read ends.
    Structural,
    Heading(&'a str),
    /// Fields on one line, joined by ` | ` (`Catalog: Agent Sec | Source: arXiv`,
    /// `[PDF](...) | **Categories:** cs.CR, cs.AI`).
    Fields(Vec<(&'a str, &'a str)>),
    Label {
        label: &'a str,
        value: &'a str,
        bold: bool,
    },
    Italic {
        inner: &'a str,
        rest: &'a str,
        quoted: bool,
    },
    Text,
}

/// Strips `>` blockquote markers; tells whether there were any.
pub fn unquote(s: &str) -> (&str, bool) {
    let mut s = s.trim_start();
    let mut quoted = false;
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
        quoted = true;
    }
    (s, quoted)
}

/// Whether a table row is the rule under a header (`|---|:---:|`).
pub fn is_rule_row(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.bytes().all(|b| matches!(b, b'-' | b':' | b' ')))
}

/// The cells of a table row (`| a | b |`), or `None` for a line that is not one.
pub fn table_cells(s: &str) -> Option<Vec<&str>> {
    let inner = s.trim().strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(str::trim).collect())
}

/// The title of a `<summary>` line: `<summary>Abstract</summary>`, `<details><summary>
/// 中文摘要</summary>`, `<summary><b>Details</b></summary>`.
fn summary_title(t: &str) -> Option<&str> {
    let lower_starts = |s: &str, p: &str| {
        s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let mut s = t.trim();
    if lower_starts(s, "<details") {
        s = s[s.find('>')? + 1..].trim_start();
    }
    if !lower_starts(s, "<summary") {
        return None;
    }
    s = &s[s.find('>')? + 1..];
    let end = s
        .char_indices()
        .find(|&(i, _)| lower_starts(&s[i..], "</summary"))
        .map_or(s.len(), |(i, _)| i);
    Some(strip_tags(&s[..end]))
}

/// Text with the simple tags around it removed (`<b>Details</b>` → `Details`).
fn strip_tags(s: &str) -> &str {
    let mut s = s.trim();
    while s.starts_with('<') {
        match s.find('>') {
            Some(i) => s = s[i + 1..].trim_start(),
            None => break,
        }
    }
    while s.ends_with('>') {
        match s.rfind('<') {
            Some(i) => s = s[..i].trim_end(),
            None => break,
        }
    }
    s
}

/// A line of fields joined by ` | `: every part a label with its value, or the paper's own
/// arXiv links, and at least one label.
fn pipe_fields(s: &str) -> Option<Vec<(&str, &str)>> {
    // Such a line's first part is short: a long line (an abstract) is not searched through.
    let head = &s.as_bytes()[..s.len().min(160)];
    if !head.contains(&b'|') || !s.contains(" | ") {
        return None;
    }
    let mut out = Vec::new();
    for part in s.split(" | ") {
        let part = part.trim();
        match fields::label_of(part) {
            Some((label, value, bold))
                if (bold || fields::is_plain_label(label)) && !value.contains('|') =>
            {
                out.push((label, value.trim_end_matches("**").trim()));
            }
            _ if part.contains("arxiv.org/") && !fields::says_more_than_arxiv(part) => {}
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

fn classify(raw: &str) -> Kind<'_> {
    let t = raw.trim();
    if t.is_empty() {
        return Kind::Blank;
    }
    if is_fence(t) {
        return Kind::Fence;
    }
    if t.starts_with('<')
        && let Some(title) = summary_title(t)
    {
        return Kind::Summary(title);
    }
    if fields::is_structural(raw) {
        return Kind::Structural;
    }
    if let Some((_, text)) = super::daily_arxiv::heading(t) {
        return Kind::Heading(text);
    }
    let (s, quoted) = unquote(raw);
    if s.is_empty() {
        return Kind::Blank;
    }
    let label = fields::label_of(s);
    // Fields joined by ` | ` start with a label or with the paper's links.
    if (label.is_some() || s.starts_with('['))
        && let Some(list) = pipe_fields(s)
    {
        return Kind::Fields(list);
    }
    if let Some((label, value, bold)) = label {
        return Kind::Label { label, value, bold };
    }
    if let Some(inner_start) = s.strip_prefix('*')
        && !inner_start.starts_with('*')
        && let Some(end) = inner_start.find('*')
    {
        let inner = inner_start[..end].trim();
        let rest = inner_start[end + 1..].trim();
        if !inner.is_empty() && (rest.is_empty() || rest.starts_with('|')) {
            return Kind::Italic {
                inner,
                rest: rest.trim_start_matches('|').trim(),
                quoted,
            };
        }
    }
    Kind::Text
}

/// Where the lines being read go.
#[derive(Clone, Copy, PartialEq)]
enum Into {
    Field,
    Section,
}

/// The part being read: where it goes, its label or title, and the line that named it.
#[derive(Clone, Copy)]
struct Open<'a> {
    into: Into,
    name: &'a str,
    line: usize,
}

struct Reader<'a, 'l> {
    out: Block,
    ledger: &'l mut Ledger,
    open: Option<Open<'a>>,
    /// The lines of the open part and the number of each (kept between parts, so that a
    /// paper's many fields share two buffers).
    texts: Vec<&'a str>,
    nos: Vec<usize>,
    /// Unlabelled text read so far, as (text, line), for the "More" part.
    more: Vec<(&'a str, usize)>,
    /// Whether a plain `Label:` here would start a paragraph: at the start, after a blank
    /// line, a heading, a structural line or the author line. Inside a paragraph it is text.
    boundary: bool,
    /// Inside a code fence.
    fence: bool,
    /// Inside a table of two columns, each row a field.
    field_table: bool,
}

impl<'a, 'l> Reader<'a, 'l> {
    fn new(ledger: &'l mut Ledger) -> Self {
        Reader {
            out: Block::default(),
            ledger,
            open: None,
            texts: Vec::new(),
            nos: Vec::new(),
            more: Vec::new(),
            boundary: true,
            fence: false,
            field_table: false,
        }
    }
}

impl<'a> Reader<'a, '_> {
    fn start(&mut self, into: Into, name: &'a str, line: usize, first: Option<&'a str>) {
        self.close();
        if let Some(v) = first.filter(|v| !v.trim().is_empty()) {
            self.texts.push(v);
            self.nos.push(line);
        }
        self.open = Some(Open { into, name, line });
    }

    /// A line of text (or a blank) for the part being read, or for the unlabelled text.
    fn push(&mut self, text: &'a str, no: usize) {
        if self.open.is_some() {
            self.texts.push(text);
            self.nos.push(no);
        } else if !text.trim().is_empty() {
            self.more.push((text, no));
        } else if !self.more.is_empty() {
            self.more.push(("", no));
        }
    }

    /// A field read whole from one line.
    fn field(&mut self, label: &str, value: &str, line: usize) {
        self.out.fields.push(Field {
            label: label.to_string(),
            value: value.to_string(),
            line,
        });
    }

    fn close(&mut self) {
        let Some(o) = self.open.take() else { return };
        let value = join_wrapped(&self.texts);
        if value.is_empty() {
            // A label or title with nothing under it shows nothing.
            self.ledger.mark(o.line, Use::Structure);
        } else {
            self.ledger.mark(o.line, Use::Shown);
            for (text, &no) in self.texts.iter().zip(&self.nos) {
                if !text.is_empty() {
                    self.ledger.mark(no, Use::Shown);
                }
            }
            match o.into {
                Into::Field => self.out.fields.push(Field {
                    label: o.name.to_string(),
                    value,
                    line: o.line,
                }),
                Into::Section => self.out.sections.push(Section {
                    title: o.name.to_string(),
                    body: value,
                    line: o.line,
                }),
            }
        }
        self.texts.clear();
        self.nos.clear();
    }

    /// A sub-heading or a summary: a section titled by it, or the field it names.
    fn titled(&mut self, title: &'a str, no: usize) {
        let title = title.trim();
        if title.is_empty() {
            self.close();
            self.ledger.mark(no, Use::Structure);
            return;
        }
        let into = if fields::role(title) == fields::Role::Extra {
            Into::Section
        } else {
            Into::Field
        };
        self.start(into, title, no, None);
    }

    /// A line inside a code fence: text as it is, up to the closing fence.
    fn fenced(&mut self, line: &Line<'a>) {
        self.push(line.text, line.no);
        if is_fence(line.text) {
            self.fence = false;
        }
    }

    /// A line of a table of two columns read as fields (`| 作者 | 甲、乙 |`), or its header
    /// or rule: true if `line` was one, false for a line to read otherwise.
    fn table_row(&mut self, line: &Line<'a>, next: Option<&Line<'a>>) -> bool {
        let Some(cells) = table_cells(line.text) else {
            self.field_table = false;
            return false;
        };
        let next_is_rule = next
            .and_then(|n| table_cells(n.text))
            .is_some_and(|c| c.len() == 2 && is_rule_row(&c));
        if cells.len() == 2 && next_is_rule && self.open.is_none() {
            // `| 字段 | 内容 |`: a table of fields, as some templates write a paper's data.
            self.ledger.mark(line.no, Use::Structure);
            self.field_table = true;
            return true;
        }
        if self.field_table && is_rule_row(&cells) {
            self.ledger.mark(line.no, Use::Structure);
            return true;
        }
        if self.field_table && cells.len() == 2 {
            let label = cells[0].trim_matches('*').trim();
            if label.is_empty() || cells[1].is_empty() {
                self.ledger.mark(line.no, Use::Structure);
            } else {
                self.ledger.mark(line.no, Use::Shown);
                self.field(label, cells[1], line.no);
            }
            return true;
        }
        self.field_table = false;
        false
    }

    /// Any line outside a fence and a table of fields, by its kind.
    fn line(&mut self, line: &Line<'a>) {
        match classify(line.text) {
            Kind::Blank => {
                // An empty quote line (`>`) is a blank line in a quote: structure.
                self.ledger.mark(line.no, Use::Structure);
                self.push("", line.no);
                self.boundary = true;
            }
            Kind::Fence => {
                self.push(line.text, line.no);
                self.fence = true;
            }
            Kind::Summary(title) | Kind::Heading(title) => {
                self.ledger.mark(line.no, Use::Structure);
                self.titled(title, line.no);
                self.boundary = true;
            }
            Kind::Structural => {
                self.close();
                self.ledger.mark(line.no, Use::Structure);
                self.boundary = true;
            }
            Kind::Fields(list) if self.boundary => {
                self.close();
                self.ledger.mark(line.no, Use::Shown);
                for (label, value) in list {
                    self.field(label, value, line.no);
                }
            }
            Kind::Label { label, value, bold }
                if bold || (self.boundary && fields::is_plain_label(label)) =>
            {
                self.start(Into::Field, label, line.no, Some(value));
                self.boundary = false;
            }
            Kind::Italic {
                inner,
                rest,
                quoted,
            } if self.out.fields.is_empty() && self.open.is_none() && self.more.is_empty() => {
                self.italic(line, inner, rest, quoted);
            }
            // A line of nothing but the paper's own arXiv links (`[**[PDF]**](...pdf/ID)`):
            // the page has those links already.
            _ if self.open.is_none()
                && line.text.contains("arxiv.org/")
                && !fields::says_more_than_arxiv(line.text) =>
            {
                self.ledger.mark(line.no, Use::Structure);
                self.boundary = true;
            }
            _ => self.text(line),
        }
    }

    /// A line of text: for the field being read (without its quote marks), the section
    /// being read, or the unlabelled text.
    fn text(&mut self, line: &Line<'a>) {
        let text = match self.open.as_ref().map(|o| o.into) {
            Some(Into::Field) => unquote(line.text).0,
            _ => line.text.trim(),
        };
        self.push(text, line.no);
        self.boundary = false;
    }

    /// A line in single asterisks before any field or text: the quoted title (`> *...*`),
    /// else the author line, perhaps with a field after it (`*A, B* | **Main category:
    /// cs.CR**`).
    fn italic(&mut self, line: &Line<'a>, inner: &'a str, rest: &'a str, quoted: bool) {
        self.ledger.mark(line.no, Use::Shown);
        if quoted && self.out.authors_line.is_none() && self.out.quoted_title.is_none() {
            self.out.quoted_title = Some(inner.to_string());
        } else if self.out.authors_line.is_none() {
            self.out.authors_line = Some(inner.to_string());
            if let Some((label, value, _)) = fields::label_of(rest) {
                self.field(label, value.trim_end_matches('*').trim(), line.no);
            } else if !rest.is_empty() {
                self.more.push((rest, line.no));
            }
        } else {
            self.more.push((line.text, line.no));
        }
        self.boundary = true;
    }

    /// The block read: the last part closed, and the unlabelled text joined and marked.
    fn finish(mut self) -> Block {
        self.close();
        let texts: Vec<&str> = self.more.iter().map(|(t, _)| *t).collect();
        self.out.more = join_wrapped(&texts);
        for &(text, no) in &self.more {
            // A line already shown (the rest of an author line) stays shown.
            if !text.is_empty() && self.ledger.get(no) != Use::Shown {
                self.ledger.mark(no, Use::Text);
            }
        }
        self.out
    }
}

/// Reads the lines of one paper block (the lines after its heading), marking each in `ledger`.
pub fn read<'a>(lines: &[Line<'a>], ledger: &mut Ledger) -> Block {
    let mut r = Reader::new(ledger);
    for (i, line) in lines.iter().enumerate() {
        if r.fence {
            r.fenced(line);
        } else if !r.table_row(line, lines.get(i + 1)) {
            r.line(line);
        }
    }
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Block, Ledger) {
        let lines = Line::numbered(text);
        let mut ledger = Ledger::new(lines.iter().map(|l| l.text));
        let b = read(&lines, &mut ledger);
        (b, ledger)
    }

    fn pairs(b: &Block) -> Vec<(&str, &str)> {
        b.fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.as_str()))
            .collect()
    }

    #[test]
    fn a_daily_arxiv_block() {
        let text = "*Chen Shen,Sajjadur Rahman*\n\nMain category: cs.CL\n\nTL;DR: 中文\n\n\n<details>\n  <summary>Details</summary>\nMotivation: m\n\nAbstract: line one\nline two\n\n</details>\n";
        let (b, ledger) = read_text(text);
        assert_eq!(b.authors_line.as_deref(), Some("Chen Shen,Sajjadur Rahman"));
        assert_eq!(
            pairs(&b),
            [
                ("Main category", "cs.CL"),
                ("TL;DR", "中文"),
                ("Motivation", "m"),
                ("Abstract", "line one line two")
            ]
        );
        assert_eq!(b.fields[3].line, 12);
        assert!(b.sections.is_empty() && b.more.is_empty());
        assert_eq!(ledger.lines(Use::Structure), [8, 9, 15]);
        assert_eq!(ledger.tally().lost, 0);
    }

    #[test]
    fn a_wrapped_line_starting_like_a_label_continues() {
        let (b, _) = read_text("Abstract: We show\nResults: are good.\n");
        assert_eq!(pairs(&b), [("Abstract", "We show Results: are good.")]);
    }

    #[test]
    fn unlabelled_details_body_is_the_field_its_summary_names() {
        // The earliest template: a summary naming the abstract, the text hard-wrapped, and a
        // wrapped line that starts with words and a colon.
        let text = "*A, B*\n\n<details><summary>Abstract</summary>\nWe propose a model with\nthree key components: 1) a encoder, 2) a\ndecoder.\n</details>\n";
        let (b, ledger) = read_text(text);
        assert_eq!(
            pairs(&b),
            [(
                "Abstract",
                "We propose a model with three key components: 1) a encoder, 2) a decoder."
            )]
        );
        assert_eq!(ledger.tally().lost, 0);
        // The summary shows as the field's label.
        assert_eq!(ledger.lines(Use::Structure), [7]);
    }

    #[test]
    fn sub_headings_start_sections_and_name_fields() {
        let text = "*A*\n\n#### Background Knowledge\nTransformers are\nwidely used.\n\n- one\n- two\n\n#### 中文摘要\n我们提出\n一种方法。\n\n#### Summary\nMotivation: why\n";
        let (b, ledger) = read_text(text);
        assert_eq!(b.sections.len(), 1);
        assert_eq!(b.sections[0].title, "Background Knowledge");
        assert_eq!(
            b.sections[0].body,
            "Transformers are widely used.\n\n- one\n- two"
        );
        assert_eq!(
            pairs(&b),
            [("中文摘要", "我们提出一种方法。"), ("Motivation", "why")]
        );
        // The empty "Summary" heading is structure; every other line is shown, the
        // sub-headings as their sections' titles.
        assert_eq!(ledger.lines(Use::Structure), [14]);
        assert_eq!(ledger.tally().text, 0);
    }

    #[test]
    fn text_under_no_label_is_kept_as_more() {
        let text = "*A*\n\nA note before any field.\nsecond line: not a label\n\nTL;DR: short\n\n</details>\n\nAfter the details.\n";
        let (b, ledger) = read_text(text);
        assert_eq!(
            b.more,
            "A note before any field. second line: not a label\n\nAfter the details."
        );
        assert_eq!(pairs(&b), [("TL;DR", "short")]);
        assert_eq!(ledger.lines(Use::Text), [3, 4, 10]);
    }

    #[test]
    fn a_line_of_the_papers_own_links_is_structure() {
        let text = "*A*\n\n[**[PDF]**](https://arxiv.org/pdf/2506.04515) | [abs](https://arxiv.org/abs/2506.04515)\n\n[Code](https://github.com/x/y) [PDF](https://arxiv.org/pdf/2506.04515)\n";
        let (b, ledger) = read_text(text);
        assert_eq!(ledger.lines(Use::Structure), [3]);
        assert_eq!(ledger.lines(Use::Text), [5]);
        assert!(b.more.starts_with("[Code](https://github.com/x/y)"));
    }

    #[test]
    fn fields_joined_on_one_line() {
        let text = "*A*\n\nCatalog: Agent Sec | Source: arXiv\n\n[**[PDF]**](https://arxiv.org/pdf/2512.05374) | **Categories:** cs.CR, cs.AI\n\nAbstract: one | two\n";
        let (b, ledger) = read_text(text);
        assert_eq!(
            pairs(&b),
            [
                ("Catalog", "Agent Sec"),
                ("Source", "arXiv"),
                ("Categories", "cs.CR, cs.AI"),
                ("Abstract", "one | two")
            ]
        );
        assert_eq!(ledger.tally().text, 0);
    }

    #[test]
    fn a_table_of_two_columns_is_fields() {
        let text = "*A*\n\n| 字段 | 内容 |\n| --- | --- |\n| 作者 | 甲、乙 |\n| 年份 | 2026 |\n| 空 | |\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n";
        let (b, ledger) = read_text(text);
        assert_eq!(pairs(&b), [("作者", "甲、乙"), ("年份", "2026")]);
        assert_eq!(ledger.lines(Use::Structure), [3, 4, 7]);
        // A wider table is kept as text.
        assert_eq!(ledger.lines(Use::Text), [9, 10, 11]);
    }

    #[test]
    fn an_empty_quote_line_is_structure() {
        let (b, ledger) = read_text("*A*\n\n> **TL;DR:** one\n>\n> two\n");
        assert_eq!(pairs(&b), [("TL;DR", "one\n\ntwo")]);
        assert_eq!(ledger.lines(Use::Structure), [4]);
        assert_eq!(ledger.count(Use::Unread), 0);
    }

    #[test]
    fn a_sentence_is_not_a_label() {
        let text =
            "*A*\n\nwe introduce three key components: a, b and c.\n\nIn this paper, we show: x\n";
        let (b, _) = read_text(text);
        assert!(b.fields.is_empty(), "{:?}", b.fields);
        assert!(b.more.starts_with("we introduce three key components"));
    }

    #[test]
    fn code_fences_are_read_as_they_are() {
        let text = "*A*\n\n**BibTeX:**\n```bibtex\n@misc{x,\n  title = {T: a title},\n# not a heading\n}\n```\n";
        let (b, ledger) = read_text(text);
        assert_eq!(b.fields.len(), 1, "{:?}", b.fields);
        assert_eq!(
            b.fields[0].value,
            "```bibtex\n@misc{x,\n  title = {T: a title},\n# not a heading\n}\n```"
        );
        assert_eq!(ledger.tally().structure, 0);
    }

    #[test]
    fn quoted_fields_and_back_links() {
        let text = "> *冬日战士*\n\n*A, B* | **Main category: cs.CR**\n\n> **TL;DR:** 研究表明\n\n**Key Contributions:**\n\n\t1. one\n\t2. two\n\n[⬆️ 返回分类顶部](#cscr) | [⬆️ 返回总目录](#toc)\n";
        let (b, ledger) = read_text(text);
        assert_eq!(b.quoted_title.as_deref(), Some("冬日战士"));
        assert_eq!(b.authors_line.as_deref(), Some("A, B"));
        assert_eq!(
            pairs(&b),
            [
                ("Main category", "cs.CR"),
                ("TL;DR", "研究表明"),
                ("Key Contributions", "1. one\n2. two")
            ]
        );
        assert_eq!(ledger.lines(Use::Structure), [12]);
    }
}
