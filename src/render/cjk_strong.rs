//! Bold next to CJK punctuation.
//!
//! CommonMark closes `**` only where the run is "right-flanking": a run after punctuation
//! must be followed by space or punctuation. Chinese puts no space after `：` or `」`, so
//! `**目标：**我们` keeps its asterisks in every CommonMark parser. Where the parser left a
//! pair of literal `**` runs in one stretch of text, around text that holds CJK characters
//! and neither starts nor ends with a space, this pass makes them the bold they were meant
//! to be. Text without CJK characters is left to the CommonMark rules.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::text::is_cjk;

/// The events with each such pair of literal `**` runs made `<strong>`.
pub fn strong<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut ev: Vec<Event<'a>> = events.collect();
    let mut i = 0;
    while i < ev.len() {
        let Some(open) = run_at(&ev, i) else {
            i += 1;
            continue;
        };
        match closing(&ev, i + open) {
            Some((j, close)) => {
                ev.splice(j..j + close, [Event::End(TagEnd::Strong)]);
                ev.splice(i..i + open, [Event::Start(Tag::Strong)]);
                i = j - open + 2;
            }
            None => i += open,
        }
    }
    ev
}

/// The number of events of a literal `**` run at `i` (`**`, or `*` twice), if there is one.
fn run_at(ev: &[Event], i: usize) -> Option<usize> {
    let text = |k: usize| match ev.get(k) {
        Some(Event::Text(t)) => Some(t.as_ref()),
        _ => None,
    };
    match (text(i)?, text(i + 1)) {
        ("**", _) => Some(1),
        ("*", Some("*")) if text(i + 2) != Some("*") => Some(2),
        _ => None,
    }
}

/// The closing run of an opening run that ends before `from`: the next literal `**` run in
/// the same stretch of text (no other markup between), if the text between holds CJK
/// characters and neither starts nor ends with a space.
fn closing(ev: &[Event], from: usize) -> Option<(usize, usize)> {
    let mut inner = String::new();
    for k in from..ev.len() {
        if let Some(n) = run_at(ev, k) {
            let cjk = inner.chars().any(is_cjk);
            let trimmed =
                !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace);
            return (cjk && trimmed && !inner.is_empty()).then_some((k, n));
        }
        match &ev[k] {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => inner.push_str(t),
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser, html};

    fn render(md: &str) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            strong(Parser::new_ext(md, Options::ENABLE_MATH)).into_iter(),
        );
        out.trim_end().to_string()
    }

    #[test]
    fn bold_next_to_cjk_punctuation_is_bold() {
        assert_eq!(
            render("**目标：**我们提出方法。"),
            "<p><strong>目标：</strong>我们提出方法。</p>"
        );
        assert_eq!(
            render("我们**「引用」**的方法"),
            "<p>我们<strong>「引用」</strong>的方法</p>"
        );
        assert_eq!(
            render("**动机：**现有 **方法：**很多"),
            "<p><strong>动机：</strong>现有 <strong>方法：</strong>很多</p>"
        );
        // What CommonMark already reads stays as it was.
        assert_eq!(
            render("**动机：** 现有方法"),
            "<p><strong>动机：</strong> 现有方法</p>"
        );
        assert_eq!(render("a **b** c"), "<p>a <strong>b</strong> c</p>");
    }

    #[test]
    fn other_asterisks_are_left_alone() {
        assert_eq!(render("2 ** 3 and 4 ** 5"), "<p>2 ** 3 and 4 ** 5</p>");
        assert_eq!(render("**目标： **我们"), "<p>**目标： **我们</p>");
        assert_eq!(render("**foo.**bar"), "<p>**foo.**bar</p>");
        assert_eq!(render("**一"), "<p>**一</p>");
        assert_eq!(render("*目标：*我们"), "<p>*目标：*我们</p>");
    }
}
